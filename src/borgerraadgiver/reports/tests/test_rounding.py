from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from borgerraadgiver.reports.rounding import (
    HALF_UP,
    LARGEST_REMAINDER,
    needs_note,
    percent_half_up,
    percentages,
)


@pytest.mark.parametrize(
    ("count", "total", "expected"),
    [(1, 8, 13), (1, 40, 3), (25, 82, 30), (18, 82, 22), (12, 114, 11), (0, 5, 0), (5, 5, 100)],
)
def test_half_up_rounds_a_half_away_from_zero_not_to_even(count, total, expected):
    assert percent_half_up(count, total) == expected


@given(st.integers(0, 10**7), st.integers(1, 10**7))
def test_half_up_agrees_with_exact_fractions(count, total):
    exact = Fraction(count * 100, total)
    assert percent_half_up(count, total) == int(exact + Fraction(1, 2))


@given(st.lists(st.integers(0, 10_000), min_size=1, max_size=30).filter(lambda c: sum(c) > 0))
def test_largest_remainder_always_adds_up_to_100(counts):
    result = percentages(counts, method=LARGEST_REMAINDER)
    assert sum(result) == 100
    for count, pct in zip(counts, result, strict=True):
        assert abs(Fraction(count * 100, sum(counts)) - pct) < 1


def test_largest_remainder_gives_lyngby_taarbaeks_cuba_handling_table():
    counts = [25, 19, 14, 9, 7, 5, 2, 1]
    assert percentages(counts, method=LARGEST_REMAINDER) == [31, 23, 17, 11, 9, 6, 2, 1]
    assert percentages(counts, method=HALF_UP) == [30, 23, 17, 11, 9, 6, 2, 1]


def test_the_note_is_needed_only_when_a_column_over_a_real_base_misses_100():
    assert needs_note([33, 33, 33], 3)
    assert not needs_note([50, 50], 2)
    assert not needs_note([0, 0], 0)


def test_an_empty_base_gives_zero_percent_and_an_unknown_method_is_refused():
    assert percentages([0, 0]) == [0, 0]
    with pytest.raises(ValueError):
        percentages([1], method="banker")

"""Lyngby-Taarbæk 1 March - 31 December 2022 (002_...): centres, shares, CUBA and CSI tables.

The office registers no themes: each inquiry carries a primary reason and the
advisor's handling. CUBA's and CSI's inquiries get exactly the published
reasons and handlings (paired in order), the other centres plausible ones.
"""

from __future__ import annotations

import datetime
import itertools

import pytest

from borgerraadgiver.offices.models import OrgUnit
from borgerraadgiver.reports.periods import Period
from borgerraadgiver.reports.rounding import LARGEST_REMAINDER, ROUNDING_NOTE
from borgerraadgiver.reports.selectors import report_build
from borgerraadgiver.reports.services import report_settings_for
from tests.factories import make_office

from .builders import Reg, bulk_register, rolled_back, spread
from .seed_data import (
    LYNGBY_CENTRES,
    LYNGBY_CSI_HANDLING,
    LYNGBY_CSI_HANDLING_TOTAL,
    LYNGBY_CSI_PRIMARY_REASON,
    LYNGBY_CSI_PRIMARY_REASON_TOTAL,
    LYNGBY_CUBA_HANDLING,
    LYNGBY_CUBA_HANDLING_TOTAL,
    LYNGBY_CUBA_PRIMARY_REASON,
    LYNGBY_CUBA_PRIMARY_REASON_TOTAL,
    LYNGBY_EXTERNAL,
    LYNGBY_INQUIRIES,
    LYNGBY_PERIOD,
    LYNGBY_SUB_UNITS,
    LYNGBY_TOP_THREE_SHARES,
    LYNGBY_TOP_THREE_TOTAL,
)

pytestmark = pytest.mark.django_db
PERIOD = Period(*(datetime.date.fromisoformat(d) for d in LYNGBY_PERIOD))
# What the seed says of the smaller centres, as (primary reason, count).
OTHER_REASONS = {
    "CSO": [
        ("hjaelp_ansoegning", 2),
        ("hjaelp_klage", 2),
        ("spoergsmaal_til_procedure", 4),
        ("vejviser", 3),
        ("langsommelig_sagsbehandling", 2),
        ("utilstraekkelig_stoette", 1),
        ("manglende_helhedsorientering", 1),
    ],
    "CUPB": [
        ("langsommelig_sagsbehandling", 3),
        ("manglende_svar", 2),
        ("spoergsmaal_til_procedure", 2),
        ("dialog_om_sagsforloeb", 1),
        ("hjaelp_klage", 1),
        ("utilstraekkelig_stoette", 1),
    ],
}


def _expand(rows) -> list[str]:  # type: ignore[no-untyped-def]
    return [code for _label, code, count, _pct in rows for _ in range(count)]


def lyngby_registrations(office) -> list[Reg]:  # type: ignore[no-untyped-def]
    tops = {u.short_name: u for u in OrgUnit.objects.filter(office=office, parent__isnull=True)}
    published = {
        "CUBA": (_expand(LYNGBY_CUBA_PRIMARY_REASON), _expand(LYNGBY_CUBA_HANDLING)),
        "CSI": (_expand(LYNGBY_CSI_PRIMARY_REASON), _expand(LYNGBY_CSI_HANDLING)),
    }
    regs = []
    for short, count in LYNGBY_CENTRES.items():
        top = tops[short].name
        places = [
            f"{top} / {sub}" for sub, n in LYNGBY_SUB_UNITS.get(short, {}).items() for _ in range(n)
        ]
        places += [top] * (count - len(places))
        if short in published:
            reasons, handlings = published[short]
        else:
            reasons = [c for c, n in OTHER_REASONS.get(short, []) for _ in range(n)]
            reasons += ["spoergsmaal_til_procedure"] * (count - len(reasons))
            handlings = ["raad_og_vejledning"] * count
        for n, (place, reason, handling) in enumerate(zip(places, reasons, handlings, strict=True)):
            regs.append(
                Reg(
                    unit=place,
                    values={"primary_reason": reason, "handling": handling, "channel": "telefon"},
                    person=f"{short}-{n}",
                )
            )
    external, count = LYNGBY_EXTERNAL
    authorities = itertools.cycle(["Udbetaling Danmark", "Familieretshuset", "SKAT"])
    for n in range(count):
        regs.append(
            Reg(
                unit=f"{external} / {next(authorities)}",
                values={"primary_reason": "vejviser", "handling": "vejviser"},
                person=f"ext-{n}",
            )
        )
    for reg, day in zip(regs, spread(PERIOD.start, PERIOD.end, len(regs)), strict=True):
        reg.received = day
    return regs


@pytest.fixture(scope="module")
def reports(django_db_setup, django_db_blocker):
    """The report with the preset's rules, and with largest-remainder rounding."""
    with django_db_blocker.unblock(), rolled_back():
        office = make_office("lyngby-taarbaek", preset="lyngby-taarbaek")
        bulk_register(office, lyngby_registrations(office), received=PERIOD.start)
        settings = report_settings_for(office)
        names = {u.short_name: u.name for u in OrgUnit.objects.filter(office=office, parent=None)}
        with_preset_rules = report_build(office, PERIOD, settings=settings)
        settings.rounding = LARGEST_REMAINDER
        return with_preset_rules, report_build(office, PERIOD, settings=settings), names


@pytest.fixture
def report(reports):
    return reports[0]


@pytest.fixture
def centre(reports):
    return reports[2]


def _table(rows) -> dict[str, tuple[int, int]]:  # type: ignore[no-untyped-def]
    return {code: (count, pct) for _label, code, count, pct in rows}


def _as_published(table) -> dict[str, tuple[int, int]]:  # type: ignore[no-untyped-def]
    return {r.key: (r.values[0], r.values[1]) for r in table.rows if not r.is_total}


def test_centre_counts_match_the_seed_and_include_the_nine_outside_the_municipality(report, centre):
    table = report.table("org_unit_share")
    counts = {r.label: r.values[0] for r in table.rows if not r.is_total}
    assert counts == {
        **{centre[short]: n for short, n in LYNGBY_CENTRES.items()},
        LYNGBY_EXTERNAL[0]: LYNGBY_EXTERNAL[1],
    }
    assert table.total_row.values[0] == LYNGBY_INQUIRIES
    assert [r.label for r in table.rows][-2:] == [LYNGBY_EXTERNAL[0], "I alt"]
    assert "183" in table.base and "9 " in table.base


def test_centre_shares_are_of_all_183_inquiries(report, centre):
    table = report.table("org_unit_share")
    shares = {short: table.row(centre[short]).values[1] for short in LYNGBY_TOP_THREE_SHARES}
    assert shares == LYNGBY_TOP_THREE_SHARES
    assert sum(shares.values()) == LYNGBY_TOP_THREE_TOTAL


def test_cuba_primary_reasons_match_the_seed_with_the_rounding_note(report, centre):
    table = report.table(f"primary_reason:{centre['CUBA']}")
    assert _as_published(table) == _table(LYNGBY_CUBA_PRIMARY_REASON)
    assert table.total_row.values == LYNGBY_CUBA_PRIMARY_REASON_TOTAL
    assert table.note == ROUNDING_NOTE


def test_rows_are_ordered_largest_first_like_the_seed(report, centre):
    table = report.table(f"primary_reason:{centre['CUBA']}")
    counts = [r.values[0] for r in table.rows if not r.is_total]
    assert counts == sorted(counts, reverse=True)


def test_cuba_handling_counts_match_and_largest_remainder_gives_the_published_percentages(
    reports, centre
):
    half_up, largest_remainder, _names = reports
    published = _table(LYNGBY_CUBA_HANDLING)
    table = largest_remainder.table(f"handling:{centre['CUBA']}")
    assert _as_published(table) == published
    assert table.total_row.values == LYNGBY_CUBA_HANDLING_TOTAL
    assert table.note is None
    # Half up, 25/82 = 30.49 % is 30, not the seed's 31: the seed's table adds
    # up to 100, which only largest remainder gives for these counts.
    rounded = _as_published(half_up.table(f"handling:{centre['CUBA']}"))
    assert {k: v for k, v in rounded.items() if v != published[k]} == {
        "raad_og_vejledning": (25, 30)
    }


def test_csi_primary_reasons_and_handling_match_the_seed(report, centre):
    reasons = report.table(f"primary_reason:{centre['CSI']}")
    assert _as_published(reasons) == _table(LYNGBY_CSI_PRIMARY_REASON)
    assert reasons.total_row.values == LYNGBY_CSI_PRIMARY_REASON_TOTAL
    assert reasons.note == ROUNDING_NOTE
    handling = report.table(f"handling:{centre['CSI']}")
    assert _as_published(handling) == _table(LYNGBY_CSI_HANDLING)
    assert handling.total_row.values == LYNGBY_CSI_HANDLING_TOTAL
    assert handling.note is None


def _sub_counts(report, name) -> dict[str, int]:  # type: ignore[no-untyped-def]
    table = report.table(f"org_unit_sub_share:{name}")
    return {r.label: r.values[0] for r in table.rows if not r.is_total}


def test_sub_units_carry_the_published_counts_one_level_down(report, centre):
    for short in ("CSI", "CSO", "CUPB"):
        assert _sub_counts(report, centre[short]) == LYNGBY_SUB_UNITS[short]
    csi = report.table(f"org_unit_sub_share:{centre['CSI']}")
    assert [csi.row(n).values[1] for n in LYNGBY_SUB_UNITS["CSI"]] == [57, 11, 32]
    assert csi.total_row.values == (44, 100)


def test_inquiries_registered_on_a_centre_itself_get_a_row_of_their_own(report, centre):
    # The seed places 51 of CUBA's 82 on named sub-units and does not say where
    # the other 31 are: here they are registered on the centre itself.
    assert _sub_counts(report, centre["CUBA"]) == {
        **LYNGBY_SUB_UNITS["CUBA"],
        "Administration og Udbetaling": 0,
        f"{centre['CUBA']} (uden underenhed)": 31,
    }


def test_authorities_outside_the_municipality_are_left_out_of_the_per_centre_tables(report):
    external = LYNGBY_EXTERNAL[0]
    assert not report.has_table(f"primary_reason:{external}")
    assert external not in report.table("theme_by_org_unit").columns
    assert external not in [r.label for r in report.table("development_org_unit").rows]
    overall = report.table("primary_reason")
    assert overall.total_row.values[0] == LYNGBY_INQUIRIES
    assert report.key_figures.external_inquiries == 9

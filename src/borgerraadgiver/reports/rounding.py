"""Whole percentages: half up (the seeds' way), or largest remainder (always 100).

The note goes on any % column that does not add up to 100, as contracts.md says.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, localcontext

HALF_UP = "half_up"
LARGEST_REMAINDER = "largest_remainder"
METHODS = (HALF_UP, LARGEST_REMAINDER)
ROUNDING_NOTE = "Der er foretaget afrunding, hvorfor procentkolonnen ikke summerer til 100 %"


def percent_half_up(count: int, total: int) -> int:
    """count/total as a whole percent, 0.5 rounded up (12.5 -> 13, not banker's 12)."""
    if total <= 0:
        return 0
    # Enough digits that no quotient of two report-sized integers can land on
    # the wrong side of .5 by rounding the division itself.
    with localcontext() as ctx:
        ctx.prec = 60
        share = Decimal(count) * 100 / Decimal(total)
        return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _largest_remainder(counts: Sequence[int], total: int) -> list[int]:
    """Hamilton's method: floors, then the missing points to the largest remainders.

    The target is the half-up percent of the rows' sum (100 when the rows make
    up the whole base). Ties go to the larger count, then to the earlier row.
    """
    floors = [c * 100 // total for c in counts]
    remainders = [c * 100 % total for c in counts]
    target = percent_half_up(sum(counts), total)
    missing = target - sum(floors)
    order = sorted(range(len(counts)), key=lambda i: (-remainders[i], -counts[i], i))
    for i in order[: max(missing, 0)]:
        floors[i] += 1
    return floors


def percentages(
    counts: Sequence[int], total: int | None = None, *, method: str = HALF_UP
) -> list[int]:
    """Whole percentages of `total` (by default the sum of `counts`)."""
    if method not in METHODS:
        raise ValueError(f"Unknown rounding method: {method}")
    base = sum(counts) if total is None else total
    if base <= 0:
        return [0 for _ in counts]
    if method == LARGEST_REMAINDER:
        return _largest_remainder(counts, base)
    return [percent_half_up(c, base) for c in counts]


def needs_note(percents: Sequence[int], total: int) -> bool:
    """True when a % column over a non-empty base does not add up to 100."""
    return total > 0 and sum(percents) != 100

"""Albertslund 2024/25 (004_...): Tabel 1, Tabel 2 and the data of figures 1, 3 and 4.

The registrations are rebuilt from the published tables: each department's
complaint points carry the themes of its Tabel 2 column, its first Tabel 1
"Hovedsag" points open one inquiry each, and the følgesager are spread over
those inquiries.
"""

from __future__ import annotations

import datetime

import pytest

from borgerraadgiver.offices.models import OrgUnit
from borgerraadgiver.reports.periods import Period
from borgerraadgiver.reports.selectors import report_build
from tests.factories import make_office

from .builders import Reg, bulk_register, rolled_back, spread
from .seed_data import (
    ALBERTSLUND_PERIOD,
    ALBERTSLUND_TABLE_1,
    ALBERTSLUND_TABLE_1_TOTAL,
    ALBERTSLUND_TABLE_2_GROUPS,
    ALBERTSLUND_TABLE_2_LEAVES,
    ALBERTSLUND_TABLE_2_TOTAL,
    ALBERTSLUND_UNITS,
)

pytestmark = pytest.mark.django_db
PERIOD = Period(*(datetime.date.fromisoformat(d) for d in ALBERTSLUND_PERIOD))


def albertslund_registrations(office) -> list[Reg]:  # type: ignore[no-untyped-def]
    regs: list[Reg] = []
    for column, name in enumerate(ALBERTSLUND_UNITS):
        main, follow, _total = ALBERTSLUND_TABLE_1[name]
        themes = [
            code
            for code, (_label, _group, counts, _sum) in ALBERTSLUND_TABLE_2_LEAVES.items()
            for _ in range(counts[column])
        ]
        assert len(themes) == main + follow, name
        per_inquiry = [[theme] for theme in themes[:main]]
        for n, theme in enumerate(themes[main:]):
            per_inquiry[n % main].append(theme)
        children = list(
            OrgUnit.objects.filter(office=office, parent__name=name).values_list("name", flat=True)
        )
        for n, point_themes in enumerate(per_inquiry):
            # Half of them on a sub-unit: the report must count them on the top unit.
            place = f"{name} / {children[n % len(children)]}" if children and n % 2 else name
            regs.append(
                Reg(
                    unit=place,
                    themes=point_themes,
                    values={"inquiry_kind": "klage" if n % 2 else "vejledning"},
                    person=f"{column}-{n}",
                )
            )
    for reg, day in zip(regs, spread(PERIOD.start, PERIOD.end, len(regs)), strict=True):
        reg.received = day
    return regs


@pytest.fixture(scope="module")
def report(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), rolled_back():
        office = make_office("albertslund", preset="albertslund")
        other_office = make_office("lejre", preset="lejre")
        _register(office, other_office)
        return report_build(office, PERIOD)


def _register(office, other_office) -> None:  # type: ignore[no-untyped-def]
    bulk_register(office, albertslund_registrations(office), received=PERIOD.start)
    # Just outside the period, and another office's inquiry inside it: none may count.
    outside = [
        Reg(unit="Børn & Familie", themes=["begrundelse", "partshoering"]),
    ]
    bulk_register(office, outside, received=PERIOD.start - datetime.timedelta(days=1))
    bulk_register(office, outside, received=PERIOD.end + datetime.timedelta(days=1))
    bulk_register(
        other_office,
        [Reg(unit="Center for Job og Ydelser", themes=["begrundelse"])],
        received=PERIOD.start,
    )


def test_tabel_1_hovedsager_and_foelgesager_per_department_match_the_seed(report):
    table = report.table("org_unit_points")
    assert table.columns == ("Hovedsag", "Følgesager", "Sager i alt")
    assert [r.label for r in table.rows if not r.is_total] == list(ALBERTSLUND_UNITS)
    for name, expected in ALBERTSLUND_TABLE_1.items():
        assert table.row(name).values == expected, name
    assert table.total_row.label == "I alt"
    assert table.total_row.values == ALBERTSLUND_TABLE_1_TOTAL


def test_tabel_2_theme_by_department_matches_the_seed_cell_by_cell(report):
    table = report.table("theme_by_org_unit")
    assert table.columns == (*ALBERTSLUND_UNITS, "I alt")
    for code, (_label, counts, total) in ALBERTSLUND_TABLE_2_GROUPS.items():
        row = table.row(code)
        assert row.level == 0
        assert row.values == (*counts, total), code
    for code, (_label, _group, counts, total) in ALBERTSLUND_TABLE_2_LEAVES.items():
        row = table.row(code)
        assert row.level == 1
        assert row.values == (*counts, total), code
    column_totals, grand_total = ALBERTSLUND_TABLE_2_TOTAL
    assert table.total_row.values == (*column_totals, grand_total)


def test_tabel_2_has_only_rows_with_a_count_in_group_order(report):
    table = report.table("theme_by_org_unit")
    expected = []
    for group in ALBERTSLUND_TABLE_2_GROUPS:
        expected.append(group)
        expected += [c for c, (_l, g, _c, _t) in ALBERTSLUND_TABLE_2_LEAVES.items() if g == group]
    assert [r.key for r in table.rows if not r.is_total] == expected


def test_figure_1_shares_per_department_count_each_inquiry_once(report):
    table = report.table("org_unit_share")
    counts = table.column("Antal")
    assert [table.row(str(k)).label for k in counts] == list(ALBERTSLUND_UNITS)
    assert [counts[k] for k in counts] == [ALBERTSLUND_TABLE_1[n][0] for n in ALBERTSLUND_UNITS]
    # 50/162 = 30.9 %, 39/162 = 24.1 %, ... 12/162 = 7.4 %: half up, they add up to 99.
    assert list(table.column("%").values()) == [31, 24, 10, 3, 2, 21, 1, 7]
    assert table.total_row.values == (162, 99)
    assert (
        table.note == "Der er foretaget afrunding, hvorfor procentkolonnen ikke summerer til 100 %"
    )


def test_figure_3_theme_groups_are_the_group_rows_of_tabel_2(report):
    table = report.table("themes")
    groups = {r.key: r.values[0] for r in table.rows if r.level == 0 and not r.is_total}
    assert groups == {code: total for code, (_l, _c, total) in ALBERTSLUND_TABLE_2_GROUPS.items()}
    assert table.total_row.values[0] == 203


def test_figure_4_zooms_on_forvaltningsskik(report):
    table = report.table("theme_zoom")
    assert table.title == "Emner under 'Forvaltningsskik'"
    expected = {
        code: total
        for code, (_l, group, _c, total) in ALBERTSLUND_TABLE_2_LEAVES.items()
        if group == "forvaltningsskik"
    }
    assert table.column("Antal") == expected
    assert table.total_row.values[0] == 85


def test_key_figures_count_inquiries_points_and_the_twelve_outside_the_municipality(report):
    figures = report.key_figures
    assert (figures.inquiries, figures.complaint_points) == (162, 203)
    assert (figures.main_points, figures.follow_on_points) == (162, 41)
    assert figures.external_inquiries == 12
    assert figures.distinct_persons == 162
    assert figures.complaints + figures.other_inquiries == 162


def test_every_table_states_its_base(report):
    assert all(t.base.startswith("Grundlag:") for t in report.tables)
    assert "hjælp til klage" in report.table("theme_by_org_unit").base

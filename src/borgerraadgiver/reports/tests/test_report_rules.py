"""The counting rules and settings, each on a small set of registrations."""

from __future__ import annotations

import datetime

import pytest

from borgerraadgiver.inquiries.list_forms import InquiryFilterForm
from borgerraadgiver.inquiries.selectors import inquiry_search
from borgerraadgiver.offices.services import orgunit_retire
from borgerraadgiver.reports.periods import Period
from borgerraadgiver.reports.selectors import report_build
from borgerraadgiver.reports.services import report_settings_for, report_settings_update
from borgerraadgiver.vocabularies.services import value_setting_update
from tests.factories import make_office, unit, value

from .builders import Reg, bulk_register

YEAR = Period(datetime.date(2024, 4, 1), datetime.date(2025, 3, 31))
DAY = datetime.date(2024, 6, 1)


def _build(office, **settings):  # type: ignore[no-untyped-def]
    if settings:
        report_settings_update(office=office, **settings)
    return report_build(office, YEAR)


def test_albertslunds_preset_leaves_help_with_complaint_out_of_the_thematic_tables(office):
    assert report_settings_for(office).exclude_help_with_complaint
    bulk_register(
        office,
        [
            Reg("Jobcenter", themes=["begrundelse"], values={"inquiry_kind": "klage"}),
            Reg(
                "Jobcenter",
                themes=["afgoerelser", "begrundelse"],
                values={"inquiry_kind": "hjaelp_til_klage"},
            ),
            Reg("Jobcenter", themes=["afgoerelser"], values={"handling": "hjaelp_klage"}),
        ],
        received=DAY,
    )
    report = _build(office)
    assert report.table("themes").total_row.values[0] == 1
    assert report.table("theme_by_org_unit").total_row.values[-1] == 1
    assert "(3)" in report.table("themes").base
    # Not a thematic table: every point counts.
    assert report.table("org_unit_points").total_row.values == (3, 1, 4)

    report = _build(office, exclude_help_with_complaint=False)
    assert report.table("themes").total_row.values[0] == 4
    assert "hjælp til klage" not in report.table("themes").base


def test_external_units_can_be_left_out_of_the_totals_or_only_of_the_department_tables(office):
    bulk_register(
        office,
        [
            Reg("Jobcenter", themes=["begrundelse"], values={"channel": "telefon"}),
            Reg("Udbetaling Danmark", themes=["begrundelse"], values={"channel": "telefon"}),
        ],
        received=DAY,
    )
    shown = _build(office)
    assert shown.key_figures.inquiries == 2
    assert "Øvrige" in shown.table("theme_by_org_unit").columns
    assert shown.has_table("channel:Øvrige")

    per_department = _build(office, external_in_department_tables=False)
    assert per_department.key_figures.inquiries == 2
    assert per_department.table("org_unit_share").row("Øvrige").values == (1, 50)
    assert "Øvrige" not in per_department.table("theme_by_org_unit").columns
    assert not per_department.has_table("channel:Øvrige")
    assert "vises ikke pr. afdeling" in per_department.table("theme_by_org_unit").base

    left_out = _build(office, external_in_totals=False)
    assert left_out.key_figures.inquiries == 1
    assert left_out.key_figures.external_inquiries == 1
    assert "Øvrige" not in [r.label for r in left_out.table("org_unit_share").rows]
    assert left_out.table("channel").total_row.values == (1, 100)
    assert "indgår ikke" in left_out.table("org_unit_share").base


def test_a_complaint_point_counts_on_its_own_unit_and_the_inquiry_on_its_unit(office):
    bulk_register(
        office,
        [
            Reg(
                "Jobcenter",
                themes=["begrundelse", "inddragelse"],
                point_units=["Jobcenter", "Familieafsnittet"],
            )
        ],
        received=DAY,
    )
    report = _build(office)
    share = report.table("org_unit_share")
    assert share.row("Borger, Arbejdsmarked & Erhverv").values[0] == 1
    assert share.row("Børn & Familie").values[0] == 0
    points = report.table("org_unit_points")
    assert points.row("Borger, Arbejdsmarked & Erhverv").values == (1, 0, 1)
    assert points.row("Børn & Familie").values == (0, 1, 1)
    cross = report.table("theme_by_org_unit")
    column = cross.columns.index("Børn & Familie")
    assert cross.row("inddragelse").values[column] == 1


def test_the_offices_own_labels_are_used_and_hidden_values_still_count(office):
    kind = value("inquiry_kind", "vejledning")
    value_setting_update(office=office, value=kind, label="Rådgivning", hidden=True)
    bulk_register(office, [Reg("Jobcenter", values={"inquiry_kind": "vejledning"})], received=DAY)
    table = _build(office).table("inquiry_kind")
    assert table.row("vejledning").label == "Rådgivning"
    assert table.row("vejledning").values == (1, 100)


def test_inquiries_without_a_value_are_shown_as_not_registered(office):
    bulk_register(
        office,
        [Reg("Jobcenter", values={"channel": "telefon"}), Reg("Jobcenter"), Reg("Jobcenter")],
        received=DAY,
    )
    table = _build(office).table("channel")
    assert table.row("none").label == "Ikke registreret"
    assert table.row("none").values == (2, 67)
    assert table.row("none").filter is None
    assert table.total_row.values == (3, 100)


def test_distinct_persons_count_each_person_once_and_each_inquiry_without_one(office):
    bulk_register(
        office,
        [
            Reg("Jobcenter", person="a"),
            Reg("Jobcenter", person="a"),
            Reg("Jobcenter", person="b"),
            Reg("Jobcenter"),
            Reg("Jobcenter"),
        ],
        received=DAY,
    )
    assert _build(office).key_figures.distinct_persons == 4


def test_a_retired_unit_stays_in_the_report_while_it_has_history(office):
    bulk_register(office, [Reg("Økonomi & Stab", themes=["begrundelse"])], received=DAY)
    orgunit_retire(unit=unit(office, "Økonomi & Stab"), on=datetime.date(2025, 1, 1))
    report = _build(office)
    assert report.table("org_unit_points").row("Økonomi & Stab").values == (1, 0, 1)
    later = report_build(office, Period(datetime.date(2025, 4, 1), datetime.date(2026, 3, 31)))
    assert "Økonomi & Stab" not in [r.label for r in later.table("org_unit_points").rows]
    # An active unit without inquiries keeps its row, with 0.
    assert later.table("org_unit_points").row("Miljø & Teknik").values == (0, 0, 0)


def test_largest_remainder_rounding_always_adds_up_to_100(office):
    bulk_register(
        office, [Reg(u) for u in ("Jobcenter", "Familieafsnittet", "Forsyningen")], received=DAY
    )
    half_up = _build(office).table("org_unit_share")
    assert half_up.total_row.values == (3, 99)
    assert half_up.note is not None
    largest = _build(office, rounding="largest_remainder").table("org_unit_share")
    assert largest.total_row.values == (3, 100)
    assert largest.note is None


def test_conclusions_are_counted_per_complaint_point(other_office):
    bulk_register(
        other_office,
        [
            Reg(
                "Center for Job og Ydelser",
                themes=["begrundelse", "partshoering", "vejledning"],
                conclusions=["kritik", "ingen_kritik", None],
            )
        ],
        received=datetime.date(2018, 5, 1),
    )
    report = report_build(
        other_office, Period(datetime.date(2018, 1, 1), datetime.date(2018, 12, 31))
    )
    table = report.table("conclusions")
    assert table.column("Antal") == {"kritik": 1, "ingen_kritik": 1}
    assert table.total_row.values == (2, 100)


def test_development_counts_each_of_the_last_periods(office):
    bulk_register(
        office,
        [
            Reg("Jobcenter", themes=["begrundelse"], received=datetime.date(2022, 5, 1)),
            Reg("Jobcenter", themes=["inddragelse"], received=datetime.date(2024, 5, 1)),
            Reg("Familieafsnittet", themes=["inddragelse"], received=datetime.date(2024, 6, 1)),
            Reg("Jobcenter", received=datetime.date(2019, 5, 1)),
        ],
        received=DAY,
    )
    report = _build(office, development_periods=3)
    per_unit = report.table("development_org_unit")
    assert per_unit.columns == ("2022/23", "2023/24", "2024/25")
    assert per_unit.row("Borger, Arbejdsmarked & Erhverv").values == (1, 0, 1)
    assert per_unit.total_row.values == (1, 0, 2)
    per_group = report.table("development_theme_group")
    assert per_group.row("forvaltningsloven").values == (1, 0, 0)
    assert per_group.row("forvaltningsskik").values == (0, 0, 2)
    assert report.table("development_totals").row("complaint_points").values == (1, 0, 2)


def test_only_the_offices_own_inquiries_are_counted(office, other_office):
    bulk_register(office, [Reg("Jobcenter")], received=DAY)
    bulk_register(other_office, [Reg("Center for Job og Ydelser")] * 3, received=DAY)
    assert _build(office).key_figures.inquiries == 1


@pytest.mark.parametrize("table_id", ["org_unit_share", "inquiry_kind", "channel:Børn & Familie"])
def test_each_rows_filter_lists_exactly_the_inquiries_it_counts(office, table_id):
    kinds = ["klage", "vejledning", "klage", "vejvisning"]
    bulk_register(
        office,
        [
            Reg(u, values={"inquiry_kind": k, "channel": "mail"})
            for u in ("Jobcenter", "Børn & Familie", "Familieafsnittet")
            for k in kinds
        ]
        + [Reg("Jobcenter", received=datetime.date(2025, 4, 1))],
        received=DAY,
    )
    table = _build(office).table(table_id)
    for row in table.rows:
        assert row.filter is not None
        form = InquiryFilterForm(data=row.filter, office=office)
        assert form.is_valid(), form.errors
        assert inquiry_search(office, form.filters()).count() == row.values[0], row.label


def test_an_office_without_registrations_gets_every_required_table_with_zeros(db):
    empty = make_office("tomt-kontor", preset=None)
    report = report_build(empty, YEAR)
    for table_id in ("org_unit_points", "org_unit_share", "theme_by_org_unit"):
        assert report.table(table_id).total_row.values[0] == 0
    assert report.table("org_unit_share").total_row.values == (0, None)
    assert report.table("org_unit_share").note is None
    assert report.key_figures.inquiries == 0


def test_the_development_leaves_out_periods_before_the_first_registration(office):
    bulk_register(
        office,
        [
            Reg("Jobcenter", themes=["begrundelse"], received=datetime.date(2023, 5, 1)),
            Reg("Jobcenter", themes=["inddragelse"], received=datetime.date(2024, 5, 1)),
        ],
        received=DAY,
    )
    report = _build(office, development_periods=5)
    # 2020/21-2022/23 ended before the first registration: not zeros, left out.
    assert report.table("development_org_unit").columns == ("2023/24", "2024/25")
    assert report.table("development_totals").row("inquiries").values == (1, 1)

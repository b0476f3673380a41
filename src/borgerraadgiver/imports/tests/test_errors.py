"""Every kind of bad input, named as `række N, kolonne C: ...` with the right N."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from borgerraadgiver.imports.services import import_file
from borgerraadgiver.offices.services import orgunit_retire
from tests.factories import unit

from .helpers import HEADER, csv_file, snapshot

pytestmark = pytest.mark.django_db


def errors_of(office, tmp_path, *lines, create_org_units=False):
    before = snapshot()
    result = import_file(office, csv_file(tmp_path, *lines), create_org_units)
    assert snapshot() == before, "an import with errors stored something"
    assert result.inquiries == 0 and result.points == 0
    return result.errors


def test_missing_required_columns_are_named_on_the_header_row(office, tmp_path):
    assert errors_of(office, tmp_path, "inquiry;theme", "A;begrundelse") == [
        "række 1, kolonne received: kolonnen mangler; den skal være med",
        "række 1, kolonne org_unit: kolonnen mangler; den skal være med",
    ]


def test_unknown_and_duplicate_columns_are_named(office, tmp_path):
    errors = errors_of(
        office,
        tmp_path,
        "inquiry;received;org_unit;Received;tema;org_unit",
        "A;2024-01-01;Jobcenter;x;y;Jobcenter",
    )
    assert errors[0] == "række 1, kolonne Received: ukendt kolonne; mente du 'received'?"
    assert errors[1].startswith(
        "række 1, kolonne tema: ukendt kolonne; kolonnerne hedder inquiry, "
    )
    assert errors[2] == "række 1, kolonne org_unit: kolonnen står flere gange"
    assert len(errors) == 3


def test_unknown_columns_do_not_hide_errors_in_the_rows(office, tmp_path):
    errors = errors_of(
        office, tmp_path, "inquiry;received;org_unit;extra", "A;2024-13-01;Jobcenter;x"
    )
    assert errors == [
        "række 1, kolonne extra: ukendt kolonne; kolonnerne hedder "
        + ", ".join(
            [
                "inquiry",
                "received",
                "org_unit",
                "person",
                "point",
                "theme",
                "point_org_unit",
                "conclusion",
                "inquiry_kind",
                "primary_reason",
                "handling",
                "channel",
                "requester_kind",
                "outcome",
                "closed",
            ]
        ),
        "række 2, kolonne received: '2024-13-01' er ikke en gyldig dato",
    ]


def test_an_empty_file_is_an_error(office, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert import_file(office, path).errors == [
        "filen er tom; den første række skal være kolonneoverskrifterne"
    ]


def test_missing_values_in_required_cells(office, tmp_path):
    assert errors_of(office, tmp_path, "inquiry;received;org_unit;person", ";;;p1") == [
        "række 2, kolonne inquiry: mangler; angiv henvendelsens journalnummer",
        "række 2, kolonne received: mangler; angiv en dato på formen ÅÅÅÅ-MM-DD",
        "række 2, kolonne org_unit: mangler; angiv enhedens navn eller sti",
    ]


def test_bad_dates_and_their_row_numbers_count_blank_rows(office, tmp_path):
    errors = errors_of(
        office,
        tmp_path,
        "inquiry;received;org_unit;closed",
        "A;2024-02-30;Jobcenter;",
        "",
        "B;03-04-2024;Jobcenter;",
        "C;2024-03-04;Jobcenter;2024-03-01",
    )
    assert errors == [
        "række 2, kolonne received: '2024-02-30' er ikke en gyldig dato",
        "række 4, kolonne received: '03-04-2024' er ikke en dato på formen ÅÅÅÅ-MM-DD",
        "række 5, kolonne closed: afslutningsdatoen ligger før modtagelsesdatoen",
    ]


@time_machine.travel(datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC))
def test_a_received_date_in_the_future_is_refused_as_registration_refuses_it(office, tmp_path):
    assert errors_of(
        office,
        tmp_path,
        "inquiry;received;org_unit",
        "A;2025-03-02;Jobcenter",
        "B;2025-03-03;Jobcenter",
    ) == [
        "række 3, kolonne received: modtagelsesdatoen ligger i fremtiden",
    ]


def test_a_retired_unit_cannot_receive_new_inquiries(office, tmp_path):
    orgunit_retire(unit=unit(office, "Jobcenter"), on=datetime.date(2024, 1, 1))
    assert errors_of(office, tmp_path, "inquiry;received;org_unit", "A;2024-05-01;Jobcenter") == [
        "række 2, kolonne org_unit: enheden 'Borger, Arbejdsmarked & Erhverv / Jobcenter' er "
        "nedlagt; registrér på den enhed, der har overtaget opgaven",
    ]


def test_no_units_are_created_under_a_retired_unit(office, tmp_path):
    orgunit_retire(unit=unit(office, "Jobcenter"), on=datetime.date(2024, 1, 1))
    errors = errors_of(
        office,
        tmp_path,
        "inquiry;received;org_unit",
        "A;2024-05-01;Jobcenter / Nyt team",
        create_org_units=True,
    )
    assert errors == [
        "række 2, kolonne org_unit: enheden 'Borger, Arbejdsmarked & Erhverv / Jobcenter' er "
        "nedlagt; der kan ikke oprettes enheder under den",
    ]


def test_values_that_are_unknown_of_another_vocabulary_or_a_group(office, tmp_path):
    errors = errors_of(
        office,
        tmp_path,
        "inquiry;received;org_unit;point;theme;channel;conclusion",
        "A;2024-01-01;Jobcenter;1;Forvaltningsskik;Telefax;",
        "B;2024-01-01;Jobcenter;1;Telefon;telefon;Meget kritisabelt",
    )
    assert errors == [
        "række 2, kolonne theme: 'Forvaltningsskik' er en gruppe i 'Tema og emne (juridisk "
        "tema)'; angiv et af gruppens emner",
        "række 2, kolonne channel: 'Telefax' er ikke en kode eller betegnelse i 'Henvendelsesform'",
        "række 3, kolonne theme: 'Telefon' hører til 'Henvendelsesform', ikke til 'Tema og emne "
        "(juridisk tema)'",
        "række 3, kolonne conclusion: 'Meget kritisabelt' hører til 'Kritikkens grad', ikke til "
        "'Borgerrådgiverens udtalelse'",
    ]


def test_complaint_point_numbers_and_themes(office, tmp_path):
    errors = errors_of(
        office,
        tmp_path,
        "inquiry;received;org_unit;point;theme;conclusion",
        "A;2024-01-01;Jobcenter;1;begrundelse;",
        "A;2024-01-01;Jobcenter;1;vejledning;",  # 1 again
        "B;2024-01-01;Jobcenter;1;begrundelse;",
        "B;2024-01-01;Jobcenter;3;begrundelse;",  # no 2
        "C;2024-01-01;Jobcenter;første;begrundelse;",
        "D;2024-01-01;Jobcenter;1;;",  # no theme
        "E;2024-01-01;Jobcenter;;;kritik",  # a conclusion without a point
        "F;2024-01-01;Jobcenter;0;begrundelse;",
    )
    assert errors == [
        "række 3, kolonne point: klagepunkt 1 for samme henvendelse står allerede i række 2",
        "række 5, kolonne point: klagepunkt 2 mangler for samme henvendelse; klagepunkterne "
        "nummereres 1, 2, 3 ... uden huller (1 er hovedsagen)",
        "række 6, kolonne point: 'første' er ikke et helt tal (1, 2, 3 ...)",
        "række 7, kolonne theme: mangler; et klagepunkt skal have et tema",
        "række 8, kolonne point: mangler; rækken har conclusion, som hører til et klagepunkt",
        "række 9, kolonne point: nummeret skal være 1 eller større",
    ]


def test_a_main_point_missing_is_named_on_the_first_follow_on_point(office, tmp_path):
    assert errors_of(
        office,
        tmp_path,
        "inquiry;received;org_unit;point;theme",
        "A;2024-01-01;Jobcenter;2;begrundelse",
    ) == [
        "række 2, kolonne point: klagepunkt 1 mangler for samme henvendelse; klagepunkterne "
        "nummereres 1, 2, 3 ... uden huller (1 er hovedsagen)",
    ]


def test_an_inquiry_without_points_has_exactly_one_row(office, tmp_path):
    errors = errors_of(
        office,
        tmp_path,
        "inquiry;received;org_unit;point;theme",
        "A;2024-01-01;Jobcenter;;",
        "A;2024-01-01;Jobcenter;1;begrundelse",
    )
    assert errors == [
        "række 2, kolonne point: mangler; henvendelsen står i flere rækker (2, 3), og så er "
        "hver række et klagepunkt",
    ]


def test_rows_of_one_inquiry_must_agree_and_the_later_row_is_blamed(office, tmp_path):
    errors = errors_of(
        office,
        tmp_path,
        HEADER,
        "A;2024-01-01;Jobcenter;p1;1;begrundelse;;;telefon;2024-02-01",
        "A;2024-01-02;Jobcenter;p2;2;begrundelse;;;brev;2024-02-01",
        "A;2024-01-01;jobcenter;p1;3;begrundelse;;;Telefon;",
    )
    later = "for samme henvendelse; alle rækker for en henvendelse skal have samme værdi her"
    assert errors == [
        f"række 3, kolonne received: afviger fra række 2 {later}",
        f"række 3, kolonne person: afviger fra række 2 {later}",
        f"række 3, kolonne channel: afviger fra række 2 {later}",
        f"række 4, kolonne closed: afviger fra række 2 {later}",
    ]


def test_errors_come_in_row_order_then_in_the_files_column_order(office, tmp_path):
    errors = errors_of(
        office,
        tmp_path,
        "closed;org_unit;inquiry;received",
        "2024-01-01;Ukendt;B;x",
        "nope;Jobcenter;;2024-01-01",
    )
    assert [e.split(":")[0] for e in errors] == [
        "række 2, kolonne org_unit",
        "række 2, kolonne received",
        "række 3, kolonne closed",
        "række 3, kolonne inquiry",
    ]


def test_too_long_references_are_errors_not_database_failures(office, tmp_path):
    errors = errors_of(
        office,
        tmp_path,
        "inquiry;received;org_unit;person",
        f"{'x' * 61};2024-01-01;Jobcenter;{'p' * 101}",
    )
    assert errors == [
        "række 2, kolonne inquiry: journalnummeret må højst have 60 tegn",
        "række 2, kolonne person: personreferencen må højst have 100 tegn",
    ]


def test_a_file_that_is_not_utf8_names_the_row(office, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        "inquiry;received;org_unit\nA;2024-01-01;Jobcenter\nB;2024-01-01;Børn\n".encode("latin-1")
    )
    [error] = import_file(office, path).errors
    assert error.startswith("række 3: filen er ikke UTF-8-kodet")


def test_an_old_excel_file_is_named_as_such(office, tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    assert import_file(office, path).errors == [
        "filen er i det gamle Excel-format (.xls); gem den som .xlsx eller som CSV (UTF-8)"
    ]


def test_a_missing_file_is_an_error_not_an_exception(office, tmp_path):
    assert import_file(office, tmp_path / "nowhere.csv").errors == ["filen kan ikke åbnes"]


def test_data_in_a_column_without_a_header_is_an_error(office, tmp_path):
    assert errors_of(
        office, tmp_path, "inquiry;received;org_unit", "A;2024-01-01;Jobcenter;løs celle"
    ) == [
        "række 2: kolonne nr. 4 har data, men ingen kolonneoverskrift i række 1",
    ]

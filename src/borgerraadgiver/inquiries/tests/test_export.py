from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from borgerraadgiver.vocabularies.selectors import get_vocabulary
from borgerraadgiver.vocabularies.services import local_value_add
from tests.factories import OFFICE_WALL_QUERIES, unit, value

from ._builders import person, register, searched_address

D = datetime.date


def export_url(fmt: str) -> str:
    return reverse("inquiries:export", args=[fmt])


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def xlsx_rows(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(body(response)), read_only=True).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def csv_rows(response) -> list[list[str]]:
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


@pytest.fixture
def registrations(office, other_office):
    """Two inquiries full of personal data, and one of another office."""
    a = register(
        office,
        received=D(2025, 1, 10),
        org_unit="Jobcenter",
        inquiry_kind="klage",
        channel="telefon",
        themes=("begrundelse", "vejledning", "aktindsigt"),
        person=person(office, "Kirsten Skovgaard"),
        requester=person(office, "Lone Skovgaard"),
        account="Kirsten venter stadig på svar om sin bolig.",
    )
    b = register(
        office,
        received=D(2025, 1, 5),
        org_unit="Dagtilbud & Skole",
        inquiry_kind="vejledning",
        themes=(),
        closed=D(2025, 1, 6),
        person=person(office, "Hassan Jensen"),
        account="Spørgsmål om pladsanvisning.",
    )
    register(other_office, org_unit=other_office.org_units.first(), account="Fremmed kontor")
    return a, b


def test_the_xlsx_export_has_a_header_and_one_row_per_inquiry(registrations, advisor_client):
    a, b = registrations
    response = advisor_client.get(export_url("xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    header, *rows = xlsx_rows(response)
    assert header[:6] == (
        "Journalnummer",
        "Modtaget",
        "Afsluttet",
        "Status",
        "Enhed",
        "Øverste enhed",
    )
    assert [r[0] for r in rows] == [b.reference, a.reference]
    row = dict(zip(header, rows[1], strict=True))
    assert row["Modtaget"] == datetime.datetime(2025, 1, 10)
    assert row["Afsluttet"] is None
    assert row["Status"] == "Åben"
    assert row["Enhed"] == "Borger, Arbejdsmarked & Erhverv / Jobcenter"
    assert row["Øverste enhed"] == "Borger, Arbejdsmarked & Erhverv"
    assert row["Henvendelsestype"] == "Klage over sagsbehandling"
    assert row["Henvendelsesform"] == "Telefon"
    assert row["Antal klagepunkter"] == 3
    assert row["Hovedsagens tema"] == "Begrundelse"
    assert row["Følgesagernes temaer"] == "Vejledning; Aktindsigt"
    closed = dict(zip(header, rows[0], strict=True))
    assert closed["Afsluttet"] == datetime.datetime(2025, 1, 6)
    assert closed["Antal klagepunkter"] == 0


def test_the_csv_export_is_utf8_with_bom_and_semicolons(registrations, advisor_client):
    a, b = registrations
    response = advisor_client.get(export_url("csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = csv_rows(response)
    assert header[0] == "Journalnummer"
    row = dict(zip(header, rows[1], strict=True))
    assert row["Journalnummer"] == a.reference
    assert row["Modtaget"] == "2025-01-10"
    assert row["Afsluttet"] == ""
    assert row["Følgesagernes temaer"] == "Vejledning; Aktindsigt"
    assert len(rows) == 2


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_no_personal_data_is_exported(fmt, registrations, advisor_client):
    response = advisor_client.get(export_url(fmt))
    cells = xlsx_rows(response) if fmt == "xlsx" else csv_rows(response)
    text = " ".join(str(c) for row in cells for c in row if c is not None)
    for secret in ("Kirsten", "Skovgaard", "Lone", "Hassan", "Jensen", "bolig", "pladsanvisning"):
        assert secret not in text
    assert "Fremmed kontor" not in text


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_export_applies_the_list_filters(fmt, registrations, advisor_client):
    a, _b = registrations
    params = {
        "q": "bolig",
        "theme": value("theme", "forvaltningsloven").pk,
        "status": "open",
        "org_unit": unit(a.office, "Borger, Arbejdsmarked & Erhverv").pk,
    }
    address = searched_address(advisor_client, params)
    response = advisor_client.get(export_url(fmt) + "?" + address.partition("?")[2])
    cells = xlsx_rows(response) if fmt == "xlsx" else csv_rows(response)
    assert [row[0] for row in cells[1:]] == [a.reference]


def test_a_search_text_in_an_export_address_is_not_used(registrations, advisor_client):
    response = advisor_client.get(export_url("csv"), {"q": "bolig", "status": "open"})
    assert response.status_code == 302
    assert "bolig" not in response["Location"]


def test_the_filename_carries_the_date_of_the_export(registrations, advisor_client):
    with time_machine.travel(datetime.datetime(2025, 3, 4, 9, tzinfo=datetime.UTC)):
        response = advisor_client.get(export_url("xlsx"))
        csv_response = advisor_client.get(export_url("csv"))
    assert response["Content-Disposition"] == 'attachment; filename="henvendelser-2025-03-04.xlsx"'
    assert csv_response["Content-Disposition"] == (
        'attachment; filename="henvendelser-2025-03-04.csv"'
    )


def test_an_unknown_format_is_not_found(advisor_client):
    assert advisor_client.get(export_url("pdf")).status_code == 404


def test_a_cpr_number_in_the_filters_is_refused(registrations, advisor_client):
    response = advisor_client.get(export_url("csv"), {"q": "010190-1234"})
    assert response.status_code == 302
    assert "0101" not in response["Location"]


def test_invalid_filters_lead_back_to_the_list_with_the_errors(advisor_client, office):
    response = advisor_client.get(export_url("csv"), {"received_from": "i går"}, follow=True)
    assert "received_from" in response.context["form"].errors


def test_a_formula_in_a_local_label_is_not_run_by_the_spreadsheet(office, advisor_client):
    local = local_value_add(
        office=office, vocabulary=get_vocabulary("inquiry_kind"), label="=HYPERLINK(1)"
    )
    register(office, inquiry_kind=local)
    header, row = xlsx_rows(advisor_client.get(export_url("xlsx")))
    assert row[header.index("Henvendelsestype")] == "'=HYPERLINK(1)"


@pytest.mark.parametrize("n", [2, 20])
def test_the_export_makes_no_query_per_row(
    n, office, advisor_client, django_assert_max_num_queries
):
    for _ in range(n):
        register(office, inquiry_kind="klage", themes=("begrundelse", "vejledning"))
    # Labels, form choices, the audit record and the savepoint of the view's
    # transaction: a fixed number of queries; the rows: two, streamed.
    with django_assert_max_num_queries(38 + OFFICE_WALL_QUERIES):
        response = advisor_client.get(export_url("csv"))
        rows = csv_rows(response)
    assert len(rows) == n + 1

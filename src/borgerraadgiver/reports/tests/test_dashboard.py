"""The report in the app: period picker, every table and figure, drill-down, downloads."""

from __future__ import annotations

import datetime
import html
import io
import json
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from borgerraadgiver.inquiries.list_forms import InquiryFilterForm
from borgerraadgiver.reports import dashboard
from borgerraadgiver.reports.dashboard_forms import period_options
from borgerraadgiver.reports.periods import Period
from borgerraadgiver.reports.renderers import charts
from borgerraadgiver.reports.selectors import report_build
from borgerraadgiver.reports.services import report_settings_for
from tests.factories import make_inquiry

TODAY = datetime.date(2025, 11, 20)
YEAR = Period(datetime.date(2025, 4, 1), datetime.date(2026, 3, 31))
URL = "/beretning/"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2025, 11, 20, 12, 0), tick=False):
        yield


@pytest.fixture
def registered(office):
    """Five inquiries this year (two on Børn & Familie), one last year."""
    make_inquiry(office, received=datetime.date(2025, 5, 2), org_unit="Børn & Familie")
    make_inquiry(
        office,
        received=datetime.date(2025, 6, 3),
        org_unit="Familieafsnittet",
        themes=("sagsbehandlingstid_og_manglende_svar", "partshoering"),
    )
    make_inquiry(office, received=datetime.date(2025, 7, 4), org_unit="Jobcenter")
    make_inquiry(office, received=datetime.date(2025, 8, 5), org_unit="Miljø & Teknik")
    make_inquiry(office, received=datetime.date(2025, 9, 6), org_unit="Udbetaling Danmark")
    make_inquiry(office, received=datetime.date(2024, 9, 6), org_unit="Børn & Familie")
    return office


def links(content: str) -> list[tuple[str, str]]:
    """(href, text) of every link in the page."""
    return [
        (html.unescape(href), re.sub(r"<[^>]+>", "", text).strip())
        for href, text in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', content, flags=re.S)
    ]


def test_the_dashboard_opens_on_the_running_period_with_every_table_and_figure(
    advisor_client, registered
):
    response = advisor_client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    report = report_build(registered, YEAR)
    assert html.escape(report.title) in content
    for table in report.tables:
        assert html.escape(table.title) in content, table.id
    figures = re.findall(r'<img src="(/beretning/figur\.svg\?d=[^"]+)"', content)
    drawn = [t for t in report.tables if charts.chart_data(t) is not None]
    assert len(figures) == len(drawn) > 10
    assert "Diagram: Henvendelser fordelt på afdelinger. Tallene står i tabellen" in content


def test_a_number_opens_the_list_of_the_inquiries_behind_it(advisor_client, registered):
    content = advisor_client.get(URL).content.decode()
    report = report_build(registered, YEAR)
    share = report.table("org_unit_share")
    row = share.row("Børn & Familie")
    expected = dashboard.list_href(share.cell_filter(row, 0))
    assert (expected, "2") in links(content)
    listed = advisor_client.get(expected).content.decode()
    assert re.search(r"<strong>2</strong>\s+henvendelser fundet", listed)


def test_the_number_of_inquiries_in_the_key_figures_opens_the_period_list(
    advisor_client, registered
):
    content = advisor_client.get(URL).content.decode()
    href = next(h for h, text in links(content) if text == "5" and "received_from" in h)
    listed = advisor_client.get(href).content.decode()
    assert re.search(r"<strong>5</strong>\s+henvendelser fundet", listed)


def test_every_filter_behind_a_number_is_one_the_inquiry_list_understands(registered):
    report = report_build(registered, YEAR)
    fields = set(InquiryFilterForm(office=registered).fields)
    linked = 0
    for table in report.tables:
        for row in table.rows:
            for column in range(len(table.columns)):
                filters = table.cell_filter(row, column)
                href = dashboard.list_href(filters)
                if filters is None:
                    continue
                assert set(filters) <= fields, (table.id, filters)
                params = dict(parse_qsl(urlsplit(href).query))
                form = InquiryFilterForm(params, office=registered)
                assert form.is_valid(), (table.id, form.errors)
                linked += 1
    assert linked > 50


def test_a_filter_the_list_does_not_know_gets_no_link():
    assert dashboard.list_href({"org_unit": "3", "external": "1"}) is None
    assert dashboard.list_href(None) is None


def test_the_picker_offers_the_office_periods_and_the_half_years(office):
    labels = [o.label for o in period_options(office, TODAY)]
    assert labels[0] == "2025/26: 1.4.2025–31.3.2026 (indeværende)"
    assert "Halvår: 1.4.2025–30.9.2025" in labels
    assert "2024/25: 1.4.2024–31.3.2025" in labels


def test_choosing_another_period_shows_its_report(advisor_client, registered):
    option = next(o for o in period_options(registered, TODAY) if o.label.startswith("2024/25"))
    content = advisor_client.get(URL, {"periode": option.value}).content.decode()
    assert "Borgerrådgiverens beretning 2024/25" in content
    assert f'<option value="{option.value}" selected>' in content


def test_any_from_to_can_be_chosen(advisor_client, registered):
    content = advisor_client.get(URL, {"fra": "2025-05-01", "til": "2025-07-31"}).content.decode()
    assert "1. maj 2025 – 31. juli 2025" in content
    assert "Valgfri periode: 1. maj 2025 – 31. juli 2025" in content
    assert "fra=2025-05-01&amp;til=2025-07-31" in content  # the downloads follow


def test_dates_the_wrong_way_round_are_refused_at_the_field(advisor_client, registered):
    content = advisor_client.get(URL, {"fra": "2025-07-31", "til": "2025-05-01"}).content.decode()
    assert "Slutdatoen ligger før startdatoen." in content
    assert 'aria-invalid="true"' in content
    assert "Den valgte periode kunne ikke vises" in content
    assert "Borgerrådgiverens beretning 2025/26" in content


def test_htmx_gets_the_report_alone(advisor_client, registered):
    response = advisor_client.get(
        URL, {"fra": "2025-05-01", "til": "2025-07-31"}, HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="report">')
    assert "<html" not in content


def test_a_figure_is_drawn_from_its_signed_address(advisor_client, registered):
    content = advisor_client.get(URL).content.decode()
    src = html.unescape(re.search(r'<img src="(/beretning/figur\.svg\?d=[^"]+)"', content)[1])
    response = advisor_client.get(src)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response.content.startswith(b"<svg")
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_a_figure_made_for_another_office_or_tampered_with_is_not_drawn(
    client, advisor_other, registered
):
    data = charts.chart_data(report_build(registered, YEAR).table("org_unit_share"))
    token = dashboard.chart_token(registered.pk, data)
    client.force_login(advisor_other)
    assert client.get(reverse("reports:chart"), {"d": token}).status_code == 404
    assert client.get(reverse("reports:chart"), {"d": token[:-3] + "abc"}).status_code == 404
    assert client.get(reverse("reports:chart")).status_code == 404


def test_another_office_sees_only_its_own_report(client, advisor_other, registered):
    client.force_login(advisor_other)
    content = client.get(URL).content.decode()
    assert "Lejre" in content
    assert "Familieafsnittet" not in content
    assert "Børn &amp; Familie" not in content


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("csv", "text/csv; charset=utf-8"),
        ("json", "application/json"),
    ],
)
def test_the_numbers_download_for_the_chosen_period(advisor_client, registered, fmt, content_type):
    url = reverse("reports:download", args=["beretning", fmt])
    response = advisor_client.get(url, {"fra": "2025-04-01", "til": "2026-03-31"})
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="beretning-albertslund-2025-04-01-2026-03-31.{fmt}"'
    )
    if fmt == "json":
        assert json.loads(response.content)["key_figures"]["inquiries"] == 5
    if fmt == "xlsx":
        assert load_workbook(io.BytesIO(response.content)).sheetnames[0] == "Nøgletal"


def test_the_half_year_status_downloads_as_word_and_pdf(advisor_client, registered):
    query = {"fra": "2025-04-01", "til": "2025-09-30"}
    word = advisor_client.get(reverse("reports:download", args=["status", "docx"]), query)
    assert word.status_code == 200
    texts = [p.text for p in Document(io.BytesIO(word.content)).paragraphs]
    assert "Halvårsstatus" in texts
    assert "Bilag: Uddybende statistik" not in texts
    pdf = advisor_client.get(reverse("reports:download", args=["status", "pdf"]), query)
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("kind", "fmt", "query"),
    [
        ("beretning", "odt", {"fra": "2025-04-01", "til": "2026-03-31"}),
        ("status", "xlsx", {"fra": "2025-04-01", "til": "2026-03-31"}),
        ("hemmelig", "pdf", {"fra": "2025-04-01", "til": "2026-03-31"}),
        ("beretning", "json", {}),
        ("beretning", "json", {"fra": "2026-03-31", "til": "2025-04-01"}),
    ],
)
def test_a_download_nobody_can_make_is_not_found(advisor_client, registered, kind, fmt, query):
    url = reverse("reports:download", args=[kind, fmt])
    assert advisor_client.get(url, query).status_code == 404


def _office_template() -> bytes:
    doc = Document()
    doc.add_paragraph("Albertslunds skabelon: {{ title }}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_word_comes_from_the_office_template_when_it_has_one(advisor_client, registered, tmp_path):
    settings = report_settings_for(registered)
    settings.word_template.save("skabelon.docx", ContentFile(_office_template()))
    url = reverse("reports:download", args=["beretning", "docx"])
    response = advisor_client.get(url, {"fra": "2025-04-01", "til": "2026-03-31"})
    texts = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert texts == ["Albertslunds skabelon: Borgerrådgiverens beretning 2025/26"]

    out = tmp_path / "beretning.docx"
    call_command(
        "report",
        office="albertslund",
        start="2025-04-01",
        end="2026-03-31",
        fmt="docx",
        out=str(out),
    )
    texts = [p.text for p in Document(out).paragraphs]
    assert texts == ["Albertslunds skabelon: Borgerrådgiverens beretning 2025/26"]

"""The departments' answers to referrals and statement requests: the report's casework table."""

from __future__ import annotations

import datetime
import io
import json
from datetime import timedelta

import pytest
import time_machine
from docx import Document
from openpyxl import load_workbook

from borgerraadgiver.casework.models import Deadline, DepartmentRequest
from borgerraadgiver.reports.periods import Period
from borgerraadgiver.reports.renderers import render
from borgerraadgiver.reports.selectors import report_build
from borgerraadgiver.reports.selectors.casework import COLUMNS, TABLE_ID
from tests.factories import make_inquiry, unit, value

pytestmark = [pytest.mark.casework, pytest.mark.django_db]

YEAR = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
SENT = datetime.date(2025, 3, 3)
TITLE = "Oversendelser og redegørelser fordelt på afdelinger"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2025, 11, 20, 12, 0), tick=False):
        yield


def _request(
    office,
    unit_name: str | None,
    kind: str,
    *,
    days: int | None = None,
    due_in: int | None = None,
    answer: str | None = None,
    sent: datetime.date = SENT,
) -> DepartmentRequest:
    inquiry = make_inquiry(office, received=sent)
    request = DepartmentRequest.objects.create(
        inquiry=inquiry,
        office=office,
        kind=kind,
        org_unit=unit(office, unit_name) if unit_name else inquiry.org_unit,
        sent_on=sent,
        answered_on=sent + timedelta(days=days) if days is not None else None,
        answer=value("department_answer", answer) if answer else None,
    )
    if due_in is not None:
        Deadline.objects.create(
            office=office,
            inquiry=inquiry,
            kind=kind,
            request=request,
            original_due=sent + timedelta(days=min(due_in, 5)),
            due=sent + timedelta(days=due_in),
        )
    return request


REF, STA = DepartmentRequest.Kind.REFERRAL, DepartmentRequest.Kind.STATEMENT


@pytest.fixture
def requests(office, other_office):
    """Jobcenter: answered in 2, 5, 9, 10 and 20 days; Familieafsnittet: in 3 and 7."""
    job = "Jobcenter"
    _request(office, job, REF, days=2, due_in=3, answer="fuldt_medhold")  # on time
    _request(office, job, REF, days=5, due_in=3, answer="ikke_medhold")  # late
    # Late against the first deadline (5 days), on time against the extended one (10).
    _request(office, job, REF, days=9, due_in=10, answer="ikke_medhold")
    _request(office, job, REF, days=10, due_in=5, answer="beklagelse")  # late
    _request(office, job, REF)  # not answered yet
    _request(office, job, STA, days=20)  # no deadline: not in "on time"
    family = "Familieafsnittet"
    _request(office, family, STA, days=3, due_in=5)  # on time
    _request(office, family, STA, days=7, due_in=5)  # late
    # Outside the period, and another office's: neither counts.
    _request(office, job, REF, days=100, sent=datetime.date(2024, 12, 31))
    _request(other_office, None, REF, days=1, due_in=5, answer="fuldt_medhold")


def _table(office):
    return report_build(office, YEAR, include_development=False).table(TABLE_ID)


def _department_of(office, name: str) -> str:
    node = unit(office, name)
    while node.parent_id is not None:
        node = node.parent
    return str(node.pk)


def test_counts_days_and_shares_per_department_and_in_all(office, requests):
    table = _table(office)
    assert table.columns == COLUMNS
    work = table.row(_department_of(office, "Jobcenter")).values
    family = table.row(_department_of(office, "Familieafsnittet")).values
    total = table.total_row.values
    # Referrals, statements, answered, median, 90th percentile, on time %, proved right %.
    # Jobcenter: days 2 5 9 10 20 -> median rank 3 = 9, 90 % rank 5 = 20; on time 2 of 4;
    # proved right 1 of 4 answered referrals.
    assert work == (5, 1, 5, 9, 20, 50, 25)
    # Familieafsnittet: days 3 7 -> median rank 1 = 3 (the lower middle), 90 % rank 2 = 7.
    assert family == (0, 2, 2, 3, 7, 50, None)
    # All: 2 3 5 7 9 10 20 -> median rank 4 = 7, 90 % rank 7 = 20; on time 3 of 6.
    assert total == (5, 3, 7, 7, 20, 50, 25)
    assert [r.label for r in table.rows][-1] == "I alt"


def test_the_table_says_how_it_counts(office, requests):
    table = _table(office)
    assert "kalenderdage" in table.base and "mindste af de to midterste" in table.base
    assert "bevilgede fristforlængelser" in table.note and "delvist medhold" in table.note


def test_no_table_without_requests_to_a_department_in_the_period(office):
    _request(office, "Jobcenter", REF, days=1, sent=datetime.date(2024, 6, 1))
    report = report_build(office, YEAR, include_development=False)
    assert TABLE_ID not in [t.id for t in report.tables]


def test_a_single_answer_is_its_own_median_and_percentile(office):
    _request(office, "Jobcenter", STA, days=4)
    assert _table(office).total_row.values[3:5] == (4, 4)


def test_ten_answers_put_the_90th_percentile_on_the_ninth(office):
    for days in (10, 1, 9, 2, 8, 3, 7, 4, 6, 5):
        _request(office, "Jobcenter", REF, days=days)
    # Ranks ceil(10/2) = 5 and ceil(9) = 9 of 1..10.
    assert _table(office).total_row.values[3:5] == (5, 9)


def test_every_format_shows_the_table(office, requests):
    report = report_build(office, YEAR, include_development=False)
    as_json = json.loads(render(report, "json"))
    shown = next(t for t in as_json["tables"] if t["id"] == TABLE_ID)
    assert shown["rows"][-1]["values"] == [5, 3, 7, 7, 20, 50, 25]
    workbook = load_workbook(io.BytesIO(render(report, "xlsx")))
    cells = [c.value for ws in workbook.worksheets for row in ws.iter_rows() for c in row]
    assert "90 %-fraktil dage" in cells
    document = Document(io.BytesIO(render(report, "docx")))
    texts = [c.text for t in document.tables for row in t.rows for c in row.cells]
    texts += [p.text for p in document.paragraphs]
    assert any(TITLE in t for t in texts) and "Medhold %" in texts
    assert render(report, "pdf").startswith(b"%PDF")


def test_the_dashboard_shows_the_table(advisor_client, office, requests):
    content = advisor_client.get("/beretning/", {"fra": "2025-01-01", "til": "2025-12-31"})
    assert TITLE in content.content.decode()

"""The worklist's deadlines: overdue, today, this week and paused, oldest first, who waits."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from borgerraadgiver.casework.deadline_selectors import week_end, worklist_sections
from borgerraadgiver.casework.models import Deadline, DepartmentRequest
from borgerraadgiver.casework.requests_services import (
    RequestData,
    deadline_add,
    department_request_create,
    pause_start,
)
from tests.factories import OFFICE_WALL_QUERIES, make_inquiry, make_user

pytestmark = [pytest.mark.casework, pytest.mark.django_db]

CPH = ZoneInfo("Europe/Copenhagen")
TODAY = date(2025, 3, 19)  # a Wednesday
URL = reverse("inquiries:worklist")


def at(day: date) -> time_machine.travel:
    return time_machine.travel(datetime(day.year, day.month, day.day, 12, tzinfo=CPH), tick=False)


def referral(inquiry, by, sent: date, contact: str = "Bente") -> DepartmentRequest:
    with at(sent):
        return department_request_create(
            inquiry=inquiry,
            data=RequestData(
                kind=DepartmentRequest.Kind.REFERRAL,
                org_unit=inquiry.org_unit,
                sent_on=sent,
                contact_name=contact,
                citizen_consent=True,
                consent_date=sent,
            ),
            by=by,
        )


def own(inquiry, by, due: date, label: str):
    with at(date(2025, 3, 1)):
        return deadline_add(inquiry=inquiry, label=label, due=due, by=by)


@pytest.fixture
def world(office, advisor):
    with at(date(2025, 3, 1)):
        mine = make_inquiry(office, received=date(2025, 2, 24), by=advisor)
        colleague = make_user("bo", office)
        theirs = make_inquiry(office, received=date(2025, 2, 24), by=colleague)
    return mine, theirs, colleague


def test_the_week_ends_on_sunday():
    assert week_end(TODAY) == date(2025, 3, 23)
    assert week_end(date(2025, 3, 23)) == date(2025, 3, 23)


def test_sections_oldest_first_with_who_waits_for_whom(world, advisor):
    mine, theirs, colleague = world
    own(mine, advisor, date(2025, 3, 21), "Ringer borgeren op")  # this week
    own(mine, advisor, TODAY, "Sender aktindsigt")  # today
    own(mine, advisor, date(2025, 3, 24), "Næste uge")  # next week: not shown
    referral(mine, advisor, date(2025, 3, 3))  # due 17 March: overdue
    own(mine, advisor, date(2025, 3, 10), "Glemt løfte")  # overdue, older
    own(theirs, colleague, date(2025, 3, 18), "Kollegaens")  # not mine

    sections = {s.key: s for s in worklist_sections(advisor, TODAY)}

    assert [r.title for r in sections["overdue"].rows] == [
        "Glemt løfte",
        "Forvaltningens svar på oversendelse",
    ]
    assert [r.who for r in sections["overdue"].rows] == [
        "Borgeren venter på dig",
        f"Du venter på {mine.org_unit.name} (Bente)",
    ]
    assert [r.title for r in sections["today"].rows] == ["Sender aktindsigt"]
    assert [r.title for r in sections["week"].rows] == ["Ringer borgeren op"]
    assert sections["paused"].rows == []

    everyone = {s.key: s for s in worklist_sections(advisor, TODAY, everyone=True)}
    assert [r.title for r in everyone["overdue"].rows] == [
        "Glemt løfte",
        "Forvaltningens svar på oversendelse",
        "Kollegaens",
    ]
    assert everyone["overdue"].rows[2].who == "Borgeren venter på Bo"


def test_met_closed_and_paused(world, advisor):
    mine, _theirs, _colleague = world
    met = own(mine, advisor, date(2025, 3, 10), "Overholdt")
    Deadline.objects.filter(pk=met.pk).update(met_on=date(2025, 3, 9))
    own(mine, advisor, date(2025, 3, 12), "Venter på borgeren")
    with at(date(2025, 3, 11)):
        pause_start(inquiry=mine, by=advisor)

    sections = {s.key: s for s in worklist_sections(advisor, TODAY)}
    assert sections["overdue"].rows == []
    assert [r.title for r in sections["paused"].rows] == ["Venter på borgeren"]

    mine.status = "closed"
    mine.closed = date(2025, 3, 18)
    mine.save()
    assert all(not s.rows for s in worklist_sections(advisor, TODAY))


def test_the_page_shows_the_sections_and_respects_the_toggle(world, advisor, advisor_client):
    mine, theirs, colleague = world
    referral(mine, advisor, date(2025, 3, 3), contact="Bente Sagsbehandler")
    own(theirs, colleague, date(2025, 3, 18), "Kollegaens løfte")

    with at(TODAY):
        page = advisor_client.get(URL).content.decode()
        everyone = advisor_client.get(URL, {"alle": "1"}).content.decode()

    assert "Overskredet" in page
    assert escape(f"Du venter på {mine.org_unit.name} (Bente Sagsbehandler)") in page
    assert reverse("inquiries:detail", args=[mine.uid]) + "#frister" in page
    assert "Kollegaens løfte" not in page
    assert "Kollegaens løfte" in everyone


def test_the_page_says_when_nothing_is_due(advisor_client):
    with at(TODAY):
        page = advisor_client.get(URL).content.decode()
    assert "Ingen frister er overskredet eller udløber denne uge." in page


@pytest.mark.parametrize("n", [2, 20])
def test_one_query_for_the_deadlines_whatever_their_number(
    n, world, advisor, advisor_client, django_assert_max_num_queries
):
    mine, _theirs, _colleague = world
    for i in range(n):
        referral(mine, advisor, date(2025, 3, 3), contact=f"Kontakt {i}")
        own(mine, advisor, date(2025, 3, 20), f"Løfte {i}")
    with at(TODAY), django_assert_max_num_queries(12 + OFFICE_WALL_QUERIES):
        page = advisor_client.get(URL).content.decode()
    assert len(re.findall(r"Du venter på", page)) == n

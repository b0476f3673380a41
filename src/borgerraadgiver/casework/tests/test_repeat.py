"""Repeat contacts: earlier inquiries of the same person and unit, offered while registering."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from borgerraadgiver.audit.models import AccessRecord, Action
from borgerraadgiver.inquiries.models import Inquiry, JournalEntry
from borgerraadgiver.inquiries.repeat import recent_since, repeat_candidates
from borgerraadgiver.inquiries.services import person_create
from tests.factories import make_inquiry, unit, value

pytestmark = [pytest.mark.casework, pytest.mark.django_db]

TODAY = date(2025, 9, 15)


def _inquiry(office, person, *, received, closed=None, org_unit="Jobcenter") -> Inquiry:
    inquiry = make_inquiry(office, received=received, org_unit=org_unit)
    Inquiry.objects.filter(pk=inquiry.pk).update(
        person=person,
        closed=closed,
        status=Inquiry.Status.CLOSED if closed else Inquiry.Status.OPEN,
    )
    inquiry.refresh_from_db()
    return inquiry


@pytest.fixture
def vera(office):
    return person_create(office=office, name="Vera Gentagen", phone="22334455")


def test_six_months_back_lands_on_the_same_day_or_the_months_last():
    assert recent_since(date(2025, 9, 15)) == date(2025, 3, 15)
    assert recent_since(date(2025, 8, 31)) == date(2025, 2, 28)
    assert recent_since(date(2025, 3, 1)) == date(2024, 9, 1)


def test_open_and_recently_closed_inquiries_of_the_person_and_unit_are_candidates(
    office, other_office, vera
):
    open_old = _inquiry(office, vera, received=date(2023, 5, 1))
    closed_on_edge = _inquiry(office, vera, received=date(2025, 1, 10), closed=date(2025, 3, 15))
    _inquiry(office, vera, received=date(2025, 1, 10), closed=date(2025, 3, 14))  # too long ago
    _inquiry(office, vera, received=date(2025, 6, 1), org_unit="Familieafsnittet")  # other unit
    someone_else = person_create(office=office, name="Anden Borger")
    _inquiry(office, someone_else, received=date(2025, 6, 1))  # other person

    found = repeat_candidates(
        office=office, person=vera, org_unit_id=unit(office, "Jobcenter").pk, today=TODAY
    )

    assert found == [open_old, closed_on_edge]  # open first
    assert repeat_candidates(office=office, person=None, org_unit_id=1, today=TODAY) == []
    # Another office's person never matches, whatever the unit.
    assert (
        repeat_candidates(
            office=other_office, person=vera, org_unit_id=unit(office, "Jobcenter").pk
        )
        == []
    )


def _intake(office, person, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "received": "2025-09-15",
        "org_unit": unit(office, "Jobcenter").pk,
        "channel": value("channel", "telefon").pk,
        "account": "Borgeren ringer igen: stadig intet svar.",
        "person-existing": str(person.uid),
        "person-name": "",
        "person-phone": "",
        "person-cpr": "",
        "person-address": "",
        "person-email": "",
        "points-TOTAL_FORMS": "1",
        "points-INITIAL_FORMS": "0",
        "points-MIN_NUM_FORMS": "0",
        "points-MAX_NUM_FORMS": "20",
        "points-0-theme": "",
    }
    data.update(extra)
    return data


@time_machine.travel(date(2025, 9, 15), tick=False)
def test_the_intake_shows_the_candidates_without_javascript_and_records_the_search(
    advisor_client, office, vera
):
    earlier = _inquiry(office, vera, received=date(2025, 8, 1))
    page = advisor_client.post(reverse("inquiries:create"), _intake(office, vera, _find_repeat="1"))
    assert page.status_code == 200
    html = page.content.decode()
    assert earlier.reference in html and f'value="{earlier.uid}"' in html
    assert AccessRecord.objects.filter(
        action=Action.SEARCH, object_type="inquiry", object_uid=earlier.uid, person_uid=vera.uid
    ).exists()
    assert Inquiry.objects.count() == 1  # nothing registered


@time_machine.travel(date(2025, 9, 15), tick=False)
def test_htmx_gets_only_the_fragment(advisor_client, office, vera):
    earlier = _inquiry(office, vera, received=date(2025, 8, 1))
    answer = advisor_client.post(
        reverse("inquiries:create"), _intake(office, vera, _find_repeat="1"), HTTP_HX_REQUEST="true"
    )
    html = answer.content.decode()
    assert earlier.reference in html and "<form" not in html


@time_machine.travel(date(2025, 9, 15), tick=False)
def test_adding_the_contact_to_an_earlier_inquiry_journals_it_and_creates_no_inquiry(
    advisor_client, office, vera
):
    earlier = _inquiry(office, vera, received=date(2025, 8, 1))
    answer = advisor_client.post(
        reverse("inquiries:create"), _intake(office, vera, _add_to=str(earlier.uid))
    )
    assert answer.status_code == 302
    assert answer["Location"] == reverse("inquiries:detail", args=[earlier.uid]) + "#journal"
    assert Inquiry.objects.count() == 1
    entry = JournalEntry.objects.get(inquiry=earlier)
    assert entry.kind == JournalEntry.Kind.PHONE
    assert entry.occurred == date(2025, 9, 15)
    assert "stadig intet svar" in entry.text
    assert AccessRecord.objects.filter(
        action=Action.CREATE, object_type="journalentry", object_uid=entry.uid, person_uid=vera.uid
    ).exists()


@time_machine.travel(date(2025, 9, 15), tick=False)
def test_a_letter_becomes_post_in(advisor_client, office, vera):
    earlier = _inquiry(office, vera, received=date(2025, 8, 1))
    advisor_client.post(
        reverse("inquiries:create"),
        _intake(office, vera, _add_to=str(earlier.uid), channel=value("channel", "brev").pk),
    )
    assert JournalEntry.objects.get(inquiry=earlier).kind == JournalEntry.Kind.MAIL_IN


@time_machine.travel(date(2025, 9, 15), tick=False)
def test_an_inquiry_that_is_not_a_candidate_is_refused(advisor_client, office, vera):
    someone_else = person_create(office=office, name="Anden Borger")
    theirs = _inquiry(office, someone_else, received=date(2025, 8, 1))
    answer = advisor_client.post(
        reverse("inquiries:create"), _intake(office, vera, _add_to=str(theirs.uid))
    )
    assert answer.status_code == 200
    assert "hører ikke til den valgte person" in answer.content.decode()
    assert not JournalEntry.objects.exists()


def test_another_offices_inquiry_answers_404(client, office, other_office, advisor_other, vera):
    earlier = _inquiry(office, vera, received=date(2025, 8, 1))
    client.force_login(advisor_other)
    answer = client.post(
        reverse("inquiries:create"),
        {"_add_to": str(earlier.uid), "received": "2025-09-15", "account": "x"},
    )
    assert answer.status_code == 404
    assert not JournalEntry.objects.exists()


def test_a_look_up_without_a_known_person_says_why_nothing_is_shown(advisor_client, office, vera):
    data = _intake(office, vera, _find_repeat="1")
    data["person-existing"] = ""
    answer = advisor_client.post(reverse("inquiries:create"), data, HTTP_HX_REQUEST="true")
    assert "Ingen åbne eller nyligt afsluttede henvendelser" in answer.content.decode()
    assert not AccessRecord.objects.filter(term="Tidligere henvendelser om samme enhed").exists()

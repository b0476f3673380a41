"""The reply guarantee, the advisor's own deadlines and the pause, on Danish holidays."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from borgerraadgiver.casework.deadline_selectors import Status, deadline_status
from borgerraadgiver.casework.models import CasePause, Deadline, DepartmentRequest
from borgerraadgiver.casework.requests_services import (
    WRITTEN_CHANNELS,
    RequestData,
    deadline_add,
    deadline_mark_met,
    department_request_create,
    pause_end,
    pause_start,
    reply_deadline_ensure,
)
from borgerraadgiver.casework.selectors import casework_settings, office_calendar
from borgerraadgiver.inquiries.models import Inquiry
from tests.factories import make_inquiry

pytestmark = [pytest.mark.casework, pytest.mark.django_db]

CPH = ZoneInfo("Europe/Copenhagen")


def at(day: date) -> time_machine.travel:
    return time_machine.travel(datetime(day.year, day.month, day.day, 12, tzinfo=CPH), tick=False)


def written(office, received: date, by=None, channel: str = "mail") -> Inquiry:
    with at(received):
        return make_inquiry(office, received=received, channel=channel, by=by)


def reply(inquiry: Inquiry) -> Deadline:
    return inquiry.deadlines.get(kind=Deadline.Kind.REPLY)


# --- the reply guarantee ---


def test_the_written_channels_are_mail_letter_and_form():
    assert {"mail", "brev", "formular"} == WRITTEN_CHANNELS


@pytest.mark.parametrize("channel", ["mail", "brev", "formular"])
def test_a_written_inquiry_gets_its_reply_deadline_when_registered(office, advisor, channel):
    inquiry = written(office, date(2025, 3, 3), advisor, channel)

    deadline = reply(inquiry)
    assert (deadline.due, deadline.original_due) == (date(2025, 3, 17), date(2025, 3, 17))
    assert deadline.responsible == advisor


@pytest.mark.parametrize("channel", ["telefon", "fremmoede", None])
def test_a_call_or_a_visit_gets_none(office, advisor, channel):
    with at(date(2025, 3, 3)):
        extra = {"channel": channel} if channel else {}
        inquiry = make_inquiry(office, received=date(2025, 3, 3), by=advisor, **extra)
    assert not inquiry.deadlines.exists()


def test_kristi_himmelfart_grundlovsdag_and_pinse_do_not_count(office):
    # From Thursday 22 May 2025: 29 May (Kristi himmelfart), 5 June (Grundlovsdag,
    # closed by default) and 9 June (2. pinsedag) are skipped; Friday 30 May is not.
    assert reply(written(office, date(2025, 5, 22))).due == date(2025, 6, 10)


def test_an_office_open_on_grundlovsdag_counts_it(office):
    calendar = office_calendar(office)
    calendar.closed_grundlovsdag = False
    calendar.save()
    assert reply(written(office, date(2025, 5, 22))).due == date(2025, 6, 6)


def test_christmas_and_the_new_year(office):
    # From Friday 19 December 2025: 24, 25, 26 and 31 December and 1 January are closed.
    assert reply(written(office, date(2025, 12, 19))).due == date(2026, 1, 9)


def test_an_office_open_on_christmas_eve_and_new_years_eve(office):
    calendar = office_calendar(office)
    calendar.closed_christmas_eve = False
    calendar.closed_new_years_eve = False
    calendar.save()
    assert reply(written(office, date(2025, 12, 19))).due == date(2026, 1, 7)


def test_the_offices_own_number_of_working_days(office):
    rules = casework_settings(office)
    rules.reply_working_days = 5
    rules.save()
    # Friday 14 March 2025: the weekends do not count.
    assert reply(written(office, date(2025, 3, 14))).due == date(2025, 3, 21)


def test_a_closed_inquiry_registered_late_gets_none(office):
    with at(date(2025, 3, 3)):
        inquiry = make_inquiry(office, received=date(2025, 3, 3), channel="mail")
    inquiry.status = Inquiry.Status.CLOSED
    inquiry.closed = date(2025, 3, 3)
    inquiry.deadlines.all().delete()
    assert reply_deadline_ensure(inquiry) is None


def test_ensuring_twice_makes_one(office):
    inquiry = written(office, date(2025, 3, 3))
    assert reply_deadline_ensure(inquiry).pk == reply(inquiry).pk
    assert inquiry.deadlines.count() == 1


# --- status ---


def test_the_status_of_a_deadline(office):
    deadline = reply(written(office, date(2025, 3, 3)))  # due 17 March
    assert deadline_status(deadline, date(2025, 3, 16)) == Status.OPEN
    assert deadline_status(deadline, date(2025, 3, 17)) == Status.TODAY
    assert deadline_status(deadline, date(2025, 3, 18)) == Status.OVERDUE
    deadline.paused_since = date(2025, 3, 10)
    assert deadline_status(deadline, date(2025, 3, 18)) == Status.PAUSED
    deadline.met_on = date(2025, 3, 18)
    assert deadline_status(deadline, date(2025, 3, 18)) == Status.MET


# --- the pause ---


def test_a_pause_stops_the_citizens_clock_but_not_the_departments(office, advisor):
    inquiry = written(office, date(2025, 3, 3), advisor)  # reply due Monday 17 March
    with at(date(2025, 3, 4)):
        request = department_request_create(
            inquiry=inquiry,
            data=RequestData(
                kind=DepartmentRequest.Kind.REFERRAL,
                org_unit=inquiry.org_unit,
                sent_on=date(2025, 3, 4),
                citizen_consent=True,
                consent_date=date(2025, 3, 4),
            ),
            by=advisor,
        )
    department_due = request.deadline.due

    with at(date(2025, 3, 5)):
        pause_start(inquiry=inquiry, reason="Venter på lægeerklæring", by=advisor)
    assert reply(inquiry).paused_since == date(2025, 3, 5)
    # Past its due date while paused: paused, not overdue.
    assert deadline_status(reply(inquiry), date(2025, 3, 19)) == Status.PAUSED

    with at(date(2025, 3, 19)):
        pause_end(inquiry=inquiry, by=advisor)

    # Paused Wednesday 5 to Wednesday 19 March: ten working days lost.
    deadline = reply(inquiry)
    assert (deadline.due, deadline.paused_since) == (date(2025, 3, 31), None)
    assert deadline.original_due == date(2025, 3, 17)
    request.deadline.refresh_from_db()
    assert request.deadline.due == department_due
    assert CasePause.objects.get(inquiry=inquiry).ended == date(2025, 3, 19)


def test_a_pause_over_easter_counts_only_working_days(office, advisor):
    inquiry = written(office, date(2025, 4, 7), advisor)  # due 24 April (Easter skipped)
    assert reply(inquiry).due == date(2025, 4, 24)
    with at(date(2025, 4, 16)):
        pause_start(inquiry=inquiry, by=advisor)
    with at(date(2025, 4, 23)):
        pause_end(inquiry=inquiry, by=advisor)
    # 16 and 22 April only (17, 18 and 21 April are holidays): two working days.
    assert reply(inquiry).due == date(2025, 4, 28)


def test_one_pause_at_a_time(office, advisor):
    inquiry = written(office, date(2025, 3, 3), advisor)
    with at(date(2025, 3, 5)):
        pause_start(inquiry=inquiry, by=advisor)
        with pytest.raises(ValidationError):
            pause_start(inquiry=inquiry, by=advisor)
        pause_end(inquiry=inquiry, by=advisor)
        with pytest.raises(ValidationError):
            pause_end(inquiry=inquiry, by=advisor)


def test_the_pause_buttons_on_the_inquiry_page(office, advisor, advisor_client):
    inquiry = written(office, date(2025, 3, 3), advisor)
    with at(date(2025, 3, 5)):
        answer = advisor_client.post(
            reverse("casework:pause", args=[inquiry.uid]), {"reason": "Venter på borgeren"}
        )
        assert answer.status_code == 302
        page = advisor_client.get(reverse("inquiries:detail", args=[inquiry.uid]))
        assert "Sagen er sat på pause" in page.content.decode()
        assert reverse("casework:resume", args=[inquiry.uid]) in page.content.decode()
    with at(date(2025, 3, 7)):
        assert (
            advisor_client.post(reverse("casework:resume", args=[inquiry.uid])).status_code == 302
        )
    assert reply(inquiry).due == date(2025, 3, 19)
    assert advisor_client.get(reverse("casework:pause", args=[inquiry.uid])).status_code == 405


# --- the advisor's own deadlines ---


def test_an_own_deadline_is_added_and_marked_met(office, advisor):
    with at(date(2025, 3, 3)):
        inquiry = make_inquiry(office, received=date(2025, 3, 3), by=advisor)
        deadline = deadline_add(
            inquiry=inquiry, label="Ringer borgeren op", due=date(2025, 3, 7), by=advisor
        )
        assert (deadline.kind, deadline.label) == (Deadline.Kind.OTHER, "Ringer borgeren op")
        deadline_mark_met(deadline=deadline, by=advisor)
    deadline.refresh_from_db()
    assert deadline.met_on == date(2025, 3, 3)


def test_an_own_deadline_by_a_period_from_today(office, advisor, advisor_client):
    with at(date(2025, 5, 26)):
        inquiry = make_inquiry(office, received=date(2025, 5, 26), by=advisor)
        answer = advisor_client.post(
            reverse("casework:deadline_add", args=[inquiry.uid]),
            {"label": "Svar på aktindsigt", "period": "5 hverdage"},
        )
    assert answer.status_code == 302
    # 27, 28, 30 May, 2 and 3 June: Kristi himmelfart (29 May) skipped.
    assert inquiry.deadlines.get(kind=Deadline.Kind.OTHER).due == date(2025, 6, 3)


def test_an_own_deadline_needs_a_date_or_a_period(office, advisor, advisor_client):
    with at(date(2025, 5, 26)):
        inquiry = make_inquiry(office, received=date(2025, 5, 26), by=advisor)
        answer = advisor_client.post(
            reverse("casework:deadline_add", args=[inquiry.uid]), {"label": "Noget"}
        )
    assert answer.status_code == 200
    assert "Angiv en dato eller en frist" in answer.content.decode()
    assert not inquiry.deadlines.exists()


def test_marking_met_on_the_page(office, advisor, advisor_client):
    inquiry = written(office, date(2025, 3, 3), advisor)
    with at(date(2025, 3, 10)):
        answer = advisor_client.post(reverse("casework:deadline_met", args=[reply(inquiry).uid]))
        assert answer.status_code == 302
        page = advisor_client.get(reverse("inquiries:detail", args=[inquiry.uid])).content.decode()
    assert reply(inquiry).met_on == date(2025, 3, 10)
    assert "Overholdt 10.03.2025" in page


def test_another_offices_deadline_is_not_found(office, advisor, advisor_other):
    from django.test import Client

    inquiry = written(office, date(2025, 3, 3), advisor)
    client = Client()
    client.force_login(advisor_other)
    url = reverse("casework:deadline_met", args=[reply(inquiry).uid])
    assert client.post(url).status_code == 404
    assert reply(inquiry).met_on is None

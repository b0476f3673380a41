"""`borgerraadgiver send_reminders`: who gets what, once a day, and nothing that identifies."""

from __future__ import annotations

import json
from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from borgerraadgiver.casework.models import Deadline, DepartmentRequest
from borgerraadgiver.casework.requests_services import RequestData, department_request_create
from borgerraadgiver.inquiries.services import person_create
from tests.factories import make_inquiry, make_user

pytestmark = [pytest.mark.casework, pytest.mark.django_db]

CPH = ZoneInfo("Europe/Copenhagen")
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CITIZEN = "Karen Margrethe Sørensen"
CPR = "0101701234"


def at(day: date) -> time_machine.travel:
    return time_machine.travel(datetime(day.year, day.month, day.day, 12, tzinfo=CPH), tick=False)


def run(*args: str) -> str:
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def advisor_with_mail(advisor):
    advisor.email = "alice@borgerraadgiver.dk"
    advisor.save()
    return advisor


@pytest.fixture
def case(office, advisor_with_mail):
    """A written inquiry of 3 March 2025 (reply due 17 March) with a referral sent
    4 March (answer due 18 March), for a named citizen with a CPR number."""
    with at(date(2025, 3, 4)):
        inquiry = make_inquiry(
            office, received=date(2025, 3, 3), channel="mail", by=advisor_with_mail
        )
        inquiry.person = person_create(office=office, name=CITIZEN, cpr=CPR, phone="22334455")
        inquiry.save()
        request = department_request_create(
            inquiry=inquiry,
            data=RequestData(
                kind=DepartmentRequest.Kind.REFERRAL,
                org_unit=inquiry.org_unit,
                sent_on=date(2025, 3, 4),
                contact_name="Bente Sagsbehandler",
                contact_email="bente@kommune.dk",
                complaint="Klagen over sagsbehandlingstiden.",
                citizen_consent=True,
                consent_date=date(2025, 3, 4),
            ),
            by=advisor_with_mail,
        )
    return inquiry, request


def test_the_dry_run_lists_the_reminders_in_json_and_sends_nothing(case):
    inquiry, _request = case
    # Friday 14 March: both deadlines (17 and 18 March) are within 2 working days.
    listed = json.loads(run("--dry-run", "--format", "json", "--today", "2025-03-14"))

    assert [(m["kind"], m["recipient"], m["reference"], m["due"]) for m in listed] == [
        ("reminder", "alice@borgerraadgiver.dk", inquiry.reference, "2025-03-17"),
        ("reminder", "alice@borgerraadgiver.dk", inquiry.reference, "2025-03-18"),
    ]
    assert not DBTaskResult.objects.exists()
    assert mail.outbox == []
    assert not Deadline.objects.filter(last_reminded_on__isnull=False).exists()


def test_nothing_is_due_far_ahead(case):
    assert json.loads(run("--dry-run", "--format", "json", "--today", "2025-03-12")) == []


def test_the_run_enqueues_through_the_database_backend(case):
    out = run("--today", "2025-03-14")
    assert "2 e-mail(s)" in out
    assert DBTaskResult.objects.count() == 2
    assert set(Deadline.objects.values_list("last_reminded_on", flat=True)) == {date(2025, 3, 14)}


@override_settings(TASKS=IMMEDIATE)
def test_the_advisor_is_reminded_without_the_citizens_name(case):
    inquiry, _request = case
    run("--today", "2025-03-17")

    assert len(mail.outbox) == 2
    reply = next(m for m in mail.outbox if "Borgeren venter på dig" in m.body)
    assert reply.to == ["alice@borgerraadgiver.dk"]
    assert inquiry.reference in reply.subject
    assert "i dag" in reply.subject
    for message in mail.outbox:
        text = message.subject + message.body
        assert CITIZEN.split()[-1] not in text
        assert CPR[:6] not in text


@override_settings(TASKS=IMMEDIATE)
def test_an_overdue_answer_is_chased_at_the_department_with_a_copy_to_the_advisor(case):
    inquiry, _request = case
    with at(date(2025, 3, 20)):
        run("--today", "2025-03-20")

    chase = next(m for m in mail.outbox if m.to == ["bente@kommune.dk"])
    assert chase.cc == ["alice@borgerraadgiver.dk"]
    assert chase.subject.startswith("Rykker")
    assert inquiry.reference in chase.body
    assert "18.03.2025" in chase.body
    # The advisor's own overdue reply goes to the advisor only.
    own = [m for m in mail.outbox if m.to == ["alice@borgerraadgiver.dk"]]
    assert len(own) == 1
    assert "overskredet" in own[0].subject


@override_settings(TASKS=IMMEDIATE)
def test_the_chase_for_an_anonymous_citizen_identifies_nothing(case):
    inquiry, _request = case
    inquiry.anonymous_to_administration = True
    inquiry.save()
    run("--today", "2025-03-20")

    chase = next(m for m in mail.outbox if m.to == ["bente@kommune.dk"])
    text = chase.subject + chase.body
    for detail in (CITIZEN, "Sørensen", "Karen", CPR, CPR[:6], "22334455"):
        assert detail not in text
    assert inquiry.reference in text
    assert "18.03.2025" in text


@override_settings(TASKS=IMMEDIATE)
def test_no_reminder_twice_on_one_day(case):
    run("--today", "2025-03-17")
    run("--today", "2025-03-17")
    assert len(mail.outbox) == 2
    assert json.loads(run("--dry-run", "--format", "json", "--today", "2025-03-17")) == []

    run("--today", "2025-03-18")
    assert len(mail.outbox) == 4


@override_settings(TASKS=IMMEDIATE)
def test_met_and_paused_deadlines_are_left_alone(case):
    inquiry, request = case
    Deadline.objects.filter(request=request).update(met_on=date(2025, 3, 10))
    Deadline.objects.filter(kind=Deadline.Kind.REPLY).update(paused_since=date(2025, 3, 10))
    run("--today", "2025-03-20")
    assert mail.outbox == []


def test_the_reminder_days_come_from_the_offices_settings(case, office):
    from borgerraadgiver.casework.selectors import casework_settings

    rules = casework_settings(office)
    rules.remind_days_before = 0
    rules.save()
    listed = json.loads(run("--dry-run", "--format", "json", "--today", "2025-03-14"))
    assert listed == []
    listed = json.loads(run("--dry-run", "--format", "json", "--today", "2025-03-17"))
    assert [m["due"] for m in listed] == ["2025-03-17"]


def test_one_office_only(case, other_office):
    assert (
        json.loads(
            run("--dry-run", "--format", "json", "--today", "2025-03-17", "--office", "lejre")
        )
        == []
    )
    listed = run(
        "--dry-run", "--format", "json", "--today", "2025-03-17", "--office", "albertslund"
    )
    assert len(json.loads(listed)) == 2
    with pytest.raises(CommandError):
        run("--dry-run", "--office", "ingen")


def test_an_advisor_without_an_e_mail_address_gets_nothing(office):
    advisor = make_user("uden-mail", office)
    with at(date(2025, 3, 4)):
        make_inquiry(office, received=date(2025, 3, 3), channel="mail", by=advisor)
    assert json.loads(run("--dry-run", "--format", "json", "--today", "2025-03-17")) == []


def test_an_own_deadlines_label_stays_out_of_the_mail_and_the_task_table(case, advisor_with_mail):
    from borgerraadgiver.casework.requests_services import deadline_add

    inquiry, _request = case
    with at(date(2025, 3, 4)):
        deadline_add(
            inquiry=inquiry,
            label=f"Ring til {CITIZEN}",
            due=date(2025, 3, 14),
            by=advisor_with_mail,
        )
    listed = run("--dry-run", "--format", "json", "--today", "2025-03-14")
    assert '"due": "2025-03-14"' in listed
    assert CITIZEN not in listed
    run("--today", "2025-03-14")
    stored = " ".join(str(t.args_kwargs) for t in DBTaskResult.objects.all())
    assert "Egen frist" in stored
    assert CITIZEN not in stored

"""Referrals and requests for a statement: consent, anonymity, deadlines, answers, extensions."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from borgerraadgiver.audit.models import AccessRecord, Action
from borgerraadgiver.casework.models import Deadline, DeadlineExtension, DepartmentRequest
from borgerraadgiver.casework.requests_services import (
    RequestData,
    deadline_extend,
    department_answer_register,
    department_request_create,
)
from borgerraadgiver.casework.selectors import office_calendar
from borgerraadgiver.inquiries.services import person_create
from borgerraadgiver.offices.models import User
from tests.factories import make_inquiry, make_office, make_user, value

pytestmark = [pytest.mark.casework, pytest.mark.django_db]

CPH = ZoneInfo("Europe/Copenhagen")


def at(day: date) -> time_machine.travel:
    return time_machine.travel(datetime(day.year, day.month, day.day, 12, tzinfo=CPH), tick=False)


def referral(inquiry, **extra) -> RequestData:
    data = {
        "kind": DepartmentRequest.Kind.REFERRAL,
        "org_unit": inquiry.org_unit,
        "sent_on": date(2025, 4, 14),
        "contact_name": "Bente Sagsbehandler",
        "contact_email": "bente@kommune.dk",
        "complaint": "Borgeren har ikke fået svar på sin ansøgning.",
        "questions": "Hvornår træffes der afgørelse?",
        "citizen_consent": True,
        "consent_date": date(2025, 4, 10),
    }
    data.update(extra)
    return RequestData(**data)


@pytest.fixture
def inquiry(office, advisor):
    with at(date(2025, 4, 10)):
        found = make_inquiry(office, received=date(2025, 4, 7), by=advisor)
    found.person = person_create(office=office, name="Karen Margrethe Sørensen", phone="22334455")
    found.save()
    return found


@at(date(2025, 4, 14))
def test_a_referral_gets_ten_working_days_over_easter(inquiry, advisor):
    request = department_request_create(inquiry=inquiry, data=referral(inquiry), by=advisor)

    deadline = request.deadline
    # Skærtorsdag, langfredag, the weekend and 2. påskedag do not count; 1 May does.
    assert (deadline.kind, deadline.due, deadline.original_due) == (
        Deadline.Kind.REFERRAL,
        date(2025, 5, 1),
        date(2025, 5, 1),
    )
    assert deadline.responsible == advisor
    assert deadline.met_on is None


@at(date(2025, 4, 14))
def test_an_office_closed_on_may_day_gets_the_day_after(inquiry, advisor):
    calendar = office_calendar(inquiry.office)
    calendar.closed_may_day = True
    calendar.save()

    request = department_request_create(inquiry=inquiry, data=referral(inquiry), by=advisor)

    assert request.deadline.due == date(2025, 5, 2)


@pytest.mark.parametrize(
    ("slug", "sent", "due"),
    [
        # Lejre: 2 weeks. 17 December + 14 days is nytårsaftensdag (closed), then
        # nytårsdag: the deadline moves to Friday 2 January.
        ("lejre", date(2025, 12, 17), date(2026, 1, 2)),
        # Lyngby-Taarbæk: 3 weeks. 4 December + 21 days is juledag; 2. juledag
        # and the weekend follow: Monday 29 December.
        ("lyngby-taarbaek", date(2025, 12, 4), date(2025, 12, 29)),
    ],
)
def test_a_statement_request_gets_the_offices_calendar_day_deadline(slug, sent, due):
    office = make_office(slug, preset=slug)
    advisor = make_user(f"raadgiver-{slug}", office)
    with at(sent):
        inquiry = make_inquiry(office, received=date(2025, 12, 1), by=advisor)
        request = department_request_create(
            inquiry=inquiry,
            data=referral(
                inquiry,
                kind=DepartmentRequest.Kind.STATEMENT,
                sent_on=sent,
                consent_date=sent,
            ),
            by=advisor,
        )
    assert request.deadline.kind == Deadline.Kind.STATEMENT
    assert request.deadline.due == due


@at(date(2025, 4, 14))
def test_without_the_citizens_consent_nothing_is_sent(inquiry, advisor):
    with pytest.raises(ValidationError) as caught:
        department_request_create(
            inquiry=inquiry, data=referral(inquiry, citizen_consent=False), by=advisor
        )
    assert "citizen_consent" in caught.value.message_dict
    assert not DepartmentRequest.objects.exists()
    assert not Deadline.objects.exists()


@at(date(2025, 4, 14))
def test_consent_needs_its_date(inquiry, advisor):
    with pytest.raises(ValidationError) as caught:
        department_request_create(
            inquiry=inquiry, data=referral(inquiry, consent_date=None), by=advisor
        )
    assert "consent_date" in caught.value.message_dict


@at(date(2025, 4, 14))
def test_an_anonymous_citizen_needs_no_consent_but_nothing_identifying_may_go(inquiry, advisor):
    inquiry.anonymous_to_administration = True
    inquiry.save()

    with pytest.raises(ValidationError) as caught:
        department_request_create(
            inquiry=inquiry,
            data=referral(
                inquiry,
                citizen_consent=False,
                consent_date=None,
                complaint="Fru Sørensen har ringet flere gange.",
            ),
            by=advisor,
        )
    assert "complaint" in caught.value.message_dict
    # The message names the kind of detail, never the detail.
    assert "Sørensen" not in str(caught.value)

    request = department_request_create(
        inquiry=inquiry,
        data=referral(inquiry, citizen_consent=False, consent_date=None),
        by=advisor,
    )
    assert request.citizen_consent is False


@at(date(2025, 4, 14))
def test_the_points_concerned_are_kept(inquiry, advisor):
    point = inquiry.points.get(position=1)
    request = department_request_create(
        inquiry=inquiry, data=referral(inquiry, points=[point]), by=advisor
    )
    assert list(request.points.all()) == [point]


@at(date(2025, 4, 14))
def test_another_offices_unit_is_refused(inquiry, advisor, other_office):
    with pytest.raises(ValidationError) as caught:
        department_request_create(
            inquiry=inquiry,
            data=referral(inquiry, org_unit=other_office.org_units.first()),
            by=advisor,
        )
    assert "org_unit" in caught.value.message_dict


def test_the_answer_meets_the_deadline(inquiry, advisor):
    with at(date(2025, 4, 14)):
        request = department_request_create(inquiry=inquiry, data=referral(inquiry), by=advisor)
    with at(date(2025, 5, 5)):
        department_answer_register(
            request=request,
            answered_on=date(2025, 4, 30),
            answer=value("department_answer", "delvist_medhold"),
            summary="Afgørelsen genoptages.",
            by=advisor,
        )
    request.refresh_from_db()
    assert request.answered_on == date(2025, 4, 30)
    assert request.answer.code == "delvist_medhold"
    assert request.deadline.met_on == date(2025, 4, 30)


def test_an_answer_before_the_request_was_sent_is_refused(inquiry, advisor):
    with at(date(2025, 4, 14)):
        request = department_request_create(inquiry=inquiry, data=referral(inquiry), by=advisor)
        with pytest.raises(ValidationError) as caught:
            department_answer_register(
                request=request, answered_on=date(2025, 4, 11), answer=None, by=advisor
            )
    assert "answered_on" in caught.value.message_dict


@at(date(2025, 4, 28))
def test_a_granted_extension_moves_the_deadline_and_a_refused_one_does_not(inquiry, advisor):
    request = department_request_create(inquiry=inquiry, data=referral(inquiry), by=advisor)
    deadline = request.deadline

    deadline_extend(
        deadline=deadline,
        requested_on=date(2025, 4, 28),
        reason="Sagsbehandleren er syg.",
        new_due=date(2025, 5, 15),
        granted=False,
        by=advisor,
    )
    deadline.refresh_from_db()
    assert deadline.due == date(2025, 5, 1)

    deadline_extend(
        deadline=deadline,
        requested_on=date(2025, 4, 28),
        reason="Sagen kræver en udtalelse fra lægekonsulenten.",
        new_due=date(2025, 5, 15),
        by=advisor,
    )
    deadline.refresh_from_db()
    assert (deadline.due, deadline.original_due) == (date(2025, 5, 15), date(2025, 5, 1))
    assert list(
        DeadlineExtension.objects.filter(deadline=deadline).values_list(
            "granted", "previous_due", "new_due"
        )
    ) == [
        (False, date(2025, 5, 1), date(2025, 5, 15)),
        (True, date(2025, 5, 1), date(2025, 5, 15)),
    ]


@at(date(2025, 4, 28))
def test_an_extension_must_move_the_deadline_on(inquiry, advisor):
    deadline = department_request_create(
        inquiry=inquiry, data=referral(inquiry), by=advisor
    ).deadline
    with pytest.raises(ValidationError) as caught:
        deadline_extend(
            deadline=deadline,
            requested_on=date(2025, 4, 28),
            reason="x",
            new_due=date(2025, 4, 30),
            by=advisor,
        )
    assert "new_due" in caught.value.message_dict


# --- the pages ---


@at(date(2025, 4, 14))
def test_the_advisor_sends_a_referral_from_the_inquiry_page(inquiry, advisor_client):
    page = advisor_client.get(reverse("inquiries:detail", args=[inquiry.uid])).content.decode()
    create_url = reverse("casework:request_create", args=[inquiry.uid, "oversendelse"])
    assert create_url in page

    form = advisor_client.get(create_url)
    assert form.status_code == 200
    assert "1. maj 2025" in form.content.decode()

    answer = advisor_client.post(
        create_url,
        {
            "org_unit": inquiry.org_unit_id,
            "contact_name": "Bente",
            "contact_email": "bente@kommune.dk",
            "complaint": "Klagen",
            "questions": "Spørgsmål",
            "citizen_consent": "on",
            "consent_date": "2025-04-10",
            "sent_on": "2025-04-14",
        },
    )
    assert answer.status_code == 302
    request = DepartmentRequest.objects.get(inquiry=inquiry)
    assert AccessRecord.objects.filter(
        action=Action.CREATE, object_type="departmentrequest", object_uid=request.uid
    ).exists()

    page = advisor_client.get(reverse("inquiries:detail", args=[inquiry.uid])).content.decode()
    assert "Forvaltningens svar på oversendelse" in page
    assert "01.05.2025" in page
    assert "Du venter på" in page
    assert reverse("casework:request_answer", args=[request.uid]) in page


@at(date(2025, 4, 14))
def test_the_form_says_what_is_missing(inquiry, advisor_client):
    answer = advisor_client.post(
        reverse("casework:request_create", args=[inquiry.uid, "oversendelse"]),
        {"org_unit": inquiry.org_unit_id, "sent_on": "2025-04-14"},
    )
    assert answer.status_code == 200
    assert "samtykke" in answer.content.decode()
    assert not DepartmentRequest.objects.exists()


@at(date(2025, 5, 5))
def test_the_answer_and_an_extension_are_registered_on_their_pages(inquiry, advisor, client):
    with at(date(2025, 4, 14)):
        request = department_request_create(inquiry=inquiry, data=referral(inquiry), by=advisor)
    secretary = make_user("sekretaer", inquiry.office, role=User.Role.SECRETARY)
    client.force_login(secretary)

    extended = client.post(
        reverse("casework:deadline_extension", args=[request.deadline.uid]),
        {
            "requested_on": "2025-04-30",
            "reason": "Ferie",
            "new_due": "2025-05-08",
            "granted": "1",
        },
    )
    assert extended.status_code == 302
    answered = client.post(
        reverse("casework:request_answer", args=[request.uid]),
        {
            "answered_on": "2025-05-05",
            "answer": value("department_answer", "fuldt_medhold").pk,
            "summary": "Medhold.",
        },
    )
    assert answered.status_code == 302
    request.refresh_from_db()
    request.deadline.refresh_from_db()
    assert request.deadline.due == date(2025, 5, 8)
    assert request.deadline.met_on == date(2025, 5, 5)
    assert request.answer.code == "fuldt_medhold"


def test_a_reader_may_not_send_anything(inquiry, client):
    client.force_login(make_user("laeser", inquiry.office, role=User.Role.READER))
    url = reverse("casework:request_create", args=[inquiry.uid, "redegoerelse"])
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403


def test_an_unknown_kind_is_not_found(inquiry, advisor_client):
    url = reverse("casework:request_create", args=[inquiry.uid, "brev"])
    assert advisor_client.get(url).status_code == 404


def test_the_advisors_own_reply_deadline_is_not_extended_on_request(office, advisor):
    inquiry = make_inquiry(office, channel="mail", by=advisor)
    reply = inquiry.deadlines.get(kind=Deadline.Kind.REPLY)
    with pytest.raises(ValidationError, match="Kun forvaltningens frister"):
        deadline_extend(
            deadline=reply,
            requested_on=reply.due,
            reason="Travlt",
            new_due=date(reply.due.year + 1, 1, 5),
            by=advisor,
        )
    assert not reply.extensions.exists()


def test_the_panel_offers_no_extension_of_the_reply_deadline(advisor_client, office, advisor):
    inquiry = make_inquiry(office, channel="mail", by=advisor)
    reply = inquiry.deadlines.get(kind=Deadline.Kind.REPLY)
    page = advisor_client.get(reverse("inquiries:detail", args=[inquiry.uid])).content.decode()
    assert reverse("casework:deadline_met", args=[reply.uid]) in page
    assert reverse("casework:deadline_extension", args=[reply.uid]) not in page

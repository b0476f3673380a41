"""The statement per complaint point, the dialogue rule and the follow-up (services)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from borgerraadgiver.casework.models import Deadline, DepartmentRequest, PointStatement
from borgerraadgiver.casework.statements_selectors import (
    dialogue_rule_errors,
    point_dialogue,
    recommendations,
)
from borgerraadgiver.casework.statements_services import (
    inquiry_statement_given,
    statement_follow_up_report,
    statement_save,
)
from borgerraadgiver.imports.services import import_file
from borgerraadgiver.imports.tests.helpers import HEADER, csv_file
from borgerraadgiver.inquiries.models import ComplaintPoint, Inquiry
from borgerraadgiver.inquiries.services import InquiryData, PointData, inquiry_update
from borgerraadgiver.offices.services import orgunit_create
from tests.factories import make_inquiry, unit, value

pytestmark = [pytest.mark.casework, pytest.mark.django_db]

TODAY = datetime.date(2025, 3, 3)
FROZEN = "2025-03-03 10:00 +01:00"
JOBCENTER = "Jobcenter"


def send_request(
    inquiry: Inquiry,
    org_unit,
    *,
    kind: str = DepartmentRequest.Kind.STATEMENT,
    sent: datetime.date = datetime.date(2025, 2, 17),
    due: datetime.date | None = datetime.date(2025, 3, 10),
    answered: datetime.date | None = None,
    points: tuple[ComplaintPoint, ...] = (),
) -> DepartmentRequest:
    """A request as the requests area stores it: the request and its deadline row."""
    request = DepartmentRequest.objects.create(
        inquiry=inquiry,
        office=inquiry.office,
        kind=kind,
        org_unit=org_unit,
        sent_on=sent,
        answered_on=answered,
    )
    request.points.set(points)
    if due is not None:
        Deadline.objects.create(
            office=inquiry.office,
            inquiry=inquiry,
            kind=kind,
            due=due,
            original_due=due,
            request=request,
        )
    return request


@pytest.fixture
def inquiry(office, advisor):
    return make_inquiry(
        office, org_unit=JOBCENTER, themes=("begrundelse", "vejledning"), by=advisor
    )


@pytest.fixture
def point(inquiry):
    return inquiry.points.get(position=1)


def _kritik(point, by, **kwargs):
    return statement_save(
        point=point,
        by=by,
        conclusion=value("conclusion", "kritik"),
        perspectives=["legal"],
        reasons="Borgeren fik ikke svar.",
        **kwargs,
    )


# --- the dialogue rule ------------------------------------------------------------


@time_machine.travel(FROZEN, tick=False)
def test_kritik_is_refused_before_any_request_was_sent(point, advisor):
    with pytest.raises(ValidationError) as caught:
        _kritik(point, advisor)

    message = " ".join(caught.value.message_dict["conclusion"])
    assert "send en anmodning om redegørelse" in message
    # Named by its department, the top-level unit above Jobcenter.
    assert point.org_unit.root.name in message
    point.refresh_from_db()
    assert point.conclusion is None
    assert not PointStatement.objects.exists()


@time_machine.travel(FROZEN, tick=False)
def test_henstilling_is_refused_while_the_departments_deadline_runs(inquiry, point, advisor):
    send_request(inquiry, point.org_unit, due=datetime.date(2025, 3, 10))

    with pytest.raises(ValidationError) as caught:
        statement_save(
            point=point,
            by=advisor,
            conclusion=value("conclusion", "henstilling"),
            recommendation="Svar borgeren.",
            follow_up_due=datetime.date(2025, 6, 1),
        )

    assert "endnu ikke svaret" in " ".join(caught.value.message_dict["conclusion"])


@time_machine.travel(FROZEN, tick=False)
def test_the_deadline_ending_today_is_not_yet_passed(inquiry, point, advisor):
    send_request(inquiry, point.org_unit, due=TODAY)

    assert not point_dialogue(point).met


@time_machine.travel(FROZEN, tick=False)
def test_kritik_is_allowed_once_the_deadline_has_passed(inquiry, point, advisor):
    send_request(inquiry, point.org_unit, due=TODAY - datetime.timedelta(days=1))

    _kritik(point, advisor, criticism_grade=value("criticism_grade", "kritisabelt"))

    point.refresh_from_db()
    assert point.conclusion == value("conclusion", "kritik")
    assert point.criticism_grade == value("criticism_grade", "kritisabelt")


@time_machine.travel(FROZEN, tick=False)
def test_kritik_is_allowed_after_the_department_answered(inquiry, point, advisor):
    send_request(inquiry, point.org_unit, answered=datetime.date(2025, 2, 28))

    statement = _kritik(point, advisor)

    assert statement.perspectives == ["legal"]
    assert statement.reasons == "Borgeren fik ikke svar."
    assert statement.decided_on == TODAY
    point.refresh_from_db()
    assert point.conclusion == value("conclusion", "kritik")


@time_machine.travel(FROZEN, tick=False)
def test_a_referral_answered_counts_too(inquiry, point, advisor):
    send_request(
        inquiry, point.org_unit, kind=DepartmentRequest.Kind.REFERRAL, answered=TODAY, due=None
    )

    assert point_dialogue(point).met


@time_machine.travel(FROZEN, tick=False)
@pytest.mark.parametrize("to", ["unit above", "department"])
def test_a_request_to_a_unit_above_covers_a_points_sub_unit(office, inquiry, point, advisor, to):
    jobcenter = unit(office, JOBCENTER)
    team = orgunit_create(office=office, name="Team Ydelse", parent=jobcenter)
    point.org_unit = team
    point.save()
    send_request(inquiry, jobcenter if to == "unit above" else jobcenter.root, answered=TODAY)

    assert point_dialogue(point).met


@time_machine.travel(FROZEN, tick=False)
def test_a_request_to_another_department_does_not_count(office, inquiry, point, advisor):
    department = point.org_unit.root
    other = office.org_units.filter(parent__isnull=True).exclude(pk=department.pk).first()
    send_request(inquiry, other, answered=TODAY)

    assert not point_dialogue(point).met


@time_machine.travel(FROZEN, tick=False)
def test_a_request_about_another_point_does_not_cover_this_one(inquiry, point, advisor):
    second = inquiry.points.get(position=2)
    send_request(inquiry, point.org_unit, answered=TODAY, points=(second,))

    assert not point_dialogue(point).met
    assert point_dialogue(second).met


@time_machine.travel(FROZEN, tick=False)
def test_ingen_kritik_needs_no_request(point, advisor):
    statement_save(point=point, by=advisor, conclusion=value("conclusion", "ingen_kritik"))

    point.refresh_from_db()
    assert point.conclusion == value("conclusion", "ingen_kritik")


@time_machine.travel(FROZEN, tick=False)
def test_a_point_that_already_has_kritik_keeps_it_when_the_reasons_are_edited(point, advisor):
    # As an import leaves it: kritik without any request in the system.
    ComplaintPoint.objects.filter(pk=point.pk).update(conclusion=value("conclusion", "kritik"))
    point.refresh_from_db()

    _kritik(point, advisor)

    assert PointStatement.objects.get(point=point).reasons == "Borgeren fik ikke svar."


def test_a_grade_belongs_to_kritik_only(inquiry, point, advisor):
    with pytest.raises(ValidationError) as caught:
        statement_save(
            point=point,
            by=advisor,
            conclusion=value("conclusion", "ingen_kritik"),
            criticism_grade=value("criticism_grade", "kritisabelt"),
        )
    assert "criticism_grade" in caught.value.message_dict


# --- the registration path and the import --------------------------------------------


@time_machine.travel(FROZEN, tick=False)
def test_the_registration_check_refuses_kritik_on_a_new_inquiry(office):
    data = [
        PointData(theme=value("theme", "begrundelse"), conclusion=value("conclusion", "kritik"))
    ]

    errors = dialogue_rule_errors(inquiry=None, points=data, default_unit=unit(office, JOBCENTER))

    assert list(errors) == ["point_1"]
    assert errors["point_1"][0].startswith("Klagepunkt 1:")


def test_the_service_without_the_rule_still_registers_kritik(office, inquiry):
    # inquiry_update as the import and the builders call it: no dialogue rule.
    data = InquiryData(
        received=inquiry.received,
        org_unit=inquiry.org_unit,
        points=[
            PointData(theme=value("theme", "begrundelse"), conclusion=value("conclusion", "kritik"))
        ],
    )
    inquiry_update(inquiry=inquiry, data=data, expected_version=inquiry.version)

    assert inquiry.points.get().conclusion == value("conclusion", "kritik")


def test_the_service_with_the_rule_refuses_kritik_and_keeps_the_point(office, inquiry):
    data = InquiryData(
        received=inquiry.received,
        org_unit=inquiry.org_unit,
        points=[
            PointData(theme=value("theme", "begrundelse"), conclusion=value("conclusion", "kritik"))
        ],
    )
    with pytest.raises(ValidationError) as caught:
        inquiry_update(
            inquiry=inquiry, data=data, expected_version=inquiry.version, dialogue_rule=True
        )

    assert "point_1" in caught.value.message_dict
    assert inquiry.points.get(position=1).conclusion is None


def test_the_import_registers_historical_kritik_without_any_request(office, tmp_path):
    path = csv_file(
        tmp_path,
        HEADER,
        "H-1;2024-05-02;Jobcenter;p1;1;begrundelse;;kritik;telefon;2024-06-01",
        "H-1;2024-05-02;Jobcenter;p1;2;Partshøring;;henstilling;telefon;2024-06-01",
    )

    result = import_file(office, path)

    assert result.errors == []
    conclusions = set(
        Inquiry.objects.get(reference="H-1").points.values_list("conclusion__code", flat=True)
    )
    assert conclusions == {"kritik", "henstilling"}


# --- follow-up ----------------------------------------------------------------------


@time_machine.travel(FROZEN, tick=False)
def test_a_henstilling_needs_a_follow_up_date(inquiry, point, advisor):
    send_request(inquiry, point.org_unit, answered=TODAY)

    with pytest.raises(ValidationError) as caught:
        statement_save(point=point, by=advisor, conclusion=value("conclusion", "henstilling"))

    assert "follow_up_due" in caught.value.message_dict


@time_machine.travel(FROZEN, tick=False)
def test_a_recommendation_needs_a_follow_up_date_whatever_the_conclusion(point, advisor):
    with pytest.raises(ValidationError) as caught:
        statement_save(
            point=point,
            by=advisor,
            conclusion=value("conclusion", "ingen_kritik"),
            recommendation="Skriv kortere breve.",
        )

    assert "follow_up_due" in caught.value.message_dict


@time_machine.travel(FROZEN, tick=False)
def test_a_henstilling_creates_a_follow_up_deadline_for_the_advisor(inquiry, point, advisor):
    send_request(inquiry, point.org_unit, answered=TODAY)
    due = datetime.date(2025, 6, 2)

    statement = statement_save(
        point=point,
        by=advisor,
        conclusion=value("conclusion", "henstilling"),
        recommendation="Genoptag sagen.",
        follow_up_due=due,
    )

    deadline = Deadline.objects.get(statement=statement)
    assert (deadline.kind, deadline.due, deadline.original_due) == (
        Deadline.Kind.FOLLOW_UP,
        due,
        due,
    )
    assert deadline.inquiry_id == inquiry.pk and deadline.office_id == inquiry.office_id
    assert deadline.responsible == advisor
    assert deadline.met_on is None
    assert statement.follow_up == PointStatement.FollowUp.PENDING


@time_machine.travel(FROZEN, tick=False)
def test_moving_the_follow_up_date_moves_the_deadline_and_dropping_it_removes_it(
    inquiry, point, advisor
):
    statement = statement_save(
        point=point,
        by=advisor,
        conclusion=value("conclusion", "ingen_kritik"),
        recommendation="Skriv kortere breve.",
        follow_up_due=datetime.date(2025, 6, 2),
    )
    statement_save(
        point=point,
        by=advisor,
        conclusion=value("conclusion", "ingen_kritik"),
        recommendation="Skriv kortere breve.",
        follow_up_due=datetime.date(2025, 7, 1),
    )
    assert Deadline.objects.get(statement=statement).due == datetime.date(2025, 7, 1)

    statement_save(point=point, by=advisor, conclusion=value("conclusion", "ingen_kritik"))

    assert not Deadline.objects.filter(statement=statement).exists()
    statement.refresh_from_db()
    assert statement.follow_up == PointStatement.FollowUp.NONE


@time_machine.travel(FROZEN, tick=False)
def test_the_departments_report_meets_the_follow_up_deadline(inquiry, point, advisor):
    send_request(inquiry, point.org_unit, answered=TODAY)
    statement = statement_save(
        point=point,
        by=advisor,
        conclusion=value("conclusion", "henstilling"),
        recommendation="Genoptag sagen.",
        follow_up_due=datetime.date(2025, 3, 31),
    )

    with time_machine.travel("2025-04-02 09:00 +02:00", tick=False):
        statement_follow_up_report(
            statement=statement,
            followed=False,
            reported_on=datetime.date(2025, 4, 1),
            note="Forvaltningen fastholder sin praksis.",
            by=advisor,
        )

    statement.refresh_from_db()
    assert statement.follow_up == PointStatement.FollowUp.NOT_FOLLOWED
    assert statement.follow_up_reported_on == datetime.date(2025, 4, 1)
    assert statement.follow_up_note == "Forvaltningen fastholder sin praksis."
    assert Deadline.objects.get(statement=statement).met_on == datetime.date(2025, 4, 1)
    assert list(recommendations(inquiry.office, state="not_followed")) == [statement]
    assert list(recommendations(inquiry.office, state="followed")) == []


@time_machine.travel(FROZEN, tick=False)
def test_a_report_without_a_follow_up_is_refused(point, advisor):
    statement = statement_save(
        point=point, by=advisor, conclusion=value("conclusion", "ingen_kritik")
    )

    with pytest.raises(ValidationError):
        statement_follow_up_report(
            statement=statement, followed=True, reported_on=TODAY, by=advisor
        )


# --- the outcome --------------------------------------------------------------------


@time_machine.travel(FROZEN, tick=False)
def test_the_outcome_waits_for_every_point_then_becomes_udtalelse_afgivet(inquiry, advisor):
    first, second = inquiry.points.order_by("position")
    statement_save(point=first, by=advisor, conclusion=value("conclusion", "ingen_kritik"))
    with pytest.raises(ValidationError):
        inquiry_statement_given(inquiry=inquiry, by=advisor)

    statement_save(point=second, by=advisor, conclusion=value("conclusion", "afvisning"))
    inquiry_statement_given(inquiry=inquiry, by=advisor)

    inquiry.refresh_from_db()
    assert inquiry.outcome == value("outcome", "udtalelse_afgivet")
    # Offered, not closed.
    assert inquiry.status == Inquiry.Status.OPEN


@time_machine.travel(FROZEN, tick=False)
def test_a_statement_makes_an_open_edit_form_stale(inquiry, point, advisor):
    version = inquiry.version

    statement_save(point=point, by=advisor, conclusion=value("conclusion", "ingen_kritik"))

    inquiry.refresh_from_db()
    assert inquiry.version == version + 1

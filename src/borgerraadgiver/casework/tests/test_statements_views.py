"""The statement page, the panel, the follow-up report and the council's list (views)."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from borgerraadgiver.audit.models import AccessRecord, Action
from borgerraadgiver.casework.models import Deadline, DepartmentRequest, PointStatement
from borgerraadgiver.casework.statements_services import (
    statement_follow_up_report,
    statement_save,
)
from borgerraadgiver.inquiries.models import Inquiry
from borgerraadgiver.inquiries.tests.test_registration_views import intake_post
from borgerraadgiver.offices.models import User
from borgerraadgiver.offices.services import office_settings_update
from tests.factories import make_inquiry, make_user, unit, value

from .test_statements_services import send_request

pytestmark = [pytest.mark.casework, pytest.mark.django_db]

FROZEN = "2025-03-03 10:00 +01:00"
TODAY = datetime.date(2025, 3, 3)
LEJRE_UNIT = "Center for Job og Ydelser"


@pytest.fixture
def inquiry(office, advisor):
    return make_inquiry(office, org_unit="Jobcenter", themes=("begrundelse",), by=advisor)


def _edit_url(inquiry: Inquiry, position: int = 1) -> str:
    return reverse("casework:statement_edit", kwargs={"uid": inquiry.uid, "position": position})


def _follow_up_url(inquiry: Inquiry, position: int = 1) -> str:
    return reverse(
        "casework:statement_follow_up", kwargs={"uid": inquiry.uid, "position": position}
    )


def _statement_post(**fields) -> dict:
    data = {
        "perspectives": ["legal", "ethical"],
        "conclusion": value("conclusion", "kritik").pk,
        "criticism_grade": "",
        "reasons": "Borgeren fik ikke svar i fire måneder.",
        "recommendation": "",
        "decided_on": "2025-03-03",
        "follow_up_due": "",
    }
    data.update(fields)
    return data


def _records(user: User, action: str) -> list[AccessRecord]:
    return list(AccessRecord.objects.filter(user=user, action=action))


@time_machine.travel(FROZEN, tick=False)
def test_the_statement_page_shows_the_point_and_is_audited(advisor_client, advisor, inquiry):
    response = advisor_client.get(_edit_url(inquiry))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Udtalelse om klagepunkt 1" in page
    assert "Ingen kritik eller henstilling endnu" in page
    assert [r.object_uid for r in _records(advisor, Action.READ)] == [inquiry.uid]


@time_machine.travel(FROZEN, tick=False)
def test_kritik_before_a_request_is_refused_on_the_page(advisor_client, advisor, inquiry):
    response = advisor_client.post(_edit_url(inquiry), _statement_post())

    assert response.status_code == 200
    assert "send en anmodning om redegørelse" in response.content.decode()
    assert inquiry.points.get().conclusion is None
    assert not _records(advisor, Action.CHANGE)


@time_machine.travel(FROZEN, tick=False)
def test_kritik_after_the_answer_is_saved_and_audited(advisor_client, advisor, inquiry):
    point = inquiry.points.get()
    send_request(inquiry, point.org_unit, answered=TODAY)

    response = advisor_client.post(
        _edit_url(inquiry),
        _statement_post(criticism_grade=value("criticism_grade", "meget_kritisabelt").pk),
    )

    assert response.status_code == 302
    assert response["Location"].endswith("#udtalelser")
    point.refresh_from_db()
    assert point.conclusion == value("conclusion", "kritik")
    assert point.criticism_grade == value("criticism_grade", "meget_kritisabelt")
    assert PointStatement.objects.get(point=point).perspectives == ["legal", "ethical"]
    assert [r.object_uid for r in _records(advisor, Action.CHANGE)] == [inquiry.uid]


def test_another_offices_point_is_not_found(advisor_client, other_office):
    theirs = make_inquiry(other_office, org_unit=LEJRE_UNIT, themes=("begrundelse",))

    assert advisor_client.get(_edit_url(theirs)).status_code == 404
    assert advisor_client.post(_follow_up_url(theirs), {}).status_code == 404


def test_a_point_that_does_not_exist_is_not_found(advisor_client, inquiry):
    assert advisor_client.get(_edit_url(inquiry, 9)).status_code == 404


# --- the secretary ------------------------------------------------------------------


@pytest.fixture
def secretary_client(client, office):
    client.force_login(make_user("sigrid", office, role=User.Role.SECRETARY))
    return client


def test_a_secretary_without_the_grant_gets_403_everywhere(secretary_client, inquiry):
    outcome = reverse("casework:statement_outcome", kwargs={"uid": inquiry.uid})

    assert secretary_client.get(_edit_url(inquiry)).status_code == 403
    assert secretary_client.post(_edit_url(inquiry), _statement_post()).status_code == 403
    assert secretary_client.post(_follow_up_url(inquiry), {}).status_code == 403
    assert secretary_client.post(outcome).status_code == 403
    # Reading the council's list is casework: the secretary may.
    assert secretary_client.get(reverse("casework:recommendations")).status_code == 200


@time_machine.travel(FROZEN, tick=False)
def test_a_secretary_with_the_grant_writes_a_statement(secretary_client, office, inquiry):
    office_settings_update(
        office=office,
        report_period_start=office.report_period_start,
        report_period_end=office.report_period_end,
        statement_deadline_days=office.statement_deadline_days,
        secretary_capabilities=["statement.write"],
    )

    response = secretary_client.post(
        _edit_url(inquiry), _statement_post(conclusion=value("conclusion", "ingen_kritik").pk)
    )

    assert response.status_code == 302
    assert inquiry.points.get().conclusion == value("conclusion", "ingen_kritik")


def test_the_inquiry_page_of_a_secretary_offers_no_statement_form(secretary_client, inquiry):
    page = secretary_client.get(reverse("inquiries:detail", kwargs={"uid": inquiry.uid}))

    assert "Ingen udtalelse endnu" in page.content.decode()
    assert _edit_url(inquiry) not in page.content.decode()


# --- the registration path (the intake and edit forms) -------------------------------------


@pytest.fixture
def lejre_client(client, other_office):
    # Lejre registers a conclusion per complaint point on its forms.
    client.force_login(make_user("lene", other_office))
    return client


def _lejre_edit(inquiry: Inquiry, conclusion: str) -> dict:
    return intake_post(
        inquiry.office,
        org_unit=unit(inquiry.office, LEJRE_UNIT).pk,
        received="2025-01-15",
        version=Inquiry.objects.get(pk=inquiry.pk).version,
        points=[
            {
                "theme": value("theme", "begrundelse").pk,
                "conclusion": value("conclusion", conclusion).pk,
            }
        ],
    )


@time_machine.travel(FROZEN, tick=False)
def test_the_edit_form_refuses_kritik_until_the_department_answered(lejre_client, other_office):
    inquiry = make_inquiry(other_office, org_unit=LEJRE_UNIT, themes=("begrundelse",))
    url = reverse("inquiries:edit", kwargs={"uid": inquiry.uid})

    refused = lejre_client.post(url, _lejre_edit(inquiry, "henstilling"))

    assert refused.status_code == 200
    assert "Klagepunkt 1: Forvaltningen har ikke haft lejlighed" in refused.content.decode()
    assert inquiry.points.get().conclusion is None

    send_request(inquiry, unit(other_office, LEJRE_UNIT), answered=TODAY)
    assert lejre_client.post(url, _lejre_edit(inquiry, "kritik")).status_code == 302
    assert inquiry.points.get().conclusion == value("conclusion", "kritik")


@time_machine.travel(FROZEN, tick=False)
def test_the_intake_form_refuses_kritik_on_a_new_inquiry(lejre_client, other_office):
    data = intake_post(
        other_office,
        org_unit=unit(other_office, LEJRE_UNIT).pk,
        points=[
            {
                "theme": value("theme", "begrundelse").pk,
                "conclusion": value("conclusion", "kritik").pk,
            }
        ],
    )

    response = lejre_client.post(reverse("inquiries:create"), data)

    assert response.status_code == 200
    assert not Inquiry.objects.filter(office=other_office).exists()


@time_machine.travel(FROZEN, tick=False)
def test_an_edit_keeps_kritik_the_point_already_had(lejre_client, other_office):
    inquiry = make_inquiry(other_office, org_unit=LEJRE_UNIT, themes=("begrundelse",))
    inquiry.points.update(conclusion=value("conclusion", "kritik"))
    url = reverse("inquiries:edit", kwargs={"uid": inquiry.uid})

    assert lejre_client.post(url, _lejre_edit(inquiry, "kritik")).status_code == 302


# --- the panel, the follow-up and the outcome ------------------------------------------


@time_machine.travel(FROZEN, tick=False)
def test_the_panel_shows_the_statement_and_takes_the_departments_report(
    advisor_client, advisor, inquiry
):
    point = inquiry.points.get()
    send_request(inquiry, point.org_unit, answered=TODAY)
    statement = statement_save(
        point=point,
        by=advisor,
        conclusion=value("conclusion", "henstilling"),
        reasons="Sagen bør genoptages.",
        recommendation="Genoptag sagen og svar borgeren.",
        follow_up_due=datetime.date(2025, 3, 31),
    )
    detail = reverse("inquiries:detail", kwargs={"uid": inquiry.uid})

    page = advisor_client.get(detail).content.decode()
    assert "Genoptag sagen og svar borgeren." in page
    assert "Dialogprincippet er opfyldt" in page
    assert "Afventer forvaltningens tilbagemelding" in page
    assert f'action="{_follow_up_url(inquiry)}"' in page
    assert "Sæt udfaldet til »Udtalelse afgivet«" in page

    answer = advisor_client.post(
        _follow_up_url(inquiry),
        {
            "punkt1-result": "followed",
            "punkt1-reported_on": "2025-03-03",
            "punkt1-note": "Sagen er genoptaget.",
        },
    )

    assert answer.status_code == 302
    statement.refresh_from_db()
    assert statement.follow_up == PointStatement.FollowUp.FOLLOWED
    assert Deadline.objects.get(statement=statement).met_on == TODAY


@time_machine.travel(FROZEN, tick=False)
def test_an_empty_report_shows_the_errors(advisor_client, advisor, inquiry):
    statement_save(
        point=inquiry.points.get(),
        by=advisor,
        conclusion=value("conclusion", "ingen_kritik"),
        recommendation="Skriv kortere breve.",
        follow_up_due=datetime.date(2026, 3, 31),
    )

    response = advisor_client.post(_follow_up_url(inquiry), {})

    assert response.status_code == 200
    assert "Vælg, om henstillingen er efterlevet." in response.content.decode()


@time_machine.travel(FROZEN, tick=False)
def test_the_outcome_button_sets_udtalelse_afgivet(advisor_client, advisor, inquiry):
    statement_save(
        point=inquiry.points.get(), by=advisor, conclusion=value("conclusion", "ingen_kritik")
    )

    response = advisor_client.post(
        reverse("casework:statement_outcome", kwargs={"uid": inquiry.uid})
    )

    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.outcome == value("outcome", "udtalelse_afgivet")
    assert inquiry.status == Inquiry.Status.OPEN


# --- the council's list and its download ------------------------------------------------


@pytest.fixture
def two_recommendations(office, advisor):
    """One henstilling not followed (the council's), one recommendation still pending."""
    with time_machine.travel(FROZEN, tick=False):
        first = make_inquiry(office, org_unit="Jobcenter", themes=("begrundelse",), by=advisor)
        point = first.points.get()
        send_request(first, point.org_unit, answered=TODAY)
        not_followed = statement_save(
            point=point,
            by=advisor,
            conclusion=value("conclusion", "henstilling"),
            recommendation="=Genoptag sagen",
            follow_up_due=datetime.date(2025, 3, 31),
        )
    with time_machine.travel("2025-04-02 10:00 +02:00", tick=False):
        statement_follow_up_report(
            statement=not_followed, followed=False, reported_on=datetime.date(2025, 4, 1)
        )
    with time_machine.travel("2025-06-02 10:00 +02:00", tick=False):
        second = make_inquiry(office, org_unit="Jobcenter", themes=("vejledning",), by=advisor)
        pending = statement_save(
            point=second.points.get(),
            by=advisor,
            conclusion=value("conclusion", "ingen_kritik"),
            recommendation="Skriv kortere breve.",
            follow_up_due=datetime.date(2025, 9, 1),
        )
    return first, second, not_followed, pending


def test_the_council_list_filters_by_state_and_period(advisor_client, advisor, two_recommendations):
    first, second, _nf, _p = two_recommendations
    url = reverse("casework:recommendations")

    everything = advisor_client.get(url)
    assert [s.point.inquiry for s in everything.context["statements"]] == [first, second]

    council = advisor_client.get(url, {"state": "not_followed"})
    assert [s.point.inquiry for s in council.context["statements"]] == [first]
    assert "Ikke efterlevet" in council.content.decode()

    summer = advisor_client.get(url, {"fra": "2025-05-01", "til": "2025-12-31"})
    assert [s.point.inquiry for s in summer.context["statements"]] == [second]

    assert len(_records(advisor, Action.READ)) == 3


def test_the_council_list_refuses_a_period_that_ends_before_it_starts(advisor_client):
    response = advisor_client.get(
        reverse("casework:recommendations"), {"fra": "2025-05-01", "til": "2025-01-01"}
    )
    assert response.status_code == 200
    assert response.context["statements"] == []


def test_the_council_list_downloads_as_csv_with_formulas_defused(
    advisor_client, advisor, two_recommendations
):
    response = advisor_client.get(
        reverse("casework:recommendations_export", kwargs={"fmt": "csv"}),
        {"state": "not_followed"},
    )

    assert response.status_code == 200
    text = response.getvalue().decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Journalnummer;Klagepunkt;Enhed")
    assert len(lines) == 2
    assert "'=Genoptag sagen" in lines[1]
    assert "Ikke efterlevet" in lines[1]
    [record] = _records(advisor, Action.EXPORT)
    assert (record.object_type, record.term) == ("recommendation_export", "state=not_followed")


def test_the_council_list_downloads_as_xlsx(advisor_client, two_recommendations):
    response = advisor_client.get(
        reverse("casework:recommendations_export", kwargs={"fmt": "xlsx"})
    )

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Journalnummer"
    assert len(rows) == 3
    assert rows[1][7] == "'=Genoptag sagen"


def test_an_unknown_download_format_is_not_found(advisor_client):
    url = reverse("casework:recommendations_export", kwargs={"fmt": "pdf"})
    assert advisor_client.get(url).status_code == 404


def test_a_reader_may_not_see_the_council_list(client, office):
    client.force_login(make_user("laila", office, role=User.Role.READER))
    assert client.get(reverse("casework:recommendations")).status_code == 403


def test_the_list_holds_only_the_offices_own(advisor_client, other_office, two_recommendations):
    theirs = make_inquiry(other_office, org_unit=LEJRE_UNIT, themes=("begrundelse",))
    PointStatement.objects.create(
        point=theirs.points.get(),
        office=other_office,
        recommendation="Fremmed anbefaling",
        decided_on=datetime.date(2025, 3, 1),
        follow_up=PointStatement.FollowUp.PENDING,
    )

    page = advisor_client.get(reverse("casework:recommendations"))

    assert "Fremmed anbefaling" not in page.content.decode()
    assert DepartmentRequest.objects.exists()  # the fixture's, in the own office

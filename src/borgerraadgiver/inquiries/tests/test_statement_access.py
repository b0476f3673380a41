"""Statements (conclusions, outcome, closing) need statement.write.

Secretaries get it only where their office allows it.

Lejre registers both the outcome and a conclusion per complaint point.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from borgerraadgiver.inquiries.models import Inquiry
from borgerraadgiver.offices.models import User
from borgerraadgiver.offices.services import office_settings_update
from tests.factories import make_inquiry, make_user, unit, value

from .test_registration_views import intake_post

CREATE = reverse("inquiries:create")
UNIT = "Center for Job og Ydelser"


@pytest.fixture
def secretary_client(client, other_office):
    client.force_login(make_user("sigrid", other_office, role=User.Role.SECRETARY))
    return client


def _allow_secretaries_statements(office) -> None:
    office_settings_update(
        office=office,
        report_period_start=office.report_period_start,
        report_period_end=office.report_period_end,
        statement_deadline_days=office.statement_deadline_days,
        secretary_capabilities=["statement.write"],
    )


def _post(office, **fields):
    """Everything a statement is, filled in: what a role without statement.write may not set."""
    statement = {
        "org_unit": unit(office, UNIT).pk,
        "outcome": value("outcome", "borger_vejledt").pk,
        "closed": "2025-03-10",
        "points": [
            {
                "theme": value("theme", "begrundelse").pk,
                "conclusion": value("conclusion", "kritik").pk,
            }
        ],
    }
    return intake_post(office, **{**statement, **fields})


@pytest.fixture
def closed_inquiry(other_office):
    inquiry = make_inquiry(other_office, org_unit=UNIT, themes=("begrundelse",))
    inquiry.closed = datetime.date(2025, 2, 1)
    inquiry.status = Inquiry.Status.CLOSED
    inquiry.outcome = value("outcome", "borger_vejledt")
    inquiry.save()
    inquiry.points.update(conclusion=value("conclusion", "kritik"))
    return inquiry


def test_a_secretarys_form_has_no_conclusion_outcome_or_closing_date(secretary_client):
    response = secretary_client.get(CREATE)

    forms = response.context["forms"]
    assert not {"outcome", "closed"} & set(forms.main.fields)
    assert "conclusion" not in forms.points.forms[0].fields
    assert "Afslutning" not in response.content.decode()


def test_a_secretary_registers_an_open_inquiry_whatever_is_posted(secretary_client, other_office):
    response = secretary_client.post(CREATE, _post(other_office))

    assert response.status_code == 302
    inquiry = Inquiry.objects.get(office=other_office)
    assert (inquiry.status, inquiry.closed, inquiry.outcome) == (Inquiry.Status.OPEN, None, None)
    assert inquiry.points.get().conclusion is None


def test_a_secretarys_edit_keeps_the_conclusion_outcome_and_closing_date(
    secretary_client, other_office, closed_inquiry
):
    data = _post(
        other_office,
        received="2025-01-15",
        version=closed_inquiry.version,
        account="Rettet af sekretæren",
        closed="",
        outcome="",
    )
    data["points-0-conclusion"] = value("conclusion", "ingen_kritik").pk
    url = reverse("inquiries:edit", kwargs={"uid": closed_inquiry.uid})

    assert secretary_client.post(url, data).status_code == 302

    closed_inquiry.refresh_from_db()
    assert closed_inquiry.account == "Rettet af sekretæren"
    assert closed_inquiry.closed == datetime.date(2025, 2, 1)
    assert closed_inquiry.status == Inquiry.Status.CLOSED
    assert closed_inquiry.outcome == value("outcome", "borger_vejledt")
    assert closed_inquiry.points.get().conclusion == value("conclusion", "kritik")


def test_once_the_office_allows_it_a_secretary_concludes_and_closes(secretary_client, other_office):
    _allow_secretaries_statements(other_office)

    assert "closed" in secretary_client.get(CREATE).context["forms"].main.fields
    # Not kritik: a new inquiry has sent no request for a statement (the dialogue rule).
    data = _post(other_office)
    data["points-0-conclusion"] = value("conclusion", "ingen_kritik").pk
    assert secretary_client.post(CREATE, data).status_code == 302
    inquiry = Inquiry.objects.get(office=other_office)
    assert inquiry.closed == datetime.date(2025, 3, 10)
    assert inquiry.points.get().conclusion == value("conclusion", "ingen_kritik")

"""A granted erasure request (GDPR art. 17) is carried out at once, as retention would."""

from __future__ import annotations

import datetime
import json

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from borgerraadgiver.audit.models import AccessRecord, Action
from borgerraadgiver.casework.models import DepartmentRequest, PointStatement
from borgerraadgiver.inquiries.models import ComplaintPoint, Inquiry, JournalEntry, Person
from borgerraadgiver.privacy.models import ErasureRequest, LegalGround, RetentionRecord
from borgerraadgiver.privacy.services import (
    erasure_request_decide,
    erasure_request_register,
    legal_hold_release,
    legal_hold_set,
)
from borgerraadgiver.privacy.tests.casework_rows import TEXTS as CASEWORK_TEXTS
from borgerraadgiver.privacy.tests.casework_rows import make_casework
from borgerraadgiver.privacy.tests.test_retention import (
    ACCOUNT,
    CPR,
    DESCRIPTION,
    NAME,
    NOTE,
    citizen,
    note,
    register,
)
from borgerraadgiver.reports.periods import Period
from borgerraadgiver.reports.renderers import json as json_renderer
from borgerraadgiver.reports.selectors import report_build

pytestmark = pytest.mark.security

TODAY = datetime.date(2025, 9, 1)
OTHER = "Olivia Medanmoder"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2025, 9, 1, 12, 0), tick=False):
        yield


@pytest.fixture
def subject(office, advisor):
    """A citizen with two closed inquiries of 2025 (one with casework) and a request to erase."""
    person = citizen(office)
    first = register(office, closed=datetime.date(2025, 4, 1), person=person)
    note(first, upload=True)
    make_casework(first, by=advisor)
    second = register(
        office,
        closed=datetime.date(2025, 6, 1),
        received=datetime.date(2025, 5, 2),
        person=person,
        requester=citizen(office, name=OTHER, cpr="0303803333"),
    )
    erasure = erasure_request_register(
        person=person, received=datetime.date(2025, 8, 1), by=advisor
    )
    return {"person": person, "inquiries": [first, second], "erasure": erasure}


def grant(erasure: ErasureRequest, by=None) -> ErasureRequest:
    return erasure_request_decide(
        erasure=erasure,
        decision=ErasureRequest.Decision.GRANTED,
        legal_ground="",
        explanation="",
        decided_on=TODAY,
        by=by,
    )


def _report(office) -> bytes:
    period = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    return json_renderer.render(report_build(office, period))


def test_a_grant_anonymises_the_person_and_their_inquiries_and_the_report_is_unchanged(
    office, subject, django_capture_on_commit_callbacks
):
    before = _report(office)

    with django_capture_on_commit_callbacks(execute=True):
        grant(subject["erasure"])

    assert _report(office) == before
    person = Person.objects.get(pk=subject["person"].pk)
    assert (person.name, person.address, person.phone, person.email, person.cpr) == (
        ("", "", "", "", "")
    )
    assert not Person.objects.with_cpr(office, CPR).exists()
    for inquiry in subject["inquiries"]:
        inquiry.refresh_from_db()
        assert (inquiry.account, inquiry.search_names) == ("", "")
        assert inquiry.person_id == person.pk  # the pseudonymous link stays for the counts
        assert not ComplaintPoint.objects.filter(inquiry=inquiry).exclude(description="").exists()
        assert not JournalEntry.objects.filter(inquiry=inquiry).exclude(text="").exists()
        assert not JournalEntry.objects.filter(inquiry=inquiry).exclude(attachment="").exists()
    assert DepartmentRequest.objects.get().complaint == ""
    assert PointStatement.objects.get().reasons == ""
    assert PointStatement.objects.get().follow_up == PointStatement.FollowUp.FOLLOWED


def test_the_deletion_log_names_the_request_and_holds_no_content(office, subject):
    grant(subject["erasure"])

    records = RetentionRecord.objects.order_by("inquiry_reference")
    assert [r.inquiry_id for r in records] == sorted(
        (i.pk for i in subject["inquiries"]),
        key=lambda pk: Inquiry.objects.get(pk=pk).reference,
    )
    assert {r.cause for r in records} == {RetentionRecord.Cause.ERASURE}
    assert {r.erasure_id for r in records} == {subject["erasure"].pk}
    assert {r.run_on for r in records} == {TODAY}
    first = RetentionRecord.objects.get(inquiry=subject["inquiries"][0])
    assert first.removed["casework_texts"] == 7
    assert first.removed["persons"] == 1
    second = RetentionRecord.objects.get(inquiry=subject["inquiries"][1])
    assert (second.removed["persons"], second.removed["persons_kept"]) == (1, 1)
    stored = json.dumps(list(RetentionRecord.objects.values()), default=str, ensure_ascii=False)
    for secret in (NAME, "Zenobia", ACCOUNT, NOTE, DESCRIPTION, CPR, *CASEWORK_TEXTS.values()):
        assert secret not in stored


def test_a_co_named_person_who_did_not_ask_keeps_their_data(office, subject):
    grant(subject["erasure"])
    other = Person.objects.get(name=OTHER)
    assert other.cpr == "0303803333"


def test_a_legal_hold_refuses_the_grant_and_nothing_changes(office, subject, advisor):
    held = subject["inquiries"][1]
    hold = legal_hold_set(inquiry=held, reason="Verserende retssag", by=advisor)

    with pytest.raises(ValidationError, match="tilbageholdt"):
        grant(subject["erasure"])

    subject["erasure"].refresh_from_db()
    assert subject["erasure"].is_open
    assert Person.objects.get(pk=subject["person"].pk).name == NAME
    assert Inquiry.objects.get(pk=subject["inquiries"][0].pk).account == ACCOUNT
    assert DepartmentRequest.objects.get().complaint == CASEWORK_TEXTS["complaint"]
    assert not RetentionRecord.objects.exists()

    legal_hold_release(hold=hold, by=advisor)
    grant(subject["erasure"])
    assert Person.objects.get(pk=subject["person"].pk).name == ""


def test_an_open_inquiry_refuses_the_grant(office, subject):
    register(office, closed=None, person=subject["person"], received=datetime.date(2025, 8, 15))
    with pytest.raises(ValidationError, match="ikke afsluttet"):
        grant(subject["erasure"])
    assert Person.objects.get(pk=subject["person"].pk).name == NAME


@pytest.mark.parametrize("decision", [ErasureRequest.Decision.REFUSED, "partly"])
def test_a_refusal_or_partial_grant_removes_nothing(office, subject, decision):
    erasure_request_decide(
        erasure=subject["erasure"],
        decision=decision,
        legal_ground=LegalGround.ARCHIVES,
        explanation="",
        decided_on=TODAY,
        by=None,
    )
    assert Person.objects.get(pk=subject["person"].pk).name == NAME
    assert not RetentionRecord.objects.exists()


def test_the_grant_through_the_page_is_recorded_as_a_deletion_in_the_audit_trail(
    advisor_client, advisor, subject
):
    erasure = subject["erasure"]
    prefix = f"afg-{erasure.pk}"
    response = advisor_client.post(
        reverse("privacy:erasure_decide", kwargs={"uid": erasure.uid}),
        {f"{prefix}-decision": "granted", f"{prefix}-decided_on": TODAY.isoformat()},
    )

    assert response.status_code == 302
    assert Person.objects.get(pk=subject["person"].pk).name == ""
    record = AccessRecord.objects.get(action=Action.DELETE)
    assert (record.user, record.person_uid) == (advisor, subject["person"].uid)
    page = advisor_client.get(response["Location"]).content.decode()
    assert "personens oplysninger er slettet" in page


def test_a_refused_grant_shows_why_on_the_page(advisor_client, advisor, subject):
    legal_hold_set(inquiry=subject["inquiries"][0], reason="Retssag", by=advisor)
    erasure = subject["erasure"]
    prefix = f"afg-{erasure.pk}"
    response = advisor_client.post(
        reverse("privacy:erasure_decide", kwargs={"uid": erasure.uid}),
        {f"{prefix}-decision": "granted", f"{prefix}-decided_on": TODAY.isoformat()},
    )
    assert response.status_code == 200
    assert "er tilbageholdt" in response.content.decode()
    assert not AccessRecord.objects.filter(action=Action.DELETE).exists()

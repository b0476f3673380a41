"""The requests area's visits for tests/security/test_audit_completeness.py (no tests here).

Each visit does what an advisor does on the route and returns the audit
records it must leave. Kept here, beside the area's code, and read by the
security test at its marked place; `Expected` has the fields that test
compares.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.test import Client
from django.urls import reverse

from borgerraadgiver.audit.models import Action
from borgerraadgiver.casework.models import Deadline, DepartmentRequest
from borgerraadgiver.casework.requests_services import RequestData, department_request_create


@dataclass(frozen=True)
class Expected:
    action: str
    object_type: str
    object_uid: uuid.UUID | None = None
    person_uid: uuid.UUID | None = None
    term: str = ""


def _request(w: Any) -> DepartmentRequest:
    return department_request_create(
        inquiry=w.inquiry,
        data=RequestData(
            kind=DepartmentRequest.Kind.REFERRAL,
            org_unit=w.inquiry.org_unit,
            sent_on=w.inquiry.received,
            contact_name="Kontaktperson",
            contact_email="kontakt@example.org",
            complaint="Klagen",
            citizen_consent=True,
            consent_date=w.inquiry.received,
        ),
        by=w.advisor,
    )


def _create(client: Client, w: Any) -> list[Expected]:
    url = reverse("casework:request_create", args=[w.inquiry.uid, "oversendelse"])
    assert client.get(url).status_code == 200
    answer = client.post(
        url,
        {
            "org_unit": w.inquiry.org_unit_id,
            "sent_on": w.inquiry.received.isoformat(),
            "complaint": "Klagen",
            "citizen_consent": "on",
            "consent_date": w.inquiry.received.isoformat(),
        },
    )
    assert answer.status_code == 302, answer.content[:2000]
    created = DepartmentRequest.objects.get(inquiry=w.inquiry)
    return [
        Expected(Action.READ, "inquiry", w.inquiry.uid, w.person.uid),
        Expected(Action.CREATE, "departmentrequest", created.uid, w.person.uid),
        Expected(Action.CREATE, "departmentrequest", created.uid, w.requester.uid),
    ]


def _answer(client: Client, w: Any) -> list[Expected]:
    request = _request(w)
    url = reverse("casework:request_answer", args=[request.uid])
    answer = client.post(url, {"answered_on": (w.inquiry.received).isoformat()})
    assert answer.status_code == 302, answer.content[:2000]
    return [Expected(Action.CHANGE, "departmentrequest", request.uid, w.person.uid)]


def _extension(client: Client, w: Any) -> list[Expected]:
    deadline = _request(w).deadline
    url = reverse("casework:deadline_extension", args=[deadline.uid])
    new_due = deadline.due + datetime.timedelta(days=7)
    answer = client.post(
        url,
        {
            "requested_on": deadline.due.isoformat(),
            "reason": "Sygdom",
            "new_due": new_due.isoformat(),
            "granted": "1",
        },
    )
    assert answer.status_code == 302, answer.content[:2000]
    return [Expected(Action.CHANGE, "deadline", deadline.uid, w.person.uid)]


def _met(client: Client, w: Any) -> list[Expected]:
    deadline = _request(w).deadline
    assert client.post(reverse("casework:deadline_met", args=[deadline.uid])).status_code == 302
    return [Expected(Action.CHANGE, "deadline", deadline.uid, w.person.uid)]


def _add(client: Client, w: Any) -> list[Expected]:
    url = reverse("casework:deadline_add", args=[w.inquiry.uid])
    answer = client.post(url, {"label": "Ringer tilbage", "period": "5 hverdage"})
    assert answer.status_code == 302, answer.content[:2000]
    created = Deadline.objects.get(inquiry=w.inquiry, kind=Deadline.Kind.OTHER)
    return [Expected(Action.CREATE, "deadline", created.uid, w.person.uid)]


def _pause(client: Client, w: Any) -> list[Expected]:
    assert client.post(reverse("casework:pause", args=[w.inquiry.uid])).status_code == 302
    assert w.inquiry.pauses.filter(ended__isnull=True).exists()
    return [Expected(Action.CHANGE, "inquiry", w.inquiry.uid, w.person.uid)]


def _resume(client: Client, w: Any) -> list[Expected]:
    client.post(reverse("casework:pause", args=[w.inquiry.uid]))
    assert client.post(reverse("casework:resume", args=[w.inquiry.uid])).status_code == 302
    assert not w.inquiry.pauses.filter(ended__isnull=True).exists()
    return [Expected(Action.CHANGE, "inquiry", w.inquiry.uid, w.person.uid)]


VISITS = {
    "casework:request_create": _create,
    "casework:request_answer": _answer,
    "casework:deadline_extension": _extension,
    "casework:deadline_met": _met,
    "casework:deadline_add": _add,
    "casework:pause": _pause,
    "casework:resume": _resume,
}

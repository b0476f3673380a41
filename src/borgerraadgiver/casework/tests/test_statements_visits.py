"""The statements area's visits for tests/security/test_audit_completeness.py (no tests here).

Each visit does what an advisor does on the route and returns the audit
records it must leave; the security test reads VISITS at its marked place.
`Expected` has the fields that test compares.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from borgerraadgiver.audit.models import Action
from borgerraadgiver.casework.statements_services import statement_save
from borgerraadgiver.vocabularies.models import VocabularyValue


@dataclass(frozen=True)
class Expected:
    action: str
    object_type: str
    object_uid: uuid.UUID | None = None
    person_uid: uuid.UUID | None = None
    term: str = ""


def _ingen_kritik() -> VocabularyValue:
    return VocabularyValue.objects.get(
        vocabulary__code="conclusion", code="ingen_kritik", office=None
    )


def _on_inquiry(action: str, w: Any) -> list[Expected]:
    return [
        Expected(action, "inquiry", w.inquiry.uid, w.person.uid),
        Expected(action, "inquiry", w.inquiry.uid, w.requester.uid),
    ]


def _with_recommendation(w: Any) -> None:
    statement_save(
        point=w.inquiry.points.get(position=1),
        by=w.advisor,
        conclusion=_ingen_kritik(),
        recommendation="Skriv kortere breve.",
        follow_up_due=timezone.localdate() + datetime.timedelta(days=30),
    )


def _statement_edit(client: Client, w: Any) -> list[Expected]:
    url = reverse("casework:statement_edit", args=[w.inquiry.uid, 1])
    assert client.get(url).status_code == 200
    saved = client.post(
        url,
        {
            "conclusion": _ingen_kritik().pk,
            "decided_on": timezone.localdate().isoformat(),
            "reasons": "Forvaltningen handlede korrekt.",
        },
    )
    assert saved.status_code == 302, saved.content[:2000]
    return _on_inquiry(Action.READ, w) + _on_inquiry(Action.CHANGE, w)


def _follow_up(client: Client, w: Any) -> list[Expected]:
    _with_recommendation(w)
    answer = client.post(
        reverse("casework:statement_follow_up", args=[w.inquiry.uid, 1]),
        {"punkt1-result": "followed", "punkt1-reported_on": timezone.localdate().isoformat()},
    )
    assert answer.status_code == 302, answer.content[:2000]
    return _on_inquiry(Action.CHANGE, w)


def _outcome(client: Client, w: Any) -> list[Expected]:
    statement_save(point=w.inquiry.points.get(position=1), by=w.advisor, conclusion=_ingen_kritik())
    answer = client.post(reverse("casework:statement_outcome", args=[w.inquiry.uid]))
    assert answer.status_code == 302
    return _on_inquiry(Action.CHANGE, w)


def _recommendations(client: Client, w: Any) -> list[Expected]:
    _with_recommendation(w)
    page = client.get(reverse("casework:recommendations"))
    assert page.status_code == 200
    assert "Skriv kortere breve." in page.content.decode()
    return [Expected(Action.READ, "recommendation_list")]


def _export(client: Client, w: Any) -> list[Expected]:
    _with_recommendation(w)
    answer = client.get(
        reverse("casework:recommendations_export", args=["csv"]), {"state": "pending"}
    )
    assert answer.status_code == 200
    return [Expected(Action.EXPORT, "recommendation_export", term="state=pending")]


VISITS = {
    "casework:statement_edit": _statement_edit,
    "casework:statement_follow_up": _follow_up,
    "casework:statement_outcome": _outcome,
    "casework:recommendations": _recommendations,
    "casework:recommendations_export": _export,
}

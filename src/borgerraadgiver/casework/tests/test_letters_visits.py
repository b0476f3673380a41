"""The letters area's visits for tests/security/test_audit_completeness.py (no tests here).

Each visit does what an advisor does on the route and returns the audit
records it must leave; `Expected` has the fields that test compares.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.test import Client
from django.urls import reverse

from borgerraadgiver.audit.models import Action
from borgerraadgiver.casework.letters_services import letter_create
from borgerraadgiver.casework.models import Letter, LetterKind


@dataclass(frozen=True)
class Expected:
    action: str
    object_type: str
    object_uid: uuid.UUID | None = None
    person_uid: uuid.UUID | None = None
    term: str = ""


def _persons(w: Any) -> list[uuid.UUID]:
    return [w.person.uid, w.requester.uid]


def _create(client: Client, w: Any) -> list[Expected]:
    url = reverse("casework:letter_create", args=[w.inquiry.uid])
    assert client.post(url, {"kind": LetterKind.ACKNOWLEDGEMENT}).status_code == 302
    letter = Letter.objects.get(inquiry=w.inquiry)
    return [Expected(Action.CREATE, "letter", letter.uid, uid) for uid in _persons(w)]


def _send(client: Client, w: Any) -> list[Expected]:
    letter = letter_create(inquiry=w.inquiry, kind=LetterKind.CLOSING, by=w.advisor)
    url = reverse("casework:letter_send", args=[letter.uid])
    assert client.post(url, {"to": "borger@example.org"}).status_code == 302
    letter.refresh_from_db()
    assert letter.emailed_at is not None
    return [Expected(Action.EXPORT, "letter", letter.uid, uid) for uid in _persons(w)]


VISITS = {
    "casework:letter_create": _create,
    "casework:letter_send": _send,
}

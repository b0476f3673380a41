"""Builders for tests. They go through the services, like the app does."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection

from borgerraadgiver.inquiries.models import Inquiry
from borgerraadgiver.inquiries.services import InquiryData, PointData, inquiry_register
from borgerraadgiver.offices.models import Office, OrgUnit, User
from borgerraadgiver.offices.services import office_create
from borgerraadgiver.vocabularies.models import Vocabulary, VocabularyValue
from borgerraadgiver.vocabularies.services import standard_vocabularies_load

PASSWORD = "korrekt-hest-batteri-47"  # noqa: S105


def make_office(slug: str = "albertslund", *, preset: str | None = "albertslund") -> Office:
    # Transactional tests flush the tables, taking the post_migrate load with
    # them: load again when it is gone.
    if not Vocabulary.objects.filter(code="theme").exists():
        standard_vocabularies_load()
    existing = Office.objects.filter(slug=slug).first()
    if existing:
        return existing
    return office_create(slug=slug, name=f"{slug.title()} Kommune", preset=preset)


def make_user(username: str, office: Office | None, role: str = User.Role.ADVISOR) -> User:
    return User.objects.create_user(
        username=username,
        password=PASSWORD,
        office=office,
        role=role,
        first_name=username.title(),
    )


def value(vocabulary: str, code: str) -> VocabularyValue:
    return VocabularyValue.objects.get(vocabulary__code=vocabulary, code=code, office=None)


def unit(office: Office, name: str) -> OrgUnit:
    return OrgUnit.objects.get(office=office, name=name)


def make_inquiry(
    office: Office,
    *,
    received: datetime.date | None = None,
    org_unit: str | OrgUnit | None = None,
    themes: tuple[str, ...] = ("sagsbehandlingstid_og_manglende_svar",),
    account: str = "Borgeren har ikke hørt fra afdelingen i tre måneder.",
    by: User | None = None,
    **values: Any,
) -> Inquiry:
    if org_unit is None:
        org_unit = OrgUnit.objects.filter(office=office, parent__isnull=True).first()
    elif isinstance(org_unit, str):
        org_unit = unit(office, org_unit)
    data = InquiryData(
        received=received or datetime.date(2025, 1, 15),
        org_unit=org_unit,
        account=account,
        values={k: (value(k, v) if isinstance(v, str) else v) for k, v in values.items()},
        points=[PointData(theme=value("theme", t)) for t in themes],
    )
    return inquiry_register(office=office, data=data, by=by)


# The row-level security middleware sets and clears the request's office on
# PostgreSQL (rls.middleware): two queries per request there, none on SQLite.
OFFICE_WALL_QUERIES = 2 if connection.vendor == "postgresql" else 0

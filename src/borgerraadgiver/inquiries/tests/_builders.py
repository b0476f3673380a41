"""Builders for the list, worklist and export tests: persons, closed and assigned inquiries."""

from __future__ import annotations

import datetime
from typing import Any

from borgerraadgiver.inquiries.models import Inquiry, Person
from borgerraadgiver.inquiries.services import (
    InquiryData,
    PointData,
    inquiry_register,
    person_create,
)
from borgerraadgiver.offices.models import Office, OrgUnit, User
from tests.factories import unit, value


def person(office: Office, name: str) -> Person:
    return person_create(office=office, name=name)


def register(
    office: Office,
    *,
    received: datetime.date = datetime.date(2025, 1, 15),
    org_unit: str | OrgUnit = "Jobcenter",
    themes: tuple[str, ...] = ("sagsbehandlingstid_og_manglende_svar",),
    account: str = "Borgeren har ikke hørt fra afdelingen.",
    person: Person | None = None,
    requester: Person | None = None,
    anonymous: bool = False,
    closed: datetime.date | None = None,
    assigned_to: User | None = None,
    **values: Any,
) -> Inquiry:
    data = InquiryData(
        received=received,
        org_unit=unit(office, org_unit) if isinstance(org_unit, str) else org_unit,
        account=account,
        person=person,
        requester=requester,
        anonymous=anonymous,
        closed=closed,
        assigned_to=assigned_to,
        values={k: value(k, v) if isinstance(v, str) else v for k, v in values.items()},
        points=[PointData(theme=value("theme", t)) for t in themes],
    )
    return inquiry_register(office=office, data=data, by=assigned_to)


def searched_address(client: Any, params: dict[str, Any]) -> str:
    """Submit the list's search form as a browser would; return the address it leads to."""
    from django.urls import reverse

    response = client.post(reverse("inquiries:list"), params)
    assert response.status_code == 302, response.status_code
    return response["Location"]

"""Access helpers for department requests and deadlines (see inquiries/access.py).

Both belong to an inquiry: the audit record names the inquiry's citizen and
requester, and the lookup is scoped to the user's office.
"""

from __future__ import annotations

import uuid

from django.http import HttpRequest

from borgerraadgiver.audit.models import Action
from borgerraadgiver.inquiries.access import get_for_user
from borgerraadgiver.offices.roles import Capability

from .models import Deadline, DepartmentRequest

WRITE = Capability.CASE_WRITE
_INQUIRY = ("inquiry__person", "inquiry__requester", "inquiry__office", "inquiry__assigned_to")


def get_department_request_for_user(
    request: HttpRequest,
    uid: str | uuid.UUID,
    capability: Capability = WRITE,
    *,
    action: str | None = Action.READ,
    purpose: str | None = None,
) -> DepartmentRequest:
    qs = DepartmentRequest.objects.select_related(*_INQUIRY, "org_unit", "office")
    return get_for_user(request, qs, "departmentrequest", uid, capability, action, purpose)


def get_deadline_for_user(
    request: HttpRequest,
    uid: str | uuid.UUID,
    capability: Capability = WRITE,
    *,
    action: str | None = Action.READ,
    purpose: str | None = None,
) -> Deadline:
    qs = Deadline.objects.select_related(*_INQUIRY, "request__org_unit")
    return get_for_user(request, qs, "deadline", uid, capability, action, purpose)

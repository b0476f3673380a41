"""The access helper for a complaint point: through its inquiry's helper, then by position."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest

from borgerraadgiver.audit.models import Action
from borgerraadgiver.inquiries.access import get_inquiry_for_user
from borgerraadgiver.inquiries.models import ComplaintPoint
from borgerraadgiver.offices.roles import Capability


def get_point_for_user(
    request: HttpRequest,
    uid: str | uuid.UUID,
    position: int,
    capability: Capability = Capability.CASE_READ,
    *,
    action: str | None = Action.READ,
    purpose: str | None = None,
) -> ComplaintPoint:
    """The point at `position` of the user's office's inquiry `uid` (403/404 as the inquiry's).

    The inquiry's helper checks the capability, scopes to the office and
    writes the audit record; a point is then found within that inquiry only.
    """
    inquiry = get_inquiry_for_user(request, uid, capability, action=action, purpose=purpose)
    point = (
        ComplaintPoint.objects.filter(inquiry=inquiry, position=position)
        .select_related("org_unit__root", "conclusion", "criticism_grade", "theme")
        .first()
    )
    if point is None:
        raise Http404
    point.inquiry = inquiry
    return point

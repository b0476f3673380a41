"""The one door to the privacy app's own objects: the user's office's, or 404."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from borgerraadgiver.core.access import require
from borgerraadgiver.offices.roles import Capability

from .models import ErasureRequest


def get_erasure_request_for_user(
    request: HttpRequest, uid: str | uuid.UUID, capability: Capability
) -> ErasureRequest:
    office = require(request, capability)
    try:
        key = uid if isinstance(uid, uuid.UUID) else uuid.UUID(str(uid))
    except ValueError as exc:
        raise Http404 from exc
    return get_object_or_404(
        ErasureRequest.objects.select_related("person"), office=office, uid=key
    )

"""The office boundary and the roles. Every view that touches office data goes through here.

The rule for a refusal:

- the user's role lacks the capability: 403 (PermissionDenied). It is decided
  before any object is looked up, from the role alone, so the answer is the
  same for every id in the address (one's own office's, another office's, or
  none at all) and says nothing about what exists;
- the object is not the user's office's (or does not exist): 404, from the
  per-object helpers (inquiries/access.py, offices/access.py).
"""

from __future__ import annotations

from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from borgerraadgiver.offices.models import Office, User
from borgerraadgiver.offices.roles import Capability, capabilities_for

_CACHE = "_borgerraadgiver_capabilities"


def office_for_user(request: HttpRequest) -> Office:
    """The office of the logged-in user; a user without one sees nothing.

    Membership only: views call `require`, which checks the role as well.
    """
    office = getattr(request.user, "office", None)
    if office is None:
        raise Http404
    return office


def capabilities(request: HttpRequest) -> frozenset[Capability]:
    """What the logged-in user may do, worked out once per request."""
    cached = getattr(request, _CACHE, None)
    if cached is None:
        cached = capabilities_for(cast(User, request.user))
        setattr(request, _CACHE, cached)
    return cached


def has(request: HttpRequest, capability: Capability) -> bool:
    return capability in capabilities(request)


def require(request: HttpRequest, *needed: Capability) -> Office:
    """The user's office, if the role grants every capability in `needed`; else 403."""
    granted = capabilities(request)
    if not needed or not set(needed) <= granted:
        raise PermissionDenied
    return office_for_user(request)


def require_operator(request: HttpRequest) -> None:
    """The system operator's pages: offices, never their cases."""
    if Capability.OFFICES_MANAGE not in capabilities(request):
        raise PermissionDenied

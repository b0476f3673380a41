"""The office boundary. Every view that touches case data goes through here."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from borgerraadgiver.offices.models import Office


def office_for_user(request: HttpRequest) -> Office:
    """The office of the logged-in user; a user without one sees nothing."""
    office = getattr(request.user, "office", None)
    if office is None:
        raise Http404
    return office

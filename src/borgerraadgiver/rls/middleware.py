"""Tells PostgreSQL whose office this request may see."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from .scope import wall_set_for_request


class OfficeWallMiddleware:
    """Set `borgerraadgiver.office_id` to the user's office for this request.

    Session-level `set_config` at the start and a reset when the response is
    finished, rather than `SET LOCAL` under ATOMIC_REQUESTS: the app does not
    run each request in one transaction (long exports and uploads would hold
    it open), and a value set with `SET LOCAL` would vanish at the first
    commit inside the view. A request with an office sets both variables, so
    nothing a reused connection carried survives; anonymous users and users
    without an office (the system operator) get no office, and what the
    connection may still hold is cleared, so they see no case rows. Below the
    authentication middleware, which provides `request.user`. On PostgreSQL
    it costs two queries per request of a user with an office (set, reset),
    none on SQLite.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        office_id = (
            getattr(user, "office_id", None) if user is not None and user.is_authenticated else None
        )
        wall_set_for_request(office_id)
        return self.get_response(request)

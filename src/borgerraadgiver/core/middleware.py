"""Response hardening that Django's own middleware does not cover."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers


class NoStoreForUsersMiddleware:
    """`Cache-Control: no-store` on every response to a logged-in user.

    Nearly every page behind the login shows personal data, and a page left in
    the browser's cache or a shared proxy outlives the session. Sorting the
    pages into those with and without personal data would be a rule to get
    wrong; one rule for all of them cannot be. Static files never reach this
    middleware (WhiteNoise answers them further out), so they stay cacheable.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # Read before the view runs: the answer to a logout still carries the
        # page the user was on, and a login's answer is the first page of a session.
        user = getattr(request, "user", None)
        was_logged_in = bool(user is not None and user.is_authenticated)
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if was_logged_in or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response

"""Session policy and two-factor, applied to every request of a logged-in user."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils import timezone
from django_htmx.http import HttpResponseClientRedirect

from borgerraadgiver.accounts.models import IDLE_MINUTES_MIN
from borgerraadgiver.accounts.selectors import (
    absolute_lifetime,
    has_confirmed_device,
    idle_timeout_for,
    needs_two_factor,
)

# Session keys: when the session logged in, and when it was last used (POSIX seconds).
STARTED_KEY = "accounts_started"
SEEN_KEY = "accounts_seen"
# Writing the session on every click costs a database write each time; the
# idle timeout is in minutes, so a minute's precision is enough.
SEEN_PRECISION_SECONDS = 60


def start_session_clock(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Receiver of user_logged_in: both of a session's clocks start at login.

    Every way in (the login form, single sign-on, the test client) goes through
    django.contrib.auth.login, which also gives the session a new key; the
    middleware then reads the clocks on every request.
    """
    if request is not None and hasattr(request, "session"):
        now = timezone.now().timestamp()
        request.session[STARTED_KEY] = now
        request.session[SEEN_KEY] = now


def _to(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect that also works for an htmx request (the whole page goes)."""
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _with_next(request: HttpRequest, url: str) -> str:
    # Only a page can be returned to; a form's POST cannot be replayed.
    if request.method == "GET" and not getattr(request, "htmx", False):
        return f"{url}?{urlencode({'next': request.get_full_path()})}"
    return url


def _ended(request: HttpRequest, now: float) -> str | None:
    """Why the session has ended, or None while it lasts."""
    session = request.session
    started, seen = session.get(STARTED_KEY), session.get(SEEN_KEY)
    if started is None or seen is None:
        return None
    if now - started > absolute_lifetime().total_seconds():
        hours = settings.SESSION_ABSOLUTE_HOURS
        return (
            f"Du er logget af, fordi du har været logget ind i mere end {hours} timer. "
            "Log ind igen."
        )
    # No office's timeout is shorter than this: a recent click needs no lookup.
    shortest = min(IDLE_MINUTES_MIN, settings.SESSION_IDLE_MINUTES) * 60
    if now - seen <= shortest:
        return None
    idle = idle_timeout_for(request.user)  # type: ignore[arg-type]
    if now - seen > idle.total_seconds():
        minutes = int(idle.total_seconds() // 60)
        return (
            f"Du er logget af, fordi du ikke har brugt systemet i {minutes} minutter. Log ind igen."
        )
    return None


class SessionPolicyMiddleware:
    """Ends a session that has been idle too long or has lasted too long.

    The limits are the office's idle timeout (OfficeSessionPolicy) and
    settings.SESSION_ABSOLUTE_HOURS from login. Kept in the session itself
    (server side), so a copied cookie does not outlive them either.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        now = timezone.now().timestamp()
        was_logged_in = request.user.is_authenticated
        if was_logged_in:
            reason = _ended(request, now)
            if reason is not None:
                target = _with_next(request, resolve_url(settings.LOGIN_URL))
                logout(request)
                messages.info(request, reason)
                return _to(request, target)

        response = self.get_response(request)

        if request.user.is_authenticated:
            session = request.session
            if STARTED_KEY not in session:
                # A session from before this policy existed: its clocks start now.
                session[STARTED_KEY] = now
                session[SEEN_KEY] = now
            elif now - session.get(SEEN_KEY, now) >= SEEN_PRECISION_SECONDS:
                session[SEEN_KEY] = now
        return response


class TwoFactorMiddleware:
    """Until the session has passed two-factor, only the two-factor pages, login
    and logout open (views marked with accounts.decorators.two_factor_exempt).

    A user without a confirmed device is sent to enrol, one with a device to
    enter a code. Which users: accounts.selectors.two_factor_required.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponseBase | None:
        if getattr(view_func, "two_factor_exempt", False) or not needs_two_factor(request):
            return None
        name = (
            "accounts:two_factor_verify"
            if has_confirmed_device(request.user)  # type: ignore[arg-type]
            else "accounts:two_factor_enrol"
        )
        return _to(request, _with_next(request, reverse(name)))

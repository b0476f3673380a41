"""Login, two-factor enrolment and verification, the session policy, a user's two-factor."""

from __future__ import annotations

import logging
from typing import Any, cast
from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from borgerraadgiver.accounts.decorators import two_factor_exempt
from borgerraadgiver.accounts.forms import EnrolForm, SessionPolicyForm, TokenForm
from borgerraadgiver.accounts.qr import qr_svg
from borgerraadgiver.accounts.selectors import (
    backup_codes_left,
    has_confirmed_device,
    needs_two_factor,
    session_policy_for,
    two_factor_required,
)
from borgerraadgiver.accounts.services import (
    session_policy_set,
    totp_device_unsaved,
    totp_key_new,
    totp_key_text,
    two_factor_enrol,
    two_factor_reset,
    two_factor_verify,
)
from borgerraadgiver.audit.services import audit_login_refused
from borgerraadgiver.offices.access import get_staff_user_for_user, require_office_settings
from borgerraadgiver.offices.models import User

logger = logging.getLogger(__name__)

# Session keys of the enrolment: the secret until it is confirmed (no device
# row exists before that), then the backup codes until they have been shown once.
PENDING_KEY = "accounts_pending_totp_key"
BACKUP_CODES_KEY = "accounts_backup_codes"
NEXT_KEY = "accounts_next"


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = settings.OIDC_ENABLED
        return context


login = two_factor_exempt(LoginView.as_view())
logout = two_factor_exempt(auth_views.LogoutView.as_view())


def locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' answer to a locked-out login: the login page with the reason (429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        "form": AuthenticationForm(request),
        "locked_out": True,
        "lockout_minutes": minutes,
        "oidc_enabled": settings.OIDC_ENABLED,
        "next": request.POST.get("next", ""),
    }
    return render(request, "registration/login.html", context, status=429)


def _next(request: HttpRequest) -> str:
    """Where to go after two-factor: a page of this site, or the start page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, target: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': target})}"


@two_factor_exempt
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: QR code and key, confirmed with a code from the app."""
    user = cast(User, request.user)
    target = _next(request)
    if not needs_two_factor(request):
        return redirect(target)
    if has_confirmed_device(user):
        return redirect(_with_next("accounts:two_factor_verify", target))
    key = request.session.get(PENDING_KEY)
    if not key:
        key = totp_key_new()
        request.session[PENDING_KEY] = key
    form = EnrolForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = two_factor_enrol(user=user, key=key, token=form.cleaned_data["token"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            del request.session[PENDING_KEY]
            django_otp.login(request, device)
            # A session that has just gained two-factor gets a new key.
            request.session.cycle_key()
            request.session[BACKUP_CODES_KEY] = codes
            request.session[NEXT_KEY] = target
            return redirect("accounts:two_factor_backup_codes")
    device = totp_device_unsaved(user=user, key=key)
    context = {
        "form": form,
        "next": target,
        "qr": qr_svg(device.config_url, label="QR-kode til godkendelsesappen"),
        "secret": totp_key_text(key),
    }
    return render(request, "accounts/two_factor_enrol.html", context)


@two_factor_exempt
@require_GET
def backup_codes(request: HttpRequest) -> HttpResponse:
    """The backup codes, shown once right after enrolment and never again."""
    codes = request.session.pop(BACKUP_CODES_KEY, None)
    target = request.session.pop(NEXT_KEY, None) or resolve_url(settings.LOGIN_REDIRECT_URL)
    if not codes:
        return redirect(target)
    context = {"codes": codes, "next": target}
    return render(request, "accounts/two_factor_backup_codes.html", context)


@two_factor_exempt
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Enter a code from the app (or a backup code) after the password."""
    user = cast(User, request.user)
    target = _next(request)
    if not needs_two_factor(request):
        return redirect(target)
    if not has_confirmed_device(user):
        return redirect(_with_next("accounts:two_factor_enrol", target))
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            verified = two_factor_verify(user=user, token=form.cleaned_data["token"])
        except ValidationError as exc:
            # A rejected code is a rejected login attempt: the trail keeps it too.
            audit_login_refused(request, user.username, object_type="two_factor")
            form.add_error(None, exc)
        else:
            django_otp.login(request, verified.device)
            request.session.cycle_key()
            if verified.backup_code:
                left = backup_codes_left(user)
                messages.warning(
                    request,
                    f"Du loggede ind med en reservekode. Du har {left} tilbage. "
                    "Bed en administrator nulstille tofaktor, hvis du har mistet din app.",
                )
            return redirect(target)
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": target})


@require_http_methods(["GET", "POST"])
def session_policy(request: HttpRequest) -> HttpResponse:
    """The office's idle timeout, for whoever manages the office's settings."""
    office = require_office_settings(request)
    policy = session_policy_for(office)
    form = SessionPolicyForm(
        request.POST if request.method == "POST" else None,
        initial={"idle_timeout_minutes": policy.idle_timeout_minutes},
    )
    if request.method == "POST" and form.is_valid():
        try:
            policy = session_policy_set(
                office=office, idle_timeout_minutes=form.cleaned_data["idle_timeout_minutes"]
            )
        except ValidationError as exc:
            form.add_error("idle_timeout_minutes", exc.messages)
        else:
            messages.success(
                request,
                f"Brugere logges nu af efter {policy.idle_timeout_minutes} minutters inaktivitet.",
            )
            return redirect("accounts:session_policy")
    context = {
        "office": office,
        "form": form,
        "absolute_hours": settings.SESSION_ABSOLUTE_HOURS,
        "two_factor_on": settings.OTP_REQUIRED,
    }
    return render(request, "accounts/session_policy.html", context)


def _user_two_factor_page(request: HttpRequest, member: User) -> HttpResponse:
    context = {
        "member": member,
        "has_device": has_confirmed_device(member),
        "codes_left": backup_codes_left(member),
        "required": two_factor_required(member),
        "two_factor_on": settings.OTP_REQUIRED,
    }
    return render(request, "accounts/user_two_factor.html", context)


def user_two_factor(request: HttpRequest, pk: int) -> HttpResponse:
    """A member of staff's two-factor: set up or not, backup codes left."""
    member = get_staff_user_for_user(request, pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    return _user_two_factor_page(request, member)


def user_two_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a member's app and backup codes: a lost phone, a new phone."""
    member = get_staff_user_for_user(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    two_factor_reset(user=member, by=cast(User, request.user))
    messages.success(
        request,
        f"Tofaktor for {member.display_name()} er nulstillet. "
        "Brugeren opretter en ny godkendelsesapp ved næste login.",
    )
    return redirect("accounts:user_two_factor", pk=member.pk)

"""Single sign-on: the provider's claims mapped to an office and a role, and the views.

The views answer 404 unless single sign-on is configured (settings.OIDC_ENABLED),
so an installation without it has no such pages at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from borgerraadgiver.accounts.decorators import two_factor_exempt
from borgerraadgiver.accounts.selectors import IDP_MFA_SESSION_KEY
from borgerraadgiver.audit.services import audit_login_refused
from borgerraadgiver.offices.models import Office
from borgerraadgiver.offices.roles import OFFICE_ROLES

# Set on the request by the backend when the provider's claims give no access:
# the callback view then tells the user why.
REFUSED_ATTR = "oidc_refused"


class OidcRefused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class MappedClaims:
    subject: str
    username: str
    office: Office
    role: str
    first_name: str
    last_name: str
    email: str


def _values(claim: Any) -> list[str]:
    if claim is None:
        return []
    if isinstance(claim, list | tuple):
        return [str(v) for v in claim]
    return [str(claim)]


def map_claims(claims: dict[str, Any]) -> MappedClaims:
    """Office and role from the claims; OidcRefused says why there are none."""
    subject = str(claims.get("sub") or "")
    if not subject:
        raise OidcRefused("no sub claim")
    username = str(claims.get(settings.OIDC_USERNAME_CLAIM) or "").strip()
    if not username:
        raise OidcRefused(f"no {settings.OIDC_USERNAME_CLAIM} claim")

    slugs = _values(claims.get(settings.OIDC_OFFICE_CLAIM))
    offices = list(Office.objects.filter(slug__in=slugs))
    if len(offices) != 1:
        raise OidcRefused(
            f"{settings.OIDC_OFFICE_CLAIM} claim names {len(offices)} known offices, not one"
        )

    # Only office roles: the system operator is made on the command line, never by a claim.
    role_map = {k: v for k, v in settings.OIDC_ROLE_MAP.items() if v in OFFICE_ROLES}
    raw_roles = _values(claims.get(settings.OIDC_ROLE_CLAIM))
    roles = {role_map[v] for v in raw_roles if v in role_map}
    if len(roles) != 1:
        # Two roles would be a guess at which one the municipality meant.
        raise OidcRefused(f"{settings.OIDC_ROLE_CLAIM} claim maps to {len(roles)} roles, not one")

    return MappedClaims(
        subject=subject,
        username=username,
        office=offices[0],
        role=roles.pop(),
        first_name=str(claims.get("given_name") or ""),
        last_name=str(claims.get("family_name") or ""),
        email=str(claims.get("email") or ""),
    )


class OidcCallbackView(OIDCAuthenticationCallbackView):
    @property
    def failure_url(self) -> str:
        return resolve_url(settings.LOGIN_URL)

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        if settings.OIDC_TRUSTS_IDP_MFA:
            self.request.session[IDP_MFA_SESSION_KEY] = self.user.pk
        return response

    def login_failure(self) -> HttpResponse:
        if getattr(self.request, REFUSED_ATTR, False):
            text = (
                "Kommunens login kender dig, men giver dig ikke adgang til Borgerrådgiver: "
                "dit kontor eller din rolle mangler. Kontakt kontorets administrator."
            )
        else:
            text = "Login med kommunens login mislykkedes. Prøv igen."
        messages.error(self.request, text)
        return super().login_failure()


_init = OIDCAuthenticationRequestView.as_view()
_callback = OidcCallbackView.as_view()


@login_not_required
@two_factor_exempt
def oidc_login(request: HttpRequest) -> HttpResponse:
    """Sends the browser to the provider's login (with state, nonce and PKCE)."""
    if not settings.OIDC_ENABLED:
        raise Http404
    return _init(request)


@login_not_required
@two_factor_exempt
def oidc_callback(request: HttpRequest) -> HttpResponse:
    """Where the provider sends the browser back with the authorization code."""
    if not settings.OIDC_ENABLED:
        raise Http404
    try:
        return _callback(request)
    except SuspiciousOperation:
        # A forged or stale state, a token for another client: answered 400,
        # and a rejected login attempt all the same (no username is known).
        audit_login_refused(request, "", object_type="single_sign_on")
        raise

"""Authentication backends: the lockout in front of the password, and single sign-on."""

from __future__ import annotations

import logging
from typing import Any

import jwt
from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from borgerraadgiver.accounts.oidc import REFUSED_ATTR, OidcRefused, map_claims
from borgerraadgiver.accounts.services import oidc_user_sync
from borgerraadgiver.offices.models import User

logger = logging.getLogger(__name__)


def client_ip(request: HttpRequest) -> str:
    """The address a lockout counts failures from (settings.TRUST_X_FORWARDED_FOR)."""
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        # The proxy appends the address it saw; anything before it came from the client.
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR", "")


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for logins that come with a request.

    Django's test client and the shell authenticate without one; they are not
    the web's login form, and axes would refuse them outright.
    """

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


class OidcBackend(OIDCAuthenticationBackend):
    """Users from the municipality's OpenID Connect provider.

    The user is found by the provider's subject (OidcIdentity), and office and
    role come from the claims (settings.OIDC_OFFICE_CLAIM, OIDC_ROLE_CLAIM,
    OIDC_ROLE_MAP) at every login. Claims without a known office or an office
    role refuse the login.
    """

    def _verify_jws(self, payload: bytes | str, key: Any) -> dict[str, Any]:
        # mozilla-django-oidc checks the signature and expiry only: the audience
        # (our client id) and, when configured, the issuer are checked here too.
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("ID token signed with an unexpected algorithm")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_OP_ISSUER or None,
                options={"require": ["exp", "iat", "sub"]},
            )
        except jwt.InvalidTokenError as exc:
            raise SuspiciousOperation(f"ID token refused: {type(exc).__name__}") from exc

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> User | None:
        claims = self.get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            # OpenID Connect Core 5.3.2: userinfo about anyone else must be ignored.
            raise SuspiciousOperation("userinfo subject differs from the ID token's")
        try:
            mapped = map_claims(claims)
            return oidc_user_sync(
                subject=mapped.subject,
                username=mapped.username,
                office=mapped.office,
                role=mapped.role,
                first_name=mapped.first_name,
                last_name=mapped.last_name,
                email=mapped.email,
            )
        except OidcRefused as exc:
            reason = exc.reason
        except ValidationError as exc:
            reason = "; ".join(exc.messages)
        # The reason names claims and values of configuration, not the person.
        logger.warning("single sign-on refused: %s", reason)
        setattr(self.request, REFUSED_ATTR, True)
        return None

"""Reads about login: who must use two-factor, a session's limits, a user's devices."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.http import HttpRequest
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticToken

from borgerraadgiver.accounts.models import OfficeSessionPolicy
from borgerraadgiver.offices.models import Office, User
from borgerraadgiver.offices.roles import Capability, capabilities_for

# Session key: the user whose login through the identity provider counts as two-factor.
IDP_MFA_SESSION_KEY = "accounts_idp_mfa_user"

# Capabilities that open personal data: the cases, and the settings (users,
# and the audit trail of who looked up whom).
PERSONAL_DATA = frozenset(
    {
        Capability.CASE_READ,
        Capability.CASE_WRITE,
        Capability.STATEMENT_WRITE,
        Capability.SETTINGS_MANAGE,
        # The trail holds search texts and whose data was looked up.
        Capability.AUDIT_READ,
    }
)
# Capabilities that hand out access: the system operator sees no case data,
# but creates offices and their administrators, so a stolen password would
# open every office. Two-factor for it too.
GRANTS_ACCESS = frozenset({Capability.OFFICES_MANAGE})
TWO_FACTOR = PERSONAL_DATA | GRANTS_ACCESS


def two_factor_required(user: User) -> bool:
    """Whether this user must pass two-factor before any page (when OTP_REQUIRED is on).

    Everyone but the reader, who sees statistics only.
    """
    return bool(capabilities_for(user) & TWO_FACTOR)


def has_confirmed_device(user: User) -> bool:
    return user_has_device(user, confirmed=True)


def session_is_verified(request: HttpRequest) -> bool:
    """Two-factor done in this session: a code entered here, or (when trusted)
    at the identity provider for this very user."""
    user = request.user
    if getattr(user, "is_verified", None) and user.is_verified():  # type: ignore[union-attr]
        return True
    return settings.OIDC_TRUSTS_IDP_MFA and request.session.get(IDP_MFA_SESSION_KEY) == user.pk


def needs_two_factor(request: HttpRequest) -> bool:
    """The logged-in user must still enter a code (or enrol) before going on."""
    user = request.user
    if not settings.OTP_REQUIRED or not user.is_authenticated:
        return False
    return two_factor_required(user) and not session_is_verified(request)  # type: ignore[arg-type]


def session_policy_for(office: Office) -> OfficeSessionPolicy:
    """The office's policy; an unsaved one with the defaults if it has set none."""
    policy = OfficeSessionPolicy.objects.filter(office=office).first()
    return policy or OfficeSessionPolicy(office=office)


def idle_timeout_for(user: User) -> datetime.timedelta:
    minutes = None
    if user.office_id is not None:
        minutes = (
            OfficeSessionPolicy.objects.filter(office_id=user.office_id)
            .values_list("idle_timeout_minutes", flat=True)
            .first()
        )
    return datetime.timedelta(minutes=minutes or settings.SESSION_IDLE_MINUTES)


def absolute_lifetime() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.SESSION_ABSOLUTE_HOURS)


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()

"""Writes about login: two-factor devices, the session policy, single sign-on users."""

from __future__ import annotations

import logging
import re
import time
from base64 import b32encode
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user, user_has_device, verify_token
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from borgerraadgiver.accounts.models import OfficeSessionPolicy, OidcIdentity
from borgerraadgiver.offices.models import Office, User

logger = logging.getLogger(__name__)

TOTP_DEVICE_NAME = "Godkendelsesapp"
BACKUP_DEVICE_NAME = "Reservekoder"
_TOTP_TOKEN = re.compile(r"\d{6}")


def totp_key_new() -> str:
    """A new TOTP secret (hex, as django-otp stores it)."""
    return default_key()


def totp_device_unsaved(*, user: User, key: str) -> TOTPDevice:
    """The device an enrolment would create, for its QR code and manual key."""
    return TOTPDevice(user=user, name=TOTP_DEVICE_NAME, key=key, confirmed=False)


def totp_key_text(key: str) -> str:
    """The secret as an authenticator app takes it by hand: base32 in groups of four."""
    text = b32encode(bytes.fromhex(key)).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _normalise(token: str) -> str:
    return re.sub(r"[\s-]", "", token or "").lower()


@transaction.atomic
def two_factor_enrol(*, user: User, key: str, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm a new authenticator app with a code it shows; returns the device and
    the backup codes, which exist in clear text only in this return value's caller."""
    if user_has_device(user, confirmed=True):
        # Enrolling a second device would let a password alone replace the first.
        raise ValidationError(
            _("Du har allerede en godkendelsesapp. Bed en administrator om at nulstille den.")
        )
    device = totp_device_unsaved(user=user, key=key)
    token = _normalise(token)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if not _TOTP_TOKEN.fullmatch(token) or not totp.verify(int(token), device.tolerance):
        raise ValidationError(
            {"token": _("Koden passer ikke. Skriv de seks cifre, appen viser lige nu.")}
        )
    # The code just used cannot be used again to log in.
    device.last_t = totp.t()
    device.confirmed = True
    device.full_clean()
    device.save()
    backup = StaticDevice(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    backup.full_clean()
    backup.save()
    codes = [StaticToken.random_token() for _i in range(settings.OTP_BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=c) for c in codes)
    logger.info("two-factor enrolled for user %s", user.pk)
    return device, codes


@dataclass(frozen=True)
class Verified:
    device: Device
    backup_code: bool


def two_factor_verify(*, user: User, token: str) -> Verified:
    """Check a code from the app or a backup code; raises ValidationError if it fails.

    Not one transaction: each device counts its failures (and throttles the
    next try) in its own, and a refusal must not roll that count back.
    """
    token = _normalise(token)
    is_totp = bool(_TOTP_TOKEN.fullmatch(token))
    devices = [
        d
        for d in devices_for_user(user, confirmed=True)
        if isinstance(d, TOTPDevice if is_totp else StaticDevice)
    ]
    for device in devices:
        allowed, _data = device.verify_is_allowed()
        if not allowed:
            logger.warning("two-factor code refused for user %s: throttled", user.pk)
            raise ValidationError(
                {"token": _("For mange forkerte koder i træk. Vent et øjeblik, og prøv igen.")}
            )
        verified = verify_token(user, device.persistent_id, token)
        if verified is not None:
            return Verified(device=verified, backup_code=not is_totp)
    logger.warning("two-factor code refused for user %s", user.pk)
    raise ValidationError({"token": _("Koden passer ikke.")})


@transaction.atomic
def two_factor_reset(*, user: User, by: User | None) -> int:
    """Remove all of the user's two-factor devices: the next login enrols anew."""
    removed = 0
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
        removed += 1
    logger.info(
        "two-factor reset for user %s by %s (%d devices)",
        user.pk,
        by.pk if by is not None else "command line",
        removed,
    )
    return removed


@transaction.atomic
def session_policy_set(*, office: Office, idle_timeout_minutes: int) -> OfficeSessionPolicy:
    policy, _created = OfficeSessionPolicy.objects.get_or_create(office=office)
    policy.idle_timeout_minutes = idle_timeout_minutes
    policy.full_clean()
    policy.save()
    return policy


@transaction.atomic
def oidc_user_sync(
    *,
    subject: str,
    username: str,
    office: Office,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    """The user behind a single sign-on subject, created or brought up to date.

    The provider is the source of office, role and names at every login. A
    local user of the same name is taken over only once, and only in the same
    office; another office's user of that name is refused.
    """
    identity = OidcIdentity.objects.select_related("user").filter(subject=subject).first()
    if identity is not None:
        user = identity.user
    else:
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            user = User(username=username)
            # Logs in through the provider only: no password of ours to guess.
            user.set_unusable_password()
        elif user.office_id != office.pk or OidcIdentity.objects.filter(user=user).exists():
            raise ValidationError(_("Brugernavnet er i brug af en anden bruger."))
        identity = OidcIdentity(user=user, subject=subject)
    user.office = office
    user.role = role
    user.first_name = first_name[:150]
    user.last_name = last_name[:150]
    user.email = email
    user.full_clean()
    user.save()
    identity.user = user
    identity.last_login_at = timezone.now()
    identity.full_clean()
    identity.save()
    return user

"""Helpers of the login tests (test_auth_*.py): devices, codes, logins."""

from __future__ import annotations

import time

from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from borgerraadgiver.offices.models import User
from tests.factories import PASSWORD


def totp_code(key: str, *, offset: int = 0) -> str:
    """The code an authenticator app with this (hex) key shows now (+ offset steps)."""
    totp = TOTP(bytes.fromhex(key))
    totp.time = time.time() + 30 * offset
    return f"{totp.token():06d}"


def give_device(user: User) -> TOTPDevice:
    """A confirmed app for the user, as if enrolled earlier."""
    return TOTPDevice.objects.create(user=user, name="App", key=default_key(), confirmed=True)


def password_login(client: Client, user: User, *, next: str = "", **meta: str):
    """The login form posted with the right password; `meta` as request headers."""
    data = {"username": user.username, "password": PASSWORD}
    if next:
        data["next"] = next
    return client.post(reverse("login"), data, **meta)


def verified_login(client: Client, user: User) -> None:
    """Logged in and past two-factor, for tests about something else."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or give_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

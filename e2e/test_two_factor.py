"""Two-factor in the browser: log in, enrol an app, keep the backup codes, go on.

The app is played by the test: it reads the key the page shows for manual
entry and computes the code with django-otp's own TOTP.
"""

from __future__ import annotations

import base64
import time

import pytest
from django_otp.oath import TOTP

from e2e.conftest import assert_accessible, login


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.OTP_REQUIRED = True


def app_code(secret_text: str, *, step: int = 0) -> str:
    """What the app shows now, or `step` 30-second steps later."""
    secret = secret_text.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key)
    totp.time = time.time() + 30 * step
    return f"{totp.token():06d}"


def test_an_advisor_enrols_an_app_and_reaches_the_worklist(page, advisor):
    login(page, advisor.username)
    assert "/konto/tofaktor/opret/" in page.url
    assert page.get_by_role("img", name="QR-kode til godkendelsesappen").is_visible()
    assert_accessible(page)

    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Kode", exact=True).fill(app_code(secret))
    page.get_by_role("button", name="Bekræft").click()
    page.wait_for_url("**/konto/tofaktor/reservekoder/")
    codes = page.locator(".backup-codes code").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page)

    page.get_by_role("link", name="Jeg har gemt koderne – fortsæt").click()
    page.wait_for_url("**/henvendelser/")
    assert page.get_by_role("heading", level=1).is_visible()

    # Shown once: the codes page does not show them again.
    page.goto("/konto/tofaktor/reservekoder/")
    assert page.locator(".backup-codes").count() == 0

    # The next login asks for a code. The one used at enrolment is spent, so
    # the app's next one is entered (the check accepts one step of drift).
    page.get_by_role("button", name="Log af").click()
    login(page, advisor.username)
    assert "/konto/tofaktor/" in page.url
    assert_accessible(page)
    page.get_by_label("Kode", exact=True).fill(app_code(secret, step=1))
    page.keyboard.press("Enter")
    page.wait_for_url("**/henvendelser/")

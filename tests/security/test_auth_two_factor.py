"""Two-factor (TOTP, django-otp) for every role that can see personal data.

The tests switch two-factor on (the test settings have it off, so that views
can be tested with force_login); see the README's "Login and two-factor".
"""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from borgerraadgiver.accounts.checks import two_factor_on_in_production
from borgerraadgiver.accounts.services import two_factor_enrol
from borgerraadgiver.audit.models import AccessRecord, Action
from borgerraadgiver.offices.models import User
from tests.factories import make_user

from .auth import give_device, password_login, totp_code, verified_login
from .routes import route_urls
from .test_headers import inline_code

pytestmark = pytest.mark.security

ENROL = reverse("accounts:two_factor_enrol")
VERIFY = reverse("accounts:two_factor_verify")
# The pages an unverified session may open: login, logout, two-factor, single sign-on.
OPEN_BEFORE_TWO_FACTOR = {
    "login",
    "logout",
    "accounts:two_factor_verify",
    "accounts:two_factor_enrol",
    "accounts:two_factor_backup_codes",
    "accounts:oidc_login",
    "accounts:oidc_callback",
}


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.OTP_REQUIRED = True


def _path(response) -> str:
    return response["Location"].split("?")[0]


@pytest.mark.parametrize("role", [User.Role.ADVISOR, User.Role.SECRETARY, User.Role.OFFICE_ADMIN])
def test_each_role_that_sees_personal_data_must_enrol_before_any_page(client, office, role):
    user = make_user("person", office, role=role)
    response = password_login(client, user)
    assert response.status_code == 302
    landing = client.get(response["Location"])
    assert landing.status_code == 302
    assert _path(landing) == ENROL
    assert client.get(reverse("home")).status_code == 302
    assert _path(client.get(reverse("offices:settings"))) == ENROL


def test_the_system_operator_must_enrol_before_managing_offices(client, db):
    """It sees no case data, but it makes offices and their administrators."""
    operator = make_user("drift", None, role=User.Role.OPERATOR)
    response = password_login(client, operator)
    assert response.status_code == 302
    landing = client.get(response["Location"])
    assert _path(landing) == ENROL
    assert _path(client.get(reverse("offices:office_list"))) == ENROL

    give_device(operator)
    assert _path(client.get(reverse("offices:office_list"))) == VERIFY


def test_a_reader_needs_no_second_factor(client, office):
    user = make_user("person", office, role=User.Role.READER)
    response = password_login(client, user)
    start = client.get(response["Location"], follow=True)
    assert start.status_code == 200
    assert start.request["PATH_INFO"] not in (ENROL, VERIFY)
    assert not [url for url, _status in start.redirect_chain if url.startswith(ENROL)]


def test_two_factor_off_lets_the_password_alone_in(client, settings, advisor):
    """The switch the tests and `make run` use, and the other tests' premise."""
    settings.OTP_REQUIRED = False
    password_login(client, advisor)
    assert client.get(reverse("inquiries:worklist")).status_code == 200


def test_every_route_sends_an_unverified_session_to_two_factor(client, advisor, own_objects):
    give_device(advisor)
    password_login(client, advisor)
    walked = 0
    for name, url in route_urls(own_objects):
        if name in OPEN_BEFORE_TWO_FACTOR:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            where = f"{method.upper()} {url}"
            assert response.status_code == 302, f"{where}: {response.status_code}"
            assert _path(response) == VERIFY, where
        htmx = client.get(url, headers={"HX-Request": "true"})
        assert htmx.headers.get("HX-Redirect", "").startswith(VERIFY), url
        walked += 1
    assert walked > 40


def test_enrolment_shows_a_qr_code_and_the_key_and_a_code_from_the_app_confirms_it(client, advisor):
    password_login(client, advisor)
    page = client.get(ENROL, {"next": reverse("inquiries:list")})
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and 'role="img"' in html and "<path" in html
    assert inline_code(html) == []
    secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8)).hex()
    # The same key on a reload: a user who scanned once is not sent a new one.
    assert secret in client.get(ENROL).content.decode().replace(" ", "")

    wrong = client.post(ENROL, {"token": "000000" if totp_code(key) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "Koden passer ikke" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=advisor).exists()

    done = client.post(ENROL, {"token": totp_code(key), "next": reverse("inquiries:list")})
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:two_factor_backup_codes")
    device = TOTPDevice.objects.get(user=advisor)
    assert device.confirmed and device.key == key

    codes_page = client.get(done["Location"])
    codes = StaticToken.objects.filter(device__user=advisor).values_list("token", flat=True)
    assert len(codes) == 10
    assert all(code in codes_page.content.decode() for code in codes)
    assert f'href="{reverse("inquiries:list")}"' in codes_page.content.decode()
    # Shown once: the page does not show them again.
    again = client.get(done["Location"])
    assert again.status_code == 302
    # The session has passed two-factor.
    assert client.get(reverse("inquiries:worklist")).status_code == 200


def test_a_user_with_an_app_enters_a_code_after_the_password(client, advisor):
    device = give_device(advisor)
    response = password_login(client, advisor, next=reverse("inquiries:list"))
    to_code = client.get(response["Location"])
    assert _path(to_code) == VERIFY
    assert client.get(to_code["Location"]).status_code == 200

    wrong = client.post(VERIFY, {"token": "12345"})
    assert wrong.status_code == 200
    assert "Koden passer ikke" in wrong.content.decode()
    assert client.get(reverse("inquiries:worklist")).status_code == 302
    # The rejected code is in the audit trail, for the user's office, without the code.
    refused = AccessRecord.objects.get(action=Action.REFUSED, object_type="two_factor")
    assert (refused.username, refused.office_id) == (advisor.username, advisor.office_id)
    assert "12345" not in f"{refused.term}{refused.path}"

    session_before = client.session.session_key
    ok = client.post(VERIFY, {"token": totp_code(device.key), "next": reverse("inquiries:list")})
    assert ok.status_code == 302
    assert ok["Location"] == reverse("inquiries:list")
    assert client.get(reverse("inquiries:worklist")).status_code == 200
    # Passing two-factor raises the session's worth: it gets a new key.
    assert client.session.session_key != session_before


def test_a_code_is_good_once(client, advisor):
    device = give_device(advisor)
    code = totp_code(device.key)
    password_login(client, advisor)
    assert client.post(VERIFY, {"token": code}).status_code == 302
    other = type(client)()
    password_login(other, advisor)
    replay = other.post(VERIFY, {"token": code})
    assert replay.status_code == 200
    assert other.get(reverse("inquiries:worklist")).status_code == 302


def test_a_backup_code_logs_in_once(client, advisor):
    with_codes = _enrol(advisor)
    code = with_codes[0]
    password_login(client, advisor)
    response = client.post(VERIFY, {"token": code.upper()}, follow=True)
    assert response.status_code == 200
    assert "reservekode" in response.content.decode()
    assert client.get(reverse("inquiries:worklist")).status_code == 200
    assert not StaticToken.objects.filter(token=code).exists()

    client.post(reverse("logout"))
    password_login(client, advisor)
    again = client.post(VERIFY, {"token": code})
    assert again.status_code == 200
    assert client.get(reverse("inquiries:worklist")).status_code == 302


def _enrol(user: User) -> list[str]:
    """Enrolled through the service; returns the backup codes."""
    key = default_key()
    _device, codes = two_factor_enrol(user=user, key=key, token=totp_code(key))
    return codes


def test_wrong_codes_slow_down_the_next_try(client, advisor):
    device = give_device(advisor)
    password_login(client, advisor)
    for _ in range(3):
        client.post(VERIFY, {"token": "000000" if totp_code(device.key) != "000000" else "1"})
    refused = client.post(VERIFY, {"token": totp_code(device.key)})
    assert refused.status_code == 200
    assert "For mange forkerte koder" in refused.content.decode()


def test_the_password_alone_cannot_enrol_a_second_app(client, advisor):
    give_device(advisor)
    password_login(client, advisor)
    response = client.get(ENROL)
    assert _path(response) == VERIFY
    with pytest.raises(ValidationError):
        key = "ab" * 20
        two_factor_enrol(user=advisor, key=key, token=totp_code(key))
    assert TOTPDevice.objects.filter(user=advisor).count() == 1


def test_an_office_administrator_resets_a_users_two_factor(client, office, advisor):
    admin = make_user("admin", office, role=User.Role.OFFICE_ADMIN)
    _enrol(advisor)
    verified_login(client, admin)
    user_page = client.get(reverse("offices:user", args=[advisor.pk])).content.decode()
    assert reverse("accounts:user_two_factor", args=[advisor.pk]) in user_page
    page = client.get(reverse("accounts:user_two_factor", args=[advisor.pk]))
    assert page.status_code == 200
    assert "Oprettet" in page.content.decode()

    response = client.post(reverse("accounts:user_two_factor_reset", args=[advisor.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=advisor).exists()
    assert not StaticDevice.objects.filter(user=advisor).exists()

    # The advisor's next login starts a new enrolment.
    other = type(client)()
    landing = other.get(password_login(other, advisor)["Location"])
    assert _path(landing) == ENROL


def test_only_the_own_offices_administrator_may_reset(client, office, advisor_other):
    _enrol(advisor_other)
    admin = make_user("admin", office, role=User.Role.OFFICE_ADMIN)
    reader = make_user("laeser", office, role=User.Role.READER)
    colleague = make_user("kollega", office)
    _enrol(colleague)

    verified_login(client, admin)
    url = reverse("accounts:user_two_factor_reset", args=[advisor_other.pk])
    assert client.post(url).status_code == 404
    client.force_login(reader)
    url = reverse("accounts:user_two_factor_reset", args=[colleague.pk])
    assert client.post(url).status_code == 403
    assert TOTPDevice.objects.filter(user__in=[advisor_other, colleague]).count() == 2


def test_reset_2fa_command_removes_the_users_devices(advisor):
    _enrol(advisor)
    call_command("reset_2fa", advisor.username)
    assert not TOTPDevice.objects.filter(user=advisor).exists()
    assert not StaticDevice.objects.filter(user=advisor).exists()


def test_the_deploy_check_warns_when_two_factor_is_off_in_production(settings):
    settings.DEBUG = False
    assert two_factor_on_in_production(None) == []
    settings.OTP_REQUIRED = False
    assert [w.id for w in two_factor_on_in_production(None)] == ["accounts.W001"]


@pytest.mark.parametrize(
    ("env", "expected"),
    [({}, "True"), ({"DEBUG": "1"}, "False"), ({"DEBUG": "1", "TWO_FACTOR": "1"}, "True")],
)
def test_two_factor_is_on_in_production_and_off_in_debug_unless_asked(tmp_path, env, expected):
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "SECRET_KEY": "x" * 50,
        "VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "borgerraadgiver.settings",
        **env,
    }
    code = "from django.conf import settings; print(settings.OTP_REQUIRED)"
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == expected, result.stderr

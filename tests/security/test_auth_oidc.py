"""Single sign-on through OpenID Connect, against a fake provider in the test.

The provider's three endpoints (token, JWKS, userinfo) answer from this file;
the browser's trip to its login page is the test following the redirect. The
whole authorization-code flow runs through the app's views: state, nonce and
PKCE included, the ID token signed with RS256 and checked against the JWKS.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
from dataclasses import dataclass, field
from typing import Any
from unittest import mock
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse

from borgerraadgiver.accounts.models import OidcIdentity
from borgerraadgiver.audit.models import AccessRecord, Action
from borgerraadgiver.audit.services import NO_USERNAME
from borgerraadgiver.offices.models import User
from tests.factories import make_user

from .auth import password_login

pytestmark = pytest.mark.security

ISSUER = "https://login.kommune.example"
CLIENT_ID = "borgerraadgiver"
CLIENT_SECRET = "hemmelig-klientnoegle"  # noqa: S105 - the fake provider's


@dataclass
class FakeProvider:
    """The identity provider's side: it issues one code per login, for these claims."""

    claims: dict[str, Any]
    audience: str = CLIENT_ID
    key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    pending: dict[str, dict[str, str]] = field(default_factory=dict)
    token_requests: list[dict[str, str]] = field(default_factory=list)

    def authorize(self, url: str) -> str:
        """The user logs in at the provider, which sends the browser back with a code."""
        query = {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}
        assert url.startswith(f"{ISSUER}/authorize?")
        assert query["client_id"] == CLIENT_ID
        assert query["response_type"] == "code"
        assert query["code_challenge_method"] == "S256"
        code = f"kode-{len(self.pending)}"
        self.pending[code] = query
        redirect = urlparse(query["redirect_uri"])
        return f"{redirect.path}?code={code}&state={query['state']}"

    def _jwk(self) -> dict[str, Any]:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {**jwk, "kid": "noegle-1", "alg": "RS256", "use": "sig"}

    def _response(self, status: int, body: dict[str, Any]) -> requests.Response:
        response = requests.Response()
        response.status_code = status
        response._content = json.dumps(body).encode()
        response.headers["Content-Type"] = "application/json"
        return response

    def post(self, url: str, data: dict[str, str], **_kwargs: Any) -> requests.Response:
        assert url == f"{ISSUER}/token"
        self.token_requests.append(data)
        asked = self.pending.pop(data["code"], None)
        if asked is None or data["client_secret"] != CLIENT_SECRET:
            return self._response(400, {"error": "invalid_grant"})
        # PKCE: the verifier must hash to the challenge sent with the browser.
        digest = hashlib.sha256(data["code_verifier"].encode()).digest()
        challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        assert challenge == asked["code_challenge"]
        now = int(time.time())
        id_token = jwt.encode(
            {
                "iss": ISSUER,
                "aud": self.audience,
                "sub": self.claims["sub"],
                "nonce": asked["nonce"],
                "iat": now,
                "exp": now + 300,
            },
            self.key,
            algorithm="RS256",
            headers={"kid": "noegle-1"},
        )
        return self._response(200, {"access_token": "adgang-1", "id_token": id_token})

    def get(self, url: str, headers: dict[str, str] | None = None, **_kw: Any):
        if url == f"{ISSUER}/jwks":
            return self._response(200, {"keys": [self._jwk()]})
        assert url == f"{ISSUER}/userinfo"
        assert (headers or {}).get("Authorization") == "Bearer adgang-1"
        return self._response(200, self.claims)


@pytest.fixture
def oidc(settings):
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{ISSUER}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{ISSUER}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{ISSUER}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{ISSUER}/jwks"
    settings.OIDC_OP_ISSUER = ISSUER
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_OFFICE_CLAIM = "kontor"
    settings.OIDC_ROLE_CLAIM = "grupper"
    settings.OIDC_ROLE_MAP = {
        "BR-Raadgivere": "advisor",
        "BR-Sekretaerer": "secretary",
        "BR-Laesere": "reader",
        "BR-Drift": "operator",
    }
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "borgerraadgiver.accounts.backends.OidcBackend",
    ]
    return settings


def claims(**changes: Any) -> dict[str, Any]:
    base = {
        "sub": "f3c1-77aa-0001",
        "preferred_username": "hanne.h",
        "given_name": "Hanne",
        "family_name": "Hansen",
        "email": "hanne@kommune.example",
        "kontor": "albertslund",
        "grupper": ["Alle-ansatte", "BR-Raadgivere"],
    }
    return {**base, **changes}


def sign_in(client, provider: FakeProvider, next_url: str = ""):
    """The whole flow: our login link, the provider, our callback. Returns the callback's answer."""
    query = {"next": next_url} if next_url else {}
    start = client.get(reverse("accounts:oidc_login"), query)
    assert start.status_code == 302
    back = provider.authorize(start["Location"])
    with (
        mock.patch.object(requests, "post", provider.post),
        mock.patch.object(requests, "get", provider.get),
    ):
        return client.get(back)


def test_the_login_page_offers_the_municipal_login_only_when_configured(client, settings):
    assert "kommunens login" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("accounts:oidc_login")).status_code == 404
    settings.OIDC_ENABLED = True
    page = client.get(reverse("login")).content.decode()
    assert "Log ind med kommunens login" in page
    assert f'href="{reverse("accounts:oidc_login")}"' in page


def test_a_new_user_is_created_from_the_claims_and_logged_in(client, oidc, office):
    provider = FakeProvider(claims())
    response = sign_in(client, provider, next_url=reverse("inquiries:list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("inquiries:list")

    user = User.objects.get(username="hanne.h")
    assert (user.office, user.role) == (office, User.Role.ADVISOR)
    assert (user.first_name, user.last_name) == ("Hanne", "Hansen")
    assert not user.has_usable_password()
    assert OidcIdentity.objects.get(user=user).subject == "f3c1-77aa-0001"
    assert client.get(reverse("inquiries:worklist")).status_code == 200
    # The token was asked for with the code, our secret and the PKCE verifier.
    assert provider.token_requests[0]["grant_type"] == "authorization_code"


def test_the_next_login_finds_the_user_by_subject_and_takes_the_new_role(client, oidc, office):
    sign_in(client, FakeProvider(claims()))
    client.post(reverse("logout"))
    renamed = claims(preferred_username="hanne.nyt", grupper=["BR-Laesere"])
    assert sign_in(client, FakeProvider(renamed)).status_code == 302
    user = User.objects.get(oidc_identity__subject="f3c1-77aa-0001")
    assert user.role == User.Role.READER
    assert User.objects.filter(first_name="Hanne").count() == 1
    assert client.get(reverse("inquiries:worklist")).status_code == 403


@pytest.mark.parametrize(
    "changes",
    [
        {"kontor": "ukendt-kommune"},
        {"kontor": None},
        {"grupper": ["Alle-ansatte"]},
        # The system operator is never made by a claim.
        {"grupper": ["BR-Drift"]},
        # Two roles: no guessing which one the municipality meant.
        {"grupper": ["BR-Raadgivere", "BR-Laesere"]},
    ],
    ids=["unknown-office", "no-office", "no-role", "operator", "two-roles"],
)
def test_claims_without_a_known_office_or_one_office_role_are_refused(
    client, oidc, office, changes
):
    response = sign_in(client, FakeProvider(claims(**changes)))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    page = client.get(response["Location"]).content.decode()
    assert "giver dig ikke adgang" in page
    assert not User.objects.filter(username="hanne.h").exists()
    assert client.get(reverse("inquiries:worklist")).status_code == 302
    # The refusal is in the audit trail, with no user and no office.
    refused = AccessRecord.objects.get(action=Action.REFUSED, object_type="login")
    assert (refused.user, refused.office, refused.username) == (None, None, NO_USERNAME)


def test_a_local_user_of_another_office_is_not_taken_over(client, oidc, office, other_office):
    make_user("hanne.h", other_office)
    response = sign_in(client, FakeProvider(claims()))
    assert response["Location"] == reverse("login")
    assert not OidcIdentity.objects.exists()
    assert User.objects.get(username="hanne.h").office == other_office


def test_an_id_token_for_another_client_is_refused(client, oidc, office):
    response = sign_in(client, FakeProvider(claims(), audience="en-anden-klient"))
    assert response.status_code == 400
    assert not User.objects.filter(username="hanne.h").exists()


def test_a_callback_with_a_state_the_session_did_not_send_is_refused(client, oidc, office):
    provider = FakeProvider(claims())
    client.get(reverse("accounts:oidc_login"))
    forged = f"{reverse('accounts:oidc_callback')}?code=kode-0&state=forfalsket"
    with mock.patch.object(requests, "post", provider.post):
        response = client.get(forged)
    assert response.status_code == 400
    assert provider.token_requests == []
    refused = AccessRecord.objects.get(action=Action.REFUSED, object_type="single_sign_on")
    assert refused.username == NO_USERNAME


def test_single_sign_on_users_still_enter_a_code_unless_the_provider_is_trusted(
    client, oidc, office
):
    oidc.OTP_REQUIRED = True
    sign_in(client, FakeProvider(claims()))
    response = client.get(reverse("inquiries:worklist"))
    assert response["Location"].startswith(reverse("accounts:two_factor_enrol"))

    oidc.OIDC_TRUSTS_IDP_MFA = True
    client.post(reverse("logout"))
    sign_in(client, FakeProvider(claims()))
    assert client.get(reverse("inquiries:worklist")).status_code == 200


def test_the_providers_trust_does_not_carry_over_to_a_password_login(client, oidc, office):
    """A local user taken over by single sign-on keeps a password; using it means a code."""
    oidc.OTP_REQUIRED = True
    oidc.OIDC_TRUSTS_IDP_MFA = True
    local = make_user("hanne.h", office)
    sign_in(client, FakeProvider(claims()))
    assert OidcIdentity.objects.get().user == local
    assert client.get(reverse("inquiries:worklist")).status_code == 200

    client.post(reverse("logout"))
    password_login(client, local)
    response = client.get(reverse("inquiries:worklist"))
    assert response["Location"].startswith(reverse("accounts:two_factor_enrol"))

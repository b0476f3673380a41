"""Shared fixtures and personas for every test directory.

Personas: `advisor` (Albertslund), `advisor_other` (an advisor of another office).
"""

from __future__ import annotations

import os

os.environ.setdefault("TESTING", "1")

import pytest  # noqa: E402

from tests.factories import make_office, make_user  # noqa: E402


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def office(db):
    return make_office("albertslund", preset="albertslund")


@pytest.fixture
def other_office(db):
    return make_office("lejre", preset="lejre")


@pytest.fixture
def advisor(office):
    return make_user("alice", office)


@pytest.fixture
def advisor_other(other_office):
    return make_user("bob", other_office)


@pytest.fixture
def advisor_client(client, advisor):
    client.force_login(advisor)
    return client

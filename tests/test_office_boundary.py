"""Every URL pattern, walked as an advisor of another office.

Object URLs must answer 404 for objects of an office that is not the user's
(or 403, when the advisor's role may not use the route at all: that refusal
comes before any lookup, so it says nothing about the object; which routes
those are is pinned by tests/security/test_role_matrix.py); pages without an
object must not show anything of that office. New URL
patterns are picked up automatically: a pattern whose parameters this test
cannot fill makes it fail, so nobody can add a route that escapes the sweep.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from borgerraadgiver.inquiries.models import JournalEntry
from borgerraadgiver.inquiries.services import person_create
from borgerraadgiver.vocabularies.models import Vocabulary
from borgerraadgiver.vocabularies.services import local_value_add
from tests.factories import make_inquiry

MARKER_NAME = "Zebulon Grænsevogter"
MARKER_ACCOUNT = "Hemmeligsnegl-beretning"

# Routes that hold no office data by design.
PUBLIC = {"login", "logout"}


def _walk(
    resolver: URLResolver, prefix: str = "", ns: str = ""
) -> Iterator[tuple[str, str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            sub_ns = f"{ns}{entry.namespace}:" if entry.namespace else ns
            yield from _walk(entry, prefix + str(entry.pattern), sub_ns)
        else:
            yield f"{ns}{entry.name}", prefix + str(entry.pattern), entry


def _routes() -> list[tuple[str, str, URLPattern]]:
    return [r for r in _walk(get_resolver()) if not r[0].startswith("None")]


@pytest.fixture
def owned(office, advisor):
    """Objects of Albertslund, each carrying a marker that must not leak."""
    person = person_create(office=office, name=MARKER_NAME, phone="12345678")
    inquiry = make_inquiry(office, account=MARKER_ACCOUNT, by=advisor)
    inquiry.person = person
    inquiry.save()
    entry = JournalEntry.objects.create(
        inquiry=inquiry,
        kind=JournalEntry.Kind.NOTE,
        text=MARKER_ACCOUNT,
        occurred=datetime.date(2025, 1, 16),
        created_by=advisor,
    )
    local = local_value_add(
        office=office, vocabulary=Vocabulary.objects.get(code="channel"), label="Grænsekanal"
    )
    return {
        "uuid": [inquiry.uid, person.uid, entry.uid],
        "int": [u.pk for u in office.org_units.all()[:3]] + [local.pk],
        "str": ["xlsx", "csv", "theme", "channel"],
    }


def _fill(pattern: str, converters: dict, owned: dict) -> list[dict]:
    names = list(converters)
    if not names:
        return [{}]
    kinds = {}
    for name, conv in converters.items():
        kind = type(conv).__name__
        if kind == "UUIDConverter":
            kinds[name] = owned["uuid"]
        elif kind == "IntConverter":
            kinds[name] = owned["int"]
        elif kind in ("StringConverter", "SlugConverter"):
            kinds[name] = owned["str"]
        else:
            pytest.fail(f"{pattern}: cannot fill parameter {name} ({kind}); extend the sweep")
    # One object at a time per parameter is enough: every candidate belongs to the owner.
    combos = [{}]
    for name in names:
        combos = [dict(c, **{name: v}) for c in combos for v in kinds[name]]
    return combos


@pytest.mark.security
def test_no_route_shows_another_offices_data(client, advisor_other, owned):
    client.force_login(advisor_other)
    checked = 0
    for name, pattern, entry in _routes():
        if name in PUBLIC:
            continue
        converters = entry.pattern.converters
        for kwargs in _fill(pattern, converters, owned):
            url = reverse(name, kwargs=kwargs)
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                checked += 1
                body = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
                assert MARKER_NAME.encode() not in body, f"{method.upper()} {url} leaks a name"
                assert MARKER_ACCOUNT.encode() not in body, f"{method.upper()} {url} leaks text"
                if any(isinstance(v, uuid.UUID | int) for v in kwargs.values()):
                    assert response.status_code in (403, 404), (
                        f"{method.upper()} {url}: {response.status_code}"
                    )
    assert checked > 10


@pytest.mark.security
def test_every_route_but_login_needs_a_logged_in_user(client, owned):
    for name, _pattern, entry in _routes():
        if name in PUBLIC:
            continue
        for kwargs in _fill(_pattern, entry.pattern.converters, owned)[:1]:
            response = client.get(reverse(name, kwargs=kwargs))
            assert response.status_code in (302, 404), name
            if response.status_code == 302:
                assert response["Location"].startswith("/log-ind/"), name

"""Objects of the advisor's own office for the route walks of the security tests."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from borgerraadgiver.inquiries.services import journal_entry_add, person_create
from borgerraadgiver.offices.models import User
from borgerraadgiver.vocabularies.models import Vocabulary
from borgerraadgiver.vocabularies.services import local_value_add
from tests.factories import make_inquiry, make_user

# Who walks the routes: the advisor may do everything in an office; the system
# operator (where the roles exist) has the pages for managing offices.
WALKERS = [role for role in ("advisor", "operator") if role in User.Role.values]


@pytest.fixture
def own_objects(office, advisor) -> dict[str, list[Any]]:
    """One object of each kind a URL can name, all of the advisor's office.

    Keyed by the kind of URL parameter they fill: the walks try each candidate
    of the parameter's kind, so every route reaches a real object at least once.
    """
    person = person_create(office=office, name="Vera Værnemiddel", phone="87654321")
    inquiry = make_inquiry(office, by=advisor)
    inquiry.person = person
    inquiry.save()
    entry = journal_entry_add(
        inquiry=inquiry,
        kind="note",
        occurred=datetime.date(2025, 1, 16),
        text="Bilag vedlagt",
        upload=SimpleUploadedFile("notat.txt", b"Et notat i ren tekst.\n"),
        by=advisor,
    )
    local = local_value_add(
        office=office, vocabulary=Vocabulary.objects.get(code="channel"), label="Værnekanal"
    )
    colleague = make_user("sigrid", office, role=User.Role.SECRETARY)
    return {
        "uuid": [inquiry.uid, person.uid, entry.uid],
        "int": [office.org_units.first().pk, local.pk, colleague.pk, office.pk],
        "str": ["xlsx", "csv", "theme", "channel"],
    }


@pytest.fixture(params=WALKERS)
def walker(request, advisor) -> User:
    """Each persona whose pages differ: every route is walked as each of them."""
    if request.param == "advisor":
        return advisor
    return make_user("olga", None, role=request.param)

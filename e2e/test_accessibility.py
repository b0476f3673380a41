"""axe-core on every page a user can open, as the office's own advisor.

Routes come from the URL configuration, so a new page is checked without
anyone remembering to add it here.
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from borgerraadgiver.inquiries.models import JournalEntry
from borgerraadgiver.inquiries.services import person_create
from e2e.conftest import assert_accessible, login
from tests.factories import make_inquiry
from tests.test_office_boundary import PUBLIC, _routes


def test_every_html_page_has_no_wcag_a_or_aa_violations(page, advisor):
    office = advisor.office
    inquiry = make_inquiry(office, by=advisor, themes=("begrundelse", "partshoering"))
    inquiry.person = person_create(office=office, name="Aksel Tilgængelig", phone="11223344")
    inquiry.save()
    entry = JournalEntry.objects.create(
        inquiry=inquiry, text="Notat", occurred=datetime.date(2025, 1, 16), created_by=advisor
    )
    candidates = {
        "uuid": [inquiry.uid, entry.uid],
        "int": [u.pk for u in office.org_units.all()[:1]],
        "str": ["theme", "channel"],
    }
    login(page, advisor.username)
    checked = []
    for name, _pattern, entry_ in _routes():
        if name in PUBLIC:
            continue
        converters = entry_.pattern.converters
        kwargs_options = [{}]
        for param, conv in converters.items():
            kind = {"UUIDConverter": "uuid", "IntConverter": "int"}.get(type(conv).__name__, "str")
            kwargs_options = [
                dict(k, **{param: v}) for k in kwargs_options for v in candidates[kind]
            ]
        for kwargs in kwargs_options:
            url = reverse(name, kwargs=kwargs)
            response = page.request.get(url)
            content_type = response.headers.get("content-type", "")
            if response.status != 200 or not content_type.startswith("text/html"):
                continue
            if "<html" not in response.text()[:500].lower():
                continue  # an htmx fragment, checked as part of its page
            page.goto(url)
            assert_accessible(page)
            checked.append(url)
            break
    assert len(checked) >= 10, checked

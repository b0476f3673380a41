"""The article 15 extract lists the person's casework: screening, requests, statements, letters."""

from __future__ import annotations

import html

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from borgerraadgiver.inquiries.services import person_create
from borgerraadgiver.privacy.selectors import person_extract
from borgerraadgiver.privacy.tests.casework_rows import TEXTS, make_casework
from tests.factories import make_inquiry

pytestmark = pytest.mark.security


@pytest.fixture
def person_with_casework(office, advisor):
    person = person_create(office=office, name="Casper Sagsbehandlet")
    inquiry = make_inquiry(office, by=advisor)
    inquiry.person = person
    inquiry.save()
    rows = make_casework(inquiry, by=advisor)
    # Another citizen's casework in the same office stays out.
    other = make_inquiry(office, by=advisor)
    other.person = person_create(office=office, name="Anden Borger")
    other.save()
    make_casework(other, by=advisor)
    return person, rows


def test_the_extract_holds_the_persons_casework_rows_and_no_one_elses(person_with_casework):
    person, rows = person_with_casework
    extract = person_extract(person)

    (item,) = extract.inquiries
    assert item.screening == rows["screening"]
    assert item.requests == [rows["request"]]
    assert item.statements == [rows["statement"]]
    assert item.deadlines == [rows["deadline"]]
    assert item.pauses == [rows["pause"]]
    assert item.letters == [rows["letter"]]
    assert extract.pages == [item.page]


def test_the_extract_document_shows_every_casework_text(person_with_casework):
    person, _rows = person_with_casework
    extract = person_extract(person)
    document = html.unescape(
        render_to_string(
            "privacy/extract_pdf.html", {"extract": extract, "person": person, "created": "i dag"}
        )
    )
    assert "Sagsbehandling" in document
    for text in TEXTS.values():
        assert text in document, text
    assert "Anmodning om redegørelse" in document


def test_the_pdf_extract_with_casework_is_made(advisor_client, person_with_casework):
    person, _rows = person_with_casework
    response = advisor_client.get(reverse("privacy:extract_pdf", kwargs={"uid": person.uid}))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")

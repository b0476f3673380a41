"""An uploaded file is never served as a page: whatever it holds, it is saved, not shown."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from borgerraadgiver.inquiries.models import JournalEntry
from borgerraadgiver.inquiries.services import journal_entry_add
from tests.factories import make_inquiry

pytestmark = pytest.mark.security

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02" + b"\x00" * 20
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture
def attach(office, advisor):
    inquiry = make_inquiry(office, by=advisor)

    def attach(name: str, content: bytes) -> JournalEntry:
        return journal_entry_add(
            inquiry=inquiry,
            kind="note",
            occurred=datetime.date(2025, 1, 16),
            text="Bilag",
            upload=SimpleUploadedFile(name, content, content_type="text/html"),
            by=advisor,
        )

    return attach


def download(client, entry: JournalEntry):
    response = client.get(reverse("inquiries:attachment", kwargs={"uid": entry.uid}))
    assert response.status_code == 200
    return response


def assert_saved_not_shown(response) -> None:
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy
    assert "no-store" in response["Cache-Control"]
    assert "html" not in response["Content-Type"] and "svg" not in response["Content-Type"]


@pytest.mark.parametrize(
    ("name", "content", "served_as"),
    [
        ("side.html", HTML, "text/plain; charset=utf-8"),
        ("side.pdf", PDF, "application/pdf"),
        ("billede.png", PNG, "image/png"),
    ],
)
def test_an_attachment_is_served_as_the_type_its_content_shows(
    advisor_client, attach, name, content, served_as
):
    response = download(advisor_client, attach(name, content))
    assert response["Content-Type"] == served_as
    assert_saved_not_shown(response)
    assert b"".join(response.streaming_content) == content


@pytest.mark.parametrize(
    "stored_type", ["text/html", "image/svg+xml", "application/xhtml+xml", "text/xml", ""]
)
def test_a_stored_type_the_upload_check_never_gives_is_served_as_bytes(
    advisor_client, attach, stored_type
):
    """An old or hand-edited row cannot turn a download into a page."""
    entry = attach("side.html", HTML)
    JournalEntry.objects.filter(pk=entry.pk).update(attachment_type=stored_type)
    response = download(advisor_client, entry)
    assert response["Content-Type"] == "application/octet-stream"
    assert_saved_not_shown(response)

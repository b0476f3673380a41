"""The journal: dated entries and attachments checked by content, downloaded through access."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, IntegrityError
from django.urls import reverse
from openpyxl import Workbook

from borgerraadgiver.inquiries.models import JournalEntry
from borgerraadgiver.inquiries.services import journal_entry_add
from borgerraadgiver.offices.models import User
from tests.factories import make_inquiry

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 20


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<xml/>")
    return buffer.getvalue()


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["Dato", "Beløb"])
    workbook.save(buffer)
    return buffer.getvalue()


DOCX = _zip(["[Content_Types].xml", "_rels/.rels", "word/document.xml"])


@pytest.fixture
def inquiry(office, advisor):
    return make_inquiry(office, by=advisor)


def _add(client, inquiry, *, upload=None, **fields):
    data = {"kind": "phone", "occurred": "2025-01-20", "text": "", **fields}
    if upload is not None:
        data["attachment"] = upload
    return client.post(reverse("inquiries:journal_add", kwargs={"uid": inquiry.uid}), data)


def test_a_journal_entry_is_added_and_shown_newest_first(advisor_client, inquiry):
    _add(advisor_client, inquiry, text="Første samtale", occurred="2025-01-16")
    response = _add(
        advisor_client, inquiry, text="Opfølgende møde", kind="meeting", occurred="2025-01-22"
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#journal")
    page = advisor_client.get(response["Location"]).content.decode()
    assert "Journalnotatet er gemt" in page
    assert page.index("Opfølgende møde") < page.index("Første samtale")
    assert "Møde" in page and "Telefonsamtale" in page


def test_an_entry_needs_a_text_or_an_attachment(advisor_client, inquiry):
    response = _add(advisor_client, inquiry, text="   ")
    assert response.status_code == 200
    assert response.context["journal_form"].errors["text"] == [
        "Skriv en tekst eller vedhæft et bilag."
    ]
    assert JournalEntry.objects.count() == 0


def test_a_journal_entry_posted_with_htmx_returns_the_journal_alone(advisor_client, inquiry):
    response = advisor_client.post(
        reverse("inquiries:journal_add", kwargs={"uid": inquiry.uid}),
        {"kind": "note", "occurred": "2025-01-20", "text": "Notat via htmx"},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="journal"')
    assert "Notat via htmx" in page and "Journalnotatet er gemt" in page


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("afgoerelse.pdf", PDF, "application/pdf"),
        ("foto.png", PNG, "image/png"),
        ("foto.jpg", JPEG, "image/jpeg"),
        (
            "brev.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "budget.xlsx",
            _xlsx(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("noter.txt", "Borgeren ringede igen. Æblegrød.".encode(), "text/plain"),
        # The name says nothing: a PDF called .txt is stored as the PDF it is.
        ("skjult.txt", PDF, "application/pdf"),
    ],
)
def test_attachments_are_accepted_by_their_content(advisor_client, inquiry, name, content, mime):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    response = _add(advisor_client, inquiry, upload=upload, text="Bilag")
    assert response.status_code == 302
    entry = JournalEntry.objects.get()
    assert entry.attachment_type == mime
    assert entry.attachment_name == name
    assert entry.attachment_size == len(content)
    # Stored under an opaque name: the citizen's file name never reaches the disk.
    assert name.split(".")[0] not in entry.attachment.name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("program.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 64),
        ("falsk.pdf", b"\x00\x01\x02binary junk\x00\xff"),
        ("arkiv.docx", _zip(["[Content_Types].xml", "evil/payload.bin"])),
        ("arkiv.zip", _zip(["noter.txt"])),
        ("latin1.txt", "Æblegrød".encode("latin-1")),
        ("nul.txt", b"tekst med \x00 nul"),
        ("billede.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
        ("tom.txt", b""),
    ],
)
def test_attachments_of_other_kinds_are_refused_and_nothing_is_stored(
    advisor_client, inquiry, settings, name, content
):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = _add(advisor_client, inquiry, upload=upload, text="Forsøg")
    assert response.status_code == 200
    assert response.context["journal_form"].errors["attachment"]
    assert JournalEntry.objects.count() == 0
    stored = settings.MEDIA_ROOT / "attachments"
    assert not stored.exists() or not any(p.is_file() for p in stored.rglob("*"))


def test_an_attachment_over_the_size_limit_is_refused(advisor_client, inquiry, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    upload = SimpleUploadedFile("stor.txt", b"a" * 1001)
    response = _add(advisor_client, inquiry, upload=upload, text="For stor")
    errors = response.context["journal_form"].errors["attachment"]
    assert "grænsen er 1000" in errors[0]
    assert JournalEntry.objects.count() == 0


def test_an_attachment_is_downloaded_as_an_attachment_never_inline(advisor_client, inquiry):
    html = b"<html><script>alert(1)</script></html>"
    _add(
        advisor_client,
        inquiry,
        upload=SimpleUploadedFile("side.html", html, "text/html"),
        text="HTML som tekst",
    )
    entry = JournalEntry.objects.get()
    assert entry.attachment_type == "text/plain"
    response = advisor_client.get(reverse("inquiries:attachment", kwargs={"uid": entry.uid}))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="side.html"' in response["Content-Disposition"]
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == html


def test_another_offices_user_cannot_download_an_attachment(
    client, advisor_client, inquiry, advisor_other
):
    _add(advisor_client, inquiry, upload=SimpleUploadedFile("a.pdf", PDF), text="Bilag")
    entry = JournalEntry.objects.get()
    client.force_login(advisor_other)
    url = reverse("inquiries:attachment", kwargs={"uid": entry.uid})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_an_entry_without_attachment_has_nothing_to_download(advisor_client, inquiry, advisor):
    entry = JournalEntry.objects.create(
        inquiry=inquiry,
        kind="note",
        text="x",
        occurred=datetime.date(2025, 1, 2),
        created_by=advisor,
    )
    url = reverse("inquiries:attachment", kwargs={"uid": entry.uid})
    assert advisor_client.get(url).status_code == 404


def test_another_office_cannot_add_to_the_journal(client, inquiry, advisor_other):
    client.force_login(advisor_other)
    url = reverse("inquiries:journal_add", kwargs={"uid": inquiry.uid})
    assert (
        client.post(url, {"kind": "note", "occurred": "2025-01-20", "text": "x"}).status_code == 404
    )
    assert client.get(url).status_code == 404
    assert JournalEntry.objects.count() == 0


def test_the_journal_form_is_posted_only(advisor_client, inquiry):
    url = reverse("inquiries:journal_add", kwargs={"uid": inquiry.uid})
    response = advisor_client.get(url)
    assert response.status_code == 302
    assert JournalEntry.objects.count() == 0


def test_a_journal_post_needs_a_csrf_token(inquiry, advisor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(advisor)
    url = reverse("inquiries:journal_add", kwargs={"uid": inquiry.uid})
    assert (
        client.post(url, {"kind": "note", "occurred": "2025-01-20", "text": "x"}).status_code == 403
    )
    assert JournalEntry.objects.count() == 0


def _stored_files(settings) -> list:
    stored = settings.MEDIA_ROOT / "attachments"
    return [p for p in stored.rglob("*") if p.is_file()] if stored.exists() else []


def test_an_attachment_whose_row_fails_to_save_is_removed_from_disk(
    inquiry, advisor, settings, monkeypatch
):
    def save_fails(self, *args, **kwargs):
        # The file is on disk by now: the row's save is the next step.
        assert self.attachment.storage.exists(self.attachment.name)
        raise DatabaseError("disken er fuld")

    monkeypatch.setattr(JournalEntry, "save", save_fails)
    with pytest.raises(DatabaseError):
        journal_entry_add(
            inquiry=inquiry,
            kind="note",
            occurred=datetime.date(2025, 1, 20),
            upload=SimpleUploadedFile("afgoerelse.pdf", PDF),
            by=advisor,
        )
    assert _stored_files(settings) == []


@pytest.mark.django_db(transaction=True)
def test_an_attachment_is_removed_when_the_commit_fails(office, advisor, settings):
    inquiry = make_inquiry(office, by=advisor)
    # A reference to a user that does not exist passes save() and fails only at
    # commit, where SQLite and PostgreSQL check deferred foreign keys.
    ghost = User(pk=advisor.pk + 1000)
    with pytest.raises(IntegrityError):
        journal_entry_add(
            inquiry=inquiry,
            kind="note",
            occurred=datetime.date(2025, 1, 20),
            upload=SimpleUploadedFile("afgoerelse.pdf", PDF),
            by=ghost,
        )
    assert JournalEntry.objects.count() == 0
    assert _stored_files(settings) == []


def test_a_saved_attachment_stays_on_disk(inquiry, advisor, settings):
    entry = journal_entry_add(
        inquiry=inquiry,
        kind="note",
        occurred=datetime.date(2025, 1, 20),
        upload=SimpleUploadedFile("afgoerelse.pdf", PDF),
        by=advisor,
    )
    assert _stored_files(settings) == [settings.MEDIA_ROOT / entry.attachment.name]

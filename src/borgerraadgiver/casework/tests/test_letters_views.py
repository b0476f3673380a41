"""Making, downloading and sending letters from the inquiry page; the office's letter templates."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from docx import Document

from borgerraadgiver.audit.models import AccessRecord, Action
from borgerraadgiver.casework.letters import document_text, standard_template_path
from borgerraadgiver.casework.letters_services import letter_create
from borgerraadgiver.casework.models import Letter, LetterKind, LetterTemplate
from borgerraadgiver.casework.tests.test_letters_render import CPR, EMAIL, NAME, build_case
from borgerraadgiver.inquiries.attachments import MIME_DOCX
from borgerraadgiver.inquiries.models import JournalEntry
from borgerraadgiver.offices.models import User
from tests.factories import make_user

pytestmark = pytest.mark.casework


@pytest.fixture
def case(office, advisor):
    return build_case(office, advisor)


def _make(client, case, kind, request=None):
    data = {"kind": kind}
    if request is not None:
        data["request"] = str(request.uid)
    return client.post(reverse("casework:letter_create", args=[case.inquiry.uid]), data)


def _content(letter: Letter) -> bytes:
    with letter.journal_entry.attachment.open("rb") as handle:
        return handle.read()


def test_an_advisor_makes_a_letter_into_the_journal_and_the_trail(advisor_client, case, advisor):
    answer = _make(advisor_client, case, LetterKind.ACKNOWLEDGEMENT)
    assert answer.status_code == 302
    assert answer["Location"].endswith(f"/{case.inquiry.uid}/#letters")
    letter = Letter.objects.get()
    assert letter.recipient == Letter.Recipient.CITIZEN
    assert letter.created_by == advisor
    entry = letter.journal_entry
    assert entry.kind == JournalEntry.Kind.MAIL_OUT
    assert entry.text == "Brev: Kvittering"
    assert entry.attachment_type == MIME_DOCX
    assert entry.attachment_name.endswith(".docx")
    assert NAME in document_text(_content(letter))
    assert AccessRecord.objects.filter(
        action=Action.CREATE,
        object_type="letter",
        object_uid=letter.uid,
        person_uid=case.person.uid,
    ).exists()


def test_the_letter_is_downloaded_through_the_journals_attachment(advisor_client, case):
    _make(advisor_client, case, LetterKind.CLOSING)
    letter = Letter.objects.get()
    answer = advisor_client.get(reverse("inquiries:attachment", args=[letter.journal_entry.uid]))
    assert answer.status_code == 200
    content = b"".join(answer.streaming_content)
    assert "afslutter hermed din sag" in document_text(content)


def test_a_department_letter_names_its_request(advisor_client, case):
    refused = _make(advisor_client, case, LetterKind.REMINDER)
    assert refused.status_code == 302
    assert not Letter.objects.exists()
    page = advisor_client.get(refused["Location"])
    assert "Brevet er ikke dannet" in page.content.decode()

    _make(advisor_client, case, LetterKind.REMINDER, request=case.referral)
    letter = Letter.objects.get()
    assert letter.recipient == Letter.Recipient.DEPARTMENT
    assert letter.request == case.referral


def test_the_panel_lists_the_letters_with_download_and_a_prefilled_send_form(advisor_client, case):
    _make(advisor_client, case, LetterKind.ACKNOWLEDGEMENT)
    _make(advisor_client, case, LetterKind.REFERRAL, request=case.referral)
    page = advisor_client.get(reverse("inquiries:detail", args=[case.inquiry.uid]))
    html = page.content.decode()
    assert 'id="letters"' in html
    for letter in Letter.objects.all():
        assert reverse("inquiries:attachment", args=[letter.journal_entry.uid]) in html
        assert reverse("casework:letter_send", args=[letter.uid]) in html
    assert f'value="{EMAIL}"' in html
    assert 'value="lise.leder@kommune.example"' in html
    assert "Ikke sendt" in html


def test_a_secretary_makes_letters_but_not_the_statement(client, office, case):
    client.force_login(make_user("sigrid", office, role=User.Role.SECRETARY))
    page = client.get(reverse("inquiries:detail", args=[case.inquiry.uid])).content.decode()
    assert 'value="acknowledgement"' in page
    assert 'value="statement"' not in page
    _make(client, case, LetterKind.STATEMENT)
    assert not Letter.objects.exists()
    _make(client, case, LetterKind.ACKNOWLEDGEMENT)
    assert Letter.objects.count() == 1


def test_a_secretary_may_not_send_the_statement_letter(client, office, case, advisor):
    letter = letter_create(inquiry=case.inquiry, kind=LetterKind.STATEMENT, by=advisor)
    client.force_login(make_user("sigrid", office, role=User.Role.SECRETARY))
    answer = client.post(reverse("casework:letter_send", args=[letter.uid]), {"to": EMAIL})
    assert answer.status_code == 403
    assert mail.outbox == []


def test_sending_mails_the_document_with_a_short_body_and_records_the_export(
    advisor_client, case, advisor
):
    letter = letter_create(inquiry=case.inquiry, kind=LetterKind.ACKNOWLEDGEMENT, by=advisor)
    answer = advisor_client.post(reverse("casework:letter_send", args=[letter.uid]), {"to": EMAIL})
    assert answer.status_code == 302
    (message,) = mail.outbox
    assert message.to == [EMAIL]
    reference = case.inquiry.reference
    assert f"j.nr. {reference}" in message.subject
    assert f"Vedhæftet brev fra Borgerrådgiveren vedr. j.nr. {reference}" in message.body
    assert NAME not in message.body and CPR not in message.body
    (name, content, mime) = message.attachments[0]
    assert name == letter.journal_entry.attachment_name
    assert mime == MIME_DOCX
    assert "Kvittering for din henvendelse" in document_text(content)
    letter.refresh_from_db()
    assert letter.email_to == EMAIL
    assert letter.emailed_at is not None
    assert AccessRecord.objects.filter(
        action=Action.EXPORT, object_type="letter", object_uid=letter.uid
    ).exists()
    page = advisor_client.get(reverse("inquiries:detail", args=[case.inquiry.uid]))
    assert f"til {EMAIL}" in page.content.decode()


def test_a_bad_address_sends_nothing(advisor_client, case, advisor):
    letter = letter_create(inquiry=case.inquiry, kind=LetterKind.CLOSING, by=advisor)
    advisor_client.post(
        reverse("casework:letter_send", args=[letter.uid]), {"to": "ikke-en-adresse"}
    )
    assert mail.outbox == []
    letter.refresh_from_db()
    assert letter.emailed_at is None


@override_settings(EMAIL_CONFIGURED=False)
def test_without_e_mail_the_page_offers_download_only(advisor_client, case, advisor):
    letter = letter_create(inquiry=case.inquiry, kind=LetterKind.CLOSING, by=advisor)
    html = advisor_client.get(reverse("inquiries:detail", args=[case.inquiry.uid])).content.decode()
    assert "E-mail er ikke sat op" in html
    assert reverse("casework:letter_send", args=[letter.uid]) not in html
    advisor_client.post(reverse("casework:letter_send", args=[letter.uid]), {"to": EMAIL})
    assert mail.outbox == []


def test_another_offices_letter_is_not_found(client, case, advisor, advisor_other):
    letter = letter_create(inquiry=case.inquiry, kind=LetterKind.CLOSING, by=advisor)
    client.force_login(advisor_other)
    answer = client.post(reverse("casework:letter_send", args=[letter.uid]), {"to": EMAIL})
    assert answer.status_code == 404
    answer = client.post(
        reverse("casework:letter_create", args=[case.inquiry.uid]), {"kind": "closing"}
    )
    assert answer.status_code == 404
    assert mail.outbox == []
    assert Letter.objects.count() == 1


# --- The office's own templates ---------------------------------------------------------


def _docx_with(text: str) -> bytes:
    document = Document(str(standard_template_path(LetterKind.CLOSING)))
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _upload(client, kind: str, content: bytes, name: str = "skabelon.docx"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(
        reverse("casework_settings:letter_templates"), {"kind": kind, "template": file}
    )


def test_the_templates_page_lists_every_kind(advisor_client):
    html = advisor_client.get(reverse("casework_settings:letter_templates")).content.decode()
    for kind in LetterKind:
        assert reverse("casework_settings:letter_template_standard", args=[kind.value]) in html
        assert str(kind.label) in html


def test_the_settings_page_links_to_the_letter_templates(advisor_client):
    html = advisor_client.get(reverse("offices:settings")).content.decode()
    assert reverse("casework_settings:letter_templates") in html


def test_an_uploaded_template_is_used_for_the_next_letter(advisor_client, case, advisor):
    answer = _upload(advisor_client, "closing", _docx_with("Kontorets egen hilsen {{ reference }}"))
    assert answer.status_code == 302
    own = LetterTemplate.objects.get(office=case.office, kind="closing")
    assert own.uploaded_by == advisor
    letter = letter_create(inquiry=case.inquiry, kind=LetterKind.CLOSING, by=advisor)
    assert f"Kontorets egen hilsen {case.inquiry.reference}" in document_text(_content(letter))
    download = advisor_client.get(
        reverse("casework_settings:letter_template_download", args=["closing"])
    )
    assert b"".join(download.streaming_content) == bytes(own.content)

    assert (
        advisor_client.post(
            reverse("casework_settings:letter_template_reset", args=["closing"])
        ).status_code
        == 302
    )
    assert not LetterTemplate.objects.exists()
    letter = letter_create(inquiry=case.inquiry, kind=LetterKind.CLOSING, by=advisor)
    assert "Kontorets egen hilsen" not in document_text(_content(letter))


def test_a_file_that_is_not_word_is_refused(advisor_client):
    answer = _upload(advisor_client, "closing", b"%PDF-1.4 not a letter", name="brev.docx")
    assert answer.status_code == 200
    assert "ikke et Word-dokument" in answer.content.decode()
    assert not LetterTemplate.objects.exists()


def test_a_macro_enabled_template_is_refused(advisor_client):
    source = zipfile.ZipFile(io.BytesIO(_docx_with("Makro")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            archive.writestr(info, source.read(info.filename))
        archive.writestr("word/vbaProject.bin", b"\x00macro")
    answer = _upload(advisor_client, "closing", out.getvalue(), name="brev.docm")
    assert "makroer" in answer.content.decode()
    assert not LetterTemplate.objects.exists()


def test_a_template_with_an_unknown_field_is_refused_by_its_trial_letter(advisor_client):
    answer = _upload(advisor_client, "closing", _docx_with("{{ borgerens_cpr }}"))
    assert "borgerens_cpr" in answer.content.decode()
    assert not LetterTemplate.objects.exists()


def test_a_template_with_a_broken_field_is_refused(advisor_client):
    answer = _upload(advisor_client, "closing", _docx_with("{% if reference %}"))
    assert "skrevet forkert" in answer.content.decode()
    assert not LetterTemplate.objects.exists()


def test_the_standard_template_downloads_and_an_unknown_kind_is_not_found(advisor_client):
    answer = advisor_client.get(
        reverse("casework_settings:letter_template_standard", args=["referral"])
    )
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content) == standard_template_path("referral").read_bytes()
    missing = advisor_client.get(
        reverse("casework_settings:letter_template_standard", args=["nope"])
    )
    assert missing.status_code == 404
    assert (
        advisor_client.get(
            reverse("casework_settings:letter_template_download", args=["referral"])
        ).status_code
        == 404
    )

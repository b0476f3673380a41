"""Anonymous towards the administration: no department letter or e-mail identifies the citizen."""

from __future__ import annotations

import io
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from docx import Document

from borgerraadgiver.casework.anonymity import check_for_administration, identifying_found
from borgerraadgiver.casework.letters import DEPARTMENT_KINDS, document_text, letter_render
from borgerraadgiver.casework.letters_services import letter_create, letter_send
from borgerraadgiver.casework.models import Letter, LetterKind, LetterTemplate
from borgerraadgiver.casework.tests.test_letters_render import (
    ADDRESS,
    CPR,
    EMAIL,
    NAME,
    PHONE,
    build_case,
    request_for,
)
from borgerraadgiver.inquiries.models import JournalEntry

pytestmark = pytest.mark.casework

DEPARTMENT = sorted(DEPARTMENT_KINDS)


def _forbidden() -> list[str]:
    return [
        NAME,
        *NAME.split(),
        ADDRESS,
        ADDRESS.split(",")[0],
        PHONE,
        EMAIL,
        CPR,
        f"{CPR[:6]}-{CPR[6:]}",
    ]


def _leaks(text: str) -> list[str]:
    flat = re.sub(r"\s+", " ", text).casefold()
    compact = re.sub(r"[\s\-.]", "", text).casefold()
    return [
        word
        for word in _forbidden()
        if word.casefold() in flat or re.sub(r"[\s\-.]", "", word).casefold() in compact
    ]


def _attachment_text(message: mail.EmailMessage) -> str:
    (_name, content, _mime) = message.attachments[0]
    return document_text(content)


@pytest.fixture
def anonymous_case(office, advisor):
    return build_case(office, advisor, anonymous_to_administration=True)


@pytest.mark.parametrize("kind", DEPARTMENT)
def test_a_department_letter_of_an_anonymous_case_names_nothing_of_the_citizen(
    anonymous_case, kind
):
    content = letter_render(
        inquiry=anonymous_case.inquiry, kind=kind, request=request_for(anonymous_case, kind)
    )
    text = document_text(content)
    assert not _leaks(text), f"{kind} leaks {_leaks(text)}"
    assert "anonym over for forvaltningen" in text


@pytest.mark.parametrize("kind", DEPARTMENT)
def test_the_same_letter_of_a_case_that_is_not_anonymous_names_the_citizen(office, advisor, kind):
    # The control: the scan above would find the name if the letter carried it.
    case = build_case(office, advisor)
    text = document_text(
        letter_render(inquiry=case.inquiry, kind=kind, request=request_for(case, kind))
    )
    assert NAME in text


@pytest.mark.parametrize("kind", DEPARTMENT)
def test_the_e_mail_of_a_department_letter_of_an_anonymous_case_identifies_no_one(
    anonymous_case, advisor, kind
):
    letter = letter_create(
        inquiry=anonymous_case.inquiry,
        kind=kind,
        request=request_for(anonymous_case, kind),
        by=advisor,
    )
    letter_send(letter=letter, to=letter.request.contact_email, by=advisor)
    (message,) = mail.outbox
    assert message.to == [letter.request.contact_email]
    for text in (message.subject, message.body, _attachment_text(message)):
        assert not _leaks(text), _leaks(text)


def test_the_citizens_own_letters_of_an_anonymous_case_still_name_them(anonymous_case):
    text = document_text(
        letter_render(inquiry=anonymous_case.inquiry, kind=LetterKind.ACKNOWLEDGEMENT)
    )
    assert NAME in text and "Bispevej 17" in text
    assert CPR not in text


def _office_template_adding(field: str) -> bytes:
    """The shipped referral template with a field added, as an office might."""
    from borgerraadgiver.casework.letters import standard_template_path

    document = Document(str(standard_template_path(LetterKind.REFERRAL)))
    document.add_paragraph(f"Borgeren: {{{{ {field} }}}}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("field", ["citizen_name", "citizen_address", "citizen_phone"])
def test_an_office_template_that_adds_the_citizen_to_a_department_letter_is_refused(
    anonymous_case, advisor, field
):
    LetterTemplate.objects.create(
        office=anonymous_case.office,
        kind=LetterKind.REFERRAL,
        content=_office_template_adding(field),
    )
    with pytest.raises(ValidationError) as refused:
        letter_create(
            inquiry=anonymous_case.inquiry,
            kind=LetterKind.REFERRAL,
            request=anonymous_case.referral,
            by=advisor,
        )
    assert "anonym" in refused.value.messages[0]
    assert NAME not in refused.value.messages[0]
    assert not Letter.objects.exists()
    assert not JournalEntry.objects.filter(kind=JournalEntry.Kind.MAIL_OUT).exists()


def test_the_same_office_template_is_fine_when_the_citizen_is_not_anonymous(office, advisor):
    case = build_case(office, advisor)
    LetterTemplate.objects.create(
        office=office, kind=LetterKind.REFERRAL, content=_office_template_adding("citizen_name")
    )
    letter = letter_create(
        inquiry=case.inquiry, kind=LetterKind.REFERRAL, request=case.referral, by=advisor
    )
    assert letter.recipient == Letter.Recipient.DEPARTMENT


@pytest.mark.parametrize(
    "typed",
    [NAME, NAME.split()[1].upper(), "Bispevej 17", "41 52 83 96", EMAIL],
)
def test_a_free_text_naming_the_citizen_stops_the_department_letter(anonymous_case, typed):
    anonymous_case.referral.complaint = f"Klagen fra {typed} handler om svartid."
    anonymous_case.referral.save()
    with pytest.raises(ValidationError) as refused:
        letter_render(
            inquiry=anonymous_case.inquiry,
            kind=LetterKind.REFERRAL,
            request=anonymous_case.referral,
        )
    assert refused.value.code == "identifies_anonymous_citizen"


def test_a_letter_sent_later_is_checked_again(anonymous_case, advisor):
    """A document made before the citizen asked for anonymity is stopped at sending."""
    inquiry = anonymous_case.inquiry
    inquiry.anonymous_to_administration = False
    inquiry.save()
    letter = letter_create(
        inquiry=inquiry, kind=LetterKind.REFERRAL, request=anonymous_case.referral, by=advisor
    )
    inquiry.anonymous_to_administration = True
    inquiry.save()
    letter.inquiry.refresh_from_db()
    with pytest.raises(ValidationError):
        letter_send(letter=letter, to="lise.leder@kommune.example", by=advisor)
    assert mail.outbox == []
    letter.refresh_from_db()
    assert letter.emailed_at is None


def test_the_address_is_found_by_its_street_alone(anonymous_case):
    # The street and number identify as surely as the whole address line.
    assert identifying_found(anonymous_case.inquiry, "Hun bor på bispevej 17.")
    with pytest.raises(ValidationError):
        check_for_administration(anonymous_case.inquiry, "Hun bor på Bispevej 17.")


TEXT_BOX = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape style="width:200pt;height:50pt">'
    "<v:textbox><w:txbxContent><w:p><w:r><w:t>{{ complaint }}</w:t></w:r></w:p>"
    "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
)


def test_a_name_in_a_text_box_of_an_office_template_is_found(anonymous_case, advisor):
    """The check reads every part of the document, not only the body's paragraphs."""
    from docx.oxml import parse_xml

    from borgerraadgiver.casework.letters import standard_template_path

    document = Document(str(standard_template_path(LetterKind.REFERRAL)))
    # The complaint moved out of the body into a text box in the header.
    for paragraph in document.paragraphs:
        if "{{ complaint }}" in paragraph.text:
            paragraph.text = ""
    document.sections[0].header.paragraphs[0]._p.append(parse_xml(TEXT_BOX))
    out = io.BytesIO()
    document.save(out)
    LetterTemplate.objects.create(
        office=anonymous_case.office, kind=LetterKind.REFERRAL, content=out.getvalue()
    )
    anonymous_case.referral.complaint = f"{NAME} klager over svartiden."
    anonymous_case.referral.save()
    with pytest.raises(ValidationError) as refused:
        letter_create(
            inquiry=anonymous_case.inquiry,
            kind=LetterKind.REFERRAL,
            request=anonymous_case.referral,
            by=advisor,
        )
    assert refused.value.code == "identifies_anonymous_citizen"

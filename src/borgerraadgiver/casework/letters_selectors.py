"""Reads for letters: the letters of an inquiry for its page, the office's templates."""

from __future__ import annotations

from dataclasses import dataclass

from borgerraadgiver.casework.letters_services import letter_default_address
from borgerraadgiver.casework.models import DepartmentRequest, Letter, LetterKind, LetterTemplate
from borgerraadgiver.inquiries.models import Inquiry
from borgerraadgiver.offices.models import Office


@dataclass(frozen=True)
class LetterRow:
    letter: Letter
    to: str
    default_address: str


def inquiry_letters(inquiry: Inquiry) -> list[LetterRow]:
    letters = Letter.objects.filter(inquiry=inquiry).select_related(
        "journal_entry", "request__org_unit", "created_by", "inquiry__person", "inquiry__requester"
    )
    rows = []
    for letter in letters:
        if letter.request is not None:
            to = letter.request.org_unit.name
        else:
            to = letter.get_recipient_display()
        rows.append(LetterRow(letter, to, letter_default_address(letter)))
    return rows


def inquiry_department_requests(inquiry: Inquiry) -> list[DepartmentRequest]:
    return list(
        DepartmentRequest.objects.filter(inquiry=inquiry, office=inquiry.office).select_related(
            "org_unit"
        )
    )


@dataclass(frozen=True)
class TemplateRow:
    kind: str
    label: str
    own: LetterTemplate | None


def office_letter_templates(office: Office) -> list[TemplateRow]:
    own = {
        t.kind: t
        for t in LetterTemplate.objects.filter(office=office)
        .defer("content")
        .select_related("uploaded_by")
    }
    return [TemplateRow(value, str(label), own.get(value)) for value, label in LetterKind.choices]

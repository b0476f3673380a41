"""Writes for letters: make one into the journal, send one by e-mail.

The views write the audit records (CREATE for a letter made, EXPORT for one
sent) in the same transaction; the document itself is downloaded through the
journal's attachment route, which records its own reads.
"""

from __future__ import annotations

import logging
import re
import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from borgerraadgiver.casework.letters import (
    DEPARTMENT_KINDS,
    document_text,
    letter_render,
    letter_text_check,
    recipient_of,
)
from borgerraadgiver.casework.models import Deadline, DepartmentRequest, Letter, LetterKind
from borgerraadgiver.inquiries.attachments import MIME_DOCX
from borgerraadgiver.inquiries.models import Inquiry, JournalEntry
from borgerraadgiver.inquiries.services import journal_entry_add
from borgerraadgiver.offices.models import User

logger = logging.getLogger(__name__)

NOT_CONFIGURED = (
    "E-mail er ikke sat op på denne installation. Hent brevet, og send det med Digital Post "
    "eller gem det i kommunens ESDH-system."
)


def letter_filename(letter_kind: str, reference: str) -> str:
    """'oversendelse-2025-0001.docx': the kind and the reference, safe as a file name."""
    words = {
        "æ": "ae",
        "ø": "oe",
        "å": "aa",
    }
    label = str(LetterKind(letter_kind).label).lower()
    for letter, plain in words.items():
        label = label.replace(letter, plain)
    name = re.sub(r"[^a-z0-9]+", "-", f"{label}-{reference.lower()}").strip("-")
    return f"{name or 'brev'}.docx"


# Letters to the citizen that answer them (all but the acknowledgement).
REPLY_KINDS = frozenset({LetterKind.STATEMENT, LetterKind.REJECTION, LetterKind.CLOSING})


@transaction.atomic
def letter_create(
    *,
    inquiry: Inquiry,
    kind: str,
    request: DepartmentRequest | None = None,
    by: User | None = None,
) -> Letter:
    """Make a letter from the office's template and keep it in the journal (kind MAIL_OUT).

    `request` is the referral or statement request a department letter is
    about (required for those, ignored for the citizen's letters). Raises
    ValidationError when the letter may not be made: a department letter of an
    anonymous citizen that would identify them, any CPR number, a template
    that cannot be filled.
    """
    kind = LetterKind(kind).value
    if kind not in DEPARTMENT_KINDS:
        request = None
    elif request is not None and request.inquiry_id != inquiry.pk:
        raise ValidationError("Henvendelsen til forvaltningen hører ikke til denne sag.")
    content = letter_render(inquiry=inquiry, kind=kind, request=request, by=by)
    upload = ContentFile(content, name=letter_filename(kind, inquiry.reference))
    entry = journal_entry_add(
        inquiry=inquiry,
        kind=JournalEntry.Kind.MAIL_OUT,
        occurred=timezone.localdate(),
        text=f"Brev: {LetterKind(kind).label}",
        upload=upload,
        by=by,
    )
    letter = Letter(
        inquiry=inquiry,
        office=inquiry.office,
        kind=kind,
        recipient=recipient_of(kind),
        request=request,
        journal_entry=entry,
        created_by=by,
    )
    try:
        letter.full_clean(exclude=["created_by", "journal_entry"])
        letter.save()
    except BaseException:
        # The journal entry's own transaction has stored the file already.
        entry.attachment.delete(save=False)
        raise
    if kind in REPLY_KINDS:
        # The citizen has heard from the advisor: the reply guarantee is kept
        # (the acknowledgement only promises the date, so it keeps nothing).
        Deadline.objects.filter(
            inquiry=inquiry, kind=Deadline.Kind.REPLY, met_on__isnull=True
        ).update(met_on=entry.occurred, paused_since=None)
    return letter


def letter_content(letter: Letter) -> bytes:
    with letter.journal_entry.attachment.open("rb") as handle:
        return handle.read()


def letter_mail_text(letter: Letter) -> tuple[str, str]:
    """The e-mail's subject and body: the reference only, the letter itself attached."""
    reference = letter.inquiry.reference
    office = letter.office.name
    subject = f"Brev fra Borgerrådgiveren, j.nr. {reference}"
    body = (
        f"Vedhæftet brev fra Borgerrådgiveren vedr. j.nr. {reference}.\n\n"
        "Skriv venligst journalnummeret, hvis du svarer.\n\n"
        f"Med venlig hilsen\nBorgerrådgiveren, {office}\n"
    )
    return subject, body


def letter_default_address(letter: Letter) -> str:
    """Where the letter would go: the department contact's, or the citizen's own e-mail."""
    if letter.recipient == Letter.Recipient.DEPARTMENT:
        return letter.request.contact_email if letter.request else ""
    inquiry = letter.inquiry
    addressee = inquiry.requester or inquiry.person
    return addressee.email if addressee is not None else ""


def letter_send(*, letter: Letter, to: str, by: User | None = None) -> Letter:
    """E-mail the letter as an attachment; ValidationError when it may not go."""
    if not settings.EMAIL_CONFIGURED:
        raise ValidationError(NOT_CONFIGURED, code="email_not_configured")
    to = (to or "").strip()
    try:
        validate_email(to)
    except ValidationError as exc:
        raise ValidationError({"to": "Skriv en gyldig e-mailadresse, fx navn@kommune.dk."}) from exc
    content = letter_content(letter)
    subject, body = letter_mail_text(letter)
    letter_text_check(letter.inquiry, letter.kind, subject, body, document_text(content))
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )
    message.attach(letter.journal_entry.attachment_name or "brev.docx", content, MIME_DOCX)
    try:
        message.send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as exc:
        # The address and the letter stay out of the log: only what failed.
        logger.warning("Letter e-mail failed: %s", type(exc).__name__)
        raise ValidationError(
            "E-mailen kunne ikke sendes. Prøv igen senere, eller hent brevet og send det "
            "på anden vis.",
            code="email_failed",
        ) from exc
    letter.email_to = to
    letter.emailed_at = timezone.now()
    letter.save(update_fields=["email_to", "emailed_at"])
    return letter

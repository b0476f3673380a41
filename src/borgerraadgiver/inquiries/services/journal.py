"""The journal of an inquiry: dated entries and their attachments."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from borgerraadgiver.offices.models import User

from ..attachments import (
    attachment_display_name,
    attachment_inspect,
    attachment_removed_on_failure,
)
from ..models import Inquiry, JournalEntry


def journal_entry_add(
    *,
    inquiry: Inquiry,
    kind: str,
    occurred: datetime.date,
    text: str = "",
    upload: File | None = None,
    by: User | None = None,
) -> JournalEntry:
    """Add a dated entry to an inquiry's journal, with an optional attachment.

    The attachment is written before the row; if the row is not committed the
    file is removed again. That covers this function's own transaction only: a
    caller that wraps it in a larger one and then rolls that back must remove
    the file itself (the journal view calls it outside any transaction).
    """
    text = (text or "").strip()
    errors: dict[str, list[str]] = {}
    if not text and upload is None:
        errors["text"] = [_("Skriv en tekst eller vedhæft et bilag.")]
    if occurred > timezone.localdate() + datetime.timedelta(days=1):
        errors["occurred"] = [_("Datoen ligger i fremtiden.")]
    mime = ""
    if upload is not None:
        try:
            mime = attachment_inspect(upload)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    entry = JournalEntry(inquiry=inquiry, kind=kind, occurred=occurred, text=text, created_by=by)
    if upload is not None:
        entry.attachment_name = attachment_display_name(upload.name or "")
        entry.attachment_type = mime
        entry.attachment_size = upload.size
    entry.full_clean(exclude=["attachment", "created_by"])
    # The cleanup wraps the transaction, not the other way round, so that a
    # failing commit removes the file too.
    with attachment_removed_on_failure(entry.attachment), transaction.atomic():
        if upload is not None:
            # The stored name is opaque (attachment_path); the uploader's name is kept apart.
            entry.attachment.save("upload", upload, save=False)
        entry.save()
    return entry

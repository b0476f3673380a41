"""Attachments are judged by their content, never by their name or declared type."""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MIME_PDF = "application/pdf"
MIME_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MIME_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIME_TEXT = "text/plain"
_ZIP_MAGIC = b"PK\x03\x04"

logger = logging.getLogger(__name__)


def _refuse(message: str) -> ValidationError:
    return ValidationError({"attachment": [message]})


def attachment_inspect(upload: File) -> str:
    """The MIME type of an upload, judged by its content alone, or ValidationError.

    The name and the browser's Content-Type are ignored: both are the
    uploader's claim. Accepted: PDF, PNG, JPEG, Word and Excel (OOXML) and
    UTF-8 plain text.
    """
    size = upload.size or 0
    limit = settings.ATTACHMENT_MAX_BYTES
    if size > limit:
        raise _refuse(
            _("Filen fylder %(size)s; grænsen er %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    if size == 0:
        raise _refuse(_("Filen er tom."))
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None and kind.mime in (MIME_PDF, "image/png", "image/jpeg"):
        return str(kind.mime)
    if head.startswith(_ZIP_MAGIC):
        return _ooxml_type(upload)
    if kind is None:
        data = upload.read()
        upload.seek(0)
        if b"\x00" not in data:
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                return MIME_TEXT
    raise _refuse(
        _(
            "Filtypen kan ikke vedhæftes. Brug PDF, PNG, JPEG, Word (docx), "
            "Excel (xlsx) eller ren tekst (UTF-8)."
        )
    )


def _ooxml_type(upload: File) -> str:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse(_("Filen ligner et Office-dokument, men kan ikke læses.")) from exc
    finally:
        upload.seek(0)
    if "[Content_Types].xml" in names:
        if any(n.startswith("word/") for n in names):
            return MIME_DOCX
        if any(n.startswith("xl/") for n in names):
            return MIME_XLSX
    raise _refuse(_("Zip-filer kan kun vedhæftes som Word- (docx) eller Excel-dokumenter (xlsx)."))


def attachment_display_name(raw: str) -> str:
    """The uploader's file name, reduced to something safe to show and to send back."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>')
    return name.strip()[:200] or "bilag"


@contextmanager
def attachment_removed_on_failure(file: FieldFile) -> Iterator[None]:
    """Delete a file written inside the block if the block fails.

    The file reaches the storage before its row is committed. Wrapped around
    the transaction (commit included), a failure anywhere in between removes
    the file again instead of leaving one on disk that no row points to. Only
    a file stored inside the block is removed, never one the field held before.
    """
    before = file.name
    try:
        yield
    except BaseException:
        written = file.name
        if written and written != before:
            try:
                file.storage.delete(written)
            except OSError:
                # The original error matters more; the stored name is opaque, not personal.
                logger.warning("Could not remove the attachment %s after a failed save", written)
        raise

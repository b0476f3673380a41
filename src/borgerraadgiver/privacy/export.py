"""The article 15 extract: everything about one person as a PDF, and a ZIP with the documents.

The PDF is drawn like the annual report's (WeasyPrint, the package's own fonts,
no URL fetched). Staff names appear where the case data has them (who wrote a
journal entry, who handles the inquiry); the audit trail does not go in.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from pathlib import Path

from django.template.loader import render_to_string

from borgerraadgiver.core.dates import long_date
from borgerraadgiver.reports.renderers.pdf import html_to_pdf

from .selectors import PersonExtract

STYLESHEET = Path(__file__).resolve().parent / "static/privacy/extract.css"
_UNSAFE = re.compile(r"[^\w.\- ]+", re.UNICODE)


def extract_pdf(extract: PersonExtract, *, today: datetime.date) -> bytes:
    html = render_to_string(
        "privacy/extract_pdf.html",
        {
            "extract": extract,
            "person": extract.person,
            "created": long_date(today),
        },
    )
    return html_to_pdf(html, stylesheet=STYLESHEET)


def attachment_filename(reference: str, number: int, name: str) -> str:
    """A name inside the ZIP: the inquiry, a running number, and the uploader's file name."""
    safe = _UNSAFE.sub("_", name).strip(" ._") or "bilag"
    return f"bilag/{_UNSAFE.sub('_', reference)}-{number:02d}-{safe}"


def extract_zip(extract: PersonExtract, pdf: bytes) -> bytes:
    """The PDF and every attachment of the person's inquiries; a missing file is listed instead."""
    buffer = io.BytesIO()
    missing: list[str] = []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("indsigt.pdf", pdf)
        for page in extract.pages:
            entries = [e for e in page.journal if e.attachment]
            for number, entry in enumerate(entries, start=1):
                name = attachment_filename(
                    page.inquiry.reference, number, entry.attachment_name or "bilag"
                )
                try:
                    with entry.attachment.open("rb") as handle:
                        archive.writestr(name, handle.read())
                except FileNotFoundError:
                    missing.append(name)
        if missing:
            archive.writestr(
                "mangler.txt",
                "Disse bilag er registreret, men filen findes ikke længere:\n"
                + "\n".join(missing)
                + "\n",
            )
    return buffer.getvalue()

"""The documents of a report an office downloads: Word, PDF and the data formats.

Shared by the dashboard's downloads and `borgerraadgiver report`: the office's
own Word template is read here, so the renderers stay free of the database.
"""

from __future__ import annotations

import io
from typing import IO

from borgerraadgiver.offices.models import Office

from .data import Report
from .periods import Period
from .renderers import CONTENT_TYPES, docx, pdf, renderer_for
from .services import report_settings_for

# kind -> formats: the annual report in every format, the half-year status as documents.
DOCUMENTS = {
    "beretning": ("docx", "pdf", "xlsx", "csv", "json"),
    "status": ("docx", "pdf"),
}


def document_filename(office: Office, period: Period, kind: str, fmt: str) -> str:
    return f"{kind}-{office.slug}-{period.start.isoformat()}-{period.end.isoformat()}.{fmt}"


def word_template_for(office: Office) -> IO[bytes] | None:
    """The office's own Word template, when it has uploaded one."""
    stored = report_settings_for(office).word_template
    if not stored:
        return None
    with stored.open("rb") as handle:
        return io.BytesIO(handle.read())


def document_bytes(office: Office, report: Report, kind: str, fmt: str) -> tuple[bytes, str]:
    """A document of the report (kind "status": the half-year status): (content, type)."""
    short = kind == "status"
    data: bytes
    if fmt == "docx":
        # The office's own template is for the annual report; the status keeps its short one.
        template = None if short else word_template_for(office)
        data = docx.render(report, template=template, short=short)
    elif fmt == "pdf":
        data = pdf.render(report, short=short)
    else:
        data = renderer_for(fmt)(report)
    return data, CONTENT_TYPES[fmt]

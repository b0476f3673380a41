"""The audit trail in the app: the office administrator's log, and a citizen's own extract.

Both are audited themselves: looking at who looked is a use of the log.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
)
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET

from borgerraadgiver.core.access import require
from borgerraadgiver.core.spreadsheets import csv_response, xlsx_response
from borgerraadgiver.inquiries.access import get_person_for_user
from borgerraadgiver.offices.roles import Capability

from .forms import AuditFilterForm
from .models import AccessRecord, Action, Purpose
from .selectors import AuditFilters, audit_records, person_access_extract
from .services import audit_record, audited

PAGE_SIZE = 50
LOG_HEADER = (
    "Tidspunkt",
    "Bruger",
    "Handling",
    "Formål",
    "Objekt",
    "Objekt-id",
    "Person-id",
    "Søgetekst",
    "Adresse",
)
EXTRACT_HEADER = ("Tidspunkt", "Anvendelse", "Formål")


def _local(at: Any) -> str:
    return f"{timezone.localtime(at):%Y-%m-%d %H:%M:%S}"


def _log_rows(records: Iterable[AccessRecord]) -> Iterable[list[str]]:
    for r in records:
        yield [
            _local(r.at),
            r.who,
            r.get_action_display(),
            r.get_purpose_display(),
            r.object_type,
            str(r.object_uid or ""),
            str(r.person_uid or ""),
            r.term,
            r.path,
        ]


# Search texts and names in the records: kept out of error reports.
@sensitive_variables()
@require_GET
@audited(purpose=Purpose.SUPERVISION, object_type="audit_log")
def audit_log(request: HttpRequest) -> HttpResponse:
    office = require(request, Capability.AUDIT_READ)
    form = AuditFilterForm(request.GET or None, office=office)
    filters = form.filters() if form.is_valid() else AuditFilters()
    fmt = request.GET.get("format", "")
    if fmt and fmt not in ("csv", "xlsx"):
        raise Http404
    audit_record(
        request,
        action=Action.EXPORT if fmt else Action.READ,
        object_type="audit_log",
        person=filters.person_uid,
    )
    records = audit_records(office, filters)
    if fmt:
        filename = f"adgangslog-{timezone.localdate():%Y-%m-%d}.{fmt}"
        rows = _log_rows(records.iterator(chunk_size=2000))
        if fmt == "csv":
            return csv_response(LOG_HEADER, rows, filename)
        return xlsx_response(LOG_HEADER, rows, filename, sheet_title="Adgangslog")
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "export_query": query.urlencode()}
    return render(request, "audit/log.html", context)


def _extract_pdf(context: dict[str, Any]) -> bytes:
    # WeasyPrint is loaded only for a PDF, as the report's renderer does.
    from weasyprint import HTML

    from borgerraadgiver.reports.renderers.pdf import PACKAGE, PackageFetcher

    html = render_to_string("audit/person_extract_pdf.html", context)
    document = HTML(string=html, base_url=str(PACKAGE), url_fetcher=PackageFetcher())
    pdf: bytes = document.write_pdf()
    return pdf


@sensitive_variables()
@audited(purpose=Purpose.ACCESS_REQUEST, object_type="person")
def person_extract(request: HttpRequest, uid: UUID) -> HttpResponse:
    """For a citizen who asks: when their data was used and why, staff names left out."""
    fmt = request.GET.get("format", "")
    # The access check first, the method included: another office's id answers 404 to all.
    person = get_person_for_user(request, uid, action=None)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    if fmt not in ("", "csv", "pdf"):
        raise Http404
    audit_record(request, action=Action.EXPORT if fmt else Action.PRINT, obj=person)
    rows = person_access_extract(person.office, person.uid)
    context = {"person": person, "rows": rows, "made": timezone.localtime()}
    filename = f"opslag-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        lines = ([_local(r.at), r.action, r.purpose] for r in rows)
        return csv_response(EXTRACT_HEADER, lines, filename)
    if fmt == "pdf":
        response = HttpResponse(_extract_pdf(context), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return render(request, "audit/person_extract.html", context)

"""The worklist, the filtered inquiry list, and its export to XLSX and CSV."""

from __future__ import annotations

import csv
import datetime
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from django_htmx.http import push_url, reswap, retarget
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from borgerraadgiver.core.access import office_for_user
from borgerraadgiver.offices.models import User
from borgerraadgiver.vocabularies.selectors import value_labels

from . import selectors
from .list_forms import CPR_REFUSED, InquiryFilterForm
from .models import Inquiry
from .selectors import (
    ExportTable,
    inquiry_list_rows,
    inquiry_search,
    inquiry_worklist,
    org_unit_paths,
)

PAGE_SIZE = 50
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class WorklistRow:
    inquiry: Inquiry
    age: int
    org_unit_path: str
    main_theme: str
    person: str


@dataclass(frozen=True)
class ListRow:
    inquiry: Inquiry
    org_unit_path: str
    kind: str


def _page(request: HttpRequest, items: Any) -> Page:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _pager(page: Page) -> dict[str, Any]:
    """What the pagination partial links to; the arrows stay put but hide at the ends."""
    return {
        "page_range": list(
            page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
        ),
        "previous": page.previous_page_number() if page.has_previous() else page.number,
        "next": page.next_page_number() if page.has_next() else page.number,
    }


def _fragment(request: HttpRequest) -> bool:
    # htmx asks for the whole page when it restores history it has not cached.
    return bool(request.htmx) and not request.htmx.history_restore_request


def _person_label(inquiry: Inquiry) -> str:
    if inquiry.anonymous:
        return "Anonym"
    return inquiry.person.name if inquiry.person and inquiry.person.name else "–"


@require_GET
def worklist(request: HttpRequest) -> HttpResponse:
    office = office_for_user(request)
    everyone = request.GET.get("alle") == "1"
    page = _page(request, inquiry_worklist(cast(User, request.user), everyone=everyone))
    themes = value_labels(office, "theme")
    paths = org_unit_paths(office)
    today = timezone.localdate()
    rows = [
        WorklistRow(
            inquiry=inquiry,
            age=inquiry.age_in_days(today),
            org_unit_path=paths.get(inquiry.org_unit_id, inquiry.org_unit.name),
            main_theme=themes.get(inquiry.main_theme_id, "") if inquiry.main_theme_id else "",
            person=_person_label(inquiry),
        )
        for inquiry in page
    ]
    context = {"page": page, "pager": _pager(page), "rows": rows, "everyone": everyone}
    template = "inquiries/worklist.html"
    if _fragment(request):
        template += "#results"
    return render(request, template, context)


def _url_without_q(request: HttpRequest, name: str = "inquiries:list") -> tuple[str, QueryDict]:
    params = request.GET.copy()
    params.pop("q", None)
    params.pop("page", None)
    url = reverse(name)
    return (f"{url}?{params.urlencode()}" if params else url), params


@require_GET
def inquiry_list(request: HttpRequest) -> HttpResponse:
    office = office_for_user(request)
    form = InquiryFilterForm(request.GET, office=office)
    if not form.is_valid():
        return _invalid_filters(request, form)
    page = _page(request, inquiry_list_rows(inquiry_search(office, form.filters())))
    paths = org_unit_paths(office)
    kinds = value_labels(office, "inquiry_kind") if "inquiry_kind" in form.value_codes else None
    rows = [
        ListRow(
            inquiry=inquiry,
            org_unit_path=paths.get(inquiry.org_unit_id, inquiry.org_unit.name),
            kind=kinds.get(inquiry.inquiry_kind_id, "")
            if kinds and inquiry.inquiry_kind_id
            else "",
        )
        for inquiry in page
    ]
    sort = form.cleaned_data.get("sort") or "-received"
    export_params = request.GET.copy()
    export_params.pop("page", None)
    context = {
        "export_query": export_params.urlencode(),
        "form": form,
        "page": page,
        "pager": _pager(page),
        "rows": rows,
        "show_kind": kinds is not None,
        "sort": sort,
    }
    template = "inquiries/list.html"
    if _fragment(request):
        template += "#results"
    return render(request, template, context)


def _invalid_filters(request: HttpRequest, form: InquiryFilterForm) -> HttpResponse:
    """Show the form with its errors; a CPR number is also taken out of the address."""
    if form.cpr_refused:
        url, params = _url_without_q(request)
        if not _fragment(request):
            messages.error(request, CPR_REFUSED)
            return redirect(url)
        form = InquiryFilterForm(params, office=form.office)
        form.is_valid()
        form.add_error("q", ValidationError(CPR_REFUSED, code="cpr"))
    context = {"form": form, "page": None, "rows": []}
    if not _fragment(request):
        return render(request, "inquiries/list.html", context)
    # The errors belong at the fields, so the whole form is swapped, not the results.
    response = render(request, "inquiries/list.html#search", context)
    retarget(response, "#inquiry-search")
    reswap(response, "outerHTML")
    if form.cpr_refused:
        push_url(response, _url_without_q(request)[0])
    return response


@require_GET
def inquiry_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("xlsx", "csv"):
        raise Http404
    office = office_for_user(request)
    form = InquiryFilterForm(request.GET, office=office)
    if not form.is_valid():
        if form.cpr_refused:
            messages.error(request, CPR_REFUSED)
            return redirect(_url_without_q(request)[0])
        # The list shows what is wrong with the filters, at the fields.
        return redirect(f"{reverse('inquiries:list')}?{request.GET.urlencode()}")
    # The selector shares this view's name; the URL map fixes the view's.
    table = selectors.inquiry_export(office, inquiry_search(office, form.filters()))
    filename = f"henvendelser-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        return _csv_response(table, filename)
    return _xlsx_response(table, filename)


_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _cell_text(value: Any) -> Any:
    # A label beginning with "=" would run as a formula in the spreadsheet.
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return f"'{value}"
    return value


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(table: ExportTable) -> Iterator[bytes]:
    writer = csv.writer(_Echo(), delimiter=";")
    # The byte order mark makes Danish Excel read the file as UTF-8.
    yield ("\ufeff" + writer.writerow(table.header)).encode("utf-8")
    for row in table.rows:
        values = [
            v.isoformat() if isinstance(v, datetime.date) else ("" if v is None else _cell_text(v))
            for v in row
        ]
        yield writer.writerow(values).encode("utf-8")


def _csv_response(table: ExportTable, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_csv_lines(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_response(table: ExportTable, filename: str) -> FileResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Henvendelser")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for title in table.header:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in table.rows:
        sheet.append([_cell_text(v) for v in row])
    # openpyxl spools the rows to disk and zips them at save; FileResponse
    # closes (and so deletes) the file once it is sent.
    buffer = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(buffer)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=filename, content_type=XLSX_TYPE)

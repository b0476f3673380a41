"""The worklist, the filtered inquiry list, and its export to XLSX and CSV."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    QueryDict,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import push_url, reswap, retarget

from borgerraadgiver.audit.models import Action, Purpose
from borgerraadgiver.audit.services import audit_purpose_set, audit_record, audited
from borgerraadgiver.casework.deadline_selectors import worklist_sections
from borgerraadgiver.core.access import has, require
from borgerraadgiver.core.spreadsheets import csv_response, xlsx_response
from borgerraadgiver.offices.models import Office, User
from borgerraadgiver.offices.roles import Capability
from borgerraadgiver.privacy.selectors import erasure_requests_open
from borgerraadgiver.vocabularies.models import OfficeValueSetting, VocabularyValue
from borgerraadgiver.vocabularies.selectors import value_labels

from . import selectors
from .list_forms import CPR_REFUSED, InquiryFilterForm
from .models import Inquiry
from .selectors import (
    inquiries_by_id,
    inquiry_list_rows,
    inquiry_search,
    inquiry_worklist,
    inquiry_worklist_rows,
    org_unit_paths,
)

PAGE_SIZE = 50
COUNT_CAP = 1_000


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


class CappedPaginator(Paginator):
    """Pages through the first `COUNT_CAP` rows of an ordered queryset.

    One query reads the ids of those rows in order: it gives the count and
    every page's ids, so a costly filter (a search hitting 100,000 accounts)
    runs once, not once for the count and again for the page; the page's rows
    are then fetched by id with whatever `rows` adds to them. Counting every
    match would cost a scan of the office's whole history, and nobody pages
    that far: they narrow the list, or take it all as a spreadsheet. `more`
    says the list goes on.
    """

    def __init__(
        self, object_list: QuerySet[Any], per_page: int, *, rows: Callable[[list[int]], Any]
    ) -> None:
        super().__init__(object_list, per_page)
        self.rows = rows

    @cached_property
    def _ids(self) -> list[int]:
        return list(self.object_list.values_list("pk", flat=True)[: COUNT_CAP + 1])

    @cached_property
    def count(self) -> int:
        return min(len(self._ids), COUNT_CAP)

    @property
    def more(self) -> bool:
        return len(self._ids) > COUNT_CAP

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = self._ids[bottom : min(bottom + self.per_page, self.count)]
        position = {pk: i for i, pk in enumerate(ids)}
        items = sorted(self.rows(ids), key=lambda row: position[row.pk])
        return self._get_page(items, number, self)


def _page(request: HttpRequest, items: QuerySet[Any], rows: Callable[[list[int]], Any]) -> Page:
    paginator = CappedPaginator(items, PAGE_SIZE, rows=rows)
    return paginator.get_page(request.GET.get("page"))


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


def _theme_labels(office: Office, ids: set[int]) -> dict[int, str]:
    """The page's main themes with the office's own labels, in one query.

    value_labels would read the whole vocabulary and the office's settings in
    two; the worklist also reads the deadlines and stays within its budget.
    """
    if not ids:
        return {}
    own = OfficeValueSetting.objects.filter(office=office, value=OuterRef("pk")).exclude(label="")
    rows = (
        VocabularyValue.objects.filter(pk__in=ids)
        .annotate(own_label=Subquery(own.values("label")[:1]))
        .values_list("pk", "own_label", "label")
    )
    return {pk: own_label or label for pk, own_label, label in rows}


@require_GET
@audited(object_type="worklist")
def worklist(request: HttpRequest) -> HttpResponse:
    office = require(request, Capability.CASE_READ)
    everyone = request.GET.get("alle") == "1"
    worklist = inquiry_worklist(cast(User, request.user), everyone=everyone)
    page = _page(request, worklist, lambda ids: inquiry_worklist_rows(inquiries_by_id(ids)))
    themes = _theme_labels(office, {i.main_theme_id for i in page if i.main_theme_id})
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
    # Everything due by the end of the week (casework deadlines), oldest first.
    sections = worklist_sections(cast(User, request.user), today, everyone=everyone)
    # The list shows the citizens' names.
    audit_record(request, action=Action.READ, object_type="worklist")
    context = {"page": page, "pager": _pager(page), "rows": rows, "everyone": everyone}
    context["deadline_sections"] = [s for s in sections if s.rows]
    context["deadline_count"] = sum(len(s.rows) for s in sections)
    context["erasure_requests"] = erasure_requests_open(office)
    template = "inquiries/worklist.html"
    if _fragment(request):
        template += "#results"
    return render(request, template, context)


# The search text can be a citizen's name: it travels in a POST body and is
# kept in the session, and addresses carry only a token that names it (no
# name in the browser's history, a bookmark or a web server's access log).
SEARCHES_KEY = "inquiry_searches"
SEARCHES_KEPT = 20
SEARCH_EXPIRED = _("Søgningen er udløbet. Skriv søgeteksten igen.")
_NOT_IN_ADDRESS = ("q", "page", "s", "csrfmiddlewaretoken")


def _search_stash(request: HttpRequest, q: str) -> str:
    """Keep a search text in the session; return the token that stands for it."""
    searches = dict(request.session.get(SEARCHES_KEY, {}))
    token = secrets.token_urlsafe(6)
    searches[token] = q
    request.session[SEARCHES_KEY] = dict(list(searches.items())[-SEARCHES_KEPT:])
    return token


# A saved search's token in the list's address, not a password.
def _address(  # nosec B107
    params: QueryDict, token: str = "", name: str = "inquiries:list", keep_page: bool = False
) -> str:
    """The list's address for these filters: empty ones left out, the search as a token."""
    query = QueryDict(mutable=True)
    for key, values in params.lists():
        if key in _NOT_IN_ADDRESS and not (keep_page and key == "page"):
            continue
        for v in values:
            if v:
                query.appendlist(key, v)
    if token:
        query["s"] = token
    url = reverse(name)
    return f"{url}?{query.urlencode()}" if query else url


def _filter_data(request: HttpRequest) -> QueryDict | None:
    """The filters of a list address, with the search text its token stands for.

    None when the token is not (or no longer) in this session.
    """
    data = request.GET.copy()
    token = data.get("s", "")
    data.pop("s", None)
    data.pop("q", None)
    if token:
        q = request.session.get(SEARCHES_KEY, {}).get(token)
        if q is None:
            return None
        data["q"] = q
    return data


# The posted search text (names; a CPR number is refused) stays out of error reports.
@sensitive_variables()
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@audited(object_type="inquiry_list")
def inquiry_list(request: HttpRequest) -> HttpResponse:
    office = require(request, Capability.CASE_READ)
    _purpose_from_address(request)
    if request.method == "POST":
        return _search_posted(request, office)
    if request.GET.get("q"):
        return _search_in_address(request, office)
    data = _filter_data(request)
    if data is None:
        messages.info(request, SEARCH_EXPIRED)
        return redirect(_address(request.GET))
    form = InquiryFilterForm(data, office=office)
    if not form.is_valid():
        return _invalid_filters(request, form)
    return _results(request, office, form)


# The report's numbers link to the list behind them (reports/dashboard.py) with this
# parameter: the look that follows is for the statistics, not for a case.
PURPOSE_PARAM = "formaal"


def _purpose_from_address(request: HttpRequest) -> None:
    if request.GET.get(PURPOSE_PARAM) == Purpose.STATISTICS:
        audit_purpose_set(request, Purpose.STATISTICS)


def _search_posted(request: HttpRequest, office: Office) -> HttpResponse:
    form = InquiryFilterForm(request.POST, office=office)
    if not form.is_valid():
        return _invalid_filters(request, form)
    q = form.cleaned_data.get("q", "")
    address = _address(request.POST, _search_stash(request, q) if q else "")
    if not _fragment(request):
        return redirect(address)
    # The results' page and sort links are built from request.GET: they must
    # be the address's, not the (empty) query of the POST.
    request.GET = QueryDict(address.partition("?")[2])
    response = _results(request, office, form)
    push_url(response, address)
    return response


def _search_in_address(request: HttpRequest, office: Office) -> HttpResponse:
    """A search text in the address (an old bookmark, a typed URL): moved out of it."""
    form = InquiryFilterForm(request.GET, office=office)
    if not form.is_valid() and form.cpr_refused:
        return _invalid_filters(request, form)
    q = " ".join(request.GET.get("q", "").split())[:200]
    return redirect(_address(request.GET, _search_stash(request, q), keep_page=True))


def _results(request: HttpRequest, office: Office, form: InquiryFilterForm) -> HttpResponse:
    page = _page(
        request,
        inquiry_search(office, form.filters()),
        lambda ids: inquiry_list_rows(inquiries_by_id(ids)),
    )
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
    q = form.cleaned_data.get("q", "")
    # The rows show names: a search is recorded with its text, a filtered list as a read.
    audit_record(
        request, action=Action.SEARCH if q else Action.READ, object_type="inquiry_list", term=q
    )
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
    """Show the form with its errors; a CPR number in an address is taken out of it."""
    in_address = request.method == "GET" and form.cpr_refused
    if in_address:
        if not _fragment(request):
            messages.error(request, CPR_REFUSED)
            return redirect(_address(request.GET, keep_page=True))
        form = InquiryFilterForm(_address_params(request.GET), office=form.office)
        form.is_valid()
        form.add_error("q", ValidationError(CPR_REFUSED, code="cpr"))
    context = {"form": form, "page": None, "rows": []}
    if not _fragment(request):
        return render(request, "inquiries/list.html", context)
    # The errors belong at the fields, so the whole form is swapped, not the results.
    response = render(request, "inquiries/list.html#search", context)
    retarget(response, "#inquiry-search")
    reswap(response, "outerHTML")
    if in_address:
        push_url(response, _address(request.GET))
    return response


def _address_params(params: QueryDict) -> QueryDict:
    return QueryDict(_address(params).partition("?")[2])


@require_GET
@audited(object_type="inquiry_export")
def inquiry_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("xlsx", "csv"):
        raise Http404
    # Classifications only (selectors.ExportTable), so the statistics roles may have it;
    # but a free-text search also matches names, and who may not search may not probe.
    office = require(request, Capability.REPORT_READ)
    if (request.GET.get("q") or request.GET.get("s")) and not has(request, Capability.CASE_READ):
        raise PermissionDenied
    if request.GET.get("q"):
        # Only the list puts a search in an address, and only as a token.
        return redirect(_address(request.GET))
    data = _filter_data(request)
    if data is None:
        messages.info(request, SEARCH_EXPIRED)
        return redirect(_address(request.GET))
    form = InquiryFilterForm(data, office=office)
    if not form.is_valid():
        # The list shows what is wrong with the filters, at the fields.
        return redirect(_address(request.GET, request.GET.get("s", "")))
    # The selector shares this view's name; the URL map fixes the view's.
    table = selectors.inquiry_export(office, inquiry_search(office, form.filters()))
    audit_record(
        request,
        action=Action.EXPORT,
        object_type="inquiry_export",
        term=form.cleaned_data.get("q", ""),
    )
    filename = f"henvendelser-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        return csv_response(table.header, table.rows, filename)
    return xlsx_response(table.header, table.rows, filename, sheet_title="Henvendelser")

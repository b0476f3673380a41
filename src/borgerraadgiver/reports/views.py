"""The report in the app: the dashboard, its figures, and the documents to download."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from borgerraadgiver.core.access import office_for_user

from . import dashboard, documents
from .dashboard_forms import period_choice, period_from_query
from .renderers import charts
from .selectors import report_build

# A figure's address is its content: the browser may keep it.
CHART_MAX_AGE = 24 * 3600
# The charts are drawn with print-sized labels; on screen, beside 16 px text, larger.
SCREEN_SCALE = 1.3


@require_GET
def report_dashboard(request: HttpRequest) -> HttpResponse:
    office = office_for_user(request)
    choice = period_choice(request.GET, office, timezone.localdate())
    report = report_build(office, choice.period)
    context = {
        "choice": choice,
        "report": report,
        "key_figures": dashboard.key_figure_cells(report),
        "topics": dashboard.shown_topics(report, office.pk),
        "downloads": dashboard.downloads(office, choice.period),
    }
    template = "reports/dashboard.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#report"
    return render(request, template, context)


@require_GET
def report_chart(request: HttpRequest) -> HttpResponse:
    office = office_for_user(request)
    data = dashboard.chart_from_token(request.GET.get("d", ""), office.pk)
    if data is None:
        raise Http404
    svg = charts.scaled(charts.svg(data), SCREEN_SCALE)
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = f"private, max-age={CHART_MAX_AGE}"
    # Drawn by us from data only; should it ever be opened on its own, it may do nothing.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@require_GET
def report_download(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    office = office_for_user(request)
    if fmt not in documents.DOCUMENTS.get(kind, ()):
        raise Http404
    period = period_from_query(request.GET)
    if period is None:
        raise Http404
    report = report_build(office, period)
    data, content_type = documents.document_bytes(office, report, kind, fmt)
    filename = documents.document_filename(office, period, kind, fmt)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response

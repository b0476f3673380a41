"""The report in the app: the dashboard, its figures, the documents to download, and
the office's own Word template."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from borgerraadgiver.core.access import has, require
from borgerraadgiver.offices.access import require_office_settings
from borgerraadgiver.offices.roles import Capability

from . import dashboard, documents
from .dashboard_forms import period_choice, period_from_query
from .forms import WordTemplateForm
from .renderers import CONTENT_TYPES, charts, docx
from .selectors import report_build
from .services import report_settings_for, word_template_replace, word_template_reset
from .word_template import TEMPLATE_FIELDS

# A figure's address is its content: the browser may keep it.
CHART_MAX_AGE = 24 * 3600
# The charts are drawn with print-sized labels; on screen, beside 16 px text, larger.
SCREEN_SCALE = 1.3


@require_GET
def report_dashboard(request: HttpRequest) -> HttpResponse:
    office = require(request, Capability.REPORT_READ)
    choice = period_choice(request.GET, office, timezone.localdate())
    report = report_build(office, choice.period)
    drill_down = has(request, Capability.CASE_READ)
    context = {
        "choice": choice,
        "report": report,
        # The list behind a number shows names: no links for a role that may not see it.
        "key_figures": dashboard.key_figure_cells(report, drill_down=drill_down),
        "topics": dashboard.shown_topics(report, office.pk, drill_down=drill_down),
        "downloads": dashboard.downloads(office, choice.period),
    }
    template = "reports/dashboard.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#report"
    return render(request, template, context)


@require_GET
def report_chart(request: HttpRequest) -> HttpResponse:
    office = require(request, Capability.REPORT_READ)
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
    office = require(request, Capability.REPORT_READ)
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


@require_http_methods(["GET", "POST"])
def word_template(request: HttpRequest) -> HttpResponse:
    office = require_office_settings(request)
    posted = request.method == "POST"
    form = WordTemplateForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            word_template_replace(office=office, content=form.cleaned_data["word_template"].read())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Skabelonen er gemt. Næste beretning i Word bruger den.")
            return redirect("reports:word_template")
    context = {
        "settings": report_settings_for(office),
        "form": form,
        "fields": TEMPLATE_FIELDS,
    }
    return render(request, "reports/word_template.html", context)


@require_GET
def word_template_standard(request: HttpRequest) -> FileResponse:
    require_office_settings(request)
    return FileResponse(
        docx.REPORT_TEMPLATE.open("rb"),
        as_attachment=True,
        filename="beretning-standardskabelon.docx",
        content_type=CONTENT_TYPES["docx"],
    )


@require_GET
def word_template_download(request: HttpRequest) -> FileResponse:
    office = require_office_settings(request)
    stored = report_settings_for(office).word_template
    if not stored:
        raise Http404
    return FileResponse(
        stored.open("rb"),
        as_attachment=True,
        filename=f"beretning-skabelon-{office.slug}.docx",
        content_type=CONTENT_TYPES["docx"],
    )


@require_POST
def word_template_reset_view(request: HttpRequest) -> HttpResponse:
    office = require_office_settings(request)
    word_template_reset(office=office)
    messages.success(request, "Beretningen i Word bruger igen standardskabelonen.")
    return redirect("reports:word_template")

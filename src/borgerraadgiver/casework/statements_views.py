"""The statement page per complaint point, the follow-up report, the outcome, and
the council's list of henstillinger and recommendations.
"""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from borgerraadgiver.audit.models import Action
from borgerraadgiver.audit.services import audit_record, audited
from borgerraadgiver.core.access import require
from borgerraadgiver.core.spreadsheets import csv_response, xlsx_response
from borgerraadgiver.inquiries.access import get_inquiry_for_user
from borgerraadgiver.inquiries.models import ComplaintPoint, Inquiry
from borgerraadgiver.offices.models import User
from borgerraadgiver.offices.roles import Capability

from .models import PointStatement
from .statements_access import get_point_for_user
from .statements_forms import FollowUpReportForm, RecommendationFilterForm, StatementForm
from .statements_selectors import (
    EXPORT_HEADER,
    point_dialogue,
    recommendation_rows,
    recommendations,
)
from .statements_services import (
    inquiry_statement_given,
    statement_follow_up_report,
    statement_save,
)

WRITE = Capability.STATEMENT_WRITE
FORM_TEMPLATE = "casework/statements/statement_form.html"
LIST_TEMPLATE = "casework/statements/recommendations.html"
PANEL_ANCHOR = "#udtalelser"


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _detail_url(inquiry: Inquiry) -> str:
    return reverse("inquiries:detail", kwargs={"uid": inquiry.uid}) + PANEL_ANCHOR


def _statement_of(point: ComplaintPoint) -> PointStatement | None:
    return PointStatement.objects.filter(point=point).select_related("deadline").first()


def _initial(point: ComplaintPoint, statement: PointStatement | None) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "conclusion": point.conclusion_id,
        "criticism_grade": point.criticism_grade_id,
        "decided_on": timezone.localdate(),
    }
    if statement is not None:
        due = getattr(getattr(statement, "deadline", None), "due", None)
        initial |= {
            "perspectives": statement.perspectives,
            "reasons": statement.reasons,
            "recommendation": statement.recommendation,
            "decided_on": statement.decided_on or timezone.localdate(),
            "follow_up_due": due,
        }
    return initial


def _page(
    request: HttpRequest,
    point: ComplaintPoint,
    form: StatementForm,
    report_form: FollowUpReportForm | None = None,
) -> HttpResponse:
    statement = _statement_of(point)
    context = {
        "inquiry": point.inquiry,
        "point": point,
        "statement": statement,
        "form": form,
        "report_form": report_form or report_form_for(point.position),
        "dialogue": point_dialogue(point),
    }
    return render(request, FORM_TEMPLATE, context)


def report_form_for(position: int, data: Any = None) -> FollowUpReportForm:
    # One form per point on the inquiry page: the prefix keeps their ids apart.
    return FollowUpReportForm(data, prefix=f"punkt{position}")


def _form(point: ComplaintPoint, data: Any = None, **kwargs: Any) -> StatementForm:
    return StatementForm(
        data,
        office=point.inquiry.office,
        keep_conclusion=point.conclusion_id,
        keep_grade=point.criticism_grade_id,
        **kwargs,
    )


@audited(object_type="inquiry")
def statement_edit(request: HttpRequest, uid: UUID, position: int) -> HttpResponse:
    # A POST is recorded as the change once saved, or as the read of the form shown again.
    posted = request.method == "POST"
    point = get_point_for_user(
        request, uid, position, WRITE, action=None if posted else Action.READ
    )
    if not posted:
        return _page(request, point, _form(point, initial=_initial(point, _statement_of(point))))
    form = _form(point, request.POST)
    if form.is_valid():
        try:
            statement_save(point=point, by=_user(request), **form.values())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            audit_record(request, action=Action.CHANGE, obj=point.inquiry)
            messages.success(request, f"Udtalelsen om klagepunkt {point.position} er gemt.")
            return redirect(_detail_url(point.inquiry))
    audit_record(request, action=Action.READ, obj=point.inquiry)
    return _page(request, point, form)


@audited(object_type="inquiry")
def follow_up_report(request: HttpRequest, uid: UUID, position: int) -> HttpResponse:
    # The lookup first: another office's point is 404 whatever the method.
    point = get_point_for_user(request, uid, position, WRITE, action=None)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = report_form_for(position, request.POST)
    statement = _statement_of(point)
    if form.is_valid() and statement is not None:
        try:
            statement_follow_up_report(
                statement=statement,
                followed=form.cleaned_data["result"] == "followed",
                reported_on=form.cleaned_data["reported_on"],
                note=form.cleaned_data.get("note") or "",
                by=_user(request),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            audit_record(request, action=Action.CHANGE, obj=point.inquiry)
            messages.success(
                request, f"Forvaltningens tilbagemelding på klagepunkt {point.position} er gemt."
            )
            return redirect(_detail_url(point.inquiry))
    elif statement is None:
        form.add_error(None, "Klagepunktet har ingen udtalelse endnu.")
    audit_record(request, action=Action.READ, obj=point.inquiry)
    statement_form = _form(point, initial=_initial(point, statement))
    return _page(request, point, statement_form, report_form=form)


@audited(object_type="inquiry")
def outcome_statement_given(request: HttpRequest, uid: UUID) -> HttpResponse:
    inquiry = get_inquiry_for_user(request, uid, WRITE, action=None)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        inquiry_statement_given(inquiry=inquiry, by=_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        audit_record(request, action=Action.CHANGE, obj=inquiry)
        messages.success(request, "Udfaldet er sat til »Udtalelse afgivet«.")
    return redirect(_detail_url(inquiry))


def _filters(request: HttpRequest) -> tuple[RecommendationFilterForm, dict[str, Any]]:
    form = RecommendationFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return form, {
            "start": data.get("fra"),
            "end": data.get("til"),
            "state": data.get("state") or "",
        }
    return form, {}


def _filter_term(params: dict[str, Any]) -> str:
    return " ".join(f"{k}={v}" for k, v in params.items() if v)


@require_GET
@audited(object_type="recommendation_list")
def recommendation_list(request: HttpRequest) -> HttpResponse:
    office = require(request, Capability.CASE_READ)
    form, params = _filters(request)
    statements = list(recommendations(office, **params)) if not form.errors else []
    audit_record(request, action=Action.READ, object_type="recommendation_list")
    query = request.GET.urlencode()
    return render(
        request,
        LIST_TEMPLATE,
        {"form": form, "statements": statements, "query": query},
    )


@require_GET
@audited(object_type="recommendation_export")
def recommendation_export(request: HttpRequest, fmt: str) -> HttpResponse:
    office = require(request, Capability.CASE_READ)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    form, params = _filters(request)
    if form.errors:
        return redirect(reverse("casework:recommendations") + "?" + request.GET.urlencode())
    rows = recommendation_rows(recommendations(office, **params))
    audit_record(
        request,
        action=Action.EXPORT,
        object_type="recommendation_export",
        term=_filter_term(params),
    )
    filename = f"henstillinger-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        return csv_response(EXPORT_HEADER, rows, filename)
    return xlsx_response(EXPORT_HEADER, rows, filename, sheet_title="Henstillinger")

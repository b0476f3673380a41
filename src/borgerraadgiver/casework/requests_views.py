"""Views of the requests panel: department requests, deadlines, pauses, and the settings.

Thin: the access helpers fetch (403/404 and the audit record of a look), the
services decide, and each change is recorded (CREATE/CHANGE on the
inquiry's persons) in the same transaction as the change (`audited`).
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
from django.views.decorators.http import require_http_methods

from borgerraadgiver.audit.models import Action
from borgerraadgiver.audit.services import audit_record, audited
from borgerraadgiver.core.access import require
from borgerraadgiver.inquiries.access import get_inquiry_for_user
from borgerraadgiver.inquiries.models import Inquiry
from borgerraadgiver.offices.models import User
from borgerraadgiver.offices.roles import Capability

from .models import DepartmentRequest
from .requests_access import get_deadline_for_user, get_department_request_for_user
from .requests_forms import (
    AnswerForm,
    DepartmentRequestForm,
    ExtensionForm,
    OwnDeadlineForm,
    SettingsForm,
)
from .requests_services import (
    RequestData,
    SettingsData,
    casework_settings_update,
    deadline_add,
    deadline_extend,
    deadline_mark_met,
    department_answer_register,
    department_request_create,
    pause_end,
    pause_start,
    points_of,
    request_due,
)
from .selectors import casework_settings, office_calendar

WRITE = Capability.CASE_WRITE
FORM_TEMPLATE = "casework/requests/form.html"

# The address's word for each kind of request (Danish, without æøå).
KIND_SLUGS = {
    "oversendelse": DepartmentRequest.Kind.REFERRAL,
    "redegoerelse": DepartmentRequest.Kind.STATEMENT,
}


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _back(inquiry: Inquiry) -> str:
    return reverse("inquiries:detail", kwargs={"uid": inquiry.uid}) + "#frister"


def _form_page(
    request: HttpRequest, inquiry: Inquiry, form: Any, *, title: str, submit: str, **extra: Any
) -> HttpResponse:
    context = {"inquiry": inquiry, "form": form, "title": title, "submit": submit, **extra}
    return render(request, FORM_TEMPLATE, context)


@require_http_methods(["GET", "POST"])
@audited(object_type="inquiry")
def request_create(request: HttpRequest, uid: UUID, kind: str) -> HttpResponse:
    """A referral (oversendelse) or a request for a statement (redegørelse)."""
    request_kind = KIND_SLUGS.get(kind)
    inquiry = get_inquiry_for_user(request, uid, WRITE, action=None)
    if request_kind is None:
        raise Http404
    if request.method == "POST":
        form = DepartmentRequestForm(request.POST, inquiry=inquiry)
        if form.is_valid():
            d = form.cleaned_data
            data = RequestData(
                kind=request_kind,
                org_unit=d["org_unit"],
                sent_on=d["sent_on"],
                contact_name=d["contact_name"],
                contact_email=d["contact_email"],
                complaint=d["complaint"],
                questions=d["questions"],
                citizen_consent=d["citizen_consent"],
                consent_date=d["consent_date"],
                points=points_of(inquiry, map(int, d["points"])),
            )
            try:
                created = department_request_create(inquiry=inquiry, data=data, by=_user(request))
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                audit_record(request, action=Action.CREATE, obj=created)
                messages.success(
                    request,
                    f"{created.get_kind_display()} er registreret med frist "
                    f"{created.deadline.due:%d.%m.%Y}.",
                )
                return redirect(_back(inquiry))
    else:
        # The citizen's account is the usual starting point for the complaint as forwarded.
        form = DepartmentRequestForm(
            inquiry=inquiry,
            initial={"complaint": "" if inquiry.anonymous_to_administration else inquiry.account},
        )
    # The form shows the inquiry's account: a look at the citizen's data.
    audit_record(request, action=Action.READ, obj=inquiry)
    label = DepartmentRequest.Kind(request_kind).label
    today = timezone.localdate()
    return _form_page(
        request,
        inquiry,
        form,
        title=f"{label} – henvendelse {inquiry.reference}",
        submit=f"Registrér {str(label).lower()}",
        request_kind=request_kind,
        due_if_sent_today=request_due(inquiry.office, request_kind, today),
    )


@require_http_methods(["GET", "POST"])
@audited(object_type="departmentrequest")
def request_answer(request: HttpRequest, uid: UUID) -> HttpResponse:
    """The department's answer: date, result and a summary."""
    dept_request = get_department_request_for_user(request, uid, WRITE, action=None)
    inquiry = dept_request.inquiry
    if request.method == "POST":
        form = AnswerForm(request.POST, office=dept_request.office)
        if form.is_valid():
            try:
                department_answer_register(
                    request=dept_request,
                    answered_on=form.cleaned_data["answered_on"],
                    answer=form.cleaned_data["answer"],
                    summary=form.cleaned_data["summary"],
                    by=_user(request),
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                audit_record(request, action=Action.CHANGE, obj=dept_request)
                messages.success(request, "Forvaltningens svar er registreret.")
                return redirect(_back(inquiry))
    else:
        form = AnswerForm(office=dept_request.office)
    audit_record(request, action=Action.READ, obj=dept_request)
    return _form_page(
        request,
        inquiry,
        form,
        title=f"Svar på {dept_request.get_kind_display().lower()} til {dept_request.org_unit}",
        submit="Registrér svaret",
        dept_request=dept_request,
    )


@require_http_methods(["GET", "POST"])
@audited(object_type="deadline")
def deadline_extension(request: HttpRequest, uid: UUID) -> HttpResponse:
    """A request for more time, granted (the deadline moves) or refused."""
    deadline = get_deadline_for_user(request, uid, WRITE, action=None)
    inquiry = deadline.inquiry
    if request.method == "POST":
        form = ExtensionForm(request.POST)
        if form.is_valid():
            try:
                extension = deadline_extend(
                    deadline=deadline,
                    requested_on=form.cleaned_data["requested_on"],
                    reason=form.cleaned_data["reason"],
                    new_due=form.cleaned_data["new_due"],
                    granted=form.cleaned_data["granted"],
                    by=_user(request),
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                audit_record(request, action=Action.CHANGE, obj=deadline)
                messages.success(
                    request,
                    f"Fristen er forlænget til {extension.new_due:%d.%m.%Y}."
                    if extension.granted
                    else "Afslaget er registreret; fristen er uændret.",
                )
                return redirect(_back(inquiry))
    else:
        form = ExtensionForm()
    audit_record(request, action=Action.READ, obj=deadline)
    return _form_page(
        request,
        inquiry,
        form,
        title=f"Fristforlængelse – {deadline.get_kind_display().lower()}",
        submit="Registrér",
        deadline=deadline,
    )


@audited(object_type="deadline")
def deadline_met(request: HttpRequest, uid: UUID) -> HttpResponse:
    deadline = get_deadline_for_user(request, uid, WRITE, action=None)
    # Refused (403/404) before the method is looked at, like every object route.
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        deadline_mark_met(deadline=deadline, by=_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        audit_record(request, action=Action.CHANGE, obj=deadline)
        messages.success(request, "Fristen er markeret som overholdt.")
    return redirect(_back(deadline.inquiry))


@require_http_methods(["GET", "POST"])
@audited(object_type="inquiry")
def own_deadline_add(request: HttpRequest, uid: UUID) -> HttpResponse:
    """The advisor's own promise to the citizen, tracked like any other deadline."""
    inquiry = get_inquiry_for_user(request, uid, WRITE, action=None)
    if request.method == "POST":
        form = OwnDeadlineForm(request.POST, office=inquiry.office)
        if form.is_valid():
            try:
                deadline = deadline_add(
                    inquiry=inquiry,
                    label=form.cleaned_data["label"],
                    due=form.cleaned_data["due"],
                    by=_user(request),
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                audit_record(request, action=Action.CREATE, obj=deadline)
                messages.success(request, f"Fristen {deadline.due:%d.%m.%Y} er tilføjet.")
                return redirect(_back(inquiry))
    else:
        form = OwnDeadlineForm(office=inquiry.office)
    audit_record(request, action=Action.READ, obj=inquiry)
    return _form_page(request, inquiry, form, title="Tilføj en egen frist", submit="Tilføj fristen")


@audited(object_type="inquiry")
def pause(request: HttpRequest, uid: UUID) -> HttpResponse:
    """Stop the citizen's clock while waiting for the citizen."""
    inquiry = get_inquiry_for_user(request, uid, WRITE, action=None)
    # Refused (403/404) before the method is looked at, like every object route.
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        pause_start(inquiry=inquiry, reason=request.POST.get("reason", "")[:200], by=_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        audit_record(request, action=Action.CHANGE, obj=inquiry)
        messages.success(request, "Sagen er sat på pause; dine frister står stille.")
    return redirect(_back(inquiry))


@audited(object_type="inquiry")
def resume(request: HttpRequest, uid: UUID) -> HttpResponse:
    inquiry = get_inquiry_for_user(request, uid, WRITE, action=None)
    # Refused (403/404) before the method is looked at, like every object route.
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        pause_end(inquiry=inquiry, by=_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        audit_record(request, action=Action.CHANGE, obj=inquiry)
        messages.success(request, "Sagen er genoptaget; fristerne er rykket.")
    return redirect(_back(inquiry))


@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest) -> HttpResponse:
    """The office's deadlines and closed days (no citizen's data: not audited)."""
    office = require(request, Capability.SETTINGS_MANAGE)
    rules = casework_settings(office)
    calendar = office_calendar(office)
    if request.method == "POST":
        form = SettingsForm(request.POST)
        if form.is_valid():
            casework_settings_update(office=office, data=SettingsData(**form.cleaned_data))
            messages.success(request, "Sagsbehandlingsreglerne er gemt.")
            return redirect(reverse("casework_settings:rules"))
    else:
        form = SettingsForm(
            initial={
                "reply_working_days": rules.reply_working_days,
                "referral_working_days": rules.referral_working_days,
                "statement_deadline_days": office.statement_deadline_days,
                "limitation_months": rules.limitation_months,
                "remind_days_before": rules.remind_days_before,
                "closed_grundlovsdag": calendar.closed_grundlovsdag,
                "closed_christmas_eve": calendar.closed_christmas_eve,
                "closed_new_years_eve": calendar.closed_new_years_eve,
                "closed_may_day": calendar.closed_may_day,
            }
        )
    return render(request, "casework/settings.html", {"form": form, "office": office})

"""The person's page (article 15 extract, article 17 requests), legal holds, the retention setting.

As in the inquiries app, the access check comes before the method, so another
office's id answers 404 whatever is asked.
"""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone

from borgerraadgiver.audit.models import Action, Purpose
from borgerraadgiver.audit.services import audit_record, audited
from borgerraadgiver.core.access import require
from borgerraadgiver.inquiries.access import get_inquiry_for_user, get_person_for_user
from borgerraadgiver.inquiries.models import Person
from borgerraadgiver.offices.models import User
from borgerraadgiver.offices.roles import Capability

from .access import get_erasure_request_for_user
from .export import extract_pdf, extract_zip
from .forms import ErasureDecisionForm, ErasureRequestForm, LegalHoldForm, RetentionPolicyForm
from .models import ErasureRequest, LegalHold
from .selectors import (
    active_hold,
    person_extract,
    person_inquiries,
    retention_log,
    retention_years,
)
from .services import (
    erasure_request_decide,
    erasure_request_register,
    legal_hold_release,
    legal_hold_set,
    retention_policy_update,
)

READ = Capability.CASE_READ
WRITE = Capability.CASE_WRITE
DECIDE = Capability.STATEMENT_WRITE
NO_STORE = "private, no-store"


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _decision_form(erasure: ErasureRequest, data: Any = None) -> ErasureDecisionForm:
    return ErasureDecisionForm(data, prefix=f"afg-{erasure.pk}")


def _person_page(
    request: HttpRequest,
    person: Person,
    *,
    request_form: ErasureRequestForm | None = None,
    decision_forms: dict[int, ErasureDecisionForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    decision_forms = decision_forms or {}
    erasures = list(
        ErasureRequest.objects.filter(person=person)
        .select_related("decided_by")
        .order_by("-received", "-id")
    )
    context = {
        "person": person,
        "inquiries": person_inquiries(person),
        "erasures": [(e, decision_forms.get(e.pk) or _decision_form(e)) for e in erasures],
        "request_form": request_form or ErasureRequestForm(),
        "today": timezone.localdate(),
    }
    return render(request, "privacy/person.html", context, status=status)


@audited(object_type="person")
def person_detail(request: HttpRequest, uid: UUID) -> HttpResponse:
    person = get_person_for_user(request, uid)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    audit_record(request, action=Action.READ, obj=person)
    return _person_page(request, person)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = NO_STORE
    response["X-Content-Type-Options"] = "nosniff"
    return response


@audited(object_type="person", purpose=Purpose.ACCESS_REQUEST)
def person_extract_pdf(request: HttpRequest, uid: UUID) -> HttpResponse:
    person = get_person_for_user(request, uid)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    audit_record(request, action=Action.EXPORT, obj=person)
    pdf = extract_pdf(person_extract(person), today=timezone.localdate())
    # The file name is opaque: a citizen's name must not reach a download folder's listing.
    return _download(pdf, "application/pdf", "indsigt.pdf")


@audited(object_type="person", purpose=Purpose.ACCESS_REQUEST)
def person_extract_zip(request: HttpRequest, uid: UUID) -> HttpResponse:
    person = get_person_for_user(request, uid)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    audit_record(request, action=Action.EXPORT, obj=person)
    extract = person_extract(person)
    content = extract_zip(extract, extract_pdf(extract, today=timezone.localdate()))
    return _download(content, "application/zip", "indsigt.zip")


def erasure_request_add(request: HttpRequest, uid: UUID) -> HttpResponse:
    person = get_person_for_user(request, uid, WRITE)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ErasureRequestForm(request.POST)
    if form.is_valid():
        try:
            erasure_request_register(
                person=person, received=form.cleaned_data["received"], by=_user(request)
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Anmodningen om sletning er registreret.")
            return redirect("privacy:person", uid=person.uid)
    return _person_page(request, person, request_form=form)


def erasure_request_decision(request: HttpRequest, uid: UUID) -> HttpResponse:
    erasure = get_erasure_request_for_user(request, uid, DECIDE)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = _decision_form(erasure, request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                erasure_request_decide(erasure=erasure, by=_user(request), **form.cleaned_data)
                if erasure.decision == ErasureRequest.Decision.GRANTED:
                    # The person's data went with the grant: on the trail, in the same transaction.
                    audit_record(request, action=Action.DELETE, obj=erasure.person)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            messages.success(
                request,
                "Afgørelsen er registreret, og personens oplysninger er slettet."
                if erasure.decision == ErasureRequest.Decision.GRANTED
                else "Afgørelsen er registreret.",
            )
            return redirect("privacy:person", uid=erasure.person.uid)
    return _person_page(request, erasure.person, decision_forms={erasure.pk: form})


def legal_hold_add(request: HttpRequest, uid: UUID) -> HttpResponse:
    inquiry = get_inquiry_for_user(request, uid, WRITE)
    form = LegalHoldForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            legal_hold_set(inquiry=inquiry, reason=form.cleaned_data["reason"], by=_user(request))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Henvendelsen er tilbageholdt og anonymiseres ikke.")
            return redirect("inquiries:detail", uid=inquiry.uid)
    context = {"inquiry": inquiry, "form": form, "hold": active_hold(inquiry)}
    return render(request, "privacy/legal_hold.html", context)


def legal_hold_remove(request: HttpRequest, uid: UUID) -> HttpResponse:
    inquiry = get_inquiry_for_user(request, uid, WRITE)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    hold: LegalHold | None = active_hold(inquiry)
    if hold is None:
        messages.error(request, "Henvendelsen er ikke tilbageholdt.")
    else:
        legal_hold_release(hold=hold, by=_user(request))
        messages.success(request, "Tilbageholdelsen er ophævet.")
    return redirect("inquiries:detail", uid=inquiry.uid)


def retention_settings(request: HttpRequest) -> HttpResponse:
    office = require(request, Capability.SETTINGS_MANAGE)
    initial = {"years_after_closing": retention_years(office)}
    form = RetentionPolicyForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            retention_policy_update(
                office=office, years_after_closing=form.cleaned_data["years_after_closing"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Opbevaringsfristen er gemt.")
            return redirect("privacy:retention")
    context = {"office": office, "form": form, "log": retention_log(office)}
    return render(request, "privacy/retention.html", context)

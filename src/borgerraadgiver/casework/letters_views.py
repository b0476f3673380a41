"""Views of the letters area: make and send a letter, and the office's letter templates.

Making and sending are POSTs from the letters panel on the inquiry page; the
answer goes back there (#letters) with a message. The statement letter needs
the right to write statements; the other letters the right to work on cases.
"""

from __future__ import annotations

import io
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from borgerraadgiver.audit.models import Action
from borgerraadgiver.audit.services import audit_record, audited
from borgerraadgiver.casework.letters import TEMPLATE_FIELDS, standard_template_path
from borgerraadgiver.casework.letters_forms import (
    LetterCreateForm,
    LetterSendForm,
    LetterTemplateForm,
)
from borgerraadgiver.casework.letters_selectors import (
    inquiry_department_requests,
    office_letter_templates,
)
from borgerraadgiver.casework.letters_services import letter_create as letter_make
from borgerraadgiver.casework.letters_services import letter_send as letter_email
from borgerraadgiver.casework.letters_templates import (
    letter_template_replace,
    letter_template_reset,
)
from borgerraadgiver.casework.models import Letter, LetterKind, LetterTemplate
from borgerraadgiver.core.access import has, require
from borgerraadgiver.inquiries.access import get_for_user, get_inquiry_for_user
from borgerraadgiver.offices.access import require_office_settings
from borgerraadgiver.offices.roles import Capability

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def get_letter_for_user(
    request: HttpRequest,
    uid: str | uuid.UUID,
    capability: Capability = Capability.CASE_READ,
    *,
    action: str | None = Action.READ,
    purpose: str | None = None,
) -> Letter:
    """A letter of the user's own office (403 without the capability, 404 for another's)."""
    qs = Letter.objects.select_related(
        "inquiry__person", "inquiry__requester", "inquiry__office", "journal_entry", "request"
    )
    return get_for_user(request, qs, "letter", uid, capability, action, purpose)


def _require_for_kind(request: HttpRequest, kind: str) -> None:
    # The statement carries the conclusions: it is the statement writer's letter.
    if kind == LetterKind.STATEMENT:
        require(request, Capability.STATEMENT_WRITE)


def _back(inquiry_uid: uuid.UUID) -> HttpResponse:
    return redirect(reverse("inquiries:detail", args=[inquiry_uid]) + "#letters")


def _error(request: HttpRequest, heading: str, errors: list[str]) -> None:
    messages.error(request, f"{heading}: {' '.join(errors)}")


# The object is looked up before the method is checked, as the journal's
# attachment is: another office's letter or inquiry is 404 whatever the method.
@audited(object_type="inquiry")
def letter_create(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    inquiry = get_inquiry_for_user(request, uid, Capability.CASE_WRITE, action=None)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = LetterCreateForm(
        request.POST,
        requests=inquiry_department_requests(inquiry),
        statement_write=has(request, Capability.STATEMENT_WRITE),
    )
    if not form.is_valid():
        _error(request, "Brevet er ikke dannet", [e for es in form.errors.values() for e in es])
        return _back(inquiry.uid)
    kind = form.cleaned_data["kind"]
    _require_for_kind(request, kind)
    try:
        letter = letter_make(
            inquiry=inquiry,
            kind=kind,
            request=form.cleaned_data["department_request"],
            by=request.user,
        )
    except ValidationError as exc:
        _error(request, "Brevet er ikke dannet", exc.messages)
        return _back(inquiry.uid)
    audit_record(request, action=Action.CREATE, obj=letter)
    messages.success(
        request, f"Brevet ({letter.get_kind_display().lower()}) er dannet og gemt i journalen."
    )
    return _back(inquiry.uid)


@audited(object_type="letter")
def letter_send(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    letter = get_letter_for_user(request, uid, Capability.CASE_WRITE, action=None)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    _require_for_kind(request, letter.kind)
    form = LetterSendForm(request.POST)
    if not form.is_valid():
        _error(request, "Brevet er ikke sendt", [e for es in form.errors.values() for e in es])
        return _back(letter.inquiry.uid)
    try:
        letter_email(letter=letter, to=form.cleaned_data["to"], by=request.user)
    except ValidationError as exc:
        _error(request, "Brevet er ikke sendt", exc.messages)
        return _back(letter.inquiry.uid)
    audit_record(request, action=Action.EXPORT, obj=letter)
    messages.success(request, f"Brevet er sendt med e-mail til {letter.email_to}.")
    return _back(letter.inquiry.uid)


def _kind(kind: str) -> str:
    if kind not in LetterKind.values:
        raise Http404
    return kind


@require_http_methods(["GET", "POST"])
def letter_templates(request: HttpRequest) -> HttpResponse:
    office = require_office_settings(request)
    posted = request.method == "POST"
    form = LetterTemplateForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            letter_template_replace(
                office=office,
                kind=form.cleaned_data["kind"],
                content=form.cleaned_data["template"].read(),
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            label = LetterKind(form.cleaned_data["kind"]).label
            messages.success(request, f"Skabelonen til {str(label).lower()} er gemt.")
            return redirect("casework_settings:letter_templates")
    context = {
        "rows": office_letter_templates(office),
        "form": form,
        "fields": TEMPLATE_FIELDS,
        "email_configured": settings.EMAIL_CONFIGURED,
    }
    return render(request, "casework/letters/templates.html", context)


def _docx(content: object, filename: str) -> FileResponse:
    response = FileResponse(content, as_attachment=True, filename=filename, content_type=DOCX)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def letter_template_standard(request: HttpRequest, kind: str) -> FileResponse:
    require_office_settings(request)
    path = standard_template_path(_kind(kind))
    return _docx(path.open("rb"), f"brevskabelon-{kind}.docx")


@require_GET
def letter_template_download(request: HttpRequest, kind: str) -> FileResponse:
    office = require_office_settings(request)
    own = LetterTemplate.objects.filter(office=office, kind=_kind(kind)).first()
    if own is None:
        raise Http404
    return _docx(io.BytesIO(bytes(own.content)), f"brevskabelon-{kind}-{office.slug}.docx")


@require_POST
def letter_template_reset_view(request: HttpRequest, kind: str) -> HttpResponse:
    office = require_office_settings(request)
    letter_template_reset(office=office, kind=_kind(kind))
    messages.success(request, f"{LetterKind(kind).label} bruger igen standardskabelonen.")
    return redirect("casework_settings:letter_templates")

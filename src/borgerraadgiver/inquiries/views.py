"""Registering, viewing and editing an inquiry, and its journal.

Every object is fetched through the access helpers, and for routes with an
object the access check comes before anything else (the method included), so
another office's id answers 404 whatever is asked.
"""

from __future__ import annotations

from typing import cast
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
    JsonResponse,
    QueryDict,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from borgerraadgiver.core.access import office_for_user
from borgerraadgiver.offices.models import User

from .access import get_inquiry_for_user, get_journal_entry_for_user, get_person_for_user
from .detail_selectors import inquiry_page
from .forms import (
    MAX_POINTS,
    IntakeChoices,
    JournalEntryForm,
    PersonForm,
    PersonResolver,
    intake_choices,
)
from .intake import IntakeForms
from .lookups import options_matching, org_unit_options, vocabulary_options
from .models import Inquiry, Person
from .services import StaleInquiryError, inquiry_intake, journal_entry_add

FORM_TEMPLATE = "inquiries/inquiry_form.html"
DETAIL_TEMPLATE = "inquiries/detail.html"
PERSON_PREFIXES = ("person", "requester")


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _resolver(request: HttpRequest) -> PersonResolver:
    """Turn a posted person uid into the office's person, or None: never another office's."""

    def resolve(uid: str) -> Person | None:
        try:
            return get_person_for_user(request, uid)
        except Http404:
            return None

    return resolve


def _with_extra_point(data: QueryDict) -> QueryDict:
    data = data.copy()
    try:
        total = int(data.get("points-TOTAL_FORMS", ""))
    except ValueError:
        return data
    data["points-TOTAL_FORMS"] = str(min(max(total, 0) + 1, MAX_POINTS))
    return data


def _form_page(
    request: HttpRequest, forms: IntakeForms, *, status: int = 200, stale: bool = False
) -> HttpResponse:
    context = {"forms": forms, "inquiry": forms.inquiry, "stale": stale, "max_points": MAX_POINTS}
    return render(request, FORM_TEMPLATE, context, status=status)


def _submit(
    request: HttpRequest, choices: IntakeChoices, inquiry: Inquiry | None = None
) -> Inquiry | HttpResponse:
    """Handle a POST of the intake form: a saved inquiry, or the page to show instead."""
    add_point = "_add_point" in request.POST
    data = _with_extra_point(request.POST) if add_point else request.POST
    forms = IntakeForms(data, choices=choices, resolve=_resolver(request), inquiry=inquiry)
    if add_point or "_find_person" in request.POST:
        # Not a save: show the form again, one row longer or with the matches,
        # without scolding about fields the advisor has not reached yet.
        forms.silence()
        if add_point:
            forms.focus_last_point()
            if request.htmx:
                return render(
                    request, f"{FORM_TEMPLATE}#points", {"forms": forms, "max_points": MAX_POINTS}
                )
        return _form_page(request, forms)
    if not forms.is_valid():
        return _form_page(request, forms)
    intake, person, requester = forms.to_data()
    try:
        return inquiry_intake(
            office=choices.office,
            data=intake,
            person=person,
            requester=requester,
            by=_user(request),
            inquiry=inquiry,
            expected_version=forms.main.cleaned_data.get("version"),
        )
    except StaleInquiryError:
        return _form_page(request, forms, status=409, stale=True)
    except ValidationError as exc:
        forms.add_service_errors(exc)
        return _form_page(request, forms)


def inquiry_create(request: HttpRequest) -> HttpResponse:
    office = office_for_user(request)
    choices = intake_choices(office)
    if request.method != "POST":
        return _form_page(request, IntakeForms(None, choices=choices, resolve=_resolver(request)))
    result = _submit(request, choices)
    if isinstance(result, HttpResponse):
        return result
    if request.POST.get("_save") == "next":
        messages.success(
            request, f"Henvendelse {result.reference} er registreret. Registrér den næste."
        )
        return redirect("inquiries:create")
    messages.success(request, f"Henvendelse {result.reference} er registreret.")
    return redirect("inquiries:detail", uid=result.uid)


def inquiry_edit(request: HttpRequest, uid: UUID) -> HttpResponse:
    inquiry = get_inquiry_for_user(request, uid)
    choices = intake_choices(inquiry.office, inquiry)
    if request.method != "POST":
        forms = IntakeForms(None, choices=choices, resolve=_resolver(request), inquiry=inquiry)
        return _form_page(request, forms)
    result = _submit(request, choices, inquiry)
    if isinstance(result, HttpResponse):
        return result
    messages.success(request, f"Ændringerne i henvendelse {result.reference} er gemt.")
    return redirect("inquiries:detail", uid=result.uid)


def _detail_page(
    request: HttpRequest, inquiry: Inquiry, form: JournalEntryForm, *, saved: bool = False
) -> HttpResponse:
    context = {
        "page": inquiry_page(inquiry),
        "inquiry": inquiry,
        "journal_form": form,
        "journal_saved": saved,
    }
    template = f"{DETAIL_TEMPLATE}#journal" if request.htmx else DETAIL_TEMPLATE
    return render(request, template, context)


def inquiry_detail(request: HttpRequest, uid: UUID) -> HttpResponse:
    inquiry = get_inquiry_for_user(request, uid)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    return render(
        request,
        DETAIL_TEMPLATE,
        {
            "page": inquiry_page(inquiry),
            "inquiry": inquiry,
            "journal_form": JournalEntryForm(),
        },
    )


def journal_add(request: HttpRequest, uid: UUID) -> HttpResponse:
    inquiry = get_inquiry_for_user(request, uid)
    if request.method != "POST":
        return redirect(reverse("inquiries:detail", kwargs={"uid": inquiry.uid}) + "#journal")
    form = JournalEntryForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            journal_entry_add(
                inquiry=inquiry,
                kind=form.cleaned_data["kind"],
                occurred=form.cleaned_data["occurred"],
                text=form.cleaned_data.get("text") or "",
                upload=form.cleaned_data.get("attachment"),
                by=_user(request),
            )
        except ValidationError as exc:
            for key, msgs in exc.message_dict.items():
                form.add_error(key if key in form.fields else None, msgs)
        else:
            if request.htmx:
                return _detail_page(request, inquiry, JournalEntryForm(), saved=True)
            messages.success(request, "Journalnotatet er gemt.")
            return redirect(reverse("inquiries:detail", kwargs={"uid": inquiry.uid}) + "#journal")
    return _detail_page(request, inquiry, form)


def attachment_download(request: HttpRequest, uid: UUID) -> HttpResponse:
    entry = get_journal_entry_for_user(request, uid)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    if not entry.attachment:
        raise Http404
    try:
        handle = entry.attachment.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = entry.attachment_type or "application/octet-stream"
    if content_type == "text/plain":
        content_type = "text/plain; charset=utf-8"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=entry.attachment_name or "bilag",
        content_type=content_type,
    )
    # Never rendered by the browser, whatever the file holds.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def person_lookup(request: HttpRequest) -> HttpResponse:
    """Known persons matching the typed name, phone or CPR (POST: a CPR never goes in a URL)."""
    office = office_for_user(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    prefix = request.POST.get("prefix", "")
    if prefix not in PERSON_PREFIXES:
        return HttpResponseBadRequest("Ukendt felt.")
    form = PersonForm(request.POST, prefix=prefix, resolve=_resolver(request))
    form.find_candidates(office)
    return render(request, f"{FORM_TEMPLATE}#person_matches", {"pf": form})


def _query(request: HttpRequest) -> str:
    return request.GET.get("q", "")[:100]


@require_GET
def org_unit_lookup(request: HttpRequest) -> HttpResponse:
    """Active org units whose path (or short name) contains every word of `q`."""
    office = office_for_user(request)
    hits = options_matching(org_unit_options(office), _query(request))
    return JsonResponse({"results": [o.as_json() for o in hits]})


@require_GET
def theme_lookup(request: HttpRequest) -> HttpResponse:
    """Theme leaves the office offers whose label or group contains every word of `q`."""
    office = office_for_user(request)
    hits = options_matching(vocabulary_options(office, "theme"), _query(request))
    return JsonResponse({"results": [o.as_json() for o in hits]})

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
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET

from borgerraadgiver.audit.models import Action
from borgerraadgiver.audit.services import audit_record, audited
from borgerraadgiver.core.access import has, require
from borgerraadgiver.offices.models import User
from borgerraadgiver.offices.roles import Capability
from borgerraadgiver.vocabularies.models import VocabularyValue

from .access import get_inquiry_for_user, get_journal_entry_for_user, get_person_for_user
from .attachments import MIME_DOCX, MIME_PDF, MIME_TEXT, MIME_XLSX
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
from .repeat import repeat_candidates, repeat_contact_add
from .services import StaleInquiryError, inquiry_intake, journal_entry_add

SAFE_DOWNLOAD_TYPES = {
    MIME_PDF: MIME_PDF,
    "image/png": "image/png",
    "image/jpeg": "image/jpeg",
    MIME_DOCX: MIME_DOCX,
    MIME_XLSX: MIME_XLSX,
    MIME_TEXT: "text/plain; charset=utf-8",
}
FORM_TEMPLATE = "inquiries/inquiry_form.html"
DETAIL_TEMPLATE = "inquiries/detail.html"
PERSON_PREFIXES = ("person", "requester")
WRITE = Capability.CASE_WRITE
# The audit trail's search text for the repeat-contact look-up (no personal data).
REPEAT_TERM = "Tidligere henvendelser om samme enhed"


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _resolver(request: HttpRequest) -> PersonResolver:
    """Turn a posted person uid into the office's person, or None: never another office's."""

    def resolve(uid: str) -> Person | None:
        try:
            # A posted pick, not a page of its own: the search that offered it and
            # the saved inquiry are what the audit trail records.
            return get_person_for_user(request, uid, action=None)
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


def _person_term(form: PersonForm) -> str:
    """What a look-up was by; a CPR number is noted, never stored in the trail as digits."""
    parts = [form.raw("name").strip(), form.raw("phone").strip()]
    if form.raw("cpr").strip():
        parts.append("CPR-nummer")
    return " ".join(p for p in parts if p)


def _audit_person_search(request: HttpRequest, form: PersonForm) -> None:
    """A look-up shown to the user: one record per person it offered, or one naming none."""
    term = _person_term(form)
    if not term:
        return
    for person in form.candidates or [None]:
        audit_record(request, action=Action.SEARCH, object_type="person", person=person, term=term)


def _repeat_candidates(request: HttpRequest, forms: IntakeForms) -> list[Inquiry]:
    """A new registration's likely earlier inquiries, each shown recorded as a search."""
    if forms.inquiry is not None:
        return []
    person, unit_id = forms.repeat_basis()
    found = repeat_candidates(office=forms.choices.office, person=person, org_unit_id=unit_id)
    for candidate in found:
        audit_record(request, action=Action.SEARCH, obj=candidate, term=REPEAT_TERM)
    return found


def _form_page(
    request: HttpRequest,
    forms: IntakeForms,
    *,
    status: int = 200,
    stale: bool = False,
    repeat_searched: bool = False,
) -> HttpResponse:
    if forms.main.is_bound:
        # The page shows the persons matching what was typed.
        _audit_person_search(request, forms.person)
        _audit_person_search(request, forms.requester)
    context = {
        "forms": forms,
        "inquiry": forms.inquiry,
        "stale": stale,
        "max_points": MAX_POINTS,
        "repeat": _repeat_candidates(request, forms),
        "repeat_searched": repeat_searched,
    }
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
        saved = inquiry_intake(
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
    # In the view's transaction (`audited`), so with the save or not at all.
    audit_record(request, action=Action.CHANGE if inquiry else Action.CREATE, obj=saved)
    return saved


def _may_write_statements(request: HttpRequest) -> bool:
    # Without it the form has no conclusion, outcome or closing date to post.
    return has(request, Capability.STATEMENT_WRITE)


# A CPR number may be posted: kept out of error reports (locals and POST).
@sensitive_variables()
@sensitive_post_parameters()
@audited(object_type="inquiry")
def inquiry_create(request: HttpRequest) -> HttpResponse:
    office = require(request, WRITE)
    choices = intake_choices(office, statements=_may_write_statements(request))
    if request.method != "POST":
        return _form_page(request, IntakeForms(None, choices=choices, resolve=_resolver(request)))
    if "_add_to" in request.POST:
        return _repeat_add(request, choices)
    if "_find_repeat" in request.POST:
        # Not a save: the person's earlier inquiries about the unit (the fragment for htmx).
        forms = IntakeForms(request.POST, choices=choices, resolve=_resolver(request))
        forms.silence()
        if request.htmx:
            context = {
                "forms": forms,
                "repeat": _repeat_candidates(request, forms),
                "repeat_searched": True,
            }
            return render(request, f"{FORM_TEMPLATE}#repeat", context)
        return _form_page(request, forms, repeat_searched=True)
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


def _repeat_add(request: HttpRequest, choices: IntakeChoices) -> HttpResponse:
    """Add the contact being registered to an earlier inquiry instead of creating one."""
    forms = IntakeForms(request.POST, choices=choices, resolve=_resolver(request))
    forms.silence()
    # Recorded as the journal entry added below, or as the form shown again.
    target = get_inquiry_for_user(request, request.POST.get("_add_to", ""), WRITE, action=None)
    person, _unit_id = forms.repeat_basis()
    cleaned = forms.main.cleaned_data
    channel_id = cleaned.get("channel")
    channel = (
        VocabularyValue.objects.for_office(choices.office).filter(pk=channel_id).first()
        if channel_id
        else None
    )
    try:
        entry = repeat_contact_add(
            inquiry=target,
            person=person,
            occurred=cleaned.get("received") or timezone.localdate(),
            channel=channel,
            account=cleaned.get("account") or "",
            by=_user(request),
        )
    except ValidationError as exc:
        forms.main.add_error(None, exc.messages)
        return _form_page(request, forms)
    audit_record(request, action=Action.CREATE, obj=entry)
    messages.success(
        request, f"Kontakten er tilføjet til journalen i henvendelse {target.reference}."
    )
    return redirect(reverse("inquiries:detail", kwargs={"uid": target.uid}) + "#journal")


# A CPR number may be posted: kept out of error reports (locals and POST).
@sensitive_variables()
@sensitive_post_parameters()
@audited(object_type="inquiry")
def inquiry_edit(request: HttpRequest, uid: UUID) -> HttpResponse:
    # A POST is recorded as the change once saved, or as the read of the form shown again.
    posted = request.method == "POST"
    inquiry = get_inquiry_for_user(request, uid, WRITE, action=None if posted else Action.READ)
    choices = intake_choices(inquiry.office, inquiry, statements=_may_write_statements(request))
    if request.method != "POST":
        forms = IntakeForms(None, choices=choices, resolve=_resolver(request), inquiry=inquiry)
        return _form_page(request, forms)
    result = _submit(request, choices, inquiry)
    if isinstance(result, HttpResponse):
        if result.status_code != 302:
            audit_record(request, action=Action.READ, obj=inquiry)
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


@audited(object_type="inquiry")
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


@audited(object_type="inquiry")
def journal_add(request: HttpRequest, uid: UUID) -> HttpResponse:
    # Recorded below: as the entry added, or as the page shown again.
    inquiry = get_inquiry_for_user(request, uid, WRITE, action=None)
    if request.method != "POST":
        return redirect(reverse("inquiries:detail", kwargs={"uid": inquiry.uid}) + "#journal")
    form = JournalEntryForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            entry = journal_entry_add(
                inquiry=inquiry,
                kind=form.cleaned_data["kind"],
                occurred=form.cleaned_data["occurred"],
                text=form.cleaned_data.get("text") or "",
                upload=form.cleaned_data.get("attachment"),
                by=_user(request),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            audit_record(request, action=Action.CREATE, obj=entry)
            if request.htmx:
                return _detail_page(request, inquiry, JournalEntryForm(), saved=True)
            messages.success(request, "Journalnotatet er gemt.")
            return redirect(reverse("inquiries:detail", kwargs={"uid": inquiry.uid}) + "#journal")
    audit_record(request, action=Action.READ, obj=inquiry)
    return _detail_page(request, inquiry, form)


@audited(object_type="journalentry")
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
    # Only a type the upload check can have given is named; any other stored
    # value (an old or hand-edited row) goes out as bytes to save, never as HTML.
    content_type = SAFE_DOWNLOAD_TYPES.get(entry.attachment_type, "application/octet-stream")
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


# A CPR number may be posted: kept out of error reports (locals and POST).
@sensitive_variables()
@sensitive_post_parameters()
@audited(object_type="person")
def person_lookup(request: HttpRequest) -> HttpResponse:
    """Known persons matching the typed name, phone or CPR (POST: a CPR never goes in a URL)."""
    office = require(request, WRITE)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    prefix = request.POST.get("prefix", "")
    if prefix not in PERSON_PREFIXES:
        return HttpResponseBadRequest("Ukendt felt.")
    form = PersonForm(request.POST, prefix=prefix, resolve=_resolver(request))
    form.find_candidates(office)
    _audit_person_search(request, form)
    return render(request, f"{FORM_TEMPLATE}#person_matches", {"pf": form})


def _query(request: HttpRequest) -> str:
    return request.GET.get("q", "")[:100]


@require_GET
def org_unit_lookup(request: HttpRequest) -> HttpResponse:
    """Active org units whose path (or short name) contains every word of `q`."""
    office = require(request, WRITE)
    hits = options_matching(org_unit_options(office), _query(request))
    return JsonResponse({"results": [o.as_json() for o in hits]})


@require_GET
def theme_lookup(request: HttpRequest) -> HttpResponse:
    """Theme leaves the office offers whose label or group contains every word of `q`."""
    office = require(request, WRITE)
    hits = options_matching(vocabulary_options(office, "theme"), _query(request))
    return JsonResponse({"results": [o.as_json() for o in hits]})

"""The competence screening of an inquiry: its form page, and saving it.

The inquiry page's panel (templatetags/casework_screening.py) shows the same
form; it posts here. "Foreslå resultat" applies the rules to what is typed
and shows the form again with the suggestion, saving nothing.
"""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from borgerraadgiver.audit.models import Action
from borgerraadgiver.audit.services import audit_record, audited
from borgerraadgiver.inquiries.access import get_inquiry_for_user
from borgerraadgiver.inquiries.models import Inquiry
from borgerraadgiver.inquiries.services import StaleInquiryError
from borgerraadgiver.offices.models import User
from borgerraadgiver.offices.roles import Capability

from .models import Screening
from .screening import Assessment, is_default_referral, referral_text, screening_assess
from .screening_forms import ScreeningForm
from .screening_selectors import (
    ScreeningView,
    casework_settings_for,
    competence_choices,
    screening_of,
    screening_view,
)
from .screening_services import screening_record

TEMPLATE = "casework/screening/screening_page.html"


def _kept_ids(screening: Screening | None) -> tuple[int | None, ...]:
    if screening is None:
        return ()
    return (
        screening.within_id,
        screening.exclusion_id,
        screening.dispensation_ground_id,
        screening.rejection_ground_id,
    )


def screening_form(
    inquiry: Inquiry, data: QueryDict | None = None, *, view: ScreeningView | None = None
) -> ScreeningForm:
    """The form for the inquiry: the saved screening, or the rules' suggestion for a new one."""
    view = view or screening_view(inquiry)
    s = view.screening
    choices = competence_choices(inquiry.office, keep=_kept_ids(s))
    if s is not None:
        initial: dict[str, Any] = {
            "act_date": s.act_date,
            "within": s.within_id,
            "exclusion": s.exclusion_id,
            "dispensation_ground": s.dispensation_ground_id,
            "result": s.result,
            "rejection_ground": s.rejection_ground_id,
            "referred_elsewhere": s.referred_elsewhere,
            "note": s.note,
        }
    else:
        ground = view.assessment.ground
        initial = {
            "result": view.assessment.result,
            "rejection_ground": _ground_id(choices, ground),
            "referred_elsewhere": referral_text(ground) if ground else "",
        }
    initial["version"] = inquiry.version
    return ScreeningForm(data, choices=choices, initial=initial)


def _ground_id(choices: dict[str, Any], code: str) -> int | None:
    return next((c.id for c in choices.get("rejection_ground", []) if c.code == code), None)


def _suggested(inquiry: Inquiry, data: QueryDict) -> tuple[ScreeningForm, Assessment]:
    """The form again with the rules applied to what was typed (nothing saved)."""
    probe = screening_form(inquiry, data)
    probe.is_valid()
    cleaned = getattr(probe, "cleaned_data", {})
    exclusion = probe.value_of("exclusion") if cleaned.get("exclusion") else None
    assessment = screening_assess(
        received=inquiry.received,
        act_date=cleaned.get("act_date"),
        limitation_months=casework_settings_for(inquiry.office).limitation_months,
        exclusion=exclusion.code if exclusion else "",
        anonymous=inquiry.anonymous,
        dispensation=cleaned.get("dispensation_ground") is not None,
    )
    choices = competence_choices(inquiry.office, keep=_kept_ids(screening_of(inquiry)))
    data = data.copy()
    data["result"] = assessment.result
    ground_id = _ground_id(choices, assessment.ground)
    data["rejection_ground"] = str(ground_id or "")
    # The advisor's own text is kept; an empty one or a default gets the ground's default.
    text = data.get("referred_elsewhere", "")
    if assessment.rejected and (not text.strip() or is_default_referral(text)):
        data["referred_elsewhere"] = referral_text(
            assessment.ground, exclusion.code if exclusion else ""
        )
    form = screening_form(inquiry, data)
    form.silence()
    return form, assessment


def _page(
    request: HttpRequest,
    inquiry: Inquiry,
    form: ScreeningForm,
    *,
    assessment: Assessment | None = None,
    stale: bool = False,
) -> HttpResponse:
    audit_record(request, action=Action.READ, obj=inquiry)
    view = screening_view(inquiry)
    context = {
        "inquiry": inquiry,
        "form": form,
        "view": view,
        "assessment": assessment,
        "stale": stale,
    }
    # 409 when someone else saved the inquiry since the form was shown.
    return render(request, TEMPLATE, context, status=409 if stale else 200)


@audited(object_type="inquiry")
def screening_edit(request: HttpRequest, uid: UUID) -> HttpResponse:
    # Recorded below: as the change once saved, or as the read of the form shown.
    inquiry = get_inquiry_for_user(request, uid, Capability.CASE_WRITE, action=None)
    if request.method != "POST":
        return _page(request, inquiry, screening_form(inquiry))
    if "_assess" in request.POST:
        form, assessment = _suggested(inquiry, request.POST)
        return _page(request, inquiry, form, assessment=assessment)
    form = screening_form(inquiry, request.POST)
    if not form.is_valid():
        return _page(request, inquiry, form)
    try:
        screening = screening_record(
            inquiry=inquiry,
            result=form.cleaned_data["result"],
            act_date=form.cleaned_data.get("act_date"),
            within=form.value_of("within"),
            exclusion=form.value_of("exclusion"),
            dispensation_ground=form.value_of("dispensation_ground"),
            rejection_ground=form.value_of("rejection_ground"),
            referred_elsewhere=form.cleaned_data.get("referred_elsewhere") or "",
            note=form.cleaned_data.get("note") or "",
            expected_version=form.cleaned_data.get("version"),
            by=cast(User, request.user),
        )
    except StaleInquiryError:
        return _page(request, inquiry, form, stale=True)
    except ValidationError as exc:
        form.add_service_errors(exc)
        return _page(request, inquiry, form)
    audit_record(request, action=Action.CHANGE, obj=inquiry)
    if screening.result == Screening.Result.REJECTED:
        messages.success(
            request,
            f"Henvendelse {inquiry.reference} er afvist og afsluttet. "
            "Dan afvisningsbrevet under Breve.",
        )
        anchor = "#letters"
    else:
        messages.success(request, "Kompetencevurderingen er gemt.")
        anchor = "#screening"
    return redirect(reverse("inquiries:detail", kwargs={"uid": inquiry.uid}) + anchor)

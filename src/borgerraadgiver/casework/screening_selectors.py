"""Reads for the competence screening: the office's rule and lists, an inquiry's screening."""

from __future__ import annotations

from dataclasses import dataclass

from borgerraadgiver.inquiries.models import Inquiry
from borgerraadgiver.offices.models import Office
from borgerraadgiver.vocabularies.selectors import (
    COMPETENCE_VOCABULARIES,
    Choice,
    office_choices_many,
)

from .models import CaseworkSettings, Screening
from .screening import Assessment, screening_assess
from .selectors import casework_settings

COMPETENCE_LISTS = COMPETENCE_VOCABULARIES


def casework_settings_for(office: Office) -> CaseworkSettings:
    """The office's casework rules (created with the defaults when missing)."""
    return casework_settings(office)


def competence_choices(
    office: Office, *, keep: tuple[int | None, ...] = ()
) -> dict[str, list[Choice]]:
    """The office's visible values of the four competence lists; `keep` ids stay offered."""
    every = office_choices_many(office, list(COMPETENCE_LISTS), include_hidden=True)
    return {
        code: [c for c in choices if not c.hidden or c.id in keep]
        for code, choices in every.items()
    }


def screening_of(inquiry: Inquiry) -> Screening | None:
    return (
        Screening.objects.filter(inquiry=inquiry)
        .select_related(
            "within", "exclusion", "dispensation_ground", "rejection_ground", "screened_by"
        )
        .first()
    )


@dataclass(frozen=True)
class ScreeningView:
    """What the panel shows: the saved screening and what the rules suggest for it."""

    screening: Screening | None
    assessment: Assessment
    limitation_months: int


def screening_view(inquiry: Inquiry) -> ScreeningView:
    screening = screening_of(inquiry)
    months = casework_settings_for(inquiry.office).limitation_months
    assessment = screening_assess(
        received=inquiry.received,
        act_date=screening.act_date if screening else None,
        limitation_months=months,
        exclusion=screening.exclusion.code if screening and screening.exclusion else "",
        anonymous=inquiry.anonymous,
        dispensation=bool(screening and screening.dispensation_ground_id),
    )
    return ScreeningView(screening, assessment, months)

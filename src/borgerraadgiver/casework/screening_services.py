"""Recording the competence screening, and closing a rejected inquiry as "afvist"."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from borgerraadgiver.inquiries.models import INQUIRY_DIMENSIONS, Inquiry
from borgerraadgiver.inquiries.services import InquiryData, PointData, inquiry_update
from borgerraadgiver.offices.models import User
from borgerraadgiver.vocabularies.models import VocabularyValue

from .models import Screening
from .screening import is_late
from .screening_selectors import casework_settings_for

REJECTED_CODE = "afvist"  # the handling and the outcome of a rejected inquiry


def _check(
    inquiry: Inquiry, field: str, code: str, value: VocabularyValue | None
) -> dict[str, list[str]]:
    if value is None:
        return {}
    if value.vocabulary.code != code or value.office_id not in (None, inquiry.office_id):
        return {field: [_("Vælg en af mulighederne på listen.")]}
    return {}


def _errors(
    inquiry: Inquiry,
    *,
    act_date: datetime.date | None,
    within: VocabularyValue | None,
    exclusion: VocabularyValue | None,
    dispensation_ground: VocabularyValue | None,
    result: str,
    rejection_ground: VocabularyValue | None,
    note: str,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for field, code, value in (
        ("within", "competence_within", within),
        ("exclusion", "competence_exclusion", exclusion),
        ("dispensation_ground", "dispensation_ground", dispensation_ground),
        ("rejection_ground", "rejection_ground", rejection_ground),
    ):
        errors.update(_check(inquiry, field, code, value))
    if act_date is not None and act_date > inquiry.received:
        errors.setdefault("act_date", []).append(
            _("Forholdet kan ikke ligge efter modtagelsesdatoen.")
        )
    if result not in Screening.Result.values:
        errors.setdefault("result", []).append(_("Vælg et resultat."))
    elif result == Screening.Result.REJECTED:
        if rejection_ground is None:
            errors.setdefault("rejection_ground", []).append(_("Angiv afvisningsgrunden."))
    else:
        months = casework_settings_for(inquiry.office).limitation_months
        if exclusion is not None:
            errors.setdefault("exclusion", []).append(
                _("Forholdet er undtaget: afvis henvendelsen, eller fjern undtagelsen.")
            )
        if is_late(act_date, inquiry.received, months) and dispensation_ground is None:
            errors.setdefault("dispensation_ground", []).append(
                _("Henvendelsen er kommet for sent: angiv en dispensationsgrund, eller afvis den.")
            )
        if inquiry.anonymous and not note.strip():
            errors.setdefault("note", []).append(
                _("Anonyme henvendelser undersøges som udgangspunkt ikke: skriv hvorfor.")
            )
    return errors


def _data_of(inquiry: Inquiry) -> InquiryData:
    """The inquiry as it is, as the registration services take it."""
    return InquiryData(
        received=inquiry.received,
        org_unit=inquiry.org_unit,
        account=inquiry.account,
        person=inquiry.person,
        requester=inquiry.requester,
        anonymous=inquiry.anonymous,
        anonymous_to_administration=inquiry.anonymous_to_administration,
        values={code: getattr(inquiry, code) for code in INQUIRY_DIMENSIONS},
        closed=inquiry.closed,
        points=[
            PointData(
                theme=p.theme,
                org_unit=p.org_unit,
                conclusion=p.conclusion,
                criticism_grade=p.criticism_grade,
                description=p.description,
            )
            for p in inquiry.points.select_related("theme", "org_unit").order_by("position")
        ],
        reference=inquiry.reference,
    )


def _rejected_value(vocabulary: str) -> VocabularyValue | None:
    return VocabularyValue.objects.filter(
        vocabulary__code=vocabulary, code=REJECTED_CODE, office__isnull=True
    ).first()


def _is_rejected_value(value: VocabularyValue | None) -> bool:
    return value is not None and value.code == REJECTED_CODE


def _classify(
    inquiry: Inquiry, *, rejected: bool, on: datetime.date, expected_version: int, by: User | None
) -> Inquiry:
    """Close the inquiry as "afvist", or reopen one the screening no longer rejects.

    Through inquiry_update, so the version check, the validation and the
    complaint points' copies of the handling (REPORT_COPIED) stay one path.
    """
    data = _data_of(inquiry)
    if rejected:
        data.values["handling"] = _rejected_value("handling")
        data.values["outcome"] = _rejected_value("outcome")
        # Closed on the day of the screening, never before the inquiry came in.
        data.closed = max(on, inquiry.received)
    elif _is_rejected_value(inquiry.handling) or _is_rejected_value(inquiry.outcome):
        for code in ("handling", "outcome"):
            if _is_rejected_value(data.values.get(code)):
                data.values[code] = None
        data.closed = None
    else:
        return inquiry
    return inquiry_update(inquiry=inquiry, data=data, expected_version=expected_version, by=by)


@transaction.atomic
def screening_record(
    *,
    inquiry: Inquiry,
    result: str,
    act_date: datetime.date | None = None,
    within: VocabularyValue | None = None,
    exclusion: VocabularyValue | None = None,
    dispensation_ground: VocabularyValue | None = None,
    rejection_ground: VocabularyValue | None = None,
    referred_elsewhere: str = "",
    note: str = "",
    expected_version: int | None = None,
    by: User | None = None,
    on: datetime.date | None = None,
) -> Screening:
    """Record (or redo) the inquiry's screening; a rejection closes it as "afvist".

    A rejected inquiry stays in the register and in the statistics: handling
    and outcome "afvist", closed on the screening date. Screening it again
    as within competence reopens it. `expected_version` is the inquiry's
    version the form was shown with (StaleInquiryError if someone saved since).
    """
    errors = _errors(
        inquiry,
        act_date=act_date,
        within=within,
        exclusion=exclusion,
        dispensation_ground=dispensation_ground,
        result=result,
        rejection_ground=rejection_ground,
        note=note,
    )
    if errors:
        raise ValidationError(errors)
    rejected = result == Screening.Result.REJECTED
    on = on or timezone.localdate()
    version = inquiry.version if expected_version is None else expected_version
    _classify(inquiry, rejected=rejected, on=on, expected_version=version, by=by)
    screening = Screening.objects.filter(inquiry=inquiry).first() or Screening(
        inquiry=inquiry, office_id=inquiry.office_id
    )
    screening.act_date = act_date
    screening.within = within
    screening.exclusion = exclusion
    screening.dispensation_ground = dispensation_ground
    screening.result = result
    screening.rejection_ground = rejection_ground if rejected else None
    screening.referred_elsewhere = referred_elsewhere.strip() if rejected else ""
    screening.note = note.strip()
    screening.screened_by = by
    screening.screened_at = timezone.now()
    screening.full_clean(exclude=["inquiry", "office", "screened_by"])
    screening.save()
    return screening

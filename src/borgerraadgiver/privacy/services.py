"""Writes for retention and the citizen's rights. Views, the command and tests go through here."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from borgerraadgiver.inquiries.cpr import cpr_columns
from borgerraadgiver.inquiries.models import ComplaintPoint, Inquiry, JournalEntry, Person
from borgerraadgiver.offices.models import Office, User

from .casework_texts import casework_texts_clear
from .models import ErasureRequest, LegalHold, RetentionPolicy, RetentionRecord
from .selectors import ErasurePlan, InquiryPlan, RetentionPlan, erasure_plan, retention_plan

logger = logging.getLogger(__name__)


@transaction.atomic
def retention_policy_update(*, office: Office, years_after_closing: int) -> RetentionPolicy:
    policy, _created = RetentionPolicy.objects.get_or_create(office=office)
    policy.years_after_closing = years_after_closing
    policy.updated_at = timezone.now()
    policy.full_clean()
    policy.save()
    return policy


@transaction.atomic
def legal_hold_set(*, inquiry: Inquiry, reason: str, by: User | None) -> LegalHold:
    if LegalHold.objects.active().filter(inquiry=inquiry).exists():
        raise ValidationError(_("Henvendelsen er allerede tilbageholdt."))
    if RetentionRecord.objects.filter(inquiry=inquiry).exists():
        raise ValidationError(_("Henvendelsen er allerede anonymiseret."))
    hold = LegalHold(office_id=inquiry.office_id, inquiry=inquiry, reason=reason.strip(), set_by=by)
    hold.full_clean()
    hold.save()
    return hold


@transaction.atomic
def legal_hold_release(*, hold: LegalHold, by: User | None) -> LegalHold:
    if not hold.is_active:
        raise ValidationError(_("Tilbageholdelsen er allerede ophævet."))
    hold.released_at = timezone.now()
    hold.released_by = by
    hold.full_clean()
    hold.save()
    return hold


@dataclass(frozen=True)
class RetentionResult:
    plans: list[RetentionPlan]
    dry_run: bool

    @property
    def inquiries(self) -> int:
        return sum(len(p.inquiries) for p in self.plans)

    @property
    def persons(self) -> int:
        return sum(len(p.persons) for p in self.plans)


_PERSON_BLANK = {"name": "", "address": "", "phone": "", "email": "", **cpr_columns("", None)}


def _anonymise(
    *,
    office: Office,
    inquiries: list[InquiryPlan],
    persons: list[int],
    attachment_names: list[str],
    run_on: datetime.date,
    erasure: ErasureRequest | None = None,
) -> None:
    """Remove who and what from the inquiries, and the persons' data; log it without content.

    Only the free text and who the person is go. Every column the reports
    read (dates, units, classifications, points, casework kinds, dates,
    answers and conclusions, person ids) stays as it is. Runs inside the
    caller's transaction.
    """
    ids = [p.inquiry_id for p in inquiries]
    Inquiry.objects.filter(pk__in=ids).update(account="", search_names="")
    ComplaintPoint.objects.filter(inquiry_id__in=ids).update(description="")
    JournalEntry.objects.filter(inquiry_id__in=ids).update(
        text="", attachment="", attachment_name="", attachment_type="", attachment_size=None
    )
    casework_texts_clear(ids)
    # The row stays as a pseudonymous id, so distinct-person counts do not change.
    Person.objects.filter(pk__in=persons).update(**_PERSON_BLANK)
    now = timezone.now()
    cause = RetentionRecord.Cause.ERASURE if erasure else RetentionRecord.Cause.RETENTION
    records = [
        RetentionRecord(
            office=office,
            inquiry_id=p.inquiry_id,
            inquiry_uid=p.uid,
            inquiry_reference=p.reference,
            closed=p.closed,
            run_on=run_on,
            created_at=now,
            removed=p.removed,
            cause=cause,
            erasure=erasure,
        )
        for p in inquiries
    ]
    for record in records:
        record.full_clean(exclude=["inquiry", "office", "erasure"])
    RetentionRecord.objects.bulk_create(records)
    names = list(attachment_names)
    # Files go once the rows no longer point at them; a rolled-back run keeps both.
    transaction.on_commit(lambda: _delete_files(names))


@transaction.atomic
def _retention_office(office: Office, today: datetime.date, *, dry_run: bool) -> RetentionPlan:
    # Planned inside the transaction that applies it, so nothing changes in between.
    plan = retention_plan(office, today)
    if dry_run or not plan.inquiries:
        return plan
    _anonymise(
        office=plan.office,
        inquiries=plan.inquiries,
        persons=plan.persons,
        attachment_names=plan.attachment_names,
        run_on=today,
    )
    return plan


def _delete_files(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            # The opaque storage name only: it says nothing about the citizen.
            logger.exception("Retention could not delete attachment file %s", name)


def retention_run(
    *, today: datetime.date, office: Office | None = None, dry_run: bool = False
) -> RetentionResult:
    """Anonymise the expired inquiries of one office, or of every office.

    Each office is its own transaction: an error in one leaves the others done.
    A dry run plans the same and writes nothing.
    """
    offices = [office] if office is not None else list(Office.objects.order_by("pk"))
    plans = [_retention_office(each, today, dry_run=dry_run) for each in offices]
    return RetentionResult(plans=plans, dry_run=dry_run)


@transaction.atomic
def erasure_request_register(
    *, person: Person, received: datetime.date, by: User | None
) -> ErasureRequest:
    if received > timezone.localdate():
        raise ValidationError({"received": _("Datoen ligger i fremtiden.")})
    request = ErasureRequest(
        office_id=person.office_id, person=person, received=received, created_by=by
    )
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def erasure_request_decide(
    *,
    erasure: ErasureRequest,
    decision: str,
    legal_ground: str,
    explanation: str,
    decided_on: datetime.date,
    by: User | None,
) -> ErasureRequest:
    """Record the decision. A refusal, in whole or in part, must name its legal ground.

    A grant is carried out at once, in the same transaction (`_erasure_carry_out`).
    """
    if not erasure.is_open:
        raise ValidationError(_("Anmodningen er allerede afgjort."))
    errors: dict[str, str] = {}
    if decision not in ErasureRequest.Decision.values:
        errors["decision"] = _("Vælg en afgørelse.")
    elif decision != ErasureRequest.Decision.GRANTED and not legal_ground:
        errors["legal_ground"] = _("Et afslag skal have et retsgrundlag.")
    if legal_ground == "other" and not explanation.strip():
        errors["explanation"] = _("Skriv begrundelsen, når retsgrundlaget er 'Andet'.")
    if decided_on < erasure.received:
        errors["decided_on"] = _("Afgørelsen kan ikke ligge før modtagelsen.")
    elif decided_on > timezone.localdate():
        errors["decided_on"] = _("Datoen ligger i fremtiden.")
    if errors:
        raise ValidationError(errors)
    if decision == ErasureRequest.Decision.GRANTED:
        _erasure_carry_out(erasure, run_on=decided_on)
    erasure.decision = decision
    erasure.legal_ground = legal_ground
    erasure.explanation = explanation.strip()
    erasure.decided_on = decided_on
    erasure.decided_by = by
    erasure.full_clean()
    erasure.save()
    return erasure


def _erasure_carry_out(erasure: ErasureRequest, *, run_on: datetime.date) -> ErasurePlan:
    """Anonymise the person and their inquiries as retention does, keeping every figure.

    Refused, with nothing changed, while one of the person's inquiries is on
    legal hold (the hold's reason outweighs the request until it is released;
    the office then grants again or refuses with article 17(3)(e)) or still
    open (close it first: its figures are not final). A grant of a person with
    nothing left (every inquiry already anonymised) blanks the person alone.
    """
    plan = erasure_plan(erasure.person)
    if plan.held:
        raise ValidationError(
            {
                "decision": _(
                    "Henvendelse %(references)s er tilbageholdt. Ophæv tilbageholdelsen, "
                    "eller afslå anmodningen med retsgrundlaget retskrav."
                )
                % {"references": ", ".join(plan.held)}
            }
        )
    if plan.still_open:
        raise ValidationError(
            {
                "decision": _(
                    "Henvendelse %(references)s er ikke afsluttet. Afslut den, før "
                    "sletningen imødekommes."
                )
                % {"references": ", ".join(plan.still_open)}
            }
        )
    _anonymise(
        office=erasure.person.office,
        inquiries=plan.inquiries,
        persons=[erasure.person_id],
        attachment_names=plan.attachment_names,
        run_on=run_on,
        erasure=erasure,
    )
    return plan

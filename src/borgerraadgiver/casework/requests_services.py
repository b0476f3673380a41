"""Department requests (oversendelse, anmodning om redegørelse), deadlines and pauses.

Every deadline someone waits for is a Deadline row: the department's answer
to a request (REFERRAL/STATEMENT, one per request), the advisor's reply to
the citizen (REPLY, the reply guarantee), the advisor's own promise (OTHER)
and a henstilling's follow-up (FOLLOW_UP, from the statements area). The
services here keep them right; the views only call them and write the audit
record.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from borgerraadgiver.inquiries.models import ComplaintPoint, Inquiry
from borgerraadgiver.offices.models import Office, OrgUnit, User
from borgerraadgiver.vocabularies.models import VocabularyValue
from borgerraadgiver.vocabularies.selectors import office_choices

from .anonymity import check_for_administration
from .calendar import ClosedDays, add_calendar_days, add_working_days
from .models import CasePause, CaseworkSettings, Deadline, DeadlineExtension, DepartmentRequest
from .selectors import casework_settings, office_calendar, office_closed_days

# The channels (vocabulary `channel`, by code) of a written inquiry: these get
# the reply guarantee's REPLY deadline when registered. Telephone, a visit and
# open counselling are answered there and then; a referral from the department
# or the office's own initiative is not a citizen waiting for an answer.
WRITTEN_CHANNELS = frozenset({"mail", "brev", "formular"})

# The citizen's clock: pausing the case while the advisor waits for the citizen
# stops only these. A department's duty to answer a referral or a request for
# a statement (and to report on a henstilling) runs whatever the citizen does:
# the department is not waiting for the citizen, so its deadlines never pause.
PAUSABLE_KINDS = (Deadline.Kind.REPLY, Deadline.Kind.OTHER)
DEPARTMENT_KINDS = (Deadline.Kind.REFERRAL, Deadline.Kind.STATEMENT)


def _today() -> datetime.date:
    return timezone.localdate()


def _responsible(inquiry: Inquiry, by: User | None) -> User | None:
    return inquiry.assigned_to or by


def _open_inquiry(inquiry: Inquiry) -> None:
    if not inquiry.is_open:
        raise ValidationError("Henvendelsen er afsluttet.", code="closed")


# --- department requests ---------------------------------------------------


@dataclass
class RequestData:
    kind: str
    org_unit: OrgUnit
    sent_on: datetime.date
    contact_name: str = ""
    contact_email: str = ""
    complaint: str = ""
    questions: str = ""
    citizen_consent: bool = False
    consent_date: datetime.date | None = None
    points: list[ComplaintPoint] | None = None


def request_due(office: Office, kind: str, sent_on: datetime.date) -> datetime.date:
    """A request's first deadline: working days for a referral, calendar days for a statement."""
    closed = office_closed_days(office)
    if kind == DepartmentRequest.Kind.REFERRAL:
        return add_working_days(sent_on, casework_settings(office).referral_working_days, closed)
    return add_calendar_days(sent_on, office.statement_deadline_days, closed)


def _request_errors(inquiry: Inquiry, data: RequestData) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    if data.kind not in DepartmentRequest.Kind.values:
        add("kind", "Ukendt type.")
    if data.org_unit is None or data.org_unit.office_id != inquiry.office_id:
        add("org_unit", "Vælg en enhed i kommunen.")
    if data.sent_on is None:
        add("sent_on", "Angiv datoen, hvor den blev sendt.")
    elif data.sent_on < inquiry.received:
        add("sent_on", "Datoen ligger før henvendelsen blev modtaget.")
    elif data.sent_on > _today() + datetime.timedelta(days=1):
        add("sent_on", "Datoen ligger i fremtiden.")
    for point in data.points or []:
        if point.inquiry_id != inquiry.pk:
            add("points", "Klagepunktet hører ikke til henvendelsen.")
    anonymous = inquiry.anonymous_to_administration
    if not data.citizen_consent and not anonymous:
        # Contacting the department about a named citizen needs the citizen's consent;
        # an anonymous one (checked below) goes without anything that identifies them.
        add(
            "citizen_consent",
            "Borgeren skal have givet samtykke til, at forvaltningen kontaktes.",
        )
    if data.citizen_consent and data.consent_date is None:
        add("consent_date", "Angiv datoen for borgerens samtykke.")
    if data.consent_date and data.sent_on and data.consent_date > data.sent_on:
        add("consent_date", "Samtykket skal være givet, før der sendes.")
    if anonymous:
        try:
            check_for_administration(inquiry, data.complaint, data.questions)
        except ValidationError as exc:
            errors.setdefault("complaint", []).extend(exc.messages)
    return errors


@transaction.atomic
def department_request_create(
    *, inquiry: Inquiry, data: RequestData, by: User | None = None
) -> DepartmentRequest:
    """Record a referral or a request for a statement, with its deadline."""
    _open_inquiry(inquiry)
    errors = _request_errors(inquiry, data)
    if errors:
        raise ValidationError(errors)
    request = DepartmentRequest.objects.create(
        inquiry=inquiry,
        office_id=inquiry.office_id,
        kind=data.kind,
        org_unit=data.org_unit,
        contact_name=data.contact_name.strip(),
        contact_email=data.contact_email.strip(),
        complaint=data.complaint.strip(),
        questions=data.questions.strip(),
        citizen_consent=data.citizen_consent,
        consent_date=data.consent_date if data.citizen_consent else None,
        sent_on=data.sent_on,
        created_by=by,
    )
    if data.points:
        request.points.set(data.points)
    due = request_due(inquiry.office, data.kind, data.sent_on)
    Deadline.objects.create(
        office_id=inquiry.office_id,
        inquiry=inquiry,
        kind=data.kind,  # the request's kinds are the deadline's REFERRAL / STATEMENT
        due=due,
        original_due=due,
        request=request,
        responsible=_responsible(inquiry, by),
    )
    return request


def department_answers(office: Office) -> list[VocabularyValue]:
    """The answers the office uses (vocabulary department_answer), hidden ones left out."""
    ids = [c.id for c in office_choices(office, "department_answer") if not c.is_group]
    return list(VocabularyValue.objects.filter(pk__in=ids).order_by("position", "id"))


@transaction.atomic
def department_answer_register(
    *,
    request: DepartmentRequest,
    answered_on: datetime.date,
    answer: VocabularyValue | None,
    summary: str = "",
    by: User | None = None,
) -> DepartmentRequest:
    """The department's answer: its date and result; the request's deadline is met."""
    errors: dict[str, list[str]] = {}
    if answered_on is None:
        errors["answered_on"] = ["Angiv datoen for svaret."]
    elif answered_on < request.sent_on:
        errors["answered_on"] = ["Svaret kan ikke være kommet, før der blev sendt."]
    elif answered_on > _today():
        errors["answered_on"] = ["Datoen ligger i fremtiden."]
    if answer is not None and answer.pk not in {v.pk for v in department_answers(request.office)}:
        errors["answer"] = ["Vælg et af kontorets svar."]
    if errors:
        raise ValidationError(errors)
    request.answered_on = answered_on
    request.answer = answer
    request.answer_summary = summary.strip()
    request.save(update_fields=["answered_on", "answer", "answer_summary"])
    Deadline.objects.filter(request=request).update(met_on=answered_on, paused_since=None)
    return request


# --- deadlines -------------------------------------------------------------


@transaction.atomic
def deadline_extend(
    *,
    deadline: Deadline,
    requested_on: datetime.date,
    reason: str,
    new_due: datetime.date,
    granted: bool = True,
    by: User | None = None,
) -> DeadlineExtension:
    """A request for more time: recorded either way; granted, the deadline moves."""
    errors: dict[str, list[str]] = {}
    if deadline.met_on is not None:
        errors["__all__"] = ["Fristen er allerede overholdt."]
    elif not deadline.extendable:
        # The advisor's own promises are kept or paused, not extended on request.
        errors["__all__"] = [
            "Kun forvaltningens frister kan forlænges; dine egne frister står stille, "
            "mens sagen er sat på pause."
        ]
    if not reason.strip():
        errors["reason"] = ["Angiv begrundelsen."]
    if requested_on is None:
        errors["requested_on"] = ["Angiv datoen for anmodningen."]
    if new_due is None:
        errors["new_due"] = ["Angiv den ønskede nye frist."]
    elif new_due <= deadline.due:
        errors["new_due"] = ["Den nye frist skal ligge efter den hidtidige."]
    if errors:
        raise ValidationError(errors)
    extension = DeadlineExtension.objects.create(
        deadline=deadline,
        requested_on=requested_on,
        reason=reason.strip(),
        previous_due=deadline.due,
        new_due=new_due,
        granted=granted,
        decided_by=by,
    )
    if granted:
        deadline.due = new_due
        # A new deadline is a new occasion for a reminder.
        deadline.last_reminded_on = None
        deadline.save(update_fields=["due", "last_reminded_on"])
    return extension


def deadline_mark_met(
    *, deadline: Deadline, met_on: datetime.date | None = None, by: User | None = None
) -> Deadline:
    if deadline.met_on is not None:
        raise ValidationError("Fristen er allerede overholdt.", code="met")
    deadline.met_on = met_on or _today()
    deadline.paused_since = None
    deadline.save(update_fields=["met_on", "paused_since"])
    return deadline


def deadline_add(
    *, inquiry: Inquiry, label: str, due: datetime.date, by: User | None = None
) -> Deadline:
    """The advisor's own promise (kind OTHER), tracked like any other deadline."""
    _open_inquiry(inquiry)
    errors: dict[str, list[str]] = {}
    if not label.strip():
        errors["label"] = ["Skriv, hvad fristen gælder."]
    if due is None:
        errors["due"] = ["Angiv fristen."]
    elif due < _today():
        errors["due"] = ["Fristen ligger i fortiden."]
    if errors:
        raise ValidationError(errors)
    paused = inquiry.pauses.filter(ended__isnull=True).exists()
    return Deadline.objects.create(
        office_id=inquiry.office_id,
        inquiry=inquiry,
        kind=Deadline.Kind.OTHER,
        label=label.strip(),
        due=due,
        original_due=due,
        paused_since=_today() if paused else None,
        responsible=_responsible(inquiry, by),
    )


def is_written(inquiry: Inquiry) -> bool:
    channel = inquiry.channel
    return channel is not None and channel.code in WRITTEN_CHANNELS


def reply_deadline_ensure(inquiry: Inquiry, by: User | None = None) -> Deadline | None:
    """The reply guarantee: a written, open inquiry gets its REPLY deadline (once).

    Called when an inquiry is registered. A closed one (an import of last
    year's cases) has been answered already.
    """
    if not inquiry.is_open or not is_written(inquiry):
        return None
    existing = inquiry.deadlines.filter(kind=Deadline.Kind.REPLY).first()
    if existing is not None:
        return existing
    office = inquiry.office
    due = add_working_days(
        inquiry.received, casework_settings(office).reply_working_days, office_closed_days(office)
    )
    return Deadline.objects.create(
        office_id=inquiry.office_id,
        inquiry=inquiry,
        kind=Deadline.Kind.REPLY,
        due=due,
        original_due=due,
        responsible=_responsible(inquiry, by),
    )


# --- pauses ----------------------------------------------------------------


def open_pause(inquiry: Inquiry) -> CasePause | None:
    return inquiry.pauses.filter(ended__isnull=True).first()


@transaction.atomic
def pause_start(
    *, inquiry: Inquiry, reason: str = "", on: datetime.date | None = None, by: User | None = None
) -> CasePause:
    """Stop the citizen's clock while the advisor waits for the citizen."""
    _open_inquiry(inquiry)
    if open_pause(inquiry) is not None:
        raise ValidationError("Sagen er allerede sat på pause.", code="paused")
    on = on or _today()
    pause = CasePause.objects.create(
        inquiry=inquiry, started=on, reason=reason.strip()[:200], created_by=by
    )
    inquiry.deadlines.filter(
        kind__in=PAUSABLE_KINDS, met_on__isnull=True, paused_since__isnull=True
    ).update(paused_since=on)
    return pause


def working_days_between(start: datetime.date, end: datetime.date, closed: ClosedDays) -> int:
    """Working days from start (included) up to end (excluded)."""
    n = 0
    day = start
    while day < end:
        if day not in closed:
            n += 1
        day += datetime.timedelta(days=1)
    return n


@transaction.atomic
def pause_end(
    *, inquiry: Inquiry, on: datetime.date | None = None, by: User | None = None
) -> CasePause:
    """Resume: each paused deadline moves on by the working days it was paused."""
    pause = open_pause(inquiry)
    if pause is None:
        raise ValidationError("Sagen er ikke sat på pause.", code="not_paused")
    on = max(on or _today(), pause.started)
    pause.ended = on
    pause.save(update_fields=["ended"])
    closed = office_closed_days(inquiry.office)
    for deadline in inquiry.deadlines.filter(paused_since__isnull=False, met_on__isnull=True):
        lost = working_days_between(deadline.paused_since, on, closed)
        if lost:
            deadline.due = add_working_days(deadline.due, lost, closed)
            deadline.last_reminded_on = None
        deadline.paused_since = None
        deadline.save(update_fields=["due", "paused_since", "last_reminded_on"])
    return pause


# --- settings --------------------------------------------------------------


@dataclass
class SettingsData:
    reply_working_days: int
    referral_working_days: int
    statement_deadline_days: int
    limitation_months: int
    remind_days_before: int
    closed_grundlovsdag: bool
    closed_christmas_eve: bool
    closed_new_years_eve: bool
    closed_may_day: bool


@transaction.atomic
def casework_settings_update(*, office: Office, data: SettingsData) -> CaseworkSettings:
    """Save the office's deadlines and closed days. Existing deadlines keep their dates."""
    rules = casework_settings(office)
    rules.reply_working_days = data.reply_working_days
    rules.referral_working_days = data.referral_working_days
    rules.limitation_months = data.limitation_months
    rules.remind_days_before = data.remind_days_before
    rules.full_clean()
    rules.save()
    office.statement_deadline_days = data.statement_deadline_days
    office.save(update_fields=["statement_deadline_days"])
    calendar = office_calendar(office)
    calendar.closed_grundlovsdag = data.closed_grundlovsdag
    calendar.closed_christmas_eve = data.closed_christmas_eve
    calendar.closed_new_years_eve = data.closed_new_years_eve
    calendar.closed_may_day = data.closed_may_day
    calendar.save()
    return rules


def points_of(inquiry: Inquiry, ids: Iterable[int]) -> list[ComplaintPoint]:
    return list(inquiry.points.filter(pk__in=list(ids)))

"""The daily reminders: deadlines coming due, and chases of overdue department answers.

`borgerraadgiver send_reminders` (run daily by a timer) plans them here and
enqueues each e-mail (casework.tasks.send_email).

- An open deadline due within `remind_days_before` working days (today
  included), or overdue: a reminder to the responsible advisor.
- An overdue answer to a referral or a request for a statement: a chase to
  the department's contact person, with a copy to the advisor.

No e-mail names the citizen: the advisor finds the case by its journal
number. A chase for a citizen anonymous towards the administration is
checked (check_for_administration) like every text that leaves the office.
A deadline is reminded of at most once a day (`last_reminded_on`).
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field

from django.db import transaction

from borgerraadgiver.offices.models import Office

from .anonymity import check_for_administration
from .calendar import add_working_days
from .deadline_selectors import open_deadlines_until
from .models import Deadline
from .requests_services import DEPARTMENT_KINDS
from .selectors import casework_settings, office_closed_days
from .tasks import send_email

REMINDER = "reminder"
OVERDUE = "overdue"
CHASE = "chase"


@dataclass
class PlannedMail:
    deadline_id: int
    kind: str
    office: str
    recipient: str
    reference: str
    due: datetime.date
    subject: str
    body: str
    cc: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["due"] = self.due.isoformat()
        del data["body"]
        return data


def _d(day: datetime.date) -> str:
    return f"{day:%d.%m.%Y}"


def _department(deadline: Deadline) -> str:
    if deadline.request is not None:
        return deadline.request.org_unit.name
    if deadline.statement is not None:
        return deadline.statement.point.org_unit.name
    return ""


def _advisor_mail(deadline: Deadline, kind: str, email: str, today: datetime.date) -> PlannedMail:
    # The kind, never an own deadline's label: that is free text the advisor
    # wrote (it may name the citizen), and the mail waits in the task table.
    what = deadline.get_kind_display()
    reference = deadline.inquiry.reference
    unit = _department(deadline)
    if kind == OVERDUE:
        subject = f"Frist overskredet {_d(deadline.due)}: henvendelse {reference}"
        first = f'Fristen for "{what}" i henvendelse {reference} var {_d(deadline.due)}.'
    else:
        when = "i dag" if deadline.due == today else _d(deadline.due)
        subject = f"Frist {when}: henvendelse {reference}"
        first = f'Fristen for "{what}" i henvendelse {reference} er {when}.'
    lines = [first]
    if unit:
        lines.append(f"Du venter på {unit}.")
    elif deadline.kind in (Deadline.Kind.REPLY, Deadline.Kind.OTHER):
        lines.append("Borgeren venter på dig.")
    lines += ["", "Find sagen i Borgerrådgiver under journalnummeret."]
    return PlannedMail(
        deadline_id=deadline.pk,
        kind=kind,
        office=deadline.office.slug,
        recipient=email,
        reference=reference,
        due=deadline.due,
        subject=subject,
        body="\n".join(lines),
    )


def _chase_mail(deadline: Deadline, advisor_email: str) -> PlannedMail:
    """To the department: the journal number and the deadline, nothing about the citizen."""
    request = deadline.request
    assert request is not None  # nosec B101 - department kinds always have their request
    reference = deadline.inquiry.reference
    what = (
        "svar på vores oversendelse" if deadline.kind == Deadline.Kind.REFERRAL else "redegørelse"
    )
    subject = f"Rykker: {what}, Borgerrådgiverens j.nr. {reference}"
    greeting = f"Kære {request.contact_name}" if request.contact_name else "Til rette vedkommende"
    body = "\n".join(
        [
            f"{greeting},",
            "",
            f"Fristen for {what} i Borgerrådgiverens sag med journalnummer {reference} "
            f"var {_d(deadline.due)}.",
            "Vi har endnu ikke modtaget svaret og beder om det snarest, eller om en "
            "begrundet anmodning om fristforlængelse.",
            "",
            "Med venlig hilsen",
            f"Borgerrådgiveren, {deadline.office.name}",
        ]
    )
    check_for_administration(deadline.inquiry, subject, body)
    return PlannedMail(
        deadline_id=deadline.pk,
        kind=CHASE,
        office=deadline.office.slug,
        recipient=request.contact_email,
        reference=reference,
        due=deadline.due,
        subject=subject,
        body=body,
        cc=[advisor_email] if advisor_email else [],
    )


def _advisor_email(deadline: Deadline) -> str:
    advisor = deadline.responsible or deadline.inquiry.assigned_to
    return advisor.email if advisor is not None and advisor.is_active else ""


def plan_reminders(offices: list[Office], today: datetime.date) -> list[PlannedMail]:
    """What the day's run sends, in due order; nothing is changed."""
    planned: list[PlannedMail] = []
    for office in offices:
        rules = casework_settings(office)
        closed = office_closed_days(office)
        n = rules.remind_days_before
        horizon = add_working_days(today, n, closed) if n else today
        for deadline in open_deadlines_until([office.pk], horizon):
            if deadline.last_reminded_on == today:
                continue
            advisor_email = _advisor_email(deadline)
            overdue = deadline.due < today
            contact = deadline.request.contact_email if deadline.request is not None else ""
            if overdue and deadline.kind in DEPARTMENT_KINDS and contact:
                planned.append(_chase_mail(deadline, advisor_email))
            elif advisor_email:
                planned.append(
                    _advisor_mail(deadline, OVERDUE if overdue else REMINDER, advisor_email, today)
                )
    return planned


def send_reminders(planned: list[PlannedMail], today: datetime.date) -> int:
    """Enqueue each planned e-mail and mark its deadline reminded today."""
    sent = 0
    for mail in planned:
        with transaction.atomic():
            # Claimed first: a second run the same day (or one running alongside) skips it.
            claimed = (
                Deadline.objects.filter(pk=mail.deadline_id)
                .exclude(last_reminded_on=today)
                .update(last_reminded_on=today)
            )
            if not claimed:
                continue
            send_email.enqueue(mail.subject, mail.body, [mail.recipient], mail.cc)
        sent += 1
    return sent

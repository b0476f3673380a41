"""Repeat contacts: a citizen who calls again about a matter the office already has.

While registering, once a known person and an org unit are chosen, the
person's inquiries about the same org unit that are open, or were closed in
the last six months, are offered; the new contact can be added to one of
them as a journal entry instead of becoming a new inquiry.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from borgerraadgiver.offices.models import Office, User
from borgerraadgiver.vocabularies.models import VocabularyValue

from .models import Inquiry, JournalEntry, Person
from .services import journal_entry_add

# "Closed within the last 6 months", counted back from today.
RECENT_MONTHS = 6
MAX_CANDIDATES = 10
# The journal entry a repeat contact becomes, by the channel it came by.
KIND_BY_CHANNEL = {
    "telefon": JournalEntry.Kind.PHONE,
    "fremmoede": JournalEntry.Kind.MEETING,
    "aaben_raadgivning": JournalEntry.Kind.MEETING,
}


def recent_since(today: datetime.date) -> datetime.date:
    """Six months before `today`, on the same day (or the month's last day)."""
    # Imported here: inquiries must not depend on casework at import time.
    from borgerraadgiver.casework.screening import limitation_end

    return limitation_end(today, -RECENT_MONTHS)


def repeat_candidates(
    *,
    office: Office,
    person: Person | None,
    org_unit_id: int | None,
    today: datetime.date | None = None,
) -> list[Inquiry]:
    """The person's inquiries about this org unit, open or closed within six months.

    Open ones first, then the most recently received; none without a known
    person and a unit (a newly typed person has no history to match).
    """
    if person is None or org_unit_id is None or person.office_id != office.pk:
        return []
    since = recent_since(today or timezone.localdate())
    return list(
        Inquiry.objects.filter(office=office, person=person, org_unit_id=org_unit_id)
        .filter(Q(status=Inquiry.Status.OPEN) | Q(closed__gte=since))
        .select_related("org_unit")
        .annotate(
            closed_rank=Case(
                When(status=Inquiry.Status.OPEN, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("closed_rank", "-received", "-id")[:MAX_CANDIDATES]
    )


def repeat_contact_add(
    *,
    inquiry: Inquiry,
    person: Person | None,
    occurred: datetime.date,
    channel: VocabularyValue | None,
    account: str,
    by: User | None,
) -> JournalEntry:
    """Add the new contact to `inquiry`'s journal: only to one of the person's candidates."""
    candidates = repeat_candidates(
        office=inquiry.office, person=person, org_unit_id=inquiry.org_unit_id
    )
    if inquiry not in candidates:
        raise ValidationError(
            "Henvendelsen hører ikke til den valgte person og enhed. Vælg en af de viste."
        )
    kind = KIND_BY_CHANNEL.get(channel.code if channel else "", JournalEntry.Kind.MAIL_IN)
    how = f" ({channel.label.lower()})" if channel else ""
    text = f"Ny henvendelse fra borgeren{how}.\n\n{account.strip()}".strip()
    return journal_entry_add(inquiry=inquiry, kind=kind, occurred=occurred, text=text, by=by)

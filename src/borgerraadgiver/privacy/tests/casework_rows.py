"""Casework rows with free text on an inquiry, for the retention, erasure and wall tests."""

from __future__ import annotations

import datetime
from typing import Any

from borgerraadgiver.casework.models import (
    CasePause,
    Deadline,
    DeadlineExtension,
    DepartmentRequest,
    Letter,
    PointStatement,
    Screening,
)
from borgerraadgiver.inquiries.models import Inquiry, JournalEntry
from borgerraadgiver.offices.models import User

# Each free text the casework tables hold about the citizen, as written on the case.
TEXTS = {
    "screening_note": "Borgeren klager over afgørelsen om hjemmehjælp",
    "referred_elsewhere": "Ankestyrelsen, hvis borgeren vil have afgørelsen prøvet",
    "complaint": "Borgeren har ventet fire måneder på svar om sin datter",
    "questions": "Hvorfor er borgerens ansøgning ikke behandlet?",
    "answer_summary": "Forvaltningen beklager og behandler sagen nu",
    "reasons": "Sagsbehandlingstiden var urimelig lang for borgerens familie",
    "recommendation": "Forvaltningen bør svare borgeren inden 14 dage",
    "follow_up_note": "Forvaltningen har svaret borgeren",
    "extension_reason": "Sagsbehandleren er syg",
    "pause_reason": "Venter på borgerens lægeerklæring",
    "deadline_label": "Ring til borgeren om datteren",
    "email_to": "borger.privat@example.dk",
}


def make_casework(inquiry: Inquiry, *, by: User | None) -> dict[str, Any]:
    """One row of each casework table on the inquiry, every free text filled in.

    The statement needs a complaint point without one: an inquiry with no such
    point gets no statement.
    """
    office = inquiry.office
    # A point with no statement yet (the demo gives some theirs).
    point = inquiry.points.filter(statement__isnull=True).order_by("position").first()
    day = datetime.date(2025, 1, 20)
    screening = Screening.objects.create(
        inquiry=inquiry,
        office=office,
        act_date=datetime.date(2024, 12, 1),
        result=Screening.Result.WITHIN,
        note=TEXTS["screening_note"],
        referred_elsewhere=TEXTS["referred_elsewhere"],
        screened_by=by,
    )
    request = DepartmentRequest.objects.create(
        inquiry=inquiry,
        office=office,
        kind=DepartmentRequest.Kind.STATEMENT,
        org_unit=inquiry.org_unit,
        contact_name="Sagsbehandler Hansen",
        complaint=TEXTS["complaint"],
        questions=TEXTS["questions"],
        citizen_consent=True,
        consent_date=day,
        sent_on=day,
        answered_on=day + datetime.timedelta(days=10),
        answer_summary=TEXTS["answer_summary"],
        created_by=by,
    )
    if point is not None:
        request.points.add(point)
    statement = (
        None
        if point is None
        else PointStatement.objects.create(
            point=point,
            office=office,
            perspectives=["legal"],
            reasons=TEXTS["reasons"],
            recommendation=TEXTS["recommendation"],
            decided_on=day + datetime.timedelta(days=20),
            follow_up=PointStatement.FollowUp.FOLLOWED,
            follow_up_reported_on=day + datetime.timedelta(days=30),
            follow_up_note=TEXTS["follow_up_note"],
            decided_by=by,
        )
    )
    deadline = Deadline.objects.create(
        office=office,
        inquiry=inquiry,
        kind=Deadline.Kind.STATEMENT,
        label=TEXTS["deadline_label"],
        due=day + datetime.timedelta(days=14),
        original_due=day + datetime.timedelta(days=10),
        met_on=day + datetime.timedelta(days=10),
        request=request,
        responsible=by,
    )
    extension = DeadlineExtension.objects.create(
        deadline=deadline,
        requested_on=day + datetime.timedelta(days=5),
        reason=TEXTS["extension_reason"],
        previous_due=day + datetime.timedelta(days=10),
        new_due=day + datetime.timedelta(days=14),
        decided_by=by,
    )
    pause = CasePause.objects.create(
        inquiry=inquiry,
        started=day,
        ended=day + datetime.timedelta(days=3),
        reason=TEXTS["pause_reason"],
        created_by=by,
    )
    entry = JournalEntry.objects.create(
        inquiry=inquiry, kind=JournalEntry.Kind.NOTE, occurred=day, text="Brev sendt", created_by=by
    )
    letter = Letter.objects.create(
        inquiry=inquiry,
        office=office,
        kind="statement",
        recipient=Letter.Recipient.CITIZEN,
        request=request,
        journal_entry=entry,
        email_to=TEXTS["email_to"],
        created_by=by,
    )
    return {
        "screening": screening,
        "request": request,
        "statement": statement,
        "deadline": deadline,
        "extension": extension,
        "pause": pause,
        "letter": letter,
        "point": point,
    }

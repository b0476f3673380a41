"""Casework for the demo office: what its registrations imply happened.

An inquiry handled as a referral or an examination had a request to its
department, answered (or still awaited, some of them late) and, for an
examination, statements on its points with the follow-up of a henstilling.
The advisor answered the written inquiries: their reply deadlines are met,
except the most recent ones. Seeded and repeatable like the rest of the demo.
"""

from __future__ import annotations

import datetime
import random

from borgerraadgiver.inquiries.models import Inquiry
from borgerraadgiver.offices.models import Office, OrgUnit, User
from borgerraadgiver.vocabularies.models import VocabularyValue

from .models import Deadline, DepartmentRequest, PointStatement
from .requests_services import request_due

REFERRAL_HANDLINGS = ("oversendelse", "oversendelse_uddybende", "dialog_med_afdeling")
EXAMINATION_HANDLING = "undersoegelse"
CONTACTS = ("Mette Holm", "Lars Bech", "Susanne Krogh", "Peter Dahl", "Hanne Vinther")
# The answers, weighted as the seeds' departments answer: mostly no medhold.
ANSWER_WEIGHTS = {
    "fuldt_medhold": 3,
    "delvist_medhold": 3,
    "ikke_medhold": 6,
    "beklagelse": 2,
    "uafklaret": 1,
}
QUESTIONS = (
    "Hvornår kan borgeren forvente en afgørelse?\n"
    "Er borgeren blevet partshørt, og hvis ikke: hvorfor?"
)
# Examined points: most without criticism, as in the seeds' statements.
CONCLUSION_WEIGHTS = {"kritik": 2, "henstilling": 2, "ingen_kritik": 5}
REASONS = {
    "kritik": "Forvaltningen har ikke overholdt forvaltningslovens krav til begrundelse.",
    "henstilling": "Sagsbehandlingstiden har været længere end den udmeldte.",
    "ingen_kritik": "Sagen er behandlet i overensstemmelse med reglerne.",
}


def _top(unit: OrgUnit, units: dict[int, OrgUnit]) -> OrgUnit:
    while unit.parent_id is not None and unit.parent_id in units:
        unit = units[unit.parent_id]
    return unit


def _contact(rng: random.Random, office: Office) -> tuple[str, str]:
    name = rng.choice(CONTACTS)
    first, last = name.lower().split()
    return name, f"{first}.{last}@{office.slug}.dk"


def _requests(
    office: Office, user: User, rng: random.Random, today: datetime.date
) -> list[DepartmentRequest]:
    units = {u.pk: u for u in OrgUnit.objects.filter(office=office)}
    answers = {
        v.code: v for v in VocabularyValue.objects.filter(vocabulary__code="department_answer")
    }
    codes = [c for c in ANSWER_WEIGHTS if c in answers]
    weights = [ANSWER_WEIGHTS[c] for c in codes]
    inquiries = (
        Inquiry.objects.filter(
            office=office, handling__code__in=(*REFERRAL_HANDLINGS, EXAMINATION_HANDLING)
        )
        .select_related("org_unit", "handling")
        .order_by("received", "pk")
    )
    made = []
    for inquiry in inquiries:
        if units[inquiry.org_unit_id].external:
            continue
        sent = inquiry.received + datetime.timedelta(days=rng.randint(1, 4))
        if sent > today:
            continue
        kind = (
            DepartmentRequest.Kind.STATEMENT
            if inquiry.handling.code == EXAMINATION_HANDLING
            else DepartmentRequest.Kind.REFERRAL
        )
        due = request_due(office, kind, sent)
        took = rng.choice((3, 5, 8, 10, 14, 19, 25, 33))
        answered: datetime.date | None = sent + datetime.timedelta(days=took)
        if inquiry.closed is not None:
            answered = max(sent, min(answered, inquiry.closed))
        elif answered > today or rng.random() < 0.3:
            answered = None  # still awaited; some of these are late by now
        name, email = _contact(rng, office)
        request = DepartmentRequest.objects.create(
            inquiry=inquiry,
            office=office,
            kind=kind,
            org_unit=_top(units[inquiry.org_unit_id], units),
            contact_name=name,
            contact_email=email,
            complaint="Borgeren klager over sagsbehandlingstiden og manglende svar.",
            questions=QUESTIONS,
            citizen_consent=True,
            consent_date=inquiry.received,
            sent_on=sent,
            answered_on=answered,
            answer=answers[rng.choices(codes, weights)[0]] if answered and codes else None,
            created_by=user,
        )
        Deadline.objects.create(
            office=office,
            inquiry=inquiry,
            kind=kind,
            due=due,
            original_due=due,
            met_on=answered,
            request=request,
            responsible=user,
        )
        made.append(request)
    return made


def _statements(
    requests: list[DepartmentRequest], user: User, rng: random.Random, today: datetime.date
) -> None:
    conclusions = {v.code: v for v in VocabularyValue.objects.filter(vocabulary__code="conclusion")}
    codes = [c for c in CONCLUSION_WEIGHTS if c in conclusions]
    weights = [CONCLUSION_WEIGHTS[c] for c in codes]
    for request in requests:
        inquiry = request.inquiry
        if request.kind != DepartmentRequest.Kind.STATEMENT or request.answered_on is None:
            continue
        if not codes:
            return
        decided = inquiry.closed or min(today, request.answered_on + datetime.timedelta(days=7))
        for point in inquiry.points.all():
            code = rng.choices(codes, weights)[0]
            point.conclusion = conclusions[code]
            point.save(update_fields=["conclusion"])
            recommendation = ""
            follow_up = PointStatement.FollowUp.NONE
            if code == "henstilling":
                recommendation = "Forvaltningen bør give borgerne besked, når en frist ikke holdes."
                follow_up = PointStatement.FollowUp.PENDING
            statement = PointStatement.objects.create(
                point=point,
                office_id=point.office_id,
                perspectives=["legal"] if code != "henstilling" else ["legal", "ethical"],
                reasons=REASONS[code],
                recommendation=recommendation,
                decided_on=decided,
                follow_up=follow_up,
                decided_by=user,
            )
            if follow_up != PointStatement.FollowUp.PENDING:
                continue
            due = decided + datetime.timedelta(days=90)
            if due < today - datetime.timedelta(days=30):
                # Long since reported on by the department.
                statement.follow_up = rng.choice(
                    (PointStatement.FollowUp.FOLLOWED, PointStatement.FollowUp.NOT_FOLLOWED)
                )
                statement.follow_up_reported_on = due
                statement.save(update_fields=["follow_up", "follow_up_reported_on"])
            Deadline.objects.create(
                office_id=point.office_id,
                inquiry=inquiry,
                kind=Deadline.Kind.FOLLOW_UP,
                due=due,
                original_due=due,
                met_on=statement.follow_up_reported_on,
                statement=statement,
                responsible=user,
            )


def demo_casework(office: Office, user: User, rng: random.Random, today: datetime.date) -> None:
    """Requests, answers, statements and met reply deadlines for the demo's inquiries."""
    requests = _requests(office, user, rng, today)
    _statements(requests, user, rng, today)
    # The advisor answered the written inquiries in time, but for the last days' ones.
    recent = today - datetime.timedelta(days=5)
    for deadline in Deadline.objects.filter(
        office=office, kind=Deadline.Kind.REPLY, met_on__isnull=True, inquiry__received__lt=recent
    ).select_related("inquiry"):
        deadline.met_on = min(deadline.due, deadline.inquiry.received + datetime.timedelta(days=6))
        deadline.save(update_fields=["met_on"])

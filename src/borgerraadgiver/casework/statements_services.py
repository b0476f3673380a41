"""Writing statements (udtalelser): the conclusion per complaint point, its
reasons, the follow-up of a henstilling, and the inquiry's outcome.

The conclusion and the grade of criticism are stored on the complaint point,
where the annual report counts them; the reasoning and the follow-up on its
PointStatement. The dialogue rule (statements_selectors) is checked here for
every conclusion that becomes kritik or henstilling.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from borgerraadgiver.inquiries.models import ComplaintPoint, Inquiry
from borgerraadgiver.offices.models import User
from borgerraadgiver.vocabularies.models import VocabularyValue

from .models import Deadline, PointStatement
from .statements_selectors import CRITICISM_CODES, FOLLOW_UP_CODES, point_dialogue

PERSPECTIVES = frozenset(PointStatement.Perspective.values)


def _check_value(point: ComplaintPoint, code: str, value: VocabularyValue | None) -> None:
    if value is None:
        return
    if value.vocabulary.code != code or value.office_id not in (None, point.office_id):
        raise ValidationError({code: "Vælg en værdi fra listen."})


def _bump_version(inquiry_id: int) -> None:
    # An edit form opened before this change must not silently write the old conclusion back.
    Inquiry.objects.filter(pk=inquiry_id).update(
        version=F("version") + 1, updated_at=timezone.now()
    )


def _validate(
    *,
    point: ComplaintPoint,
    conclusion: VocabularyValue | None,
    criticism_grade: VocabularyValue | None,
    perspectives: list[str],
    recommendation: str,
    decided_on: datetime.date | None,
    follow_up_due: datetime.date | None,
    today: datetime.date,
) -> None:
    errors: dict[str, list[str]] = {}
    for code, value in (("conclusion", conclusion), ("criticism_grade", criticism_grade)):
        try:
            _check_value(point, code, value)
        except ValidationError as exc:
            errors.setdefault(code, []).extend(exc.messages)
    if set(perspectives) - PERSPECTIVES:
        errors.setdefault("perspectives", []).append("Vælg perspektiverne fra listen.")
    if conclusion is None:
        errors.setdefault("conclusion", []).append("Vælg udtalelsens konklusion.")
    elif criticism_grade is not None and conclusion.code != "kritik":
        errors.setdefault("criticism_grade", []).append("Kritikkens grad angives kun ved kritik.")
    if decided_on is not None and decided_on > today:
        errors.setdefault("decided_on", []).append("Datoen ligger i fremtiden.")
    needs_follow_up = (
        conclusion is not None and conclusion.code in FOLLOW_UP_CODES
    ) or recommendation.strip()
    if needs_follow_up and follow_up_due is None:
        errors.setdefault("follow_up_due", []).append(
            "Angiv en opfølgningsdato: en henstilling eller anbefaling følges op."
        )
    if follow_up_due is not None and decided_on is not None and follow_up_due < decided_on:
        errors.setdefault("follow_up_due", []).append("Opfølgningsdatoen ligger før udtalelsen.")
    changed = conclusion is not None and conclusion.pk != point.conclusion_id
    if changed and conclusion is not None and conclusion.code in CRITICISM_CODES:
        dialogue = point_dialogue(point, today)
        if not dialogue.met:
            errors.setdefault("conclusion", []).append(dialogue.reason)
    if errors:
        raise ValidationError(errors)


def _follow_up_set(
    statement: PointStatement,
    *,
    due: datetime.date | None,
    needed: bool,
    responsible: User | None,
) -> None:
    """Keep the FOLLOW_UP deadline in step with the statement (the worklist reads it)."""
    deadline = Deadline.objects.filter(statement=statement).first()
    reported = statement.follow_up in (
        PointStatement.FollowUp.FOLLOWED,
        PointStatement.FollowUp.NOT_FOLLOWED,
    )
    if not needed or due is None:
        if deadline is not None and deadline.met_on is None:
            deadline.delete()
        if not reported:
            statement.follow_up = PointStatement.FollowUp.NONE
        return
    if reported:
        # The department has reported: the follow-up is done, a new date changes nothing.
        return
    statement.follow_up = PointStatement.FollowUp.PENDING
    point = statement.point
    if deadline is None:
        deadline = Deadline(
            office_id=statement.office_id,
            inquiry_id=point.inquiry_id,
            kind=Deadline.Kind.FOLLOW_UP,
            statement=statement,
            original_due=due,
            due=due,
        )
    elif deadline.due != due:
        deadline.due = due
    deadline.label = f"Opfølgning på klagepunkt {point.position}"
    deadline.responsible = responsible
    deadline.full_clean()
    deadline.save()


@transaction.atomic
def statement_save(
    *,
    point: ComplaintPoint,
    by: User | None,
    conclusion: VocabularyValue | None,
    criticism_grade: VocabularyValue | None = None,
    perspectives: list[str] | None = None,
    reasons: str = "",
    recommendation: str = "",
    decided_on: datetime.date | None = None,
    follow_up_due: datetime.date | None = None,
    today: datetime.date | None = None,
) -> PointStatement:
    """Write the statement on one complaint point; raises ValidationError keyed by field."""
    today = today or timezone.localdate()
    decided_on = decided_on or today
    perspectives = list(dict.fromkeys(perspectives or []))
    # Locks the point: two advisors saving at once do not both pass the checks.
    point = ComplaintPoint.objects.select_for_update().select_related("org_unit").get(pk=point.pk)
    _validate(
        point=point,
        conclusion=conclusion,
        criticism_grade=criticism_grade,
        perspectives=perspectives,
        recommendation=recommendation,
        decided_on=decided_on,
        follow_up_due=follow_up_due,
        today=today,
    )
    point.conclusion = conclusion
    point.criticism_grade = criticism_grade if conclusion and conclusion.code == "kritik" else None
    point.save(update_fields=["conclusion", "criticism_grade"])
    statement = PointStatement.objects.filter(point=point).first() or PointStatement(
        point=point, office_id=point.office_id
    )
    statement.point = point
    statement.perspectives = perspectives
    statement.reasons = reasons.strip()
    statement.recommendation = recommendation.strip()
    statement.decided_on = decided_on
    statement.decided_by = by
    statement.updated_at = timezone.now()
    needed = bool(
        (conclusion is not None and conclusion.code in FOLLOW_UP_CODES) or statement.recommendation
    )
    if statement.pk is None:
        statement.full_clean(exclude=["point"])
        statement.save()
    inquiry = Inquiry.objects.only("assigned_to").get(pk=point.inquiry_id)
    _follow_up_set(
        statement,
        due=follow_up_due,
        needed=needed,
        responsible=inquiry.assigned_to or by,
    )
    statement.full_clean(exclude=["point"])
    statement.save()
    _bump_version(point.inquiry_id)
    return statement


@transaction.atomic
def statement_follow_up_report(
    *,
    statement: PointStatement,
    followed: bool,
    reported_on: datetime.date,
    note: str = "",
    by: User | None = None,
    today: datetime.date | None = None,
) -> PointStatement:
    """The department's report that the henstilling is, or is not, followed: meets the deadline."""
    today = today or timezone.localdate()
    statement = PointStatement.objects.select_for_update().get(pk=statement.pk)
    errors: dict[str, list[str]] = {}
    if statement.follow_up == PointStatement.FollowUp.NONE:
        errors["__all__"] = ["Udtalelsen har ingen henstilling eller anbefaling at følge op på."]
    if reported_on > today:
        errors.setdefault("reported_on", []).append("Datoen ligger i fremtiden.")
    elif statement.decided_on is not None and reported_on < statement.decided_on:
        errors.setdefault("reported_on", []).append("Datoen ligger før udtalelsen.")
    if errors:
        raise ValidationError(errors)
    statement.follow_up = (
        PointStatement.FollowUp.FOLLOWED if followed else PointStatement.FollowUp.NOT_FOLLOWED
    )
    statement.follow_up_reported_on = reported_on
    statement.follow_up_note = note.strip()
    statement.updated_at = timezone.now()
    statement.full_clean(exclude=["point"])
    statement.save()
    Deadline.objects.filter(statement=statement, met_on__isnull=True).update(met_on=reported_on)
    return statement


@transaction.atomic
def inquiry_statement_given(*, inquiry: Inquiry, by: User | None = None) -> Inquiry:
    """Set the outcome "udtalelse afgivet" once every point has its conclusion (no closing)."""
    points = list(inquiry.points.values_list("conclusion_id", flat=True))
    if not points or not all(points):
        raise ValidationError("Alle klagepunkter skal have en udtalelse først.")
    value = (
        VocabularyValue.objects.for_office(inquiry.office)
        .filter(vocabulary__code="outcome", code="udtalelse_afgivet")
        .first()
    )
    if value is None:
        raise ValidationError("Kontoret har ikke udfaldet »Udtalelse afgivet«.")
    Inquiry.objects.filter(pk=inquiry.pk).update(
        outcome=value, version=F("version") + 1, updated_at=timezone.now()
    )
    inquiry.refresh_from_db(fields=["outcome", "version", "updated_at"])
    return inquiry

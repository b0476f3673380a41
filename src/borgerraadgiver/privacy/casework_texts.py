"""The casework tables' free text, as retention and a granted erasure clear it.

Only what a person wrote or was written about goes: the complaint as
forwarded, the questions, the summaries, the reasons, the notes, a deadline's
own label and the address a letter was e-mailed to. The kinds, dates, answers,
conclusions, follow-up states and the links between the rows stay, so every
figure the reports count from them is unchanged. A letter's document is a
journal attachment and goes with the journal. The department's contact person
is the municipality's staff, not the citizen, and stays.
"""

from __future__ import annotations

from django.db.models import Count, Model, Q

from borgerraadgiver.casework.models import (
    CasePause,
    Deadline,
    DeadlineExtension,
    DepartmentRequest,
    Letter,
    PointStatement,
    Screening,
)

# Model, the path from it to its inquiry's id, and its free-text fields.
CASEWORK_TEXTS: list[tuple[type[Model], str, tuple[str, ...]]] = [
    (Screening, "inquiry_id", ("note", "referred_elsewhere")),
    (DepartmentRequest, "inquiry_id", ("complaint", "questions", "answer_summary")),
    (PointStatement, "point__inquiry_id", ("reasons", "recommendation", "follow_up_note")),
    (Deadline, "inquiry_id", ("label",)),
    (DeadlineExtension, "deadline__inquiry_id", ("reason",)),
    (CasePause, "inquiry_id", ("reason",)),
    (Letter, "inquiry_id", ("email_to",)),
]


def _has_text(fields: tuple[str, ...]) -> Q:
    condition = Q()
    for name in fields:
        condition |= ~Q(**{name: ""})
    return condition


def casework_text_counts(inquiry_ids: list[int]) -> dict[int, int]:
    """Per inquiry: how many casework rows hold free text (counts, never the text)."""
    counts: dict[int, int] = {}
    for model, key, fields in CASEWORK_TEXTS:
        rows = (
            model.objects.filter(**{f"{key}__in": inquiry_ids})  # type: ignore[attr-defined]
            .filter(_has_text(fields))
            .values(key)
            .annotate(n=Count("pk"))
        )
        for row in rows:
            counts[row[key]] = counts.get(row[key], 0) + row["n"]
    return counts


def casework_texts_clear(inquiry_ids: list[int]) -> None:
    for model, key, fields in CASEWORK_TEXTS:
        model.objects.filter(**{f"{key}__in": inquiry_ids}).update(  # type: ignore[attr-defined]
            **dict.fromkeys(fields, "")
        )

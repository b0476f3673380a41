"""Reads for the inquiry page: every value shown with the office's own label."""

from __future__ import annotations

from dataclasses import dataclass

from borgerraadgiver.offices.models import OrgUnit
from borgerraadgiver.offices.services import orgunit_path
from borgerraadgiver.vocabularies.models import OfficeValueSetting, Vocabulary, VocabularyValue

from .models import INQUIRY_DIMENSIONS, POINT_DIMENSIONS, Inquiry, JournalEntry


@dataclass(frozen=True)
class Field:
    label: str
    value: str


@dataclass(frozen=True)
class PointRow:
    title: str
    theme: str
    theme_group: str
    org_unit: str
    conclusion: str
    criticism_grade: str
    description: str


@dataclass(frozen=True)
class InquiryPage:
    inquiry: Inquiry
    org_unit: str
    classification: list[Field]
    points: list[PointRow]
    journal: list[JournalEntry]

    @property
    def has_conclusions(self) -> bool:
        return any(p.conclusion or p.criticism_grade for p in self.points)


def _value_labels(office_id: int, ids: set[int]) -> tuple[dict[int, str], dict[int, int | None]]:
    """id -> office label, and id -> parent id, for the given values and their groups."""
    values = {v.pk: v for v in VocabularyValue.objects.filter(pk__in=ids)}
    parent_ids = {v.parent_id for v in values.values() if v.parent_id}
    values.update(VocabularyValue.objects.in_bulk(parent_ids - set(values)))
    own = dict(
        OfficeValueSetting.objects.filter(office_id=office_id, value_id__in=values)
        .exclude(label="")
        .values_list("value_id", "label")
    )
    labels = {pk: own.get(pk, v.label) for pk, v in values.items()}
    return labels, {pk: v.parent_id for pk, v in values.items()}


def inquiry_page(inquiry: Inquiry) -> InquiryPage:
    """The inquiry with its classification, points in order, and journal newest first."""
    points = list(inquiry.points.order_by("position"))
    ids = {getattr(inquiry, f"{c}_id") for c in INQUIRY_DIMENSIONS}
    for p in points:
        ids |= {getattr(p, f"{c}_id") for c in POINT_DIMENSIONS}
    labels, parents = _value_labels(inquiry.office_id, {i for i in ids if i})
    # One query gives every unit's path and whether it is retired.
    units = OrgUnit.objects.filter(office_id=inquiry.office_id).in_bulk()

    def path(unit_id: int) -> str:
        unit = units[unit_id]
        text = orgunit_path(unit, units)
        return f"{text} (nedlagt)" if unit.is_retired else text

    def label(value_id: int | None) -> str:
        return labels.get(value_id, "") if value_id else ""

    vocab_labels = dict(Vocabulary.objects.values_list("code", "label"))
    classification = [
        Field(vocab_labels.get(c, c), label(getattr(inquiry, f"{c}_id")))
        for c in INQUIRY_DIMENSIONS
        if getattr(inquiry, f"{c}_id")
    ]
    rows = [
        PointRow(
            title="Hovedsag" if p.position == 1 else f"Følgesag {p.position - 1}",
            theme=label(p.theme_id),
            theme_group=label(parents.get(p.theme_id)) if p.theme_id else "",
            org_unit=path(p.org_unit_id),
            conclusion=label(p.conclusion_id),
            criticism_grade=label(p.criticism_grade_id),
            description=p.description,
        )
        for p in points
    ]
    journal = list(
        inquiry.journal.select_related("created_by").order_by("-occurred", "-created_at")
    )
    return InquiryPage(
        inquiry=inquiry,
        org_unit=path(inquiry.org_unit_id),
        classification=classification,
        points=rows,
        journal=journal,
    )

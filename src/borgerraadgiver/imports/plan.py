"""What an import would create: the checked file, ready to store."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from borgerraadgiver.vocabularies.models import VocabularyValue

from .resolving import UnitNode


@dataclass
class RowError:
    row: int | None
    column: str
    message: str
    order: int = 0

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if not self.column:
            return f"række {self.row}: {self.message}"
        return f"række {self.row}, kolonne {self.column}: {self.message}"


@dataclass
class PointDraft:
    row: int
    theme: VocabularyValue | None
    org_unit: UnitNode | None
    conclusion: VocabularyValue | None


@dataclass
class InquiryDraft:
    reference: str
    row: int
    fields: dict[str, Any]
    rows: list[int] = field(default_factory=list)
    points: dict[int, PointDraft] = field(default_factory=dict)
    pointless_rows: list[int] = field(default_factory=list)


@dataclass
class ImportPlan:
    header: list[str] = field(default_factory=list)
    sample: list[tuple[int, list[str]]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    drafts: dict[str, InquiryDraft] = field(default_factory=dict)
    persons: dict[str, int | None] = field(default_factory=dict)  # reference -> pk, None = new
    planned_units: list[UnitNode] = field(default_factory=list)
    rows: int = 0  # data rows read, blank rows not counted

    @property
    def inquiries(self) -> int:
        return len(self.drafts)

    @property
    def points(self) -> int:
        return sum(len(d.points) for d in self.drafts.values())

    @property
    def new_persons(self) -> int:
        return sum(1 for pk in self.persons.values() if pk is None)

    @property
    def new_org_units(self) -> list[str]:
        return [node.path for node in self.planned_units]

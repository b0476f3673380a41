"""The report as typed data: what the selector computes and every renderer reads.

Nothing here touches the database, so renderers can be tested from hand-made
instances.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, Literal

from .periods import Period

ChartKind = Literal["pie", "bar", "hbar", "line"]
Value = int | None


@dataclass(frozen=True)
class Row:
    """One line of a table.

    `level` 0 is a top row (a theme group, a unit), 1 a row under it.
    `filter` holds the GET parameters of the inquiry list that shows the
    inquiries behind the row; None when no list filter can express it (the
    inquiries without a value, say).
    """

    label: str
    values: tuple[Value, ...]
    level: int = 0
    key: str = ""
    filter: Mapping[str, str] | None = None
    is_total: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "level": self.level,
            "values": list(self.values),
            "key": self.key,
            "filter": None if self.filter is None else dict(self.filter),
            "is_total": self.is_total,
        }


@dataclass(frozen=True)
class Table:
    """A table of the report; `base` says what was counted, in Danish."""

    id: str
    title: str
    base: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    note: str | None = None
    chart: ChartKind | None = None
    section: str = ""
    short_title: str = ""
    # Per column, the list filter a click on a cell adds to its row's filter
    # (the org unit of a theme x unit column); empty when a column adds none.
    column_filters: tuple[Mapping[str, str], ...] = ()

    def row(self, key_or_label: str) -> Row:
        for row in self.rows:
            if key_or_label in (row.key, row.label):
                return row
        raise KeyError(key_or_label)

    def cell_filter(self, row: Row, column: int) -> dict[str, str] | None:
        """The inquiry-list filter behind one number (None: no list can show it)."""
        if row.filter is None:
            return None
        extra = self.column_filters[column] if column < len(self.column_filters) else {}
        return {**row.filter, **extra}

    def column(self, name: str) -> dict[str, Value]:
        """key (or label when no key) -> value, for the rows that are not totals."""
        index = self.columns.index(name)
        return {(r.key or r.label): r.values[index] for r in self.rows if not r.is_total}

    @property
    def total_row(self) -> Row | None:
        return next((r for r in self.rows if r.is_total), None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "base": self.base,
            "columns": list(self.columns),
            "rows": [r.as_dict() for r in self.rows],
            "note": self.note,
            "chart": self.chart,
            "section": self.section,
            "column_filters": [dict(f) for f in self.column_filters],
        }


@dataclass(frozen=True)
class KeyFigures:
    """The figures the report opens with.

    distinct_persons counts each registered person once, and each inquiry
    without a registered person (anonymous, or nobody recorded) as one person
    of its own: those are people too, and most have not come before.
    registrations is Lejre's "sager": inquiries plus følgesager.
    The figures after `registrations` are None when the office does not
    register the dimension they come from.
    """

    inquiries: int
    complaint_points: int
    main_points: int
    follow_on_points: int
    distinct_persons: int
    external_inquiries: int
    registrations: int
    complaints: int | None = None
    other_inquiries: int | None = None
    without_administration: int | None = None
    with_administration: int | None = None

    def as_dict(self) -> dict[str, int | None]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


KEY_FIGURE_LABELS: Mapping[str, str] = {
    "inquiries": "Henvendelser",
    "complaint_points": "Klagepunkter i alt",
    "main_points": "Hovedsager",
    "follow_on_points": "Følgesager",
    "distinct_persons": "Forskellige personer",
    "external_inquiries": "Henvendelser om myndigheder uden for kommunen",
    "registrations": "Sager i alt (henvendelser og følgesager)",
    "complaints": "Klager",
    "other_inquiries": "Andre henvendelser",
    "without_administration": "Besvaret uden inddragelse af forvaltningen",
    "with_administration": "Forvaltningen inddraget",
}


@dataclass(frozen=True)
class Report:
    office: str
    office_name: str
    period: Period
    title: str
    key_figures: KeyFigures
    tables: tuple[Table, ...]
    rules: tuple[str, ...] = ()

    def table(self, table_id: str) -> Table:
        for table in self.tables:
            if table.id == table_id:
                return table
        raise KeyError(table_id)

    def has_table(self, table_id: str) -> bool:
        return any(t.id == table_id for t in self.tables)

    def as_dict(self) -> dict[str, Any]:
        """The Report JSON of contracts.md (with extra keys, never fewer)."""
        return {
            "office": self.office,
            "office_name": self.office_name,
            "title": self.title,
            "period": self.period.as_dict(),
            "key_figures": self.key_figures.as_dict(),
            "rules": list(self.rules),
            "tables": [t.as_dict() for t in self.tables],
        }

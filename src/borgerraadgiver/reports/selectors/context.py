"""What a report needs besides the counts: the office's tree, vocabularies and labels.

All of it is small (tens of units, a few hundred values), so it is read once
and mapped in Python; the registrations themselves are only ever aggregated
in the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from borgerraadgiver.inquiries.models import INQUIRY_DIMENSIONS
from borgerraadgiver.offices.models import Office, OrgUnit
from borgerraadgiver.vocabularies.models import Vocabulary, VocabularyValue
from borgerraadgiver.vocabularies.selectors import office_choices_many, registered_vocabularies

from ..models import ReportSettings

HELP_WITH_COMPLAINT_KIND = "hjaelp_til_klage"
HELP_WITH_COMPLAINT_HANDLING = "hjaelp_klage"
# Short names for sheet tabs and chart titles.
VOCABULARY_SHORT = {
    "inquiry_kind": "Henvendelsestype",
    "primary_reason": "Primær årsag",
    "handling": "Håndtering",
    "channel": "Henvendelsesform",
    "requester_kind": "Henvender sig som",
    "outcome": "Udfald",
    "conclusion": "Udtalelser",
}


@dataclass(frozen=True)
class Unit:
    id: int
    name: str
    short_name: str
    parent_id: int | None
    top_id: int
    # The unit one level below the top on the way to this one; None for a top unit.
    child_id: int | None
    external: bool
    retired: bool
    order: tuple[int, str]


@dataclass(frozen=True)
class Value:
    id: int
    code: str
    label: str
    group_id: int | None
    is_group: bool
    flags: dict[str, object]


@dataclass
class ReportContext:
    office: Office
    settings: ReportSettings
    units: dict[int, Unit]
    registered: tuple[str, ...]
    values: dict[str, list[Value]]
    vocabulary_labels: dict[str, str]

    # -- org units -------------------------------------------------------------

    def top_units(self) -> list[Unit]:
        """Top-level units in the tree's order, authorities outside the municipality last."""
        tops = [u for u in self.units.values() if u.parent_id is None]
        return sorted(tops, key=lambda u: (u.external, u.order))

    def children(self, top_id: int) -> list[Unit]:
        kids = [u for u in self.units.values() if u.parent_id == top_id]
        return sorted(kids, key=lambda u: u.order)

    def in_totals(self, unit_id: int) -> bool:
        return self.settings.external_in_totals or not self.units[unit_id].external

    def in_department_tables(self, unit_id: int) -> bool:
        if not self.in_totals(unit_id):
            return False
        return self.settings.external_in_department_tables or not self.units[unit_id].external

    # -- vocabularies ----------------------------------------------------------

    @property
    def dimensions(self) -> tuple[str, ...]:
        """The inquiry-level vocabularies the office registers, in the standard order."""
        return tuple(c for c in self.registered if c in INQUIRY_DIMENSIONS)

    def registers(self, code: str) -> bool:
        return code in self.registered

    def label(self, code: str, value_id: int) -> str:
        for value in self.values.get(code, []):
            if value.id == value_id:
                return value.label
        return str(value_id)

    def theme_groups(self) -> list[Value]:
        return [v for v in self.values.get("theme", []) if v.is_group]

    def theme_leaves(self, group_id: int | None) -> list[Value]:
        return [
            v for v in self.values.get("theme", []) if not v.is_group and v.group_id == group_id
        ]

    def theme_group_of(self) -> dict[int, int | None]:
        return {v.id: v.group_id for v in self.values.get("theme", []) if not v.is_group}

    def flagged(self, code: str, flag: str, wanted: bool) -> set[int]:
        return {v.id for v in self.values.get(code, []) if v.flags.get(flag) is wanted}

    def ids_with_code(self, vocabulary: str, code: str) -> list[int]:
        return [v.id for v in self.values.get(vocabulary, []) if v.code == code]


def _units(office: Office) -> dict[int, Unit]:
    rows = list(
        OrgUnit.objects.filter(office=office).values_list(
            "id", "name", "short_name", "parent_id", "external", "retired_at", "position"
        )
    )
    parent = {r[0]: r[3] for r in rows}

    def chain(unit_id: int) -> list[int]:
        path = [unit_id]
        while parent[path[-1]] is not None and len(path) <= len(rows):
            path.append(parent[path[-1]])  # type: ignore[arg-type]
        return path[::-1]

    paths = {r[0]: chain(r[0]) for r in rows}
    external_top = {r[0]: r[4] for r in rows if r[3] is None}
    return {
        pk: Unit(
            id=pk,
            name=name,
            short_name=short,
            parent_id=parent_id,
            top_id=paths[pk][0],
            child_id=paths[pk][1] if len(paths[pk]) > 1 else None,
            # A unit counts as external when its top unit is: an inquiry is
            # counted on its top unit, which is inside or outside as a whole.
            external=bool(external_top.get(paths[pk][0], external)),
            retired=retired is not None,
            order=(position, name.casefold()),
        )
        for pk, name, short, parent_id, external, retired, position in rows
    }


def _values(office: Office, codes: list[str]) -> dict[str, list[Value]]:
    result: dict[str, list[Value]] = {}
    flags: dict[int, dict[str, object]] = dict(
        VocabularyValue.objects.filter(vocabulary__code__in=("inquiry_kind", "handling"))
        .for_office(office)
        .values_list("id", "flags")
    )
    choices = office_choices_many(office, codes, include_hidden=True)
    for code in codes:
        result[code] = [
            Value(
                id=c.id,
                code=c.code,
                label=c.label,
                group_id=c.group_id,
                is_group=c.is_group,
                flags=flags.get(c.id) or {},
            )
            for c in choices[code]
        ]
    return result


def report_context(office: Office, settings: ReportSettings) -> ReportContext:
    registered = tuple(registered_vocabularies(office))
    # Always read: inquiry_kind and handling decide the help-with-complaint
    # rule, theme and conclusion the point tables, whatever is registered.
    codes = sorted(set(registered) | {"theme", "conclusion", "inquiry_kind", "handling"})
    return ReportContext(
        office=office,
        settings=settings,
        units=_units(office),
        registered=registered,
        values=_values(office, codes),
        vocabulary_labels=dict(Vocabulary.objects.values_list("code", "label")),
    )

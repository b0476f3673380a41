"""Checking a whole import file against one office before anything is stored.

The result is an `ImportPlan`: what would be created, or every error in the
file as `række N, kolonne C: ...`. Reading is one pass over the rows; the
checks that need the whole file (complaint point numbering, references
already used, the persons) run after it.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from borgerraadgiver.inquiries.models import INQUIRY_DIMENSIONS, Inquiry, Person
from borgerraadgiver.inquiries.services import InquiryData, PointData, inquiry_validate
from borgerraadgiver.offices.models import Office, OrgUnit

from .parsing import (
    COLUMNS,
    REQUIRED_COLUMNS,
    Cell,
    FileProblem,
    Sheet,
    cell_date,
    cell_int,
    cell_text,
    open_sheet,
    quote,
)
from .plan import ImportPlan, InquiryDraft, PointDraft, RowError
from .resolving import UnitIndex, UnitNode, ValueIndex

# Fields every row of one inquiry must repeat identically.
INQUIRY_LEVEL: tuple[str, ...] = ("received", "org_unit", "person", *INQUIRY_DIMENSIONS, "closed")
SAMPLE_ROWS = 20
CHUNK = 500
MAX_POSITION = 32767  # ComplaintPoint.position is a PositiveSmallIntegerField
BAD = object()  # a cell that failed: compared with nothing, stored never


def plan_import(office: Office, path: Path, *, create_org_units: bool = False) -> ImportPlan:
    """Read and check the file; store nothing. Never raises for bad content."""
    planner = _Planner(office, create_org_units=create_org_units)
    try:
        with open_sheet(Path(path)) as sheet:
            planner.read(sheet)
    except FileProblem as exc:
        planner.add(exc.row, "", exc.message)
    except OSError:
        planner.add(None, "", "filen kan ikke åbnes")
    return planner.finish()


class _Planner:
    def __init__(self, office: Office, *, create_org_units: bool) -> None:
        self.office = office
        self.values = ValueIndex(office)
        self.units = UnitIndex(office, create=create_org_units)
        self.errors: list[RowError] = []
        self.plan = ImportPlan()
        self.positions: dict[str, int] = {}
        self.latest_received = timezone.localdate() + datetime.timedelta(days=1)
        self.readable = False
        self.dates: dict[str, datetime.date | str] = {}

    def add(self, row: int | None, column: str, message: str) -> None:
        order = self.positions.get(
            column, len(COLUMNS) + COLUMNS.index(column) if column in COLUMNS else -1
        )
        self.errors.append(RowError(row, column, message, order))

    # Reading -------------------------------------------------------------

    def read(self, sheet: Sheet) -> None:
        self.plan.header = sheet.header
        if not self._read_header(sheet.header, sheet.header_row):
            return
        self.readable = True
        width = len(sheet.header)
        headless = [i for i, name in enumerate(sheet.header) if not name]
        reported_headless = False
        for number, cells in sheet.rows:
            self.plan.rows += 1
            if len(self.plan.sample) < SAMPLE_ROWS:
                texts = [cell_text(c) for c in cells[:width]]
                self.plan.sample.append((number, texts + [""] * (width - len(texts))))
            if not reported_headless:
                stray = [i for i in headless if i < len(cells) and cell_text(cells[i])]
                stray += [i for i in range(width, len(cells)) if cell_text(cells[i])]
                if stray:
                    reported_headless = True
                    self.add(
                        number,
                        "",
                        f"kolonne nr. {stray[0] + 1} har data, men ingen "
                        "kolonneoverskrift i række 1",
                    )
            self._read_row(number, cells)

    def _read_header(self, header: list[str], row: int) -> bool:
        for i, name in enumerate(header):
            if not name:
                continue
            if name in self.positions:
                self.add(row, name, "kolonnen står flere gange")
            elif name in COLUMNS:
                self.positions[name] = i
        for name in header:
            if name and name not in COLUMNS:
                near = [c for c in COLUMNS if c.casefold() == name.casefold().replace(" ", "_")]
                hint = (
                    f"mente du {quote(near[0])}?"
                    if near
                    else ("kolonnerne hedder " + ", ".join(COLUMNS))
                )
                self.errors.append(RowError(row, quote(name)[1:-1], f"ukendt kolonne; {hint}", -1))
        for name in REQUIRED_COLUMNS:
            if name not in self.positions:
                self.add(row, name, "kolonnen mangler; den skal være med")
        duplicated = len(self.positions) != sum(1 for n in header if n in COLUMNS)
        return not duplicated and all(name in self.positions for name in REQUIRED_COLUMNS)

    def _cell(self, cells: tuple[Cell, ...], column: str) -> Cell:
        i = self.positions.get(column)
        return cells[i] if i is not None and i < len(cells) else None

    def _read_row(self, number: int, cells: tuple[Cell, ...]) -> None:
        width = len(cells)
        text = dict.fromkeys(COLUMNS, "")
        for column, i in self.positions.items():
            if i < width:
                cell = cells[i]
                text[column] = cell.strip() if type(cell) is str else cell_text(cell)
        reference = text["inquiry"]
        if not reference:
            self.add(number, "inquiry", "mangler; angiv henvendelsens journalnummer")
        elif len(reference) > 60:
            self.add(number, "inquiry", "journalnummeret må højst have 60 tegn")
            reference = ""
        fields = self._inquiry_fields(number, cells, text)
        point = self._point(number, cells, text)
        if not reference:
            return
        draft = self.plan.drafts.get(reference)
        if draft is None:
            draft = InquiryDraft(reference=reference, row=number, fields=fields)
            self.plan.drafts[reference] = draft
        else:
            for column in INQUIRY_LEVEL:
                first, this = draft.fields[column], fields[column]
                if first is not this and first is not BAD and this is not BAD and first != this:
                    self.add(
                        number,
                        column,
                        f"afviger fra række {draft.row} for samme "
                        "henvendelse; alle rækker for en henvendelse skal "
                        "have samme værdi her",
                    )
        draft.rows.append(number)
        if point is None:
            draft.pointless_rows.append(number)
        elif point is not BAD:
            position, point_draft = point
            if position in draft.points:
                self.add(
                    number,
                    "point",
                    f"klagepunkt {position} for samme henvendelse står "
                    f"allerede i række {draft.points[position].row}",
                )
            else:
                draft.points[position] = point_draft

    def _date(self, number: int, cells: tuple[Cell, ...], text: dict[str, str], column: str) -> Any:
        if not text[column]:
            if column in REQUIRED_COLUMNS:
                self.add(number, column, "mangler; angiv en dato på formen ÅÅÅÅ-MM-DD")
                return BAD
            return None
        cell = self._cell(cells, column)
        # Files repeat the same dates thousands of times: parse each text once.
        key = cell if isinstance(cell, str) else None
        if key is not None and key in self.dates:
            result = self.dates[key]
        else:
            try:
                result = cell_date(cell)
            except ValueError as exc:
                result = str(exc)
            if key is not None:
                self.dates[key] = result
        if isinstance(result, str):
            self.add(number, column, result)
            return BAD
        return result

    def _value(self, number: int, column: str, raw: str) -> Any:
        if not raw:
            return None
        value, error = self.values.resolve(column, raw)
        if error:
            self.add(number, column, error)
            return BAD
        return value

    @staticmethod
    def _retired_before(node: Any, received: Any) -> bool:
        """A unit retired after the inquiry came in may still hold it (history)."""
        retired_at = node.unit.retired_at if node.unit is not None else None
        if retired_at is None or received is BAD or received is None:
            return True
        return received > retired_at

    def _unit(self, number: int, column: str, raw: str) -> Any:
        node, error = self.units.resolve(raw)
        if error:
            self.add(number, column, error)
            return BAD
        return node

    def _inquiry_fields(
        self, number: int, cells: tuple[Cell, ...], text: dict[str, str]
    ) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        received = fields["received"] = self._date(number, cells, text, "received")
        if received is not BAD and received > self.latest_received:
            self.add(number, "received", "modtagelsesdatoen ligger i fremtiden")
        if not text["org_unit"]:
            self.add(number, "org_unit", "mangler; angiv enhedens navn eller sti")
            fields["org_unit"] = BAD
        else:
            node = fields["org_unit"] = self._unit(number, "org_unit", text["org_unit"])
            if node is not BAD and node.retired and self._retired_before(node, received):
                self.add(
                    number,
                    "org_unit",
                    f"enheden {quote(node.path, 200)} er nedlagt; "
                    "registrér på den enhed, der har overtaget opgaven",
                )
        fields["person"] = text["person"]
        if len(text["person"]) > 100:
            self.add(number, "person", "personreferencen må højst have 100 tegn")
            fields["person"] = BAD
        for code in INQUIRY_DIMENSIONS:
            fields[code] = self._value(number, code, text[code])
        closed = fields["closed"] = self._date(number, cells, text, "closed")
        if closed not in (None, BAD) and received is not BAD and closed < received:
            self.add(number, "closed", "afslutningsdatoen ligger før modtagelsesdatoen")
        return fields

    def _point(self, number: int, cells: tuple[Cell, ...], text: dict[str, str]) -> Any:
        """(position, PointDraft), None for a row without a point, or BAD."""
        if not text["point"]:
            given = [c for c in ("theme", "point_org_unit", "conclusion") if text[c]]
            if given:
                self.add(
                    number, "point", f"mangler; rækken har {given[0]}, som hører til et klagepunkt"
                )
                return BAD
            return None
        position: Any = BAD
        try:
            position = cell_int(self._cell(cells, "point"))
            if position > MAX_POSITION:
                self.add(number, "point", "nummeret er for stort")
                position = BAD
        except ValueError as exc:
            self.add(number, "point", str(exc))
        if not text["theme"]:
            self.add(number, "theme", "mangler; et klagepunkt skal have et tema")
            theme: Any = BAD
        else:
            theme = self._value(number, "theme", text["theme"])
        unit = (
            self._unit(number, "point_org_unit", text["point_org_unit"])
            if text["point_org_unit"]
            else None
        )
        conclusion = self._value(number, "conclusion", text["conclusion"])
        if BAD in (position, theme, unit, conclusion):
            return BAD
        return position, PointDraft(number, theme, unit, conclusion)

    # Whole-file checks ----------------------------------------------------

    def finish(self) -> ImportPlan:
        plan = self.plan
        if self.readable:
            for draft in plan.drafts.values():
                self._check_points(draft)
            self._check_references()
            self._find_persons()
            plan.planned_units = list(self.units.planned)
            if not self.errors:
                self._service_checks()
        self.errors.sort(key=lambda e: (e.row or 0, e.order))
        plan.errors = [str(e) for e in self.errors]
        if plan.errors:
            plan.drafts = {}
        return plan

    def _check_points(self, draft: InquiryDraft) -> None:
        if len(draft.rows) > 1:
            others = ", ".join(str(r) for r in draft.rows[:5]) + (
                " ..." if len(draft.rows) > 5 else ""
            )
            for row in draft.pointless_rows:
                self.add(
                    row,
                    "point",
                    f"mangler; henvendelsen står i flere rækker ({others}), "
                    "og så er hver række et klagepunkt",
                )
        if not draft.points:
            return
        missing = [p for p in range(1, max(draft.points) + 1) if p not in draft.points]
        if missing:
            after = min(p for p in draft.points if p > missing[0])
            names = ", ".join(str(p) for p in missing[:10]) + (" ..." if len(missing) > 10 else "")
            self.add(
                draft.points[after].row,
                "point",
                f"klagepunkt {names} mangler for samme henvendelse; klagepunkterne "
                "nummereres 1, 2, 3 ... uden huller (1 er hovedsagen)",
            )

    def _check_references(self) -> None:
        references = list(self.plan.drafts)
        for i in range(0, len(references), CHUNK):
            taken = Inquiry.objects.filter(
                office=self.office, reference__in=references[i : i + CHUNK]
            ).values_list("reference", flat=True)
            for reference in taken.order_by():
                self.add(
                    self.plan.drafts[reference].row,
                    "inquiry",
                    f"journalnummeret {quote(reference)} findes allerede hos kontoret; "
                    "importen opdaterer ikke eksisterende henvendelser",
                )

    def _find_persons(self) -> None:
        wanted: dict[str, int | None] = {}
        for draft in self.plan.drafts.values():
            reference = draft.fields["person"]
            if reference and reference is not BAD:
                wanted[reference] = None
        references = list(wanted)
        for i in range(0, len(references), CHUNK):
            found = Person.objects.filter(
                office=self.office, reference__in=references[i : i + CHUNK]
            ).values_list("reference", "pk")
            # Unordered, so the (office, reference) index serves the query; the
            # oldest person with a reference wins.
            for reference, pk in found.order_by():
                known = wanted[reference]
                wanted[reference] = pk if known is None else min(known, pk)
        self.plan.persons = wanted

    def _service_checks(self) -> None:
        """What inquiry_register would refuse, so the bulk path refuses it too."""
        stand_ins: dict[int, OrgUnit] = {}

        def unit(node: UnitNode | None) -> OrgUnit | None:
            if node is None:
                return None
            if node.unit is not None:
                return node.unit
            if id(node) not in stand_ins:
                stand_ins[id(node)] = OrgUnit(office=self.office, name=node.name)
            return stand_ins[id(node)]

        for draft in self.plan.drafts.values():
            points = [draft.points[p] for p in sorted(draft.points)]
            data = InquiryData(
                received=draft.fields["received"],
                org_unit=unit(draft.fields["org_unit"]),  # type: ignore[arg-type]
                values={code: draft.fields[code] for code in INQUIRY_DIMENSIONS},
                closed=draft.fields["closed"],
                points=[
                    PointData(theme=p.theme, org_unit=unit(p.org_unit), conclusion=p.conclusion)
                    for p in points
                ],
            )
            try:
                inquiry_validate(self.office, data, new=True)
            except ValidationError as exc:
                for key, messages in exc.message_dict.items():
                    row, column = draft.row, key if key in COLUMNS else "inquiry"
                    if key.startswith("point_") and key[6:].isdigit():
                        index = int(key[6:]) - 1
                        row, column = (points[index].row if index < len(points) else row), "theme"
                    for message in messages:
                        self.add(row, column, message)

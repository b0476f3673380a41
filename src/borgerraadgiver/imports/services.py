"""Importing registrations: all or nothing, every bad row named.

`import_file` is the one entry point (command line, web view, benchmark).
Registering 100,000 rows one `inquiry_register` call at a time costs a dozen
queries per inquiry; instead the whole file is checked up front by
`validation.plan_import` (which also runs inquiry_register's own checks on
every inquiry) and then written with bulk inserts (bulk.py), in one
transaction, with the values inquiry_register would have written. Org units
are few and go through orgunit_create.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from borgerraadgiver.inquiries.models import INQUIRY_DIMENSIONS, ComplaintPoint, Inquiry, Person
from borgerraadgiver.inquiries.search_names import search_names_refresh
from borgerraadgiver.offices.models import Office, User
from borgerraadgiver.offices.services import orgunit_create

from .bulk import BulkInserter, date_adapter, sqlite_cache
from .plan import ImportPlan
from .validation import plan_import

__all__ = ["ImportPlan", "ImportResult", "import_check", "import_file"]

BATCH = 1000


@dataclass
class ImportResult:
    inquiries: int
    points: int
    errors: list[str] = field(default_factory=list)
    new_persons: int = 0
    new_org_units: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Refused(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("import refused")
        self.errors = errors


def import_check(office: Office, path: Path, create_org_units: bool = False) -> ImportPlan:
    """What importing the file would create, or its errors; stores nothing."""
    return plan_import(office, Path(path), create_org_units=create_org_units)


def import_file(
    office: Office, path: Path, create_org_units: bool = False, *, by: User | None = None
) -> ImportResult:
    """Check the file and, if it has no error, store all of it; else store nothing."""
    # Checked before the transaction: on SQLite a write transaction locks out
    # every other writer, and reading a large file takes seconds. Should
    # someone take one of the file's references in between, the unique
    # constraint refuses the insert and the whole import rolls back.
    plan = plan_import(office, Path(path), create_org_units=create_org_units)
    if plan.errors:
        return ImportResult(inquiries=0, points=0, errors=plan.errors)
    try:
        with sqlite_cache(256 * 1024), transaction.atomic():
            _store(office, plan, by)
    except _Refused as refused:
        return ImportResult(inquiries=0, points=0, errors=refused.errors)
    except IntegrityError:
        return ImportResult(
            inquiries=0,
            points=0,
            errors=[
                "importen blev afbrudt, fordi en anden gemte en henvendelse med et af filens "
                "journalnumre samtidig; intet er gemt, prøv igen"
            ],
        )
    return ImportResult(
        inquiries=plan.inquiries,
        points=plan.points,
        new_persons=plan.new_persons,
        new_org_units=plan.new_org_units,
    )


def _store(office: Office, plan: ImportPlan, by: User | None) -> None:
    for node in plan.planned_units:
        parent = node.parent.unit if node.parent is not None else None
        try:
            node.unit = orgunit_create(office=office, name=node.name, parent=parent)
        except ValidationError as exc:
            raise _Refused(
                [f"enheden {node.path} kan ikke oprettes: {m}" for m in exc.messages]
            ) from exc
    persons = _store_persons(office, plan.persons)
    _store_inquiries(office, plan, persons, by)
    # A file names persons by reference only; a person the office already
    # knows by name is found by that name in the new inquiries too.
    known = [pk for pk in plan.persons.values() if pk is not None]
    named = Person.objects.filter(pk__in=known).exclude(name="").values_list("pk", flat=True)
    search_names_refresh(person_ids=list(named))


def _pks(
    model: type[Person] | type[Inquiry], office: Office, references: list[str]
) -> dict[str, int]:
    """reference -> pk, for references just inserted (so each names one row)."""
    found: dict[str, int] = {}
    for i in range(0, len(references), BATCH):
        # No ORDER BY: with one, SQLite walks the primary key instead of the
        # (office, reference) index, and the import turns quadratic.
        rows = model.objects.filter(
            office=office, reference__in=references[i : i + BATCH]
        ).values_list("reference", "pk")
        found.update(rows.order_by())
    return found


def _store_persons(office: Office, wanted: dict[str, int | None]) -> dict[str, int]:
    """The pk of every referenced person, creating the missing ones.

    person_create would strip and full_clean each; the references are already
    stripped and length-checked, and every other field keeps its default.
    """
    found = {ref: pk for ref, pk in wanted.items() if pk is not None}
    new = [ref for ref, pk in wanted.items() if pk is None]
    inserter = BulkInserter(Person, ["office_id", "reference"])
    for i in range(0, len(new), BATCH):
        inserter.insert({"office_id": office.pk, "reference": ref} for ref in new[i : i + BATCH])
    found.update(_pks(Person, office, new))
    return found


def _id_of(value: Any) -> int | None:
    return value.id if value is not None else None


def _store_inquiries(
    office: Office, plan: ImportPlan, persons: dict[str, int], by: User | None
) -> None:
    by_pk = by.pk if by is not None else None
    office_id = office.pk
    db_date = date_adapter()
    dimensions = [f"{code}_id" for code in INQUIRY_DIMENSIONS]
    inquiries = BulkInserter(
        Inquiry,
        [
            "office_id",
            "reference",
            "received",
            "org_unit_id",
            "person_id",
            "status",
            "closed",
            "created_by_id",
            "assigned_to_id",
            *dimensions,
        ],
    )
    points = BulkInserter(
        ComplaintPoint,
        [
            "inquiry_id",
            "office_id",
            "position",
            "theme_id",
            "org_unit_id",
            "conclusion_id",
            # The inquiry's, copied (see ComplaintPoint.REPORT_COPIED).
            "received",
            "inquiry_kind_id",
            "handling_id",
        ],
    )
    drafts = list(plan.drafts.values())
    for i in range(0, len(drafts), BATCH):
        batch = drafts[i : i + BATCH]
        rows = []
        for draft in batch:
            f = draft.fields
            row = {
                "office_id": office_id,
                "reference": draft.reference,
                "received": db_date(f["received"]),
                "org_unit_id": f["org_unit"].unit.id,
                "person_id": persons[f["person"]] if f["person"] else None,
                "status": Inquiry.Status.CLOSED if f["closed"] else Inquiry.Status.OPEN,
                "closed": db_date(f["closed"]) if f["closed"] else None,
                # inquiry_register assigns the inquiry to the user who registers it.
                "created_by_id": by_pk,
                "assigned_to_id": by_pk,
            }
            for code, column in zip(INQUIRY_DIMENSIONS, dimensions, strict=True):
                row[column] = f[code].id if f[code] is not None else None
            rows.append(row)
        inquiries.insert(rows)
        pks = _pks(Inquiry, office, [d.reference for d in batch])
        points.insert(
            {
                "inquiry_id": pks[draft.reference],
                "office_id": office_id,
                "position": position,
                "theme_id": p.theme.id if p.theme else None,
                "org_unit_id": (p.org_unit or draft.fields["org_unit"]).unit.id,
                "conclusion_id": p.conclusion.id if p.conclusion else None,
                "received": db_date(draft.fields["received"]),
                "inquiry_kind_id": _id_of(draft.fields["inquiry_kind"]),
                "handling_id": _id_of(draft.fields["handling"]),
            }
            for draft in batch
            for position, p in sorted(draft.points.items())
        )

"""Fast registrations for report tests: rows written straight into the tables.

The register's services validate one inquiry at a time; the fidelity tests
need hundreds, so they bulk-create Inquiry, ComplaintPoint and Person rows.
Only the columns the report reads are filled.
"""

from __future__ import annotations

import contextlib
import datetime
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.db import connection, transaction

from borgerraadgiver.inquiries.models import ComplaintPoint, Inquiry, Person
from borgerraadgiver.offices.models import Office, OrgUnit
from borgerraadgiver.vocabularies.models import VocabularyValue

_serial = itertools.count(1)


@dataclass
class Reg:
    """One inquiry to create.

    `unit` is an org unit's name, or a path "Top / Child" when the name is not
    unique. `themes` gives the theme leaf code of each complaint point in order
    (position 1 = hovedsag); `point_units` a unit per point when it differs.
    """

    unit: str
    themes: Sequence[str | None] = ()
    values: dict[str, str] = field(default_factory=dict)
    person: str | None = None
    received: datetime.date | None = None
    point_units: Sequence[str] | None = None
    conclusions: Sequence[str | None] = ()


@cache
def _value_id(vocabulary: str, code: str) -> int:
    return VocabularyValue.objects.get(vocabulary__code=vocabulary, code=code, office=None).pk


def unit_lookup(office: Office) -> dict[str, OrgUnit]:
    """Name -> unit for unique names, and "Top / Child" paths for every unit."""
    units = list(OrgUnit.objects.filter(office=office))
    by_id = {u.pk: u for u in units}
    result: dict[str, OrgUnit] = {}
    names = [u.name for u in units]
    for u in units:
        if names.count(u.name) == 1:
            result[u.name] = u
        path, node = [u.name], u
        while node.parent_id is not None:
            node = by_id[node.parent_id]
            path.append(node.name)
        result[" / ".join(reversed(path))] = u
    return result


def bulk_register(office: Office, regs: Iterable[Reg], *, received: datetime.date) -> list[Inquiry]:
    """Create the inquiries (default received date `received`), their points and persons."""
    _value_id.cache_clear()
    regs = list(regs)
    units = unit_lookup(office)
    refs = sorted({r.person for r in regs if r.person})
    persons = Person.objects.bulk_create([Person(office=office, reference=ref) for ref in refs])
    person_ids = {ref: p.pk for ref, p in zip(refs, persons, strict=True)}
    inquiries = Inquiry.objects.bulk_create(
        [
            Inquiry(
                office=office,
                reference=f"T-{next(_serial):07d}",
                received=r.received or received,
                org_unit=units[r.unit],
                person_id=person_ids.get(r.person) if r.person else None,
                **{f"{code}_id": _value_id(code, v) for code, v in r.values.items()},
            )
            for r in regs
        ]
    )
    points = []
    for reg, inquiry in zip(regs, inquiries, strict=True):
        for position, theme in enumerate(reg.themes, start=1):
            unit = units[reg.point_units[position - 1]] if reg.point_units else units[reg.unit]
            conclusion = reg.conclusions[position - 1] if reg.conclusions else None
            points.append(
                ComplaintPoint(
                    inquiry=inquiry,
                    office=office,
                    position=position,
                    theme_id=_value_id("theme", theme) if theme else None,
                    org_unit=unit,
                    conclusion_id=_value_id("conclusion", conclusion) if conclusion else None,
                )
            )
            points[-1].copy_from_inquiry(inquiry)
    ComplaintPoint.objects.bulk_create(points)
    return inquiries


@contextlib.contextmanager
def rolled_back() -> Iterator[None]:
    """Build, compute the (pure-data) report, and leave the database as it was.

    Module-scoped fixtures use it to build a seed's registrations once for all
    the tests that read the same report.
    """
    name = str(connection.settings_dict["NAME"])
    # pytest-django creates the test database only for modules that ask for
    # it (pytestmark = pytest.mark.django_db); without it this would run on
    # the real database. (SQLite's test database is a file named test_...)
    if not (Path(name).name.startswith("test_") or "memorydb" in name):
        raise RuntimeError(f"Refusing to build test data in {name}")
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def spread(start: datetime.date, end: datetime.date, n: int) -> list[datetime.date]:
    """n received dates spread evenly over a period (both ends included)."""
    days = (end - start).days
    return [start + datetime.timedelta(days=(i * days) // max(n - 1, 1)) for i in range(n)]

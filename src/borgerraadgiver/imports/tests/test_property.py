"""Property: whatever a CSV file holds, the importer answers with errors or a
complete import, never an exception, and never a partial import."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from borgerraadgiver.imports.parsing import COLUMNS
from borgerraadgiver.imports.services import import_file
from borgerraadgiver.inquiries.models import ComplaintPoint, Inquiry

from .helpers import snapshot

pytestmark = pytest.mark.django_db

# Cells near the real thing, so that some files import and some fail late.
plausible = st.sampled_from(
    [
        "",
        "A-1",
        "A-2",
        "B-7",
        "2024-01-02",
        "2024-02-30",
        "2023-12-31",
        "1999-01-01",
        "2999-01-01",
        "01-02-2024",
        "Jobcenter",
        "Børn & Familie / Familieafsnittet",
        "Øvrige / Udbetaling Danmark",
        "Ny / Enhed",
        " / ",
        "1",
        "2",
        "3",
        "0",
        "-1",
        "1.0",
        "begrundelse",
        "Partshøring",
        "FORVALTNINGSSKIK",
        "telefon",
        "Telefon",
        "kritik",
        "klage",
        "afvist",
        "p1",
        "p2",
        "æøå",
        "x" * 70,
    ]
)
cell = st.one_of(plausible, plausible, st.text(max_size=12))
# Mostly valid values per column, so that a fair share of files import.
by_column = {
    "inquiry": st.sampled_from([f"A-{n}" for n in range(12)]),
    "received": st.dates(datetime.date(2024, 1, 1), datetime.date(2024, 6, 30)).map(str),
    "closed": st.sampled_from(["", "2024-06-30", "2025-01-01"]),
    "org_unit": st.sampled_from(
        ["Jobcenter", "Familieafsnittet", "Ny / Enhed", "Øvrige / Udbetaling Danmark"]
    ),
    "point": st.sampled_from(["", "1", "1", "1", "2"]),
    "theme": st.sampled_from(["begrundelse", "Partshøring", "vejledning"]),
    "channel": st.sampled_from(["", "telefon", "Brev"]),
    "person": st.sampled_from(["", "p1", "p2"]),
    "conclusion": st.sampled_from(["", "kritik"]),
    "inquiry_kind": st.sampled_from(["", "klage", "Vejledning"]),
    "outcome": st.sampled_from(["", "afvist"]),
}
header_name = st.one_of(st.sampled_from(COLUMNS), st.sampled_from(COLUMNS), st.text(max_size=8))


@st.composite
def csv_bytes(draw) -> bytes:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=200))
    if draw(st.booleans()):  # the required columns and some more, in any order
        extra = draw(st.lists(st.sampled_from(COLUMNS[3:]), max_size=4, unique=True))
        header = draw(st.permutations(["inquiry", "received", "org_unit", *extra]))
        row = st.tuples(
            *[
                st.one_of(by_column.get(name, st.just("")), plausible)
                if draw(st.integers(0, 3)) == 0
                else by_column.get(name, st.just(""))
                for name in header
            ]
        ).map(list)
        rows = draw(st.lists(row, max_size=6))
    else:
        header = draw(st.lists(header_name, min_size=1, max_size=8))
        rows = draw(st.lists(st.lists(cell, max_size=len(header) + 2), max_size=8))
    delimiter = draw(st.sampled_from([",", ";"]))
    if draw(st.booleans()):
        buffer = io.StringIO()
        writer = csv.writer(
            buffer, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))
        )
        writer.writerow(header)
        writer.writerows(rows)
        text = buffer.getvalue()
    else:  # hand-joined: stray quotes and separators inside cells stay broken
        text = "\n".join(delimiter.join(r) for r in [header, *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16", "cp1252"]))
    return text.encode(encoding, errors="replace")


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(content=csv_bytes(), create_org_units=st.booleans())
def test_any_csv_content_gives_errors_or_a_whole_import(
    office, tmp_path, content, create_org_units
):
    path = tmp_path / "random.csv"
    path.write_bytes(content)
    inquiries, points, persons, units = snapshot()

    result = import_file(office, path, create_org_units)
    event("refused" if result.errors else f"imported {min(result.inquiries, 2)} inquiries")

    if result.errors:
        assert (result.inquiries, result.points) == (0, 0)
        assert snapshot() == (inquiries, points, persons, units)
        assert all(isinstance(e, str) and e for e in result.errors)
    else:
        assert Inquiry.objects.count() == inquiries + result.inquiries
        assert ComplaintPoint.objects.count() == points + result.points
        # The database outlives one example: free the references for the next.
        Inquiry.objects.filter(office=office).delete()

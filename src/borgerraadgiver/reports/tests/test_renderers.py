"""Renderers from hand-made typed data: no database anywhere in this module."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from openpyxl import load_workbook

from borgerraadgiver.reports import renderers
from borgerraadgiver.reports.data import KeyFigures, Report, Row, Table
from borgerraadgiver.reports.periods import Period
from borgerraadgiver.reports.renderers import UnsupportedFormat, render, renderer_for
from borgerraadgiver.reports.renderers.xlsx import sheet_names
from borgerraadgiver.reports.rounding import ROUNDING_NOTE


def sample_report() -> Report:
    share = Table(
        id="org_unit_share",
        title="Henvendelser fordelt på afdelinger",
        short_title="Fordeling på afdelinger",
        base="Grundlag: alle 3 henvendelser.",
        columns=("Antal", "%"),
        rows=(
            Row("Børn & Familie", (1, 33), key="2", filter={"org_unit": "2"}),
            Row("=Farlig etiket", (2, 67), key="3", filter={"org_unit": "3"}),
            Row("I alt", (3, 100), key="total", filter={}, is_total=True),
        ),
        chart="pie",
    )
    points = Table(
        id="org_unit_points",
        title="Hovedsager og følgesager fordelt på afdelinger",
        base="Grundlag: 4 klagepunkter.",
        columns=("Hovedsag", "Følgesager", "Sager i alt"),
        rows=(
            Row("Børn & Familie", (1, 0, 1), key="2"),
            Row("Øvrige", (2, 1, 3), key="3"),
            Row("I alt", (3, 1, 4), key="total", is_total=True),
        ),
    )
    reasons = [
        Table(
            id=f"primary_reason:Center for Unge, Borgerservice og Arbejdsmarked {n}",
            title="Primær årsag til henvendelsen",
            short_title="Primær årsag – Center for Unge, Borgerservice og Arbejdsmarked",
            base="Grundlag: 3.",
            columns=("Antal", "%"),
            rows=(Row("Vejviser", (3, 100), key="vejviser", level=1),),
            note=ROUNDING_NOTE,
        )
        for n in range(2)
    ]
    return Report(
        office="albertslund",
        office_name="Albertslund Kommune",
        period=Period(datetime.date(2024, 4, 1), datetime.date(2025, 3, 31)),
        title="Borgerrådgiverens beretning 2024/25",
        key_figures=KeyFigures(
            inquiries=3,
            complaint_points=4,
            main_points=3,
            follow_on_points=1,
            distinct_persons=3,
            external_inquiries=2,
            registrations=4,
            complaints=1,
            other_inquiries=2,
        ),
        tables=(points, share, *reasons),
        rules=("Procenter er afrundet til hele tal (halvdelen op).",),
    )


def test_json_has_the_shape_of_the_contract():
    data = json.loads(render(sample_report(), "json"))
    assert data["office"] == "albertslund"
    assert data["period"] == {"from": "2024-04-01", "to": "2025-03-31"}
    assert data["key_figures"]["inquiries"] == 3
    assert data["key_figures"]["follow_on_points"] == 1
    table = data["tables"][0]
    assert table["id"] == "org_unit_points"
    assert table["columns"] == ["Hovedsag", "Følgesager", "Sager i alt"]
    assert table["rows"][0] == {
        "label": "Børn & Familie",
        "level": 0,
        "values": [1, 0, 1],
        "key": "2",
        "filter": None,
        "is_total": False,
    }
    assert table["note"] is None
    assert data["tables"][2]["note"] == ROUNDING_NOTE


def test_the_workbook_has_key_figures_a_sheet_per_table_and_the_rules():
    book = load_workbook(io.BytesIO(render(sample_report(), "xlsx")))
    assert book.sheetnames[0] == "Nøgletal"
    assert book.sheetnames[-1] == "Om tallene"
    assert len(book.sheetnames) == 2 + len(sample_report().tables)
    share = book["Fordeling på afdelinger"]
    assert share["A1"].value == "Henvendelser fordelt på afdelinger"
    assert [c.value for c in share[4]] == [None, "Antal", "%"]
    assert [c.value for c in share[5]] == ["Børn & Familie", 1, 33]
    assert [c.value for c in share[7]] == ["I alt", 3, 100]
    figures = {row[0].value: row[1].value for row in book["Nøgletal"].iter_rows(min_row=4)}
    assert figures["Henvendelser"] == 3
    assert figures["Følgesager"] == 1


def test_a_label_that_looks_like_a_formula_stays_text():
    book = load_workbook(io.BytesIO(render(sample_report(), "xlsx")))
    cell = book["Fordeling på afdelinger"]["A6"]
    assert cell.value == "=Farlig etiket"
    assert cell.data_type == "s"
    rows = list(
        csv.reader(io.StringIO(render(sample_report(), "csv").decode("utf-8-sig")), delimiter=";")
    )
    assert "'=Farlig etiket" in {r[3] for r in rows}


def test_the_note_goes_under_its_table_in_the_workbook():
    book = load_workbook(io.BytesIO(render(sample_report(), "xlsx")))
    sheet = book[book.sheetnames[3]]
    assert sheet["A7"].value == f"* {ROUNDING_NOTE}"


def test_sheet_names_are_short_unique_and_free_of_forbidden_characters():
    names = sheet_names(["A/B: c?", "x" * 40, "x" * 40, "X" * 40, "'quoted'", ""])
    assert all(len(n) <= 31 for n in names)
    assert len({n.casefold() for n in names}) == len(names)
    assert names[0] == "A-B- c-"
    assert names[2].endswith(" (2)") and names[3].endswith(" (3)")
    assert names[4] == "quoted" and names[5] == "Tabel"


def test_csv_has_one_line_per_number():
    text = render(sample_report(), "csv").decode("utf-8")
    assert text.startswith("\ufefftable_id;table;row_key;row;level;column;value")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    share = [r for r in rows if r["table_id"] == "org_unit_share"]
    assert len(share) == 3 * 2
    assert {(r["row"], r["column"], r["value"]) for r in share if r["row_key"] == "total"} == {
        ("I alt", "Antal", "3"),
        ("I alt", "%", "100"),
    }
    figures = {r["row_key"]: r["value"] for r in rows if r["table_id"] == "key_figures"}
    assert figures["complaint_points"] == "4"
    assert figures["without_administration"] == ""


def test_a_format_whose_renderer_is_not_built_is_refused_not_faked(monkeypatch):
    monkeypatch.setattr(renderers, "FORMATS", (*renderers.FORMATS, "odt"))
    with pytest.raises(UnsupportedFormat, match="Formatet odt er endnu ikke understøttet"):
        renderer_for("odt")


def test_an_unknown_format_is_refused():
    with pytest.raises(UnsupportedFormat, match="Ukendt format"):
        renderer_for("odt")

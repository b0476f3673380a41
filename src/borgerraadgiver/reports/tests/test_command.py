"""`borgerraadgiver report` as contracts.md gives it."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from borgerraadgiver.reports.renderers.xlsx import sheet_names

from .builders import Reg, bulk_register

ARGS = ["--office", "albertslund", "--from", "2024-04-01", "--to", "2025-03-31"]


@pytest.fixture
def registered(office):
    bulk_register(
        office,
        [
            Reg(
                "Jobcenter",
                themes=["begrundelse", "partshoering"],
                values={"inquiry_kind": "klage", "handling": "dialog_med_afdeling"},
            ),
            Reg(
                "Familieafsnittet",
                themes=["inddragelse"],
                values={"inquiry_kind": "vejledning", "handling": "raad_og_vejledning"},
            ),
            Reg("Udbetaling Danmark", themes=["vejledning"], values={"inquiry_kind": "vejledning"}),
            Reg("Jobcenter", themes=["begrundelse"], received=datetime.date(2025, 4, 1)),
        ],
        received=datetime.date(2024, 9, 1),
    )
    return office


def _run(tmp_path, fmt: str) -> bytes:
    out = tmp_path / f"beretning.{fmt}"
    call_command("report", *ARGS, "--format", fmt, "--out", str(out), stderr=io.StringIO())
    return out.read_bytes()


def test_json_report_counts_the_inquiries_received_in_the_period(registered, tmp_path):
    data = json.loads(_run(tmp_path, "json"))
    assert data["office"] == "albertslund"
    assert data["period"] == {"from": "2024-04-01", "to": "2025-03-31"}
    figures = data["key_figures"]
    assert (figures["inquiries"], figures["complaint_points"]) == (3, 4)
    assert (figures["main_points"], figures["follow_on_points"]) == (3, 1)
    assert figures["external_inquiries"] == 1
    assert figures["without_administration"] == 1
    ids = [t["id"] for t in data["tables"]]
    for required in (
        "org_unit_points",
        "org_unit_share",
        "theme_by_org_unit",
        "inquiry_kind",
        "inquiry_kind:Borger, Arbejdsmarked & Erhverv",
        "handling",
    ):
        assert required in ids
    points = next(t for t in data["tables"] if t["id"] == "org_unit_points")
    assert points["columns"] == ["Hovedsag", "Følgesager", "Sager i alt"]
    assert points["rows"][-1]["label"] == "I alt"
    assert points["rows"][-1]["values"] == [3, 1, 4]
    assert points["rows"][-2]["label"] == "Øvrige"


def test_the_workbook_and_the_csv_carry_the_same_figures_as_the_json(registered, tmp_path):
    data = json.loads(_run(tmp_path, "json"))
    book = load_workbook(io.BytesIO(_run(tmp_path, "xlsx")))
    titles = sheet_names(["Nøgletal", *(t["title"] for t in data["tables"]), "Om tallene"])
    assert len(book.sheetnames) == len(titles)
    rows = list(
        csv.DictReader(io.StringIO(_run(tmp_path, "csv").decode("utf-8-sig")), delimiter=";")
    )
    for table, sheet in zip(data["tables"], book.worksheets[1:-1], strict=True):
        assert sheet["A1"].value == table["title"]
        in_sheet = [
            [c.value for c in row]
            for row in sheet.iter_rows(min_row=5, max_col=1 + len(table["columns"]))
        ][: len(table["rows"])]
        assert in_sheet == [[r["label"], *r["values"]] for r in table["rows"]]
        in_csv = [r for r in rows if r["table_id"] == table["id"]]
        assert [int(r["value"]) if r["value"] else None for r in in_csv] == [
            v for r in table["rows"] for v in r["values"]
        ]


@pytest.mark.parametrize(("fmt", "magic"), [("docx", b"PK"), ("pdf", b"%PDF-")])
def test_word_and_pdf_come_out_of_the_same_command(registered, tmp_path, fmt, magic):
    assert _run(tmp_path, fmt).startswith(magic)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--office", "nowhere", "--from", "2024-01-01", "--to", "2024-12-31"], "intet kontor"),
        (["--office", "albertslund", "--from", "2024-13-01", "--to", "2024-12-31"], "Ugyldig dato"),
        (["--office", "albertslund", "--from", "2024-12-31", "--to", "2024-01-01"], "slutter før"),
    ],
)
def test_bad_arguments_give_a_danish_message(registered, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("report", *args, "--format", "json", "--out", str(tmp_path / "x.json"))

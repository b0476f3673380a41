"""Reading CSV and XLSX: delimiters, BOM, row numbers, date and number cells."""

from __future__ import annotations

import datetime
import zipfile

import openpyxl
import pytest

from borgerraadgiver.imports.parsing import FileProblem, cell_date, cell_int, cell_text, open_sheet
from borgerraadgiver.imports.services import import_file
from borgerraadgiver.inquiries.models import Inquiry
from tests.factories import value


def read(path):
    with open_sheet(path) as sheet:
        return sheet.header, list(sheet.rows)


@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("bom", [True, False])
def test_csv_delimiter_is_sniffed_and_a_bom_is_dropped(tmp_path, delimiter, bom):
    path = tmp_path / "f.csv"
    text = delimiter.join(["inquiry", "received", "org_unit"]) + "\r\n"
    text += delimiter.join(["A-1", "2024-01-02", '"Borger, Arbejdsmarked & Erhverv"']) + "\r\n"
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode())

    header, rows = read(path)

    assert header == ["inquiry", "received", "org_unit"]
    assert rows == [(2, ("A-1", "2024-01-02", "Borger, Arbejdsmarked & Erhverv"))]


def test_csv_row_numbers_are_spreadsheet_rows_even_with_line_breaks_in_cells(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text('inquiry;org_unit\nA;"two\nlines"\n\n;\nB;x\n', encoding="utf-8")

    _header, rows = read(path)

    # Row 3 is blank, row 4 holds only a separator: both skipped, both counted.
    assert rows == [(2, ("A", "two\nlines")), (5, ("B", "x"))]


def test_utf16_and_binary_files_are_refused_by_content(tmp_path):
    utf16 = tmp_path / "u.csv"
    utf16.write_text("inquiry;received\n", encoding="utf-16")
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"inq\x00\x01\x02")
    with pytest.raises(FileProblem, match="UTF-16"):
        read(utf16)
    with pytest.raises(FileProblem, match="hverken en CSV-fil eller et XLSX-regneark"):
        read(binary)


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "f.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hej")
    with pytest.raises(FileProblem, match="ikke et XLSX-regneark"):
        read(path)


def test_xlsx_rows_keep_their_numbers_across_gaps_and_read_typed_cells(tmp_path):
    path = tmp_path / "f.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["inquiry", "received", "point"])
    sheet.append(["A", datetime.datetime(2024, 3, 1), 1])
    sheet["A5"] = 123
    sheet["B5"] = "2024-03-02"
    sheet["C5"] = 2.0
    workbook.save(path)

    header, rows = read(path)

    assert header == ["inquiry", "received", "point"]
    assert [n for n, _cells in rows] == [2, 5]
    assert rows[0][1] == ("A", datetime.datetime(2024, 3, 1), 1)
    assert rows[1][1] == (123, "2024-03-02", 2.0)


def test_cells_become_the_text_a_user_typed():
    assert cell_text(12.0) == "12"
    assert cell_text(12.5) == "12.5"
    assert cell_text(datetime.datetime(2024, 1, 2)) == "2024-01-02"
    assert cell_text("  x  ") == "x"
    assert cell_text(None) == ""
    assert cell_date("2024-01-02") == datetime.date(2024, 1, 2)
    assert cell_date("2024-01-02T00:00:00") == datetime.date(2024, 1, 2)
    assert cell_date(datetime.datetime(2024, 1, 2, 13, 5)) == datetime.date(2024, 1, 2)
    assert cell_int("3") == 3 and cell_int(3.0) == 3
    for bad in ("20240102", "2.1.2024", "45000"):
        with pytest.raises(ValueError):
            cell_date(bad)
    with pytest.raises(ValueError, match="ikke en dato"):
        cell_date(45000)
    for bad in ("1.5", "²", "-1", 0, 2.5, True):
        with pytest.raises(ValueError):
            cell_int(bad)


@pytest.mark.django_db
def test_an_xlsx_file_with_date_cells_and_iso_strings_imports(office, tmp_path):
    path = tmp_path / "f.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["org_unit", "inquiry", "received", "point", "theme", "closed", "channel"])
    sheet.append(
        ["Jobcenter", 1001, datetime.date(2024, 3, 1), 1, "Begrundelse", "2024-03-05", "telefon"]
    )
    sheet.append(
        ["Jobcenter", 1001, datetime.date(2024, 3, 1), 2, "vejledning", "2024-03-05", "Telefon"]
    )
    sheet.append(["Familieafsnittet", "X-2", "2024-03-02", None, None, None, None])
    workbook.save(path)

    result = import_file(office, path)

    assert result.errors == []
    assert (result.inquiries, result.points) == (2, 2)
    first = Inquiry.objects.get(reference="1001")
    assert first.received == datetime.date(2024, 3, 1)
    assert first.closed == datetime.date(2024, 3, 5)
    assert first.channel == value("channel", "telefon")
    assert [p.theme.code for p in first.points.order_by("position")] == [
        "begrundelse",
        "vejledning",
    ]


@pytest.mark.django_db
def test_xlsx_errors_carry_the_row_number_excel_shows(office, tmp_path):
    path = tmp_path / "f.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["inquiry", "received", "org_unit"])
    sheet.append(["A", datetime.date(2024, 3, 1), "Jobcenter"])
    sheet["A7"] = "B"
    sheet["B7"] = 45000  # a date typed as a plain number
    sheet["C7"] = "Jobcenter"
    workbook.save(path)

    assert import_file(office, path).errors == [
        "række 7, kolonne received: '45000' er ikke en dato på formen ÅÅÅÅ-MM-DD"
    ]
    assert Inquiry.objects.count() == 0


@pytest.mark.django_db
def test_a_damaged_xlsx_is_an_error_not_an_exception(office, tmp_path):
    path = tmp_path / "f.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not really")
    [error] = import_file(office, path).errors
    assert "XLSX-filen er ødelagt" in error

"""Reading an import file (CSV or XLSX) into rows numbered as a spreadsheet shows them.

Nothing here knows about offices or the database: the output is the header
and the raw cells, and every problem with the file as a whole is a
`FileProblem` with a Danish message.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

# The contract's columns (contracts.md, import_registrations), in its order.
COLUMNS: tuple[str, ...] = (
    "inquiry",
    "received",
    "org_unit",
    "person",
    "point",
    "theme",
    "point_org_unit",
    "conclusion",
    "inquiry_kind",
    "primary_reason",
    "handling",
    "channel",
    "requester_kind",
    "outcome",
    "closed",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("inquiry", "received", "org_unit")

# An XLSX is a ZIP archive: refuse one that would unpack to far more than any
# real register (a zip bomb would otherwise fill memory while being read).
MAX_UNPACKED_BYTES = 512 * 1024 * 1024

Cell = Any  # str from CSV; str, int, float, bool, date/datetime/time or None from XLSX
Row = tuple[int, tuple[Cell, ...]]


class FileProblem(Exception):
    """The file as a whole cannot be read. `row` is set when the place is known."""

    def __init__(self, message: str, row: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.row = row


@dataclass
class Sheet:
    header: list[str]
    header_row: int
    rows: Iterator[Row]  # the data rows after the header, blank rows left out


def detect_format(head: bytes) -> str:
    """'xlsx' or 'csv' from the first bytes of a file; FileProblem for anything else."""
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem(
            "filen er i det gamle Excel-format (.xls); gem den som .xlsx eller som CSV (UTF-8)"
        )
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem("filen er gemt som UTF-16; gem den som CSV (UTF-8)")
    if b"\x00" in head:
        raise FileProblem("filen er hverken en CSV-fil eller et XLSX-regneark")
    return "csv"


def check_xlsx(source: Path | IO[bytes]) -> None:
    """Raise FileProblem unless the ZIP archive (a path or an open file) is a workbook."""
    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise FileProblem("filen er en ødelagt ZIP-fil og kan ikke læses som XLSX") from exc
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        raise FileProblem("filen er en ZIP-fil, men ikke et XLSX-regneark")
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise FileProblem("regnearket er for stort til at blive læst")


@contextmanager
def open_sheet(path: Path) -> Iterator[Sheet]:
    """The header and rows of a CSV or XLSX file (the first worksheet)."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if detect_format(head) == "xlsx":
        check_xlsx(path)
        with _xlsx_rows(path) as rows:
            yield _sheet(rows)
    else:
        yield _sheet(_csv_rows(path.read_bytes()))


def _sheet(rows: Iterator[Row]) -> Sheet:
    for number, cells in rows:
        header = [cell_text(c) for c in cells]
        while header and not header[-1]:
            header.pop()
        return Sheet(header=header, header_row=number, rows=rows)
    raise FileProblem("filen er tom; den første række skal være kolonneoverskrifterne")


def _is_blank(cells: tuple[Cell, ...] | list[Cell]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise FileProblem(
            "filen er ikke UTF-8-kodet; gem den som 'CSV UTF-8' (fx i Excel: Gem som, "
            "CSV UTF-8 (kommasepareret))",
            row=row,
        ) from exc


def _delimiter(text: str) -> str:
    """';' or ',' from the header line: header names contain neither."""
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def _csv_rows(data: bytes) -> Iterator[Row]:
    text = _decode(data)
    if "\x00" in text:
        raise FileProblem("filen indeholder binære tegn og er ikke en CSV-fil")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=False)
    number = 0
    while True:
        # A record is one spreadsheet row even when a quoted cell spans lines.
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise FileProblem(f"CSV-filen kan ikke læses ({exc})", row=number + 1) from exc
        number += 1
        if not _is_blank(record):
            yield number, tuple(record)


@contextmanager
def _xlsx_rows(path: Path) -> Iterator[Iterator[Row]]:
    import openpyxl  # imported late: only XLSX imports need it

    # An open file, not the path: openpyxl refuses a path without an .xlsx
    # suffix, and uploads are stored under an opaque token.
    with path.open("rb") as fh:
        try:
            workbook = openpyxl.load_workbook(fh, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds on a damaged file
            raise FileProblem("XLSX-filen er ødelagt og kan ikke læses") from exc
        try:
            if not workbook.worksheets:
                raise FileProblem("regnearket har ingen ark")
            yield _xlsx_iter(workbook.worksheets[0])
        finally:
            workbook.close()


def _xlsx_iter(worksheet: Any) -> Iterator[Row]:
    try:
        # The stored dimension may be wrong (some programs write A1:A1);
        # after a reset every row is read and gaps come as empty rows.
        worksheet.reset_dimensions()
        for number, cells in enumerate(worksheet.iter_rows(values_only=True), start=1):
            if not _is_blank(cells):
                yield number, tuple(cells)
    except FileProblem:
        raise
    except Exception as exc:
        raise FileProblem("XLSX-filen er ødelagt og kan ikke læses til ende") from exc


def cell_text(cell: Cell) -> str:
    """A cell as the text a user typed: 12.0 -> '12', a midnight datetime -> the date."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, bool):
        return "1" if cell else "0"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime.datetime):
        if cell.time() == datetime.time(0, 0):
            return cell.date().isoformat()
        return cell.isoformat(sep=" ")
    if isinstance(cell, datetime.date | datetime.time):
        return cell.isoformat()
    return str(cell).strip()


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")


def cell_date(cell: Cell) -> datetime.date:
    """An ISO date (or an XLSX date cell); ValueError with a Danish reason otherwise."""
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    text = cell_text(cell)
    match = _ISO_DATE.fullmatch(text)
    if not match:
        raise ValueError(f"{quote(text)} er ikke en dato på formen ÅÅÅÅ-MM-DD")
    try:
        return datetime.date(*(int(g) for g in match.groups()))
    except ValueError:
        raise ValueError(f"{quote(text)} er ikke en gyldig dato") from None


def cell_int(cell: Cell) -> int:
    """A positive whole number; ValueError with a Danish reason otherwise."""
    if isinstance(cell, bool):
        raise ValueError("en sandhedsværdi er ikke et klagepunktnummer")
    if isinstance(cell, int):
        number = cell
    elif isinstance(cell, float) and cell.is_integer():
        number = int(cell)
    else:
        text = cell_text(cell)
        if not (text.isascii() and text.isdigit()):
            raise ValueError(f"{quote(text)} er ikke et helt tal (1, 2, 3 ...)")
        number = int(text)
    if number < 1:
        raise ValueError("nummeret skal være 1 eller større")
    return number


def quote(text: str, limit: int = 60) -> str:
    """A cell quoted for an error message, cut short so that a message stays a line."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"

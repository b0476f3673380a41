"""The report as a workbook: key figures, one sheet per table, and the counting rules."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..data import KEY_FIGURE_LABELS, Report, Table, Value
from . import FORMULA_PREFIXES

MAX_SHEET_NAME = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)


def sheet_names(titles: Iterable[str]) -> list[str]:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique ignoring case."""
    taken: set[str] = set()
    names = []
    for title in titles:
        base = _FORBIDDEN.sub("-", title).strip().strip("'") or "Tabel"
        name = base[:MAX_SHEET_NAME].rstrip()
        n = 2
        while name.casefold() in taken:
            suffix = f" ({n})"
            name = base[: MAX_SHEET_NAME - len(suffix)].rstrip() + suffix
            n += 1
        taken.add(name.casefold())
        names.append(name)
    return names


def _put(sheet: Worksheet, row: int, column: int, value: Value | str) -> Cell:
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        # A label is text, never a formula, whatever it starts with.
        cell.data_type = "s"
    return cell


def _widths(sheet: Worksheet, first: int, others: int, count: int) -> None:
    sheet.column_dimensions["A"].width = first
    for index in range(2, count + 2):
        sheet.column_dimensions[get_column_letter(index)].width = others


def _table_sheet(sheet: Worksheet, table: Table) -> None:
    _put(sheet, 1, 1, table.title).font = TITLE
    _put(sheet, 2, 1, table.base).alignment = Alignment(wrap_text=False)
    header_row = 4
    _put(sheet, header_row, 1, "")
    for n, column in enumerate(table.columns, start=2):
        cell = _put(sheet, header_row, n, column)
        cell.font = BOLD
        cell.alignment = Alignment(horizontal="right", wrap_text=True)
    row_number = header_row
    for row in table.rows:
        row_number += 1
        label = _put(sheet, row_number, 1, row.label)
        label.alignment = Alignment(indent=row.level * 2)
        if row.is_total or (row.level == 0 and any(r.level for r in table.rows)):
            label.font = BOLD
        for n, value in enumerate(row.values, start=2):
            cell = _put(sheet, row_number, n, value)
            if row.is_total:
                cell.font = BOLD
    if table.note:
        _put(sheet, row_number + 2, 1, f"* {table.note}")
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
    _widths(sheet, 48, 14 if len(table.columns) > 3 else 12, len(table.columns))


def render(report: Report) -> bytes:
    workbook = Workbook()
    names = sheet_names(
        ["Nøgletal", *(t.short_title or t.title for t in report.tables), "Om tallene"]
    )

    figures = workbook.active
    figures.title = names[0]
    _put(figures, 1, 1, report.title).font = TITLE
    _put(figures, 2, 1, f"{report.office_name}, {report.period.label}")
    for n, (key, value) in enumerate(report.key_figures.as_dict().items(), start=4):
        _put(figures, n, 1, KEY_FIGURE_LABELS[key])
        _put(figures, n, 2, value)
    _widths(figures, 48, 12, 1)

    for table, name in zip(report.tables, names[1:-1], strict=True):
        _table_sheet(workbook.create_sheet(name), table)

    rules = workbook.create_sheet(names[-1])
    _put(rules, 1, 1, "Sådan er der talt").font = TITLE
    for n, rule in enumerate(report.rules, start=3):
        _put(rules, n, 1, rule)
    rules.column_dimensions["A"].width = 120

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

"""The report as one CSV in long form: a line per number, for other programs to read.

Semicolon-separated UTF-8 with a byte order mark, as Danish Excel expects
(the same as the inquiry list's export).
"""

from __future__ import annotations

import csv
import io

from ..data import KEY_FIGURE_LABELS, Report, Value
from . import FORMULA_PREFIXES

HEADER = ("table_id", "table", "row_key", "row", "level", "column", "value")


def _text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_PREFIXES) else value


def _value(value: Value) -> str:
    return "" if value is None else str(value)


def render(report: Report) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for name, value in report.key_figures.as_dict().items():
        writer.writerow(
            ("key_figures", "Nøgletal", name, KEY_FIGURE_LABELS[name], 0, "Antal", _value(value))
        )
    for table in report.tables:
        for row in table.rows:
            for column, value in zip(table.columns, row.values, strict=True):
                writer.writerow(
                    (
                        table.id,
                        _text(table.title),
                        row.key,
                        _text(row.label),
                        row.level,
                        _text(column),
                        _value(value),
                    )
                )
    return ("\ufeff" + out.getvalue()).encode("utf-8")

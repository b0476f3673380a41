"""Pure renderers: a Report in, the bytes of one format out. None touches the database.

Each format is a module here with `render(report: Report) -> bytes`; a
format whose module does not exist yet is refused as not supported.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from borgerraadgiver.core import spreadsheets

from ..data import Report

FORMATS = ("json", "xlsx", "docx", "pdf", "csv")
CONTENT_TYPES = {
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
}
# A spreadsheet runs a cell that starts like this as a formula (core.spreadsheets).
FORMULA_PREFIXES = spreadsheets.FORMULA_PREFIXES


class UnsupportedFormat(Exception):
    """The format is unknown, or its renderer is not built yet."""


def renderer_for(fmt: str) -> Callable[[Report], bytes]:
    if fmt not in FORMATS:
        raise UnsupportedFormat(f"Ukendt format: {fmt}. Vælg mellem {', '.join(FORMATS)}.")
    module_name = f"{__name__}.{fmt}"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        raise UnsupportedFormat(f"Formatet {fmt} er endnu ikke understøttet.") from None
    render: Callable[[Report], bytes] = module.render
    return render


def render(report: Report, fmt: str) -> bytes:
    return renderer_for(fmt)(report)

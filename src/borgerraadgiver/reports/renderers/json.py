"""The Report JSON of contracts.md."""

from __future__ import annotations

import json

from ..data import Report


def render(report: Report) -> bytes:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2).encode("utf-8") + b"\n"

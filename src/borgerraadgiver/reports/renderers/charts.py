"""One chart spec per figure of the report (altair), drawn by vl-convert as SVG or PNG.

A figure is read from its table (`chart_data`) into a small, hashable
ChartData, so the same drawing serves the dashboard, the PDF and Word, and
can be cached. How each kind is drawn, readable in black and white, is in
chart_drawing.py. Nothing is fetched: the data are inline, no base URL is
allowed, and the font is the IBM Plex Sans that DKFDS ships.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import altair as alt
import vl_convert as vlc

from ..data import ChartKind, Table
from .chart_drawing import (
    DRAW,
    FONT,
    FONT_DIR,
    INK,
    MAX_PIE_SLICES,
    PNG_SCALE,
    RAMP,
    number,
    share_label,
    spread,
)

__all__ = [
    "RAMP",
    "ChartData",
    "chart_data",
    "chart_png",
    "chart_spec",
    "chart_svg",
    "number",
    "png",
    "scaled",
    "share_label",
    "spread",
    "svg",
]


@dataclass(frozen=True)
class ChartData:
    """What one figure draws.

    `values[s][c]` is series s at category c: for a pie or single bars one
    series; for stacked bars the table's columns; for lines one series per
    row over the periods (the categories).
    """

    kind: ChartKind
    title: str
    categories: tuple[str, ...]
    series: tuple[str, ...]
    values: tuple[tuple[int, ...], ...]
    percents: tuple[int | None, ...] = ()
    axis_title: str = "Antal"

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "categories": list(self.categories),
            "series": list(self.series),
            "values": [list(v) for v in self.values],
            "percents": list(self.percents),
            "axis_title": self.axis_title,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ChartData:
        kind = data["kind"]
        if kind not in ("pie", "bar", "hbar", "line"):
            raise ValueError(kind)
        return cls(
            kind=kind,
            title=str(data["title"]),
            categories=tuple(str(c) for c in data["categories"]),
            series=tuple(str(s) for s in data["series"]),
            values=tuple(tuple(int(v) for v in row) for row in data["values"]),
            percents=tuple(None if p is None else int(p) for p in data.get("percents", ())),
            axis_title=str(data.get("axis_title", "Antal")),
        )


def _is_total_column(table: Table) -> bool:
    """True when the last column is the sum of the others (Tabel 1's 'Sager i alt')."""
    if len(table.columns) < 3:
        return False
    body = [r for r in table.rows if not r.is_total]
    return all(
        r.values[-1] is not None and sum(v or 0 for v in r.values[:-1]) == r.values[-1]
        for r in body
    )


def chart_data(table: Table) -> ChartData | None:
    """The figure of a table, or None when it has none (or nothing to show)."""
    if table.chart is None:
        return None
    body = [r for r in table.rows if not r.is_total]
    if table.chart == "line":
        rows = [r for r in body if any(v for v in r.values)]
        if not rows or len(table.columns) < 2:
            return None
        return ChartData(
            kind="line",
            title=table.title,
            categories=tuple(table.columns),
            series=tuple(r.label for r in rows),
            values=tuple(tuple(v or 0 for v in r.values) for r in rows),
        )
    # A table with groups and their leaves is drawn by its groups; the leaves
    # are in the table (and in a zoom of their own).
    if any(r.level == 0 for r in body) and any(r.level > 0 for r in body):
        body = [r for r in body if r.level == 0]
    body = [r for r in body if r.values and (r.values[0] or 0) > 0]
    if not body:
        return None
    if table.columns[:2] == ("Antal", "%"):
        kind: ChartKind = "pie" if table.chart == "pie" else "hbar"
        if kind == "pie" and len(body) > MAX_PIE_SLICES:
            # Too many slices for labels a reader can match: bars say it better.
            kind = "hbar"
        if kind == "hbar":
            # Longest bar first; what has no value ("none") stays last.
            body.sort(key=lambda r: (r.key == "none", -(r.values[0] or 0)))
        return ChartData(
            kind=kind,
            title=table.title,
            categories=tuple(r.label for r in body),
            series=("Antal",),
            values=(tuple(r.values[0] or 0 for r in body),),
            percents=tuple(r.values[1] for r in body),
        )
    columns = table.columns[:-1] if _is_total_column(table) else table.columns
    return ChartData(
        kind="bar",
        title=table.title,
        categories=tuple(r.label for r in body),
        series=tuple(columns),
        values=tuple(tuple(r.values[i] or 0 for r in body) for i in range(len(columns))),
    )


def chart_spec(data: ChartData, *, validate: bool = False) -> dict[str, Any]:
    """The Vega-Lite spec of one figure: Danish numbers, the local font, a white ground.

    Validation against the Vega-Lite schema costs more than drawing; the tests do it.
    """
    chart = DRAW[data.kind](data).configure(
        font=FONT,
        background="white",
        padding=10,
        aria=False,
        view=alt.ViewConfig(stroke=None),
        axis=alt.AxisConfig(domainColor=INK, tickColor=INK),
    )
    spec: dict[str, Any] = chart.to_dict(validate=validate)
    return spec


def _register_font() -> None:
    vlc.register_font_directory(str(FONT_DIR))


_font_registered = False


def _convert_options() -> dict[str, Any]:
    global _font_registered
    if not _font_registered:
        _register_font()
        _font_registered = True
    # No base URL is allowed: a spec can never make the converter fetch anything.
    return {"allowed_base_urls": [], "format_locale": "da-DK"}


@lru_cache(maxsize=512)
def svg(data: ChartData) -> str:
    return str(vlc.vegalite_to_svg(chart_spec(data), **_convert_options()))


@lru_cache(maxsize=128)
def png(data: ChartData, scale: float = PNG_SCALE) -> bytes:
    # Rasterising the drawn SVG is several times faster than drawing again.
    return bytes(vlc.svg_to_png(svg(data), scale=scale))


_SIZE = re.compile(r'^(<svg[^>]*?) width="([\d.]+)" height="([\d.]+)"')


def scaled(svg_text: str, factor: float) -> str:
    """The same drawing shown `factor` times larger (its viewBox keeps the coordinates)."""

    def grow(match: re.Match[str]) -> str:
        width, height = float(match[2]) * factor, float(match[3]) * factor
        return f'{match[1]} width="{width:.0f}" height="{height:.0f}"'

    return _SIZE.sub(grow, svg_text, count=1)


def chart_svg(table: Table) -> str | None:
    data = chart_data(table)
    return None if data is None else svg(data)


def chart_png(table: Table, *, scale: float = PNG_SCALE) -> bytes | None:
    data = chart_data(table)
    return None if data is None else png(data, scale)

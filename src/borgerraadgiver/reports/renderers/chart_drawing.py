"""How each kind of figure is drawn (altair), for charts.py.

Every slice, bar and line carries its own label and number, lines differ by
dash and symbol as well as colour, and shades are one ramp of light to dark:
the figures can be read on a black-and-white print. Labels that would
collide are spread apart here (`spread`), since Vega-Lite does not.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import altair as alt

if TYPE_CHECKING:
    from .charts import ChartData

# The first is drawn here (PNG, PDF); a browser showing the SVG as an image
# cannot load web fonts and takes the next it has.
FONT = "IBM Plex Sans, Helvetica, Arial, sans-serif"
FONT_DIR = (
    Path(__file__).resolve().parents[2] / "core/static/vendor/dkfds/fonts/IBMPlexSans/complete/ttf"
)
INK = "#1a1a1a"
# Dark to light in even steps of lightness: tells slices apart in grey, too.
RAMP = ("#0b2f55", "#1d5a96", "#3f7fbf", "#76a5d6", "#a9c8e8", "#d6e5f4")
LIGHT_OUTLINE = "#0b2f55"
LINE_COLOURS = ("#0b2f55", "#8a3b12", "#2f6b2f", "#5b3a8c", "#4d4d4d", "#0e6e7a")
DASHES = ((1, 0), (7, 3), (2, 2), (10, 3, 2, 3), (4, 4), (12, 2), (1, 4), (6, 2, 2, 2, 2, 2))
SHAPES = (
    "circle",
    "square",
    "triangle-up",
    "diamond",
    "cross",
    "triangle-down",
    "triangle-right",
    "triangle-left",
)
MAX_PIE_SLICES = 6
PIE_RADIUS = 105
LABEL_SIZE = 12
LINE_HEIGHT = 15
WRAP = 26
BAR_WRAP = 34
# Word gets twice the pixels, for print.
PNG_SCALE = 2.0


def number(n: int) -> str:
    """Danish thousands: 1.234."""
    return f"{n:,}".replace(",", ".")


def share_label(count: int, percent: int | None) -> str:
    return number(count) if percent is None else f"{number(count)} ({percent} %)"


# -- direct labels ----------------------------------------------------------------


def _wrap(text: str, width: int = WRAP) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=True) or [""]


def _keys(labels: Sequence[str], width: int = WRAP) -> list[str]:
    """Category labels as scale keys, wrapped with newlines; a repeat gets a suffix."""
    seen: dict[str, int] = {}
    keys = []
    for label in labels:
        key = "\n".join(_wrap(label, width))
        n = seen.get(key, 0)
        seen[key] = n + 1
        keys.append(key + "\u200b" * n)
    return keys


def spread(
    wanted: Sequence[float], heights: Sequence[float], low: float, high: float
) -> list[float]:
    """Top edges near `wanted`, in the same order, not overlapping, within low..high.

    Two passes: push down whatever overlaps the label above, then pull up from
    the bottom whatever ran past `high`.
    """
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    placed = [0.0] * len(wanted)
    cursor = low
    for i in order:
        placed[i] = max(wanted[i], cursor)
        cursor = placed[i] + heights[i]
    limit = high
    for i in reversed(order):
        placed[i] = min(placed[i], limit - heights[i])
        limit = placed[i]
    return placed


def _nice_max(value: int) -> int:
    """A round top for the value axis, with some air above the largest value."""
    top = max(value, 1) * 1.1
    magnitude = 10 ** math.floor(math.log10(top))
    step = next(s for s in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if s * magnitude >= top)
    return max(math.ceil(step * magnitude), value + 1)


def _shades(count: int) -> list[str]:
    if count == 1:
        return [RAMP[1]]
    return [RAMP[round(i * (len(RAMP) - 1) / (count - 1))] for i in range(count)]


def _chart(rows: list[dict[str, Any]]) -> alt.Chart:
    return alt.Chart(alt.Data(values=rows))


def _pixels(field: str) -> dict[str, Any]:
    return {"field": field, "type": "quantitative", "scale": None, "axis": None}


# -- the four kinds -------------------------------------------------------------------


def _pie(data: ChartData) -> alt.LayerChart:
    """A pie from 12 o'clock, clockwise, largest first as the table is; labels outside."""
    counts = data.values[0]
    total = sum(counts)
    percents = data.percents or tuple(None for _ in counts)
    size = 2 * PIE_RADIUS + 20
    centre = size / 2
    slices, labels, angle = [], [], 0.0
    for n, (label, count, percent) in enumerate(
        zip(data.categories, counts, percents, strict=True)
    ):
        mid = angle + math.pi * count / total
        angle += 2 * math.pi * count / total
        slices.append({"key": f"{n:02d}", "value": count})
        labels.append(
            {
                "right": math.sin(mid) >= 0,
                "lines": [*_wrap(label), share_label(count, percent)],
                "edge": (
                    centre + (PIE_RADIUS + 2) * math.sin(mid),
                    centre - (PIE_RADIUS + 2) * math.cos(mid),
                ),
                "want": centre - (PIE_RADIUS + 24) * math.cos(mid),
            }
        )
    texts: list[dict[str, Any]] = []
    leaders: list[dict[str, Any]] = []
    for right in (True, False):
        group = [label for label in labels if label["right"] is right]
        heights = [len(label["lines"]) * LINE_HEIGHT for label in group]
        tops = spread(
            [label["want"] - h / 2 for label, h in zip(group, heights, strict=True)],
            heights,
            -80,
            size + 80,
        )
        x = centre + (PIE_RADIUS + 28) * (1 if right else -1)
        for label, top, h in zip(group, tops, heights, strict=True):
            texts.append(
                {
                    "x": x + (4 if right else -4),
                    "y": top + LABEL_SIZE,
                    "text": "\n".join(label["lines"]),
                    "right": right,
                }
            )
            ex, ey = label["edge"]
            leaders.append({"x": ex, "y": ey, "x2": x, "y2": top + h / 2})
    keys = [s["key"] for s in slices]
    arcs = (
        _chart(slices)
        .mark_arc(outerRadius=PIE_RADIUS, stroke=LIGHT_OUTLINE, strokeWidth=0.8)
        .encode(
            theta=alt.Theta("value:Q", stack=True),
            order=alt.Order("key:O"),
            color=alt.Color(
                "key:N", scale=alt.Scale(domain=keys, range=_shades(len(keys))), legend=None
            ),
        )
    )
    rules = (
        _chart(leaders)
        .mark_rule(color=INK, strokeWidth=0.8)
        .encode(x=_pixels("x"), y=_pixels("y"), x2="x2:Q", y2="y2:Q")
    )
    text_layers = [
        _chart([t for t in texts if t["right"] is right])
        .mark_text(
            align="left" if right else "right",
            baseline="alphabetic",
            lineBreak="\n",
            lineHeight=LINE_HEIGHT,
            fontSize=LABEL_SIZE,
            color=INK,
        )
        .encode(x=_pixels("x"), y=_pixels("y"), text="text:N")
        for right in (True, False)
        if any(t["right"] is right for t in texts)
    ]
    return (
        alt.layer(arcs, rules, *text_layers)
        .properties(width=size, height=size)
        .resolve_scale(x="independent", y="independent")
    )


def _category_axis() -> alt.Axis:
    return alt.Axis(
        title=None,
        labelExpr="split(datum.value, '\\n')",
        labelLimit=260,
        labelFontSize=LABEL_SIZE,
        labelColor=INK,
        labelPadding=6,
        ticks=False,
        domainColor=INK,
    )


def _hbar(data: ChartData) -> alt.LayerChart:
    """Horizontal bars, each with its number (and %) at its end."""
    keys = _keys(data.categories, BAR_WRAP)
    counts = data.values[0]
    percents = data.percents or tuple(None for _ in counts)
    rows = [
        {"key": key, "value": count, "text": share_label(count, percent)}
        for key, count, percent in zip(keys, counts, percents, strict=True)
    ]
    step = max(len(k.split("\n")) for k in keys) * LINE_HEIGHT + 8
    y = alt.Y("key:N", sort=keys, axis=_category_axis(), scale=alt.Scale(paddingInner=0.25))
    x = alt.X("value:Q", axis=None, scale=alt.Scale(domain=[0, _nice_max(max(counts))]))
    bars = _chart(rows).mark_bar(color=RAMP[1]).encode(x=x, y=y)
    numbers = (
        _chart(rows)
        .mark_text(align="left", dx=5, fontSize=LABEL_SIZE, color=INK)
        .encode(x=x, y=y, text="text:N")
    )
    return alt.layer(bars, numbers).properties(width=300, height=alt.Step(step))


def _bar(data: ChartData) -> alt.LayerChart:
    """Stacked horizontal bars (the parts of a whole), numbers in the parts and the total."""
    keys = _keys(data.categories, BAR_WRAP)
    totals = [sum(values) for values in zip(*data.values, strict=True)]
    top = _nice_max(max(totals))
    shades = [RAMP[0], RAMP[4], RAMP[2], RAMP[5]][: len(data.series)]
    rows, inside = [], []
    for s, (name, values) in enumerate(zip(data.series, data.values, strict=True)):
        for n, (key, value) in enumerate(zip(keys, values, strict=True)):
            start = sum(data.values[earlier][n] for earlier in range(s))
            rows.append(
                {"key": key, "series": name, "order": s, "start": start, "end": start + value}
            )
            # A number goes inside its part only where it fits.
            if value and value / top * 300 >= 8 * len(number(value)) + 6:
                inside.append(
                    {"key": key, "mid": start + value / 2, "text": number(value), "dark": s == 0}
                )
    step = max(len(k.split("\n")) for k in keys) * LINE_HEIGHT + 8
    y = alt.Y("key:N", sort=keys, axis=_category_axis(), scale=alt.Scale(paddingInner=0.25))
    x = alt.X("start:Q", axis=None, scale=alt.Scale(domain=[0, top]))
    parts = (
        _chart(rows)
        .mark_bar(stroke=LIGHT_OUTLINE, strokeWidth=0.8)
        .encode(
            x=x,
            x2="end:Q",
            y=y,
            color=alt.Color(
                "series:N",
                scale=alt.Scale(domain=list(data.series), range=shades),
                sort=list(data.series),
                legend=alt.Legend(
                    title=None,
                    orient="top",
                    labelFontSize=LABEL_SIZE,
                    symbolType="square",
                    symbolStrokeColor=LIGHT_OUTLINE,
                    symbolStrokeWidth=0.8,
                    symbolSize=150,
                ),
            ),
        )
    )
    layers: list[alt.Chart] = [parts]
    for dark in (True, False):
        chosen = [i for i in inside if i["dark"] is dark]
        if chosen:
            layers.append(
                _chart(chosen)
                .mark_text(fontSize=LABEL_SIZE - 1, color="white" if dark else INK)
                .encode(
                    x=alt.X("mid:Q", axis=None, scale=alt.Scale(domain=[0, top])),
                    y=y,
                    text="text:N",
                )
            )
    ends = [{"key": k, "total": t, "text": number(t)} for k, t in zip(keys, totals, strict=True)]
    layers.append(
        _chart(ends)
        .mark_text(align="left", dx=5, fontSize=LABEL_SIZE, fontWeight="bold", color=INK)
        .encode(x=alt.X("total:Q", axis=None, scale=alt.Scale(domain=[0, top])), y=y, text="text:N")
    )
    return alt.layer(*layers).properties(width=300, height=alt.Step(step))


def _line(data: ChartData) -> alt.LayerChart:
    """One line per series over the periods; dash and symbol tell them apart, names at the end."""
    height = 240
    top = _nice_max(max(max(v) for v in data.values))
    names = _keys(data.series)
    rows = [
        {"period": period, "series": name, "value": value}
        for name, values in zip(names, data.values, strict=True)
        for period, value in zip(data.categories, values, strict=True)
    ]
    last = data.categories[-1]
    lines_per = [len(name.split("\n")) for name in names]
    tops = spread(
        [
            height * (1 - values[-1] / top) - n * LINE_HEIGHT / 2
            for values, n in zip(data.values, lines_per, strict=True)
        ],
        [n * LINE_HEIGHT for n in lines_per],
        -20,
        height,
    )
    ends = [
        {"period": last, "y": t + LABEL_SIZE, "text": name}
        for name, t in zip(names, tops, strict=True)
    ]
    count = len(names)
    # The legend repeats the names with the symbols, for where lines cross.
    legend = alt.Legend(
        title=None,
        orient="bottom",
        columns=2,
        labelFontSize=LABEL_SIZE,
        symbolSize=90,
        labelLimit=260,
        # The names are wrapped for the ends of the lines; the legend has room for one line.
        labelExpr="join(split(datum.label, '\\n'), ' ')",
    )
    colour = alt.Color(
        "series:N",
        sort=names,
        scale=alt.Scale(
            domain=names, range=[LINE_COLOURS[i % len(LINE_COLOURS)] for i in range(count)]
        ),
        legend=legend,
    )
    dash = alt.StrokeDash(
        "series:N",
        sort=names,
        scale=alt.Scale(domain=names, range=[list(DASHES[i % len(DASHES)]) for i in range(count)]),
        legend=None,
    )
    shape = alt.Shape(
        "series:N",
        sort=names,
        scale=alt.Scale(domain=names, range=[SHAPES[i % len(SHAPES)] for i in range(count)]),
        legend=legend,
    )
    x = alt.X(
        "period:O",
        sort=list(data.categories),
        axis=alt.Axis(title=None, labelAngle=0, labelFontSize=LABEL_SIZE, labelColor=INK),
        scale=alt.Scale(padding=0.3),
    )
    y = alt.Y(
        "value:Q",
        scale=alt.Scale(domain=[0, top]),
        axis=alt.Axis(
            title=data.axis_title,
            titleFontSize=LABEL_SIZE,
            labelFontSize=LABEL_SIZE - 1,
            labelColor=INK,
            gridColor="#d9d9d9",
            format=",d",
            tickMinStep=1,
        ),
    )
    base = _chart(rows).encode(x=x, y=y, color=colour)
    lines = base.mark_line(strokeWidth=2).encode(strokeDash=dash)
    points = base.mark_point(filled=True, size=60, opacity=1).encode(shape=shape)
    names_at_end = (
        _chart(ends)
        .mark_text(
            align="left",
            dx=12,
            baseline="alphabetic",
            lineBreak="\n",
            lineHeight=LINE_HEIGHT,
            fontSize=LABEL_SIZE,
            color=INK,
        )
        .encode(x=x, y=_pixels("y"), text="text:N")
    )
    # The names are placed in pixels, so their layer has a y scale of its own.
    return (
        alt.layer(alt.layer(lines, points), names_at_end)
        .properties(width=max(90 * len(data.categories), 300), height=height)
        .resolve_scale(y="independent")
    )


DRAW: dict[str, Callable[[ChartData], alt.LayerChart]] = {
    "pie": _pie,
    "hbar": _hbar,
    "bar": _bar,
    "line": _line,
}

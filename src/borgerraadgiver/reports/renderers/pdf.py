"""The report as a tagged PDF (PDF/UA-1) with WeasyPrint, from reports/pdf.html.

The charts go in as SVG images with alternative text; the fonts are DKFDS's
IBM Plex Sans from the package. WeasyPrint may read files of this package
and inline data, nothing else: a report never makes the server fetch a URL.
"""

from __future__ import annotations

import base64
import datetime
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from borgerraadgiver.core.dates import long_date

from ..data import Report, Row, Table
from . import charts, layout

PACKAGE = Path(__file__).resolve().parents[2]
FONTS = PACKAGE / "core/static/vendor/dkfds/fonts/IBMPlexSans/complete/woff2"
STYLESHEET = Path(__file__).resolve().parents[1] / "static/reports/pdf.css"
FONT_FACES = (("Regular", 400, "normal"), ("SemiBold", 600, "normal"), ("Italic", 400, "italic"))

# WeasyPrint reports each layout step, and fontTools each font it subsets, at
# INFO: a line per step of every download in the server's log, saying nothing.
for _noisy in ("weasyprint.progress", "fontTools"):
    logging.getLogger(_noisy).setLevel(logging.WARNING)


class PackageFetcher(URLFetcher):
    """Inline data and files inside the package; anything else is refused."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.startswith("file:"):
            path = Path(unquote(urlparse(url).path)).resolve()
            if not path.is_relative_to(PACKAGE):
                raise ValueError("Kun filer fra programmet kan indgå i en PDF.")
        return super().fetch(url, headers)


@dataclass(frozen=True)
class Figure:
    number: int
    src: str
    alt: str


@dataclass(frozen=True)
class Shown:
    table: Table
    number: int
    figure: Figure | None = None

    @property
    def grouped(self) -> bool:
        return any(r.level for r in self.table.rows)

    @property
    def rows(self) -> list[tuple[Row, list[str]]]:
        return [(r, [layout.number(v) for v in r.values]) for r in self.table.rows]


def _font_css() -> str:
    faces = [
        f"@font-face {{ font-family: 'IBM Plex Sans'; font-weight: {weight}; "
        f"font-style: {style}; src: url('{(FONTS / f'IBMPlexSans-{name}.woff2').as_uri()}'); }}"
        for name, weight, style in FONT_FACES
    ]
    return "\n".join(faces)


def _figure(table: Table, number: int) -> Figure | None:
    svg = charts.chart_svg(table)
    if svg is None:
        return None
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return Figure(
        number=number,
        src=f"data:image/svg+xml;base64,{data}",
        alt=f"Diagram: {table.title}. Tallene står i tabellen under diagrammet.",
    )


def context(report: Report, *, short: bool) -> dict[str, Any]:
    """What pdf.html shows: topics with numbered figures and tables, then the appendix."""
    table_number = 1  # Tabel 1 is the key figures.
    figure_number = 0
    topics = []
    for topic in layout.topics(report, short=short, documents=True):
        shown = []
        for table in topic.tables:
            table_number += 1
            figure = None
            if table.chart is not None:
                figure = _figure(table, figure_number + 1)
                figure_number += figure is not None
            shown.append(Shown(table=table, number=table_number, figure=figure))
        topics.append({"topic": topic, "shown": shown})
    appendix = []
    if not short:
        for table in report.tables:
            table_number += 1
            appendix.append(Shown(table=table, number=table_number))
    return {
        "report": report,
        "short": short,
        "kind": "Halvårsstatus" if short else "Beretning",
        "created": long_date(datetime.date.today()),
        "key_figures": [
            (label, layout.number(v)) for _n, label, v in layout.key_figure_rows(report)
        ],
        "topics": topics,
        "appendix": appendix,
    }


def render(report: Report, *, short: bool = False) -> bytes:
    """The report (short: the half-year status) as PDF bytes, tagged for screen readers."""
    return html_to_pdf(render_to_string("reports/pdf.html", context(report, short=short)))


def html_to_pdf(html: str, *, stylesheet: Path = STYLESHEET) -> bytes:
    """A page of this package as a tagged PDF (PDF/UA-1): the package's fonts, no URL fetched."""
    fonts = FontConfiguration()
    fetcher = PackageFetcher()
    stylesheets = [
        CSS(string=_font_css(), font_config=fonts, url_fetcher=fetcher),
        CSS(filename=str(stylesheet), font_config=fonts, url_fetcher=fetcher),
    ]
    document = HTML(string=html, base_url=str(PACKAGE), url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(
        stylesheets=stylesheets,
        font_config=fonts,
        pdf_variant="pdf/ua-1",
        custom_metadata=True,
    )
    return pdf


def render_status(report: Report) -> bytes:
    return render(report, short=True)

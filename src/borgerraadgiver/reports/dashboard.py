"""What the dashboard shows of a Report: topics, tables with links, figures, downloads.

Every number links to the inquiry list with the filter behind it
(Table.cell_filter), in the list's own GET parameters. A figure is an image
whose address carries the figure's data, signed: the image view draws it
without computing the report again, and only for the office it was made for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core import signing
from django.urls import reverse

from borgerraadgiver.inquiries.models import INQUIRY_DIMENSIONS
from borgerraadgiver.offices.models import Office

from .data import Report, Table
from .documents import document_filename
from .periods import Period
from .renderers import charts, layout
from .renderers.charts import ChartData

CHART_SALT = "reports.chart"
# The inquiry list's GET parameters (inquiries/list_forms.py) a report filter may use.
LIST_PARAMETERS = frozenset(
    {"received_from", "received_to", "org_unit", "theme", "status", *INQUIRY_DIMENSIONS}
)
FORMAT_LABELS = {
    "docx": "Word (DOCX)",
    "pdf": "PDF",
    "xlsx": "Regneark (XLSX)",
    "csv": "CSV",
    "json": "JSON",
}


def list_href(filters: Mapping[str, str] | None) -> str | None:
    """The inquiry list behind a number; None when the list cannot show exactly that."""
    if filters is None or not set(filters) <= LIST_PARAMETERS:
        return None
    # The audit trail records the look that follows as one for the statistics.
    params = sorted(filters.items()) + [("formaal", "statistik")]
    return f"{reverse('inquiries:list')}?{urlencode(params)}"


def chart_token(office_id: int, data: ChartData) -> str:
    return signing.dumps({"o": office_id, "c": data.as_dict()}, salt=CHART_SALT, compress=True)


def chart_from_token(token: str, office_id: int) -> ChartData | None:
    """The figure a token carries, if it is genuine and was made for this office."""
    try:
        payload = signing.loads(token, salt=CHART_SALT)
        if payload.get("o") != office_id:
            return None
        return ChartData.from_dict(payload["c"])
    except (signing.BadSignature, KeyError, TypeError, ValueError, AttributeError):
        return None


@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None


@dataclass(frozen=True)
class ShownRow:
    label: str
    level: int
    is_total: bool
    bold: bool
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class ShownTable:
    table: Table
    anchor: str
    rows: tuple[ShownRow, ...]
    chart_src: str | None
    chart_alt: str


@dataclass(frozen=True)
class ShownTopic:
    topic: layout.Topic
    tables: tuple[ShownTable, ...]
    details: tuple[ShownTable, ...]


def shown_table(table: Table, index: int, office_id: int, *, drill_down: bool = True) -> ShownTable:
    grouped = any(r.level for r in table.rows)
    rows = tuple(
        ShownRow(
            label=row.label,
            level=row.level,
            is_total=row.is_total,
            bold=row.is_total or (grouped and row.level == 0),
            cells=tuple(
                Cell(
                    layout.number(value),
                    list_href(table.cell_filter(row, n)) if drill_down else None,
                )
                for n, value in enumerate(row.values)
            ),
        )
        for row in table.rows
    )
    data = charts.chart_data(table)
    src = None
    if data is not None:
        src = f"{reverse('reports:chart')}?{urlencode({'d': chart_token(office_id, data)})}"
    return ShownTable(
        table=table,
        anchor=f"tabel-{index}",
        rows=rows,
        chart_src=src,
        chart_alt=f"Diagram: {table.title}. Tallene står i tabellen under diagrammet.",
    )


def shown_topics(report: Report, office_id: int, *, drill_down: bool = True) -> list[ShownTopic]:
    """`drill_down=False` for a role that may not see the list: the numbers without links."""
    index = {t.id: n for n, t in enumerate(report.tables, start=1)}

    def shown(tables: tuple[Table, ...]) -> tuple[ShownTable, ...]:
        return tuple(shown_table(t, index[t.id], office_id, drill_down=drill_down) for t in tables)

    return [
        ShownTopic(topic=topic, tables=shown(topic.tables), details=shown(topic.details))
        for topic in layout.topics(report)
    ]


def key_figure_cells(report: Report, *, drill_down: bool = True) -> list[tuple[str, Cell]]:
    """The key figures; the number of inquiries links to them (no list shows the others)."""
    period_filter = {
        "received_from": report.period.start.isoformat(),
        "received_to": report.period.end.isoformat(),
    }
    return [
        (
            label,
            Cell(
                layout.number(value),
                list_href(period_filter) if drill_down and name == "inquiries" else None,
            ),
        )
        for name, label, value in layout.key_figure_rows(report)
    ]


@dataclass(frozen=True)
class Download:
    kind: str
    fmt: str
    label: str
    href: str
    filename: str


@dataclass(frozen=True)
class DownloadGroup:
    title: str
    items: tuple[Download, ...]


DOWNLOAD_GROUPS = (
    ("Beretning", "beretning", ("docx", "pdf")),
    ("Halvårsstatus (kort udgave)", "status", ("docx", "pdf")),
    ("Alle tabeller som data", "beretning", ("xlsx", "csv", "json")),
)


def downloads(office: Office, period: Period) -> list[DownloadGroup]:
    query = urlencode({"fra": period.start.isoformat(), "til": period.end.isoformat()})
    return [
        DownloadGroup(
            title,
            tuple(
                Download(
                    kind=kind,
                    fmt=fmt,
                    label=FORMAT_LABELS[fmt],
                    href=f"{reverse('reports:download', args=[kind, fmt])}?{query}",
                    filename=document_filename(office, period, kind, fmt),
                )
                for fmt in formats
            ),
        )
        for title, kind, formats in DOWNLOAD_GROUPS
    ]

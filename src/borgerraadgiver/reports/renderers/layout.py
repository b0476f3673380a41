"""How the report's tables are laid out in topics: shared by Word, PDF and the dashboard.

Each table names its topic (Table.section). A document shows, per topic, the
whole-office tables that have a figure; the tables for each department and
the theme x department cross table go to the appendix with everything else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..data import KEY_FIGURE_LABELS, Report, Table, Value

SECTION_TITLES = {
    "key_figures": "Nøgletal",
    "org_units": "Henvendelser fordelt på afdelinger",
    "themes": "Klagepunkter fordelt på temaer",
    "inquiry_kind": "Henvendelsestyper",
    "primary_reason": "Årsager til henvendelserne",
    "handling": "Borgerrådgiverens håndtering",
    "channel": "Sådan henvender borgerne sig",
    "requester_kind": "Hvem henvender sig",
    "outcome": "Udfald",
    "conclusion": "Borgerrådgiverens udtalelser",
    "development": "Udviklingen over tid",
}
LAST = ("conclusion", "development")
# The half-year status: the key figures and the main tables only.
STATUS_SECTIONS = frozenset(
    {"key_figures", "org_units", "themes", "inquiry_kind", "primary_reason", "handling"}
)
STATUS_LEFT_OUT = frozenset({"theme_zoom", "inquiry_kind_registrations"})


@dataclass(frozen=True)
class Topic:
    code: str
    title: str
    # Shown in the topic: whole-office tables with a figure.
    tables: tuple[Table, ...]
    # The rest of the topic's tables: per department, cross tables.
    details: tuple[Table, ...] = ()

    @property
    def anchor(self) -> str:
        return f"emne-{self.code}"


def number(value: Value) -> str:
    """A count in Danish: 1.234, and – for no value."""
    return "–" if value is None else f"{value:,}".replace(",", ".")


def key_figure_rows(report: Report) -> list[tuple[str, str, int]]:
    """(name, Danish label, value) for the key figures the office has."""
    return [
        (name, KEY_FIGURE_LABELS[name], value)
        for name, value in report.key_figures.as_dict().items()
        if value is not None
    ]


def section_order(tables: Iterable[Table]) -> list[str]:
    """Known topics in reading order, unknown ones before the last two."""
    seen = list(dict.fromkeys(t.section for t in tables if t.section))
    known = [s for s in SECTION_TITLES if s in seen and s not in LAST]
    others = [s for s in seen if s not in SECTION_TITLES]
    return [*known, *others, *(s for s in LAST if s in seen)]


def is_main(table: Table) -> bool:
    return ":" not in table.id and table.chart is not None


def topics(report: Report, *, short: bool = False, documents: bool = False) -> list[Topic]:
    """The report's topics with their tables; `short` keeps the half-year status's.

    `documents`: only topics with a table to show in the text (Word, PDF); the
    dashboard also lists topics whose tables are all per department.
    """
    result = []
    for code in section_order(report.tables):
        if short and code not in STATUS_SECTIONS:
            continue
        own = [t for t in report.tables if t.section == code]
        main = [t for t in own if is_main(t)]
        if short:
            main = [t for t in main if t.id not in STATUS_LEFT_OUT]
        details = [] if short else [t for t in own if not is_main(t)]
        if code != "key_figures" and not main and (documents or not details):
            continue
        title = SECTION_TITLES.get(code) or (own[0].short_title or own[0].title)
        result.append(Topic(code, title, tuple(main), tuple(details)))
    if not any(t.code == "key_figures" for t in result):
        # The key figures open every report, with or without tables of their own.
        result.insert(0, Topic("key_figures", SECTION_TITLES["key_figures"], ()))
    return result

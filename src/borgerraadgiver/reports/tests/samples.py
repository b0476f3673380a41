"""A hand-made Report for the renderer tests: every kind of table and figure, no database.

The numbers are chosen to be unmistakable in a document read back as text.
"""

from __future__ import annotations

import datetime

from borgerraadgiver.reports.data import KeyFigures, Report, Row, Table
from borgerraadgiver.reports.periods import Period
from borgerraadgiver.reports.rounding import ROUNDING_NOTE

PERIOD = Period(datetime.date(2024, 4, 1), datetime.date(2025, 3, 31))
RANGE = {"received_from": "2024-04-01", "received_to": "2025-03-31"}
TRICKY = "Jura & <b>Økonomi</b>"


def _f(**extra: str) -> dict[str, str]:
    return {**RANGE, **extra}


def sample_tables() -> tuple[Table, ...]:
    points = Table(
        id="org_unit_points",
        title="Hovedsager og følgesager fordelt på afdelinger",
        short_title="Hovedsager og følgesager",
        base="Grundlag: 4723 klagepunkter.",
        columns=("Hovedsag", "Følgesager", "Sager i alt"),
        rows=(
            Row("Børn & Familie", (3911, 127, 4038), key="2", filter=_f(org_unit="2")),
            Row(TRICKY, (571, 114, 685), key="3", filter=_f(org_unit="3")),
            Row("I alt", (4482, 241, 4723), key="total", filter=RANGE, is_total=True),
        ),
        chart="bar",
        section="org_units",
    )
    share = Table(
        id="org_unit_share",
        title="Henvendelser fordelt på afdelinger",
        short_title="Fordeling på afdelinger",
        base="Grundlag: alle 4482 henvendelser.",
        columns=("Antal", "%"),
        rows=(
            Row("Børn & Familie", (3911, 87), key="2", filter=_f(org_unit="2")),
            Row(TRICKY, (398, 9), key="3", filter=_f(org_unit="3")),
            Row("Udlændingestyrelsen", (173, 4), key="9", filter=_f(org_unit="9")),
            Row("I alt", (4482, 100), key="total", filter=RANGE, is_total=True),
        ),
        chart="pie",
        section="org_units",
    )
    themes = Table(
        id="themes",
        title="Klagepunkter fordelt på tema og emne",
        short_title="Tema og emne",
        base="Grundlag: 311 klagepunkter.",
        columns=("Antal", "%"),
        rows=(
            Row("Forvaltningsskik", (203, 65), key="forvaltningsskik", filter=_f(theme="40")),
            Row("Sagsbehandlingstid", (157, 50), level=1, key="tid", filter=_f(theme="41")),
            Row("Inddragelse", (46, 15), level=1, key="inddragelse", filter=_f(theme="42")),
            Row("Forvaltningsloven", (108, 35), key="forvaltningsloven", filter=_f(theme="50")),
            Row("Partshøring", (108, 35), level=1, key="partshoering", filter=_f(theme="51")),
            Row("I alt", (311, 100), key="total", filter=RANGE, is_total=True),
        ),
        chart="hbar",
        section="themes",
    )
    cross = Table(
        id="theme_by_org_unit",
        title="Klagepunkter fordelt efter emne og afdeling",
        short_title="Emne og afdeling",
        base="Grundlag: 311 klagepunkter, hvert på sin øverste enhed.",
        columns=("Børn & Familie", TRICKY, "I alt"),
        rows=(
            Row("Forvaltningsskik", (199, 4, 203), key="forvaltningsskik", filter=_f(theme="40")),
            Row("Sagsbehandlingstid", (153, 4, 157), level=1, key="tid", filter=_f(theme="41")),
            Row("Inddragelse", (46, 0, 46), level=1, key="inddragelse", filter=_f(theme="42")),
            Row("Forvaltningsloven", (101, 7, 108), key="forvaltningsloven", filter=None),
            Row("Partshøring", (101, 7, 108), level=1, key="partshoering", filter=None),
            Row("I alt", (300, 11, 311), key="total", filter=RANGE, is_total=True),
        ),
        section="themes",
        column_filters=({"org_unit": "2"}, {"org_unit": "3"}, {}),
    )
    kinds = ("Vejledning", "Klage", "Vejvisning", "Aktindsigt", "Hjælp", "Anden", "Ansøgning")
    counts = (1201, 1100, 900, 600, 400, 200, 81)
    kind_rows = tuple(
        Row(label, (n, round(n * 100 / 4482)), key=f"k{i}", filter=_f(inquiry_kind=str(i)))
        for i, (label, n) in enumerate(zip(kinds, counts, strict=True))
    )
    inquiry_kind = Table(
        id="inquiry_kind",
        title="Henvendelsestype",
        short_title="Henvendelsestype",
        base="Grundlag: alle 4482 henvendelser.",
        columns=("Antal", "%"),
        rows=(*kind_rows, Row("I alt", (4482, 101), key="total", filter=RANGE, is_total=True)),
        note=ROUNDING_NOTE,
        chart="pie",
        section="inquiry_kind",
    )
    per_unit = Table(
        id="primary_reason:Børn & Familie",
        title="Primær årsag – Børn & Familie",
        short_title="Primær årsag – Børn & Familie",
        base="Grundlag: de 3911 henvendelser registreret på Børn & Familie.",
        columns=("Antal", "%"),
        rows=(
            Row("Sagsbehandlingstid", (3000, 77), key="tid", filter=_f(org_unit="2")),
            Row("Ikke registreret", (911, 23), key="none", filter=None),
            Row("I alt", (3911, 100), key="total", filter=_f(org_unit="2"), is_total=True),
        ),
        chart="hbar",
        section="primary_reason",
    )
    development = Table(
        id="development_org_unit",
        title="Udviklingen i henvendelser pr. afdeling",
        short_title="Udvikling pr. afdeling",
        base="Grundlag: de seneste 3 perioder.",
        columns=("2022/23", "2023/24", "2024/25"),
        rows=(
            Row("Børn & Familie", (2961, 3420, 3911), key="2", filter={"org_unit": "2"}),
            Row(TRICKY, (612, 455, 398), key="3", filter={"org_unit": "3"}),
            Row("I alt", (3573, 3875, 4309), key="total", filter={}, is_total=True),
        ),
        chart="line",
        section="development",
        column_filters=(
            {"received_from": "2022-04-01", "received_to": "2023-03-31"},
            {"received_from": "2023-04-01", "received_to": "2024-03-31"},
            RANGE,
        ),
    )
    return (points, share, themes, cross, inquiry_kind, per_unit, development)


def sample_report() -> Report:
    return Report(
        office="albertslund",
        office_name="Albertslund Kommune",
        period=PERIOD,
        title="Borgerrådgiverens beretning 2024/25",
        key_figures=KeyFigures(
            inquiries=4482,
            complaint_points=4723,
            main_points=4482,
            follow_on_points=241,
            distinct_persons=3977,
            external_inquiries=173,
            registrations=4723,
        ),
        tables=sample_tables(),
        rules=("Procenter er afrundet til hele tal (halvdelen op).",),
    )

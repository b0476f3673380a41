"""Ballerup 2018/19 (003_...) shares per director's area, and Lejre 2018 (000_...) key figures."""

from __future__ import annotations

import datetime

import pytest

from borgerraadgiver.reports.periods import Period
from borgerraadgiver.reports.selectors import report_build
from tests.factories import make_office

from .builders import Reg, bulk_register, rolled_back, spread
from .seed_data import (
    BALLERUP_AREA_A_SUB_UNITS,
    BALLERUP_AREAS,
    BALLERUP_COMPLAINTS,
    BALLERUP_INQUIRIES,
    BALLERUP_OTHER,
    BALLERUP_PERIOD,
    LEJRE_COMPLAINT_POINTS,
    LEJRE_DISTINCT_PERSONS,
    LEJRE_FOLLOW_ON_POINTS,
    LEJRE_INQUIRIES,
    LEJRE_KINDS,
    LEJRE_MAIN_POINTS,
    LEJRE_PERIOD,
    LEJRE_REGISTRATIONS,
    LEJRE_SHARES_OF_REGISTRATIONS,
)

pytestmark = pytest.mark.django_db
BALLERUP = Period(*(datetime.date.fromisoformat(d) for d in BALLERUP_PERIOD))
LEJRE = Period(*(datetime.date.fromisoformat(d) for d in LEJRE_PERIOD))
AREA_A = "Arbejdsmarked/Social & Sundhed"
# Complaints per area (the seed gives only the total of 50): A, B, C.
BALLERUP_COMPLAINTS_PER_AREA = {AREA_A: 30, "Børn og Unge/Skole/Kultur": 15}
BALLERUP_SUB_UNITS = {
    "Børn og Unge/Skole/Kultur": ["Familie", "Handicap", "Dagtilbud", "Skoler", "Kultur"],
    "By, Erhverv og Miljø, Opkrævning": ["Opkrævning", "Ejendomme", "Bolig", "Anlæg/plan"],
}
OTHER_KINDS = ["vejledning", "vejvisning", "vejledning", "andet"]


def ballerup_registrations() -> list[Reg]:
    regs = []
    for area, (count, _pct) in BALLERUP_AREAS.items():
        if area == AREA_A:
            places = [
                f"{area} / {sub}"
                for sub, (n, _p) in BALLERUP_AREA_A_SUB_UNITS.items()
                for _ in range(n)
            ]
        else:
            subs = BALLERUP_SUB_UNITS[area]
            places = [f"{area} / {subs[n % len(subs)]}" for n in range(count)]
        complaints = BALLERUP_COMPLAINTS_PER_AREA.get(area, BALLERUP_COMPLAINTS - 45)
        for n, place in enumerate(places):
            if n < complaints:
                regs.append(
                    Reg(
                        place,
                        themes=["sagsbehandlingstid_og_manglende_svar"],
                        values={"inquiry_kind": "klage", "handling": "dialog_med_afdeling"},
                    )
                )
            else:
                kind = OTHER_KINDS[n % len(OTHER_KINDS)]
                regs.append(Reg(place, values={"inquiry_kind": kind}))
    for reg, day in zip(regs, spread(BALLERUP.start, BALLERUP.end, len(regs)), strict=True):
        reg.received = day
    return regs


def lejre_registrations() -> list[Reg]:
    centres = [
        "Center for Job og Ydelser",
        "Center for Børn og Familie",
        "Center for Skole og Dagtilbud",
        "Center for Social og Sundhed",
        "Center for Byg og Miljø",
        "Koncernsekretariat & Udvikling",
    ]
    kinds = [kind for kind, n in LEJRE_KINDS.items() for _ in range(n)]
    regs = []
    for n, kind in enumerate(kinds):
        themes: list[str | None] = []
        if kind == "klage":
            themes = ["sagsbehandlingstid_og_manglende_svar"]
            if n < LEJRE_FOLLOW_ON_POINTS:
                themes.append("partshoering")
        regs.append(
            Reg(
                centres[n % len(centres)],
                themes=themes,
                values={"inquiry_kind": kind},
                # 164 inquiries from 132 citizens: the first 32 came back once.
                person=f"borger-{n % LEJRE_DISTINCT_PERSONS}",
            )
        )
    for reg, day in zip(regs, spread(LEJRE.start, LEJRE.end, len(regs)), strict=True):
        reg.received = day
    return regs


@pytest.fixture(scope="module")
def ballerup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), rolled_back():
        office = make_office("ballerup", preset="ballerup")
        bulk_register(office, ballerup_registrations(), received=BALLERUP.start)
        return report_build(office, BALLERUP)


@pytest.fixture(scope="module")
def lejre(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), rolled_back():
        office = make_office("lejre", preset="lejre")
        bulk_register(office, lejre_registrations(), received=LEJRE.start)
        return report_build(office, LEJRE)


def test_ballerup_shares_per_directors_area_are_63_26_and_11_percent(ballerup):
    table = ballerup.table("org_unit_share")
    assert {r.label: r.values for r in table.rows if not r.is_total} == BALLERUP_AREAS
    assert table.total_row.values == (BALLERUP_INQUIRIES, 100)
    assert table.note is None


def test_ballerup_counts_50_complaints_and_64_other_inquiries(ballerup):
    figures = ballerup.key_figures
    assert (figures.inquiries, figures.complaints, figures.other_inquiries) == (
        BALLERUP_INQUIRIES,
        BALLERUP_COMPLAINTS,
        BALLERUP_OTHER,
    )
    assert figures.main_points == BALLERUP_COMPLAINTS
    table = ballerup.table("complaints_vs_other")
    assert table.column("Antal") == {"complaints": 50, "other": 64}
    assert table.column("%") == {"complaints": 44, "other": 56}


def test_ballerup_one_level_down_shares_the_areas_inquiries_among_its_departments(ballerup):
    table = ballerup.table(f"org_unit_sub_share:{AREA_A}")
    assert {r.label: r.values for r in table.rows if not r.is_total} == BALLERUP_AREA_A_SUB_UNITS
    assert table.total_row.values == (72, 100)


def test_lejre_key_figures_match_the_seed(lejre):
    figures = lejre.key_figures
    assert figures.inquiries == LEJRE_INQUIRIES
    assert figures.registrations == LEJRE_REGISTRATIONS
    assert figures.complaint_points == LEJRE_COMPLAINT_POINTS
    assert (figures.main_points, figures.follow_on_points) == (
        LEJRE_MAIN_POINTS,
        LEJRE_FOLLOW_ON_POINTS,
    )
    assert figures.distinct_persons == LEJRE_DISTINCT_PERSONS
    assert (figures.complaints, figures.other_inquiries) == (113, 51)


def test_lejre_shares_of_guidance_and_directions_are_of_all_174_registrations(lejre):
    table = lejre.table("inquiry_kind_registrations")
    assert table.total_row.values[0] == LEJRE_REGISTRATIONS
    shares = {code: table.row(code).values[1] for code in LEJRE_SHARES_OF_REGISTRATIONS}
    assert shares == LEJRE_SHARES_OF_REGISTRATIONS
    # "Ca. 70 % af sagerne har været klageforhold (123 sager)": 123/174 = 70.7 %.
    assert table.row("klage").values == (123, 71)


def test_lejre_per_inquiry_kind_table_counts_inquiries_not_registrations(lejre):
    table = lejre.table("inquiry_kind")
    assert table.column("Antal") == LEJRE_KINDS
    assert table.total_row.values == (LEJRE_INQUIRIES, 100)
    # Of inquiries, directions are 14/164 = 8.5 % -> 9 %; the seed's 8 % is of registrations.
    assert table.column("%") == {"klage": 69, "andet": 12, "vejledning": 10, "vejvisning": 9}
    assert table.note is None

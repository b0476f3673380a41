"""Synthetic registrations shaped like a real office's, for the demo and the benchmark.

The proportions come from the Albertslund annual report 2024/25
(../shared/seeds/004_...): Tabel 1 (hovedsager and følgesager per department)
and Tabel 2 (complaint points per theme and department). Everything else
(channels, handling, outcome, how long cases stay open) is a plausible guess,
weighted so that the statistics look like the seed reports'.

Pure: draws from a seeded `random.Random`, touches no database, so that the
demo (through the services) and the benchmark (bulk inserts) share it.
"""

from __future__ import annotations

import datetime
import itertools
import random
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import holidays
import yaml

from borgerraadgiver.core.dates import MONTHS

TEXTS_PATH = Path(__file__).resolve().parent / "texts.yaml"

DEPARTMENTS: tuple[str, ...] = (
    "Borger, Arbejdsmarked & Erhverv",
    "Børn & Familie",
    "Dagtilbud & Skole",
    "Kultur, Fritid & Ejendomme",
    "Miljø & Teknik",
    "Ældre, Sundhed & Social",
    "Økonomi & Stab",
    "Øvrige",
)
EXTERNAL = "Øvrige"
# Tabel 1: (hovedsager, følgesager) per department, in DEPARTMENTS order.
DEPARTMENT_POINTS: tuple[tuple[int, int], ...] = (
    (50, 10),
    (39, 12),
    (17, 9),
    (5, 3),
    (4, 3),
    (34, 4),
    (1, 0),
    (12, 0),
)
# Tabel 2: complaint points per theme leaf, one column per department.
THEME_POINTS: dict[str, tuple[int, ...]] = {
    "anden_offentligretlig_lovgivning": (12, 12, 2, 1, 0, 6, 0, 8),
    "privatretlige_spoergsmaal": (1, 0, 0, 0, 0, 0, 0, 2),
    "behandlingssikkerhed": (0, 1, 0, 0, 0, 1, 0, 0),
    "berigtigelse_sletning_blokering": (0, 0, 1, 0, 0, 0, 0, 0),
    "databehandlingsskik": (0, 0, 1, 0, 0, 0, 0, 0),
    "begrundelse": (4, 1, 2, 1, 0, 4, 0, 0),
    "klagevejledning": (0, 0, 0, 0, 1, 0, 0, 2),
    "partsaktindsigt": (0, 1, 2, 0, 0, 1, 0, 0),
    "partshoering": (0, 1, 0, 1, 1, 0, 0, 0),
    "repraesentation": (0, 0, 0, 0, 0, 1, 0, 0),
    "vejledning": (3, 1, 0, 0, 0, 0, 0, 0),
    "betjening_af_borgerne": (3, 0, 0, 2, 0, 3, 0, 0),
    "enkelhed_og_effektivitet": (0, 0, 1, 0, 0, 0, 0, 0),
    "inddragelse": (0, 6, 5, 0, 1, 0, 0, 0),
    "koordineret_indsats": (1, 2, 0, 0, 0, 1, 0, 0),
    "opfoelgning": (0, 0, 1, 0, 0, 0, 0, 0),
    "orientering_om_sagens_gang": (2, 2, 0, 0, 0, 2, 0, 0),
    "sagsbehandlingstid_og_manglende_svar": (5, 6, 3, 0, 2, 5, 1, 0),
    "sprogbrug_klarhed_praecision": (1, 1, 0, 0, 1, 1, 0, 0),
    "venlig_og_hensynsfuld_optraeden": (4, 2, 0, 0, 0, 2, 0, 0),
    "aabenhed_og_tillid": (4, 4, 7, 1, 1, 2, 0, 0),
    "afgoerelser": (5, 4, 0, 0, 0, 2, 0, 0),
    "andre_materielle_spoergsmaal": (1, 0, 1, 1, 0, 0, 0, 0),
    "notatpligt": (0, 3, 0, 1, 0, 0, 0, 0),
    "generelle_serviceniveau": (10, 0, 0, 0, 0, 0, 0, 0),
    "konkret_serviceniveau": (1, 2, 0, 0, 0, 6, 0, 0),
    "sagsoplysning": (3, 2, 0, 0, 0, 1, 0, 0),
}
# Themes about the conduct of the case (rather than the law or the service
# level) mostly come as complaints; the rest mostly as requests for guidance.
CONDUCT_THEMES = frozenset(THEME_POINTS) - {
    "anden_offentligretlig_lovgivning",
    "privatretlige_spoergsmaal",
    "afgoerelser",
    "andre_materielle_spoergsmaal",
    "generelle_serviceniveau",
    "konkret_serviceniveau",
}
HELP_TO_COMPLAIN_SHARE = 0.07

Weights = dict[str, float]


class Table:
    """Weighted choice with the cumulative weights computed once (the bench draws millions)."""

    def __init__(self, weights: Weights) -> None:
        self.keys = list(weights)
        self.cum = list(itertools.accumulate(weights[k] for k in self.keys))

    def draw(self, rng: random.Random) -> str:
        return rng.choices(self.keys, cum_weights=self.cum)[0]


KIND_CONDUCT = Table({"klage": 72, "vejledning": 18, "andet": 6, "hjaelp_til_ansoegning": 4})
KIND_OTHER = Table(
    {"vejledning": 55, "vejvisning": 18, "klage": 15, "hjaelp_til_ansoegning": 7, "andet": 5}
)
HANDLING: dict[str, Table] = {
    k: Table(v)
    for k, v in {
        "klage": {
            "dialog_med_afdeling": 28,
            "oversendelse": 26,
            "oversendelse_uddybende": 10,
            "raad_og_vejledning": 12,
            "undersoegelse": 7,
            "akut_moededeltager": 6,
            "orientering": 5,
            "afvist": 6,
        },
        "vejledning": {
            "raad_og_vejledning": 70,
            "orientering": 12,
            "vejviser": 10,
            "dialog_med_afdeling": 8,
        },
        "vejvisning": {"vejviser": 1},
        "hjaelp_til_klage": {"hjaelp_klage": 1},
        "hjaelp_til_ansoegning": {"hjaelp_ansoegning": 85, "hjaelp_partshoering": 15},
        "andet": {"raad_og_vejledning": 60, "orientering": 25, "vejviser": 15},
    }.items()
}
# Authorities outside the municipality: the advisor shows the way or rejects.
HANDLING_EXTERNAL = Table({"vejviser": 50, "raad_og_vejledning": 35, "afvist": 15})
INVOLVES_ADMINISTRATION = frozenset(
    {"dialog_med_afdeling", "oversendelse", "oversendelse_uddybende", "akut_moededeltager"}
)
OUTCOME_INVOLVED = Table(
    {
        "loest_i_forvaltningen": 55,
        "borger_vejledt": 20,
        "ingen_videre_kontakt": 18,
        "trukket_tilbage": 7,
    }
)
OUTCOME_GUIDED = Table({"borger_vejledt": 85, "ingen_videre_kontakt": 12, "trukket_tilbage": 3})
CHANNEL = Table(
    {
        "telefon": 48,
        "mail": 27,
        "formular": 7,
        "henvist_af_forvaltningen": 6,
        "fremmoede": 4,
        "aaben_raadgivning": 4,
        "brev": 4,
    }
)
REQUESTER_KIND = Table(
    {
        "borger": 77,
        "paaroerende": 14,
        "anonym": 4,
        "erhvervsdrivende": 3,
        "forening": 1,
        "medarbejder": 1,
    }
)
FIRST_CONTACT = {
    "telefon": ("phone", "Telefonsamtale med borgeren om henvendelsen."),
    "mail": ("mail_in", "Henvendelse modtaget på mail."),
    "formular": ("mail_in", "Henvendelse modtaget via kontaktformularen."),
    "brev": ("mail_in", "Brev modtaget fra borgeren."),
    "fremmoede": ("meeting", "Samtale med borgeren ved personligt fremmøde."),
    "aaben_raadgivning": ("meeting", "Samtale med borgeren i den åbne rådgivning."),
    "henvist_af_forvaltningen": ("mail_in", "Forvaltningen har henvist borgeren hertil."),
}


@cache
def texts() -> dict[str, Any]:
    with TEXTS_PATH.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def pick(rng: random.Random, weights: Weights | Table) -> str:
    table = weights if isinstance(weights, Table) else Table(weights)
    return table.draw(rng)


@dataclass
class Draft:
    """One synthetic inquiry before it is stored. Codes, not database objects."""

    received: datetime.date
    unit_path: tuple[str, ...]  # top-level name, then sub-unit name if any
    themes: list[str]  # theme leaf codes, hovedsag first; empty = no complaint points
    values: dict[str, str]  # inquiry-level vocabulary code -> value code
    closed: datetime.date | None
    anonymous: bool
    anonymous_to_administration: bool
    relation: tuple[str, str, str, str] | None  # who came on whose behalf, their genders
    account: str
    journal: list[tuple[str, datetime.date, str]] = field(default_factory=list)


class Drawer:
    """Draws inquiries one by one; the same seed and `today` give the same drafts."""

    def __init__(
        self, rng: random.Random, today: datetime.date, *, follow_on: float | None = None
    ) -> None:
        """`follow_on` overrides Tabel 1's følgesager per hovedsag with one mean for all."""
        self.rng = rng
        self.today = today
        self.follow_on = follow_on
        self.texts = texts()
        self._departments = Table(
            {d: h for d, (h, _f) in zip(DEPARTMENTS, DEPARTMENT_POINTS, strict=True)}
        )
        self._columns = [
            {code: col[i] for code, col in THEME_POINTS.items() if col[i]}
            for i in range(len(DEPARTMENTS))
        ]
        self._theme_tables = [Table(column) for column in self._columns]
        self._unit_tables = {}
        for dept, spec in self.texts["units"].items():
            options: Weights = {"": spec.get("self", 100)}
            options.update({name: c["weight"] for name, c in spec.get("children", {}).items()})
            self._unit_tables[dept] = Table(options)

    def received_dates(
        self, start: datetime.date, end: datetime.date, n: int
    ) -> list[datetime.date]:
        """n dates in [start, end], on working days, fewer in July and at Christmas."""
        dk = holidays.country_holidays("DK", years=range(start.year, end.year + 1))
        days, weights = [], []
        day = start
        while day <= end:
            if day.weekday() < 5 and day not in dk:
                days.append(day)
                quiet = day.month == 7 or (day.month == 12 and day.day > 20)
                weights.append(0.4 if quiet else 1.0)
            day += datetime.timedelta(days=1)
        return sorted(self.rng.choices(days, weights=weights, k=n))

    def _unit(self, dept: str) -> tuple[tuple[str, ...], dict[str, Any]]:
        spec = self.texts["units"][dept]
        child = self._unit_tables[dept].draw(self.rng)
        if child:
            return (dept, child), spec["children"][child]
        return (dept,), spec

    def _themes(self, dept_index: int) -> list[str]:
        column = self._columns[dept_index]
        main = self._theme_tables[dept_index].draw(self.rng)
        hoved, folge = DEPARTMENT_POINTS[dept_index]
        ratio = folge / hoved if self.follow_on is None else self.follow_on
        themes = [main]
        # Geometric with mean `ratio`: Tabel 1's følgesager per hovedsag.
        while self.rng.random() < ratio / (1 + ratio) and len(themes) < 4:
            rest = {c: w for c, w in column.items() if c not in themes}
            if not rest:
                break
            themes.append(pick(self.rng, rest))
        return themes

    def _fill(self, template: str, topic: str, ref: str, received: datetime.date) -> str:
        month = MONTHS[(received.month - 1 - self.rng.randint(1, 4)) % 12]
        return template.format(
            topic=topic,
            ref=ref,
            month=month,
            n=self.rng.choice(("to", "tre", "flere")),
            weeks=self.rng.randint(5, 20),
        )

    def _closed(self, received: datetime.date, handling: str) -> datetime.date | None:
        rng = self.rng
        if handling in ("undersoegelse",):
            days = rng.randint(30, 60)
        elif handling == "akut_moededeltager":
            days = rng.randint(7, 40)
        elif handling in INVOLVES_ADMINISTRATION:
            days = int(rng.triangular(3, 60, 21))
        elif handling == "afvist":
            days = rng.randint(0, 5)
        else:
            days = 0 if rng.random() < 0.45 else rng.randint(1, 14)
        closed = received + datetime.timedelta(days=days)
        if closed > self.today:
            return None
        # A few cases stall and are still open months later: the worklist shows them.
        if (self.today - received).days < 180 and rng.random() < 0.03:
            return None
        return closed

    def draw(self, received: datetime.date) -> Draft:
        rng = self.rng
        dept = self._departments.draw(rng)
        dept_index = DEPARTMENTS.index(dept)
        unit_path, unit_spec = self._unit(dept)
        topic = rng.choice(unit_spec["topics"])
        ref = unit_spec["ref"]

        if rng.random() < HELP_TO_COMPLAIN_SHARE:
            themes: list[str] = []
            kind = "hjaelp_til_klage"
            sentences = [
                self._fill(rng.choice(self.texts["help_to_complain"]), topic, ref, received)
            ]
        else:
            themes = self._themes(dept_index)
            kind = pick(rng, KIND_CONDUCT if themes[0] in CONDUCT_THEMES else KIND_OTHER)
            sentences = [
                self._fill(
                    rng.choice(self.texts["themes"][themes[0]]["main"]), topic, ref, received
                )
            ]
            sentences += [
                self._fill(rng.choice(self.texts["themes"][t]["also"]), topic, ref, received)
                for t in themes[1:]
            ]

        requester_kind = pick(rng, REQUESTER_KIND)
        anonymous = requester_kind == "anonym"
        handling = pick(
            rng,
            HANDLING_EXTERNAL
            if dept == EXTERNAL and kind != "hjaelp_til_klage"
            else HANDLING[kind],
        )
        if anonymous and handling == "undersoegelse":
            # Anonymous inquiries are as a rule not investigated.
            handling = "raad_og_vejledning"
        relation = None
        if requester_kind == "paaroerende":
            relation = tuple(rng.choice(self.texts["relations"]))
            sentences.insert(0, f"{relation[0]} henvender sig på vegne af {relation[1]}.")
        if anonymous:
            sentences.insert(0, "Henvenderen ønsker at være anonym.")
        sentences.append(self.texts["handling"][handling].format(ref=ref))

        closed = self._closed(received, handling)
        values = {
            "inquiry_kind": kind,
            "handling": handling,
            "channel": pick(rng, CHANNEL),
            "requester_kind": requester_kind,
        }
        if closed is not None:
            if handling == "undersoegelse":
                values["outcome"] = "udtalelse_afgivet"
            elif handling == "afvist":
                values["outcome"] = "afvist"
            else:
                values["outcome"] = pick(
                    rng, OUTCOME_INVOLVED if handling in INVOLVES_ADMINISTRATION else OUTCOME_GUIDED
                )
        draft = Draft(
            received=received,
            unit_path=unit_path,
            themes=themes,
            values=values,
            closed=closed,
            anonymous=anonymous,
            anonymous_to_administration=anonymous or (rng.random() < 0.06),
            relation=relation,  # type: ignore[arg-type]
            account=" ".join(sentences),
        )
        draft.journal = self._journal(draft, ref)
        return draft

    def _journal(self, d: Draft, ref: str) -> list[tuple[str, datetime.date, str]]:
        rng = self.rng
        end = d.closed or self.today
        span = (end - d.received).days

        def at(fraction: float) -> datetime.date:
            return d.received + datetime.timedelta(days=round(span * fraction))

        kind, text = FIRST_CONTACT.get(d.values["channel"], ("note", "Henvendelse modtaget."))
        entries = [(kind, d.received, text)]
        handling = d.values["handling"]
        if handling in ("oversendelse", "oversendelse_uddybende"):
            entries.append(
                (
                    "mail_out",
                    at(0.1),
                    f"Klagen oversendt til {ref} med anmodning om "
                    "svar direkte til borgeren og kopi hertil.",
                )
            )
            if d.closed:
                entries.append(("mail_in", at(0.9), f"Kopi af svaret fra {ref} modtaget."))
        elif handling == "dialog_med_afdeling":
            entries.append(("phone", at(0.3), f"Telefonsamtale med {ref} om sagens status."))
        elif handling == "akut_moededeltager":
            entries.append(("meeting", at(0.5), f"Deltaget som bisidder ved møde i {ref}."))
        elif handling == "undersoegelse":
            entries.append(
                (
                    "mail_out",
                    at(0.05),
                    f"Anmodning om redegørelse og sagens akter sendt til {ref}; frist tre uger.",
                )
            )
            if span > 21:
                entries.append(("mail_in", at(0.6), f"Redegørelse modtaget fra {ref}."))
        if d.closed:
            closing = (
                "Udtalelse sendt til borgeren og forvaltningen."
                if (handling == "undersoegelse")
                else "Sagen afsluttet."
            )
            entries.append(
                ("note" if handling != "undersoegelse" else "mail_out", d.closed, closing)
            )
        elif rng.random() < 0.5:
            entries.append(("note", at(0.5), "Afventer svar."))
        return entries

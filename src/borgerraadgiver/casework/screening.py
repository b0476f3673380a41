"""The competence screening at intake, as a pure assessment (no database).

The statutes' rules, in the order they are applied:

1. An exclusion chosen (competence_exclusion) puts the inquiry outside the
   advisor's competence; the exclusions "forældet" and "grundløs" have grounds
   of their own.
2. An anonymous inquiry is as a rule not investigated (the anonymity rule).
3. The one-year rule: an inquiry received after the limit is late, unless a
   dispensation ground is recorded.

The limit is the act date plus `limitation_months` calendar months, on the
same day of the month; a day the month does not have is its last day (29
February 2024 + 12 months = 28 February 2025). An inquiry received on the
limit itself is in time: act 15 March 2024, received 15 March 2025 is in
time, received 16 March 2025 is late.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

WITHIN = "within"
REJECTED = "rejected"

# rejection_ground codes (vocabularies/taxonomy/standard.yaml, competence.rejection_grounds)
GROUND_OUTSIDE = "uden_for_kompetence"
GROUND_LATE = "for_sent"
GROUND_ANONYMOUS = "anonym"
GROUND_UNCLEAR = "uklar"
# Exclusions that are a ground of their own rather than "outside competence".
EXCLUSION_GROUNDS = {"foraeldet": GROUND_LATE, "grundloes": GROUND_UNCLEAR}

OMBUDSMAN = (
    "Du kan klage til Folketingets Ombudsmand (www.ombudsmanden.dk), når du har klaget "
    "til kommunen først."
)
DEPARTMENT = "Du kan også rette henvendelse direkte til den afdeling, sagen drejer sig om."

# Where the citizen can go instead: a default text per rejection ground, and
# for "outside competence" per exclusion. The advisor edits it before saving.
REFERRAL_BY_GROUND: dict[str, str] = {
    GROUND_LATE: (
        "Borgerrådgiveren kan ikke behandle klager over forhold, der ligger mere end ét år "
        "tilbage. " + DEPARTMENT + " " + OMBUDSMAN
    ),
    GROUND_ANONYMOUS: (
        "Borgerrådgiveren undersøger som udgangspunkt ikke anonyme henvendelser. Du er "
        "velkommen til at henvende dig igen med dit navn; du kan bede om at være anonym "
        "over for forvaltningen. " + DEPARTMENT
    ),
    "dialog_ikke_udtoemt": (
        "Forvaltningen skal først have mulighed for at svare på din klage. Skriv til "
        "afdelingen; får du ikke et svar, du kan bruge, er du velkommen til at vende tilbage."
    ),
    "manglende_interesse": DEPARTMENT + " " + OMBUDSMAN,
    "forvaltningen_har_rettet_op": (
        "Forvaltningen har allerede rettet op på forholdet. " + DEPARTMENT
    ),
    GROUND_UNCLEAR: (
        "Du er velkommen til at henvende dig igen og beskrive, hvad du klager over, og "
        "hvornår det skete. " + DEPARTMENT
    ),
    GROUND_OUTSIDE: DEPARTMENT + " " + OMBUDSMAN,
}
REFERRAL_BY_EXCLUSION: dict[str, str] = {
    "fagligt_indhold": (
        "Du kan klage over selve afgørelsen til den klageinstans, der står i afgørelsens "
        "klagevejledning (fx Ankestyrelsen). Klagen sendes til kommunen, som genvurderer sagen."
    ),
    "anden_klageinstans": (
        "Du kan klage til den klageinstans, der står i afgørelsens klagevejledning "
        "(fx Ankestyrelsen eller Klagenævnet for Specialundervisning). Husk klagefristen."
    ),
    "privatretlige": (
        "Spørgsmålet er privatretligt. Du kan få gratis retshjælp hos en retshjælp eller "
        "en advokatvagt; en sag kan afgøres af domstolene."
    ),
    "personaleforhold": (
        "Spørgsmål om ansættelse hører under kommunens personaleafdeling; som ansat kan du "
        "også kontakte din faglige organisation."
    ),
    "politisk_serviceniveau": (
        "Serviceniveauet fastsættes af kommunalbestyrelsen. Du kan skrive til det politiske "
        "udvalg eller til kommunalbestyrelsens medlemmer."
    ),
    "indbragt_tilsyn_ombudsmand_domstol": (
        "Sagen behandles allerede af tilsynet, Ombudsmanden eller domstolene; "
        "Borgerrådgiveren kan ikke behandle den samtidig."
    ),
    "behandlet_politisk": (
        "Kommunalbestyrelsen eller et udvalg har taget stilling til sagen. Du kan bede "
        "Ankestyrelsen (det kommunale tilsyn) se på, om beslutningen er lovlig."
    ),
    "uden_for_kommunen": (
        "Sagen hører under en anden myndighed end kommunen (fx Udbetaling Danmark). Kontakt "
        "myndigheden direkte; du kan klage til Folketingets Ombudsmand over den."
    ),
}


def limitation_end(act_date: datetime.date, months: int) -> datetime.date:
    """The last day in time for `act_date`: `months` later, on the same day or the month's end."""
    index = act_date.month - 1 + months
    year, month = act_date.year + index // 12, index % 12 + 1
    day = min(act_date.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


def is_late(act_date: datetime.date | None, received: datetime.date, months: int) -> bool:
    """Received after the limit; an unknown act date is never late (nothing to count from)."""
    return act_date is not None and received > limitation_end(act_date, months)


@dataclass(frozen=True)
class Assessment:
    """The suggested result: "within", or "rejected" with a rejection_ground code."""

    result: str
    ground: str
    late: bool
    limit: datetime.date | None
    reasons: tuple[str, ...]

    @property
    def rejected(self) -> bool:
        return self.result == REJECTED


def screening_assess(
    *,
    received: datetime.date,
    act_date: datetime.date | None,
    limitation_months: int = 12,
    exclusion: str = "",
    anonymous: bool = False,
    dispensation: bool = False,
) -> Assessment:
    """Apply the rules (module docstring) to one inquiry; codes in, a suggestion out."""
    limit = limitation_end(act_date, limitation_months) if act_date else None
    late = is_late(act_date, received, limitation_months)
    reasons: list[str] = []
    if late:
        # Narrowed: late implies an act date and so a limit.
        assert limit is not None  # nosec B101
        reasons.append(
            f"Henvendelsen er modtaget efter fristen {limit:%d-%m-%Y} "
            f"({limitation_months} måneder fra forholdet)."
        )
        if dispensation:
            reasons.append("Der er dispenseret fra fristen.")
    if exclusion:
        reasons.append("Forholdet er undtaget fra Borgerrådgiverens kompetence.")
        ground = EXCLUSION_GROUNDS.get(exclusion, GROUND_OUTSIDE)
        return Assessment(REJECTED, ground, late, limit, tuple(reasons))
    if anonymous:
        reasons.append("Anonyme henvendelser undersøges som udgangspunkt ikke.")
        return Assessment(REJECTED, GROUND_ANONYMOUS, late, limit, tuple(reasons))
    if late and not dispensation:
        return Assessment(REJECTED, GROUND_LATE, late, limit, tuple(reasons))
    return Assessment(WITHIN, "", late, limit, tuple(reasons))


def is_default_referral(text: str) -> bool:
    """Whether `text` is one of the default texts (a new suggestion may then replace it)."""
    text = text.strip()
    return text in REFERRAL_BY_GROUND.values() or text in REFERRAL_BY_EXCLUSION.values()


def referral_text(ground: str, exclusion: str = "") -> str:
    """The default "where the citizen can go instead" for a rejection."""
    if ground == GROUND_OUTSIDE and exclusion in REFERRAL_BY_EXCLUSION:
        return REFERRAL_BY_EXCLUSION[exclusion]
    return REFERRAL_BY_GROUND.get(ground, DEPARTMENT + " " + OMBUDSMAN)

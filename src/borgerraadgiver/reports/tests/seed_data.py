"""Published figures of the seed reports in ../shared/seeds/, transcribed by hand.

Each block names the seed file and the table. Labels are the seed's own; the
codes are the standard vocabulary's (taxonomy/standard.yaml) for the value the
seed's label means.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------
# Albertslund, 1 April 2024 - 31 March 2025 (004_a804127b6868d7f5.txt)
# ---------------------------------------------------------------------------

ALBERTSLUND_PERIOD = ("2024-04-01", "2025-03-31")

# Bilag 1, column order of Tabel 1 and Tabel 2 (Tabel 2 abbreviates the names).
ALBERTSLUND_UNITS = (
    "Borger, Arbejdsmarked & Erhverv",
    "Børn & Familie",
    "Dagtilbud & Skole",
    "Kultur, Fritid & Ejendomme",
    "Miljø & Teknik",
    "Ældre, Sundhed & Social",
    "Økonomi & Stab",
    "Øvrige",
)

# Bilag 1, "Tabel 1 Fordeling af henvendelser i de enkelte afdelinger":
# unit -> (Hovedsag, Følgesager, Sager i alt)
ALBERTSLUND_TABLE_1 = {
    "Borger, Arbejdsmarked & Erhverv": (50, 10, 60),
    "Børn & Familie": (39, 12, 51),
    "Dagtilbud & Skole": (17, 9, 26),
    "Kultur, Fritid & Ejendomme": (5, 3, 8),
    "Miljø & Teknik": (4, 3, 7),
    "Ældre, Sundhed & Social": (34, 4, 38),
    "Økonomi & Stab": (1, 0, 1),
    "Øvrige": (12, 0, 12),
}
ALBERTSLUND_TABLE_1_TOTAL = (162, 41, 203)

# Bilag 1, "Tabel 2: Sager fordelt efter emne og afdeling": the group rows,
# code -> (seed label, counts in ALBERTSLUND_UNITS order, I alt)
ALBERTSLUND_TABLE_2_GROUPS = {
    "andet": ("Andet", (13, 12, 2, 1, 0, 6, 0, 10), 44),
    "gdpr": ("GDPR", (0, 1, 2, 0, 0, 1, 0, 0), 4),
    "forvaltningsloven": ("Forvaltningsloven", (7, 4, 4, 2, 2, 6, 0, 2), 27),
    "forvaltningsskik": ("Forvaltningsskik", (20, 23, 17, 3, 5, 16, 1, 0), 85),
    "hjemmelsspoergsmaal": ("Hjemmelsspørgsmål", (6, 4, 1, 1, 0, 2, 0, 0), 14),
    "offentlighedsloven": ("Offentlighedsloven", (0, 3, 0, 1, 0, 0, 0, 0), 4),
    "opgavevaretagelse": ("Opgavevaretagelse", (11, 2, 0, 0, 0, 6, 0, 0), 19),
    "retsgrundsaetninger": ("Retsgrundsætninger", (3, 2, 0, 0, 0, 1, 0, 0), 6),
}

# Tabel 2, the leaf rows: code -> (seed label, group code, counts, I alt)
ALBERTSLUND_TABLE_2_LEAVES = {
    "anden_offentligretlig_lovgivning": (
        "Anden offentligretlig lovgivning",
        "andet",
        (12, 12, 2, 1, 0, 6, 0, 8),
        41,
    ),
    "privatretlige_spoergsmaal": (
        "Privatretlige spørgsmål",
        "andet",
        (1, 0, 0, 0, 0, 0, 0, 2),
        3,
    ),
    "behandlingssikkerhed": ("Behandlingssikkerhed", "gdpr", (0, 1, 0, 0, 0, 1, 0, 0), 2),
    "berigtigelse_sletning_blokering": (
        "Berigtigelse, sletning eller blokering",
        "gdpr",
        (0, 0, 1, 0, 0, 0, 0, 0),
        1,
    ),
    "databehandlingsskik": ("Databehandlingsskik", "gdpr", (0, 0, 1, 0, 0, 0, 0, 0), 1),
    "begrundelse": ("Begrundelse", "forvaltningsloven", (4, 1, 2, 1, 0, 4, 0, 0), 12),
    "klagevejledning": ("Klagevejledning", "forvaltningsloven", (0, 0, 0, 0, 1, 0, 0, 2), 3),
    "partsaktindsigt": ("Partsaktindsigt", "forvaltningsloven", (0, 1, 2, 0, 0, 1, 0, 0), 4),
    "partshoering": ("Partshøring", "forvaltningsloven", (0, 1, 0, 1, 1, 0, 0, 0), 3),
    "repraesentation": ("Repræsentation", "forvaltningsloven", (0, 0, 0, 0, 0, 1, 0, 0), 1),
    "vejledning": ("Vejledning", "forvaltningsloven", (3, 1, 0, 0, 0, 0, 0, 0), 4),
    "betjening_af_borgerne": (
        "Betjening af borgerne",
        "forvaltningsskik",
        (3, 0, 0, 2, 0, 3, 0, 0),
        8,
    ),
    "enkelhed_og_effektivitet": (
        "Enkelhed og effektivitet",
        "forvaltningsskik",
        (0, 0, 1, 0, 0, 0, 0, 0),
        1,
    ),
    "inddragelse": ("Inddragelse", "forvaltningsskik", (0, 6, 5, 0, 1, 0, 0, 0), 12),
    "koordineret_indsats": (
        "Koordineret indsats",
        "forvaltningsskik",
        (1, 2, 0, 0, 0, 1, 0, 0),
        4,
    ),
    "opfoelgning": ("Opfølgning", "forvaltningsskik", (0, 0, 1, 0, 0, 0, 0, 0), 1),
    "orientering_om_sagens_gang": (
        "Orientering om sagens gang eller status",
        "forvaltningsskik",
        (2, 2, 0, 0, 0, 2, 0, 0),
        6,
    ),
    "sagsbehandlingstid_og_manglende_svar": (
        "Sagsbehandlingstid og manglende svar",
        "forvaltningsskik",
        (5, 6, 3, 0, 2, 5, 1, 0),
        22,
    ),
    "sprogbrug_klarhed_praecision": (
        "Sprogbrug, klarhed, præcision m.v.",
        "forvaltningsskik",
        (1, 1, 0, 0, 1, 1, 0, 0),
        4,
    ),
    "venlig_og_hensynsfuld_optraeden": (
        "Venlig og hensynsfuld optræden",
        "forvaltningsskik",
        (4, 2, 0, 0, 0, 2, 0, 0),
        8,
    ),
    "aabenhed_og_tillid": ("Åbenhed og tillid", "forvaltningsskik", (4, 4, 7, 1, 1, 2, 0, 0), 19),
    "afgoerelser": ("Afgørelser", "hjemmelsspoergsmaal", (5, 4, 0, 0, 0, 2, 0, 0), 11),
    "andre_materielle_spoergsmaal": (
        "Andre materielle spm",
        "hjemmelsspoergsmaal",
        (1, 0, 1, 1, 0, 0, 0, 0),
        3,
    ),
    "notatpligt": ("Notatpligt", "offentlighedsloven", (0, 3, 0, 1, 0, 0, 0, 0), 4),
    "generelle_serviceniveau": (
        "Generelle serviceniveau",
        "opgavevaretagelse",
        (10, 0, 0, 0, 0, 0, 0, 0),
        10,
    ),
    "konkret_serviceniveau": (
        "Konkret serviceniveau",
        "opgavevaretagelse",
        (1, 2, 0, 0, 0, 6, 0, 0),
        9,
    ),
    "sagsoplysning": (
        "Sagsoplysning og oplysningsskridt",
        "retsgrundsaetninger",
        (3, 2, 0, 0, 0, 1, 0, 0),
        6,
    ),
}
ALBERTSLUND_TABLE_2_TOTAL = ((60, 51, 26, 8, 7, 38, 1, 12), 203)

# ---------------------------------------------------------------------------
# Lyngby-Taarbæk, 1 March - 31 December 2022 (002_f32e8f9836874ef0.txt)
# ---------------------------------------------------------------------------

LYNGBY_PERIOD = ("2022-03-01", "2022-12-31")
LYNGBY_INQUIRIES = 183
LYNGBY_EXTERNAL = ("Uden for kommunen", 9)  # "Henvendelser uden for LTKs forvaltning"

# Per-centre counts, from each centre's section ("Jeg har i 2022 registreret 82
# henvendelser på CUBAs område", ...); short name -> count.
LYNGBY_CENTRES = {
    "CUBA": 82,
    "CSI": 44,
    "CSO": 15,
    "CUPB": 10,
    "KIPO": 7,
    "CUP": 5,
    "CAE": 5,
    "CJSI": 3,
    "CTMB": 2,
    "CØP": 1,
}
# "Top tre over centre med flest henvendelser" (ca. %, of all 183 inquiries),
# and "77 % af henvendelserne fordeler sig på tre ... områder".
LYNGBY_TOP_THREE_SHARES = {"CUBA": 45, "CSI": 24, "CSO": 8}
LYNGBY_TOP_THREE_TOTAL = 77

# Sub-units named in the centres' sections (CSI: "25 henvendelser til Afdeling
# Børn (0-14 år), 5 ... Unge (15-29 år) og 14 ... Voksen (30 +)"; CSO: "12 ...
# Visitation og Hjælpemidler og 1 ... Hjemmeplejen, 1 ... Plejecenter Bredebo
# og 1 ... Solgården"; CUBA: Borgerservice 18, Afklaring og Beskæftigelse 14,
# Indsats for sygemeldte 12, Job og Virksomhedsservice 4, Ungeenheden 3; the
# seed does not place CUBA's other 31; CUPB: "10 ..., som alle vedrører
# Byggesags-afdelingen").
LYNGBY_SUB_UNITS = {
    "CSI": {
        "Afdeling Børn (0-14 år)": 25,
        "Afdeling Unge (15-29 år)": 5,
        "Afdeling Voksen (30+)": 14,
    },
    "CSO": {
        "Visitation og Hjælpemidler": 12,
        "Hjemmeplejen": 1,
        "Plejecenter Bredebo": 1,
        "Solgården": 1,
    },
    "CUBA": {
        "Borgerservice": 18,
        "Afklaring og Beskæftigelse": 14,
        "Indsats for sygemeldte": 12,
        "Job og Virksomhedsservice": 4,
        "Ungeenheden": 3,
    },
    "CUPB": {"Byggesag": 10},
}

# CUBA, "Primær årsag til borgers henvendelse": (seed label, code, Antal, %);
# "I alt 82 99 % *" with the rounding note.
LYNGBY_CUBA_PRIMARY_REASON = (
    ("Spørgsmål til sagsbehandlingsprocedure", "spoergsmaal_til_procedure", 18, 22),
    ("Vejviser", "vejviser", 14, 17),
    ("Hjælp ifm. klage", "hjaelp_klage", 13, 16),
    ("Hjælp ifm. ansøgning", "hjaelp_ansoegning", 10, 12),
    ("Langsommelig sagsbehandling", "langsommelig_sagsbehandling", 6, 7),
    ("Dialog om sagsforløb", "dialog_om_sagsforloeb", 4, 5),
    ("Manglende helhedsorienteret og koordineret indsats", "manglende_helhedsorientering", 4, 5),
    ("Manglende svar på henvendelse", "manglende_svar", 4, 5),
    ("Hjælp ifm. partshøring", "hjaelp_partshoering", 3, 4),
    ("Manglende inddragelse i egen sag", "manglende_inddragelse", 2, 2),
    ("Manglende iværksættelse af ydelse", "manglende_ivaerksaettelse", 1, 1),
    ("Manglende afgørelse", "manglende_afgoerelse", 1, 1),
    ("Utilfreds med personalets optræden", "personalets_optraeden", 1, 1),
    ("Utilstrækkelig støtte", "utilstraekkelig_stoette", 1, 1),
)
LYNGBY_CUBA_PRIMARY_REASON_TOTAL = (82, 99)

# CUBA, the handling table (the seed heads it "Primær årsag til borgers
# henvendelse" too, but its rows are the advisor's handling): "I alt 82 100 %".
LYNGBY_CUBA_HANDLING = (
    ("Råd og vejledning", "raad_og_vejledning", 25, 31),
    ("Dialog med afdeling", "dialog_med_afdeling", 19, 23),
    ("Vejviser", "vejviser", 14, 17),
    ("Hjælp ifm. klage", "hjaelp_klage", 9, 11),
    ("Hjælp ifm. ansøgning", "hjaelp_ansoegning", 7, 9),
    ("Oversendelsessag", "oversendelse", 5, 6),
    ("Hjælp ifm. partshøring", "hjaelp_partshoering", 2, 2),
    ("Afvist/Udenfor kompetence", "afvist", 1, 1),
)
LYNGBY_CUBA_HANDLING_TOTAL = (82, 100)

# CSI, "Primær årsag til borgers henvendelse": "I alt 44 99 %" with the note.
LYNGBY_CSI_PRIMARY_REASON = (
    ("Langsommelig sagsbehandling", "langsommelig_sagsbehandling", 8, 18),
    ("Manglende helhedsorientering og koordinering", "manglende_helhedsorientering", 7, 16),
    ("Hjælp ifm. ansøgning", "hjaelp_ansoegning", 5, 11),
    ("Manglende svar på henvendelse", "manglende_svar", 5, 11),
    ("Dialog om sagsforløb", "dialog_om_sagsforloeb", 3, 7),
    ("Spørgsmål til sagsbehandlingsprocedurer", "spoergsmaal_til_procedure", 3, 7),
    ("Hjælp ifm. klage", "hjaelp_klage", 2, 5),
    ("Klage over manglende iværksættelse af bevilget støtte", "manglende_ivaerksaettelse", 2, 5),
    ("Utilstrækkelig støtte", "utilstraekkelig_stoette", 2, 5),
    ("Forslag", "forslag", 1, 2),
    ("Hjælp ifm. partshøring", "hjaelp_partshoering", 1, 2),
    ("Manglende inddragelse i egen sag", "manglende_inddragelse", 1, 2),
    ("Manglende journalisering", "manglende_journalisering", 1, 2),
    ("Manglende råd og vejledning", "manglende_vejledning", 1, 2),
    ("Utilfreds med afdelingens beslutning", "utilfreds_med_beslutning", 1, 2),
    ("Vejviser", "vejviser", 1, 2),
)
LYNGBY_CSI_PRIMARY_REASON_TOTAL = (44, 99)

# CSI, "Borgerrådgiverens håndtering af henvendelserne": "I alt 44 100 %".
LYNGBY_CSI_HANDLING = (
    ("Hjulpet med dialogen med forvaltningen", "dialog_med_afdeling", 19, 43),
    ("Oversendelssag - uddybende spørgsmål", "oversendelse_uddybende", 7, 16),
    ("Orientering om sagsforløb", "orientering", 5, 11),
    ("Råd og vejledning", "raad_og_vejledning", 4, 9),
    ("Hjælp ifm. ansøgning", "hjaelp_ansoegning", 3, 7),
    ("Akut mødedeltager", "akut_moededeltager", 2, 5),
    ("Hjælp ifm. klage", "hjaelp_klage", 2, 5),
    ("Vejviser", "vejviser", 1, 2),
    ("Afvist/Uden for kompetence", "afvist", 1, 2),
)
LYNGBY_CSI_HANDLING_TOTAL = (44, 100)

# ---------------------------------------------------------------------------
# Ballerup, 1 November 2018 - 31 October 2019 (003_7c57e4fce79ebb35.txt)
# ---------------------------------------------------------------------------

BALLERUP_PERIOD = ("2018-11-01", "2019-10-31")
# Resume: "114 borgere har henvendt sig"; 3.3: "Ud af de 114 sager ... har 64
# været registreret som Andre henvendelser"; 3.4: "Klager er 50 hovedsager".
BALLERUP_INQUIRIES = 114
BALLERUP_COMPLAINTS = 50
BALLERUP_OTHER = 64
# "Fordeling direktørområder" (share of the 114 inquiries); the counts are the
# only ones that give these shares: 72/114 = 63.2 %, 30/114 = 26.3 %, 12/114 = 10.5 %.
BALLERUP_AREAS = {
    "Arbejdsmarked/Social & Sundhed": (72, 63),
    "Børn og Unge/Skole/Kultur": (30, 26),
    "By, Erhverv og Miljø, Opkrævning": (12, 11),
}
# One level down, "Arbejdsmarked/Social & Sundhed": sub-unit -> (count, %).
# The shares fit the area's 72 inquiries exactly (19/72 = 26.4 %, 10/72 = 13.9 %,
# 17/72 = 23.6 %, 7/72 = 9.7 %). The other two areas' sub-shares cannot come
# from their 30 and 12 inquiries (Dagtilbud 5 % and Kultur 4 % would need
# different counts below 2 of 30), so they count something else and are not
# transcribed.
BALLERUP_AREA_A_SUB_UNITS = {
    "Jobcenter": (19, 26),
    "Ydelser": (10, 14),
    "Hjælpemidler og visitation": (19, 26),
    "Handicap og psykiatri": (17, 24),
    "Pleje og omsorg": (7, 10),
}

# ---------------------------------------------------------------------------
# Lejre, calendar year 2018 (000_d6d8d1118b938708.txt, "5 Bilag")
# ---------------------------------------------------------------------------

LEJRE_PERIOD = ("2018-01-01", "2018-12-31")
# "132 forskellige borgere", "174 forskellige sager", "123 sager" klageforhold
# "fordelt på 113 forskellige sagsforløb (hovedsager) og 10 følgesager", "De
# resterende 30 % er hovedsageligt vejledning (10 %) og vejvisning (8 %)".
# In our terms (domain.md): 164 inquiries; 113 complaints with 123 points.
LEJRE_DISTINCT_PERSONS = 132
LEJRE_REGISTRATIONS = 174
LEJRE_COMPLAINT_POINTS = 123
LEJRE_MAIN_POINTS = 113
LEJRE_FOLLOW_ON_POINTS = 10
LEJRE_INQUIRIES = 164
# Inquiries by kind: 113 complaints, 17 guidance (17/174 = 9.8 % -> 10 %),
# 14 directions (14/174 = 8.0 % -> 8 %); the remaining 20 are other inquiries.
LEJRE_KINDS = {"klage": 113, "vejledning": 17, "vejvisning": 14, "andet": 20}
LEJRE_SHARES_OF_REGISTRATIONS = {"vejledning": 10, "vejvisning": 8}

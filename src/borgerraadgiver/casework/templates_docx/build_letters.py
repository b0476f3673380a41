"""Builds the standard Word templates of the casework letters, one per LetterKind.

    .venv/bin/python src/borgerraadgiver/casework/templates_docx/build_letters.py

writes acknowledgement.docx, referral.docx, ... beside this file. They are
docxtpl templates: ordinary Word documents with {{ ... }} and {%p ... %} tags,
filled by casework/letters.py (letter_context; the fields an office may use
are listed in letters.TEMPLATE_FIELDS and on the letter-template page). An
office may replace any of them with its own as long as it keeps to the fields.

Each tag stands in one run (python-docx writes each added text as one), so
that Word does not split it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
DARK = RGBColor(0x0B, 0x2F, 0x55)
GREY = RGBColor(0x59, 0x59, 0x59)

CITIZEN_GREETING = (
    "{% if recipient_name %}Kære {{ recipient_name }}{% else %}Kære borger{% endif %}"
)
DEPARTMENT_OPENING = "Vedrørende klage fra {{ citizen_reference }} over {{ inquiry_department }}"


def _styles(document: Document) -> None:
    styles = document.styles
    run_defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    run_defaults = run_defaults.find(qn("w:rPr"))
    lang = run_defaults.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_defaults.append(lang)
    # Danish for spelling and for screen readers.
    lang.set(qn("w:val"), "da-DK")
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size in (("Heading 1", 14), ("Heading 2", 12)):
        style = styles[name]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = DARK
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(6)


def _page(document: Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    office = header.add_run("Borgerrådgiveren")
    office.bold = True
    office.font.color.rgb = DARK
    header.add_run("\n")
    header.add_run("{{ office_name }}").font.color.rgb = GREY
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = footer.add_run("Borgerrådgiveren · {{ office_name }} · Vores j.nr. {{ reference }}")
    run.font.size = Pt(8.5)
    run.font.color.rgb = GREY


def _letterhead(document: Document) -> None:
    """Recipient on the left, date and reference on the right, then the subject."""
    document.add_paragraph("{{ recipient_name }}").paragraph_format.space_after = Pt(0)
    document.add_paragraph("{{ recipient_address }}")
    meta = document.add_paragraph()
    meta.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    meta.paragraph_format.space_before = Pt(18)
    meta.add_run("Dato: {{ date }}")
    meta.add_run("\n")
    meta.add_run("Vores j.nr.: {{ reference }}")
    document.add_paragraph("{{ subject }}", style="Heading 1")


def _signature(document: Document) -> None:
    document.add_paragraph("Med venlig hilsen").paragraph_format.space_before = Pt(12)
    document.add_paragraph()
    document.add_paragraph("{{ advisor_name }}").paragraph_format.space_after = Pt(0)
    document.add_paragraph("Borgerrådgiver, {{ office_name }}")


def _body(document: Document, lines: list[str]) -> None:
    """Paragraphs; '## ' makes a sub-heading, '**' a bold line."""
    for line in lines:
        if line.startswith("## "):
            document.add_paragraph(line[3:], style="Heading 2")
        elif line.startswith("**"):
            document.add_paragraph().add_run(line[2:]).bold = True
        else:
            document.add_paragraph(line)


def _complaint_and_questions() -> list[str]:
    return [
        "## Klagen",
        "{{ complaint }}",
        "{%p if questions %}",
        "## Borgerrådgiverens spørgsmål",
        "{{ questions }}",
        "{%p endif %}",
    ]


BODIES: dict[str, list[str]] = {
    "acknowledgement": [
        CITIZEN_GREETING,
        "Tak for din henvendelse til Borgerrådgiveren, som vi modtog den {{ received }}.",
        "Vi har registreret henvendelsen under journalnummer {{ reference }}. Oplys gerne "
        "nummeret, når du kontakter os om sagen.",
        "Du hører fra os senest den {{ reply_due }}. Du får da enten et svar eller besked om, "
        "hvordan vi behandler din henvendelse videre.",
        "Borgerrådgiveren er uafhængig af kommunens forvaltninger. Vi behandler dine "
        "oplysninger fortroligt og efter reglerne om databeskyttelse. Ønsker du at være "
        "anonym over for forvaltningen, så sig det til os, før vi kontakter den.",
        "Har du spørgsmål eller nye oplysninger i sagen, er du velkommen til at kontakte os.",
    ],
    "referral": [
        "**" + DEPARTMENT_OPENING,
        "Borgerrådgiveren har modtaget en klage over {{ inquiry_department }}. Efter aftale "
        "med borgeren oversender vi hermed klagen, så forvaltningen kan behandle den og "
        "finde en løsning direkte med borgeren.",
        *_complaint_and_questions(),
        "## Frist",
        "Vi beder forvaltningen svare borgeren og sende os en kopi af svaret senest den "
        "{{ due }}. Kan fristen ikke holdes, beder vi jer skrive til os inden fristen med en "
        "begrundelse og et forslag til en ny dato.",
        "Skriv venligst Borgerrådgiverens journalnummer {{ reference }} på jeres svar.",
    ],
    "statement_request": [
        "**" + DEPARTMENT_OPENING,
        "Borgerrådgiveren har modtaget en klage over {{ inquiry_department }} og har "
        "besluttet at undersøge sagen nærmere efter vedtægten for Borgerrådgiveren.",
        "Før Borgerrådgiveren tager stilling, får forvaltningen lejlighed til at redegøre "
        "for sagen. Borgerrådgiveren udtaler ikke kritik, før forvaltningen har haft "
        "mulighed for at udtale sig.",
        *_complaint_and_questions(),
        "## Frist",
        "Vi beder om forvaltningens redegørelse senest den {{ due }}, gerne med kopi af de "
        "relevante akter i sagen. Kan fristen ikke holdes, beder vi jer skrive til os inden "
        "fristen med en begrundelse og et forslag til en ny dato.",
        "Skriv venligst Borgerrådgiverens journalnummer {{ reference }} på jeres svar.",
    ],
    "reminder": [
        "**" + DEPARTMENT_OPENING,
        "Den {{ sent_on }} sendte Borgerrådgiveren en {{ request_kind|lower }} til "
        "{{ department }} med frist den {{ due }}.",
        "{%p if overdue_since %}",
        "Vi har endnu ikke modtaget jeres svar, og fristen har været overskredet siden den "
        "{{ overdue_since }}.",
        "{%p else %}",
        "Vi har endnu ikke modtaget jeres svar.",
        "{%p endif %}",
        "Vi beder jer sende svaret hurtigst muligt, eller skrive til os om, hvornår vi kan "
        "forvente det. Borgeren venter på svar, og lange svartider indgår i "
        "Borgerrådgiverens beretning til byrådet.",
        "Skriv venligst Borgerrådgiverens journalnummer {{ reference }} på jeres svar.",
    ],
    "extension_answer": [
        "**" + DEPARTMENT_OPENING,
        "Tak for jeres anmodning af {{ extension_requested_on }} om at få forlænget fristen "
        "for jeres svar, som var den {{ extension_previous_due }}.",
        "{%p if extension_granted %}",
        "Borgerrådgiveren imødekommer anmodningen. Den nye frist er den {{ extension_new_due }}.",
        "{%p else %}",
        "Borgerrådgiveren kan ikke imødekomme anmodningen. Fristen er fortsat den {{ due }}.",
        "{%p endif %}",
        "{%p if extension_reason %}",
        "## Jeres begrundelse",
        "{{ extension_reason }}",
        "{%p endif %}",
        "Skriv venligst Borgerrådgiverens journalnummer {{ reference }} på jeres svar.",
    ],
    "statement": [
        CITIZEN_GREETING,
        "Borgerrådgiveren har nu afsluttet undersøgelsen af din klage over "
        "{{ inquiry_department }}, som vi modtog den {{ received }}. Forvaltningen har haft "
        "lejlighed til at udtale sig, før vi tog stilling.",
        "Nedenfor står Borgerrådgiverens udtalelse om hvert klagepunkt.",
        "{%p for point in points %}",
        "## Klagepunkt {{ point.number }}{% if point.theme %}: {{ point.theme }}{% endif %}",
        "{%p if point.description %}",
        "{{ point.description }}",
        "{%p endif %}",
        "**Konklusion: {{ point.conclusion or 'ikke afgjort' }}"
        "{% if point.criticism_grade and point.criticism_grade != point.conclusion %}"
        " ({{ point.criticism_grade }}){% endif %}",
        "{%p if point.reasons %}",
        "{{ point.reasons }}",
        "{%p endif %}",
        "{%p if point.recommendation %}",
        "**Henstilling",
        "{{ point.recommendation }}",
        "{%p endif %}",
        "{%p endfor %}",
        "## Hvad sker der nu?",
        "Udtalelsen er sendt til forvaltningen. Har Borgerrådgiveren henstillet noget, følger "
        "vi op på, om forvaltningen efterlever henstillingen.",
        "Borgerrådgiverens udtalelse kan ikke påklages. Du kan klage til Folketingets "
        "Ombudsmand over forvaltningens behandling af din sag.",
    ],
    "rejection": [
        CITIZEN_GREETING,
        "Tak for din henvendelse til Borgerrådgiveren, som vi modtog den {{ received }}.",
        "Borgerrådgiveren kan desværre ikke behandle din klage. Begrundelsen er: "
        "{{ rejection_ground }}",
        "Hvad Borgerrådgiveren kan behandle, står i den vedtægt, som byrådet har vedtaget for "
        "Borgerrådgiveren.",
        "## Hvor kan du gå hen?",
        "{{ referred_elsewhere }}",
        "Har du spørgsmål til brevet, er du velkommen til at kontakte os.",
    ],
    "closing": [
        CITIZEN_GREETING,
        "Borgerrådgiveren afslutter hermed din sag om {{ inquiry_department }}, som vi "
        "modtog den {{ received }}.",
        "{%p if outcome %}",
        "**Resultat: {{ outcome }}",
        "{%p endif %}",
        "Tak fordi du henvendte dig. Borgerrådgiveren bruger erfaringerne fra de enkelte "
        "sager i arbejdet for en god sagsbehandling i kommunen.",
        "Oplever du igen problemer i sagen, er du velkommen til at kontakte os. Skriv da "
        "journalnummer {{ reference }}.",
    ],
}


def build_letter(kind: str, path: Path) -> None:
    document = Document()
    _styles(document)
    _page(document)
    _letterhead(document)
    _body(document, BODIES[kind])
    _signature(document)
    properties = document.core_properties
    properties.title = "{{ subject }}"
    properties.author = "Borgerrådgiveren"
    properties.language = "da-DK"
    properties.comments = ""
    properties.keywords = ""
    document.save(path)


def main(target: Path = HERE) -> None:
    for kind in BODIES:
        build_letter(kind, target / f"{kind}.docx")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)

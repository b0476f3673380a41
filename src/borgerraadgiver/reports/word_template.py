"""An office's own Word template: checked by its content, then tried on a small report.

A template is accepted only when it is a Word document (not just named
.docx), small enough, without macros, and when docxtpl can fill it with a
specimen report and the result opens again as a Word document. Each refusal
says in Danish what to do; nothing here touches the database.
"""

from __future__ import annotations

import datetime
import io
import logging
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from docx import Document
from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from lxml import etree

from borgerraadgiver.core.word_upload import word_document

from .data import KeyFigures, Report, Row, Table
from .periods import Period
from .renderers import docx

logger = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
# A few megabytes of Word document never unpack to this much; a zip bomb does.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
FIELD = "word_template"


@dataclass(frozen=True)
class TemplateField:
    """A field an office's own template may use, explained to the advisor who edits it.

    `name` is its key in the context the Word renderer fills the template
    with (docx._context; dotted below a loop); `usage` the lines to write,
    each {%p ... %} in a paragraph of its own.
    """

    name: str
    usage: tuple[str, ...]
    text: str


TEMPLATE_FIELDS = (
    TemplateField(
        "title",
        ("{{ title }}",),
        "Beretningens titel, fx 'Borgerrådgiverens beretning 2025/26'.",
    ),
    TemplateField("office_name", ("{{ office_name }}",), "Kommunens navn."),
    TemplateField(
        "period_label", ("{{ period_label }}",), "Perioden, fx '1. april 2025 – 31. marts 2026'."
    ),
    TemplateField("created", ("{{ created }}",), "Datoen, hvor tallene er dannet."),
    TemplateField("kind", ("{{ kind }}",), "Ordet 'Beretning'."),
    TemplateField(
        "contents",
        ("{{ contents }}",),
        "Emnernes overskrifter, én pr. linje: til indholdsfortegnelsen, indtil Word har "
        "opdateret den med sidetal.",
    ),
    TemplateField(
        "sections",
        ("{%p for section in sections %}", "{{ section.title }}", "…", "{%p endfor %}"),
        "Et afsnit pr. emne (afdelinger, temaer, henvendelsestyper …) med emnets overskrift.",
    ),
    TemplateField(
        "sections.items",
        ("{%p for item in section.items %}", "{{ item.title }}", "…", "{%p endfor %}"),
        "Emnets tabeller, inde i afsnittet, hver med sin titel.",
    ),
    TemplateField(
        "sections.items.figure",
        (
            "{%p if item.figure %}",
            "{{ item.figure }}",
            "Figur {{ item.figure_number }}: {{ item.title }}",
            "{%p endif %}",
        ),
        "Tabellens diagram (et billede) og dets nummer, når tabellen har et diagram.",
    ),
    TemplateField(
        "sections.items.table",
        ("{{p item.table }}",),
        "Tabellen med nummer, titel, grundlag og eventuel note. Skal stå alene i sit afsnit.",
    ),
    TemplateField(
        "rules",
        ("{%p for rule in rules %}", "{{ rule }}", "{%p endfor %}"),
        "Optællingsreglerne, én pr. afsnit, til 'Om tallene'.",
    ),
    TemplateField(
        "appendix",
        ("{%p for table in appendix %}", "{{p table }}", "{%p endfor %}"),
        "Alle periodens tabeller, til bilaget 'Uddybende statistik'.",
    ),
)


def _refuse(message: str) -> ValidationError:
    return ValidationError({FIELD: message})


def specimen_report(office_name: str) -> Report:
    """A small report with every kind of content a template shows: a figure, a note, the rules."""
    total = {"received_from": "2025-01-01", "received_to": "2025-12-31"}
    units = Table(
        id="org_unit_share",
        title="Henvendelser fordelt på afdelinger",
        base="Grundlag: alle 30 henvendelser.",
        columns=("Antal", "%"),
        rows=(
            Row("Børn & Familie", (20, 67), key="1", filter=total),
            Row("Social & Sundhed", (10, 33), key="2", filter=total),
            Row("I alt", (30, 100), key="total", filter=total, is_total=True),
        ),
        chart="hbar",
        section="org_units",
    )
    themes = Table(
        id="themes",
        title="Klagepunkter fordelt på tema og emne",
        base="Grundlag: 33 klagepunkter.",
        columns=("Antal", "%"),
        rows=(
            Row("Forvaltningsskik", (22, 67), key="a", filter=total),
            Row("Sagsbehandlingstid", (22, 67), level=1, key="b", filter=total),
            Row("Forvaltningsloven", (11, 33), key="c", filter=total),
            Row("I alt", (33, 100), key="total", filter=total, is_total=True),
        ),
        note="Der er foretaget afrunding.",
        section="themes",
    )
    return Report(
        office="skabelonprove",
        office_name=office_name,
        period=Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
        title="Borgerrådgiverens beretning 2025",
        key_figures=KeyFigures(
            inquiries=30,
            complaint_points=33,
            main_points=30,
            follow_on_points=3,
            distinct_persons=29,
            external_inquiries=0,
            registrations=33,
        ),
        tables=(units, themes),
        rules=("Procenter er afrundet til hele tal (halvdelen op).",),
    )


def _unpacked(content: bytes) -> bytes:
    return word_document(
        content,
        field=FIELD,
        max_bytes=MAX_BYTES,
        max_unpacked_bytes=MAX_UNPACKED_BYTES,
        used_in="beretningen",
    )


def _undefined(message: str) -> str:
    name = re.fullmatch(r"'([^']+)' is undefined", message)
    if name:
        return f"Skabelonen bruger feltet '{name[1]}', som ikke findes."
    attribute = re.search(r"has no attribute '([^']+)'", message)
    if attribute:
        return f"Skabelonen bruger '.{attribute[1]}' på et felt, der ikke har det."
    return f"Skabelonen bruger et felt, som ikke findes ({message})."


def _syntax(message: str) -> str:
    """Jinja's message about a mistyped field, said in Danish where it is a common one."""
    head = "Et af skabelonens felter er skrevet forkert"
    block = re.search(r"innermost block that needs to be closed is '(\w+)'", message)
    unknown = re.search(r"unknown tag '(\w+)'", message)
    if unknown and block:
        return f"{head}: {{% {unknown[1]} %}} står, hvor {{%p end{block[1]} %}} mangler."
    if unknown:
        return f"{head}: {{% {unknown[1]} %}} er ikke et felt, skabelonen kender."
    if block:
        return f"{head}: der mangler et {{%p end{block[1]} %}}."
    no_filter = re.search(r"No filter named '([^']+)'", message)
    if no_filter:
        return f"{head}: filteret '{no_filter[1]}' findes ikke."
    if re.search(r"unexpected '[{}]'", message):
        return f"{head}: der er en krøllet parentes for meget eller for lidt."
    return f"{head} (teknisk besked: {message.rstrip('.')})."


def _tried(content: bytes, office_name: str) -> None:
    """Fill the template with the specimen report and open the result again."""
    problem: str | None = None
    try:
        result = docx.render(
            specimen_report(office_name), template=io.BytesIO(content), strict=True
        )
        Document(io.BytesIO(result))
    except UndefinedError as exc:
        problem = _undefined(exc.message or "")
    except SecurityError:
        problem = "Skabelonen bruger et felt på en måde, der ikke er tilladt."
    except TemplateSyntaxError as exc:
        problem = _syntax(exc.message or "")
    except TemplateError as exc:
        problem = f"Skabelonen kunne ikke udfyldes (teknisk besked: {exc.message})."
    except etree.XMLSyntaxError:
        problem = (
            "Skabelonen blev ugyldig, da den blev udfyldt. Står hvert {%p … %}-felt "
            "i sit eget afsnit?"
        )
    # Anything else docxtpl or python-docx may raise on a document written by
    # a user (there is no complete list) means the same to the advisor.
    except Exception as exc:
        logger.info("Word template refused after a trial render: %s", type(exc).__name__)
        problem = (
            "Skabelonen kunne ikke udfyldes med en prøveberetning. Start fra "
            "standardskabelonen, og ret den til i Word."
        )
    if problem is not None:
        raise _refuse(_plain(problem))


def _plain(message: str) -> str:
    # Jinja's messages quote the template's own text; one line of it is enough.
    return re.sub(r"\s+", " ", message).strip()


def checked_template(content: bytes, *, office_name: str) -> bytes:
    """The upload as a Word template the report can use (a .dotx becomes a .docx).

    Raises ValidationError on the `word_template` field, in Danish, when it
    cannot be used.
    """
    document = _unpacked(content)
    _tried(document, office_name)
    return document

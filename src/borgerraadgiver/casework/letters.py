"""Letters: the merge context built from a case's rows, and the Word document made from it.

Pure of the request: `letter_context` reads the inquiry and its casework rows
and returns what a docxtpl template is filled with; `letter_render` fills the
office's own template (or the shipped one) and checks the result before it
may be stored or sent (`letter_document_check`).

Anonymity: a letter to the department (referral, statement request, reminder,
extension answer) of an inquiry that is anonymous towards the administration
gets a context without the citizen's name, address, phone and e-mail at all:
an office's own template that asks for one of them fails to render (the
render is strict), and the finished text is checked once more for every
detail of the person (casework.anonymity), since a free text - the complaint
as forwarded, a description - may carry a name the advisor typed. No context
ever holds a CPR number, and no finished letter may contain one.
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from docx import Document
from docxtpl import DocxTemplate, Listing
from jinja2 import StrictUndefined, TemplateError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree
from stdnum.dk import cpr as stdnum_cpr

from borgerraadgiver.casework.anonymity import check_for_administration
from borgerraadgiver.casework.calendar import add_working_days
from borgerraadgiver.casework.models import (
    CaseworkSettings,
    Deadline,
    DepartmentRequest,
    Letter,
    LetterKind,
    LetterTemplate,
    PointStatement,
    Screening,
)
from borgerraadgiver.casework.selectors import office_closed_days
from borgerraadgiver.core.dates import long_date
from borgerraadgiver.inquiries.models import Inquiry, Person
from borgerraadgiver.offices.models import Office, User

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates_docx"

# Letters that go to the department complained of: these never identify an
# anonymous citizen, and they need a department request to write about.
DEPARTMENT_KINDS = frozenset(
    {
        LetterKind.REFERRAL,
        LetterKind.STATEMENT_REQUEST,
        LetterKind.REMINDER,
        LetterKind.EXTENSION_ANSWER,
    }
)
# The context keys that identify the citizen: left out of an anonymous case's
# department letters (so a template that uses one is refused, not blanked).
IDENTIFYING_KEYS = ("citizen_name", "citizen_address", "citizen_phone", "citizen_email")

SUBJECTS = {
    LetterKind.ACKNOWLEDGEMENT: "Kvittering for din henvendelse",
    LetterKind.REFERRAL: "Oversendelse af klage til behandling",
    LetterKind.STATEMENT_REQUEST: "Anmodning om redegørelse",
    LetterKind.REMINDER: "Rykker: svar til Borgerrådgiveren",
    LetterKind.EXTENSION_ANSWER: "Svar på anmodning om fristforlængelse",
    LetterKind.STATEMENT: "Borgerrådgiverens udtalelse",
    LetterKind.REJECTION: "Borgerrådgiveren kan ikke behandle din klage",
    LetterKind.CLOSING: "Afslutning af din sag hos Borgerrådgiveren",
}

# Used where the screening names no other place: the ways on that are always open.
DEFAULT_ELSEWHERE = (
    "Du kan klage til den forvaltning, der har truffet afgørelsen, eller til den "
    "klageinstans, som står i afgørelsens klagevejledning. Du kan også klage til "
    "Folketingets Ombudsmand (www.ombudsmanden.dk), normalt inden for et år."
)

# Ten digits, with or without the dash, standing alone (as the CPR log watch reads them).
_CPR_SHAPE = re.compile(r"(?<![0-9A-Za-z])(\d{6})-?(\d{4})(?![0-9A-Za-z])")


def recipient_of(kind: str) -> str:
    return Letter.Recipient.DEPARTMENT if kind in DEPARTMENT_KINDS else Letter.Recipient.CITIZEN


def _text(value: str | None) -> Listing | str:
    """A free text: Listing keeps the advisor's line breaks in Word; empty stays falsy."""
    value = (value or "").strip()
    return Listing(value) if value else ""


def _label(value: Any) -> str:
    return str(value.label) if value is not None else ""


def _person_lines(person: Person | None) -> list[str]:
    if person is None:
        return []
    lines = [person.name]
    # An address is typed on one line, its parts separated by commas.
    lines += [part.strip() for part in (person.address or "").split(",")]
    return [line for line in lines if line]


def _advisor_name(by: User | None, inquiry: Inquiry) -> str:
    user = by or inquiry.assigned_to
    return user.display_name() if user is not None else "Borgerrådgiveren"


def _reply_due(inquiry: Inquiry) -> datetime.date:
    """The open REPLY deadline's date; else the office's reply guarantee from the receipt."""
    deadline = (
        Deadline.objects.filter(inquiry=inquiry, kind=Deadline.Kind.REPLY, met_on__isnull=True)
        .order_by("due")
        .first()
    )
    if deadline is not None:
        return deadline.due
    rules = CaseworkSettings.objects.get_or_create(office=inquiry.office)[0]
    return add_working_days(
        inquiry.received, rules.reply_working_days, office_closed_days(inquiry.office)
    )


def _points(inquiry: Inquiry, request: DepartmentRequest | None) -> list[dict[str, Any]]:
    points = list(
        inquiry.points.select_related("theme", "org_unit", "conclusion", "criticism_grade")
    )
    if request is not None:
        chosen = {p.pk for p in request.points.all()}
        if chosen:
            points = [p for p in points if p.pk in chosen]
    statements = {
        s.point_id: s
        for s in PointStatement.objects.filter(point__in=points).select_related("deadline")
    }
    perspectives = dict(PointStatement.Perspective.choices)
    found = []
    for point in points:
        statement = statements.get(point.pk)
        follow_up = getattr(statement, "deadline", None) if statement else None
        found.append(
            {
                "number": point.position,
                "theme": _label(point.theme),
                "department": point.org_unit.name,
                "description": _text(point.description),
                "conclusion": _label(point.conclusion),
                "criticism_grade": _label(point.criticism_grade),
                "perspectives": ", ".join(
                    str(perspectives.get(code, code)) for code in (statement.perspectives or [])
                )
                if statement
                else "",
                "reasons": _text(statement.reasons if statement else ""),
                "recommendation": _text(statement.recommendation if statement else ""),
                "follow_up_due": long_date(follow_up.due) if follow_up else "",
            }
        )
    return found


def _request_context(request: DepartmentRequest | None) -> dict[str, Any]:
    empty: dict[str, Any] = {
        "department": "",
        "contact_name": "",
        "contact_email": "",
        "request_kind": "",
        "sent_on": "",
        "due": "",
        "original_due": "",
        "complaint": _text(""),
        "questions": _text(""),
        "overdue_since": "",
        "overdue_days": 0,
        "extension_requested_on": "",
        "extension_reason": _text(""),
        "extension_granted": False,
        "extension_new_due": "",
        "extension_previous_due": "",
    }
    if request is None:
        return empty
    deadline = Deadline.objects.filter(request=request).first()
    today = timezone.localdate()
    context = empty | {
        "department": request.org_unit.name,
        "contact_name": request.contact_name,
        "contact_email": request.contact_email,
        "request_kind": request.get_kind_display(),
        "sent_on": long_date(request.sent_on),
        "complaint": _text(request.complaint),
        "questions": _text(request.questions),
    }
    if deadline is not None:
        context["due"] = long_date(deadline.due)
        context["original_due"] = long_date(deadline.original_due)
        if deadline.met_on is None and deadline.due < today:
            # Overdue from the day after the deadline, as the reminder says.
            context["overdue_since"] = long_date(deadline.due + datetime.timedelta(days=1))
            context["overdue_days"] = (today - deadline.due).days
        extension = deadline.extensions.order_by("-created_at", "-id").first()
        if extension is not None:
            context |= {
                "extension_requested_on": long_date(extension.requested_on),
                "extension_reason": _text(extension.reason),
                "extension_granted": extension.granted,
                "extension_new_due": long_date(extension.new_due),
                "extension_previous_due": long_date(extension.previous_due),
            }
    return context


def _screening_context(inquiry: Inquiry) -> dict[str, Any]:
    screening = Screening.objects.filter(inquiry=inquiry).select_related("rejection_ground").first()
    ground = _label(screening.rejection_ground) if screening else ""
    elsewhere = (screening.referred_elsewhere or "").strip() if screening else ""
    return {
        "rejection_ground": ground or "Klagen ligger uden for Borgerrådgiverens kompetence.",
        "referred_elsewhere": _text(elsewhere or DEFAULT_ELSEWHERE),
        "act_date": long_date(screening.act_date) if screening else "",
    }


def letter_context(
    *,
    inquiry: Inquiry,
    kind: str,
    request: DepartmentRequest | None = None,
    by: User | None = None,
    today: datetime.date | None = None,
) -> dict[str, Any]:
    """What the letter's template is filled with (the fields are listed in TEMPLATE_FIELDS)."""
    to_department = kind in DEPARTMENT_KINDS
    person = inquiry.person
    # A representative receives the citizen's letters on the citizen's behalf.
    addressee = inquiry.requester or person
    identified = not (to_department and inquiry.anonymous_to_administration)
    if to_department:
        unit = request.org_unit.name if request is not None else inquiry.org_unit.name
        recipient = [unit]
        if request is not None and request.contact_name:
            recipient.append(f"Att.: {request.contact_name}")
    else:
        recipient = _person_lines(addressee)
    context: dict[str, Any] = {
        "office_name": inquiry.office.name,
        "date": long_date(today or timezone.localdate()),
        "reference": inquiry.reference,
        "subject": SUBJECTS.get(LetterKind(kind), ""),
        "letter_kind": LetterKind(kind).label,
        "advisor_name": _advisor_name(by, inquiry),
        "recipient_name": recipient[0] if recipient else "",
        "recipient_address": _text("\n".join(recipient[1:])),
        "received": long_date(inquiry.received),
        "inquiry_department": inquiry.org_unit.name,
        "citizen_reference": "en borger, der er anonym over for forvaltningen"
        if not identified
        else "borgeren",
        "reply_due": long_date(_reply_due(inquiry)) if kind == LetterKind.ACKNOWLEDGEMENT else "",
        "points": _points(inquiry, request if to_department else None),
        "outcome": _label(inquiry.outcome),
        "closed": long_date(inquiry.closed),
        **_request_context(request),
        **_screening_context(inquiry),
    }
    if identified:
        context |= {
            "citizen_name": person.name if person else "",
            "citizen_address": person.address if person else "",
            "citizen_phone": person.phone if person else "",
            "citizen_email": person.email if person else "",
        }
        if person is not None and person.name:
            context["citizen_reference"] = person.name
    return context


def sample_context(office_name: str) -> dict[str, Any]:
    """A filled-in context with every field, to try an office's template before accepting it."""
    point = {
        "number": 1,
        "theme": "Sagsbehandlingstid",
        "department": "Jobcenter",
        "description": _text("Borgeren har ikke fået svar på sin ansøgning."),
        "conclusion": "Kritik",
        "criticism_grade": "Kritik",
        "perspectives": "Juridisk, Etisk",
        "reasons": _text("Forvaltningen har ikke overholdt sin egen svarfrist."),
        "recommendation": _text("Borgerrådgiveren henstiller, at sagen behandles hurtigst muligt."),
        "follow_up_due": "1. juni 2026",
    }
    return {
        "office_name": office_name,
        "date": "3. marts 2026",
        "reference": "2026-0001",
        "subject": "Prøvebrev",
        "letter_kind": "Prøvebrev",
        "advisor_name": "Anna Advisor",
        "recipient_name": "Karen Prøve",
        "recipient_address": _text("Prøvevej 1\n2620 Albertslund"),
        "received": "2. marts 2026",
        "inquiry_department": "Jobcenter",
        "citizen_reference": "Karen Prøve",
        "citizen_name": "Karen Prøve",
        "citizen_address": "Prøvevej 1, 2620 Albertslund",
        "citizen_phone": "12345678",
        "citizen_email": "karen@example.org",
        "reply_due": "16. marts 2026",
        "points": [point],
        "outcome": "Borgeren fik medhold",
        "closed": "1. april 2026",
        "department": "Jobcenter",
        "contact_name": "Lis Leder",
        "contact_email": "lis@example.org",
        "request_kind": "Oversendelse",
        "sent_on": "3. marts 2026",
        "due": "17. marts 2026",
        "original_due": "17. marts 2026",
        "complaint": _text("Borgeren klager over sagsbehandlingstiden."),
        "questions": _text("1. Hvornår blev ansøgningen modtaget?"),
        "overdue_since": "18. marts 2026",
        "overdue_days": 5,
        "extension_requested_on": "15. marts 2026",
        "extension_reason": _text("Sagen kræver oplysninger fra en anden afdeling."),
        "extension_granted": True,
        "extension_new_due": "31. marts 2026",
        "extension_previous_due": "17. marts 2026",
        "rejection_ground": "Forholdet ligger mere end et år tilbage.",
        "referred_elsewhere": _text(DEFAULT_ELSEWHERE),
        "act_date": "1. januar 2025",
    }


@dataclass(frozen=True)
class TemplateField:
    """A field a letter template may use, explained to the advisor who edits it."""

    name: str
    text: str


TEMPLATE_FIELDS = (
    TemplateField("office_name", "Kommunens navn."),
    TemplateField("date", "Brevets dato, fx '3. marts 2026'."),
    TemplateField("reference", "Henvendelsens journalnummer (Vores j.nr.)."),
    TemplateField("subject", "Brevets overskrift."),
    TemplateField("advisor_name", "Navnet på borgerrådgiveren, der danner brevet."),
    TemplateField("recipient_name", "Modtagerens navn (borgeren, repræsentanten eller enheden)."),
    TemplateField("recipient_address", "Modtagerens adresse, én linje pr. del (eller 'Att.: …')."),
    TemplateField("received", "Datoen, hvor henvendelsen blev modtaget."),
    TemplateField("inquiry_department", "Den enhed, henvendelsen handler om."),
    TemplateField(
        "citizen_reference",
        "Borgerens navn, eller ordet 'borgeren', når borgeren er anonym over for forvaltningen.",
    ),
    TemplateField(
        "citizen_name, citizen_address, citizen_phone, citizen_email",
        "Borgerens navn, adresse, telefon og e-mail. Findes ikke i breve til forvaltningen, "
        "når borgeren er anonym over for forvaltningen: brevet bliver da afvist.",
    ),
    TemplateField("reply_due", "Kvittering: datoen, hvor borgeren senest hører fra os."),
    TemplateField(
        "department, contact_name, contact_email",
        "Den enhed og kontaktperson, sagen er sendt til (oversendelse og redegørelse).",
    ),
    TemplateField("complaint, questions", "Klagen som sendt, og spørgsmålene til forvaltningen."),
    TemplateField("sent_on, due, original_due", "Sendt, frist og den oprindelige frist."),
    TemplateField(
        "overdue_since, overdue_days", "Rykker: fristen overskredet siden, og hvor længe."
    ),
    TemplateField(
        "extension_granted, extension_new_due, extension_reason",
        "Fristforlængelse: imødekommet (ja/nej), ny frist og forvaltningens begrundelse.",
    ),
    TemplateField(
        "points",
        "Klagepunkterne: {%p for point in points %} … {%p endfor %} med point.number, "
        "point.theme, point.description, point.conclusion, point.criticism_grade, "
        "point.perspectives, point.reasons, point.recommendation, point.follow_up_due.",
    ),
    TemplateField(
        "rejection_ground, referred_elsewhere",
        "Afvisning: afvisningsgrunden, og hvor borgeren i stedet kan gå hen.",
    ),
    TemplateField("outcome, closed", "Afslutning: henvendelsens udfald og afslutningsdato."),
)


def standard_template_path(kind: str) -> Path:
    return TEMPLATE_DIR / f"{LetterKind(kind).value}.docx"


def template_for(office: Office, kind: str) -> IO[bytes]:
    """The office's own template for the kind, else the shipped one."""
    own = LetterTemplate.objects.filter(office=office, kind=kind).first()
    if own is not None:
        return io.BytesIO(bytes(own.content))
    return io.BytesIO(standard_template_path(kind).read_bytes())


def render_docx(template: IO[bytes], context: dict[str, Any]) -> bytes:
    """Fill a docxtpl template, strictly: a field the context lacks is an error, never blank."""
    tpl = DocxTemplate(template)
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    tpl.render(context, jinja_env=env, autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BREAKS = {f"{W}br": "\n", f"{W}cr": "\n", f"{W}tab": "\t"}


def _xml_text(blob: bytes) -> list[str]:
    """The text of every paragraph in a part, text boxes, fields and hyperlinks included."""
    root = etree.fromstring(blob)
    lines = []
    for paragraph in root.iter(f"{W}p"):
        text = []
        for node in paragraph.iter(f"{W}t", *_BREAKS):
            text.append(node.text or "" if node.tag == f"{W}t" else _BREAKS[node.tag])
        lines.append("".join(text))
    return lines


def document_text(content: bytes) -> str:
    """Every word a Word document shows, wherever it stands, and its properties.

    Read from every XML part of the package (body, headers, footers, footnotes,
    comments, text boxes), not just the body's paragraphs: an office's own
    template may put a field anywhere, and the check must see what Word shows.
    """
    document = Document(io.BytesIO(content))
    lines: list[str] = []
    for part in document.part.package.iter_parts():
        if str(part.partname).startswith("/word/") and part.content_type.endswith("+xml"):
            lines += _xml_text(part.blob)
    props = document.core_properties
    lines += [props.title or "", props.subject or "", props.keywords or "", props.comments or ""]
    return "\n".join(lines)


def contains_cpr(inquiry: Inquiry, text: str) -> bool:
    """A CPR number in the text: the case's persons' own, or any valid-looking one."""
    compact = re.sub(r"[\s\-.]", "", text)
    for person in (inquiry.person, inquiry.requester):
        if person is not None and person.has_cpr and person.cpr and person.cpr in compact:
            return True
    for match in _CPR_SHAPE.finditer(text):
        try:
            stdnum_cpr.get_birth_date(match[1] + match[2])
        except Exception:  # stdnum's own errors: not a date, so not a CPR number
            continue
        return True
    return False


def letter_text_check(inquiry: Inquiry, kind: str, *texts: str) -> None:
    """Refuse what must not leave the office: any CPR number; for the department, identity."""
    joined = "\n".join(texts)
    if contains_cpr(inquiry, joined):
        raise ValidationError(
            "Brevet indeholder et CPR-nummer. CPR-numre må ikke stå i breve og e-mails; "
            "fjern det fra sagens tekster, og dan brevet igen.",
            code="letter_contains_cpr",
        )
    if kind in DEPARTMENT_KINDS:
        check_for_administration(inquiry, joined)


def letter_render(
    *,
    inquiry: Inquiry,
    kind: str,
    request: DepartmentRequest | None = None,
    by: User | None = None,
) -> bytes:
    """The finished letter as .docx bytes, checked; ValidationError when it may not be made."""
    if kind in DEPARTMENT_KINDS and request is None:
        raise ValidationError(
            "Vælg den oversendelse eller anmodning om redegørelse, brevet handler om.",
            code="letter_needs_request",
        )
    context = letter_context(inquiry=inquiry, kind=kind, request=request, by=by)
    try:
        content = render_docx(template_for(inquiry.office, kind), context)
    except UndefinedError as exc:
        if kind in DEPARTMENT_KINDS and inquiry.anonymous_to_administration:
            message = (
                "Borgeren er anonym over for forvaltningen, og kontorets brevskabelon "
                "bruger et felt, der identificerer borgeren. Ret skabelonen."
            )
        else:
            message = "Kontorets brevskabelon bruger et felt, som ikke findes. Ret skabelonen."
        raise ValidationError(message, code="letter_template_field") from exc
    except TemplateError as exc:
        raise ValidationError(
            "Kontorets brevskabelon kunne ikke udfyldes. Ret skabelonen.",
            code="letter_template_error",
        ) from exc
    letter_text_check(inquiry, kind, document_text(content))
    return content

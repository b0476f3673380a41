"""Every letter kind renders from the shipped template and reads back with the case's data."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

import pytest
import time_machine
from django.core.exceptions import ValidationError
from docx import Document

from borgerraadgiver.casework import letters
from borgerraadgiver.casework.letters import (
    DEFAULT_ELSEWHERE,
    DEPARTMENT_KINDS,
    document_text,
    letter_context,
    letter_render,
)
from borgerraadgiver.casework.models import (
    Deadline,
    DeadlineExtension,
    DepartmentRequest,
    LetterKind,
    PointStatement,
    Screening,
)
from borgerraadgiver.inquiries.models import Inquiry, Person
from borgerraadgiver.inquiries.services import person_create
from borgerraadgiver.offices.models import Office, User
from tests.factories import make_inquiry, unit, value

pytestmark = pytest.mark.casework

NAME = "Karoline Kvistgaard"
ADDRESS = "Bispevej 17, 2620 Albertslund"
PHONE = "41528396"
EMAIL = "karoline.kvistgaard@example.org"
CPR = "0702856143"  # a valid date of birth; never in a letter
TODAY = datetime.date(2025, 3, 20)


@dataclass
class Case:
    office: Office
    advisor: User
    person: Person
    inquiry: Inquiry
    referral: DepartmentRequest
    statement_request: DepartmentRequest


def build_case(office: Office, advisor: User, *, anonymous_to_administration: bool = False) -> Case:
    """A case with every row a letter draws on, and a person with all five details."""
    person = person_create(
        office=office, name=NAME, address=ADDRESS, phone=PHONE, email=EMAIL, cpr=CPR
    )
    inquiry = make_inquiry(
        office,
        received=datetime.date(2025, 3, 3),
        themes=("sagsbehandlingstid_og_manglende_svar",),
        by=advisor,
    )
    inquiry.person = person
    inquiry.anonymous_to_administration = anonymous_to_administration
    inquiry.outcome = value("outcome", "udtalelse_afgivet")
    inquiry.assigned_to = advisor
    inquiry.save()
    point = inquiry.points.get()
    point.description = "Ansøgningen om boligstøtte er ikke besvaret."
    point.conclusion = value("conclusion", "kritik")
    point.criticism_grade = value("criticism_grade", "kritisabelt")
    point.save()
    PointStatement.objects.create(
        point=point,
        office=office,
        perspectives=["legal"],
        reasons="Forvaltningen har overskredet sin egen frist med fire måneder.",
        recommendation="Borgerrådgiveren henstiller, at ansøgningen behandles straks.",
        decided_on=datetime.date(2025, 3, 18),
    )
    department = inquiry.org_unit
    referral = DepartmentRequest.objects.create(
        inquiry=inquiry,
        office=office,
        kind=DepartmentRequest.Kind.REFERRAL,
        org_unit=department,
        contact_name="Lise Leder",
        contact_email="lise.leder@kommune.example",
        complaint="Borgeren klager over, at ansøgningen ikke er besvaret.",
        questions="1. Hvornår blev ansøgningen modtaget?\n2. Hvornår kan borgeren få svar?",
        citizen_consent=True,
        sent_on=datetime.date(2025, 3, 4),
    )
    Deadline.objects.create(
        office=office,
        inquiry=inquiry,
        kind=Deadline.Kind.REFERRAL,
        due=datetime.date(2025, 3, 18),
        original_due=datetime.date(2025, 3, 18),
        request=referral,
    )
    statement_request = DepartmentRequest.objects.create(
        inquiry=inquiry,
        office=office,
        kind=DepartmentRequest.Kind.STATEMENT,
        org_unit=department,
        contact_name="Søren Sagsbehandler",
        contact_email="soeren@kommune.example",
        complaint="Klagen over sagsbehandlingstiden.",
        questions="Redegør for sagens forløb.",
        sent_on=datetime.date(2025, 3, 5),
    )
    deadline = Deadline.objects.create(
        office=office,
        inquiry=inquiry,
        kind=Deadline.Kind.STATEMENT,
        due=datetime.date(2025, 4, 2),
        original_due=datetime.date(2025, 3, 19),
        request=statement_request,
    )
    DeadlineExtension.objects.create(
        deadline=deadline,
        requested_on=datetime.date(2025, 3, 14),
        reason="Sagen kræver oplysninger fra Ydelsesservice.",
        previous_due=datetime.date(2025, 3, 19),
        new_due=datetime.date(2025, 4, 2),
    )
    Deadline.objects.create(
        office=office,
        inquiry=inquiry,
        kind=Deadline.Kind.REPLY,
        due=datetime.date(2025, 3, 17),
        original_due=datetime.date(2025, 3, 17),
    )
    Screening.objects.create(
        inquiry=inquiry,
        office=office,
        result=Screening.Result.REJECTED,
        rejection_ground=value("rejection_ground", "for_sent"),
        referred_elsewhere="Du kan klage til Ankestyrelsen over afgørelsen.",
    )
    return Case(office, advisor, person, inquiry, referral, statement_request)


def request_for(case: Case, kind: str) -> DepartmentRequest | None:
    if kind not in DEPARTMENT_KINDS:
        return None
    if kind in (LetterKind.STATEMENT_REQUEST, LetterKind.EXTENSION_ANSWER):
        return case.statement_request
    return case.referral


def read_back(content: bytes) -> str:
    # Opens as a Word document again: the test of a well-formed result.
    Document(io.BytesIO(content))
    return document_text(content)


@pytest.fixture
def case(office, advisor) -> Case:
    return build_case(office, advisor)


# What each kind must say, from the case's own rows.
EXPECTED = {
    LetterKind.ACKNOWLEDGEMENT: [NAME, "Bispevej 17", "senest den 17. marts 2025", "3. marts 2025"],
    LetterKind.REFERRAL: [
        "Oversendelse af klage",
        "ansøgningen ikke er besvaret",
        "2. Hvornår kan borgeren få svar?",
        "senest den 18. marts 2025",
        "Att.: Lise Leder",
    ],
    LetterKind.STATEMENT_REQUEST: [
        "Anmodning om redegørelse",
        "Redegør for sagens forløb.",
        "senest den 2. april 2025",
        "ikke kritik, før forvaltningen",
    ],
    LetterKind.REMINDER: [
        "Rykker",
        "frist den 18. marts 2025",
        "overskredet siden den 19. marts 2025",
    ],
    LetterKind.EXTENSION_ANSWER: [
        "anmodning af 14. marts 2025",
        "imødekommer anmodningen",
        "Den nye frist er den 2. april 2025",
        "oplysninger fra Ydelsesservice",
    ],
    LetterKind.STATEMENT: [
        "Klagepunkt 1",
        "Konklusion: Kritik (Kritisabelt)",
        "overskredet sin egen frist med fire måneder",
        "henstiller, at ansøgningen behandles straks",
    ],
    LetterKind.REJECTION: ["For sent - mere end 1 år", "Ankestyrelsen"],
    LetterKind.CLOSING: ["afslutter hermed din sag", "Udtalelse afgivet"],
}


@time_machine.travel(datetime.datetime(2025, 3, 20, 10, 0), tick=False)
@pytest.mark.parametrize("kind", list(LetterKind))
def test_every_kind_renders_and_reads_back_with_the_cases_data(case, kind):
    content = letter_render(
        inquiry=case.inquiry, kind=kind, request=request_for(case, kind), by=case.advisor
    )
    text = read_back(content)
    for expected in [
        case.office.name,
        "Vores j.nr.: " + case.inquiry.reference,
        "Dato: 20. marts 2025",
        "Alice",
        *EXPECTED[kind],
    ]:
        assert expected in text, f"{kind}: {expected!r} missing"
    assert "{{" not in text and "{%" not in text


def test_every_kind_has_a_shipped_template_and_a_subject():
    for kind in LetterKind:
        assert letters.standard_template_path(kind).is_file()
        assert letters.SUBJECTS[kind]


def test_a_letter_never_carries_the_cpr_number(case):
    for kind in LetterKind:
        text = read_back(
            letter_render(inquiry=case.inquiry, kind=kind, request=request_for(case, kind))
        )
        assert CPR not in text.replace("-", "")
    context = letter_context(inquiry=case.inquiry, kind=LetterKind.ACKNOWLEDGEMENT)
    assert CPR not in repr(context)


def test_a_cpr_number_typed_into_a_text_stops_the_letter(case):
    case.referral.complaint = f"Borgeren har CPR-nummer {CPR[:6]}-{CPR[6:]}."
    case.referral.save()
    with pytest.raises(ValidationError) as refused:
        letter_render(inquiry=case.inquiry, kind=LetterKind.REFERRAL, request=case.referral)
    assert "CPR-nummer" in refused.value.messages[0]
    assert CPR[6:] not in refused.value.messages[0]


def test_a_department_letter_needs_the_request_it_is_about(case):
    with pytest.raises(ValidationError):
        letter_render(inquiry=case.inquiry, kind=LetterKind.REMINDER, request=None)


def test_the_rejection_falls_back_to_the_general_ways_on(office, advisor):
    inquiry = make_inquiry(office, by=advisor)
    text = read_back(letter_render(inquiry=inquiry, kind=LetterKind.REJECTION))
    assert "Ombudsmand" in text
    assert DEFAULT_ELSEWHERE.split(".")[0] in text
    assert "uden for Borgerrådgiverens kompetence" in text


def test_the_acknowledgement_without_a_reply_deadline_promises_the_offices_guarantee(
    office, advisor
):
    inquiry = make_inquiry(office, by=advisor, received=datetime.date(2025, 4, 11))
    with time_machine.travel(datetime.datetime(2025, 4, 14, 10, 0), tick=False):
        text = read_back(letter_render(inquiry=inquiry, kind=LetterKind.ACKNOWLEDGEMENT))
    # Ten working days from Friday 11 April 2025, past Easter (17, 18 and 21 April).
    assert "senest den 30. april 2025" in text


def test_a_refused_extension_keeps_the_deadline(case):
    extension = DeadlineExtension.objects.get()
    extension.granted = False
    extension.new_due = extension.previous_due
    extension.save()
    deadline = extension.deadline
    deadline.due = extension.previous_due
    deadline.save()
    text = read_back(
        letter_render(
            inquiry=case.inquiry,
            kind=LetterKind.EXTENSION_ANSWER,
            request=case.statement_request,
        )
    )
    assert "kan ikke imødekomme anmodningen" in text
    assert "Fristen er fortsat den 19. marts 2025" in text


def test_a_letter_to_a_representative_is_addressed_to_them(case):
    case.inquiry.requester = person_create(
        office=case.office, name="Ruth Repræsentant", address="Torvet 1, 2600 Glostrup"
    )
    case.inquiry.save()
    text = read_back(letter_render(inquiry=case.inquiry, kind=LetterKind.CLOSING))
    assert "Kære Ruth Repræsentant" in text
    assert "Torvet 1" in text


def test_the_statement_letter_lists_only_what_the_points_hold(office, advisor):
    inquiry = make_inquiry(
        office, by=advisor, themes=("sagsbehandlingstid_og_manglende_svar", "begrundelse")
    )
    text = read_back(letter_render(inquiry=inquiry, kind=LetterKind.STATEMENT))
    assert "Klagepunkt 1" in text and "Klagepunkt 2" in text
    assert "Konklusion: ikke afgjort" in text
    assert "Henstilling" not in text
    assert unit(office, inquiry.org_unit.name).name in text


def test_the_trial_context_of_an_upload_has_exactly_the_fields_a_letter_has(case):
    # A template accepted on the sample must fill on a real case, and the reverse.
    sample = letters.sample_context("Albertslund Kommune")
    for kind in LetterKind:
        real = letter_context(inquiry=case.inquiry, kind=kind, request=request_for(case, kind))
        assert set(real) == set(sample), kind
        assert set(real["points"][0]) == set(sample["points"][0])


def test_the_shipped_templates_are_what_the_build_script_makes(tmp_path):
    from borgerraadgiver.casework.templates_docx import build_letters

    build_letters.main(tmp_path)
    for kind in LetterKind:
        built = (tmp_path / f"{kind.value}.docx").read_bytes()
        shipped = letters.standard_template_path(kind).read_bytes()
        assert document_text(built) == document_text(shipped), f"rebuild {kind}.docx"


@time_machine.travel(datetime.datetime(2025, 3, 20, 10, 0), tick=False)
def test_a_letter_answering_the_citizen_keeps_the_reply_guarantee_the_acknowledgement_does_not(
    case,
):
    from borgerraadgiver.casework.letters_services import letter_create
    from borgerraadgiver.casework.models import Deadline

    reply = Deadline.objects.create(
        office=case.inquiry.office,
        inquiry=case.inquiry,
        kind=Deadline.Kind.REPLY,
        due=datetime.date(2025, 3, 17),
        original_due=datetime.date(2025, 3, 17),
    )
    letter_create(inquiry=case.inquiry, kind=LetterKind.ACKNOWLEDGEMENT)
    reply.refresh_from_db()
    assert reply.met_on is None
    letter_create(inquiry=case.inquiry, kind=LetterKind.CLOSING)
    reply.refresh_from_db()
    assert reply.met_on == datetime.date(2025, 3, 20)

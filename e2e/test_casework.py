"""A whole case in the browser: intake, screening, referral, the overdue chase,
the department's answer, the statement and the closing letter.

No clock games: the session would expire. The inquiry is dated some weeks
back instead, and the referral is recorded as sent long enough ago that the
department's deadline has passed today.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from docx import Document
from playwright.sync_api import Locator, Page, expect

from borgerraadgiver.casework.calendar import add_working_days
from borgerraadgiver.casework.models import Deadline, DepartmentRequest, PointStatement
from borgerraadgiver.casework.selectors import casework_settings, office_closed_days
from borgerraadgiver.inquiries.models import Inquiry
from e2e.conftest import assert_accessible, login

pytestmark = pytest.mark.casework

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CITIZEN = "Birthe Brevsen"
CITIZEN_EMAIL = "birthe.brevsen@example.dk"
CONTACT = "Bente Afdelingsleder"
CONTACT_EMAIL = "bente.afdelingsleder@kommune.example.dk"


def choose(page: Page, name: str, text: str, *, nth: int = 0) -> None:
    """Type into a type-ahead picker and take the first match with Enter."""
    box = page.get_by_role("combobox", name=re.compile("^" + re.escape(name))).nth(nth)
    box.click()
    box.fill("")
    box.press_sequentially(text)
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("Enter")


def field(scope: Page | Locator, name: str) -> Locator:
    """The field labelled `name`, "(valgfri)" or not."""
    return scope.get_by_label(re.compile(rf"^{re.escape(name)}( \(valgfri\))?$"))


def submit(page: Page, button: Locator, url: str) -> None:
    """Click and wait for the answer: a form posted from the inquiry page returns to it."""
    with page.expect_navigation(url=re.compile(re.escape(url))):
        button.click()


def iso(day: datetime.date) -> str:
    return day.isoformat()


def dmy(day: datetime.date) -> str:
    return f"{day:%d.%m.%Y}"


def test_a_whole_case_from_intake_to_the_closing_letter(page, advisor):
    advisor.email = "alice@borgerraadgiver.example.dk"
    advisor.save(update_fields=["email"])
    today = timezone.localdate()
    received = today - datetime.timedelta(weeks=6)
    sent = today - datetime.timedelta(weeks=5)

    # 1. Intake: a written inquiry (e-mail) with a person and a complaint point.
    login(page, advisor.username)
    page.goto("/henvendelser/ny/")
    field(page, "Modtaget").fill(iso(received))
    field(page, "Henvendelsesform").select_option(label="E-mail / digital post")
    field(page, "Navn").first.fill(CITIZEN)
    field(page, "E-mail").first.fill(CITIZEN_EMAIL)
    choose(page, "Enhed", "Jobcenter")
    field(page, "Borgerens beretning").fill(
        "Har ventet fire måneder på svar om sygedagpenge og er ikke blevet partshørt."
    )
    choose(page, "Tema", "Sagsbehandlingstid")
    assert_accessible(page)
    page.get_by_role("button", name="Gem", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile(r"\d{4}-\d{4}"))
    inquiry = Inquiry.objects.get(office=advisor.office)
    detail = f"/henvendelser/{inquiry.uid}/"
    page.wait_for_url(re.compile(re.escape(detail)))
    assert inquiry.person.name == CITIZEN
    assert inquiry.channel.code == "mail"
    # The reply guarantee of a written inquiry: the advisor's own deadline,
    # counted in working days from the day it was received.
    reply_due = add_working_days(
        received,
        casework_settings(advisor.office).reply_working_days,
        office_closed_days(advisor.office),
    )
    deadlines = page.get_by_role("region", name="Frister", exact=True)
    reply_row = deadlines.get_by_role("row").filter(has_text="Svar til borgeren")
    expect(reply_row).to_contain_text(dmy(reply_due))
    expect(reply_row).to_contain_text("Borgeren venter på dig")
    expect(reply_row).to_contain_text("Overskredet")  # received six weeks ago
    expect(page.locator("#screening")).to_contain_text("ikke vurderet endnu")
    assert_accessible(page)

    # 2. Screening: within competence.
    screening = page.locator("#screening")
    field(screening, "Dato for afgørelsen eller forholdet").fill(
        iso(received - datetime.timedelta(days=30))
    )
    field(screening, "Inden for kompetence").check()
    submit(page, screening.get_by_role("button", name="Gem vurderingen"), detail)
    expect(page.locator("#screening")).to_contain_text("Inden for kompetence")
    expect(page.locator("#screening .badge-success")).to_have_text("Inden for kompetence")
    assert inquiry.screening.result == "within"

    # No henstilling before the department has had its chance to comment.
    statements = page.locator("#udtalelser")
    expect(statements).to_contain_text("Forvaltningen har ikke haft lejlighed til at udtale sig")
    page.get_by_role("link", name="Skriv udtalelse om klagepunkt 1").click()
    field(page, "Konklusion").select_option(label="Henstilling")
    field(page, "Begrundelse").fill("For tidligt.")
    field(page, "Udtalelse afgivet").fill(iso(today))
    field(page, "Opfølgningsdato").fill(iso(today + datetime.timedelta(weeks=8)))
    page.get_by_role("button", name="Gem udtalelsen").click()
    expect(page.get_by_role("alert").first).to_contain_text("ikke haft lejlighed til at udtale sig")
    assert_accessible(page)
    assert not PointStatement.objects.filter(point__inquiry=inquiry).exists()
    page.get_by_role("link", name="Tilbage til henvendelsen").click()

    # 3. Referral to the department, with contact, complaint, questions and consent.
    page.get_by_role("link", name="Ny oversendelse").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    field(page, "Kontaktperson").fill(CONTACT)
    field(page, "Kontaktpersonens e-mail").fill(CONTACT_EMAIL)
    field(page, "Klagen").fill("Borgeren har ikke fået svar på sin ansøgning i fire måneder.")
    field(page, "Spørgsmål til forvaltningen").fill(
        "Hvornår kan borgeren forvente en afgørelse, og hvorfor er hun ikke partshørt?"
    )
    field(page, "Borgeren har givet samtykke til, at forvaltningen kontaktes").check()
    field(page, "Samtykke givet").fill(iso(sent))
    field(page, "Sendt").fill(iso(sent))
    assert_accessible(page)
    submit(page, page.get_by_role("button", name="Registrér oversendelse"), detail)

    request = DepartmentRequest.objects.get(inquiry=inquiry)
    assert request.citizen_consent
    assert request.deadline.due < today
    requests_table = page.get_by_role("region", name="Oversendelser og anmodninger")
    expect(requests_table).to_contain_text(CONTACT_EMAIL)
    expect(requests_table).to_contain_text(dmy(request.deadline.due))
    expect(
        deadlines.get_by_role("row").filter(has_text=dmy(request.deadline.due)).first
    ).to_contain_text("Overskredet")

    # 4. Overdue on the worklist, and the daily run chases the department.
    page.goto("/henvendelser/")
    row = (
        page.get_by_role("row")
        .filter(has_text=inquiry.reference)
        .filter(has_text=dmy(request.deadline.due))
    )
    expect(row.first).to_contain_text("Overskredet")
    expect(row.first).to_contain_text("Du venter på Jobcenter")
    assert_accessible(page)

    out = io.StringIO()
    call_command("send_reminders", "--dry-run", "--format", "json", stdout=out)
    planned = json.loads(out.getvalue())
    chases = [m for m in planned if m["kind"] == "chase"]
    assert [m["recipient"] for m in chases] == [CONTACT_EMAIL]
    assert chases[0]["reference"] == inquiry.reference
    assert chases[0]["due"] == iso(request.deadline.due)
    # The advisor's own overdue reply is reminded of too, to the advisor.
    assert {"kind": "overdue", "recipient": advisor.email} in [
        {"kind": m["kind"], "recipient": m["recipient"]} for m in planned
    ]
    assert mail.outbox == []

    with override_settings(TASKS=IMMEDIATE):
        call_command("send_reminders", stdout=io.StringIO())
    (chase,) = [m for m in mail.outbox if m.to == [CONTACT_EMAIL]]
    assert inquiry.reference in chase.subject
    assert chase.cc == [advisor.email]
    assert dmy(request.deadline.due) in chase.body
    for text in (chase.subject, chase.body):
        for secret in (CITIZEN, "Birthe", "Brevsen", CITIZEN_EMAIL):
            assert secret not in text
    mail.outbox.clear()

    # 5. The department's answer.
    page.goto(detail)
    page.get_by_role("link", name=re.compile("^Registrér svar")).click()
    field(page, "Svar modtaget").fill(iso(today))
    field(page, "Forvaltningens svar").select_option(label="Borgeren fik delvist medhold")
    field(page, "Resumé af svaret").fill("Afgørelsen træffes inden for to uger.")
    assert_accessible(page)
    submit(page, page.get_by_role("button", name="Registrér svaret"), detail)
    requests_table = page.get_by_role("region", name="Oversendelser og anmodninger")
    expect(requests_table).to_contain_text(dmy(today))
    expect(requests_table).to_contain_text("Afgørelsen træffes inden for to uger.")
    expect(statements).to_contain_text("Dialogprincippet er opfyldt")
    expect(statements).to_contain_text(f"Jobcenter svarede {today.day}.")
    # Answered, but three weeks after its deadline: not "Overholdt".
    expect(
        deadlines.get_by_role("row").filter(has_text=dmy(request.deadline.due)).first
    ).to_contain_text(f"Afsluttet for sent {dmy(today)}")
    request.refresh_from_db()
    assert request.answer.code == "delvist_medhold"
    assert request.deadline.met_on == today

    # 6. The statement: a henstilling with a follow-up date.
    follow_up = today + datetime.timedelta(weeks=8)
    page.get_by_role("link", name="Skriv udtalelse om klagepunkt 1").click()
    field(page, "Juridisk").check()
    field(page, "Konklusion").select_option(label="Henstilling")
    field(page, "Begrundelse").fill("Sagsbehandlingstiden er urimeligt lang.")
    field(page, "Henstilling eller anbefaling").fill(
        "Forvaltningen bør træffe afgørelse snarest og partshøre borgeren."
    )
    field(page, "Udtalelse afgivet").fill(iso(today))
    field(page, "Opfølgningsdato").fill(iso(follow_up))
    assert_accessible(page)
    submit(page, page.get_by_role("button", name="Gem udtalelsen"), detail)
    expect(statements).to_contain_text("Henstilling")
    expect(statements).to_contain_text(f"opfølgningsdato {follow_up.day}.")
    statement = PointStatement.objects.get(point__inquiry=inquiry)
    assert statement.follow_up == "pending"
    assert Deadline.objects.filter(statement=statement, due=follow_up).exists()
    # The follow-up lands among the deadlines, with the department to wait for.
    follow_up_row = (
        page.get_by_role("region", name="Frister", exact=True)
        .get_by_role("row")
        .filter(has_text=dmy(follow_up))
    )
    expect(follow_up_row).to_contain_text("Opfølgning")
    submit(page, page.get_by_role("button", name="Sæt udfaldet til »Udtalelse afgivet«"), detail)
    expect(page.get_by_role("button", name=re.compile("Sæt udfaldet"))).to_have_count(0)
    inquiry.refresh_from_db()
    assert inquiry.outcome.code == "udtalelse_afgivet"

    # 7. The closing letter: made, downloaded, e-mailed to the citizen.
    letters = page.locator("#letters")
    field(letters, "Brevtype").select_option(label="Afslutning")
    submit(page, letters.get_by_role("button", name="Dan brevet"), detail)
    letters = page.locator("#letters")
    expect(letters.get_by_role("table")).to_contain_text("Afslutning")
    with page.expect_download() as download:
        letters.get_by_role("link", name=re.compile("Hent brevet")).first.click()
    document = Document(download.value.path())
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert inquiry.reference in text
    assert CITIZEN in text

    address = letters.get_by_label(re.compile("e-mailadresse"))
    expect(address).to_have_value(CITIZEN_EMAIL)
    submit(page, letters.get_by_role("button", name="Send brevet"), detail)
    expect(page.locator("#letters").get_by_role("table")).to_contain_text(f"til {CITIZEN_EMAIL}")
    (sent_letter,) = mail.outbox
    assert sent_letter.to == [CITIZEN_EMAIL]
    assert inquiry.reference in sent_letter.subject + sent_letter.body
    assert sent_letter.attachments

    # 8. The finished inquiry page.
    assert_accessible(page)
    if os.environ.get("SCREENSHOT"):
        page.screenshot(path="/tmp/casework_page.png", full_page=True)

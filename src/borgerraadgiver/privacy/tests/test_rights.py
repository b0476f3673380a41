"""The citizen's rights: the article 15 extract and erasure requests with their deadline."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
import zipfile

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from borgerraadgiver.inquiries.services import journal_entry_add, person_create
from borgerraadgiver.offices.models import User
from borgerraadgiver.privacy.models import ErasureRequest, LegalGround, add_months
from borgerraadgiver.privacy.services import erasure_request_register
from tests.factories import make_inquiry, make_user

pytestmark = pytest.mark.security

NAME = "Ingeborg Indsigtsen"
OTHER_NAME = "Fremmed Borgersen"
ACCOUNT = "Ingeborgs beretning om hjemmeplejen"
NOTE = "Journalnotat om Ingeborgs opkald"
ATTACHMENT = b"Ingeborgs brev til forvaltningen"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2025, 3, 10, 12, 0), tick=False):
        yield


@pytest.fixture
def person(office, advisor):
    person = person_create(office=office, name=NAME, phone="44444444", cpr="0202801234")
    inquiry = make_inquiry(office, account=ACCOUNT, by=advisor)
    inquiry.person = person
    inquiry.save()
    journal_entry_add(
        inquiry=inquiry,
        kind="note",
        occurred=datetime.date(2025, 1, 20),
        text=NOTE,
        upload=SimpleUploadedFile("brev.txt", ATTACHMENT),
        by=advisor,
    )
    return person


def pdf_text(data: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode("utf-8").split())


def test_the_deadline_is_one_calendar_month_after_receipt():
    assert add_months(datetime.date(2025, 3, 10), 1) == datetime.date(2025, 4, 10)
    assert add_months(datetime.date(2025, 1, 31), 1) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2025, 12, 15), 1) == datetime.date(2026, 1, 15)
    assert add_months(datetime.date(2024, 2, 29), -12) == datetime.date(2023, 2, 28)


def test_the_person_page_shows_the_person_their_inquiries_and_the_extract_links(
    advisor_client, person
):
    response = advisor_client.get(reverse("privacy:person", kwargs={"uid": person.uid}))

    content = response.content.decode()
    assert response.status_code == 200
    assert NAME in content
    assert person.inquiries.get().reference in content
    assert reverse("privacy:extract_pdf", kwargs={"uid": person.uid}) in content
    assert reverse("privacy:extract_zip", kwargs={"uid": person.uid}) in content
    assert "0202801234" not in content


def test_the_inquiry_page_links_to_the_persons_page(advisor_client, person):
    inquiry = person.inquiries.get()
    response = advisor_client.get(reverse("inquiries:detail", kwargs={"uid": inquiry.uid}))
    assert reverse("privacy:person", kwargs={"uid": person.uid}) in response.content.decode()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_the_pdf_extract_lists_the_person_their_inquiries_and_journal(
    advisor_client, person, advisor
):
    response = advisor_client.get(reverse("privacy:extract_pdf", kwargs={"uid": person.uid}))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    for expected in (
        NAME,
        "020280-1234",
        "44444444",
        person.inquiries.get().reference,
        ACCOUNT,
        NOTE,
        "brev.txt",
        "Den berørte borger",
        advisor.display_name(),
    ):
        assert expected in text, expected


def test_the_zip_holds_the_pdf_and_every_attachment(advisor_client, person):
    response = advisor_client.get(reverse("privacy:extract_zip", kwargs={"uid": person.uid}))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert "indsigt.pdf" in names
    assert archive.read("indsigt.pdf").startswith(b"%PDF")
    attachments = [n for n in names if n.startswith("bilag/")]
    assert len(attachments) == 1 and attachments[0].endswith("brev.txt")
    assert archive.read(attachments[0]) == ATTACHMENT


def test_the_extract_includes_inquiries_where_the_person_is_the_requester(
    advisor_client, office, person
):
    concerned = person_create(office=office, name=OTHER_NAME)
    inquiry = make_inquiry(office, account="Sag ført af Ingeborg for en anden")
    inquiry.person, inquiry.requester = concerned, person
    inquiry.save()

    response = advisor_client.get(reverse("privacy:person", kwargs={"uid": person.uid}))

    assert inquiry.reference in response.content.decode()
    assert "(henvender)" in response.content.decode()


def test_another_offices_person_is_not_found(advisor_client, other_office):
    theirs = person_create(office=other_office, name=OTHER_NAME)
    for name in ("privacy:person", "privacy:extract_pdf", "privacy:extract_zip"):
        response = advisor_client.get(reverse(name, kwargs={"uid": theirs.uid}))
        assert response.status_code == 404, name


def test_a_reader_may_not_take_an_extract(client, office, person):
    client.force_login(make_user("laeser", office, role=User.Role.READER))
    response = client.get(reverse("privacy:extract_pdf", kwargs={"uid": person.uid}))
    assert response.status_code == 403


def test_an_erasure_request_is_registered_and_its_deadline_shown_on_the_worklist(
    advisor_client, person
):
    response = advisor_client.post(
        reverse("privacy:erasure_add", kwargs={"uid": person.uid}), {"received": "2025-03-03"}
    )

    assert response.status_code == 302
    erasure = ErasureRequest.objects.get(person=person)
    assert erasure.deadline == datetime.date(2025, 4, 3)
    worklist = advisor_client.get(reverse("inquiries:worklist")).content.decode()
    assert "Anmodninger om sletning, der venter på afgørelse" in worklist
    assert "3. april 2025" in worklist
    assert NAME in worklist


def test_an_erasure_request_received_in_the_future_is_refused(advisor_client, person):
    response = advisor_client.post(
        reverse("privacy:erasure_add", kwargs={"uid": person.uid}), {"received": "2025-04-01"}
    )
    assert response.status_code == 200
    assert "Datoen ligger i fremtiden" in response.content.decode()
    assert not ErasureRequest.objects.exists()


def test_a_refusal_needs_a_legal_ground(advisor_client, person, advisor):
    erasure = erasure_request_register(
        person=person, received=datetime.date(2025, 3, 1), by=advisor
    )
    url = reverse("privacy:erasure_decide", kwargs={"uid": erasure.uid})
    prefix = f"afg-{erasure.pk}"

    response = advisor_client.post(
        url, {f"{prefix}-decision": "refused", f"{prefix}-decided_on": "2025-03-10"}
    )

    assert response.status_code == 200
    assert "Et afslag skal have et retsgrundlag" in response.content.decode()
    erasure.refresh_from_db()
    assert erasure.is_open


def test_a_decided_request_leaves_the_worklist_and_keeps_its_ground(
    advisor_client, person, advisor
):
    erasure = erasure_request_register(
        person=person, received=datetime.date(2025, 3, 1), by=advisor
    )
    prefix = f"afg-{erasure.pk}"

    response = advisor_client.post(
        reverse("privacy:erasure_decide", kwargs={"uid": erasure.uid}),
        {
            f"{prefix}-decision": "refused",
            f"{prefix}-legal_ground": LegalGround.ARCHIVES,
            f"{prefix}-decided_on": "2025-03-10",
        },
    )

    assert response.status_code == 302
    erasure.refresh_from_db()
    assert erasure.decision == ErasureRequest.Decision.REFUSED
    assert erasure.decided_by == advisor
    assert erasure.decided_on == datetime.date(2025, 3, 10)
    worklist = advisor_client.get(reverse("inquiries:worklist")).content.decode()
    assert "venter på afgørelse" not in worklist
    page = advisor_client.get(reverse("privacy:person", kwargs={"uid": person.uid}))
    assert "Arkivlovgivningen / offentlighedslovens journaliseringspligt" in page.content.decode()


def test_an_overdue_request_is_marked_on_the_worklist(advisor_client, person, advisor):
    erasure_request_register(person=person, received=datetime.date(2025, 1, 31), by=advisor)

    worklist = advisor_client.get(reverse("inquiries:worklist")).content.decode()

    assert "28. februar 2025" in worklist
    assert "(overskredet)" in worklist


def test_another_offices_erasure_requests_are_not_on_the_worklist(
    advisor_client, other_office, advisor_other
):
    theirs = person_create(office=other_office, name=OTHER_NAME)
    erasure_request_register(person=theirs, received=datetime.date(2025, 3, 1), by=advisor_other)

    worklist = advisor_client.get(reverse("inquiries:worklist")).content.decode()

    assert OTHER_NAME not in worklist
    assert "venter på afgørelse" not in worklist


def test_a_secretary_registers_a_request_but_may_not_decide_it(client, office, person):
    client.force_login(make_user("sekretaer", office, role=User.Role.SECRETARY))
    response = client.post(
        reverse("privacy:erasure_add", kwargs={"uid": person.uid}), {"received": "2025-03-03"}
    )
    assert response.status_code == 302
    erasure = ErasureRequest.objects.get()
    response = client.post(reverse("privacy:erasure_decide", kwargs={"uid": erasure.uid}), {})
    assert response.status_code == 403

"""Retention: expired inquiries lose who and what, keep every figure of the annual report."""

from __future__ import annotations

import datetime
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from borgerraadgiver.casework.models import (
    CasePause,
    Deadline,
    DeadlineExtension,
    DepartmentRequest,
    Letter,
    PointStatement,
    Screening,
)
from borgerraadgiver.core.demo import demo_create
from borgerraadgiver.inquiries.models import ComplaintPoint, Inquiry, JournalEntry, Person
from borgerraadgiver.inquiries.services import (
    InquiryData,
    PointData,
    inquiry_register,
    journal_entry_add,
    person_create,
)
from borgerraadgiver.offices.models import Office, User
from borgerraadgiver.privacy.models import LegalHold, RetentionRecord
from borgerraadgiver.privacy.services import (
    legal_hold_release,
    legal_hold_set,
    retention_policy_update,
    retention_run,
)
from borgerraadgiver.privacy.tests.casework_rows import TEXTS as CASEWORK_TEXTS
from borgerraadgiver.privacy.tests.casework_rows import make_casework
from borgerraadgiver.reports.periods import Period
from borgerraadgiver.reports.renderers import json as json_renderer
from borgerraadgiver.reports.selectors import report_build
from tests.factories import value

pytestmark = pytest.mark.security

TODAY = datetime.date(2031, 6, 1)
# With the default five years, inquiries closed before this day have expired.
CUTOFF = datetime.date(2026, 6, 1)

NAME = "Zenobia Glemmebakke"
ACCOUNT = "Hemmelig-beretning om Zenobias sag"
NOTE = "Fortroligt-journalnotat om Zenobia"
DESCRIPTION = "Klagepunkt-beskrivelse om Zenobia"
CPR = "0101701234"


def register(
    office: Office,
    *,
    closed: datetime.date | None,
    person: Person | None = None,
    requester: Person | None = None,
    account: str = ACCOUNT,
    received: datetime.date = datetime.date(2025, 3, 1),
) -> Inquiry:
    unit = office.org_units.filter(parent__isnull=True).first()
    data = InquiryData(
        received=received,
        org_unit=unit,
        account=account,
        person=person,
        requester=requester,
        closed=closed,
        values={"outcome": value("outcome", "borger_vejledt")} if closed else {},
        points=[
            PointData(
                theme=value("theme", "sagsbehandlingstid_og_manglende_svar"),
                description=DESCRIPTION,
            )
        ],
    )
    return inquiry_register(office=office, data=data)


def citizen(office: Office, name: str = NAME, cpr: str = CPR) -> Person:
    return person_create(
        office=office,
        name=name,
        address="Glemmevej 1, 2620 Albertslund",
        phone="43434343",
        email="zenobia@example.org",
        cpr=cpr,
    )


def note(inquiry: Inquiry, *, upload: bool = False) -> JournalEntry:
    return journal_entry_add(
        inquiry=inquiry,
        kind="note",
        occurred=inquiry.received,
        text=NOTE,
        upload=SimpleUploadedFile("zenobia-klage.txt", b"Bilag om Zenobia") if upload else None,
    )


@pytest.fixture
def expired(office):
    """A closed inquiry of 2025: expired on TODAY, with every kind of free text."""
    inquiry = register(office, closed=datetime.date(2025, 4, 1), person=citizen(office))
    note(inquiry, upload=True)
    return inquiry


def run(**kwargs):
    return retention_run(today=TODAY, **kwargs)


def test_free_text_names_and_cpr_of_an_expired_inquiry_are_gone(
    office, expired, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = run(office=office)

    assert result.inquiries == 1
    expired.refresh_from_db()
    assert expired.account == ""
    assert expired.search_names == ""
    point = ComplaintPoint.objects.get(inquiry=expired)
    assert point.description == ""
    entry = JournalEntry.objects.get(inquiry=expired)
    assert (entry.text, entry.attachment.name, entry.attachment_name) == ("", "", "")
    person = Person.objects.get(pk=expired.person_id)
    assert (person.name, person.address, person.phone, person.email) == ("", "", "", "")
    assert (person.cpr_encrypted, person.cpr_hash, person.cpr) == ("", "", "")
    assert not Person.objects.with_cpr(office, CPR).exists()
    # The statistics stay: the person link, the dates, the unit, the classification.
    assert expired.person_id == person.pk
    assert expired.closed == datetime.date(2025, 4, 1)
    assert expired.outcome == value("outcome", "borger_vejledt")
    assert point.theme == value("theme", "sagsbehandlingstid_og_manglende_svar")


def test_the_attachment_file_is_deleted_from_disk(
    office, expired, settings, django_capture_on_commit_callbacks
):
    stored = JournalEntry.objects.get(inquiry=expired).attachment.name
    path = Path(settings.MEDIA_ROOT) / stored
    assert path.exists()

    with django_capture_on_commit_callbacks(execute=True):
        run(office=office)

    assert not path.exists()


def test_the_deletion_log_counts_what_was_removed_and_holds_none_of_it(
    office, expired, django_capture_on_commit_callbacks
):
    make_casework(expired, by=None)  # seven rows with free text, and a letter's journal entry
    with django_capture_on_commit_callbacks(execute=True):
        run(office=office)

    record = RetentionRecord.objects.get(inquiry=expired)
    assert record.inquiry_reference == expired.reference
    assert record.inquiry_uid == expired.uid
    assert record.run_on == TODAY
    assert record.removed == {
        "account": 1,
        "search_names": 1,
        "journal_texts": 2,
        "attachments": 1,
        "point_descriptions": 1,
        "casework_texts": 7,
        "persons": 1,
        "persons_kept": 0,
    }
    assert record.cause == RetentionRecord.Cause.RETENTION
    stored = json.dumps(list(RetentionRecord.objects.values()), default=str, ensure_ascii=False)
    secrets = (NAME, "Zenobia", ACCOUNT, NOTE, DESCRIPTION, CPR, "zenobia-klage", "Glemmevej")
    for secret in (*secrets, *CASEWORK_TEXTS.values()):
        assert secret not in stored


def _casework_values(inquiry: Inquiry) -> list[tuple]:
    """Every casework column the reports or the worklist count, for before/after."""
    return [
        list(Screening.objects.filter(inquiry=inquiry).values_list(
            "act_date", "result", "within", "exclusion", "rejection_ground", "screened_at"
        )),
        list(DepartmentRequest.objects.filter(inquiry=inquiry).values_list(
            "kind", "org_unit", "contact_name", "citizen_consent", "consent_date", "sent_on",
            "answered_on", "answer", "points",
        )),
        list(PointStatement.objects.filter(point__inquiry=inquiry).values_list(
            "point", "perspectives", "decided_on", "follow_up", "follow_up_reported_on"
        )),
        list(Deadline.objects.filter(inquiry=inquiry).values_list(
            "kind", "due", "original_due", "met_on", "paused_since", "request", "responsible"
        )),
        list(DeadlineExtension.objects.filter(deadline__inquiry=inquiry).values_list(
            "requested_on", "previous_due", "new_due", "granted"
        )),
        list(CasePause.objects.filter(inquiry=inquiry).values_list("started", "ended")),
        list(Letter.objects.filter(inquiry=inquiry).values_list(
            "kind", "recipient", "request", "journal_entry", "emailed_at"
        )),
    ]  # fmt: skip


def test_the_casework_free_text_goes_and_its_figures_stay(office, expired, advisor):
    rows = make_casework(expired, by=advisor)
    figures = _casework_values(expired)

    run(office=office)

    assert _casework_values(expired) == figures
    screening = Screening.objects.get(pk=rows["screening"].pk)
    request = DepartmentRequest.objects.get(pk=rows["request"].pk)
    statement = PointStatement.objects.get(pk=rows["statement"].pk)
    assert (screening.note, screening.referred_elsewhere) == ("", "")
    assert (request.complaint, request.questions, request.answer_summary) == ("", "", "")
    assert (statement.reasons, statement.recommendation, statement.follow_up_note) == ("", "", "")
    assert Deadline.objects.get(pk=rows["deadline"].pk).label == ""
    assert DeadlineExtension.objects.get(pk=rows["extension"].pk).reason == ""
    assert CasePause.objects.get(pk=rows["pause"].pk).reason == ""
    assert Letter.objects.get(pk=rows["letter"].pk).email_to == ""
    # Nothing of it anywhere in the casework tables any more.
    for model in (Screening, DepartmentRequest, PointStatement, Deadline, DeadlineExtension,
                  CasePause, Letter):  # fmt: skip
        stored = json.dumps(list(model.objects.values()), default=str, ensure_ascii=False)
        for text in CASEWORK_TEXTS.values():
            assert text not in stored, (model.__name__, text)


def test_a_dry_run_leaves_the_casework_text_alone(office, expired):
    rows = make_casework(expired, by=None)
    plan = retention_run(today=TODAY, office=office, dry_run=True).plans[0]
    assert plan.inquiries[0].removed["casework_texts"] == 7
    assert (
        DepartmentRequest.objects.get(pk=rows["request"].pk).complaint
        == (CASEWORK_TEXTS["complaint"])
    )


def test_an_inquiry_on_legal_hold_keeps_everything_until_the_hold_is_released(
    office, expired, advisor
):
    hold = legal_hold_set(inquiry=expired, reason="Verserende retssag", by=advisor)

    assert run(office=office).inquiries == 0
    expired.refresh_from_db()
    assert expired.account == ACCOUNT
    assert Person.objects.get(pk=expired.person_id).name == NAME
    assert not RetentionRecord.objects.exists()

    legal_hold_release(hold=hold, by=advisor)
    assert run(office=office).inquiries == 1
    expired.refresh_from_db()
    assert expired.account == ""
    assert LegalHold.objects.get(pk=hold.pk).released_at is not None


def test_a_dry_run_lists_the_inquiries_and_changes_nothing(office, expired, settings):
    stored = JournalEntry.objects.get(inquiry=expired).attachment.name
    out = StringIO()

    call_command(
        "retention", "--dry-run", "--office", office.slug, "--today", TODAY.isoformat(), stdout=out
    )

    text = out.getvalue()
    assert expired.reference in text
    assert "ville anonymisere 1 henvendelse(r) og 1 person(er)" in text
    assert "Prøvekørsel: intet er ændret." in text
    assert NAME not in text and ACCOUNT not in text
    expired.refresh_from_db()
    assert expired.account == ACCOUNT
    assert expired.search_names == NAME
    assert Person.objects.get(pk=expired.person_id).cpr == CPR
    assert JournalEntry.objects.get(inquiry=expired).text == NOTE
    assert (Path(settings.MEDIA_ROOT) / stored).exists()
    assert not RetentionRecord.objects.exists()


def test_the_command_anonymises_and_names_what_it_did(office, expired):
    out = StringIO()
    call_command("retention", "--today", TODAY.isoformat(), stdout=out)

    assert f"{office.slug}: afsluttet før {CUTOFF.isoformat()}: anonymiserede 1" in out.getvalue()
    expired.refresh_from_db()
    assert expired.account == ""


def test_the_command_refuses_an_unknown_office_and_a_bad_date(db):
    with pytest.raises(CommandError, match="kortnavnet"):
        call_command("retention", "--office", "ingen", stdout=StringIO())
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM-DD"):
        call_command("retention", "--today", "1.6.2031", stdout=StringIO())


def test_a_person_shared_with_a_live_inquiry_keeps_their_data(office, expired):
    shared = Person.objects.get(pk=expired.person_id)
    live = register(office, closed=None, person=None, requester=shared, account="Ny sag")

    result = run(office=office)

    assert result.inquiries == 1
    assert result.plans[0].persons_kept == [shared.pk]
    shared.refresh_from_db()
    assert shared.name == NAME
    assert shared.cpr == CPR
    # The expired inquiry's own text goes all the same.
    expired.refresh_from_db()
    assert (expired.account, expired.search_names) == ("", "")
    live.refresh_from_db()
    assert live.search_names == NAME
    assert RetentionRecord.objects.get(inquiry=expired).removed["persons_kept"] == 1


def test_the_persons_data_goes_once_their_last_inquiry_has_expired(office, expired):
    shared = Person.objects.get(pk=expired.person_id)
    later = register(office, closed=datetime.date(2027, 1, 10), person=shared)

    run(office=office)
    shared.refresh_from_db()
    assert shared.name == NAME

    retention_run(today=datetime.date(2032, 2, 1), office=office)
    shared.refresh_from_db()
    later.refresh_from_db()
    assert (shared.name, shared.cpr, later.account) == ("", "", "")


def test_an_inquiry_closed_within_the_office_setting_is_left_alone(office):
    just_inside = register(office, closed=CUTOFF, person=citizen(office))
    just_outside = register(
        office, closed=CUTOFF - datetime.timedelta(days=1), account="Gammel sag"
    )

    run(office=office)

    just_inside.refresh_from_db()
    just_outside.refresh_from_db()
    assert just_inside.account == ACCOUNT
    assert just_outside.account == ""


def test_the_office_setting_decides_how_many_years(office):
    inquiry = register(office, closed=datetime.date(2029, 1, 1))
    assert run(office=office).inquiries == 0

    retention_policy_update(office=office, years_after_closing=2)

    assert run(office=office).inquiries == 1
    inquiry.refresh_from_db()
    assert inquiry.account == ""


def test_an_open_inquiry_is_never_anonymised(office):
    inquiry = register(office, closed=None, received=datetime.date(2020, 1, 1))
    assert run(office=office).inquiries == 0
    inquiry.refresh_from_db()
    assert inquiry.account == ACCOUNT


def test_a_second_run_finds_nothing_more_to_do(office, expired):
    run(office=office)
    assert run(office=office).inquiries == 0
    assert RetentionRecord.objects.count() == 1


def test_a_run_for_one_office_leaves_the_other_alone(office, other_office, expired):
    theirs = register(other_office, closed=datetime.date(2025, 4, 1))

    run(office=office)

    theirs.refresh_from_db()
    assert theirs.account == ACCOUNT


def _reports(office: Office) -> list[bytes]:
    first = office.inquiries.order_by("received").first().received
    periods = [
        Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        for year in range(first.year, 2025)
    ]
    return [json_renderer.render(report_build(office, period)) for period in periods]


def test_the_annual_reports_are_identical_before_and_after_retention(
    db, django_capture_on_commit_callbacks
):
    demo = demo_create(today=datetime.date(2024, 12, 31), years=2, password="demo-kodeord-1")
    office = demo.office
    # Some of the demo's persons come back with a new matter: one citizen is in an
    # expired inquiry and an open one, so distinct-person counts depend on the link.
    advisor = User.objects.get(username=demo.username)
    held = office.inquiries.closed().order_by("closed").first()
    legal_hold_set(inquiry=held, reason="Klagesag ved Ombudsmanden", by=advisor)
    for inquiry in office.inquiries.closed()[:5]:
        note(inquiry, upload=True)
    # Casework on closed inquiries (and on the held one): its free text goes, its figures stay.
    with_casework = [held, *office.inquiries.closed().exclude(pk=held.pk)[5:25]]
    for inquiry in with_casework:
        if not Screening.objects.filter(inquiry=inquiry).exists():
            make_casework(inquiry, by=advisor)
    casework_before = [_casework_values(inquiry) for inquiry in with_casework]
    before = _reports(office)
    closed = office.inquiries.closed().count()
    assert closed > 100 and office.inquiries.open().exists()

    with django_capture_on_commit_callbacks(execute=True):
        result = retention_run(today=datetime.date(2030, 1, 1), office=office)

    assert result.inquiries == closed - 1
    assert result.persons > 100
    assert _reports(office) == before
    assert [_casework_values(inquiry) for inquiry in with_casework] == casework_before
    anonymised = RetentionRecord.objects.filter(office=office).values("inquiry_id")
    assert DepartmentRequest.objects.filter(inquiry__in=anonymised).count() >= 20
    assert not DepartmentRequest.objects.filter(inquiry__in=anonymised).exclude(complaint="")
    assert not PointStatement.objects.filter(point__inquiry__in=anonymised).exclude(reasons="")
    assert DepartmentRequest.objects.filter(inquiry=held).exclude(complaint="").exists()
    assert (
        not Inquiry.objects.filter(office=office, closed__isnull=False)
        .exclude(pk=held.pk)
        .exclude(account="")
        .exists()
    )
    held.refresh_from_db()
    assert held.account != ""
    assert (
        not JournalEntry.objects.filter(inquiry__office=office)
        .exclude(inquiry__status=Inquiry.Status.OPEN)
        .exclude(inquiry=held)
        .exclude(text="")
        .exists()
    )

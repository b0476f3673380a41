"""The audit trail: append-only, written with the action, readable by the office administrator,
and told to the citizen without staff names."""

from __future__ import annotations

import csv
import datetime
import io
import uuid

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from openpyxl import load_workbook

from borgerraadgiver.audit.models import AccessRecord, Action, AppendOnlyError, Purpose
from borgerraadgiver.inquiries.models import Inquiry
from borgerraadgiver.inquiries.services import person_create
from borgerraadgiver.offices.models import User
from tests.factories import make_inquiry, make_user

pytestmark = pytest.mark.security

LOG = reverse("audit:log")


def _record(user, **fields) -> AccessRecord:
    values = {
        "user": user,
        "office": user.office,
        "action": Action.READ,
        "object_type": "inquiry",
        "purpose": Purpose.CASEWORK,
        "path": "/henvendelser/",
    }
    values.update(fields)
    return AccessRecord.objects.create(**values)


@pytest.fixture
def admin(office) -> User:
    return make_user("anne", office, role=User.Role.OFFICE_ADMIN)


@pytest.fixture
def case(office, advisor):
    person = person_create(office=office, name="Karen Opslagsen", phone="22334455")
    inquiry = make_inquiry(office, by=advisor)
    inquiry.person = person
    inquiry.save()
    return inquiry


def test_a_record_cannot_be_changed_or_deleted_through_the_model(advisor):
    record = _record(advisor)
    record.term = "ændret"
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        AccessRecord.objects.filter(pk=record.pk).update(term="ændret")
    with pytest.raises(AppendOnlyError):
        AccessRecord.objects.filter(pk=record.pk).delete()
    assert AccessRecord.objects.get(pk=record.pk).term == ""


def test_a_user_named_in_the_trail_cannot_be_deleted(advisor):
    _record(advisor)
    with pytest.raises(Exception, match="protected"):
        advisor.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_update_and_delete_of_a_record_in_raw_sql(advisor):
    record = _record(advisor)
    for sql in (
        "UPDATE audit_accessrecord SET term = 'x' WHERE id = %s",
        "DELETE FROM audit_accessrecord WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [record.pk])
    assert AccessRecord.objects.filter(pk=record.pk, term="").exists()


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite has no trigger")
def test_on_sqlite_the_model_is_the_only_wall_and_inserting_is_still_allowed(advisor):
    # Documents the limit the README states: the database itself does not refuse here.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            ["audit_accessrecord"],
        )
        assert cursor.fetchone()[0] == 0
    assert _record(advisor).pk


def test_the_record_is_written_in_the_same_transaction_as_the_change(
    advisor_client, office, monkeypatch
):
    from tests.security.test_audit_completeness import intake_data

    before = Inquiry.objects.count()

    def broken(self, *args, **kwargs):
        raise RuntimeError("the audit table is unavailable")

    monkeypatch.setattr(AccessRecord, "full_clean", broken)
    with pytest.raises(RuntimeError):
        advisor_client.post(reverse("inquiries:create"), intake_data(office))
    # The registration was rolled back with its record: nothing happened unrecorded.
    assert Inquiry.objects.count() == before


def test_a_page_with_personal_data_is_not_shown_when_its_record_cannot_be_written(
    advisor_client, case, monkeypatch
):
    def broken(self, *args, **kwargs):
        raise RuntimeError("the audit table is unavailable")

    monkeypatch.setattr(AccessRecord, "full_clean", broken)
    with pytest.raises(RuntimeError):
        advisor_client.get(reverse("inquiries:detail", args=[case.uid]))


def test_the_office_administrator_sees_the_offices_records_filtered_and_paginated(
    client, office, other_office, advisor, admin, advisor_other
):
    person = uuid.uuid4()
    _record(advisor, action=Action.SEARCH, term="Karen Opslagsen", person_uid=person)
    for _ in range(55):
        _record(advisor)
    _record(advisor_other, term="Fremmed Søgning")
    client.force_login(admin)

    page = client.get(LOG)
    assert page.status_code == 200
    # The 56 above and the administrator's own look at the log.
    assert page.context["page"].paginator.count == 57
    assert len(page.context["page"].object_list) == 50
    assert b"Fremmed S" not in page.content

    searched = client.get(LOG, {"handling": "search", "bruger": advisor.pk})
    assert [r.term for r in searched.context["page"]] == ["Karen Opslagsen"]
    by_person = client.get(LOG, {"person": str(person)})
    # The search, and the administrator's own look at that person's records before it.
    assert [(r.user, r.person_uid) for r in by_person.context["page"]] == [
        (admin, person),
        (advisor, person),
    ]
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    later = client.get(LOG, {"fra": tomorrow.isoformat()})
    assert later.context["page"].paginator.count == 0


def test_the_log_exports_as_csv_and_xlsx(client, office, advisor, admin):
    _record(advisor, action=Action.SEARCH, term='=HYPERLINK("x")')
    client.force_login(admin)
    answer = client.get(LOG, {"handling": "search", "format": "csv"})
    assert answer["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(answer.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Tidspunkt", "Bruger", "Handling"]
    assert rows[1][1] == "alice" and rows[1][7] == '\'=HYPERLINK("x")'
    answer = client.get(LOG, {"handling": "search", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(answer.streaming_content))).active
    assert [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))][1] == "alice"


def test_viewing_and_exporting_the_log_is_recorded_too(client, office, admin):
    client.force_login(admin)
    client.get(LOG)
    client.get(LOG, {"format": "csv"})
    own = AccessRecord.objects.filter(user=admin).order_by("pk")
    assert [(r.action, r.object_type, r.purpose) for r in own] == [
        (Action.READ, "audit_log", Purpose.SUPERVISION),
        (Action.EXPORT, "audit_log", Purpose.SUPERVISION),
    ]


@pytest.mark.parametrize("role", [User.Role.ADVISOR, User.Role.SECRETARY, User.Role.READER])
def test_only_the_office_administrator_may_read_the_log_and_a_refusal_is_recorded(
    client, office, role
):
    user = make_user("nysgerrig", office, role=role)
    client.force_login(user)
    assert client.get(LOG).status_code == 403
    assert AccessRecord.objects.get(user=user).action == Action.REFUSED


def test_a_citizens_extract_lists_dates_and_purposes_without_staff_names(
    client, office, advisor, case
):
    colleague = make_user("bertram", office, role=User.Role.SECRETARY)
    client.force_login(colleague)
    client.get(reverse("inquiries:detail", args=[case.uid]))
    client.force_login(advisor)
    url = reverse("audit:person_extract", args=[case.person.uid])
    page = client.get(url)
    assert page.status_code == 200
    rows = page.context["rows"]
    assert [(r.action, r.purpose) for r in rows] == [
        ("Visning", "Sagsbehandling"),
        ("Udskrift", "Indsigt"),
    ]
    answer = client.get(url, {"format": "csv"})
    text = answer.getvalue().decode("utf-8-sig")
    assert "Visning;Sagsbehandling" in text
    pdf = client.get(url, {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    html = page.content.decode()
    # The extract itself, not the page's header (which names the logged-in user).
    extract = html[html.index("<h1") : html.index("</table>")]
    for body in (extract, text):
        for staff in ("alice", "Alice", "bertram", "Bertram"):
            assert staff not in body


def test_a_citizens_extract_holds_only_that_persons_records(client, office, advisor, case):
    other = person_create(office=office, name="Anden Borger")
    client.force_login(advisor)
    client.get(reverse("inquiries:detail", args=[case.uid]))
    page = client.get(reverse("audit:person_extract", args=[other.uid]))
    assert [r.action for r in page.context["rows"]] == ["Udskrift"]


def test_another_offices_person_has_no_extract_and_the_attempt_is_recorded(
    client, case, advisor_other
):
    client.force_login(advisor_other)
    url = reverse("audit:person_extract", args=[case.person.uid])
    assert client.get(url).status_code == 404
    refused = AccessRecord.objects.get(user=advisor_other)
    assert (refused.action, refused.object_uid) == (Action.REFUSED, case.person.uid)


def test_a_search_text_with_nul_characters_is_recorded_without_them(office, advisor, rf):
    from borgerraadgiver.audit.models import AccessRecord, Action
    from borgerraadgiver.audit.services import audit_record

    request = rf.get("/henvendelser/soeg/")
    request.user = advisor
    audit_record(request, action=Action.SEARCH, object_type="search", term="Bir\x00git")
    assert AccessRecord.objects.get().term == "Birgit"

"""The second wall: PostgreSQL's row-level security keeps each office's case rows apart.

The application's own database role is not the tables' owner, so the policies
hold it to the office named in `borgerraadgiver.office_id`. These tests create
such a role inside the test's transaction (rolled back with it), grant it what
`rls_grant` grants, and then read and write with raw SQL as that role. The
superuser the rest of the suite connects as passes through the policies, which
is why the other tests see no difference.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from borgerraadgiver.audit.models import AccessRecord, Action, Purpose
from borgerraadgiver.inquiries.models import Inquiry, JournalEntry
from borgerraadgiver.inquiries.services import journal_entry_add, person_create
from borgerraadgiver.privacy.models import RetentionRecord
from borgerraadgiver.privacy.services import erasure_request_register, legal_hold_set
from borgerraadgiver.privacy.tests.casework_rows import make_casework
from borgerraadgiver.rls.middleware import OfficeWallMiddleware
from borgerraadgiver.rls.scope import all_offices, wall_set, wall_state
from borgerraadgiver.rls.tables import APPEND_ONLY, COVERED, EXEMPT, NOT_YET, OFFICE_ANCHORS
from tests.factories import make_inquiry, make_user

pytestmark = pytest.mark.security

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row-level security is PostgreSQL's"
)


def test_every_table_that_belongs_to_an_office_is_walled_off_or_named_as_outside():
    anchors = {apps.get_model(label) for label in OFFICE_ANCHORS}
    belonging = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if any(f.is_relation and f.related_model in anchors for f in model._meta.concrete_fields)
    }

    walled = COVERED.keys() | APPEND_ONLY.keys()
    assert belonging - walled - EXEMPT.keys() - NOT_YET.keys() == set()
    assert COVERED.keys() <= belonging
    assert not walled & EXEMPT.keys()


# --- PostgreSQL: the policies themselves, with raw SQL as a non-owner role ---


@pytest.fixture(autouse=True)
def _wall_closed_after_the_test(db) -> Iterator[None]:
    # The test's rollback undoes the variables, but the middleware's note of
    # an opened connection would outlive it and cost the next test a query.
    yield
    wall_set(office_id=None)


@contextmanager
def acting_as(role: str) -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{role}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


@pytest.fixture
def app_role(db) -> str:
    """A role like the deployment's application role: no ownership, no BYPASSRLS."""
    name = f"rls_test_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{name}" NOLOGIN')
    call_command("rls_grant", name, stdout=None)
    return name


@pytest.fixture
def cases(office, other_office) -> dict[str, dict[str, Any]]:
    """For each office: a person, an inquiry with a point, a journal entry, a
    legal hold, an erasure request, a deletion-log row and a row of each
    casework table; and a spare inquiry, point and journal entry for the
    copies of rows that must be unique per inquiry, point or entry."""
    made = {}
    for key, each in (("a", office), ("b", other_office)):
        advisor = make_user(f"advisor_{key}", each)
        person = person_create(office=each, name=f"Borger {key.upper()}")
        inquiry = make_inquiry(each, by=advisor)
        inquiry.person = person
        inquiry.save()
        journal_entry_add(
            inquiry=inquiry,
            kind="note",
            occurred=datetime.date(2025, 1, 16),
            text="Notat",
            by=advisor,
        )
        legal_hold_set(inquiry=inquiry, reason="Verserende klagesag", by=advisor)
        erasure_request_register(person=person, received=datetime.date(2025, 2, 1), by=advisor)
        RetentionRecord.objects.create(
            office=each,
            inquiry=None,
            inquiry_uid=uuid.uuid4(),
            inquiry_reference=f"{key}-1",
            closed=datetime.date(2020, 1, 1),
            run_on=datetime.date(2025, 1, 1),
        )
        casework = make_casework(inquiry, by=advisor)
        spare = make_inquiry(each, by=advisor)
        made[key] = {
            "office": each,
            "advisor": advisor,
            "person": person,
            "inquiry": inquiry,
            "request": casework["request"],
            "deadline": casework["deadline"],
            "spare_inquiry": spare,
            "spare_point": spare.points.first(),
            "spare_entry": JournalEntry.objects.create(inquiry=inquiry, text="Reserve"),
        }
    return made


def _ids(table: str, office_id: int) -> list[int]:
    """The ids of an office's rows, read as the owner (no policy applies)."""
    reach = COVERED[table]
    with connection.cursor() as cursor:
        if isinstance(reach, tuple):
            column, parent = reach
            cursor.execute(
                f"SELECT t.id FROM {table} t JOIN {parent} p ON p.id = t.{column} "
                "WHERE p.office_id = %s ORDER BY t.id",
                [office_id],
            )
        else:
            cursor.execute(f"SELECT id FROM {table} WHERE {reach} = %s ORDER BY id", [office_id])
        return [row[0] for row in cursor.fetchall()]


def _visible(table: str) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


def _row(table: str, row_id: int) -> str:
    """One row as JSON, read as the owner, to be inserted again later."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT row_to_json(t)::text FROM {table} t WHERE id = %s", [row_id])
        return str(cursor.fetchone()[0])


def _insert_copy(table: str, row: str, target: dict[str, Any]) -> None:
    """Insert a copy of a row (from `_row`), moved into the target office and its case."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = %s AND is_generated = 'NEVER' AND column_name <> 'id' "
            "ORDER BY ordinal_position",
            [table],
        )
        columns = [row[0] for row in cursor.fetchall()]
        moved = {
            "uid": "gen_random_uuid()",
            "office_id": str(int(target["office"].pk)),
            "inquiry_id": "NULL"
            if table == "privacy_retentionrecord"
            else str(int(target["inquiry"].pk)),
            "person_id": str(int(target["person"].pk)),
            "requester_id": "NULL",
            "reference": "reference || '-kopi'",
            "position": "position + 1000",
            "released_at": "now()",
            # The casework rows: one per inquiry, point or entry, so a copy takes a spare one.
            "request_id": "NULL",
            "statement_id": "NULL",
            "deadline_id": str(int(target["deadline"].pk)),
            "departmentrequest_id": str(int(target["request"].pk)),
            "complaintpoint_id": str(int(target["spare_point"].pk)),
            "point_id": str(int(target["spare_point"].pk)),
            "journal_entry_id": str(int(target["spare_entry"].pk)),
        }
        if table == "casework_screening":
            moved["inquiry_id"] = str(int(target["spare_inquiry"].pk))
        values = [moved.get(c, c) for c in columns]
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) "
            f"SELECT {', '.join(values)} FROM json_populate_record(NULL::{table}, %s::json)",
            [row],
        )


def _is_refused_by_policy(action: Any) -> bool:
    """True for the policy's refusal; any other database error fails the test."""
    try:
        with transaction.atomic():
            action()
    except DatabaseError as exc:
        if "row-level security" in str(exc):
            return True
        raise
    return False


@on_postgresql
def test_the_case_tables_have_row_level_security_and_the_office_policy(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_policies p ON p.tablename = c.relname "
            "WHERE c.relrowsecurity AND p.policyname = 'office_wall' AND c.relname = ANY(%s)",
            [list(COVERED)],
        )
        walled = {row[0] for row in cursor.fetchall()}
    assert walled == set(COVERED)


@on_postgresql
@pytest.mark.parametrize("table", sorted(COVERED))
def test_the_app_role_with_office_a_sees_and_changes_only_office_a_rows(app_role, cases, table):
    a, b = cases["a"], cases["b"]
    own, others = _ids(table, a["office"].pk), _ids(table, b["office"].pk)
    assert own and others  # both offices have rows, so a filter shows

    row = _row(table, own[0])

    wall_set(office_id=a["office"].pk)
    with acting_as(app_role):
        assert _visible(table) == own
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET id = id WHERE id = ANY(%s)", [others])
            assert cursor.rowcount == 0
            cursor.execute(f"DELETE FROM {table} WHERE id = ANY(%s)", [others])
            assert cursor.rowcount == 0
            cursor.execute(f"UPDATE {table} SET id = id WHERE id = ANY(%s)", [own])
            assert cursor.rowcount == len(own)
        # The same insert goes through for the own office and is refused for the other.
        assert not _is_refused_by_policy(lambda: _insert_copy(table, row, a))
        assert _is_refused_by_policy(lambda: _insert_copy(table, row, b))

    wall_set(office_id=None)
    assert _ids(table, b["office"].pk) == others  # nothing of B's was touched


@on_postgresql
@pytest.mark.parametrize("table", sorted(COVERED))
def test_the_app_role_with_no_office_set_sees_nothing(app_role, cases, table):
    assert _visible(table)  # the owner sees the rows
    row = _row(table, _ids(table, cases["a"]["office"].pk)[0])

    wall_set(office_id=None)
    with acting_as(app_role):
        assert _visible(table) == []
        assert _is_refused_by_policy(lambda: _insert_copy(table, row, cases["a"]))


@on_postgresql
@pytest.mark.parametrize("table", sorted(COVERED))
def test_the_app_role_with_all_offices_on_sees_both_offices(app_role, cases, table):
    both = sorted(_ids(table, cases["a"]["office"].pk) + _ids(table, cases["b"]["office"].pk))

    wall_set(office_id=None)
    with acting_as(app_role), all_offices():
        assert _visible(table) == both
    with acting_as(app_role):
        assert _visible(table) == []  # and closed again after the block


@on_postgresql
def test_all_offices_puts_back_the_office_that_was_set_before(db, office):
    wall_set(office_id=office.pk)
    with all_offices():
        assert wall_state() == ("", "on")
    assert wall_state() == (str(office.pk), "off")


@on_postgresql
def test_rls_grant_refuses_a_role_that_bypasses_row_level_security(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        superuser = cursor.fetchone()[0]
    with pytest.raises(CommandError, match="BYPASSRLS"):
        call_command("rls_grant", superuser)


@on_postgresql
def test_rls_grant_refuses_a_role_that_does_not_exist(db):
    with pytest.raises(CommandError, match="findes ikke"):
        call_command("rls_grant", "no_such_role_" + uuid.uuid4().hex[:8])


# --- PostgreSQL, through Django: the middleware names the user's office ---


def _unscoped_view(request: HttpRequest) -> HttpResponse:
    """A view with the bug the wall is for: it forgets to filter by office."""
    return HttpResponse(
        ",".join(sorted(str(uid) for uid in Inquiry.objects.values_list("uid", flat=True)))
    )


@on_postgresql
def test_a_view_that_forgets_the_office_still_sees_only_the_users_office(app_role, cases):
    request = RequestFactory().get("/")
    request.user = cases["a"]["advisor"]

    with acting_as(app_role):
        response = OfficeWallMiddleware(_unscoped_view)(request)

    own = Inquiry.objects.filter(office=cases["a"]["office"]).values_list("uid", flat=True)
    assert response.content.decode() == ",".join(sorted(str(uid) for uid in own))
    assert str(cases["a"]["inquiry"].uid) in response.content.decode()


@on_postgresql
def test_an_anonymous_request_and_a_user_without_office_see_no_case_rows(app_role, cases):
    from django.contrib.auth.models import AnonymousUser

    operator = make_user("olga", None)
    for user in (AnonymousUser(), operator):
        request = RequestFactory().get("/")
        request.user = user
        wall_set(office_id=cases["b"]["office"].pk)  # left over from an earlier request
        with acting_as(app_role):
            response = OfficeWallMiddleware(_unscoped_view)(request)
        assert response.content == b""


@on_postgresql
def test_the_app_role_can_open_its_own_case_and_the_office_is_cleared_afterwards(
    app_role, cases, client
):
    a, b = cases["a"], cases["b"]
    client.force_login(a["advisor"])

    with acting_as(app_role):
        own = client.get(reverse("inquiries:detail", args=[a["inquiry"].uid]))
        other = client.get(reverse("inquiries:detail", args=[b["inquiry"].uid]))
        after = wall_state()

    assert own.status_code == 200
    assert a["inquiry"].reference in own.content.decode()
    assert other.status_code == 404
    assert after == ("", "off")


# --- PostgreSQL: the audit trail's own wall (insert always, read own office) ---


def _audit_row(office_id: int | None, *, username: str = "", user_id: int | None = None) -> None:
    """A record inserted with raw SQL and no RETURNING, as any client could."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_accessrecord (at, user_id, username, office_id, action,"
            " object_type, term, purpose, path) VALUES (now(), %s, %s, %s, %s, '', '', %s, '/')",
            [user_id, username, office_id, Action.REFUSED, Purpose.LOGIN],
        )


def _audit_visible() -> set[int | None]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT office_id FROM audit_accessrecord")
        return {row[0] for row in cursor.fetchall()}


@pytest.fixture
def audit_rows(office, other_office) -> None:
    for each in (office, other_office, None):
        _audit_row(each.pk if each else None, username="prøvet")


@on_postgresql
def test_the_audit_trail_has_row_level_security_with_its_own_policies(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relrowsecurity, array_agg(p.policyname::text ORDER BY p.policyname)"
            " FROM pg_class c JOIN pg_policies p ON p.tablename = c.relname"
            " WHERE c.relname = 'audit_accessrecord' GROUP BY c.relrowsecurity"
        )
        assert cursor.fetchone() == (True, ["audit_insert", "audit_read"])


@on_postgresql
def test_rls_grant_gives_the_app_role_only_select_and_insert_on_the_audit_trail(app_role):
    with connection.cursor() as cursor:
        rights = {}
        for privilege in ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE"):
            cursor.execute(
                "SELECT has_table_privilege(%s, 'audit_accessrecord', %s)", [app_role, privilege]
            )
            rights[privilege] = cursor.fetchone()[0]
    assert rights == {
        "SELECT": True,
        "INSERT": True,
        "UPDATE": False,
        "DELETE": False,
        "TRUNCATE": False,
    }


@on_postgresql
def test_the_app_role_reads_only_its_offices_records_but_may_insert_any(
    app_role, audit_rows, office, other_office
):
    wall_set(office_id=office.pk)
    with acting_as(app_role):
        assert _audit_visible() == {office.pk}
        # Insert always: a record for another office, or for none, goes in.
        assert not _is_refused_by_policy(lambda: _audit_row(other_office.pk, username="x"))
        assert not _is_refused_by_policy(lambda: _audit_row(None, username="x"))
        assert _audit_visible() == {office.pk}

    wall_set(office_id=None)
    with acting_as(app_role):
        # No office (the login page, the operator): the records of no office only.
        assert _audit_visible() == {None}
    with acting_as(app_role), all_offices():
        assert _audit_visible() == {office.pk, other_office.pk, None}


@on_postgresql
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_accessrecord SET term = 'ændret'",
        "DELETE FROM audit_accessrecord",
        "TRUNCATE audit_accessrecord",
    ],
)
def test_the_app_role_cannot_change_or_remove_audit_records_even_with_every_office_open(
    app_role, audit_rows, statement
):
    with (
        acting_as(app_role),
        all_offices(),
        pytest.raises(DatabaseError, match="permission denied"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM audit_accessrecord WHERE term = ''")
        assert cursor.fetchone()[0] == 3


@on_postgresql
def test_as_the_app_role_a_rejected_login_is_recorded_for_the_users_office(app_role, cases, client):
    advisor = cases["a"]["advisor"]
    with acting_as(app_role):
        response = client.post(
            reverse("login"), {"username": advisor.username, "password": "forkert-kode-1"}
        )
        unknown = client.post(reverse("login"), {"username": "ingen-sådan", "password": "x"})
        after = wall_state()
    assert response.status_code == 200 and unknown.status_code == 200
    assert after == ("", "off")
    refused = AccessRecord.objects.filter(action=Action.REFUSED, object_type="login")
    assert sorted((r.username, r.office_id) for r in refused) == [
        (advisor.username, cases["a"]["office"].pk),
        ("ingen-sådan", None),
    ]


@on_postgresql
def test_as_the_app_role_an_advisors_page_writes_its_record(app_role, cases, client):
    a = cases["a"]
    client.force_login(a["advisor"])
    with acting_as(app_role):
        assert client.get(reverse("inquiries:detail", args=[a["inquiry"].uid])).status_code == 200
    assert AccessRecord.objects.filter(
        user=a["advisor"], office=a["office"], object_uid=a["inquiry"].uid
    ).exists()

"""Every view that shows personal data writes an audit record: the routes, each checked.

PERSONAL lists the routes that show or change a citizen's data, each with a
visit (what an advisor does there with a real object) and what the trail
must then hold: the action, the object and the person concerned, and for a
search the search text. NOT_PERSONAL lists the others, each with the reason.
The routes come from the URL configuration: a route in neither table fails
the test, so a new view cannot go unclassified.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from borgerraadgiver.audit.models import AccessRecord, Action
from borgerraadgiver.casework.tests.test_letters_visits import VISITS as LETTER_VISITS
from borgerraadgiver.casework.tests.test_requests_visits import VISITS as REQUEST_VISITS
from borgerraadgiver.casework.tests.test_statements_visits import VISITS as STATEMENT_VISITS
from borgerraadgiver.inquiries.models import Inquiry, JournalEntry, Person
from borgerraadgiver.inquiries.search_names import search_names_refresh
from borgerraadgiver.inquiries.services import journal_entry_add, person_create
from borgerraadgiver.offices.models import Office, User
from tests.factories import make_inquiry, make_user, unit, value
from tests.test_office_boundary import _routes

pytestmark = pytest.mark.security

SEARCHED_NAME = "Vera"


def intake_data(office: Office, **fields: Any) -> dict[str, Any]:
    """A filled-in registration form as the browser posts it."""
    data: dict[str, Any] = {
        "received": "2025-03-04",
        "org_unit": unit(office, "Jobcenter").pk,
        "channel": value("channel", "telefon").pk,
        "account": "Borgeren har ventet på svar i fire måneder.",
        "person-name": "",
        "person-phone": "",
        "person-cpr": "",
        "person-address": "",
        "person-email": "",
        "points-TOTAL_FORMS": "1",
        "points-INITIAL_FORMS": "0",
        "points-MIN_NUM_FORMS": "0",
        "points-MAX_NUM_FORMS": "20",
        "points-0-theme": value("theme", "begrundelse").pk,
        "_save": "1",
    }
    data.update(fields)
    return data


@dataclass
class World:
    office: Office
    advisor: User
    person: Person
    requester: Person
    inquiry: Inquiry
    entry: JournalEntry


@dataclass(frozen=True)
class Expected:
    action: str
    object_type: str
    object_uid: uuid.UUID | None = None
    person_uid: uuid.UUID | None = None
    term: str = ""


Visit = Callable[[Client, World], list[Expected]]


def _read_inquiry(name: str) -> Visit:
    def visit(client: Client, w: World) -> list[Expected]:
        assert client.get(reverse(name, args=[w.inquiry.uid])).status_code == 200
        return [
            Expected(Action.READ, "inquiry", w.inquiry.uid, w.person.uid),
            Expected(Action.READ, "inquiry", w.inquiry.uid, w.requester.uid),
        ]

    return visit


def _worklist(client: Client, w: World) -> list[Expected]:
    assert client.get(reverse("inquiries:worklist")).status_code == 200
    return [Expected(Action.READ, "worklist")]


def _list(client: Client, w: World) -> list[Expected]:
    assert client.get(reverse("inquiries:list")).status_code == 200
    found = client.post(reverse("inquiries:list"), {"q": SEARCHED_NAME}, follow=True)
    assert w.inquiry in [row.inquiry for row in found.context["rows"]]
    return [
        Expected(Action.READ, "inquiry_list"),
        Expected(Action.SEARCH, "inquiry_list", term=SEARCHED_NAME),
    ]


def _export(client: Client, w: World) -> list[Expected]:
    found = client.post(reverse("inquiries:list"), {"q": SEARCHED_NAME})
    token = re.search(r"[?&]s=([^&]+)", found["Location"]).group(1)
    answer = client.get(reverse("inquiries:export", args=["csv"]), {"s": token})
    assert answer.status_code == 200
    return [Expected(Action.EXPORT, "inquiry_export", term=SEARCHED_NAME)]


def _create(client: Client, w: World) -> list[Expected]:
    looked_up = client.post(
        reverse("inquiries:create"),
        intake_data(w.office, **{"person-name": SEARCHED_NAME, "_find_person": "1"}),
    )
    assert looked_up.status_code == 200
    saved = client.post(
        reverse("inquiries:create"), intake_data(w.office, **{"person-existing": w.person.uid})
    )
    assert saved.status_code == 302
    new = Inquiry.objects.exclude(pk=w.inquiry.pk).get(office=w.office)
    return [
        Expected(Action.SEARCH, "person", None, w.person.uid, SEARCHED_NAME),
        Expected(Action.CREATE, "inquiry", new.uid, w.person.uid),
    ]


def _edit(client: Client, w: World) -> list[Expected]:
    expected = _read_inquiry("inquiries:edit")(client, w)
    form = client.get(reverse("inquiries:edit", args=[w.inquiry.uid])).context["forms"]
    data = {**intake_data(w.office), "version": form.main.initial.get("version", "")}
    data |= {"person-existing": w.person.uid, "requester-existing": w.requester.uid}
    saved = client.post(reverse("inquiries:edit", args=[w.inquiry.uid]), data)
    assert saved.status_code == 302, saved.content[:2000]
    return expected + [
        Expected(Action.CHANGE, "inquiry", w.inquiry.uid, w.person.uid),
        Expected(Action.CHANGE, "inquiry", w.inquiry.uid, w.requester.uid),
    ]


def _journal_add(client: Client, w: World) -> list[Expected]:
    answer = client.post(
        reverse("inquiries:journal_add", args=[w.inquiry.uid]),
        {"kind": "note", "occurred": "2025-01-17", "text": "Ringede til borgeren."},
    )
    assert answer.status_code == 302
    entry = JournalEntry.objects.get(text="Ringede til borgeren.")
    return [Expected(Action.CREATE, "journalentry", entry.uid, w.person.uid)]


def _attachment(client: Client, w: World) -> list[Expected]:
    assert client.get(reverse("inquiries:attachment", args=[w.entry.uid])).status_code == 200
    return [Expected(Action.READ, "journalentry", w.entry.uid, w.person.uid)]


def _person_lookup(client: Client, w: World) -> list[Expected]:
    answer = client.post(
        reverse("inquiries:person_lookup"), {"prefix": "person", "person-name": SEARCHED_NAME}
    )
    assert answer.status_code == 200
    return [Expected(Action.SEARCH, "person", None, w.person.uid, SEARCHED_NAME)]


def _import(client: Client, w: World) -> list[Expected]:
    content = (
        b"inquiry;received;org_unit;person;point;theme\nW-1;2024-01-02;Jobcenter;p1;1;begrundelse\n"
    )
    client.post(
        reverse("imports:upload"),
        {"file": SimpleUploadedFile("reg.csv", content, content_type="text/csv")},
    )
    token = client.session["imports_pending"]["token"]
    assert client.post(reverse("imports:confirm"), {"token": token}).status_code == 302
    return [Expected(Action.CREATE, "import")]


def _audit_log(client: Client, w: World) -> list[Expected]:
    assert client.get(reverse("audit:log")).status_code == 200
    return [Expected(Action.READ, "audit_log")]


def _person_page(name: str, action: str) -> Visit:
    def visit(client: Client, w: World) -> list[Expected]:
        assert client.get(reverse(name, args=[w.person.uid])).status_code == 200
        return [Expected(action, "person", w.person.uid, w.person.uid)]

    return visit


def _screening(client: Client, w: World) -> list[Expected]:
    # Imported here: the casework tests' values, beside the screening's own tests.
    from borgerraadgiver.casework.models import Screening

    url = reverse("casework:screening", args=[w.inquiry.uid])
    assert client.get(url).status_code == 200
    ground = value("rejection_ground", "uklar").pk
    data = {"result": "rejected", "rejection_ground": ground, "version": w.inquiry.version}
    assert client.post(url, data).status_code == 302
    assert Screening.objects.filter(inquiry=w.inquiry).exists()
    return [
        Expected(Action.READ, "inquiry", w.inquiry.uid, w.person.uid),
        Expected(Action.CHANGE, "inquiry", w.inquiry.uid, w.person.uid),
        Expected(Action.CHANGE, "inquiry", w.inquiry.uid, w.requester.uid),
    ]


PERSONAL: dict[str, Visit] = {
    "inquiries:worklist": _worklist,
    "inquiries:list": _list,
    "inquiries:export": _export,
    "inquiries:create": _create,
    "inquiries:detail": _read_inquiry("inquiries:detail"),
    "inquiries:edit": _edit,
    "inquiries:journal_add": _journal_add,
    "inquiries:attachment": _attachment,
    "inquiries:person_lookup": _person_lookup,
    "imports:confirm": _import,
    "audit:log": _audit_log,
    "audit:person_extract": _person_page("audit:person_extract", Action.PRINT),
    "privacy:person": _person_page("privacy:person", Action.READ),
    "privacy:extract_pdf": _person_page("privacy:extract_pdf", Action.EXPORT),
    "privacy:extract_zip": _person_page("privacy:extract_zip", Action.EXPORT),
    # --- casework personal: screening ---
    "casework:screening": _screening,
    # --- casework personal: requests ---
    **REQUEST_VISITS,
    # --- casework personal: statements ---
    **STATEMENT_VISITS,
    # --- casework personal: letters ---
    **LETTER_VISITS,
}

NOT_PERSONAL: dict[str, str] = {
    "home": "a redirect",
    "login": "the staff's own login",
    "logout": "the staff's own logout",
    "inquiries:org_unit_lookup": "the office's org units",
    "inquiries:theme_lookup": "the vocabulary",
    "imports:upload": "stores the file; shows nothing from it",
    "imports:preview": "counts and row errors, no citizen's data",
    "imports:cancel": "deletes the uploaded file",
    "reports:dashboard": "statistics; its numbers link to the (audited) list",
    "reports:chart": "a figure of counts",
    "reports:download": "the report: counts only",
    "reports:word_template": "the office's Word template",
    "reports:word_template_standard": "the standard Word template",
    "reports:word_template_download": "the office's Word template",
    "reports:word_template_reset": "the office's Word template",
    "privacy:erasure_add": "a request's record; the person page shows the data",
    "privacy:erasure_decide": "a decision's record",
    "privacy:hold_add": "a legal hold on an inquiry, no personal data shown",
    "privacy:hold_release": "a legal hold on an inquiry, no personal data shown",
    "privacy:retention": "the office's retention setting and deletion log (no content)",
    # --- casework not personal: screening ---
    # --- casework not personal: requests ---
    "casework_settings:rules": "the office's deadlines and closed days",
    # --- casework not personal: statements ---
    # --- casework not personal: letters ---
    "casework_settings:letter_templates": "the office's letter templates (no case data)",
    "casework_settings:letter_template_standard": "a shipped letter template",
    "casework_settings:letter_template_download": "the office's own letter template",
    "casework_settings:letter_template_reset": "the office's letter template",
}
# Settings, users, vocabularies, offices, two-factor and single sign-on: the staff's
# and the office's data, no citizen's.
NOT_PERSONAL_APPS = ("offices:", "accounts:")


def _world(office: Office, advisor: User) -> World:
    person = person_create(office=office, name="Vera Værnemiddel", phone="87654321")
    requester = person_create(office=office, name="Rasmus Repræsentant", phone="11223344")
    inquiry = make_inquiry(office, by=advisor)
    inquiry.person = person
    inquiry.requester = requester
    inquiry.save()
    search_names_refresh(inquiry_ids=[inquiry.pk])
    entry = journal_entry_add(
        inquiry=inquiry,
        kind="note",
        occurred=datetime.date(2025, 1, 16),
        text="Bilag vedlagt",
        upload=SimpleUploadedFile("notat.txt", b"Et notat i ren tekst.\n"),
        by=advisor,
    )
    return World(office, advisor, person, requester, inquiry, entry)


def _classified(name: str) -> bool:
    return name in PERSONAL or name in NOT_PERSONAL or name.startswith(NOT_PERSONAL_APPS)


def test_every_route_is_classified_as_showing_personal_data_or_not():
    names = {name for name, _pattern, _entry in _routes()}
    unknown = sorted(name for name in names if not _classified(name))
    assert not unknown, f"Classify these routes in PERSONAL or NOT_PERSONAL: {unknown}"
    gone = sorted((set(PERSONAL) | set(NOT_PERSONAL)) - names)
    assert not gone, f"These routes are gone: {gone}"


def _admin_for(name: str, w: World) -> User:
    # The audit log is the office administrator's; everything else the advisor's.
    if name == "audit:log":
        return make_user("anne", w.office, role=User.Role.OFFICE_ADMIN)
    return w.advisor


@pytest.mark.parametrize("name", sorted(PERSONAL))
def test_each_view_with_personal_data_writes_the_expected_audit_record(
    client, office, advisor, name
):
    if name not in {n for n, _p, _e in _routes()}:
        pytest.skip(f"{name} is not in the URL configuration")
    w = _world(office, advisor)
    user = _admin_for(name, w)
    client.force_login(user)
    before = set(AccessRecord.objects.values_list("pk", flat=True))
    expected = PERSONAL[name](client, w)
    written = {
        (r.action, r.object_type, r.object_uid, r.person_uid, r.term)
        for r in AccessRecord.objects.exclude(pk__in=before).filter(user=user, office=office)
    }
    missing = [
        e
        for e in expected
        if (e.action, e.object_type, e.object_uid, e.person_uid, e.term) not in written
    ]
    assert not missing, f"{name}: missing {missing}; written {sorted(map(str, written))}"


REFUSABLE = {
    "inquiries:detail": "inquiry",
    "inquiries:edit": "inquiry",
    "inquiries:journal_add": "inquiry",
    "inquiries:attachment": "entry",
    "audit:person_extract": "person",
    "privacy:person": "person",
    "privacy:extract_pdf": "person",
    "privacy:extract_zip": "person",
}


@pytest.mark.parametrize("name", sorted(REFUSABLE))
def test_asking_for_another_offices_object_writes_a_refused_record(
    client, office, advisor, advisor_other, name
):
    if name not in {n for n, _p, _e in _routes()}:
        pytest.skip(f"{name} is not in the URL configuration")
    w = _world(office, advisor)
    target = {"inquiry": w.inquiry, "entry": w.entry, "person": w.person}[REFUSABLE[name]]
    client.force_login(advisor_other)
    answer = client.get(reverse(name, args=[target.uid]))
    assert answer.status_code in (403, 404, 405)
    refused = AccessRecord.objects.filter(user=advisor_other, action=Action.REFUSED)
    assert [r.object_uid for r in refused] == [target.uid]
    assert refused[0].office == advisor_other.office and refused[0].person_uid is None


def test_a_role_refused_a_case_page_writes_a_refused_record(client, office, advisor):
    w = _world(office, advisor)
    reader = make_user("laeser", office, role=User.Role.READER)
    client.force_login(reader)
    assert client.get(reverse("inquiries:detail", args=[w.inquiry.uid])).status_code == 403
    refused = AccessRecord.objects.get(user=reader)
    assert (refused.action, refused.object_uid) == (Action.REFUSED, w.inquiry.uid)


def test_the_search_text_is_kept_in_the_trail_and_never_logged(client, office, advisor, caplog):
    _world(office, advisor)
    client.force_login(advisor)
    with caplog.at_level("DEBUG"):
        client.post(reverse("inquiries:list"), {"q": "Værnemiddel"}, follow=True)
    assert AccessRecord.objects.filter(action=Action.SEARCH, term="Værnemiddel").exists()
    assert "Værnemiddel" not in caplog.text

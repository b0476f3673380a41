"""Every URL pattern x every role x an object of the user's own and of another office.

ROUTES below is the one expectation table: for each URL name, the roles that
may use it and the answer they get to a GET and to an empty POST. Every
other role gets 403 (refused on the role, before any object is looked up,
so own office's object and another office's get the same answer). An
object of another office answers 404 to a role that may use the route. A
method a route never takes may be answered 405 before either check, when
the view declares its methods with a decorator (`method_first`): that answer
is the same for everyone and everything.

The routes come from the URL configuration: a route missing from ROUTES
fails the test, so a new view cannot go unclassified. Every answer is also
searched for what the role must not see: another office's personal data
for everyone, and the own office's personal data (or a link into the case
pages) for the roles without access to cases.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from borgerraadgiver.inquiries.services import journal_entry_add, person_create
from borgerraadgiver.offices.models import Office, User
from borgerraadgiver.offices.services import orgunit_create
from borgerraadgiver.privacy.services import erasure_request_register
from borgerraadgiver.reports.dashboard import chart_token
from borgerraadgiver.reports.renderers import docx
from borgerraadgiver.reports.renderers.charts import ChartData
from borgerraadgiver.reports.services import word_template_replace
from borgerraadgiver.vocabularies.models import Vocabulary
from borgerraadgiver.vocabularies.services import local_value_add
from tests.factories import make_inquiry, make_user
from tests.test_office_boundary import _routes

pytestmark = pytest.mark.security

ADVISOR, SECRETARY, READER, ADMIN, OPERATOR = (
    "advisor",
    "secretary",
    "reader",
    "office_admin",
    "operator",
)
ROLES = (ADVISOR, SECRETARY, READER, ADMIN, OPERATOR)

# Who may do what, as the issue puts it (offices/roles.py has the app's own table).
EVERYONE = frozenset(ROLES)
CASES = frozenset({ADVISOR, SECRETARY})
# Import files carry conclusions: a secretary imports only where the office allows statements.
STATEMENTS = frozenset({ADVISOR})
REPORTS = frozenset({ADVISOR, SECRETARY, READER, ADMIN})
SETTINGS = frozenset({ADVISOR, ADMIN})
OFFICES = frozenset({OPERATOR})
# Who looked at what: the office administrator only (offices/roles.py).
AUDIT = frozenset({ADMIN})
PUBLIC = None  # login and logout: no role needed


@dataclass(frozen=True)
class Route:
    """Who may use a route, and what they get for a GET and an empty POST.

    `params`, `query` and `data` fill the URL, its query string and the POST
    body; "@name" stands for the office's object of that name. `other` is the
    answer (GET, POST) with another office's objects instead, for routes that
    name one; None for routes that name no object. `method_first`: a 405 of
    this route comes before the role check.
    """

    allowed: frozenset[str] | None
    get: int
    post: int
    params: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    data: dict[str, str] = field(default_factory=dict)
    other: tuple[int, int] | None = None
    method_first: bool = False


NOT_OURS = (404, 404)
UNIT = {"pk": "@unit"}
STAFF = {"pk": "@staff"}
PERIOD = {"fra": "2025-01-01", "til": "2025-12-31"}

ROUTES: dict[str, Route] = {
    "home": Route(EVERYONE, 302, 405),
    "login": Route(PUBLIC, 302, 302),
    "logout": Route(PUBLIC, 405, 302),
    # The register: inquiries, persons, the journal and attachments.
    "inquiries:worklist": Route(CASES, 200, 405, method_first=True),
    "inquiries:list": Route(CASES, 200, 302),
    "inquiries:export": Route(REPORTS, 200, 405, params={"fmt": "xlsx"}, method_first=True),
    "inquiries:create": Route(CASES, 200, 200),
    "inquiries:detail": Route(CASES, 200, 405, params={"uid": "@inquiry"}, other=NOT_OURS),
    "inquiries:edit": Route(CASES, 200, 200, params={"uid": "@inquiry"}, other=NOT_OURS),
    "inquiries:journal_add": Route(CASES, 302, 200, params={"uid": "@inquiry"}, other=NOT_OURS),
    "inquiries:attachment": Route(CASES, 200, 405, params={"uid": "@entry"}, other=NOT_OURS),
    "inquiries:person_lookup": Route(CASES, 405, 400),
    "inquiries:org_unit_lookup": Route(CASES, 200, 405, method_first=True),
    "inquiries:theme_lookup": Route(CASES, 200, 405, method_first=True),
    # The import.
    "imports:upload": Route(STATEMENTS, 200, 200),
    "imports:preview": Route(STATEMENTS, 302, 405, method_first=True),
    "imports:confirm": Route(STATEMENTS, 405, 302, method_first=True),
    "imports:cancel": Route(STATEMENTS, 405, 302, method_first=True),
    # Settings, the org-unit tree, users, vocabularies.
    "offices:settings": Route(SETTINGS, 200, 200),
    "offices:org_units": Route(SETTINGS, 200, 200),
    "offices:org_unit_add": Route(SETTINGS, 302, 200),
    "offices:org_unit": Route(SETTINGS, 200, 200, params=UNIT, other=NOT_OURS),
    "offices:org_unit_rename": Route(SETTINGS, 200, 200, params=UNIT, other=NOT_OURS),
    "offices:org_unit_add_child": Route(SETTINGS, 200, 200, params=UNIT, other=NOT_OURS),
    # An empty move is a move to the top level.
    "offices:org_unit_move": Route(SETTINGS, 200, 302, params=UNIT, other=NOT_OURS),
    "offices:org_unit_retire": Route(SETTINGS, 200, 200, params=UNIT, other=NOT_OURS),
    # The unit is active: reactivating it is refused on the page.
    "offices:org_unit_reactivate": Route(SETTINGS, 200, 200, params=UNIT, other=NOT_OURS),
    "offices:users": Route(SETTINGS, 200, 200),
    "offices:user": Route(SETTINGS, 200, 405, params=STAFF, other=NOT_OURS),
    "offices:user_role": Route(SETTINGS, 405, 200, params=STAFF, other=NOT_OURS),
    "offices:user_deactivate": Route(SETTINGS, 405, 302, params=STAFF, other=NOT_OURS),
    "offices:user_reactivate": Route(SETTINGS, 405, 302, params=STAFF, other=NOT_OURS),
    # An empty choice is a choice: the office registers none of the optional lists.
    "offices:vocabularies": Route(SETTINGS, 200, 302),
    "offices:vocabulary": Route(SETTINGS, 200, 200, params={"code": "channel"}),
    "offices:value_add": Route(SETTINGS, 302, 200, params={"code": "channel"}),
    # The value travels in the body; without a label the rename is refused on the page.
    "offices:value_rename": Route(
        SETTINGS, 302, 200, params={"code": "channel"}, data={"value": "@value"}, other=(302, 404)
    ),
    "offices:value_visibility": Route(
        SETTINGS, 302, 302, params={"code": "channel"}, data={"value": "@value"}, other=(302, 404)
    ),
    # The system operator's offices: any office, so another office's is no different.
    "offices:office_list": Route(OFFICES, 200, 200),
    "offices:office_detail": Route(OFFICES, 200, 200, params={"pk": "@office"}, other=(200, 200)),
    # Reports: statistics without personal data.
    "reports:dashboard": Route(REPORTS, 200, 405, method_first=True),
    # A figure is made for one office: another office's answers 404 (the method is checked first).
    "reports:chart": Route(
        REPORTS, 200, 405, query={"d": "@chart"}, other=(404, 405), method_first=True
    ),
    "reports:download": Route(
        REPORTS,
        200,
        405,
        params={"kind": "beretning", "fmt": "json"},
        query=PERIOD,
        method_first=True,
    ),
    "reports:word_template": Route(SETTINGS, 200, 200),
    "reports:word_template_standard": Route(SETTINGS, 200, 405, method_first=True),
    "reports:word_template_download": Route(SETTINGS, 200, 405, method_first=True),
    "reports:word_template_reset": Route(SETTINGS, 405, 302, method_first=True),
    # Login and two-factor (accounts). With two-factor off (the tests' default) the
    # two-factor pages send every role on; single sign-on is not configured: 404.
    "accounts:two_factor_verify": Route(EVERYONE, 302, 302),
    "accounts:two_factor_enrol": Route(EVERYONE, 302, 302),
    "accounts:two_factor_backup_codes": Route(EVERYONE, 302, 405, method_first=True),
    "accounts:session_policy": Route(SETTINGS, 200, 200),
    "accounts:user_two_factor": Route(SETTINGS, 200, 405, params=STAFF, other=NOT_OURS),
    "accounts:user_two_factor_reset": Route(SETTINGS, 405, 302, params=STAFF, other=NOT_OURS),
    "accounts:oidc_login": Route(PUBLIC, 404, 404),
    "accounts:oidc_callback": Route(PUBLIC, 404, 404),
    # Retention and the citizen's rights (privacy): the person's page and extract,
    # erasure requests (deciding one is a statement), legal holds, the retention setting.
    "privacy:person": Route(CASES, 200, 405, params={"uid": "@person"}, other=NOT_OURS),
    "privacy:extract_pdf": Route(CASES, 200, 405, params={"uid": "@person"}, other=NOT_OURS),
    "privacy:extract_zip": Route(CASES, 200, 405, params={"uid": "@person"}, other=NOT_OURS),
    "privacy:erasure_add": Route(CASES, 405, 200, params={"uid": "@person"}, other=NOT_OURS),
    "privacy:erasure_decide": Route(
        STATEMENTS, 405, 200, params={"uid": "@erasure"}, other=NOT_OURS
    ),
    "privacy:hold_add": Route(CASES, 200, 200, params={"uid": "@inquiry"}, other=NOT_OURS),
    # An empty release of an inquiry without a hold: refused, back to the inquiry.
    "privacy:hold_release": Route(CASES, 405, 302, params={"uid": "@inquiry"}, other=NOT_OURS),
    "privacy:retention": Route(SETTINGS, 200, 200),
    # The audit trail: the administrator's log, and a citizen's extract of lookups.
    "audit:log": Route(AUDIT, 200, 405, method_first=True),
    "audit:person_extract": Route(CASES, 200, 405, params={"uid": "@person"}, other=NOT_OURS),
    # --- casework: screening (screening and figures) ---
    # The screening form of an inquiry; an empty POST shows it again with its errors.
    "casework:screening": Route(CASES, 200, 200, params={"uid": "@inquiry"}, other=NOT_OURS),
    # --- casework: requests (requests, deadlines and the worklist) ---
    # A referral's form, the department's answer, an extension, the advisor's own
    # deadline (an empty form is shown again with its errors); marking met and the
    # pause are POST only, an empty one acts and goes back to the inquiry.
    "casework:request_create": Route(
        CASES, 200, 200, params={"uid": "@inquiry", "kind": "oversendelse"}, other=NOT_OURS
    ),
    "casework:request_answer": Route(CASES, 200, 200, params={"uid": "@request"}, other=NOT_OURS),
    "casework:deadline_extension": Route(
        CASES, 200, 200, params={"uid": "@deadline"}, other=NOT_OURS
    ),
    "casework:deadline_met": Route(CASES, 405, 302, params={"uid": "@deadline"}, other=NOT_OURS),
    "casework:deadline_add": Route(CASES, 200, 200, params={"uid": "@inquiry"}, other=NOT_OURS),
    "casework:pause": Route(CASES, 405, 302, params={"uid": "@inquiry"}, other=NOT_OURS),
    "casework:resume": Route(CASES, 405, 302, params={"uid": "@inquiry"}, other=NOT_OURS),
    "casework_settings:rules": Route(SETTINGS, 200, 200),
    # --- casework: statements (statements and follow-up) ---
    # An empty statement lacks its date: the page is shown again with the errors.
    "casework:statement_edit": Route(
        STATEMENTS, 200, 200, params={"uid": "@inquiry", "position": "1"}, other=NOT_OURS
    ),
    "casework:statement_follow_up": Route(
        STATEMENTS, 405, 200, params={"uid": "@inquiry", "position": "1"}, other=NOT_OURS
    ),
    # Not every point has a conclusion: refused with a message, back to the inquiry.
    "casework:statement_outcome": Route(
        STATEMENTS, 405, 302, params={"uid": "@inquiry"}, other=NOT_OURS
    ),
    # The council's list: case text, so casework, never the reader's.
    "casework:recommendations": Route(CASES, 200, 405, method_first=True),
    "casework:recommendations_export": Route(
        CASES, 200, 405, params={"fmt": "xlsx"}, method_first=True
    ),
    # --- casework: letters (letters) ---
    # Making and sending are POST only (the object is looked up first); an empty one
    # is refused on the inquiry page. The letter templates: the standard and the
    # office's own (download before reset).
    "casework:letter_create": Route(CASES, 405, 302, params={"uid": "@inquiry"}, other=NOT_OURS),
    "casework:letter_send": Route(CASES, 405, 302, params={"uid": "@letter"}, other=NOT_OURS),
    "casework_settings:letter_templates": Route(SETTINGS, 200, 200),
    "casework_settings:letter_template_standard": Route(
        SETTINGS, 200, 405, params={"kind": "referral"}, method_first=True
    ),
    "casework_settings:letter_template_download": Route(
        SETTINGS, 200, 405, params={"kind": "referral"}, method_first=True
    ),
    "casework_settings:letter_template_reset": Route(
        SETTINGS, 405, 302, params={"kind": "referral"}, method_first=True
    ),
}


@dataclass
class World:
    """One office's objects, and the words of its personal data that must not leak."""

    office: Office
    objects: dict[str, Any]
    secrets: tuple[str, ...]


def _world(office: Office, tag: str, by: User) -> World:
    name = f"Zebulon Grænsevogter {tag}"
    account = f"Hemmeligsnegl-beretning-{tag}"
    note = f"Fortroligt-journalnotat-{tag}"
    content = f"Bilagsindhold-{tag}"
    person = person_create(office=office, name=name, phone="12345678")
    inquiry = make_inquiry(office, account=account, by=by)
    inquiry.person = person
    inquiry.save()
    entry = journal_entry_add(
        inquiry=inquiry,
        kind="note",
        occurred=datetime.date(2025, 1, 16),
        text=note,
        upload=SimpleUploadedFile("notat.txt", content.encode()),
        by=by,
    )
    value = local_value_add(
        office=office, vocabulary=Vocabulary.objects.get(code="channel"), label=f"Kanal {tag}"
    )
    staff = make_user(f"sigrid-{tag}", office, role=User.Role.SECRETARY)
    unit = orgunit_create(office=office, name="Matrixenhed", parent=office.org_units.first())
    figure = ChartData(
        kind="bar", title="Henvendelser", categories=("A", "B"), series=("Antal",), values=((1, 2),)
    )
    word_template_replace(office=office, content=docx.REPORT_TEMPLATE.read_bytes())
    erasure = erasure_request_register(person=person, received=datetime.date(2025, 1, 20), by=by)
    # --- casework objects: screening ---
    # --- casework objects: requests ---
    from borgerraadgiver.casework.requests_services import RequestData, department_request_create

    referral = department_request_create(
        inquiry=inquiry,
        data=RequestData(
            kind="referral",
            org_unit=unit,
            sent_on=datetime.date(2025, 1, 20),
            contact_email="kontakt@example.org",
            citizen_consent=True,
            consent_date=datetime.date(2025, 1, 16),
        ),
        by=by,
    )
    # --- casework objects: statements ---
    # A recommendation carrying the account: the council's list must not show another office's.
    from borgerraadgiver.casework.statements_services import statement_save
    from borgerraadgiver.vocabularies.models import VocabularyValue

    statement_save(
        point=inquiry.points.get(position=1),
        by=by,
        conclusion=VocabularyValue.objects.get(
            vocabulary__code="conclusion", code="ingen_kritik", office=None
        ),
        recommendation=account,
        follow_up_due=datetime.date.today() + datetime.timedelta(days=30),
    )
    # --- casework objects: letters ---
    from borgerraadgiver.casework.letters import standard_template_path
    from borgerraadgiver.casework.letters_services import letter_create
    from borgerraadgiver.casework.letters_templates import letter_template_replace

    letter = letter_create(inquiry=inquiry, kind="acknowledgement", by=by)
    letter_docx = standard_template_path("referral").read_bytes()
    letter_template_replace(office=office, kind="referral", content=letter_docx, by=by)
    objects = {
        "inquiry": inquiry.uid,
        "person": person.uid,
        "entry": entry.uid,
        "erasure": erasure.uid,
        "unit": unit.pk,
        "value": value.pk,
        "staff": staff.pk,
        "office": office.pk,
        "chart": chart_token(office.pk, figure),
        # --- casework keys: screening ---
        # --- casework keys: requests ---
        "request": referral.uid,
        "deadline": referral.deadline.uid,
        # --- casework keys: statements ---
        # --- casework keys: letters ---
        "letter": letter.uid,
    }
    return World(office, objects, (name, account, note, content))


@pytest.fixture
def walkers(office, advisor) -> dict[str, User]:
    return {
        ADVISOR: advisor,
        SECRETARY: make_user("sekretaer", office, role=User.Role.SECRETARY),
        READER: make_user("laeser", office, role=User.Role.READER),
        ADMIN: make_user("admin", office, role=User.Role.OFFICE_ADMIN),
        OPERATOR: make_user("drift", None, role=User.Role.OPERATOR),
    }


def _fill(values: dict[str, str], world: World) -> dict[str, Any]:
    return {k: world.objects[v[1:]] if v.startswith("@") else v for k, v in values.items()}


def _body(response: Any) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _expected(route: Route, role: str, method: str, variant: str) -> int:
    allowed_answer = route.get if method == "get" else route.post
    if route.method_first and allowed_answer == 405:
        return 405
    if route.allowed is not PUBLIC and role not in route.allowed:
        return 403
    if variant == "other":
        assert route.other is not None
        return route.other[0 if method == "get" else 1]
    return route.get if method == "get" else route.post


def test_every_route_answers_every_role_as_the_table_says_and_leaks_nothing(
    client, office, other_office, advisor, walkers
):
    own = _world(office, "egen", advisor)
    other = _world(other_office, "fremmed", make_user("bob", other_office))
    routes = _routes()
    unknown = sorted(name for name, _p, _e in routes if name not in ROUTES)
    assert not unknown, f"Classify these routes in ROUTES: {unknown}"
    assert not set(ROUTES) - {name for name, _p, _e in routes}, "ROUTES names a route that is gone"

    wrong: list[str] = []
    leaks: list[str] = []
    cells = 0
    for name, _pattern, _entry in routes:
        route = ROUTES[name]
        variants = [("own", own)] + ([("other", other)] if route.other is not None else [])
        for role in ROLES:
            for variant, world in variants:
                url = reverse(name, kwargs=_fill(route.params, world))
                for method in ("get", "post"):
                    client.force_login(walkers[role])
                    if method == "get":
                        response = client.get(url, _fill(route.query, world))
                    else:
                        query = urlencode(_fill(route.query, world))
                        target = f"{url}?{query}" if query else url
                        response = client.post(target, _fill(route.data, world))
                    cells += 1
                    cell = f"{method.upper()} {name} as {role} ({variant} office)"
                    expected = _expected(route, role, method, variant)
                    if response.status_code != expected:
                        wrong.append(f"{cell}: {response.status_code}, expected {expected}")
                    body = _body(response)
                    forbidden = list(other.secrets)
                    if role not in CASES:
                        forbidden += own.secrets
                        if b'href="/henvendelser/' in body:
                            leaks.append(f"{cell}: links into the case pages")
                    leaks += [f"{cell}: shows {s!r}" for s in forbidden if s.encode() in body]

    print(
        f"\nrole matrix: {len(routes)} routes, {len(ROLES)} roles, {cells} cells, "
        f"{len(wrong)} wrong answers, {len(leaks)} leaks"
    )
    assert not wrong, "\n".join(wrong)
    assert not leaks, "\n".join(leaks)

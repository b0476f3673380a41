"""What each role is shown: its first page, its menu, the dashboard's links, the refusal page."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from borgerraadgiver.offices.models import User
from borgerraadgiver.offices.services import office_settings_update, user_role_set
from tests.factories import make_inquiry, make_user

pytestmark = pytest.mark.security

MENU = {
    "Arbejdsliste": "inquiries:worklist",
    "Ny henvendelse": "inquiries:create",
    "Søg og udtræk": "inquiries:list",
    "Beretning": "reports:dashboard",
    "Import": "imports:upload",
    "Indstillinger": "offices:settings",
}


def _menu(html: str) -> list[str]:
    nav = html.split('class="mainmenu"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r"<span>([^<]+)</span>", nav)


@pytest.fixture
def member(client, office):
    def login_as(role: str) -> User:
        user = make_user(f"bruger-{role}", None if role == "operator" else office, role=role)
        client.force_login(user)
        return user

    return login_as


@pytest.mark.parametrize(
    ("role", "first_page"),
    [
        ("advisor", "inquiries:worklist"),
        ("secretary", "inquiries:worklist"),
        ("reader", "reports:dashboard"),
        ("office_admin", "reports:dashboard"),
        ("operator", "offices:office_list"),
    ],
)
def test_each_role_lands_on_a_page_it_may_use(client, member, role, first_page):
    member(role)

    response = client.get(reverse("home"))

    assert response["Location"] == reverse(first_page)
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("role", "menu"),
    [
        ("advisor", list(MENU)),
        ("secretary", ["Arbejdsliste", "Ny henvendelse", "Søg og udtræk", "Beretning"]),
        ("reader", ["Beretning"]),
        ("office_admin", ["Beretning", "Indstillinger", "Adgangslog"]),
    ],
)
def test_the_menu_offers_only_what_the_role_may_open(client, member, role, menu):
    member(role)

    assert _menu(client.get(reverse("reports:dashboard")).content.decode()) == menu


def test_a_secretary_given_statements_gets_the_import_in_the_menu(client, member, office):
    member("secretary")
    office_settings_update(
        office=office,
        report_period_start=office.report_period_start,
        report_period_end=office.report_period_end,
        statement_deadline_days=office.statement_deadline_days,
        secretary_capabilities=["statement.write"],
    )

    assert "Import" in _menu(client.get(reverse("reports:dashboard")).content.decode())
    assert client.get(reverse("imports:upload")).status_code == 200


@time_machine.travel(datetime.datetime(2025, 11, 20, 12, 0), tick=False)
@pytest.mark.parametrize(("role", "linked"), [("advisor", True), ("reader", False)])
def test_the_dashboards_numbers_link_to_the_list_only_for_who_may_see_it(
    client, member, office, role, linked
):
    make_inquiry(office, received=datetime.date(2025, 5, 2), org_unit="Jobcenter")
    member(role)

    html = client.get(reverse("reports:dashboard")).content.decode()

    assert ("Nøgletal" in html) and ("Henvendelser" in html)
    assert (f'href="{reverse("inquiries:list")}?' in html) is linked
    assert ("Klik på et tal for at se henvendelserne" in html) is linked
    assert (reverse("reports:word_template") in html) is (role == "advisor")


def test_a_refusal_is_a_danish_page_that_names_the_role_as_the_reason(client, member, office):
    member("reader")
    inquiry = make_inquiry(office)

    response = client.get(reverse("inquiries:detail", kwargs={"uid": inquiry.uid}))

    assert response.status_code == 403
    assert "Din rolle giver ikke adgang til denne side." in response.content.decode()
    assert inquiry.account not in response.content.decode()


def test_the_role_refusal_is_the_same_for_an_id_that_exists_and_one_that_does_not(
    client, member, office
):
    member("reader")
    inquiry = make_inquiry(office)
    real = client.get(reverse("inquiries:detail", kwargs={"uid": inquiry.uid}))
    made_up = client.get(
        reverse("inquiries:detail", kwargs={"uid": "00000000-0000-4000-8000-000000000000"})
    )

    def page(response) -> bytes:
        # The CSRF token is masked afresh on every page.
        return re.sub(rb"[A-Za-z0-9]{64}", b"", response.content)

    assert (real.status_code, page(real)) == (made_up.status_code, page(made_up))


def test_a_reader_exports_classifications_but_cannot_search_names_through_the_export(
    client, advisor, office
):
    make_inquiry(office, account="Borgeren Hansen klager over svartiden.")
    client.force_login(advisor)
    searched = client.post(reverse("inquiries:list"), {"q": "Hansen"})["Location"]
    token = re.search(r"[?&]s=([^&]+)", searched).group(1)
    export = reverse("inquiries:export", args=["csv"])
    assert client.get(export, {"s": token}).status_code == 200

    # The same session, the role changed: the search it holds is no longer the user's to use.
    make_user("admin", office, role=User.Role.OFFICE_ADMIN)
    user_role_set(user=advisor, role=User.Role.READER)

    assert client.get(export, {"s": token}).status_code == 403
    assert client.get(export, {"q": "Hansen"}).status_code == 403
    assert client.get(export).status_code == 200

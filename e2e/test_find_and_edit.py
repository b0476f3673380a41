"""Finding an inquiry again, and two people editing the same one."""

from __future__ import annotations

import datetime

from playwright.sync_api import expect

from borgerraadgiver.inquiries.search_names import search_names_refresh
from borgerraadgiver.inquiries.services import person_create
from e2e.conftest import assert_accessible, login
from tests.factories import make_inquiry, make_user


def test_an_inquiry_is_found_through_the_filters_and_the_search(page, advisor):
    office = advisor.office
    target = make_inquiry(
        office,
        org_unit="Familieafsnittet",
        received=datetime.date(2025, 3, 3),
        account="Borgeren venter på svar om aflastning.",
        themes=("partshoering",),
    )
    target.person = person_create(office=office, name="Birgit Findesen")
    target.save()
    # Linked past the services: its search names are refreshed as a rename would.
    search_names_refresh(inquiry_ids=[target.pk])
    make_inquiry(
        office,
        org_unit="Jobcenter",
        received=datetime.date(2025, 3, 4),
        account="Sygedagpenge stoppet uden partshøring.",
    )

    login(page, advisor.username)
    page.goto("/henvendelser/soeg/")
    assert_accessible(page)
    page.get_by_label("Enhed").select_option(label="Børn & Familie")  # includes sub-units
    page.get_by_role("button", name="Søg").click()
    expect(page.get_by_role("link", name=target.reference)).to_be_visible()
    expect(page.locator("table")).not_to_contain_text("Jobcenter")

    page.goto("/henvendelser/soeg/")
    page.get_by_label("Fritekst").fill("Birgit")
    page.get_by_label("Fritekst").press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("1 henvendelse fundet")
    expect(page.get_by_role("link", name=target.reference)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=target.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(target.reference)
    assert_accessible(page)


def test_the_second_of_two_simultaneous_edits_is_refused_and_overwrites_nothing(
    browser, live_server, advisor
):
    colleague = make_user("carla", advisor.office)
    inquiry = make_inquiry(advisor.office, account="Oprindelig beretning.")
    pages = []
    for user in (advisor, colleague):
        context = browser.new_context(base_url=live_server.url)
        p = context.new_page()
        login(p, user.username)
        p.goto(f"/henvendelser/{inquiry.uid}/rediger/")
        pages.append(p)
    first, second = pages

    first.get_by_label("Borgerens beretning").fill("Alices rettelse.")
    first.get_by_role("button", name="Gem ændringer").click()
    expect(first.get_by_role("heading", level=1)).to_contain_text(inquiry.reference)

    second.get_by_label("Borgerens beretning").fill("Carlas rettelse.")
    second.get_by_role("button", name="Gem ændringer").click()
    expect(second.get_by_role("alert").first).to_contain_text("ændret af en anden")
    assert_accessible(second)

    inquiry.refresh_from_db()
    assert inquiry.account == "Alices rettelse."
    for p in pages:
        p.context.close()

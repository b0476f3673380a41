"""The pages people use every day, and their htmx, work under the Content-Security-Policy.

The `page` fixture fails a test on any CSP refusal chromium reports, so every
browser test checks the policy; this one goes through the main pages and each
kind of htmx request on purpose.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from borgerraadgiver.inquiries.models import JournalEntry
from borgerraadgiver.inquiries.search_names import search_names_refresh
from borgerraadgiver.inquiries.services import person_create
from e2e.conftest import csp_violations, login
from tests.factories import make_inquiry

pytestmark = pytest.mark.security


def test_main_pages_and_their_htmx_requests_run_without_a_csp_refusal(page, advisor):
    office = advisor.office
    inquiry = make_inquiry(office, by=advisor, account="Borgeren venter på en afgørelse.")
    inquiry.person = person_create(office=office, name="Ingeborg Politik", phone="44556677")
    inquiry.save()
    # Linked past the services: its search names are refreshed as a rename would.
    search_names_refresh(inquiry_ids=[inquiry.pk])
    seen = csp_violations(page)

    login(page, advisor.username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Arbejdsliste")
    # hx-boost: the tab swaps the list in place.
    page.get_by_role("link", name="Alle åbne på kontoret").click()
    expect(page.get_by_role("status").first).to_contain_text("Kontoret har")
    assert "alle=1" in page.url

    # hx-get with hx-push-url: the search filters the list in place.
    page.goto("/henvendelser/soeg/")
    page.get_by_label("Fritekst").fill("Ingeborg")
    page.get_by_label("Fritekst").press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("1 henvendelse fundet")
    expect(page.get_by_role("link", name=inquiry.reference)).to_be_visible()
    page.get_by_role("link", name=inquiry.reference).click()

    # hx-post of a multipart form: the journal is replaced by the saved version.
    expect(page.get_by_role("heading", level=1)).to_contain_text(inquiry.reference)
    page.get_by_label("Tekst").fill("Ringede til forvaltningen.")
    page.get_by_role("button", name="Gem journalnotat").click()
    expect(page.locator("#journal")).to_contain_text("Ringede til forvaltningen.")
    assert JournalEntry.objects.filter(inquiry=inquiry).count() == 1

    # hx-post triggered by typing (with a delay): known persons appear.
    page.goto("/henvendelser/ny/")
    page.get_by_label("Navn").first.fill("Ingeborg")
    expect(page.locator("#person-matches")).to_contain_text("Ingeborg Politik")

    # hx-get of the report, with the figures as images of the same origin.
    page.goto("/beretning/")
    page.locator("img[src^='/beretning/figur.svg']").first.wait_for(state="attached")
    page.locator("#period-preset").get_by_role("button", name="Vis perioden").click()
    expect(page.locator("#report-title")).to_be_visible()

    for url in ("/import/", "/indstillinger/", "/indstillinger/enheder/"):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()

    assert page.evaluate("document.querySelectorAll('style').length") == 0
    assert seen == []


def test_the_policy_refuses_an_inline_script_and_the_refusal_is_seen(browser, live_server, advisor):
    """The checks above can fail: chromium reports what the policy refuses.

    A context of its own, since the `page` fixture fails any test with a refusal.
    """
    context = browser.new_context(base_url=live_server.url)
    try:
        page = context.new_page()
        seen = csp_violations(page)
        login(page, advisor.username)
        page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.injected = true";
                document.body.append(script);
            }"""
        )
        assert page.evaluate("window.injected === undefined")
        page.wait_for_timeout(300)
        assert any("inline script" in text for text in seen), seen
    finally:
        context.close()

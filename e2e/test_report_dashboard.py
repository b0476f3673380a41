"""The report dashboard in a browser: change the period, drill down from a number, download."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from borgerraadgiver.reports.dashboard_forms import period_options
from borgerraadgiver.reports.periods import Period, current_period, previous_period
from e2e.conftest import assert_accessible, login
from tests.factories import make_inquiry


@pytest.fixture
def two_years(office):
    """Last period: two inquiries on Børn & Familie, one on Jobcenter; this period: one."""
    today = datetime.date.today()
    last = previous_period(office, today)
    this = current_period(office, today)
    inquiries = [
        make_inquiry(office, received=last.start, org_unit="Børn & Familie"),
        make_inquiry(
            office, received=last.start + datetime.timedelta(days=40), org_unit="Familieafsnittet"
        ),
        make_inquiry(office, received=last.end, org_unit="Jobcenter"),
        make_inquiry(office, received=this.start, org_unit="Dagtilbud & Skole"),
    ]
    return last, this, inquiries


def test_change_the_period_and_drill_down_from_a_number_to_its_inquiries(page, advisor, two_years):
    last, this, inquiries = two_years
    login(page, advisor.username)
    page.goto("/beretning/")
    expect(page.locator("#report-title")).to_have_text(re.compile(this.short_label))
    page.locator("img[src^='/beretning/figur.svg']").first.wait_for()
    assert_accessible(page)

    option = next(
        o for o in period_options(advisor.office, datetime.date.today()) if o.period == last
    )
    page.get_by_label("Kontorets perioder", exact=True).select_option(option.value)
    page.locator("#period-preset").get_by_role("button", name="Vis perioden").click()
    expect(page.locator("#report-title")).to_have_text(re.compile(re.escape(last.short_label)))
    assert "periode=" in page.url
    assert_accessible(page)

    share = page.locator(
        "table", has=page.locator("caption", has_text="Henvendelser fordelt på afdelinger")
    )
    row = share.locator("tr", has=page.get_by_role("rowheader", name="Børn & Familie", exact=True))
    row.get_by_role("link", name="2", exact=True).first.click()
    page.wait_for_url(re.compile(r"/henvendelser/soeg/\?"))
    expect(page.get_by_role("status").first).to_contain_text("2 henvendelser fundet")
    for inquiry in inquiries[:2]:
        expect(page.get_by_role("link", name=inquiry.reference)).to_be_visible()
    expect(page.get_by_role("link", name=inquiries[2].reference)).to_have_count(0)


def test_a_download_shows_progress_and_then_hands_over_the_file(page, advisor, two_years):
    login(page, advisor.username)
    page.goto("/beretning/")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    expect(page.locator(".report-download-status")).to_have_text("CSV er hentet.")
    assert_accessible(page)


def test_dates_of_ones_own_choosing_with_the_keyboard(page, advisor, two_years):
    last, _this, _inquiries = two_years
    login(page, advisor.username)
    page.goto("/beretning/")
    page.get_by_label("Fra og med").fill(last.start.isoformat())
    page.get_by_label("Til og med").fill(last.start.isoformat())
    page.get_by_label("Til og med").press("Enter")
    one_day = Period(last.start, last.start)
    expect(page.locator(".font-lead")).to_contain_text(one_day.label)
    assert f"fra={one_day.start.isoformat()}" in page.url
    row = page.locator(
        "#noegletal tr", has=page.get_by_role("rowheader", name="Henvendelser", exact=True)
    )
    expect(row.get_by_role("cell")).to_have_text("1")
    assert_accessible(page)

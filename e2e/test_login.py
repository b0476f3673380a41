from __future__ import annotations

from e2e.conftest import assert_accessible, login


def test_the_login_page_is_accessible(page):
    page.goto("/log-ind/")
    assert_accessible(page)


def test_an_advisor_logs_in_with_the_keyboard_and_lands_on_the_worklist(page, advisor):
    login(page, advisor.username)
    assert page.url.endswith("/henvendelser/")
    assert_accessible(page)


def test_a_wrong_password_is_refused_with_a_message(page, advisor):
    page.goto("/log-ind/")
    page.get_by_label("Brugernavn").fill(advisor.username)
    page.get_by_label("Adgangskode").fill("forkert")
    page.get_by_role("button", name="Log ind").click()
    assert page.get_by_role("alert").is_visible()
    assert "/log-ind/" in page.url

from __future__ import annotations

from borgerraadgiver.offices.models import User
from e2e.conftest import assert_accessible, login
from tests.factories import make_user, unit, value


def test_every_settings_page_is_accessible(page, advisor, office):
    login(page, advisor.username)
    for path in (
        "/indstillinger/",
        "/indstillinger/enheder/",
        f"/indstillinger/enheder/{unit(office, 'Jobcenter').pk}/",
        "/indstillinger/klassifikationer/",
        "/indstillinger/klassifikationer/theme/",
        "/indstillinger/klassifikationer/channel/",
        "/indstillinger/brugere/",
        f"/indstillinger/brugere/{advisor.pk}/",
    ):
        page.goto(path)
        assert_accessible(page)


def test_the_operators_offices_pages_are_accessible(page, office):
    make_user("drift", None, role=User.Role.OPERATOR)
    login(page, "drift")
    assert page.url.endswith("/indstillinger/kontorer/")
    assert_accessible(page)
    page.goto(f"/indstillinger/kontorer/{office.pk}/")
    assert_accessible(page)


def test_a_value_is_renamed_with_the_keyboard_and_only_its_row_is_replaced(page, advisor, office):
    telefon = value("channel", "telefon")
    login(page, advisor.username)
    page.goto("/indstillinger/klassifikationer/channel/")

    field = page.get_by_label("Betegnelse for Telefon")
    field.fill("Telefonopkald")
    field.press("Enter")

    row = page.locator(f"#vaerdi-{telefon.pk}")
    row.get_by_role("status").wait_for(state="attached")
    assert row.get_by_label("Betegnelse for Telefon").input_value() == "Telefonopkald"
    assert page.url.endswith("/indstillinger/klassifikationer/channel/")
    assert_accessible(page)


def test_a_refused_unit_name_is_shown_at_the_field(page, advisor, office):
    login(page, advisor.username)
    page.goto(f"/indstillinger/enheder/{unit(office, 'Jobcenter').pk}/")

    page.locator("#id_rename-name").fill("Boliganvisningen")
    page.locator("#id_rename-name").press("Enter")

    page.get_by_role("alert").wait_for()
    assert "Der findes allerede en enhed med det navn her." in page.content()
    assert_accessible(page)

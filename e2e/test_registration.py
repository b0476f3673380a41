"""The advisor on the phone: register an inquiry without touching the mouse."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from borgerraadgiver.inquiries.models import Inquiry
from e2e.conftest import assert_accessible, login

ACCESSIBLE_NAME = """() => {
    const el = document.activeElement;
    if (!el) return "";
    if (el.labels && el.labels.length) return el.labels[0].textContent.trim();
    const by = el.getAttribute("aria-labelledby");
    if (by) return document.getElementById(by.split(" ")[0])?.textContent.trim() || "";
    return (el.getAttribute("aria-label") || el.textContent || "").trim();
}"""


def focused_label(page: Page) -> str:
    return page.evaluate(ACCESSIBLE_NAME)


def tab_to(page: Page, name: str, *, limit: int = 80) -> None:
    """Press Tab until the focused element's accessible name starts with `name`.

    Reaching a field this way proves it is reachable by keyboard in a sane order.
    """
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused_label(page).startswith(name):
            return
    raise AssertionError(f"Tab never reached {name!r}")


def pick(page: Page, name: str, text: str, *, here: bool = False) -> None:
    """Type into a type-ahead picker and take the first match with Enter.

    here=True: the picker already has focus (the app moved it there).
    """
    if here:
        # The app moves focus once htmx has swapped the new row in and enhanced it.
        page.wait_for_function(
            f"name => ({ACCESSIBLE_NAME})().startsWith(name)", arg=name, timeout=5_000
        )
    else:
        tab_to(page, name)
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def test_a_phone_inquiry_with_a_hovedsag_and_two_følgesager_by_keyboard_only(page, advisor):
    login(page, advisor.username)
    page.goto("/henvendelser/ny/")
    assert_accessible(page)

    pick(page, "Henvendelsesform", "Telefon")
    tab_to(page, "Navn")
    page.keyboard.type("Karen Tastesen")
    tab_to(page, "Telefon")
    page.keyboard.type("22334455")
    pick(page, "Enhed", "Jobcenter")
    tab_to(page, "Borgerens beretning")
    page.keyboard.type("Har ventet fire måneder på svar om sygedagpenge.")

    pick(page, "Tema", "Sagsbehandlingstid")
    tab_to(page, "Tilføj følgesag")
    page.keyboard.press("Enter")
    expect(page.get_by_role("group", name="Følgesag 1")).to_be_visible()
    pick(page, "Tema", "Partshøring", here=True)  # focus moves into the new row
    tab_to(page, "Tilføj følgesag")
    page.keyboard.press("Enter")
    expect(page.get_by_role("group", name="Følgesag 2")).to_be_visible()
    pick(page, "Tema", "Venlig og hensynsfuld", here=True)
    assert_accessible(page)

    tab_to(page, "Gem og registrér næste")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text(re.compile(r"\d{4}-\d{4}"))

    inquiry = Inquiry.objects.get(office=advisor.office)
    assert inquiry.person.name == "Karen Tastesen"
    assert inquiry.org_unit.name == "Jobcenter"
    assert inquiry.channel.code == "telefon"
    assert [p.theme.code for p in inquiry.points.order_by("position")] == [
        "sagsbehandlingstid_og_manglende_svar",
        "partshoering",
        "venlig_og_hensynsfuld_optraeden",
    ]
    # "Gem og registrér næste" leaves an empty form for the next call.
    expect(page.get_by_label("Navn").first).to_have_value("")

"""In a real browser: import a file with errors and read them; then a good one."""

from __future__ import annotations

import pytest

from borgerraadgiver.inquiries.models import Inquiry
from e2e.conftest import assert_accessible, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_advisor_reads_the_errors_of_a_file_then_imports_a_good_one(page, advisor, tmp_path):
    bad = tmp_path / "fejl.csv"
    bad.write_text(
        "inquiry;received;org_unit;point;theme\n"
        "E-1;2024-01-02;Jobcenter;1;begrundelse\n"
        "E-2;2024-13-02;Jobcenter;1;Telefon\n",
        encoding="utf-8",
    )
    good = tmp_path / "god.csv"
    good.write_text(
        "inquiry;received;org_unit;point;theme\n"
        "E-1;2024-01-02;Jobcenter;1;begrundelse\n"
        "E-1;2024-01-02;Jobcenter;2;Vejledning\n",
        encoding="utf-8",
    )
    login(page, advisor.username)
    page.get_by_role("link", name="Import").click()
    assert_accessible(page)

    page.get_by_label("Fil med registreringer").set_input_files(str(bad))
    page.get_by_role("button", name="Kontrollér filen").press("Enter")

    errors = page.get_by_role("list", name="Fejl i filen").get_by_role("listitem")
    errors.first.wait_for()
    assert errors.all_inner_texts() == [
        "række 3, kolonne received: '2024-13-02' er ikke en gyldig dato",
        "række 3, kolonne theme: 'Telefon' hører til 'Henvendelsesform', ikke til 'Tema og emne "
        "(juridisk tema)'",
    ]
    assert page.url.endswith("/import/kontrol/")
    assert page.evaluate("document.activeElement.id") == "import-result-heading"
    assert page.get_by_role("button", name="Gennemfør import").count() == 0
    assert_accessible(page)

    page.get_by_role("link", name="Vælg en anden fil").click()
    page.get_by_label("Fil med registreringer").set_input_files(str(good))
    page.get_by_role("button", name="Kontrollér filen").press("Enter")
    page.get_by_role("button", name="Gennemfør import").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Gennemfør import").press("Enter")

    page.wait_for_url("**/henvendelser/soeg/")
    assert page.get_by_text("Importerede 1 henvendelse med 2 klagepunkter.").is_visible()
    assert Inquiry.objects.get(reference="E-1").points.count() == 2

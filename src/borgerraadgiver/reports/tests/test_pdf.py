"""The PDF, read back with pdftotext and pdfinfo: the same figures, tagged, A4, page numbers."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace

import pytest

from borgerraadgiver.reports.data import Row, Table
from borgerraadgiver.reports.renderers import layout, pdf, renderer_for

from .samples import TRICKY, sample_report

REPORT = sample_report()
pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"
)


def poppler(tool: str, data: bytes, *args: str) -> str:
    result = subprocess.run(
        [tool, *args, "-", "-"] if tool == "pdftotext" else [tool, *args, "-"],
        input=data,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def document() -> bytes:
    return pdf.render(REPORT)


@pytest.fixture(scope="module")
def text(document) -> str:
    return poppler("pdftotext", document, "-layout")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_every_row_of_every_table_is_in_the_pdf_with_its_numbers(text):
    lines = [squeeze(line).strip() for line in text.splitlines()]
    for table in REPORT.tables:
        assert any(line.endswith(f": {table.title}") for line in lines), table.id
        for row in table.rows:
            numbers = " ".join(layout.number(v) for v in row.values)
            # In -layout mode a row is one line: its label, then its numbers.
            assert any(line == f"{row.label} {numbers}" for line in lines), (table.id, row)


def test_the_key_figures_title_page_and_rules_are_there(text):
    flat = squeeze(text)
    assert "Henvendelser 4.482" in flat
    assert "Forskellige personer 3.977" in flat
    assert REPORT.title in flat
    assert "Perioden 1. april 2024 – 31. marts 2025" in flat
    assert "Bilag: Uddybende statistik" in flat
    assert "Procenter er afrundet til hele tal (halvdelen op)." in flat
    assert TRICKY in flat


def test_figures_have_captions_and_every_table_its_base(text):
    flat = squeeze(text)
    assert "Figur 1: Hovedsager og følgesager fordelt på afdelinger" in flat
    assert "Figur 5: Udviklingen i henvendelser pr. afdeling" in flat
    for table in REPORT.tables:
        assert squeeze(table.base) in flat


def test_the_figures_are_drawn_with_their_labels(text):
    # The SVG charts' text is real text in the PDF: their labels can be found.
    flat = squeeze(text)
    assert "3.911 (87 %)" in flat
    assert "2022/23" in flat


def test_the_pdf_is_a4_tagged_for_accessibility_with_page_numbers(document, text):
    info = poppler("pdfinfo", document)
    assert re.search(r"Tagged:\s+yes", info)
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    assert "Title:           Borgerrådgiverens beretning 2024/25 – Albertslund Kommune" in info
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])
    assert f"Side 2 af {pages}" in squeeze(text)
    metadata = poppler("pdfinfo", document, "-meta")
    assert "pdfuaid" in metadata


def test_the_fonts_are_embedded(document):
    fonts = poppler("pdffonts", document)
    rows = [line for line in fonts.splitlines()[2:] if line.strip()]
    assert rows
    assert all(" yes " in row for row in rows)
    assert any("IBM-Plex-Sans" in row for row in rows)


def test_the_half_year_status_is_short():
    status = pdf.render_status(REPORT)
    flat = squeeze(poppler("pdftotext", status))
    assert "HALVÅRSSTATUS" in flat  # the kind is set in capitals
    assert "Henvendelser 4.482" in flat
    assert "Bilag: Uddybende statistik" not in flat
    assert "Udviklingen i henvendelser pr. afdeling" not in flat


def test_the_command_line_renderer_is_the_pdf_renderer():
    assert renderer_for("pdf")(REPORT).startswith(b"%PDF-")


@pytest.mark.parametrize(
    "url",
    ["http://example.com/logo.png", "https://example.com/a.css", "file:///etc/passwd"],
)
def test_weasyprint_may_fetch_nothing_outside_the_package(url):
    with pytest.raises(ValueError):
        pdf.PackageFetcher().fetch(url)


def test_weasyprint_may_read_the_packaged_fonts():
    font = (pdf.FONTS / "IBMPlexSans-Regular.woff2").as_uri()
    response = pdf.PackageFetcher().fetch(font)
    try:
        assert response is not None
    finally:
        response.close()


def test_no_page_opens_with_the_base_or_note_of_a_table_on_the_page_before():
    tables = tuple(
        Table(
            id=f"t{i}",
            title=f"Tabel om emne {i}",
            base=f"Grundlag: emne {i}.",
            columns=("Antal", "%"),
            # Lengths that, without care, leave a base or note alone at a page's top.
            rows=tuple(Row(f"Række {n}", (n, 1)) for n in range(3 + (i * 7) % 18)),
            note="Der er foretaget afrunding." if i % 3 == 0 else None,
            section="x",
        )
        for i in range(30)
    )
    data = pdf.render(replace(REPORT, tables=tables))
    pages = int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", data))[1])
    assert pages > 10
    for page in range(1, pages + 1):
        text = poppler("pdftotext", data, "-f", str(page), "-l", str(page), "-layout").strip()
        assert not text.startswith(("Grundlag", "*")), page

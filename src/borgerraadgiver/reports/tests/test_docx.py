"""The Word document, read back with python-docx: every figure of every table is in it."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Cm, Pt
from jinja2.exceptions import SecurityError

from borgerraadgiver.reports.data import Row, Table
from borgerraadgiver.reports.renderers import docx, layout, renderer_for
from borgerraadgiver.reports.rounding import ROUNDING_NOTE
from borgerraadgiver.reports.templates_docx import build_template

from .samples import TRICKY, sample_report

REPORT = sample_report()


@pytest.fixture(scope="module")
def document() -> DocxDocument:
    return Document(io.BytesIO(docx.render(REPORT)))


def paragraphs(doc: DocxDocument) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in doc.paragraphs]


def table_rows(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_title_page_names_the_office_the_period_and_the_kind(document):
    texts = [text for _style, text in paragraphs(document)[:12]]
    assert "Beretning" in texts
    assert REPORT.title in texts
    assert "Albertslund Kommune" in texts
    assert "Perioden 1. april 2024 – 31. marts 2025" in texts


def test_every_number_of_every_table_is_in_the_appendix(document):
    appendix = document.tables[-len(REPORT.tables) :]
    for table, word_table in zip(REPORT.tables, appendix, strict=True):
        rows = table_rows(word_table)
        assert rows[0] == ["", *table.columns], table.id
        for row, word_row in zip(table.rows, rows[1:], strict=True):
            assert word_row == [row.label, *(layout.number(v) for v in row.values)], table.id


def test_every_table_has_a_numbered_caption_its_base_and_its_note(document):
    texts = [text for _style, text in paragraphs(document)]
    for table in REPORT.tables:
        assert any(t.startswith("Tabel ") and t.endswith(f": {table.title}") for t in texts)
        assert table.base in texts
    assert f"* {ROUNDING_NOTE}" in texts


def test_the_key_figures_come_first(document):
    figures = table_rows(document.tables[0])
    assert figures[0] == ["", "Antal"]
    assert ["Henvendelser", "4.482"] in figures
    assert ["Forskellige personer", "3.977"] in figures
    # Not registered by the office: not shown, rather than shown as nothing.
    assert not any(row[0] == "Klager" for row in figures)


def test_each_topic_has_a_heading_room_for_prose_a_figure_and_its_table(document):
    texts = paragraphs(document)
    headings = [text for style, text in texts if style == "Heading 1"]
    topics = layout.topics(REPORT, documents=True)
    for topic in topics:
        assert topic.title in headings
    # A topic with tables per department only is left to the appendix.
    assert "Årsager til henvendelserne" not in headings
    placeholders = [text for style, text in texts if style == "Pladsholder"]
    assert len(placeholders) >= len(topics)
    assert set(placeholders) == {"[Skriv jeres tekst her]"}
    captions = [text for style, text in texts if text.startswith("Figur ")]
    assert "Figur 1: Hovedsager og følgesager fordelt på afdelinger" in captions
    assert "Figur 2: Henvendelser fordelt på afdelinger" in captions
    assert len(captions) == 5  # points, share, themes, kinds, development; the rest have none


def test_figures_are_pictures_with_alternative_text(document):
    described = document.element.body.xpath(".//wp:docPr/@descr")
    assert len(described) == 5
    assert all(text.startswith("Diagram: ") for text in described)
    assert len(document.inline_shapes) == 5


def test_labels_with_ampersands_and_brackets_come_through_as_written(document):
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert TRICKY in cells
    assert "Børn & Familie" in cells


def test_the_appendix_follows_its_heading_and_holds_every_table(document):
    texts = [text for _style, text in paragraphs(document)]
    assert "Bilag: Uddybende statistik" in texts
    shown = sum(len(topic.tables) for topic in layout.topics(REPORT, documents=True))
    assert len(document.tables) == 1 + shown + len(REPORT.tables)


def test_the_half_year_status_has_the_key_figures_and_the_main_tables_only():
    status = Document(io.BytesIO(docx.render_status(REPORT)))
    texts = [p.text for p in status.paragraphs]
    assert "Halvårsstatus" in texts
    assert "Bilag: Uddybende statistik" not in texts
    captions = {t.split(": ", 1)[1] for t in texts if t.startswith("Tabel ")}
    assert captions == {
        "Nøgletal",
        "Hovedsager og følgesager fordelt på afdelinger",
        "Henvendelser fordelt på afdelinger",
        "Klagepunkter fordelt på tema og emne",
        "Henvendelsestype",
    }


def test_the_command_line_renderer_is_the_word_renderer():
    data = renderer_for("docx")(REPORT)
    assert data[:2] == b"PK"
    assert ["Henvendelser", "4.482"] in table_rows(Document(io.BytesIO(data)).tables[0])


def _template(*lines: str) -> io.BytesIO:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    out.seek(0)
    return out


def test_an_office_template_of_its_own_replaces_the_standard_one():
    template = _template(
        "Albertslunds egen skabelon: {{ title }}",
        "{%p for section in sections %}",
        "Afsnit: {{ section.title }}",
        "{%p for item in section.items %}",
        "{{p item.table }}",
        "{%p endfor %}",
        "{%p endfor %}",
    )
    result = Document(io.BytesIO(docx.render(REPORT, template=template)))
    texts = [p.text for p in result.paragraphs]
    assert f"Albertslunds egen skabelon: {REPORT.title}" in texts
    assert "Afsnit: Henvendelser fordelt på afdelinger" in texts
    # Its styles lack ours: the tables still come, in Word's own table style.
    assert ["Børn & Familie", "3.911", "87"] in table_rows(result.tables[2])


def test_a_template_cannot_reach_into_python():
    template = _template("{{ title.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(SecurityError):
        docx.render(REPORT, template=template)


def test_the_standard_templates_can_be_built_again(tmp_path):
    build_template.main(tmp_path)
    for name in ("beretning.docx", "status.docx"):
        rebuilt = Document(tmp_path / name)
        assert any("{{ title }}" in p.text for p in rebuilt.paragraphs)
        assert "Beretningstabel" in [s.name for s in rebuilt.styles]


def _grid_widths(table) -> list[int]:  # type: ignore[no-untyped-def]
    return [int(col.w) for col in table._tbl.tblGrid.gridCol_lst]


def test_every_table_spans_the_text_width_in_its_grid_and_its_cells(document):
    section = document.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin
    for table in document.tables:
        grid = _grid_widths(table)
        # LibreOffice lays a table out by its grid, Word by its cells: they must agree.
        assert abs(sum(grid) - text_width) < Cm(0.05)
        for row in table.rows:
            assert [int(cell.width) for cell in row.cells] == grid
        assert table._tbl.tblPr.xpath("w:tblLayout/@w:type") == ["fixed"]
        assert len(table._tbl.tblPr.xpath("w:tblLook")) == 1


def test_a_column_heading_breaks_between_words_never_inside_one():
    header = ("", "Borger, Arbejdsmarked & Erhverv", "Børn & Familie", "Dagtilbud & Skole")
    header += ("Kultur, Fritid & Ejendomme", "Miljø & Teknik", "Ældre, Sundhed & Social")
    header += ("Økonomi & Stab", "Øvrige", "I alt")
    rows = [("Sagsbehandlingstid og manglende svar", 1, ["1.234"] * 9)]
    widths = docx.column_widths(header, rows, int(Cm(16)), font_size=Pt(7.5))
    assert sum(widths) == int(Cm(16))
    assert widths[0] >= docx.LABEL_MIN
    for heading, width in zip(header[1:], widths[1:], strict=True):
        longest = max(heading.split(), key=len)
        assert width >= docx._text_length(longest, Pt(7.5)) + docx.CELL_PADDING, heading


def test_a_narrow_table_gives_its_labels_half_the_width():
    widths = docx.column_widths(
        ("", "Antal", "%"), [("Børn", 0, ["3", "100"])], 9000000, font_size=Pt(9)
    )
    assert abs(widths[0] - 4500000) <= 2
    assert widths[1] == widths[2]


def test_tables_follow_the_margins_of_an_office_template():
    narrow = Document()
    narrow.sections[0].left_margin = narrow.sections[0].right_margin = Cm(4)
    narrow.add_paragraph("{%p for table in appendix %}")
    narrow.add_paragraph("{{p table }}")
    narrow.add_paragraph("{%p endfor %}")
    source = io.BytesIO()
    narrow.save(source)
    source.seek(0)
    result = Document(io.BytesIO(docx.render(REPORT, template=source)))
    text_width = result.sections[0].page_width - Cm(8)
    assert all(abs(sum(_grid_widths(t)) - text_width) < Cm(0.05) for t in result.tables)


def _keeps_with_next(table) -> list[bool]:  # type: ignore[no-untyped-def]
    return [bool(row.cells[0].paragraphs[0].paragraph_format.keep_with_next) for row in table.rows]


def test_a_short_table_is_kept_on_one_page_and_a_long_one_takes_its_first_rows_along():
    long_rows = tuple(Row(f"Emne {n}", (n, 1)) for n in range(40))
    long = Table(
        id="long", title="Lang", base="Grundlag: alt.", columns=("Antal", "%"), rows=long_rows
    )
    report = replace(REPORT, tables=(*REPORT.tables, long))
    result = Document(io.BytesIO(docx.render(report)))
    short_table, long_table = result.tables[-2], result.tables[-1]
    assert all(_keeps_with_next(short_table))
    assert _keeps_with_next(long_table) == [True] * 4 + [False] * 37


def test_the_table_of_contents_shows_the_headings_until_word_updates_it(document):
    texts = [text for _style, text in paragraphs(document)]
    contents = texts[texts.index("Indhold") + 1].split("\n")
    topics = [t.title for t in layout.topics(REPORT, documents=True)]
    assert contents == [
        "Forord",
        "Borgerrådgiverens anbefalinger",
        *topics,
        "Eksempler fra årets henvendelser",
        "Om tallene",
        "Bilag: Uddybende statistik",
    ]
    headings = [text for style, text in paragraphs(document) if style == "Heading 1"]
    # Word's own table of contents, once updated, lists the same.
    assert headings == contents
    assert document.settings.element.xpath("w:updateFields/@w:val") == ["true"]


def test_the_page_number_sits_at_the_right_margin_whatever_the_title_length(document):
    footer = document.sections[0].footer.paragraphs[0]
    stops = {(t.position.twips, t.alignment) for t in footer.paragraph_format.tab_stops}
    assert (Cm(16).twips, WD_TAB_ALIGNMENT.RIGHT) in stops
    # The Footer style's centre tab would catch the page number after a long title.
    assert (4680, WD_TAB_ALIGNMENT.CLEAR) in stops

"""Builds the Word templates of the annual report and the half-year status.

    .venv/bin/python src/borgerraadgiver/reports/templates_docx/build_template.py

writes beretning.docx and status.docx beside this file. They are docxtpl
templates: ordinary Word documents with {{ ... }} and {%p ... %} tags. An
office may replace them with its own (the municipality's fonts, logo and
page layout) as long as it keeps the tags; the styles named in STYLES are
used for the tables and captions when the template has them.

Tags the renderer fills (reports/renderers/docx.py):
  title, office_name, period_label, created, kind
  sections: title, items (title, figure, figure_number, table)
  rules: the counting rules;  appendix: every table
  contents: the topics' headings, shown in the table of contents until Word updates it
(the advisor reads the same list on the template page: word_template.TEMPLATE_FIELDS).
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor, Twips
from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent
PLACEHOLDER = "[Skriv jeres tekst her]"
# The annual report's own headings around the topics, in order.
BEFORE_SECTIONS = ("Forord", "Borgerrådgiverens anbefalinger")
AFTER_SECTIONS = ("Eksempler fra årets henvendelser", "Om tallene", "Bilag: Uddybende statistik")
DARK = RGBColor(0x0B, 0x2F, 0x55)
GREY = RGBColor(0x59, 0x59, 0x59)
# Style names the renderer looks for (it falls back to Word's own when missing).
STYLES = {
    "placeholder": "Pladsholder",
    "base": "Tabelgrundlag",
    "cell": "Tabeltekst",
    "number": "Tabeltal",
    "figure": "Figur",
    "table": "Beretningstabel",
}

TABLE_STYLE_XML = f"""
<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="Beretningstabel">
  <w:name w:val="Beretningstabel"/>
  <w:basedOn w:val="TableNormal"/>
  <w:uiPriority w:val="40"/>
  <w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>
  <w:tblPr>
    <w:tblBorders>
      <w:top w:val="single" w:sz="8" w:space="0" w:color="0B2F55"/>
      <w:bottom w:val="single" w:sz="8" w:space="0" w:color="0B2F55"/>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>
    </w:tblBorders>
    <w:tblCellMar>
      <w:top w:w="40" w:type="dxa"/><w:left w:w="80" w:type="dxa"/>
      <w:bottom w:w="40" w:type="dxa"/><w:right w:w="80" w:type="dxa"/>
    </w:tblCellMar>
  </w:tblPr>
  <w:tblStylePr w:type="firstRow">
    <w:rPr><w:b/><w:bCs/></w:rPr>
    <w:tcPr>
      <w:tcBorders><w:bottom w:val="single" w:sz="8" w:space="0" w:color="0B2F55"/></w:tcBorders>
      <w:shd w:val="clear" w:color="auto" w:fill="E6EEF7"/>
    </w:tcPr>
  </w:tblStylePr>
  <w:tblStylePr w:type="lastRow">
    <w:rPr><w:b/><w:bCs/></w:rPr>
    <w:tcPr>
      <w:tcBorders><w:top w:val="single" w:sz="8" w:space="0" w:color="0B2F55"/></w:tcBorders>
    </w:tcPr>
  </w:tblStylePr>
</w:style>
"""


def _styles(document: Document) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = run_defaults.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_defaults.append(lang)
    # Danish for spelling and for screen readers.
    lang.set(qn("w:val"), "da-DK")
    lang.set(qn("w:eastAsia"), "da-DK")
    lang.set(qn("w:bidi"), "ar-SA")

    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size in (("Title", 30), ("Heading 1", 18), ("Heading 2", 14)):
        style = styles[name]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        style.font.color.rgb = DARK
        style.font.bold = name != "Title"
    styles["Heading 1"].paragraph_format.space_before = Pt(18)
    styles["Heading 1"].paragraph_format.space_after = Pt(6)
    styles["Subtitle"].font.color.rgb = GREY
    caption = styles["Caption"]
    caption.font.size = Pt(10)
    caption.font.color.rgb = DARK
    caption.font.italic = False
    caption.font.bold = True
    caption.paragraph_format.keep_with_next = True
    caption.paragraph_format.space_before = Pt(10)

    placeholder = styles.add_style(STYLES["placeholder"], WD_STYLE_TYPE.PARAGRAPH)
    placeholder.base_style = normal
    placeholder.font.italic = True
    placeholder.font.highlight_color = WD_COLOR_INDEX.YELLOW
    # Until the advisor writes here, the heading above stays with the figure below.
    placeholder.paragraph_format.keep_with_next = True
    base = styles.add_style(STYLES["base"], WD_STYLE_TYPE.PARAGRAPH)
    base.base_style = normal
    base.font.size = Pt(8.5)
    base.font.color.rgb = GREY
    base.paragraph_format.space_before = Pt(3)
    base.paragraph_format.space_after = Pt(12)
    base.paragraph_format.line_spacing = 1.0
    cell = styles.add_style(STYLES["cell"], WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.font.size = Pt(9)
    cell.paragraph_format.space_after = Pt(0)
    cell.paragraph_format.line_spacing = 1.0
    numbers = styles.add_style(STYLES["number"], WD_STYLE_TYPE.PARAGRAPH)
    numbers.base_style = cell
    numbers.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    figure = styles.add_style(STYLES["figure"], WD_STYLE_TYPE.PARAGRAPH)
    figure.base_style = normal
    figure.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    figure.paragraph_format.keep_with_next = True
    figure.paragraph_format.space_before = Pt(6)
    styles.element.append(parse_xml(TABLE_STYLE_XML))


def _field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES, TOC) with the text shown until Word updates it."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._r.append(begin)
    code = paragraph.add_run()._r
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    code.append(text)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    paragraph.add_run()._r.append(separate)
    paragraph.add_run(shown)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _update_fields_on_open(document: Document) -> None:
    """Word asks to update the fields (the table of contents) when the report is opened."""
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    # The schema's order: updateFields comes before compat.
    compat = settings.find(qn("w:compat"))
    if compat is not None:
        compat.addprevious(update)
    else:
        settings.append(update)


def _page(document: Document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.different_first_page_header_footer = True
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    tabs = footer.paragraph_format.tab_stops
    # Word's Footer style brings a centre tab halfway: a long office name and
    # title reach it, and the page number would land right after them.
    for inherited in (Twips(4680), Twips(9360)):
        tabs.add_tab_stop(inherited, WD_TAB_ALIGNMENT.CLEAR)
    tabs.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT)
    footer.add_run("{{ office_name }} · {{ title }}\t").font.size = Pt(8.5)
    footer.add_run("Side ").font.size = Pt(8.5)
    _field(footer, "PAGE", "1")
    footer.add_run(" af ").font.size = Pt(8.5)
    _field(footer, "NUMPAGES", "1")
    for run in footer.runs:
        run.font.size = Pt(8.5)
        run.font.color.rgb = GREY


def _placeholder(document: Document) -> None:
    document.add_paragraph(PLACEHOLDER, style=STYLES["placeholder"])


def _title_page(document: Document, kind: str) -> None:
    for _ in range(6):
        document.add_paragraph()
    document.add_paragraph(kind, style="Subtitle")
    document.add_paragraph("{{ title }}", style="Title")
    document.add_paragraph("{{ office_name }}", style="Subtitle")
    document.add_paragraph("Perioden {{ period_label }}")
    note = document.add_paragraph(
        "Tallene er dannet {{ created }} fra borgerrådgiverens registreringer."
    )
    note.runs[0].font.size = Pt(9)
    note.runs[0].font.color.rgb = GREY
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _sections(document: Document) -> None:
    """One heading per topic, the advisor's prose, then each figure and its table."""
    document.add_paragraph("{%p for section in sections %}")
    document.add_paragraph("{{ section.title }}", style="Heading 1")
    _placeholder(document)
    document.add_paragraph("{%p for item in section.items %}")
    document.add_paragraph("{%p if item.figure %}")
    document.add_paragraph("{{ item.figure }}", style=STYLES["figure"])
    document.add_paragraph("Figur {{ item.figure_number }}: {{ item.title }}", style="Caption")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{{p item.table }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endfor %}")


def _rules(document: Document, heading: str = "Om tallene") -> None:
    document.add_paragraph(heading, style="Heading 1")
    document.add_paragraph("{%p for rule in rules %}")
    document.add_paragraph("{{ rule }}", style="List Bullet")
    document.add_paragraph("{%p endfor %}")


def build_report_template(path: Path) -> None:
    document = Document()
    _styles(document)
    _page(document)
    _title_page(document, "Beretning")
    document.add_paragraph("Indhold", style="TOC Heading")
    toc = document.add_paragraph()
    # Shown as the headings until Word updates the field (it asks when the
    # document is opened); then with page numbers.
    shown = "\n".join([*BEFORE_SECTIONS, "{{ contents }}", *AFTER_SECTIONS])
    _field(toc, 'TOC \\o "1-2" \\h \\z \\u', shown)
    _update_fields_on_open(document)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for heading in BEFORE_SECTIONS:
        document.add_paragraph(heading, style="Heading 1")
        _placeholder(document)
    _sections(document)
    examples, rules, appendix = AFTER_SECTIONS
    document.add_paragraph(examples, style="Heading 1")
    _placeholder(document)
    _rules(document, rules)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph(appendix, style="Heading 1")
    document.add_paragraph(
        "Bilaget indeholder alle periodens tabeller. Under hver tabel står, hvad der er talt."
    )
    document.add_paragraph("{%p for table in appendix %}")
    document.add_paragraph("{{p table }}")
    document.add_paragraph("{%p endfor %}")
    _properties(document)
    document.save(path)


def build_status_template(path: Path) -> None:
    document = Document()
    _styles(document)
    _page(document)
    document.add_paragraph("Halvårsstatus", style="Subtitle")
    document.add_paragraph("{{ title }}", style="Title")
    document.add_paragraph("{{ office_name }} · perioden {{ period_label }}", style="Subtitle")
    _placeholder(document)
    _sections(document)
    _rules(document)
    _properties(document)
    document.save(path)


def _properties(document: Document) -> None:
    properties = document.core_properties
    properties.title = "{{ title }}"
    properties.subject = "{{ office_name }}"
    properties.author = "Borgerrådgiveren"
    properties.language = "da-DK"
    properties.comments = ""
    properties.keywords = ""


def main(target: Path = HERE) -> None:
    build_report_template(target / "beretning.docx")
    build_status_template(target / "status.docx")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)

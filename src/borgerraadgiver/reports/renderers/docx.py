"""The report as a Word document, from a docxtpl template the office may replace.

The template (templates_docx/beretning.docx, or the office's own) holds the
layout and the headings the advisor writes around; this module fills in the
figures (PNG) and the tables. Tables are built with python-docx and put in
as body XML, so that any number of columns fits; they take the template's styles by name
(build_template.STYLES) and fall back to Word's own when a template lacks them.

A template is a Jinja document written by a user: it is rendered in Jinja's
sandbox, with autoescaping, so that neither a tag in it nor a label in the
data can do more than print text.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

# Only escapes an attribute value we write; no XML is parsed here.
from xml.sax.saxutils import quoteattr  # nosec B406

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate, InlineImage, Listing
from jinja2 import StrictUndefined, Undefined
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from borgerraadgiver.core.dates import long_date

from ..data import Report, Table, Value
from . import charts, layout

TEMPLATES = Path(__file__).resolve().parents[1] / "templates_docx"
REPORT_TEMPLATE = TEMPLATES / "beretning.docx"
STATUS_TEMPLATE = TEMPLATES / "status.docx"
STYLE_NAMES = {
    "base": ("Tabelgrundlag", "Caption"),
    "cell": ("Tabeltekst", "No Spacing", "Normal"),
    "number": ("Tabeltal", "Tabeltekst", "No Spacing", "Normal"),
    "caption": ("Caption",),
    "table": ("Beretningstabel", "Table Grid"),
}
FIGURE_MAX_WIDTH = Mm(160)
# A table of up to this many rows is kept on one page, as in the PDF
# (.table-block.whole); a longer one keeps its first rows with its caption.
KEEP_TOGETHER_ROWS = 25
KEEP_FIRST_ROWS = 3
EMU_PER_TWIP = 635
# Column widths are estimated from the text, a character's width as a share
# of the font size: close to Calibri bold (within -5 % and +11 %), with 10 %
# more for a template's wider font. A cell's margins and some air come on top.
NARROW_CHARS = frozenset("ijlftrI.,:;!|'()[] -/")
WIDE_CHARS = frozenset("mwMWÆæŒœ%@")
FONT_ALLOWANCE = 1.1
CELL_PADDING = Pt(10)
LABEL_MIN = Cm(2.8)
# Up to this many number columns a table is narrow: normal type, labels on half the width.
NARROW_COLUMNS = 4
# The charts are drawn for the screen: at 0.3 mm a pixel their 12 px labels
# print at about 10 pt, next to the 11 pt text.
MM_PER_PIXEL = 0.3
TemplateSource = str | Path | IO[bytes]


def _figure_width(
    png: bytes, scale: float = charts.PNG_SCALE, text_width: int = FIGURE_MAX_WIDTH
) -> int:
    """The width to print a chart PNG at, read from its header (IHDR), within the text."""
    pixels = int.from_bytes(png[16:20], "big") / scale
    return min(int(Mm(pixels * MM_PER_PIXEL)), FIGURE_MAX_WIDTH, text_width)


class WordXml:
    """Body XML put in place of a `{{p ... }}` paragraph (what docxtpl's Subdoc does).

    Built in a scratch document with python-docx; the styles it names are the
    template's, looked up by name.
    """

    def __init__(self, xml: str) -> None:
        self.xml = xml

    def __html__(self) -> str:
        return self.xml

    __str__ = __html__


@dataclass(frozen=True)
class Item:
    title: str
    table: WordXml
    figure: InlineImage | None = None
    figure_number: int | None = None


@dataclass(frozen=True)
class Section:
    title: str
    items: tuple[Item, ...]


class AltImage(InlineImage):
    """A picture with alternative text, as Word's accessibility checker asks."""

    def __init__(self, tpl: DocxTemplate, image: IO[bytes], alt: str, **kwargs: Any) -> None:
        super().__init__(tpl, image, **kwargs)
        self.alt = alt

    def _insert_image(self) -> str:
        xml: str = super()._insert_image()
        return xml.replace("<wp:docPr ", f"<wp:docPr descr={quoteattr(self.alt)} ", 1)


class _Builder:
    """Makes the sub-documents: one per table, with caption, base and note."""

    def __init__(self, tpl: DocxTemplate) -> None:
        self.tpl = tpl
        styles = tpl.get_docx().styles
        names = {s.name: s.style_id for s in styles}
        self.style = {
            role: next((names[n] for n in candidates if n in names), None)
            for role, candidates in STYLE_NAMES.items()
        }
        self.table_number = 0
        self.figure_number = 0
        self.scratch = Document()
        self.text_width = _text_width(tpl)

    def _styled(self, paragraph: Paragraph, role: str) -> Paragraph:
        style_id = self.style[role]
        if style_id is not None:
            p_pr = paragraph._p.get_or_add_pPr()
            p_style = OxmlElement("w:pStyle")
            p_style.set(qn("w:val"), style_id)
            p_pr.insert(0, p_style)
        return paragraph

    def paragraph(self, doc: DocxDocument, text: str, role: str) -> Paragraph:
        return self._styled(doc.add_paragraph(text), role)

    def _scratch(self) -> DocxDocument:
        body = self.scratch.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        return self.scratch

    def _xml(self, doc: DocxDocument) -> WordXml:
        parts = [
            etree.tostring(child, encoding="unicode")
            for child in doc.element.body
            if child.tag != qn("w:sectPr")
        ]
        return WordXml("".join(parts))

    def table(self, table: Table) -> WordXml:
        self.table_number += 1
        doc = self._scratch()
        caption = self.paragraph(doc, f"Tabel {self.table_number}: {table.title}", "caption")
        caption.paragraph_format.keep_with_next = True
        rows = [(r.label, r.level, r.values, r.is_total) for r in table.rows]
        grouped = any(r.level for r in table.rows)
        self._grid(
            doc,
            ("", *table.columns),
            rows,
            bold_level0=grouped,
            has_total=any(r.is_total for r in table.rows),
        )
        base = self.paragraph(doc, table.base, "base")
        if table.note:
            base.paragraph_format.keep_with_next = True
            self.paragraph(doc, f"* {table.note}", "base")
        return self._xml(doc)

    def key_figures(self, report: Report) -> WordXml:
        self.table_number += 1
        doc = self._scratch()
        self.paragraph(doc, f"Tabel {self.table_number}: Nøgletal", "caption")
        rows = [(label, 0, (value,), False) for _n, label, value in layout.key_figure_rows(report)]
        self._grid(doc, ("", "Antal"), rows, bold_level0=False, has_total=False)
        self.paragraph(
            doc,
            f"Grundlag: henvendelser modtaget {report.period.label}. Se 'Om tallene'.",
            "base",
        )
        return self._xml(doc)

    def _grid(
        self,
        doc: DocxDocument,
        header: Sequence[str],
        rows: Sequence[tuple[str, int, Sequence[Value], bool]],
        *,
        bold_level0: bool,
        has_total: bool,
    ) -> None:
        grid: DocxTable = doc.add_table(rows=len(rows) + 1, cols=len(header))
        grid.alignment = WD_TABLE_ALIGNMENT.LEFT
        wide = len(header) - 1 > NARROW_COLUMNS
        texts = [(r[0], r[1], [layout.number(v) for v in r[2]]) for r in rows]
        widths = column_widths(
            header,
            texts,
            self.text_width,
            font_size=Pt(7.5) if wide else Pt(9),
        )
        self._table_properties(grid, has_total, widths)
        # Cells straight from the rows: python-docx's table.cell() walks the
        # whole table on every call.
        rows_xml = [[_Cell(tc, grid) for tc in tr.tc_lst] for tr in grid._tbl.tr_lst]
        for n, text in enumerate(header):
            self._cell(rows_xml[0][n], text, numeric=n > 0, bold=True, small=wide)
        _repeat_header(grid.rows[0])
        for cells, (label, level, values, is_total) in zip(rows_xml[1:], rows, strict=True):
            bold = is_total or (bold_level0 and level == 0)
            cell = self._cell(cells[0], label, numeric=False, bold=bold, small=wide)
            if level:
                cell.paragraph_format.left_indent = Cm(0.4 * level)
            for n, value in enumerate(values, start=1):
                self._cell(cells[n], layout.number(value), numeric=True, bold=bold, small=wide)
        # A short table stays on one page, with its caption above and its base
        # below; a long one takes at least its first rows along with its caption.
        whole = len(rows) <= KEEP_TOGETHER_ROWS
        for n, (tr, cells) in enumerate(zip(grid._tbl.tr_lst, rows_xml, strict=True)):
            tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            for cell, width in zip(cells, widths, strict=True):
                cell.width = width
                if whole or n <= KEEP_FIRST_ROWS:
                    cell.paragraphs[0].paragraph_format.keep_with_next = True

    def _table_properties(self, grid: DocxTable, has_total: bool, widths: Sequence[int]) -> None:
        tbl = grid._tbl
        tbl_pr = tbl.tblPr
        if self.style["table"] is not None:
            style = OxmlElement("w:tblStyle")
            style.set(qn("w:val"), self.style["table"])
            tbl_pr.insert(0, style)
        # Word reads the cells' widths, LibreOffice the grid's: both are set,
        # and the layout is fixed so neither squeezes the labels.
        for table_width in tbl_pr.xpath("w:tblW"):
            table_width.set(qn("w:w"), str(sum(int(w) for w in widths) // EMU_PER_TWIP))
            table_width.set(qn("w:type"), "dxa")
        fixed = OxmlElement("w:tblLayout")
        fixed.set(qn("w:type"), "fixed")
        for col, width in zip(tbl.tblGrid.gridCol_lst, widths, strict=True):
            col.w = width
        # python-docx writes a tblLook of its own: one is allowed, and it is ours.
        for old in tbl_pr.xpath("w:tblLook"):
            tbl_pr.remove(old)
        tbl_pr.append(fixed)
        look = OxmlElement("w:tblLook")
        look.set(qn("w:firstRow"), "1")
        look.set(qn("w:lastRow"), "1" if has_total else "0")
        look.set(qn("w:firstColumn"), "0")
        look.set(qn("w:lastColumn"), "0")
        look.set(qn("w:noHBand"), "1")
        look.set(qn("w:noVBand"), "1")
        tbl_pr.append(look)

    def _cell(self, cell: Any, text: str, *, numeric: bool, bold: bool, small: bool) -> Paragraph:
        paragraph = cell.paragraphs[0]
        self._styled(paragraph, "number" if numeric else "cell")
        run = paragraph.add_run(text)
        if bold:
            run.bold = True
        if small:
            run.font.size = Pt(7.5)
        if numeric:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        return paragraph

    def figure(self, table: Table) -> tuple[InlineImage | None, int | None]:
        image = charts.chart_png(table)
        if image is None:
            return None, None
        self.figure_number += 1
        alt = f"Diagram: {table.title}. Tallene står i tabellen under diagrammet og i bilaget."
        width = _figure_width(image, text_width=self.text_width)
        return (
            AltImage(self.tpl, io.BytesIO(image), alt, width=width),
            self.figure_number,
        )


def _text_width(tpl: DocxTemplate) -> int:
    """The width between the margins of the template's last page layout, in EMU."""
    section = tpl.get_docx().sections[-1]
    width, left, right = section.page_width, section.left_margin, section.right_margin
    if width is None or left is None or right is None:
        return int(Cm(16))
    return max(int(width) - int(left) - int(right), int(Cm(8)))


def _text_length(text: str, font_size: int) -> int:
    ems = sum(
        0.3 if c in NARROW_CHARS else 0.8 if c in WIDE_CHARS else 0.62 if c.isupper() else 0.5
        for c in text
    )
    return int(ems * FONT_ALLOWANCE * font_size)


def column_widths(
    header: Sequence[str],
    rows: Sequence[tuple[str, int, Sequence[str]]],
    text_width: int,
    *,
    font_size: int,
) -> list[int]:
    """Widths (EMU) of a table's columns across the text width: the labels, then the numbers.

    A number column is at least as wide as its longest word or number, so
    that a heading breaks between words, never inside one. In a narrow table
    the labels get half the width (the numbers stay near them); in a wide one
    what they need, within LABEL_MIN and half the width. The room left over
    goes to the number columns; when there is too little, each gives up the
    same share. Number columns are as wide as each other where they can be.
    """
    count = len(header) - 1
    if count == 0:
        return [text_width]
    padding = int(CELL_PADDING)
    needs = []
    for n in range(1, len(header)):
        texts = [*(header[n].split() or [""]), *(values[n - 1] for *_label, values in rows)]
        needs.append(max(_text_length(t, font_size) for t in texts) + padding)
    label_need = padding + max(
        (_text_length(label, font_size) + int(Cm(0.4 * level)) for label, level, _values in rows),
        default=0,
    )
    half = text_width // 2
    target = half if count <= NARROW_COLUMNS else min(label_need, half)
    label = max(int(LABEL_MIN), min(target, text_width - sum(needs)))
    spare = text_width - label - sum(needs)
    equal = (text_width - label) // count
    if all(need <= equal for need in needs):
        widths = [equal] * count
    elif spare >= 0:
        widths = [need + spare // count for need in needs]
    else:
        widths = [int(need * (text_width - label) / sum(needs)) for need in needs]
    return [text_width - sum(widths), *widths]


def _repeat_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _context(report: Report, tpl: DocxTemplate, *, short: bool) -> dict[str, Any]:
    build = _Builder(tpl)
    sections = []
    for topic in layout.topics(report, short=short, documents=True):
        items: list[Item] = []
        if topic.code == "key_figures":
            items.append(Item(title="Nøgletal", table=build.key_figures(report)))
        for table in topic.tables:
            figure, figure_number = build.figure(table)
            items.append(
                Item(
                    title=table.title,
                    table=build.table(table),
                    figure=figure,
                    figure_number=figure_number,
                )
            )
        sections.append(Section(title=topic.title, items=tuple(items)))
    appendix = [] if short else [build.table(t) for t in report.tables]
    return {
        "title": report.title,
        "office_name": report.office_name,
        "period_label": report.period.label,
        "created": long_date(datetime.date.today()),
        "kind": "Halvårsstatus" if short else "Beretning",
        "sections": sections,
        "rules": list(report.rules),
        "appendix": appendix,
        # The topics in a table of contents, until Word has updated it.
        "contents": Listing("\n".join(section.title for section in sections)),
    }


def render(
    report: Report,
    *,
    template: TemplateSource | None = None,
    short: bool = False,
    strict: bool = False,
) -> bytes:
    """The report (short: the half-year status) as .docx bytes.

    `template` is the office's own Word template, when it has one. `strict`
    refuses a field the context does not have, instead of leaving it empty:
    how a new template is tried before it is accepted.
    """
    source = template if template is not None else (STATUS_TEMPLATE if short else REPORT_TEMPLATE)
    tpl = DocxTemplate(source)
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined if strict else Undefined)
    tpl.render(_context(report, tpl, short=short), jinja_env=env, autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def render_status(report: Report, *, template: TemplateSource | None = None) -> bytes:
    return render(report, template=template, short=True)

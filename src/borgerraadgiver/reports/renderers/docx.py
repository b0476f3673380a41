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
from xml.sax.saxutils import quoteattr

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
from docxtpl import DocxTemplate, InlineImage
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

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
# The charts are drawn for the screen: at 0.3 mm a pixel their 12 px labels
# print at about 10 pt, next to the 11 pt text.
MM_PER_PIXEL = 0.3
TemplateSource = str | Path | IO[bytes]


def _figure_width(png: bytes, scale: float = charts.PNG_SCALE) -> int:
    """The width to print a chart PNG at, read from its header (IHDR)."""
    pixels = int.from_bytes(png[16:20], "big") / scale
    return min(int(Mm(pixels * MM_PER_PIXEL)), FIGURE_MAX_WIDTH)


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
        self.paragraph(doc, table.base, "base")
        if table.note:
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
        self._table_properties(grid, has_total)
        wide = len(header) > 5
        label_width = Cm(4.5) if wide else Cm(8)
        other_width = int((Cm(16) - label_width) / max(len(header) - 1, 1))
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
        for tr, cells in zip(grid._tbl.tr_lst, rows_xml, strict=True):
            tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            cells[0].width = label_width
            for cell in cells[1:]:
                cell.width = other_width

    def _table_properties(self, grid: DocxTable, has_total: bool) -> None:
        tbl_pr = grid._tbl.tblPr
        if self.style["table"] is not None:
            style = OxmlElement("w:tblStyle")
            style.set(qn("w:val"), self.style["table"])
            tbl_pr.insert(0, style)
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
        return (
            AltImage(self.tpl, io.BytesIO(image), alt, width=_figure_width(image)),
            self.figure_number,
        )


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
        "created": layout.long_date(datetime.date.today()),
        "kind": "Halvårsstatus" if short else "Beretning",
        "sections": sections,
        "rules": list(report.rules),
        "appendix": appendix,
    }


def render(report: Report, *, template: TemplateSource | None = None, short: bool = False) -> bytes:
    """The report (short: the half-year status) as .docx bytes.

    `template` is the office's own Word template, when it has one.
    """
    source = template if template is not None else (STATUS_TEMPLATE if short else REPORT_TEMPLATE)
    tpl = DocxTemplate(source)
    env = SandboxedEnvironment(autoescape=True)
    tpl.render(_context(report, tpl, short=short), jinja_env=env, autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def render_status(report: Report, *, template: TemplateSource | None = None) -> bytes:
    return render(report, template=template, short=True)

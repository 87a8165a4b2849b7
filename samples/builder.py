"""A small declarative language for writing sample filings as real Word documents.

A sample is a list of blocks (paragraphs, tables, page breaks, content controls). Tables are
written the way a person reads them: row by row, each cell once, with HTML-style row and
column spans; the writer produces the `w:gridSpan`, `w:vMerge restart/continue` and
`w:gridBefore` markup Word itself would. Inline markup in any text:

    {+2436+}   a tracked insertion (w:ins)     {-2346-}   a tracked deletion (w:del)
    "\n"       a new paragraph inside a table cell

The builder is test infrastructure: it lives outside the extractor package and is never
imported by it.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
V_NS = "urn:schemas-microsoft-com:vml"


@dataclass
class Para:
    text: str = ""
    style: str | None = None  # a Word style name such as "Heading 1"
    bold: bool = False
    center: bool = False
    size: float | None = None  # points
    indent: bool = False  # first-line indent of two characters, as in body text


@dataclass
class Cell:
    text: str = ""
    rs: int = 1
    cs: int = 1
    nested: "Table | None" = None
    bold: bool = False


@dataclass
class Row:
    cells: list
    before: int = 0  # grid columns skipped at the start of the row (w:gridBefore)


@dataclass
class Table:
    rows: list  # of Row or of lists of Cell | str
    widths: list[int] | None = None  # grid column widths in mm
    header_rows: int = 0  # rows repeated at the top of each page (w:tblHeader)


@dataclass
class PageBreak:
    pass


@dataclass
class ContentControl:
    """Block-level content control (w:sdt) wrapping other blocks."""

    blocks: list
    tag: str = "field"


@dataclass
class TextBox:
    """A paragraph anchoring a VML text box whose content is more paragraphs."""

    paragraphs: list[str]


@dataclass
class Sample:
    name: str
    blocks: list
    header: str | None = None
    footer: str | None = None  # "{PAGE}" becomes a page-number field
    landscape: bool = False
    description: str = ""


# ---------------------------------------------------------------- inline text


_INLINE = re.compile(r"\{\+(.*?)\+\}|\{-(.*?)-\}", re.S)


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _run(text: str, bold: bool = False, size: float | None = None, deleted: bool = False):
    r = etree.Element(_w("r"))
    if bold or size:
        rpr = etree.SubElement(r, _w("rPr"))
        if bold:
            etree.SubElement(rpr, _w("b"))
        if size:
            etree.SubElement(rpr, _w("sz"), {_w("val"): str(int(size * 2))})
    t = etree.SubElement(r, _w("delText" if deleted else "t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


_revision = [0]


def _revision_attrs() -> dict:
    _revision[0] += 1
    return {_w("id"): str(_revision[0]), _w("author"): "审核人", _w("date"): "2023-07-10T09:00:00Z"}


def _fill_runs(p, text: str, bold: bool = False, size: float | None = None) -> None:
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            p.append(_run(text[pos : m.start()], bold, size))
        if m.group(1) is not None:
            ins = etree.SubElement(p, _w("ins"), _revision_attrs())
            ins.append(_run(m.group(1), bold, size))
        else:
            dele = etree.SubElement(p, _w("del"), _revision_attrs())
            dele.append(_run(m.group(2), bold, size, deleted=True))
        pos = m.end()
    if pos < len(text):
        p.append(_run(text[pos:], bold, size))


def _paragraph(text: str, *, style_id: str | None = None, bold=False, center=False, size=None, indent=False):
    p = etree.Element(_w("p"))
    if style_id or center or indent:
        ppr = etree.SubElement(p, _w("pPr"))
        if style_id:
            etree.SubElement(ppr, _w("pStyle"), {_w("val"): style_id})
        if indent:
            etree.SubElement(ppr, _w("ind"), {_w("firstLineChars"): "200", _w("firstLine"): "560"})
        if center:
            etree.SubElement(ppr, _w("jc"), {_w("val"): "center"})
    if text:
        _fill_runs(p, text, bold, size)
    return p


# ---------------------------------------------------------------- tables


def _normalise_rows(table: Table) -> list[Row]:
    rows = []
    for row in table.rows:
        if not isinstance(row, Row):
            row = Row(list(row))
        row.cells = [c if isinstance(c, Cell) else Cell(str(c)) for c in row.cells]
        rows.append(row)
    return rows


def _place_cells(rows: list[Row]) -> tuple[dict, int]:
    """Give every cell its grid origin, skipping positions covered by spans from above."""
    covered: set[tuple[int, int]] = set()
    origins: dict[tuple[int, int], Cell] = {}
    ncols = 0
    for r, row in enumerate(rows):
        c = row.before
        for cell in row.cells:
            while (r, c) in covered:
                c += 1
            origins[(r, c)] = cell
            for dr in range(cell.rs):
                for dc in range(cell.cs):
                    covered.add((r + dr, c + dc))
            c += cell.cs
            ncols = max(ncols, c)
    return origins, ncols


def _table(table: Table, doc_width_mm: float):
    rows = _normalise_rows(table)
    origins, ncols = _place_cells(rows)
    widths = table.widths or [doc_width_mm / ncols] * ncols
    if len(widths) != ncols:
        raise ValueError(f"table has {ncols} grid columns but {len(widths)} widths")
    twips = [int(w * 56.7) for w in widths]

    tbl = etree.Element(_w("tbl"))
    tblpr = etree.SubElement(tbl, _w("tblPr"))
    etree.SubElement(tblpr, _w("tblW"), {_w("w"): str(sum(twips)), _w("type"): "dxa"})
    etree.SubElement(tblpr, _w("jc"), {_w("val"): "center"})
    borders = etree.SubElement(tblpr, _w("tblBorders"))
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        etree.SubElement(borders, _w(side), {_w("val"): "single", _w("sz"): "4", _w("space"): "0", _w("color"): "000000"})
    etree.SubElement(tblpr, _w("tblLayout"), {_w("type"): "fixed"})
    grid = etree.SubElement(tbl, _w("tblGrid"))
    for tw in twips:
        etree.SubElement(grid, _w("gridCol"), {_w("w"): str(tw)})

    # Which origin covers each position from above (vertical merges continue there).
    continuing: dict[tuple[int, int], tuple[int, Cell]] = {}
    for (r, c), cell in origins.items():
        for dr in range(1, cell.rs):
            continuing[(r + dr, c)] = (c, cell)

    for r, row in enumerate(rows):
        tr = etree.SubElement(tbl, _w("tr"))
        trpr = etree.SubElement(tr, _w("trPr"))
        if row.before:
            etree.SubElement(trpr, _w("gridBefore"), {_w("val"): str(row.before)})
        if r < table.header_rows:
            etree.SubElement(trpr, _w("tblHeader"))
        c = row.before
        while c < ncols:
            if (r, c) in origins:
                cell = origins[(r, c)]
                tr.append(_cell(cell, twips[c : c + cell.cs], "restart" if cell.rs > 1 else None, doc_width_mm))
                c += cell.cs
            elif (r, c) in continuing:
                _, cell = continuing[(r, c)]
                tr.append(_cell(Cell("", cs=cell.cs), twips[c : c + cell.cs], "continue", doc_width_mm))
                c += cell.cs
            else:
                break  # the row ends early (a ragged row), as Word allows
    return tbl


def _cell(cell: Cell, twips: list[int], vmerge: str | None, doc_width_mm: float):
    tc = etree.Element(_w("tc"))
    tcpr = etree.SubElement(tc, _w("tcPr"))
    etree.SubElement(tcpr, _w("tcW"), {_w("w"): str(sum(twips)), _w("type"): "dxa"})
    if cell.cs > 1:
        etree.SubElement(tcpr, _w("gridSpan"), {_w("val"): str(cell.cs)})
    if vmerge == "restart":
        etree.SubElement(tcpr, _w("vMerge"), {_w("val"): "restart"})
    elif vmerge == "continue":
        etree.SubElement(tcpr, _w("vMerge"))
    etree.SubElement(tcpr, _w("vAlign"), {_w("val"): "center"})
    for line in cell.text.split("\n"):
        tc.append(_paragraph(line, bold=cell.bold, size=10.5))
    if cell.nested is not None:
        tc.append(_table(cell.nested, sum(twips) / 56.7 - 4))
        tc.append(etree.Element(_w("p")))  # Word requires a paragraph after a nested table
    return tc


# ---------------------------------------------------------------- blocks


def _page_break():
    p = etree.Element(_w("p"))
    r = etree.SubElement(p, _w("r"))
    etree.SubElement(r, _w("br"), {_w("type"): "page"})
    return p


def _content_control(cc: ContentControl, emit) -> etree._Element:
    sdt = etree.Element(_w("sdt"))
    sdtpr = etree.SubElement(sdt, _w("sdtPr"))
    etree.SubElement(sdtpr, _w("tag"), {_w("val"): cc.tag})
    content = etree.SubElement(sdt, _w("sdtContent"))
    for block in cc.blocks:
        content.append(emit(block))
    return sdt


def _text_box(box: TextBox):
    p = etree.Element(_w("p"))
    r = etree.SubElement(p, _w("r"))
    pict = etree.SubElement(r, _w("pict"))
    shape = etree.SubElement(pict, f"{{{V_NS}}}shape", {"style": "width:300pt;height:60pt", "type": "#_x0000_t202"})
    textbox = etree.SubElement(shape, f"{{{V_NS}}}textbox")
    content = etree.SubElement(textbox, _w("txbxContent"))
    for line in box.paragraphs:
        content.append(_paragraph(line))
    return p


class _Writer:
    def __init__(self, sample: Sample):
        self.sample = sample
        self.doc = docx.Document()
        self._set_up_page()
        self._set_up_fonts()
        self.body = self.doc.element.body
        self.sect_pr = self.body.find(qn("w:sectPr"))

    def _set_up_page(self) -> None:
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        if self.sample.landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(297), Mm(210)
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Mm(20))
        self.width_mm = (section.page_width - section.left_margin - section.right_margin) / 36000
        if self.sample.header:
            section.header.paragraphs[0].text = self.sample.header
        if self.sample.footer:
            self._footer(section, self.sample.footer)

    def _footer(self, section, text: str) -> None:
        p = section.footer.paragraphs[0]._p
        before, _, after = text.partition("{PAGE}")
        if before:
            p.append(_run(before))
        if "{PAGE}" in text:
            fld = etree.SubElement(p, _w("fldSimple"), {_w("instr"): "PAGE"})
            fld.append(_run("1"))
        if after:
            p.append(_run(after))

    def _set_up_fonts(self) -> None:
        # East Asian text in SimSun, so LibreOffice renders it with a CJK font.
        for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Title"):
            style = self.doc.styles[name]
            style.font.size = Pt(12) if name == "Normal" else style.font.size
            rpr = style.element.get_or_add_rPr()
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is None:
                fonts = etree.SubElement(rpr, qn("w:rFonts"))
            fonts.set(qn("w:eastAsia"), "SimSun")

    def _style_id(self, name: str | None) -> str | None:
        return self.doc.styles[name].style_id if name else None

    def emit(self, block):
        if isinstance(block, str):
            block = Para(block)
        if isinstance(block, Para):
            return _paragraph(
                block.text,
                style_id=self._style_id(block.style),
                bold=block.bold,
                center=block.center,
                size=block.size,
                indent=block.indent,
            )
        if isinstance(block, Table):
            return _table(block, self.width_mm)
        if isinstance(block, PageBreak):
            return _page_break()
        if isinstance(block, ContentControl):
            return _content_control(block, self.emit)
        if isinstance(block, TextBox):
            return _text_box(block)
        raise TypeError(f"unknown block {block!r}")

    def write(self, path: Path) -> None:
        for element in self.body.iterchildren():
            if element.tag != qn("w:sectPr"):
                self.body.remove(element)
        for block in self.sample.blocks:
            self.sect_pr.addprevious(self.emit(block))
            if isinstance(block, Table):
                # Two tables in a row would merge into one in Word: keep a paragraph between.
                self.sect_pr.addprevious(etree.Element(_w("p")))
        core = self.doc.core_properties
        core.author, core.title = "sample builder", self.sample.name
        self.doc.save(str(path))


def write_docx(sample: Sample, path: Path) -> None:
    _Writer(copy.deepcopy(sample)).write(path)

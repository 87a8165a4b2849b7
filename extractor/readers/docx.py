"""Read a .docx filing into a Document.

python-docx opens the package (relationships, parts, styles); the body is then read by walking
its XML once, because python-docx's own table API repeats merged cells and is quadratic on big
tables (`row.cells` rebuilds the row every call), and its `Paragraph.text` drops text inside
tracked insertions and content controls. What is read:

- paragraphs and tables in document order, including those inside block content controls
  (w:sdt, w:customXml) and text boxes (their paragraphs follow the paragraph anchoring them);
- accepted text only: runs inside w:ins are kept, w:del / w:moveFrom and field instructions
  are dropped;
- merges from the XML (w:gridSpan, w:vMerge restart/continue, w:hMerge, w:gridBefore), so
  every cell appears once with its true span;
- nested tables, kept inside their cell;
- page headers and footers, apart from the body.
"""
from __future__ import annotations

import re
import zipfile
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from ..document import Cell, Document, Paragraph, Provenance, Table
from ..errors import CorruptFile, ExtractorError, TooLarge
from ..limits import DEFAULT_LIMITS, Limits, MiB
from .options import ReadOptions

if TYPE_CHECKING:
    from docx.opc.part import XmlPart

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


P, TBL, TR, TC, T = _q("p"), _q("tbl"), _q("tr"), _q("tc"), _q("t")
SDT, SDT_CONTENT, CUSTOM_XML = _q("sdt"), _q("sdtContent"), _q("customXml")
TAB, BR, CR, NB_HYPHEN = _q("tab"), _q("br"), _q("cr"), _q("noBreakHyphen")
TXBX = _q("txbxContent")
PPR, RPR, TCPR, TRPR = _q("pPr"), _q("rPr"), _q("tcPr"), _q("trPr")
VAL = _q("val")
GRID_SPAN, V_MERGE, H_MERGE = _q("gridSpan"), _q("vMerge"), _q("hMerge")
# Subtrees that hold no accepted, visible text.
_NO_TEXT = {
    _q("del"), _q("moveFrom"), _q("instrText"), _q("delInstrText"), PPR, RPR,
    f"{{{MC}}}Fallback",  # the VML copy of a drawing whose mc:Choice we already read
}
_SPACES = " \t\u3000\xa0"


def read(path: Path, limits: Limits = DEFAULT_LIMITS, options: ReadOptions | None = None) -> Document:
    check_package(path, limits)
    try:
        package = docx.Document(str(path))
        styles = _StyleTable(package.styles.element)
        body = _Walker(styles, "body", limits).walk(package.element.body)
        headers, footers = _headers_and_footers(package, styles, limits)
    except ExtractorError as e:
        e.path = e.path or str(path)
        raise
    except Exception as e:  # python-docx, zipfile and lxml each raise their own kinds on damage
        if "amplification" in str(e) or "entity" in str(e).lower() and "loop" in str(e).lower():
            raise CorruptFile("refused: its XML defines entities that expand without bound (a billion-laughs file)",
                              str(path)) from None
        raise CorruptFile(f"damaged Word document ({type(e).__name__}: {e})", str(path)) from None
    return Document(format="docx", blocks=body, headers=headers, footers=footers)


def check_package(path: Path, limits: Limits) -> None:
    """Refuse zip bombs and member floods before anything is decompressed."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as e:
        raise CorruptFile(f"damaged zip container ({e})", str(path)) from None
    if len(infos) > limits.max_zip_members:
        raise TooLarge(f"{len(infos)} zip members, over the limit of {limits.max_zip_members}", str(path))
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_bytes:
        raise TooLarge(
            f"decompresses to {total // MiB} MiB, over the limit of {limits.max_uncompressed_bytes // MiB} MiB",
            str(path),
        )
    for info in infos:
        if info.file_size > 8 * MiB and info.file_size > limits.max_compression_ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise TooLarge(f"member {info.filename} is compressed {ratio}:1 (a zip bomb)", str(path))


def _headers_and_footers(package, styles: "_StyleTable", limits: Limits):
    parts: dict[str, dict[str, XmlPart]] = {RT.HEADER: {}, RT.FOOTER: {}}
    for rel in package.part.rels.values():
        if rel.reltype in parts and not rel.is_external:
            parts[rel.reltype][str(rel.target_part.partname)] = rel.target_part
    out = []
    for reltype, kind in ((RT.HEADER, "header"), (RT.FOOTER, "footer")):
        walker = _Walker(styles, kind, limits)
        blocks = []
        for _, part in sorted(parts[reltype].items()):
            blocks = walker.walk(part.element)
        out.append([b for b in blocks if not (isinstance(b, Paragraph) and not b.text)])
    return out[0], out[1]


class _StyleTable:
    """Paragraph style id -> (style name, 1-based outline level or None), basedOn resolved."""

    _HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)

    def __init__(self, styles_element):
        raw: dict[str, tuple[str, str | None, int | None]] = {}
        for style in styles_element.iterchildren(_q("style")):
            if style.get(_q("type")) != "paragraph":
                continue
            name_el = style.find(_q("name"))
            based = style.find(_q("basedOn"))
            level_el = style.find(f"{PPR}/{_q('outlineLvl')}")
            raw[style.get(_q("styleId"))] = (
                name_el.get(VAL) if name_el is not None else style.get(_q("styleId")),
                based.get(VAL) if based is not None else None,
                _int_val(level_el, None),
            )
        self._styles = {sid: (name, self._outline(sid, raw)) for sid, (name, _, _) in raw.items()}

    def _outline(self, sid: str, raw) -> int | None:
        seen = set()
        while sid in raw and sid not in seen:
            seen.add(sid)
            name, based, level = raw[sid]
            if level is not None:
                return level + 1 if level < 9 else None  # level 9 means body text
            m = self._HEADING_NAME.match(name or "")
            if m:
                return int(m.group(1))
            sid = based
        return None

    def lookup(self, style_id: str | None) -> tuple[str | None, int | None]:
        return self._styles.get(style_id, (style_id, None)) if style_id else (None, None)


class _Walker:
    """Turns the children of one container (body, header, footer) into blocks."""

    def __init__(self, styles: _StyleTable, part: str, limits: Limits):
        self.styles = styles
        self.part = part
        self.limits = limits
        self.blocks: list = []
        self.paragraphs = 0
        self.tables = 0
        self.cells = 0

    def walk(self, container) -> list:
        self._container(container)
        return self.blocks

    def _container(self, element) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if tag == P:
                self._paragraph(child)
            elif tag == TBL:
                table = self._table(child, parent=None)
                self.blocks.append(table)
            elif tag in (SDT, CUSTOM_XML):
                self._container(child.find(SDT_CONTENT) if tag == SDT else child)

    def _paragraph(self, p) -> None:
        text, boxes = paragraph_text(p)
        style, outline = self._style_of(p)
        self.blocks.append(
            Paragraph(
                kind="heading" if outline else "paragraph",
                text=text,
                style=style,
                outline_level=outline,
                provenance=Provenance(part=self.part, block=len(self.blocks), paragraph=self.paragraphs),
            )
        )
        self.paragraphs += 1
        for box in boxes:
            self._container(box)

    def _style_of(self, p) -> tuple[str | None, int | None]:
        ppr = p.find(PPR)
        if ppr is None:
            return None, None
        style_el = ppr.find(_q("pStyle"))
        name, outline = self.styles.lookup(style_el.get(VAL) if style_el is not None else None)
        direct = ppr.find(_q("outlineLvl"))
        level = _int_val(direct, None)
        if level is not None:
            outline = level + 1 if level < 9 else None
        return name, outline

    # ------------------------------------------------------------ tables

    def _table(self, tbl, parent: Provenance | None) -> Table:
        index = self.tables
        self.tables += 1
        grid_cols = len(tbl.findall(f"{_q('tblGrid')}/{_q('gridCol')}"))
        cells: list[dict] = []
        open_merges: dict[int, dict] = {}  # grid column -> origin cell still merging downwards
        n_rows = 0
        width = grid_cols
        for r, tr in enumerate(_children(tbl, TR)):
            n_rows = r + 1
            c = _int_val(tr.find(f"{TRPR}/{_q('gridBefore')}"), 0)
            for tc in _children(tr, TC):
                self.cells += 1
                span, vmerge, hmerge = _cell_props(tc)
                if hmerge == "continue" and cells and cells[-1]["row"] == r:
                    cells[-1]["col_span"] += span  # legacy horizontal merge: widen the cell on the left
                    c += span
                    continue
                origin = open_merges.get(c)
                if vmerge == "continue" and origin is not None and origin["col_span"] == span:
                    origin["row_span"] = r - origin["row"] + 1
                    extra = self._cell_content(tc, index, r, c)[0]
                    if extra:  # Word keeps text typed into a continued cell: do not lose it
                        origin["text"] = f"{origin['text']}\n{extra}" if origin["text"] else extra
                    c += span
                    continue
                text, nested = self._cell_content(tc, index, r, c)
                cell = {"row": r, "col": c, "row_span": 1, "col_span": span, "text": text, "tables": nested}
                cells.append(cell)
                for k in range(c, c + span):
                    open_merges.pop(k, None)
                if vmerge is not None:  # restart, or a continue with nothing above: start a merge
                    open_merges[c] = cell
                c += span
            width = max(width, c)
            for col in [k for k, o in open_merges.items() if o["row"] + o["row_span"] - 1 != r]:
                del open_merges[col]  # a row that ends early breaks the merges it does not continue
            if self.cells > self.limits.max_table_cells:
                raise TooLarge(f"more than {self.limits.max_table_cells} table cells")
        return Table(
            n_rows=n_rows,
            n_cols=width,
            cells=[
                Cell(**cell, provenance=Provenance(part=self.part, table=index, row=cell["row"], col=cell["col"]))
                for cell in cells
            ],
            parent=parent,
            provenance=Provenance(part=self.part, block=None if parent else len(self.blocks), table=index),
        )

    def _cell_content(self, tc, table_index: int, row: int, col: int) -> tuple[str, list[Table]]:
        lines: list[str] = []
        nested: list[Table] = []
        # the cell's place, built only for a table nested in it: most cells hold none
        here = partial(Provenance, part=self.part, table=table_index, row=row, col=col)
        self._collect_cell(tc, lines, nested, here)
        return clean_cell_text(lines), nested

    def _collect_cell(self, element, lines: list[str], nested: list[Table], here: Callable[[], Provenance]) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if tag == P:
                text, boxes = paragraph_text(child)
                lines.append(text)
                for box in boxes:
                    self._collect_cell(box, lines, nested, here)
            elif tag == TBL:
                nested.append(self._table(child, parent=here()))
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self._collect_cell(content, lines, nested, here)
            elif tag == CUSTOM_XML:
                self._collect_cell(child, lines, nested, here)


def _children(element, tag):
    """Direct children with this tag, looking through row- and cell-level content controls."""
    for child in element.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == CUSTOM_XML:
            yield from _children(child, tag)


def _int_val(element, default):
    if element is None:
        return default
    value = element.get(VAL, "")
    return int(value) if value.isascii() and value.isdigit() else default


def _cell_props(tc) -> tuple[int, str | None, str | None]:
    """A cell's grid span and its vertical and horizontal merge states, in one pass over its
    properties: each lxml find builds python-docx element proxies, and there is a find per cell."""
    tcpr = tc.find(TCPR)
    span, vmerge, hmerge = 1, None, None
    if tcpr is None:
        return span, vmerge, hmerge
    for child in tcpr.iterchildren(GRID_SPAN, V_MERGE, H_MERGE):
        if child.tag == GRID_SPAN:
            span = max(1, _int_val(child, 1))
        elif child.tag == V_MERGE:
            vmerge = child.get(VAL) or "continue"
        else:
            hmerge = child.get(VAL) or "continue"
    return span, vmerge, hmerge


def paragraph_text(p) -> tuple[str, list]:
    """Accepted visible text of a paragraph, and the text boxes anchored in it."""
    parts: list[str] = []
    boxes: list = []
    walker = etree.iterwalk(p, events=("start",))
    for _, el in walker:
        tag = el.tag
        if tag == T:
            if el.text:
                parts.append(el.text)
        elif tag == TAB:
            parts.append("\t")
        elif tag in (BR, CR):
            if el.get(_q("type")) not in ("page", "column"):
                parts.append("\n")
        elif tag == NB_HYPHEN:
            parts.append("-")
        elif tag == TXBX:
            boxes.append(el)
            walker.skip_subtree()
        elif tag in _NO_TEXT:
            walker.skip_subtree()
    return "".join(parts).strip(_SPACES + "\n"), boxes


def clean_cell_text(lines: list[str]) -> str:
    """Join a cell's paragraphs with newlines, dropping the blank ones before and after."""
    start, end = 0, len(lines)
    while start < end and not lines[start].strip(_SPACES):
        start += 1
    while end > start and not lines[end - 1].strip(_SPACES):
        end -= 1
    return "\n".join(lines[start:end])

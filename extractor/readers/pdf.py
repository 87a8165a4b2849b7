"""Read a text PDF into the same Document model as the .docx reader.

Each page's objects are read once through pdfium (pdf_objects.py): its characters and its
ruling, from which lattice.py finds the ruled tables. Text outside tables becomes lines, then
paragraphs by layout; a table becomes a grid whose merged cells come from cell geometry (a
merged cell is one box; its row and column spans are counted against the edges of all cells). A table that goes on
over the next page is stitched back into one: a repeated header row is dropped, a merged
一级/二级 cell split by the page break is joined, and a row that broke across the page is
put back together. Page headers, footers and page numbers are kept apart from the body.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import regex

from ..document import Block, Cell, Document, Paragraph, Provenance, Table
from ..errors import CorruptFile, EncryptedFile, ExtractorError, NoTextLayer, TooLarge
from ..limits import DEFAULT_LIMITS, Limits
from ..values import grammar, parse_value
from .columns import missing_column_rules
from .flow import Stretch, page_lines, right_column_start, stretches
from .lattice import Ruled, tables
from .options import ReadOptions
from .pdf_layout import (
    CharIndex,
    Line,
    PageObjects,
    ParagraphBox,
    boundaries,
    cell_lines,
    confidence_spans,
    dedupe_doubled,
    first_run_width,
    has_doubled,
    index_of,
    inside_any,
    is_vertical,
    joined_confidences,
    paragraphs_of,
)
from .pdf_objects import read_page

_PAGE_NUMBER = regex.compile(
    r"^(?:第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|[-—–]?\s*\d+\s*[-—–]?|\d+\s*/\s*\d+|Page\s*\d+.*)$", regex.I
)
# A line that starts a block of its own (an attachment marker, a numbered heading) never
# continues the paragraph before a page break.
_STARTS_BLOCK = regex.compile(
    r"^(附\s*件|第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+\s*[、.．]"  # 附件, 第一部分, 一、
    r"|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|\d+\s*[、.．]|[①-⑳])"  # （一）, 1、, ①
)
_DIGITS = regex.compile(r"\d+")
_NUMERIC = regex.compile(r"^[\d.,，%％\s]+$")
_DIGIT = regex.compile(r"\d")
_DECIMAL_START = regex.compile(r"^\s*\d+\s*[.．]\d")
_HAN = regex.compile(r"\p{Han}")
_CELL_PADDING = 4.0  # points between a cell's border and its text, at least (Word 0.19 cm, LibreOffice 0.1 cm)
_VALUE_START = regex.compile(r"\s*[\d≥≤><=＞＜+\-.%（(]")  # how a value or a new bracketed item starts
# The placeholder row of a form (三级指标 ……): a row of its own, never the rest of a cell.
_PLACEHOLDER = regex.compile(r"\s*(?:…+|\.{3,}|。{3,})\s*")
# A number a narrow column broke over lines (总分 1 / 0 / 0): its last digits may be on the next page.
_WRAPPED_NUMBER = regex.compile(r"[\d.,]+(?:\n[\d.,]+)+")
# Words, not a unit: a run of ideographs longer than any unit a value wraps onto its next line
# (万平方米 is four). Under a bare number they are another row's text: ReportLab moves a block of
# rows that does not fit to the next page whole (143 | 实际完成情况; seed-7 generated corpus, dev
# g021, g027).
_WORDS = regex.compile(r"\p{Han}{5,}")
# A table's own title in its first row (2024年度项目支出绩效自评表, …评分表（续）is no title of a
# new table): a table on the next page that starts with one is a table of its own.
_TABLE_TITLE = regex.compile(r"表\s*$")
# The bands of a page where headers and footers stand, as a share of the page's longer side:
# their margins are set in centimetres, so a landscape page's footer (第3页 38 pt above the edge
# of a 595 pt high page) is in the same band as a portrait page's.
_FURNITURE_BAND = 0.065


def read(path: Path, limits: Limits = DEFAULT_LIMITS, options: ReadOptions | None = None) -> Document:
    password = options.password if options else None
    ocr = options.ocr if options else True
    try:
        pdf = pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as e:
        raise _open_error(e, password, path) from None
    try:
        if len(pdf) == 0:
            raise CorruptFile("a PDF with no pages", str(path))
        if len(pdf) > limits.max_pages:
            raise TooLarge(f"{len(pdf)} pages, over the limit of {limits.max_pages}", str(path))
        objects = [_page_objects(pdf[n], ocr) for n in range(len(pdf))]
    except ExtractorError as e:
        e.path = e.path or str(path)
        raise
    except pdfium.PdfiumError as e:
        raise CorruptFile(f"damaged PDF ({e})", str(path)) from None
    finally:
        pdf.close()
    return document_of(objects, path, ocr)


def document_of(objects: list[PageObjects], path: Path, ocr: bool = True) -> Document:
    """The Document of pages read, whether from a text layer or recognised: every drawn format
    (PDF, page images) ends here."""
    pages = [_read_page(page, n + 1) for n, page in enumerate(objects)]
    _confirm_columns(pages)
    _refuse_without_text(pages, path, ocr)
    document = _assemble(pages)
    document.ocr_pages = [n + 1 for n, page in enumerate(objects) if page.ocr]
    return document


def _page_objects(page: pdfium.PdfPage, ocr: bool) -> PageObjects:
    """A page's objects; a scanned page's (no text, an image over most of it) recognised from
    its rendering. A mixed PDF is read page by page, each the way it was made."""
    objects = read_page(page)
    if not ocr or objects.chars or not _mostly_image(objects):
        return objects
    from .ocr import OCR_DPI, read_image

    image = page.render(scale=OCR_DPI / 72).to_pil().convert("RGB")
    return read_image(np.asarray(image), OCR_DPI)


def _mostly_image(objects: PageObjects) -> bool:
    area = objects.width * objects.height
    covered = sum(max(0.0, x1 - x0) * max(0.0, bottom - top) for x0, top, x1, bottom in objects.images)
    return area > 0 and covered >= 0.3 * area


def _open_error(error: Exception, password: str | None, path: Path) -> ExtractorError:
    """pdfium's reason for refusing a file, as one of ours."""
    if getattr(error, "err_code", None) == pdfium_raw.FPDF_ERR_PASSWORD:
        hint = "the password is wrong" if password else "give it with --password"
        return EncryptedFile(f"password-protected PDF ({hint})", str(path))
    reason = str(error).removeprefix("Failed to load document").strip(" ().") or "unreadable"
    return CorruptFile(f"damaged PDF ({reason})", str(path))


# ------------------------------------------------------------------ one page


@dataclass
class _Fragment:
    """A table's part on one page; cells as dicts with coordinates and page-local rows."""

    page: int
    bbox: tuple[float, float, float, float]
    cells: list[dict]
    n_rows: int
    # Once parts from later pages are stitched on: the last part's box and page height, where a
    # further page's part must go on from.
    tail: tuple[tuple[float, float, float, float], float] | None = None


@dataclass
class _Page:
    number: int
    height: float
    width: float
    lines: list[Line]  # outside tables
    fragments: list[_Fragment]
    n_chars: int
    n_unreadable: int
    has_images: bool
    ocr: bool = False
    furniture: list[Line] = field(default_factory=list)
    outside: list[dict] = field(default_factory=list)  # the characters outside tables, its lines' source


_Entry = ParagraphBox | _Fragment | None  # a paragraph, a table's part, or an empty paragraph


def _read_page(objects: PageObjects, number: int) -> _Page:
    chars = objects.chars
    if has_doubled(chars):
        chars = dedupe_doubled(chars)
    ruling = objects.segments + missing_column_rules(objects.segments, chars)  # a table ruled by rows only
    index = CharIndex(chars)
    fragments = [f for t in tables(ruling) if (f := _fragment(t, index, number)) is not None]
    boxes = [f.bbox for f in fragments]
    outside = [c for c in chars if not inside_any(c, boxes)]
    lines = page_lines(outside, objects.width)  # a stretch set in two columns is cut at its gutter
    return _Page(number, objects.height, objects.width, lines, fragments, len(chars) + objects.n_unreadable,
                 objects.n_unreadable, bool(objects.images), objects.ocr, outside=outside)


def _confirm_columns(pages: list[_Page]) -> None:
    """Pages of a document whose narrative is set in two columns: a page holding only a few
    lines of it (too few to show its columns alone) is read at the gutter the other pages of
    its size show."""
    gutters: dict[tuple[int, int], float] = {}
    for page in pages:
        start = right_column_start(page.lines)
        if start is not None:
            gutters.setdefault(_size_of(page), start)
    for page in pages:
        known = gutters.get(_size_of(page))
        if known is not None and right_column_start(page.lines) is None:
            page.lines = page_lines(page.outside, page.width, known)


def _fragment(table: Ruled, chars: CharIndex, page: int) -> _Fragment | None:
    if len(table.cells) < 2:
        return None
    ys = boundaries([b[1] for b in table.cells] + [b[3] for b in table.cells])
    cells = []
    for box in table.cells:
        held = chars.within(box)
        inner = cell_lines(held)
        row, last = index_of(box[1], ys), index_of(box[3], ys)
        # The last line's extent tells whether the text broke off there (_wrapped_into); text
        # written down the cell has no such line.
        last_line = (inner[-1].x0, inner[-1].x1, inner[-1].size) if inner and not is_vertical(held) else None
        cells.append({"x0": box[0], "x1": box[2], "row": row, "row_span": max(1, last - row),
                      "text": "\n".join(line.text for line in inner), "confidences": joined_confidences(inner, "\n"),
                      "last_line": last_line, "page": page, "bbox": box})
    return _Fragment(page, table.bbox, cells, len(ys) - 1)


def _refuse_without_text(pages: list[_Page], path: Path, ocr: bool) -> None:
    total = sum(p.n_chars for p in pages)
    if total == 0 and any(p.ocr for p in pages):
        raise NoTextLayer("no text layer, and OCR read nothing on the scanned pages", str(path))
    if total == 0:
        if not any(p.has_images for p in pages):
            raise NoTextLayer("no text layer (no text)", str(path))
        if not ocr:
            raise NoTextLayer("no text layer (scanned page images) and OCR is off (--no-ocr)", str(path))
        raise NoTextLayer("no text layer, and no page is mostly an image to recognise", str(path))
    if sum(p.n_unreadable for p in pages) > 0.3 * total:
        bad = [str(p.number) for p in pages if p.n_chars and p.n_unreadable > 0.3 * p.n_chars]
        raise NoTextLayer(f"text layer unreadable on pages {', '.join(bad[:10])}: fonts without a Unicode map (cid)", str(path))


# ------------------------------------------------------------------ furniture


def _split_furniture(pages: list[_Page]) -> None:
    """Move page headers, footers and page numbers out of the body: lines in the top or
    bottom band that are page numbers or repeat on other pages."""
    def key(line: Line) -> str:
        return _DIGITS.sub("#", line.text)

    def in_band(page: _Page, line: Line) -> bool:
        band = max(page.height, page.width) * _FURNITURE_BAND
        return line.top < band or line.bottom > page.height - band

    banded = [(p, line) for p in pages for line in p.lines if in_band(p, line)]
    repeats = Counter(key(line) for _, line in banded)
    for page, line in banded:
        if _PAGE_NUMBER.match(line.text.strip()) or (len(pages) > 1 and repeats[key(line)] > 1):
            page.lines.remove(line)
            page.furniture.append(line)


# ------------------------------------------------------------------ stitching


def _x_key(cell: dict) -> tuple[float, float]:
    return cell["x0"], cell["x1"]


def _same_x(a: dict, b: dict, tol: float = 3.0) -> bool:
    return abs(a["x0"] - b["x0"]) <= tol and abs(a["x1"] - b["x1"]) <= tol


def _row_texts(fragment: _Fragment, row: int) -> list[str]:
    return [c["text"].replace("\n", "") for c in sorted(fragment.cells, key=_x_key) if c["row"] == row]


def _continues(a: _Fragment, a_page: _Page, b: _Fragment) -> bool:
    """B, first on its page, goes on with A, last on the page before, when both have the same
    outer edges and A reaches the foot of its page, or B's first rows (those its merged cells
    hold together) could not have fitted under A: a layout that does not split a merged cell
    moves the whole block to the next page and leaves the space empty."""
    box, height = a.tail or (a.bbox, a_page.height)
    near_bottom = box[3] > height * 0.80
    moved = _first_block_height(b) > height * 0.95 - box[3]
    same_edges = abs(box[0] - b.bbox[0]) <= 3 and abs(box[2] - b.bbox[2]) <= 3
    return (near_bottom or moved) and same_edges and not _starts_with_title(b)


def _first_block_height(f: _Fragment) -> float:
    """The height of the fragment's first row with every cell that starts in it, merged down or not."""
    return max((c["bbox"][3] - f.bbox[1] for c in f.cells if c["row"] == 0), default=0.0)


def _starts_with_title(f: _Fragment) -> bool:
    """The fragment's first row is one cell across the table holding a table title: the first
    row of another project's 自评表, not the rest of the table before. (Drawn without column
    rules, that cell may come back with blank ones beside it.)"""
    first = [c for c in f.cells if c["row"] == 0 and c["text"].strip()]
    if len(first) != 1:
        return False
    text = "".join(first[0]["text"].split())
    return bool(text) and _TABLE_TITLE.search(text) is not None


def _stitch(a: _Fragment, b: _Fragment) -> None:
    """Append B's rows to A in place."""
    b = _without_repeated_heading(a, b)
    if _heading_again(a, b):  # a heading that stands further up A: rows of their own, whole
        a.cells.extend({**cell, "row": cell["row"] + a.n_rows} for cell in b.cells)
        a.n_rows += b.n_rows
        return
    last = a.n_rows - 1
    a_last = [c for c in a.cells if c["row"] <= last < c["row"] + c["row_span"]]
    b_first = [c for c in b.cells if c["row"] == 0]
    half_row = _is_half_row(a_last, b_first, last)
    shift = last if half_row else a.n_rows
    broken_before = False  # the cell to the left was a label broken by the page
    a_has_data = any(_DIGIT.search(c["text"]) for c in a_last if c["row"] == last)  # a row of data, not a heading
    # A heading of two rows split by the page (绩效指标 | 一级指标 二级指标…): the cells spanning
    # both rows (分值, 度量单位) come back blank below; neither row holds a figure.
    heading_split = not a_has_data and not any(_DIGIT.search(c["text"]) for c in b_first) and any(c["text"] for c in b_first)
    # ... and the heading's cells spanning both rows show it is one (a qualitative first row of
    # data under a heading, 度量单位 | 次, has no blank under a filled cell).
    spanning = heading_split and any(
        not cell["text"] and any(c["text"] and _same_x(c, cell) for c in a_last) for cell in b_first)
    for cell in sorted(b_first, key=lambda c: c["x0"]):
        above = next((c for c in a_last if _same_x(c, cell)), None)
        if above is None:
            broken_before = False
            continue
        merged_cell = above["row_span"] > 1 or cell["row_span"] > 1 or above["row"] < last
        # (Not under a heading: 度量单位 over the unit 次 of the first row of data.) Within a heading
        # split by the page, a cell spanning both rows may wrap its last characters onto the next
        # page (未完成原因及改进措 | 施; seed-7 generated corpus, dev g149).
        broken = (a_has_data or spanning) and bool(above["text"]) and bool(cell["text"]) \
            and _text_broken(above, cell)
        # A label broken by the page (资金到 | 位) is one merged cell, even when its rows fall one
        # on each page; so is its value beside it, left blank below (5 | 空).
        beside = (broken_before or heading_split) and not cell["text"] and bool(above["text"])
        if half_row or broken or beside or (merged_cell and (not above["text"] or not cell["text"])):
            above["row_span"] += cell["row_span"] - (1 if half_row else 0)
            if cell["text"] != above["text"]:  # the same text again is the cell repeated on the new page, not its rest
                _append_text(above, cell)
            cell["merged"] = True
        broken_before = broken
    for cell in b.cells:
        if not cell.get("merged"):
            a.cells.append({**cell, "row": cell["row"] + shift})
    a.n_rows = shift + b.n_rows


def _text_broken(above: dict, below: dict) -> bool:
    """A merged cell's text broken by the page: above, its last line could not take the first
    run of the text below (the text wrapped there); below, a short tail on one line
    (社会效益指 | 标, 产出指标(50 | 分)). A label of its own below would fill more of its line."""
    if below.get("last_line") is None or "\n" in below["text"] or not _wrapped_into(above, below):
        return False
    if not _HAN.search(above["text"]) or not _HAN.search(below["text"]) or _VALUE_START.match(below["text"]):
        return False  # a value (不低于11070 | ≥90) is no label's tail: the next row's value starts under it
    if _whole_unit(above["text"]):
        return False
    tail_x0, tail_x1, _ = below["last_line"]
    return tail_x1 - tail_x0 < 0.5 * (below["bbox"][2] - below["bbox"][0])


def _wrapped_into(above: dict, below: dict) -> bool:
    """Whether the cell's last line above had no room left for the first run of the text below
    (inside the cell's padding): that text is the rest of its line, wrapped or cut by the page."""
    if above.get("last_line") is None or not below["text"] or _NUMERIC.match(above["text"]):
        return False
    _, last_x1, size = above["last_line"]
    first = below["text"].split("\n")[0].strip()
    run = first_run_width(Line(first, 0.0, 0.0, 0.0, size, size))
    return above["bbox"][2] - _CELL_PADDING - last_x1 < run + 1.0  # a point for rounding


def _append_text(above: dict, cell: dict) -> None:
    """A cell's rest from the next page, after its text as a new line (and so its confidences)."""
    if above["text"] and cell["text"] and (above.get("confidences") or cell.get("confidences")):
        above["confidences"] = (above.get("confidences") or [1.0] * len(above["text"])) + [1.0] + \
            (cell.get("confidences") or [1.0] * len(cell["text"]))
    elif cell["text"]:
        above["confidences"] = cell.get("confidences")
    above["text"] = "\n".join(t for t in (above["text"], cell["text"]) if t)


def _without_repeated_heading(a: _Fragment, b: _Fragment) -> _Fragment:
    """B without the heading rows Word repeats at the top of each page: B's first one to three
    rows when they are A's first rows again, cell for cell (绩效指标 / 一级指标 二级指标 三级指标,
    whose 分值 spans both rows), or one of A's first rows alone (a heading under a title row)."""
    for k in range(min(3, a.n_rows, b.n_rows), 0, -1):
        if _top_cells(a, k) == _top_cells(b, k):
            for _ in range(k):
                b = _drop_first_row(b)
            return b
    if b.n_rows and any(_row_texts(b, 0) == _row_texts(a, r) for r in range(min(3, a.n_rows))):
        return _drop_first_row(b)
    return b


def _heading_again(a: _Fragment, b: _Fragment) -> bool:
    """B starts with a heading A already has further down (a table of several parts, or a new
    table under the same heading): B's first cells are no rest of A's last row."""
    top = _top_cells(b, 1)
    return b.n_rows > 0 and _heading_like(top) and any(_top_cells(a, 1, r) == top for r in range(1, a.n_rows))


def _heading_like(cells: list[tuple[int, str, int]]) -> bool:
    """Rows that can only be a heading: three names or more, no figure, no placeholder (……)."""
    texts = [t for _, t, _ in cells if t]
    return len(texts) >= 3 and not any(_DIGIT.search(t) or _PLACEHOLDER.fullmatch(t) for t in texts)


def _top_cells(f: _Fragment, k: int, start: int = 0) -> list[tuple[int, str, int]]:
    """The cells starting in k rows of a fragment from row `start`, left to right: row (counted
    from `start`), text, rows spanned within the k."""
    return [(c["row"] - start, c["text"].replace("\n", ""), min(c["row_span"], start + k - c["row"]))
            for c in sorted(f.cells, key=lambda c: (c["row"], c["x0"])) if start <= c["row"] < start + k]


def _drop_first_row(f: _Fragment) -> _Fragment:
    cells = []
    for c in f.cells:
        if c["row"] == 0 and c["row_span"] == 1:
            continue
        if c["row"] == 0:
            cells.append({**c, "row_span": c["row_span"] - 1})
        else:
            cells.append({**c, "row": c["row"] - 1})
    return _Fragment(f.page, f.bbox, cells, f.n_rows - 1)


def _bare_comparator(text: str) -> bool:
    """A cell holding only a comparison's words (不少于, ≥), as values.toml writes them before a number."""
    return "".join(text.split()) in grammar().prefix_comparators


def _whole_unit(text: str) -> bool:
    """A cell holding a unit and nothing else (元/人, 万元/座, 人次): a unit is never cut in two, so
    what stands below it is another row's (元/人 | 人; seed-11 generated corpus, dev g098)."""
    unit = "".join(text.split())
    quantity = parse_value(f"1{unit}") if unit else None
    return quantity is not None and quantity.unit == unit


def _is_half_row(a_last: list[dict], b_first: list[dict], last: int) -> bool:
    """A row that broke across the page: B's first row holds only the rest of A's last row's
    text (放合规性 under 施工许可证、安全生产许可证发), with nothing standing alone. Cells that
    continue a merged cell from above (一级, 二级) say nothing either way and are left out."""
    a_row = [c for c in a_last if c["row"] == last and c["row_span"] == 1]
    pairs = []
    for b in (c for c in b_first if c["row_span"] == 1):
        a = next((c for c in a_last if _same_x(c, b)), None)
        if a is None:
            return False
        if a in a_row:
            pairs.append((a, b))
    if not pairs or not any(b["text"] for _, b in pairs):
        return False
    if any(_PLACEHOLDER.fullmatch(b["text"]) for _, b in pairs if b["text"]):
        return False  # the form's own …… row, left as printed
    if any(_NUMERIC.match(a["text"]) and _WORDS.search(b["text"]) for a, b in pairs if a["text"]):
        return False  # a bare number has no rest in words: they start a row (143 | 实际完成情况)
    numbers_under = [a for a, b in pairs if b["text"] and _NUMERIC.match(b["text"]) and not _WRAPPED_NUMBER.fullmatch(a["text"])]
    if any(_NUMERIC.match(a["text"]) for a in numbers_under):
        return False  # a number under a whole number starts a new row
    # A number under text (不少于 | 90%) starts one too, unless A's row was cut mid-line: in two
    # of its cells or more, a line that fills the cell goes on in words below (居民电子健康 | 档案建档率).
    # (And a value above the cut with nothing below it: a heading row over the first row of data
    # has words going on below too.)
    cut = sum(1 for a, b in pairs if _wrapped_into(a, b) and not _DIGIT.search(b["text"]))
    # A comparison whose number went to the next page (不少于 | 90%) is a value the page cut: no
    # cell ever holds a comparison alone (seed-11 generated corpus, dev g058).
    value_cut = any(_bare_comparator(a["text"]) and _VALUE_START.match(b["text"]) for a, b in pairs)
    value_done = any(_NUMERIC.match(a["text"]) and not b["text"] for a, b in pairs if a["text"])
    if numbers_under and ((cut < 2 and not value_cut) or not value_done):
        return False
    if any(b["text"] and not a["text"] for a, b in pairs):
        return False
    return any(a["text"] and not b["text"] for a, b in pairs)


# ------------------------------------------------------------------ the document


def _assemble(pages: list[_Page]) -> Document:
    _split_furniture(pages)
    items: list[tuple[_Page, _Entry]] = []
    margins = _margins(pages)
    for page in pages:
        left, right = margins[page.number]
        wide, two_columns = stretches(page.lines, [f.bbox[1] for f in page.fragments], _opens_block)
        paragraphs = paragraphs_of(wide, left, right)
        entries = [(p.bbox[1] if p else None, p) for p in paragraphs] + [(f.bbox[1], f) for f in page.fragments]
        entries = _place_empties(entries) + [e for s in two_columns for e in _stretch_entries(s)]
        for n, (_, entry) in enumerate(sorted(entries, key=lambda e: e[0])):
            if items:
                prev_page, prev = items[-1]
                if n == 0 and isinstance(entry, ParagraphBox) and isinstance(prev, ParagraphBox) \
                        and _goes_on(prev, margins[prev_page.number][1], entry, left):
                    prev.lines.extend(entry.lines)  # a paragraph that goes on over the page break
                    continue
                if isinstance(entry, _Fragment) and isinstance(prev, _Fragment) and prev_page is not page \
                        and entry is page.fragments[0] and _first_on_page(entry, page) and _continues(prev, prev_page, entry):
                    _stitch(prev, entry)
                    prev.tail = (entry.bbox, page.height)
                    continue
            items.append((page, entry))
    return _document(items, pages)


def _margins(pages: list[_Page]) -> dict[int, tuple[float, float]]:
    """Each page's text margins, left and right: where its lines start and end at the most.

    A page whose longest line is far shorter than the lines of the other pages of its size (the
    last lines of a report: a unit's name and a date; a page with a title only) has no full line
    to show its margins: it takes the other pages' (seed-7 generated corpus, dev g147: a date
    alone on a page counted as a full line and ran on into the next page's first line)."""
    own = {page.number: (min((line.x0 for line in page.lines), default=0.0),
                         max((line.x1 for line in page.lines), default=page.width)) for page in pages}
    alike: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for page in pages:
        if page.lines:
            alike.setdefault(_size_of(page), []).append(own[page.number])
    margins = {}
    for page in pages:
        left, right = own[page.number]
        others = alike.get(_size_of(page), [])
        typical_left = _median([m[0] for m in others], left)
        typical_right = _median([m[1] for m in others], right)
        if right - left < 0.75 * (typical_right - typical_left):
            left, right = min(left, typical_left), max(right, typical_right)
        margins[page.number] = (left, right)
    return margins


def _median(values: list[float], default: float) -> float:
    return sorted(values)[len(values) // 2] if values else default


def _size_of(page: _Page) -> tuple[int, int]:
    return round(page.width), round(page.height)


def _opens_block(text: str) -> bool:
    """A line that opens a block of its own: 附件2, 三、, (1); not a figure that opens a line (266.76万元)."""
    return bool(_STARTS_BLOCK.match(text)) and not _DECIMAL_START.match(text)


def _stretch_entries(stretch: Stretch) -> list[tuple[float, _Entry]]:
    """A two-column stretch's paragraphs, left column then right, each column with its own
    margins; keyed within the stretch's height so that they sort between what is above and below."""
    ordered: list[_Entry] = []
    previous_right = 0.0  # the right edge of the column before
    for column in (stretch.left, stretch.right):
        if not column:
            continue
        left, right = min(line.x0 for line in column), max(line.x1 for line in column)
        paragraphs = paragraphs_of(column, left, right)
        last = ordered[-1] if ordered else None
        first = paragraphs[0] if paragraphs else None
        if isinstance(last, ParagraphBox) and isinstance(first, ParagraphBox) \
                and _goes_on(last, previous_right, first, left):
            last.lines.extend(first.lines)  # a paragraph that goes on at the top of the right column
            paragraphs = paragraphs[1:]
        ordered += paragraphs
        previous_right = right
    step = (stretch.bottom - stretch.top) / (len(ordered) + 1)
    return [(stretch.top + (n + 1) * step, entry) for n, entry in enumerate(ordered)]


def _goes_on(above: ParagraphBox, right: float, below: ParagraphBox, left: float) -> bool:
    """A paragraph ending a column (or a page) goes on at the top of the next (`below`): its last
    line ends mid-sentence and is full, the next line's first run not fitting in what it left of
    its column (up to `right`, the column's edge, not the paragraph's own: a heading alone on the
    column's last line reaches its own edge; twocolumn producer, dev g039), and the next line is
    not indented (from `left`)."""
    last, first = above.lines[-1], below.lines[0]
    if last.text[-1:] in "。！？!?；;：:" or _opens_block(first.text):
        return False
    fits = right - last.x1 > max(last.size, first_run_width(first) + 0.5 * last.size)
    return not fits and first.x0 <= left + 1.2 * first.size


def _place_empties(entries):
    """Empty paragraphs (None) sort just after the paragraph before them."""
    placed, last_top = [], 0.0
    for top, entry in entries:
        if entry is None:
            placed.append((last_top + 0.001, None))
        else:
            placed.append((top, entry))
            last_top = top
    return placed


def _first_on_page(fragment: _Fragment, page: _Page) -> bool:
    return not any(line.bottom < fragment.bbox[1] for line in page.lines)


def _document(items: list[tuple[_Page, _Entry]], pages: list[_Page]) -> Document:
    blocks: list[Block] = []
    paragraph_count, table_count = 0, 0
    for page, entry in items:
        if isinstance(entry, _Fragment):
            blocks.append(_table(entry, len(blocks), table_count))
            table_count += 1
        else:
            text = entry.text if entry is not None else ""
            bbox = entry.bbox if entry is not None else None
            spans = confidence_spans(entry.confidences) if entry is not None and text == text.strip(" \u3000") else None
            blocks.append(Paragraph(text=text.strip(" \u3000"), provenance=Provenance(
                block=len(blocks), paragraph=paragraph_count, page=page.number, bbox=bbox,
                ocr_confidence=tuple(spans) if spans else None)))
            paragraph_count += 1
    headers: list[Block] = []
    footers: list[Block] = []
    seen: set[str] = set()
    for page in pages:
        for line in page.furniture:
            if _PAGE_NUMBER.match(line.text.strip()) and line.text in seen:
                continue
            key = _DIGITS.sub("#", line.text)
            if key in seen:
                continue
            seen.add(key)
            part = "header" if line.top < page.height / 2 else "footer"
            target = headers if part == "header" else footers
            target.append(Paragraph(text=line.text, provenance=Provenance(
                part=part, block=len(target), page=page.number, bbox=(line.x0, line.top, line.x1, line.bottom))))
    return Document(format="pdf", blocks=blocks, headers=headers, footers=footers, pages=len(pages))


def _table(fragment: _Fragment, block: int, index: int) -> Table:
    xs = boundaries([c["x0"] for c in fragment.cells] + [c["x1"] for c in fragment.cells], tolerance=3.0)
    cells = []
    for c in sorted(fragment.cells, key=lambda c: (c["row"], c["x0"])):
        col, end = index_of(c["x0"], xs, 3.0), index_of(c["x1"], xs, 3.0)
        text = join_cell(c["text"])
        cells.append(Cell(
            row=c["row"], col=col, row_span=c["row_span"], col_span=max(1, end - col), text=text,
            provenance=Provenance(table=index, row=c["row"], col=col, page=c["page"], bbox=c["bbox"],
                                  ocr_confidence=_cell_confidence(c, text)),
        ))
    return Table(n_rows=fragment.n_rows, n_cols=len(xs) - 1, cells=cells,
                 provenance=Provenance(block=block, table=index, page=fragment.page, bbox=fragment.bbox))


def _cell_confidence(cell: dict, text: str) -> tuple[tuple[int, int, float], ...] | None:
    confidences = cell.get("confidences")
    if not confidences:
        return None
    if text != cell["text"] or len(confidences) != len(text):  # blank lines dropped: the cell's weakest for all
        return ((0, len(text), min(confidences)),)
    return tuple(confidence_spans(confidences) or ())


def join_cell(text: str) -> str:
    """A cell's wrapped lines, kept as lines: interpreters join them (CJK without a space)."""
    return "\n".join(line for line in text.split("\n") if line.strip())

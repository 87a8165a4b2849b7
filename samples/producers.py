"""PDFs of the sample filings from producers other than LibreOffice.

The committed samples/*.pdf all come from LibreOffice, so a PDF reader tuned on them may lean on
LibreOffice's habits (stroked ruling, one text run per line, its own reading order). These
producers draw the same filing another way, to check that the PDF reader gives the same records
as the .docx whatever made the PDF:

- chromium: the filing as plain HTML (fully ruled tables, rowspan/colspan, repeated <thead>)
  printed by headless Chromium, like a filing exported from a web system;
- reportlab: the filing laid out by ReportLab with partial ruling (horizontal lines and an outer
  box, no inner vertical lines), as many government PDFs are drawn;
- vertical: LibreOffice again, after the short column names of every header row (分值, 得分,
  指标方向, 度量单位) are written vertically, upright in columns (tbRlV) or turned a quarter
  (btLr), table by table, as narrow columns are headed in many filings;
- rotated: the LibreOffice PDF with every page stored a quarter turned on a page of swapped sides
  and /Rotate 90 or 270, which shows it unchanged (how landscape and scanned pages often come);
- sealed: the LibreOffice PDF with the unit's red seal, a half-transparent picture, drawn over the
  end of the text on its first and last pages (an electronic seal);
- twocolumn: Chromium again, with every long run of paragraphs set in two columns (CSS columns;
  tables, titles and notes page-wide).

The first two start from the project's own docx reader, so they show exactly the text the .docx
gives; the others change only how the header cells are written, how pages are stored, or add a seal.

    python samples/producers.py                          # both producers, the six samples
    python samples/producers.py --producer reportlab g001 samples/seed.docx
    python samples/producers.py --out /tmp/pdfs --force

Output: <out>/<producer>/<stem>.pdf, skipped while it is newer than its .docx.

What the PDFs are like, for whoever reads them (Chromium 156, ReportLab 5.1):

- chromium: every font is Type 3 (Skia embeds only TrueType outlines as CID fonts, and Noto CJK
  is CFF), 256 glyphs a font; its ToUnicode maps glyphs shared with a radical to the radical,
  so pdfminer/pdfplumber read 门 as ⻔ (U+2ED4) and 文 as ⽂ (U+2F42), which pdfium folds back
  and NFKC only partly does; cell borders are thin filled rectangles, not stroked lines; text
  comes in DOM order, a merged cell's text before the rows it is centred beside.
- reportlab: the CID font STSong-Light, not embedded (poppler without poppler-data draws no
  text; pdfium and viewers substitute a font); pdfminer drops U+00B7 (·) from it, pdfium keeps
  it; rules are stroked lines, broken where a merged cell spans them.
"""
from __future__ import annotations

import argparse
import functools
import html
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape as xml_escape

import pypdfium2 as pdfium

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the working tree's extractor, installed or not
sys.path.insert(0, str(HERE))  # build.to_pdf, when imported from elsewhere

from extractor.document import Block, Cell, Document, Paragraph, Table  # noqa: E402
from extractor.readers.docx import read  # noqa: E402

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle

DEFAULT_OUT = HERE / ".build" / "producers"
CHROMIUM_TIMEOUT = 60  # seconds; a print of a filing takes about one


# --- what both producers need to know about a filing ---------------------------------------------

NUMBER = re.compile(r"[\d.,，%％\s+-]+")


def header_rows(table: Table, most: int = 3) -> int:
    """How many leading rows form a column header to repeat on every page (0: none).

    The first row is a header when it, with any rows its cells span down into, is a closed band
    of at least three label cells: no numbers (a data row), no cell spanning the whole width (a
    title row) and at most one blank (a corner). Key/value rows such as 项目名称 | <title> have
    two cells and are not headers; a 绩效指标 cell spanning the whole table closes no band."""
    band = 1
    for cell in table.cells:  # row-major: stop at the first cell below the band
        if cell.row >= band:
            break
        band = max(band, cell.row + cell.row_span)
    if band > most or band >= table.n_rows:
        return 0
    cells = [cell for cell in table.cells if cell.row < band]
    first_row = [cell for cell in cells if cell.row == 0]
    blanks = sum(not cell.text.strip() for cell in cells)
    if len(first_row) < 3 or blanks > 1:
        return 0
    if any(cell.col_span >= table.n_cols or NUMBER.fullmatch(cell.text) for cell in cells):
        return 0
    return band


def running_text(blocks: Iterable[Block]) -> str:
    """A page header or footer as one line: its paragraphs, and the cells of any table in it."""
    parts = []
    for block in blocks:
        texts = [block.text] if isinstance(block, Paragraph) else [cell.text for cell in block.cells]
        parts.extend(" ".join(text.split()) for text in texts)
    return " ".join(part for part in parts if part)


def page_number_template(text: str) -> tuple[str, str] | None:
    """A footer such as "- 1 -" or "第1页" split around its one short number, which Word fills
    with a PAGE field: the producers put the real page number there, as Word and LibreOffice do."""
    match = re.fullmatch(r"(\D*)\d{1,3}(\D*)", text)
    return (match[1], match[2]) if match else None


def span_end(cell: Cell, table: Table) -> tuple[int, int]:
    """The last row and column a cell covers, clipped to the grid as Table.grid() clips it."""
    return min(cell.row + cell.row_span, table.n_rows) - 1, min(cell.col + cell.col_span, table.n_cols) - 1


# --- chromium: HTML printed to PDF ---------------------------------------------------------------

CSS = """
@page { size: A4; margin: 2cm; }
body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 10.5pt; line-height: 1.5; }
p { margin: 0 0 0.3em; white-space: pre-wrap; }
h1, h2, h3, h4, h5, h6 { margin: 0.6em 0 0.3em; white-space: pre-wrap; }
h1 { font-size: 16pt; } h2 { font-size: 14pt; } h3 { font-size: 12pt; } h4, h5, h6 { font-size: 10.5pt; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0; font-size: 9pt; line-height: 1.35; }
td, th { border: 1px solid #000; padding: 2px 4px; vertical-align: middle; white-space: pre-wrap; }
th { font-weight: normal; }
td.void { border: none; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
div.flow { column-count: 2; column-gap: 2em; }
div.flow p, div.flow h1, div.flow h2, div.flow h3, div.flow h4 { text-align: justify; }
"""
# Two-column pages: a run of at least this many paragraphs, three of them running text, is set in
# two columns; tables, their titles and attachment markers stay page-wide.
FLOW_PARAGRAPHS = 6
TITLE_PARAGRAPHS = 2
ATTACHMENT_MARKER = re.compile(r"^\s*附\s*件")


def css_string(text: str) -> str:
    """A CSS string literal (for content: in a page margin box)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def margin_box_css(document: Document) -> str:
    """The page header and footer as @page margin boxes, with counter(page) for the number, so
    every page carries them as a printed filing does. Chromium draws margin boxes only when its
    own date/URL header and footer are off (--no-pdf-header-footer)."""
    boxes = []
    header = running_text(document.headers)
    if header:
        boxes.append(f"@top-center {{ content: {css_string(header)}; font-size: 9pt; }}")
    footer = running_text(document.footers)
    if footer:
        template = page_number_template(footer)
        content = (f"{css_string(template[0])} counter(page) {css_string(template[1])}" if template
                   else css_string(footer))
        boxes.append(f"@bottom-center {{ content: {content}; font-size: 9pt; }}")
    return f"@page {{ {' '.join(boxes)} }}" if boxes else ""


def paragraph_html(paragraph: Paragraph) -> str:
    """A paragraph as <p>, a heading as <hN>; an empty one keeps its line (<br>) as in Word."""
    level = min(paragraph.outline_level or 1, 6)
    tag = f"h{level}" if paragraph.kind == "heading" else "p"
    return f"<{tag}>{html.escape(paragraph.text) or '<br>'}</{tag}>"


def cell_html(cell: Cell, table: Table, tag: str) -> str:
    """One origin cell with its spans; text keeps its line breaks (white-space: pre-wrap)."""
    last_row, last_col = span_end(cell, table)
    spans = ""
    if last_row > cell.row:
        spans += f' rowspan="{last_row - cell.row + 1}"'
    if last_col > cell.col:
        spans += f' colspan="{last_col - cell.col + 1}"'
    nested = "".join(table_html(inner) for inner in cell.tables)
    return f"<{tag}{spans}>{html.escape(cell.text)}{nested}</{tag}>"


def row_html(table: Table, row: int, tag: str) -> str:
    """A <tr>: the cells that start on this row, and an unruled void where the row ends early or
    starts late (Word's gridBefore/gridAfter), so the columns stay aligned."""
    parts = []
    for col, cell in enumerate(table.grid()[row]):
        if cell is None:
            parts.append('<td class="void"></td>')
        elif (cell.row, cell.col) == (row, col):
            parts.append(cell_html(cell, table, tag))
    return f"<tr>{''.join(parts)}</tr>"


def table_html(table: Table) -> str:
    """A fully ruled table; its header rows go in <thead>, which Chromium repeats on every page
    the table runs onto (a rowspan never crosses into the body: header_rows makes a closed band)."""
    head = header_rows(table)
    rows = [row_html(table, row, "th" if row < head else "td") for row in range(table.n_rows)]
    thead = f"<thead>{''.join(rows[:head])}</thead>" if head else ""
    return f"<table>{thead}<tbody>{''.join(rows[head:])}</tbody></table>"


def document_html(document: Document, title: str, columns: int = 1) -> str:
    """The whole filing as one self-contained HTML page (no scripts, no external resources);
    with columns=2, its long runs of paragraphs set in two columns."""
    parts: list[str] = []
    run: list[Paragraph] = []

    def close(before_table: bool) -> None:
        # A table's title (the two paragraphs before it) stays page-wide above it.
        titles = run[-TITLE_PARAGRAPHS:] if before_table else []
        prose = run[:len(run) - len(titles)]
        if columns == 2 and len(prose) >= FLOW_PARAGRAPHS and sum(len(p.text) >= 60 for p in prose) >= 3:
            parts.append(f'<div class="flow">{"".join(paragraph_html(p) for p in prose)}</div>')
        else:
            parts.extend(paragraph_html(p) for p in prose)
        parts.extend(paragraph_html(p) for p in titles)
        run.clear()

    for block in document.blocks:
        if isinstance(block, Paragraph) and ATTACHMENT_MARKER.match(block.text):
            close(before_table=False)
            parts.append(paragraph_html(block))
        elif isinstance(block, Paragraph):
            run.append(block)
        else:
            close(before_table=True)
            parts.append(table_html(block))
    close(before_table=False)
    body = "\n".join(parts)
    return (f'<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{CSS}{margin_box_css(document)}</style></head>\n<body>\n{body}\n</body></html>\n")


def chromium_binary() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("headless Chromium is needed for the chromium producer: apt-get install chromium")


def run_chromium(args: list[str]) -> subprocess.CompletedProcess:
    """Run Chromium in its own process group, so a hung print is ended with all its helpers."""
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          start_new_session=True) as process:
        try:
            stdout, stderr = process.communicate(timeout=CHROMIUM_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise RuntimeError(f"chromium did not finish printing within {CHROMIUM_TIMEOUT} s") from None
    return subprocess.CompletedProcess(args, process.returncode, stdout, stderr)


def chromium_pdf(docx: Path, out_pdf: Path, columns: int = 1) -> Path:
    """The filing as HTML, printed to an A4 PDF by headless Chromium (one launch, fresh profile,
    no network: the page is a local file)."""
    binary = chromium_binary()
    out_pdf.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="producers-chromium-") as work:
        page = Path(work) / f"{docx.stem}.html"
        page.write_text(document_html(read(docx), docx.stem, columns), encoding="utf-8")
        target = Path(work) / "out.pdf"
        result = run_chromium([
            binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={Path(work) / 'profile'}", "--no-pdf-header-footer",
            f"--print-to-pdf={target}", page.as_uri(),
        ])
        if result.returncode != 0 or not target.exists():
            noise = ("dbus", "unexpected operator")  # the Debian wrapper and a container without D-Bus
            errors = [line for line in result.stderr.splitlines() if not any(n in line for n in noise)]
            raise RuntimeError(f"chromium failed (exit {result.returncode}): " + " | ".join(errors[-5:]))
        shutil.move(target, out_pdf)
    return out_pdf


def two_column_pdf(docx: Path, out_pdf: Path) -> Path:
    """The filing printed by Chromium with its narrative set in two columns."""
    return chromium_pdf(docx, out_pdf, columns=2)


# --- reportlab: platypus layout with partial ruling ----------------------------------------------
# ReportLab is imported inside these functions, so that the chromium producer runs without it.

@functools.cache
def cjk_font() -> str:
    """A registered ReportLab font for Chinese text.

    The system's Noto CJK (from fc-match) is tried first, embedded as a subset; but Noto CJK is
    an OpenType/CFF collection and ReportLab's TTFont reads TrueType outlines only, so it is
    refused ("postscript outlines are not supported") and the built-in Adobe CID font
    STSong-Light is used: not embedded, text written as UCS-2 through the UniGB-UCS2-H CMap, so
    it extracts as real Chinese, and viewers substitute a system Song/Ming font for it."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    try:
        found = subprocess.run(["fc-match", "-f", "%{file}\t%{index}", "Noto Sans CJK SC"],
                               capture_output=True, text=True, timeout=10, check=True).stdout
        file, index = found.split("\t")
        pdfmetrics.registerFont(TTFont("NotoSansCJKSC", file, subfontIndex=int(index or 0)))
        return "NotoSansCJKSC"
    except (OSError, ValueError, subprocess.SubprocessError, TTFError):
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        return "STSong-Light"


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles: CJK line breaking (wordWrap="CJK") so long Chinese text wraps anywhere."""
    from reportlab.lib.styles import ParagraphStyle

    font = cjk_font()
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, spaceAfter=3, wordWrap="CJK")
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=12, spaceAfter=0)
    headings = {level: ParagraphStyle(f"h{level}", parent=body, fontSize=size, leading=size * 1.5, spaceBefore=6)
                for level, size in ((1, 16), (2, 14), (3, 12))}
    return {"body": body, "cell": cell, **{f"h{level}": style for level, style in headings.items()}}


CELL_PADDING = 3
FRAME_PADDING = 6  # SimpleDocTemplate's frame keeps 6 pt inside the margins: the width left for text
NOT_CJK = r"[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]"
UNBREAKABLE = re.compile(f"{NOT_CJK}+")  # a number or a Latin word
NO_LINE_START = "，。、；：？！）》」』”’%％…)\\]"
# what a line may not be broken inside: a number or Latin word, or one character, with the
# closing punctuation after it, which may not start a line
LINE_ATOM = re.compile(f"(?:{NOT_CJK}+|.)[{NO_LINE_START}]*", re.S)


def wrapped_paragraph(text: str, width: float, style):
    """A ReportLab Paragraph of the text (escaped: it reads a small XML markup), broken into
    lines here rather than by ReportLab.

    ReportLab's CJK wrapping breaks anywhere once a Latin run fills more than half the line, so
    in a narrow cell 720元/940元 became 720元/94 | 0元, and it lets a line start with "，". Word,
    LibreOffice and browsers keep digits together and punctuation on its line (UAX #14), and so
    must a test PDF whose records are compared with the .docx."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph as RLParagraph

    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for atom in LINE_ATOM.findall(paragraph):
            if line and stringWidth(line + atom, style.fontName, style.fontSize) > width:
                lines.append(line)
                line = atom.lstrip()
            else:
                line += atom
        lines.append(line)
    return RLParagraph("<br/>".join(xml_escape(line) for line in lines), style)


def paragraph_flowable(paragraph: Paragraph, width: float):
    """A paragraph, a heading in a larger size (the CID font has no bold), or a blank line."""
    from reportlab.platypus import Spacer

    style = styles()["body"]
    if paragraph.kind == "heading":
        style = styles()[f"h{min(paragraph.outline_level or 1, 3)}"]
    if not paragraph.text.strip():
        return Spacer(1, style.leading)
    return wrapped_paragraph(paragraph.text, width, style)


def column_widths(table: Table, width: float) -> list[float]:
    """Columns sized as a browser sizes an auto-layout table, since ReportLab cannot size columns
    of wrapped Paragraphs itself: each column at least as wide as its longest number or Latin
    word (so 100 never wraps into 10/0) and two characters, the frame's spare width shared in
    proportion to how much wider each column's longest line would like it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    style = styles()["cell"]

    def measure(text: str) -> float:
        return stringWidth(text, style.fontName, style.fontSize) + 2 * CELL_PADDING + 1

    least = [measure("中中")] * table.n_cols
    most = list(least)
    for cell in table.cells:
        if cell.col_span == 1 and cell.col < table.n_cols:
            for line in cell.text.split("\n"):
                words = UNBREAKABLE.findall(line)
                least[cell.col] = max(least[cell.col], *(measure(word) for word in words), 0)
                most[cell.col] = max(most[cell.col], measure(line))
    spare, wanted = width - sum(least), sum(most) - sum(least)
    if spare <= 0:  # even the narrowest columns overflow: shrink them all alike
        return [width * w / sum(least) for w in least]
    if wanted <= spare:  # everything fits on one line: stretch to the frame like width: 100%
        return [width * w / sum(most) for w in most]
    return [low + spare * (high - low) / wanted for low, high in zip(least, most, strict=True)]


def reportlab_table(table: Table, width: float):
    """A platypus Table with SPAN for merged cells, ruled with horizontal lines and an outer box
    only, splittable over pages with its header rows repeated."""
    from reportlab.lib import colors
    from reportlab.platypus import Table as RLTable

    widths = column_widths(table, width)
    data: list[list[object]] = [[""] * table.n_cols for _ in range(table.n_rows)]
    commands: list[tuple] = [
        ("BOX", (0, 0), (-1, -1), 0.75, colors.black),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        *((side, (0, 0), (-1, -1), CELL_PADDING) for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")),
    ]
    for cell in table.cells:
        last_row, last_col = span_end(cell, table)
        inner = sum(widths[cell.col: last_col + 1]) - 2 * CELL_PADDING
        flowables: list[object] = [wrapped_paragraph(cell.text, inner, styles()["cell"])] if cell.text else []
        flowables += [reportlab_table(nested, inner) for nested in cell.tables]
        data[cell.row][cell.col] = flowables or ""
        if (last_row, last_col) != (cell.row, cell.col):
            commands.append(("SPAN", (cell.col, cell.row), (last_col, last_row)))
    return RLTable(data, colWidths=widths, style=commands, repeatRows=header_rows(table), hAlign="CENTER")


def draw_running_text(document: Document) -> Callable:
    """The onPage callback drawing the page header, and the footer with this page's number."""
    header, footer = running_text(document.headers), running_text(document.footers)
    template = page_number_template(footer)

    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(cjk_font(), 9)
        middle = doc.leftMargin + doc.width / 2
        if header:
            canvas.drawCentredString(middle, doc.pagesize[1] - doc.topMargin / 2, header)
        if footer:
            text = f"{template[0]}{doc.page}{template[1]}" if template else footer
            canvas.drawCentredString(middle, doc.bottomMargin / 2, text)
        canvas.restoreState()

    return draw


def reportlab_pdf(docx: Path, out_pdf: Path) -> Path:
    """The filing laid out by ReportLab's platypus on A4 with 2 cm margins."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import SimpleDocTemplate

    document = read(docx)
    out_pdf.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(str(out_pdf), pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                            bottomMargin=2 * cm, title=docx.stem, creator="samples/producers.py (ReportLab)")
    width = doc.width - 2 * FRAME_PADDING
    story = [paragraph_flowable(block, width) if isinstance(block, Paragraph) else reportlab_table(block, width)
             for block in document.blocks]
    draw = draw_running_text(document)
    doc.build(story, onFirstPage=draw, onLaterPages=draw)
    return out_pdf


# --- LibreOffice, with narrow header cells written vertically ---------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# A header row names its columns; its short names (分值, 得分, 指标方向, 度量单位) are the cells
# real filings write vertically to keep the columns narrow.
HEADER_ROW = re.compile(r"三级指标|预算数|执行数|得分|分值|权重")
DIGIT = re.compile(r"\d")  # a row with figures in it holds data, not column names
SHORT_NAME = re.compile(r"^[\u4e00-\u9fff（）()]{2,6}$")
# Word's two vertical modes: tbRlV stacks upright characters in columns read right to left;
# btLr turns the text a quarter, read bottom to top. Tables alternate between them.
WRITING_MODES = ("tbRlV", "btLr")


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _cell_text(tc) -> str:
    return "".join(t.text or "" for t in tc.iter(_w("t")))


def write_vertically(tc, mode: str) -> None:
    """Give a cell w:textDirection, in the place the schema orders it (before w:vAlign)."""
    props = tc.find(_w("tcPr"))
    if props is None:
        props = tc.makeelement(_w("tcPr"), {})
        tc.insert(0, props)
    direction = props.makeelement(_w("textDirection"), {_w("val"): mode})
    later = [props.find(_w(tag)) for tag in ("hideMark", "vAlign", "noWrap", "tcFitText")]
    anchor = next((e for e in later if e is not None), None)
    if anchor is None:
        props.append(direction)
    else:
        anchor.addprevious(direction)


def make_room(row, longest: int) -> None:
    """The row at least as tall as its longest vertical name, as Word lays it out. LibreOffice
    7.4 does not grow a row for vertical text: what does not fit wraps into a second column
    drawn over the cell's border, or is clipped out of sight. Neither draws a repeated header
    row with vertical text, so the row is no longer repeated on each page."""
    props = row.find(_w("trPr"))
    if props is None:
        props = row.makeelement(_w("trPr"), {})
        row.insert(0, props)
    for old in props.findall(_w("trHeight")):
        props.remove(old)
    for repeat in props.findall(_w("tblHeader")):
        props.remove(repeat)
    twips = longest * 230 + 300  # a 10.5 pt character is 210 twips high, plus the cell's margins
    props.append(props.makeelement(_w("trHeight"), {_w("val"): str(twips), _w("hRule"): "atLeast"}))


def one_paragraph(tc) -> bool:
    """Whether the cell's text is one paragraph, once its empty ones are dropped (a name typed
    on one line: LibreOffice loses vertical text that comes after an empty paragraph)."""
    paragraphs = tc.findall(_w("p"))
    empty = [p for p in paragraphs if not "".join(t.text or "" for t in p.iter(_w("t")))]
    if len(paragraphs) - len(empty) != 1:
        return False
    for p in empty:
        tc.remove(p)
    return True


def vertical_header_docx(docx: Path, out_docx: Path) -> int:
    """A copy of the filing whose header rows write their short column names vertically; how
    many cells were turned."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(docx) as source:
        root = etree.fromstring(source.read("word/document.xml"))
        turned = 0
        for t, table in enumerate(root.iter(_w("tbl"))):
            mode = WRITING_MODES[t % len(WRITING_MODES)]
            for row in table.iter(_w("tr")):
                cells = row.findall(_w("tc"))
                texts = [_cell_text(tc) for tc in cells]
                if len(cells) < 4 or not any(HEADER_ROW.search(t) for t in texts) or any(DIGIT.search(t) for t in texts):
                    continue
                short = [tc for tc in cells if SHORT_NAME.match(_cell_text(tc)) and one_paragraph(tc)]
                if len(short) == len(cells):
                    short.pop()  # LibreOffice 7.4 draws no row whose cells are all vertical
                if short:
                    make_room(row, max(len(_cell_text(tc)) for tc in short))
                for tc in short:
                    write_vertically(tc, mode)
                turned += len(short)
        out_docx.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out_docx, "w", zipfile.ZIP_DEFLATED) as out:
            for item in source.infolist():
                data = (etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
                        if item.filename == "word/document.xml" else source.read(item.filename))
                out.writestr(item, data)
    return turned


def vertical_pdf(docx: Path, out_pdf: Path) -> Path:
    """The filing through LibreOffice after its short header names are written vertically."""
    from build import to_pdf

    with tempfile.TemporaryDirectory() as work:
        copy = Path(work) / docx.name
        vertical_header_docx(docx, copy)
        made = to_pdf(copy)
        out_pdf.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(made), out_pdf)
    return out_pdf


# --- LibreOffice's PDF, every page stored turned a quarter -----------------------------------------


def turned_page(source: pdfium.PdfDocument, index: int, out: pdfium.PdfDocument, turn: int) -> None:
    """Page `index` of `source` appended to `out` drawn a quarter turned on a page of swapped
    sides, with /Rotate `turn` (90 or 270) so that a viewer shows it exactly as before: how
    scanners and some exporters store landscape or rotated pages."""
    width, height = source[index].get_size()
    page = out.new_page(height, width)
    drawing = source.page_as_xobject(index, out).as_pageobject()
    if turn == 90:  # drawn counter-clockwise; the viewer turns the page clockwise
        drawing.transform(pdfium.PdfMatrix().rotate(90, ccw=True).translate(height, 0))
    else:
        drawing.transform(pdfium.PdfMatrix().rotate(90).translate(0, width))
    page.insert_obj(drawing)
    page.gen_content()
    page.set_rotation(turn)


def rotated_pdf(docx: Path, out_pdf: Path) -> Path:
    """The filing's LibreOffice PDF (next to the .docx, or made) with every page stored turned,
    /Rotate 90 and 270 by turns."""
    from build import to_pdf

    with tempfile.TemporaryDirectory() as work:
        made = docx.with_suffix(".pdf")
        if not made.exists():
            made = to_pdf(shutil.copy(docx, Path(work) / docx.name))
        source, out = pdfium.PdfDocument(made), pdfium.PdfDocument.new()
        for index in range(len(source)):
            turned_page(source, index, out, 90 if index % 2 == 0 else 270)
        out_pdf.parent.mkdir(parents=True, exist_ok=True)
        out.save(out_pdf)
    return out_pdf


# --- LibreOffice's PDF with the unit's electronic seal drawn over its text --------------------------

SEAL_DPI = 200  # the seal image's resolution: an e-seal is a picture, not vector art


def seal_image(text: str, seed: int):
    """The unit's seal as an RGBA picture: red ink, transparent paper (samples/scans.py draws it)."""
    import random

    import numpy as np
    from PIL import Image

    from scans import seal_alpha

    alpha = seal_alpha(round(4.2 / 2.54 * SEAL_DPI), text, random.Random(seed))
    rgba = np.zeros((*alpha.shape, 4), dtype=np.uint8)
    rgba[..., 0], rgba[..., 1], rgba[..., 2] = 210, 35, 45
    rgba[..., 3] = (alpha * 255).round().astype(np.uint8)
    return Image.fromarray(rgba, "RGBA")


def stamp_page(pdf: pdfium.PdfDocument, index: int, seal, at: tuple[float, float]) -> None:
    """The seal drawn over page `index`, its centre at `at` (points from the top left)."""
    page = pdf[index]
    width, height = page.get_size()
    side = 4.2 / 2.54 * 72
    image = pdfium.PdfImage.new(pdf)
    image.set_bitmap(pdfium.PdfBitmap.from_pil(seal))
    x, y = min(max(at[0], side / 2), width - side / 2), min(max(at[1], side / 2), height - side / 2)
    image.set_matrix(pdfium.PdfMatrix().scale(side, side).translate(x - side / 2, height - y - side / 2))
    page.insert_obj(image)
    page.gen_content()


def last_text_end(page: pdfium.PdfPage) -> tuple[float, float]:
    """Where a signer stamps: the end of the page's last line of text (points from the top left)."""
    textpage = page.get_textpage()
    count = textpage.count_chars()
    height = page.get_height()
    for i in reversed(range(count)):
        if not textpage.get_text_range(i, 1).isspace():
            left, bottom, right, top = textpage.get_charbox(i)
            return right, height - (top + bottom) / 2
    return page.get_width() * 0.7, height * 0.8


def sealed_pdf(docx: Path, out_pdf: Path) -> Path:
    """The filing's LibreOffice PDF (next to the .docx, or made) with the unit's red seal, as a
    half-transparent picture, over the end of the text of its first and last pages."""
    from build import to_pdf
    from scans import seal_text

    with tempfile.TemporaryDirectory() as work:
        made = docx.with_suffix(".pdf")
        if not made.exists():
            made = to_pdf(shutil.copy(docx, Path(work) / docx.name))
        pdf = pdfium.PdfDocument(made)
        seal = seal_image(seal_text(made), seed=len(docx.stem))
        for index in sorted({0, len(pdf) - 1}):
            stamp_page(pdf, index, seal, last_text_end(pdf[index]))
        out_pdf.parent.mkdir(parents=True, exist_ok=True)
        pdf.save(out_pdf)
    return out_pdf


# --- command line --------------------------------------------------------------------------------

PRODUCERS: dict[str, Callable[[Path, Path], Path]] = {
    "chromium": chromium_pdf, "reportlab": reportlab_pdf, "vertical": vertical_pdf, "rotated": rotated_pdf,
    "sealed": sealed_pdf, "twocolumn": two_column_pdf,
}


def resolve(name: str) -> Path:
    """A .docx path, a sample name (seed, v1_school, ...) or a generated one (g001)."""
    candidates = [Path(name), HERE / f"{name}.docx", HERE / "generated" / f"{name}.docx"]
    for path in candidates:
        if path.suffix == ".docx" and path.is_file():
            return path
    raise SystemExit(f"no such filing: {name} (looked for {', '.join(str(p) for p in candidates)})")


def produce(producer: str, docx: Path, out: Path, force: bool) -> bool:
    """Make one PDF unless it is up to date; print a line either way. False when it failed."""
    target = out / producer / f"{docx.stem}.pdf"
    label = f"{producer:<9} {docx.stem:<24}"
    if not force and target.exists() and target.stat().st_mtime > docx.stat().st_mtime:
        print(f"{label} up to date  {target}")
        return True
    started = time.perf_counter()
    try:
        PRODUCERS[producer](docx, target)
    except Exception as error:  # one bad filing should not stop a batch: report it and go on
        print(f"{label} FAILED     {type(error).__name__}: {error}")
        return False
    print(f"{label} {time.perf_counter() - started:6.2f} s  {target}")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help="a .docx, a sample name or gNNN (default: samples/*.docx)")
    parser.add_argument("--producer", nargs="+", choices=sorted(PRODUCERS), default=sorted(PRODUCERS))
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: samples/.build/producers)")
    parser.add_argument("--force", action="store_true", help="rebuild even when a PDF is newer than its .docx")
    args = parser.parse_args(argv)

    filings = [resolve(name) for name in args.names] or sorted(HERE.glob("*.docx"))
    if "chromium" in args.producer:
        try:
            chromium_binary()
        except RuntimeError as error:  # say it once, not once a filing
            raise SystemExit(str(error)) from None
    started, failures = time.perf_counter(), 0
    for producer in args.producer:
        begun = time.perf_counter()
        failures += sum(not produce(producer, docx, args.out, args.force) for docx in filings)
        print(f"{producer}: {len(filings)} filing(s) in {time.perf_counter() - begun:.1f} s")
    print(f"total {time.perf_counter() - started:.1f} s, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

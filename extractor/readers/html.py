"""Saved web pages (.html, and .mht/.mhtml single-file saves) as a Document.

Budget units publish their filings on government sites; a past filing often survives only as
the page. The page is decoded (BOM, then the charset it declares, checked against its bytes),
parsed with lxml (libxml2's HTML parser, already a dependency: it mends real-world markup and
keeps each node's tail text, which a walk in reading order needs), and the article body is found
(the container a government CMS puts it in, patterns/web.toml) with the chrome around it left
out: navigation, share buttons, footers, the 索引号 box. The page's 发布日期 and 来源 go to
`page_meta`. Tables become true grids (rowspan and colspan as spans, nested tables kept, <br>
and <p> in a cell as line breaks); a layout table (one cell, or cells holding whole articles)
is read through as the blocks it holds. An image in the article (a table drawn as a picture) is
not read: it is named in `notes`, never silently dropped.
"""
from __future__ import annotations

import email
import email.policy
import functools
import re
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import regex

from ..document import Cell, Document, Paragraph, Provenance, Table
from ..errors import CorruptFile, ExtractorError, TooLarge
from ..limits import DEFAULT_LIMITS, Limits, MiB
from ..pattern_files import compile_pattern, load_toml, require
from .options import ReadOptions

_BLOCK_TAGS = {"p", "div", "section", "article", "main", "blockquote", "pre", "li", "ul", "ol", "dl", "dt", "dd",
               "center", "address", "figure", "figcaption", "body", "html", "hr", "caption", "tr", "td",
               "th", "tbody", "thead", "tfoot", "h1", "h2", "h3", "h4", "h5", "h6", "table", "form", "fieldset"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# White space as HTML collapses it; a run holding a line break between Han characters is no
# space at all (an editor's line wrap inside a Chinese sentence).
_SPACE_RUN = re.compile(r"[ \t\r\n\f\xa0]+")
_HAN = regex.compile(r"[\p{Han}\p{InCJK_Symbols_and_Punctuation}\p{InHalfwidth_and_Fullwidth_Forms}]")
_EDGE_SPACES = " \t\r\n\f\xa0\u3000"
_LARGEST_SPAN = 1000  # a rowspan or colspan beyond this is an error of the page, not a table


@dataclass(frozen=True)
class _Rules:
    container: regex.Pattern
    least_share: float
    chrome_tags: frozenset[str]
    chrome_names: regex.Pattern
    index_box: regex.Pattern
    published: regex.Pattern
    source: regex.Pattern


@functools.cache
def rules() -> _Rules:
    data = load_toml("web.toml")
    where = "web.toml"
    content, chrome, meta = require(data, "content", where), require(data, "chrome", where), require(data, "meta", where)
    flags = "(?i)"
    return _Rules(
        container=compile_pattern(flags + require(content, "container", where), f"{where} content.container"),
        least_share=float(require(content, "least_share", where)),
        chrome_tags=frozenset(require(chrome, "tags", where)),
        chrome_names=compile_pattern(flags + require(chrome, "names", where), f"{where} chrome.names"),
        index_box=compile_pattern(require(chrome, "index_box", where), f"{where} chrome.index_box"),
        published=compile_pattern(require(meta, "published", where), f"{where} meta.published"),
        source=compile_pattern(require(meta, "source", where), f"{where} meta.source"),
    )


def read(path: Path, limits: Limits = DEFAULT_LIMITS, options: ReadOptions | None = None) -> Document:
    fmt = options.format if options else "html"
    if fmt == "mht" and path.stat().st_size > 4 * limits.max_web_page_bytes:  # base64 grows a save by a third
        raise TooLarge(f"a {path.stat().st_size // MiB} MiB page save, over the limit", str(path))
    data = path.read_bytes()
    notes: list[str] = []
    declared = None
    saved: list[str] = []
    if fmt == "mht":
        data, declared, saved = _mht_page(data, path)
    if len(data) > limits.max_web_page_bytes:
        raise TooLarge(f"a web page of {len(data) // MiB} MiB, over the limit of {limits.max_web_page_bytes // MiB} MiB "
                       "(--max-page-mb)", str(path))
    text = decode(data, declared, notes, path)
    try:
        document = page_document(text, limits, notes, fmt)
    except ExtractorError as e:
        e.path = e.path or str(path)
        raise
    except (ValueError, TypeError) as e:  # lxml on markup it cannot mend
        raise CorruptFile(f"damaged web page ({type(e).__name__}: {e})", str(path)) from None
    # a picture saved with the page and shown in the article is noted once, as the article's
    shown = " ".join(document.notes)
    document.notes += [f"saved with the page, not read: {name}" for name in saved if name and name not in shown]
    return document


# ------------------------------------------------------------------ bytes to text


_DECLARED = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]+)", re.I)
# What pages declare, as Python knows it; GB2312 and GBK pages hold GBK's characters, GB18030 holds both.
_CHARSETS = {"gb2312": "gb18030", "gbk": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
             "utf8": "utf-8", "unicode": "utf-8", "x-mac-chinesesimp": "gb18030", "hz-gb-2312": "hz"}
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# A page decoded with replacement characters in more than this share of its characters is
# refused: what comes out would be mojibake, read as if it were text.
_MOST_REPLACED = 0.001


def decode(data: bytes, declared: str | None, notes: list[str], path: Path) -> str:
    """The page's text. Its BOM wins; then what it declares, if its bytes are that; then UTF-8
    or GB18030, whichever they are, with a note that the page said otherwise. Bytes that are
    none of these are refused rather than read as mojibake."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    if declared is None:
        found = _DECLARED.search(data[:8192])
        declared = found.group(1).decode("ascii") if found else None
    wanted = _charset(declared) if declared else None
    for encoding in dict.fromkeys(e for e in (wanted, "utf-8", "gb18030") if e):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if wanted and encoding != wanted:
            notes.append(f"the page declares {declared} but its bytes are {encoding}: read as {encoding}")
        return text
    # No encoding takes every byte (a stray byte, a download cut mid-character): the one that takes
    # all but a few, those few replaced and said; none close, and the page is refused.
    best_text, best_encoding = "", ""
    for encoding in dict.fromkeys(e for e in (wanted, "utf-8", "gb18030") if e):
        try:
            text = data.decode(encoding, errors="replace")
        except LookupError:
            continue
        if not best_encoding or text.count("\ufffd") < best_text.count("\ufffd"):
            best_text, best_encoding = text, encoding
    replaced = best_text.count("\ufffd")
    if replaced > _MOST_REPLACED * max(1, len(best_text)):
        raise CorruptFile(f"its bytes are in no encoding it declares ({declared or 'none'}) nor UTF-8 or GB18030: "
                          "refused rather than read as garbled text", str(path))
    notes.append(f"{replaced} character(s) of the page are not {best_encoding} and were replaced (U+FFFD)")
    return best_text


def _charset(name: str) -> str:
    name = name.strip().lower()
    name = _CHARSETS.get(name, name)
    try:
        import codecs

        return codecs.lookup(name).name
    except LookupError:
        return name


def _mht_page(data: bytes, path: Path) -> tuple[bytes, str | None, list[str]]:
    """The HTML part of a single-file save (MIME multipart/related), its declared charset, and
    the names of the parts saved with it (images)."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or not message.is_multipart():
        raise CorruptFile("a .mht file whose body is not a multipart page save", str(path))
    html_part, others = None, []
    for part in message.walk():
        if part.is_multipart():
            continue
        if part.get_content_type() == "text/html" and html_part is None:
            html_part = part
        else:
            others.append(part.get("Content-Location") or part.get_filename() or part.get_content_type())
    if html_part is None:
        raise CorruptFile("a .mht file with no HTML part", str(path))
    payload = html_part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        raise CorruptFile("a .mht file whose HTML part cannot be decoded", str(path))
    return payload, html_part.get_content_charset(), [Path(str(o)).name for o in others]


# ------------------------------------------------------------------ the page


def page_document(text: str, limits: Limits, notes: list[str], fmt: str = "html") -> Document:
    from lxml import etree

    text = text.lstrip("\ufeff")
    if not text.strip():
        raise CorruptFile("an empty web page")
    root = etree.fromstring(text.encode("utf-8"), parser=_parser())
    if root is None:
        raise CorruptFile("a web page with no markup")
    r = rules()
    page_meta = _page_meta(root, r)
    body = _article(root, r)
    walker = _Walker(limits, notes)
    walker.walk(body)
    return Document(format=fmt, blocks=walker.blocks, page_meta=page_meta, notes=notes)


@functools.cache
def _parser():
    from lxml import etree

    # libxml2's HTML parser giving plain elements (lxml.html's element classes cost a lookup per
    # node, most of the reader's time); utf-8 given explicitly (the text was decoded above); no
    # network, no entities from outside
    return etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=True)


def _text_of(element) -> str:
    return "".join(element.itertext())


def _drop(element) -> None:
    """Take an element out of the tree, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _page_meta(root, r: _Rules) -> dict[str, str]:
    text = _SPACE_RUN.sub(" ", _text_of(root))
    meta: dict[str, str] = {}
    found = r.published.search(text)
    if found:
        numbers = re.findall(r"\d+", found.group("date"))
        if len(numbers) == 3:
            meta["published"] = f"{int(numbers[0]):04d}-{int(numbers[1]):02d}-{int(numbers[2]):02d}"
    found = r.source.search(text)
    if found:
        meta["source"] = found.group("source")
    return meta


def _names(element) -> list[str]:
    return (element.get("id") or "").split() + (element.get("class") or "").split()


def _article(root, r: _Rules):
    """The element holding the filing: the CMS's article container when one holds enough of the
    page's text, else the body; chrome left out either way."""
    for element in list(root.iter(*r.chrome_tags)):
        _drop(element)
    body = root.find("body")
    body = root if body is None else body
    total = len(_SPACE_RUN.sub("", _text_of(body)))
    named = body.xpath(".//*[@id or @class]")
    best, best_size = None, 0
    for element in named:
        if any(r.container.match(n) for n in _names(element)):
            size = len(_SPACE_RUN.sub("", _text_of(element)))
            if size > best_size:
                best, best_size = element, size
    if best is not None and best_size >= r.least_share * total:
        return best
    for element in named:
        if any(r.chrome_names.match(n) for n in _names(element)):
            _drop(element)
    return body


# ------------------------------------------------------------------ blocks


class _Walker:
    """The article's blocks in reading order: paragraphs from block elements (a <br> in running
    text ends a paragraph, as a Word paragraph mark does), headings from <h1>-<h6>, tables."""

    def __init__(self, limits: Limits, notes: list[str]):
        self.limits = limits
        self.notes = notes
        self.blocks: list = []
        self.paragraphs = 0
        self.tables = 0
        self.cells = 0
        self.line: list[str] = []
        self.heading: int | None = None

    def walk(self, element) -> None:
        self._inside(element)
        self._flush()

    def _inside(self, element) -> None:
        self._text(element.text)
        for child in element:
            self._element(child)
            self._text(child.tail)

    def _element(self, element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "br":
            self._flush()
        elif tag == "img":
            self._image(element)
        elif tag == "table":
            self._flush()
            if _is_layout(element):
                self._inside_layout(element)
            elif not rules().index_box.search(_text_of(element)):
                self.blocks.append(self._table(element, parent=None))
        elif tag in _HEADINGS:
            self._flush()
            self.heading = _HEADINGS[tag]
            self._inside(element)
            self._flush()
        elif tag in _BLOCK_TAGS:
            self._flush()
            self._inside(element)
            self._flush()
        elif tag:
            self._inside(element)

    def _inside_layout(self, table) -> None:
        for row in _rows(table):
            for cell in _cells(row):
                self._inside(cell)
                self._flush()

    def _image(self, element) -> None:
        name = element.get("src") or element.get("alt") or "an image"
        if name.startswith("data:"):
            name = element.get("alt") or "an image embedded in the page"
        self.notes.append(f"an image in the article was not read (a table drawn as a picture?): {Path(name).name or name}")

    def _text(self, text: str | None) -> None:
        if text:
            self.line.append(text)

    def _flush(self) -> None:
        text = clean(self.line)
        self.line = []
        heading, self.heading = self.heading, None
        if not text:
            return
        self.blocks.append(Paragraph(kind="heading" if heading else "paragraph", text=text, outline_level=heading,
                                     provenance=Provenance(block=len(self.blocks), paragraph=self.paragraphs)))
        self.paragraphs += 1

    # ------------------------------------------------------------ tables

    def _table(self, element, parent: Provenance | None) -> Table:
        index = self.tables
        self.tables += 1
        taken: set[tuple[int, int]] = set()
        cells: list[Cell] = []
        width = n_rows = 0
        for r, row in enumerate(_rows(element)):
            n_rows = r + 1
            c = 0
            for td in _cells(row):
                while (r, c) in taken:
                    c += 1
                rows, cols = _span(td.get("rowspan")), _span(td.get("colspan"))
                self.cells += 1
                if self.cells > self.limits.max_table_cells:
                    raise TooLarge(f"more than {self.limits.max_table_cells} table cells")
                text, nested = self._cell_content(td, index, r, c)
                cells.append(Cell(row=r, col=c, row_span=rows, col_span=cols, text=text, tables=nested,
                                  provenance=Provenance(table=index, row=r, col=c)))
                taken.update((r + i, c + j) for i in range(rows) for j in range(cols))
                c += cols
                width = max(width, c)
        n_rows = max([n_rows, *(cell.row + cell.row_span for cell in cells)])
        for cell in cells:  # a rowspan past the last row ends with the table, as browsers draw it
            cell.row_span = min(cell.row_span, n_rows - cell.row)
        return Table(n_rows=n_rows, n_cols=width, cells=cells, parent=parent,
                     provenance=Provenance(block=None if parent else len(self.blocks), table=index))

    def _cell_content(self, td, table: int, row: int, col: int) -> tuple[str, list[Table]]:
        """A cell's text, a line per <p>, <div> or <br> in it, and the tables nested in it."""
        cell = _CellText(lambda element: self._table(element, Provenance(table=table, row=row, col=col)), self._image)
        cell.inside(td)
        return cell.text(), cell.nested


class _CellText:
    def __init__(self, nested_table, image):
        self.lines: list[str] = []
        self.current: list[str] = []
        self.nested: list[Table] = []
        self.nested_table, self.image = nested_table, image

    def end_line(self, always: bool = False) -> None:
        """Close the line being written. A <br> always does (two in a row leave a blank line); the
        edge of a <p> or <div> only when text stands before it, so two paragraphs are two lines."""
        text = clean(self.current)
        if text or always:
            self.lines.append(text)
        self.current = []

    def inside(self, element) -> None:
        if element.text:
            self.current.append(element.text)
        for child in element:
            self.child(child)
            if child.tail:
                self.current.append(child.tail)

    def child(self, child) -> None:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "br":
            self.end_line(always=True)
        elif tag == "table":
            self.end_line()
            self.nested.append(self.nested_table(child))
        elif tag == "img":
            self.image(child)
        elif tag in _BLOCK_TAGS or tag in _HEADINGS:
            self.end_line()
            self.inside(child)
            self.end_line()
        elif tag:
            self.inside(child)

    def text(self) -> str:
        self.end_line()
        lines = self.lines
        while lines and not lines[0]:
            lines.pop(0)
        while lines and not lines[-1]:
            lines.pop()
        return "\n".join(lines)


def _rows(table) -> list:
    """A table's own rows (not those of tables nested in its cells)."""
    out = []
    for child in table:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "tr":
            out.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            out.extend(c for c in child if c.tag == "tr")
    return out


def _cells(row) -> list:
    return [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]


def _span(value: str | None) -> int:
    found = re.match(r"\s*(\d+)", value or "")
    return min(_LARGEST_SPAN, max(1, int(found.group(1)))) if found else 1


def _is_layout(table) -> bool:
    """A table that lays out a page rather than holding data: a single cell, or a cell holding a
    table of its own beside long text (a CMS page's frame around the article)."""
    rows = _rows(table)
    cells = [c for row in rows for c in _cells(row)]
    if len(cells) <= 1:
        return True
    if table.get("role") == "presentation":
        return True
    holds_table = any(c.find(".//table") is not None for c in cells)
    long_text = holds_table and any(len(_SPACE_RUN.sub("", _text_of(c))) > 300 for c in cells)
    return holds_table and long_text


def clean(pieces: list[str]) -> str:
    """Text pieces as a reader sees them: white space collapsed, none invented between Han
    characters where the source only wrapped a line, none at the ends."""
    text = "".join(pieces)
    if not text or text.isspace():
        return ""
    if "\n" not in text and "\r" not in text:  # no wrapped line: plain collapsing (most pieces)
        return _SPACE_RUN.sub(" ", text).strip(_EDGE_SPACES)

    def space(m: re.Match) -> str:
        run, start, end = m.group(0), m.start(), m.end()
        before, after = text[start - 1:start], text[end:end + 1]
        if ("\n" in run or "\r" in run) and (_HAN.match(before) or _HAN.match(after)):
            return ""
        return " "

    return _SPACE_RUN.sub(space, text).strip(_EDGE_SPACES)

"""Layout helpers for the PDF reader: characters into lines, lines into paragraphs, cell boxes
into a grid with spans. Pure functions over plain dicts (characters with text, x0, x1, top, bottom, size), so each
step can be looked at on its own.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import regex

from .lattice import Segment

_CJK = regex.compile(r"[\p{Han}\u3000-\u303f\uff00-\uffef“”‘’—…、，。；：！？（）《》〔〕【】]")


def is_cjk(ch: str) -> bool:
    return bool(ch) and bool(_CJK.match(ch))


@dataclass
class PageObjects:
    """What a page holds once drawn, whether read from a PDF's objects or recognised in an image."""

    width: float
    height: float
    chars: list[dict[str, Any]]  # text, x0, x1, top, bottom, size; `confidence` when recognised
    segments: list[Segment]
    images: list[tuple[float, float, float, float]]  # the box of every image drawn
    n_unreadable: int  # characters with no Unicode mapping (a font without a ToUnicode map)
    ocr: bool = False  # read from a page image by OCR
    skew: float | None = None  # the angle a scanned page was turned by to straighten it


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    # Per character of `text`, the OCR confidence it was read with: None for a text layer.
    confidences: list[float] | None = None
    # Per character of `text`, where its glyph ends (a space: where the glyph before it ends);
    # None for a recognised line, whose characters have no boxes of their own.
    rights: list[float] | None = None
    # In a stretch set in two columns (readers.flow): 0 left, 1 right; None page-wide.
    column: int | None = None


def dedupe_doubled(chars: list[dict]) -> list[dict]:
    """Simulated bold draws each glyph twice at (almost) the same place: keep one.

    Checked on neighbours only (O(n)), so real doubles such as 层层 or 小区区, drawn side by
    side, stay.
    """
    out: list[dict] = []
    for ch in chars:
        if out:
            prev = out[-1]
            if (ch["text"] == prev["text"] and abs(ch["x0"] - prev["x0"]) < 1.5 and abs(ch["top"] - prev["top"]) < 1.5):
                continue
        out.append(ch)
    return out


def has_doubled(chars: list[dict]) -> bool:
    return any(a["text"] == b["text"] and abs(a["x0"] - b["x0"]) < 1.5 and abs(a["top"] - b["top"]) < 1.5
               for a, b in pairwise(chars))


def lines_of(chars: list[dict]) -> list[Line]:
    """Characters grouped into visual lines (by baseline), left to right."""
    return sorted_lines([line_of(row) for row in rows_of(chars)])


def rows_of(chars: list[dict]) -> list[list[dict]]:
    """Characters grouped by baseline, each row left to right; spaces dropped."""
    rows: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: (round(c["bottom"], 0), c["x0"])):
        if ch["text"].isspace():
            continue
        if rows and abs(rows[-1][-1]["bottom"] - ch["bottom"]) <= max(2.0, ch["size"] * 0.3):
            rows[-1].append(ch)
        else:
            rows.append([ch])
    for row in rows:
        row.sort(key=lambda c: c["x0"])
    return rows


def line_of(row: list[dict]) -> Line:
    """One row of characters (left to right, as rows_of gives them) as a line."""
    text, confidences, rights = _join_chars(row)
    return Line(text, row[0]["x0"], row[-1]["x1"], min(c["top"] for c in row),
                max(c["bottom"] for c in row), max(c["size"] for c in row), confidences,
                None if confidences is not None else rights)


def sorted_lines(lines: list[Line]) -> list[Line]:
    """Lines in reading order down the page: by top, then from the left."""
    return sorted(lines, key=lambda line: (line.top, line.x0))


def cell_lines(chars: list[dict]) -> list[Line]:
    """A table cell's text as lines. Vertical text, as narrow header cells are often written
    (指标方向 as one column of characters, or two columns read right to left; or turned a
    quarter), is one line in the order it was drawn: read by rows it would come out scrambled
    (单度/位量 for 度量单位)."""
    if not is_vertical(chars):
        return lines_of(chars)
    ink = sorted((c for c in chars if not c["text"].isspace()), key=lambda c: c["seq"])
    return [Line("".join(c["text"] for c in ink), min(c["x0"] for c in ink), max(c["x1"] for c in ink),
                 min(c["top"] for c in ink), max(c["bottom"] for c in ink), max(c["size"] for c in ink))]


def is_vertical(chars: list[dict]) -> bool:
    """Characters written down the page: most glyphs turned a quarter, or, all of them Chinese,
    in the order drawn more steps straight down (the next character under the last) than along
    a line. A text layer only: recognised characters carry no drawing order."""
    ink = [c for c in chars if not c["text"].isspace()]
    if len(ink) < 2 or any("seq" not in c for c in ink):
        return False
    if sum(1 for c in ink if c.get("turned")) * 2 > len(ink):
        return True
    if not all(is_cjk(c["text"]) for c in ink):
        return False  # a number written down a narrow column (1/0/0) is a number broken over lines
    down = along = 0
    for a, b in pairwise(sorted(ink, key=lambda c: c["seq"])):
        size = max(a["size"], 1.0)
        if abs(b["x0"] - a["x0"]) < 0.3 * size and 0.5 * size < b["top"] - a["top"] < 1.8 * size:
            down += 1
        elif abs(b["bottom"] - a["bottom"]) <= 0.3 * size and b["x0"] > a["x0"]:
            along += 1
    return down > along


def _join_chars(row: list[dict]) -> tuple[str, list[float] | None, list[float]]:
    """Join a line's characters; a space only where a real gap separates two non-CJK runs
    (PDF tools insert spaces between CJK and digits: "5029 万元", "附件 3"). With them, each
    character's OCR confidence when the row was recognised (a space takes the one before it),
    and each character's right edge."""
    recognised = "confidence" in row[0]
    parts = [row[0]["text"]]
    confidences = [row[0]["confidence"]] * len(row[0]["text"]) if recognised else []
    rights = [row[0]["x1"]] * len(row[0]["text"])
    for prev, ch in pairwise(row):
        gap = ch["x0"] - prev["x1"]
        if "ocr_line" in ch and ch["ocr_line"] == prev.get("ocr_line"):
            spaced = ch.get("space_before", False)  # within a recognised line, the recogniser's own spaces
        else:
            spaced = gap > prev["size"] * 0.25 and not is_cjk(prev["text"][-1]) and not is_cjk(ch["text"][0])
        if spaced:
            parts.append(" ")
            rights.append(prev["x1"])
            if recognised:
                confidences.append(prev.get("confidence", 1.0))
        parts.append(ch["text"])
        rights.extend([ch["x1"]] * len(ch["text"]))
        if recognised:
            confidences.extend([ch.get("confidence", 1.0)] * len(ch["text"]))
    return "".join(parts), confidences if recognised else None, rights


def _separator(before: str, after: str) -> str:
    return "" if is_cjk(before[-1]) or is_cjk(after[0]) else " "


def join_wrapped(lines: list[str]) -> str:
    """Lines wrapped by layout, joined: no separator beside CJK, a space between other runs,
    never two digit runs glued together."""
    out = ""
    for line in lines:
        out = out + _separator(out, line) + line if out else line
    return out


def joined_confidences(lines: list[Line], separator: str | None = None) -> list[float] | None:
    """Per character of the lines joined (by `separator`, or as join_wrapped joins them), the OCR
    confidence each was read with; None when no line was recognised."""
    if all(line.confidences is None for line in lines):
        return None
    out: list[float] = []
    text = ""
    for line in lines:
        if text:
            sep = separator if separator is not None else _separator(text, line.text)
            out.extend([1.0] * len(sep))
            text += sep
        out.extend(line.confidences or [1.0] * len(line.text))
        text += line.text
    return out


def confidence_spans(confidences: list[float] | None) -> list[tuple[int, int, float]] | None:
    """Runs of equal confidence as (start, end, confidence): a word read as one keeps one span."""
    if confidences is None:
        return None
    spans: list[tuple[int, int, float]] = []
    for i, value in enumerate(confidences):
        if spans and spans[-1][2] == value and spans[-1][1] == i:
            spans[-1] = (spans[-1][0], i + 1, value)
        else:
            spans.append((i, i + 1, value))
    return spans


@dataclass
class ParagraphBox:
    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        return join_wrapped([line.text for line in self.lines])

    @property
    def confidences(self) -> list[float] | None:
        return joined_confidences(self.lines)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (min(line.x0 for line in self.lines), self.lines[0].top, max(line.x1 for line in self.lines),
                self.lines[-1].bottom)


# What a line breaker keeps together at the start of a line (ICU-like): opening brackets with
# what follows, a run of digits or Latin with its closing punctuation, one ideograph with the
# closing punctuation and digits glued to it (号）279), a unit over a slash (元/亩); and, after
# closing punctuation, an opening mark with the character it opens: no break falls between the
# two marks, and an opener never ends a line (100%；“三 of 100%；“三公”经费: LibreOffice
# wrapped it whole where 100%； alone fitted; generated corpus, dev). A closing quotation mark
# is glued to what follows it too (UAX #14 class QU: no break on either side): “三 | 公”经费
# was wrapped with 公”经 whole where 公” alone fitted (seed-7 generated corpus, dev g069, g127).
# A circled number is a letter to a line breaker (UAX #14 class AI, taken as AL): it stays with
# the digits after it (③2023年 wrapped whole; seed-7 corpus, dev g084, g107), not with an ideograph.
_HAN = regex.compile(r"\p{Han}")  # compiled once: it is tried on every character of a run
_OPENERS = "（(《“‘〔\\[【「『"
_FIRST_RUN = regex.compile(
    rf"^[{_OPENERS}]*(?:[0-9A-Za-z.,%/\-]+|[\u2460-\u24ff][0-9A-Za-z.,%/\-]*|\p{{Han}}(?:/\p{{Han}})*)"
    rf"[）)》”」』〕\]】，。、；：！？%]*[0-9A-Za-z.,%/\-]*"
    rf"(?:(?<=[）)》”」』〕\]】，。、；：！？])[{_OPENERS}]+(?:[0-9A-Za-z]+|\p{{Han}}))?"
    rf"(?:(?<=[”’])(?:[0-9A-Za-z.,%/\-]+|\p{{Han}}))?")


def first_run_width(line: Line) -> float:
    """The width of the line's first unbreakable run: measured where the glyphs have boxes of
    their own, else estimated (an ideograph a square, anything else a little over half of one).
    The estimate misjudges a run of Latin glyphs by their font (a % is 0.83 of the size in
    Liberation Serif, a digit 0.5): 100%； measured 46.3 points, estimated 38.4."""
    m = _FIRST_RUN.match(line.text)
    run = m.group(0) if m and m.group(0) else line.text[:1]
    if line.rights is not None and run:
        return line.rights[len(run) - 1] - line.x0
    return sum(line.size if is_cjk(ch) or _HAN.match(ch) else 0.55 * line.size for ch in run)


def paragraphs_of(lines: list[Line], left: float, right: float) -> list[ParagraphBox | None]:
    """Lines into paragraphs: a new paragraph after a line that stops well short of the right
    edge, at an indented line, or after a vertical gap; a large gap leaves an empty paragraph (None),
    as Word's blank lines would."""
    out: list[ParagraphBox | None] = []
    current: ParagraphBox | None = None
    for line in lines:
        if current is not None:
            prev = current.lines[-1]
            gap = line.top - prev.bottom
            size = max(prev.size, line.size)
            # A line breaks early before a run that cannot be split (10673.73万元, 号）279): it ends
            # its paragraph only if the next line's first run would have fitted after it.
            ends_short = right - prev.x1 > max(size, first_run_width(line) + 0.5 * size)
            indented = line.x0 > left + 1.2 * size
            # A recognised line's size is its box's height, which the glyphs in it move by a
            # point or two (③, brackets): only a title's larger print is a change there.
            recognised = line.confidences is not None and prev.confidences is not None
            resized = abs(line.size - prev.size) > (0.3 * size if recognised else 1)
            if gap > 2.2 * size:
                out.append(current)
                out.append(None)
                current = None
            elif ends_short or indented or gap > 0.55 * size or resized:
                out.append(current)
                current = None
        if current is None:
            current = ParagraphBox()
        current.lines.append(line)
    if current is not None:
        out.append(current)
    return out


def boundaries(values: list[float], tolerance: float = 2.0) -> list[float]:
    """Distinct coordinates, those closer than the tolerance taken as one."""
    result: list[float] = []
    for v in sorted(values):
        if not result or v - result[-1] > tolerance:
            result.append(v)
    return result


def index_of(value: float, edges: list[float], tolerance: float = 2.0) -> int:
    for i, edge in enumerate(edges):
        if abs(edge - value) <= tolerance:
            return i
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


class CharIndex:
    """A page's characters by the height of their centres, so the characters of each table cell
    are found by bisection rather than by looking at every character of the page for every cell
    (a page of a large table has thousands of each)."""

    def __init__(self, chars: list[dict]):
        entries = sorted(((c["top"] + c["bottom"]) / 2, (c["x0"] + c["x1"]) / 2, n) for n, c in enumerate(chars))
        self.chars = chars
        self.ys = [e[0] for e in entries]
        self.entries = entries

    def within(self, box: tuple[float, float, float, float]) -> list[dict]:
        """The characters whose centre is in the box, in the order they were drawn."""
        x0, top, x1, bottom = box
        lo, hi = bisect.bisect_left(self.ys, top), bisect.bisect_right(self.ys, bottom)
        found = sorted(n for _, cx, n in self.entries[lo:hi] if x0 <= cx <= x1)
        return [self.chars[n] for n in found]


def inside_any(ch: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    return any(x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1 for x0, top, x1, bottom in boxes)

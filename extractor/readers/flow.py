"""Reading order of a page's text outside tables: one column, or stretches set in two.

A two-column stretch shows itself by its right column: many lines whose text, after a gap of
an em or more, starts at the same place in the middle of the page. Lines are then cut there:
what stands left of the gutter is the left column, what stands right of it the right one, and a
line across it (a title, a page-wide paragraph) is page-wide. Each run of two-column lines is
read left column first, then right, each with its own margins. A page with no such start reads
as before, line by line from the top.
"""
from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .pdf_layout import Line, line_of, rows_of, sorted_lines

GUTTER = 1.0  # ems: the least gap before the right column's text
MIN_ROWS = 5  # rows that must start their right column at one place
FULL = 3.0  # ems: a column line this close to its column's edge is full (set justified)
MIDDLE = (0.3, 0.75)  # where on the page (share of its width) a right column may start
COLUMN_WIDTH = 0.25  # share of the page's width: a full column line is at least this wide (a form's fields are not)


@dataclass
class Stretch:
    """Lines set in two columns, one above the other: read the left column, then the right."""

    top: float
    bottom: float
    left: list[Line]
    right: list[Line]


def page_lines(chars: list[dict[str, Any]], width: float, known: float | None = None) -> list[Line]:
    """The page's lines; those of a two-column stretch cut at the gutter, each part tagged with
    its column (0 left, 1 right). `known`: where other pages of the document start their right
    column, which a page holding only a few lines of two-column text need only confirm."""
    rows = rows_of(chars)
    start = _right_column_start(rows, width)
    if start is None and known is not None and _confirms(rows, width, known):
        start = known
    if start is None:
        return sorted_lines([line_of(row) for row in rows])
    lines: list[Line] = []
    for row in rows:
        size = max(c["size"] for c in row)
        left = [c for c in row if c["x1"] <= start - GUTTER * size * 0.8]
        right = [c for c in row if c["x0"] >= start - 1]
        if len(left) + len(right) < len(row):  # text across the gutter: a page-wide line
            lines.append(line_of(row))
            continue
        for column, part in ((0, left), (1, right)):
            if part:
                line = line_of(part)
                line.column = column
                lines.append(line)
    return sorted_lines(lines)


def stretches(lines: list[Line], breaks: list[float], opens_block: Callable[[str], bool] = lambda text: False
              ) -> tuple[list[Line], list[Stretch]]:
    """Page-wide lines, and the two-column stretches. A stretch ends at a page-wide line or at a
    table (its top in `breaks`); one with lines on one side only is page-wide."""
    wide: list[Line] = []
    found: list[Stretch] = []
    run: list[Line] = []

    def close() -> None:
        if any(line.column == 0 for line in run) and any(line.column == 1 for line in run):
            found.append(Stretch(min(line.top for line in run), max(line.bottom for line in run),
                                 [line for line in run if line.column == 0], [line for line in run if line.column == 1]))
        else:
            wide.extend(run)
        run.clear()

    right = _RightColumn(lines)
    for line in sorted(lines, key=lambda line: (line.top, line.x0)):
        if run and (any(run[-1].top < b <= line.top for b in breaks) or _after_columns(run, line, right, opens_block)):
            close()
        if line.column is None:
            close()
            wide.append(line)
        else:
            run.append(line)
    close()
    wide.sort(key=lambda line: (line.top, line.x0))
    return wide, found


class _RightColumn:
    """The page's right-hand lines by height, to ask in log time what stands beside a line or below it."""

    def __init__(self, lines: list[Line]) -> None:
        spans = sorted((line.top, line.bottom) for line in lines if line.column == 1)
        self.tops = [top for top, _ in spans]
        self.bottoms = [bottom for _, bottom in spans]
        self.lowest = max(self.bottoms, default=float("-inf"))
        self.tallest = max((b - t for t, b in spans), default=0.0)

    def beside(self, top: float, bottom: float) -> bool:
        """A right-hand line overlaps the band from top to bottom."""
        first = bisect.bisect_left(self.tops, top - self.tallest)
        last = bisect.bisect_left(self.tops, bottom)
        return any(self.bottoms[k] > top for k in range(first, last))

    def ended_above(self, y: float) -> bool:
        return self.lowest <= y


def _after_columns(run: list[Line], line: Line, right_column: _RightColumn, opens_block: Callable[[str], bool]) -> bool:
    """A left-hand line with nothing beside it in the right column that opens a block of its own
    (附件4 between two stretches of columns), or that stands below where the right column ended,
    set off by more than a line's spacing: page-wide text, not the left column's tail."""
    if line.column != 0 or not any(r.column == 1 for r in run):
        return False
    last_left = next((r for r in reversed(run) if r.column == 0), None)
    if last_left is None:
        return False
    half = 0.5 * line.size
    if right_column.beside(line.top - half, line.bottom + half):
        return False  # the right column goes on beside it
    ended = right_column.ended_above(line.top - half)
    return opens_block(line.text) or (ended and line.top - last_left.bottom > 1.5 * line.size)


def right_column_start(lines: list[Line]) -> float | None:
    """Where the page's right column starts, if it has one (its lines cut at a gutter)."""
    return min((line.x0 for line in lines if line.column == 1), default=None)


def _confirms(rows: list[list[dict[str, Any]]], width: float, start: float) -> bool:
    """A few lines set in the document's two columns (the tail of a stretch at the top of a
    page, or its first lines at the foot): two rows or more start their right part at the
    document's gutter after a gap, with nothing across it, and a line fills each column
    (twocolumn producer, dev g002, g033, g058)."""
    def starts_there(row: list[dict[str, Any]]) -> bool:
        return any(abs(ch["x0"] - start) <= 2 and (n == 0 or ch["x0"] - row[n - 1]["x1"] >= GUTTER * ch["size"])
                   for n, ch in enumerate(row))

    split = [row for row in rows if starts_there(row) and _clear_of(row, start)]
    if len(split) < 2:
        return False
    full_left, full_right = _full_sides(split, start, width, max(c["x1"] for row in rows for c in row))
    return full_left >= 1 and full_right >= 1


def _clear_of(row: list[dict[str, Any]], start: float) -> bool:
    """Nothing of the row stands across the gutter before `start`."""
    return all(c["x1"] <= start - GUTTER * c["size"] * 0.8 or c["x0"] >= start - 1 for c in row)


def _full_sides(rows: list[list[dict[str, Any]]], start: float, width: float, page_right: float) -> tuple[int, int]:
    """How many of the rows (each clear of the gutter) fill the left column, and the right: a
    part at least a quarter of the page wide, ending within FULL ems of its column's edge."""
    def full(part: list[dict[str, Any]], edge: float) -> bool:
        return bool(part) and edge - part[-1]["x1"] <= FULL * part[-1]["size"] \
            and part[-1]["x1"] - part[0]["x0"] >= COLUMN_WIDTH * width

    lefts = [[c for c in row if c["x0"] < start - 1] for row in rows]
    rights = [[c for c in row if c["x0"] >= start - 1] for row in rows]
    left_edge = max((part[-1]["x1"] for part in lefts if part), default=0.0)
    return sum(full(part, left_edge) for part in lefts), sum(full(part, page_right) for part in rights)


def _right_column_start(rows: list[list[dict[str, Any]]], width: float) -> float | None:
    """Where a right column starts: the place in the middle of the page where most rows start
    their text (at the row's start, or after a gap of an em or more), if rows of running text
    stand full on both sides of it: left lines ending just short of it, right lines reaching
    the page's right edge; many of those when the left lines are short. (A form's aligned
    second field, or a signature set right, is not running text.)"""
    starts: Counter[int] = Counter()
    for row in rows:
        for n, ch in enumerate(row):
            gap = ch["x0"] - row[n - 1]["x1"] if n else ch["x0"]
            if gap >= GUTTER * ch["size"] and MIDDLE[0] * width <= ch["x0"] <= MIDDLE[1] * width:
                starts[round(ch["x0"] / 2)] += 1
    if not starts:
        return None
    # Neighbouring keys are one place: text set from one edge lands within a point or two.
    best = max(starts, key=lambda k: starts[k - 1] + starts[k] + starts[k + 1])
    if starts[best - 1] + starts[best] + starts[best + 1] < MIN_ROWS:
        return None
    start = min(c["x0"] for row in rows for c in row if abs(round(c["x0"] / 2) - best) <= 1)
    page_right = max(c["x1"] for row in rows for c in row)
    apart = [row for row in rows if _clear_of(row, start)]
    full_left, full_right = _full_sides(apart, start, width, page_right)
    # Running text fills the right column's lines; the left may hold short ones (a cover page).
    return start if full_right >= MIN_ROWS - 1 and (full_left >= 3 or full_right >= 2 * MIN_ROWS) else None

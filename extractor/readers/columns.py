"""Column rules a partly ruled table leaves out, put back from where its text stands.

Many government PDFs draw a table with horizontal rules only (a rule under each row and an outer
box, ReportLab's and many report templates' style): the lattice then sees one full-width cell per
row. The columns are still there in the text: between two columns runs a vertical strip that no
row's text crosses, except a row whose cell spans both. This module finds such strips inside a
stack of horizontal rules and draws the missing vertical rules in them, row band by row band,
leaving a band out where its text crosses the strip (a merged cell). lattice.py then reads the
completed ruling as if it had been drawn.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .lattice import Segment

MIN_RULE = 30.0  # a horizontal rule shorter than this is not a table's row rule
MAX_ROW = 250.0  # rules further apart than this are not rows of one table
MIN_ROWS = 3  # a stack of fewer rules is an underline or a frame, not a table
MIN_GAP = 3.0  # the narrowest strip between columns (points)
# A strip between columns may be crossed by the text of this share of the row bands: the rows
# whose cell spans the two columns (a title row, 按收入性质分 across four columns).
SPANNING_SHARE = 0.2


@dataclass
class _Stack:
    x0: float
    x1: float
    ys: list[float]


def missing_column_rules(segments: list[Segment], chars: list[dict[str, Any]]) -> list[Segment]:
    """Vertical rules for the columns of every table drawn with horizontal rules only."""
    vertical = [s for s in segments if not s.horizontal]
    out: list[Segment] = []
    stacks = _stacks([s for s in segments if s.horizontal and s.x1 - s.x0 >= MIN_RULE])
    parts = [part for whole in stacks for part in _boxed(whole, vertical)]
    for stack in (p for p in parts if len(p.ys) >= MIN_ROWS or _in_box(p, vertical)):
        if any(stack.x0 + 3 < v.x0 < stack.x1 - 3 and v.bottom - v.top > 0.5 * (stack.ys[-1] - stack.ys[0])
               for v in vertical):
            continue  # its columns are ruled: the lattice reads it as drawn
        bands = list(zip(stack.ys, stack.ys[1:], strict=False))
        inside = [c for c in chars if stack.x0 <= _cx(c) <= stack.x1 and stack.ys[0] <= _cy(c) <= stack.ys[-1]]
        by_band = [[c for c in inside if top <= _cy(c) <= bottom] for top, bottom in bands]
        ends = [x for h in horizontal_in(segments, stack) for x in (h.x0, h.x1) if stack.x0 + 3 < x < stack.x1 - 3]
        xs = _boundaries(by_band, stack, ends)
        if not xs:
            continue
        for x in [stack.x0, *xs, stack.x1]:
            for (top, bottom), band in zip(bands, by_band, strict=True):
                if not any(c["x0"] < x < c["x1"] for c in band):
                    out.append(Segment(x, top, x, bottom))
    return out


def horizontal_in(segments: list[Segment], stack: _Stack) -> list[Segment]:
    return [s for s in segments if s.horizontal and stack.ys[0] - 1 <= s.top <= stack.ys[-1] + 1
            and s.x1 > stack.x0 and s.x0 < stack.x1]


def _cx(c: dict[str, Any]) -> float:
    return (c["x0"] + c["x1"]) / 2


def _cy(c: dict[str, Any]) -> float:
    return (c["top"] + c["bottom"]) / 2


def _stacks(horizontal: list[Segment]) -> list[_Stack]:
    """Horizontal rules stacked over one another across much the same width: the rows of one
    table. A rule broken where a merged cell crosses it still belongs to its stack."""
    stacks: list[_Stack] = []
    current: _Stack | None = None
    for rule in sorted(horizontal, key=lambda s: (s.top, s.x0)):
        if current is not None and _same_table(current, rule):
            current.x0, current.x1 = min(current.x0, rule.x0), max(current.x1, rule.x1)
            if rule.top - current.ys[-1] > 1.0:
                current.ys.append(rule.top)
            continue
        if current is not None and len(current.ys) >= 2:
            stacks.append(current)
        current = _Stack(rule.x0, rule.x1, [rule.top])
    if current is not None and len(current.ys) >= 2:
        stacks.append(current)
    return stacks


def _boxed(stack: _Stack, vertical: list[Segment]) -> list[_Stack]:
    """A stack cut into the tables its outer box draws: two tables one above the other, each in
    its own box, with a title between them, are two tables, not one. Without a box, the stack."""
    # A side runs from one row rule to another, however short: a heading row boxed on its own
    # (ReportLab's repeated heading over the rest of a table; reportlab producer, dev g013).
    sides = sorted((v.top, v.bottom) for v in vertical if abs(v.x0 - stack.x0) <= 3 and (
        v.bottom - v.top >= MIN_RULE or (_on_rule(v.top, stack) and _on_rule(v.bottom, stack) and v.bottom - v.top > 2)))
    spans: list[list[float]] = []
    for top, bottom in sides:
        if spans and top <= spans[-1][1] + 2:
            spans[-1][1] = max(spans[-1][1], bottom)
        else:
            spans.append([top, bottom])
    if not spans:
        return [stack]
    parts = [_Stack(stack.x0, stack.x1, [y for y in stack.ys if top - 2 <= y <= bottom + 2]) for top, bottom in spans]
    return [part for part in parts if len(part.ys) >= 2]


def _on_rule(y: float, stack: _Stack) -> bool:
    return any(abs(y - rule) <= 2 for rule in stack.ys)


def _in_box(stack: _Stack, vertical: list[Segment]) -> bool:
    """A stack with sides drawn down both its ends: a table even of one row (the 总分 row a
    page break left alone at the top of the next page), where two bare rules are a frame."""
    def side(x: float) -> bool:
        return any(abs(v.x0 - x) <= 3 and v.top <= stack.ys[0] + 2 and v.bottom >= stack.ys[-1] - 2 for v in vertical)
    return side(stack.x0) and side(stack.x1)


def _same_table(stack: _Stack, rule: Segment) -> bool:
    overlap = min(stack.x1, rule.x1) - max(stack.x0, rule.x0)
    return rule.top - stack.ys[-1] <= MAX_ROW and overlap >= 0.5 * min(stack.x1 - stack.x0, rule.x1 - rule.x0)


def _boundaries(by_band: list[list[dict[str, Any]]], stack: _Stack, ends: list[float]) -> list[float]:
    """Where the columns part: in every strip, away from the table's edges, that the text of at
    most SPANNING_SHARE of the bands with text crosses. At the end of a row rule inside the strip
    when there is one (a rule stops at the edge of the merged cell it does not cross, so its end
    is the column's true edge), else at its least crossed place, rightmost (the next column's
    text starts there)."""
    crossed, with_text = _crossings(by_band, stack)
    if with_text < min(MIN_ROWS - 1, len(by_band)):
        return []
    allowed = int(SPANNING_SHARE * with_text)
    out = []
    for left, right in _strips([n <= allowed for n in crossed], _first_true(crossed)):
        inside = [e for e in ends if stack.x0 + left - 1 <= e <= stack.x0 + right + 1]
        # Text is set from a cell's left edge: the next column starts just before its text.
        if right < len(crossed):
            # the least crossed place in the strip (a header wider than its column's values
            # must not be cut), the rightmost of those
            least = min(range(left, right), key=lambda x: (crossed[x], -x))
            out.append(max(inside) if inside else stack.x0 + least - 0.5)
        # A column with text in a few rows only (偏差原因, mostly blank) lies inside the strip:
        # it starts where that text starts.
        out += [stack.x0 + x - 1 for x in range(left + 1, right) if crossed[x] and not crossed[x - 1]]
    # The end of a row rule is a column edge too where no strip shows it: beside a merged cell
    # whose text stands in one band only (项目绩效 over ten rows). So is a place where the text of
    # two rows or more starts (年初预算数 over 1626), however many spanning rows cross it: in a
    # short table most rows may span (按收入性质分…); and each start in the row with the most
    # cells apart (a header), where fewer than half the rows cross it.
    def crossed_at(x: float) -> int:
        return crossed[min(len(crossed) - 1, max(0, int(x - stack.x0)))]

    candidates = [(e, crossed_at(e) <= allowed) for e in ends] + [(x - 1.5, True) for x in _shared_starts(by_band)]
    candidates += [(x - 1.5, True) for x in _starts_of_fullest_row(by_band)]
    for x, holds in candidates:
        if holds and stack.x0 + 8 < x < stack.x1 - 8 and all(abs(x - b) > 4 for b in out):  # no sliver columns at the edges
            out.append(x)
    return sorted(out)


def _starts_of_fullest_row(by_band: list[list[dict[str, Any]]]) -> list[float]:
    """Where each run of text starts in the band with the most runs."""
    best: list[float] = []
    for band in by_band:
        starts = _run_starts(band)
        if len(starts) > len(best):
            best = starts
    return best


def _run_starts(band: list[dict[str, Any]]) -> list[float]:
    """Where runs of text (apart by more than half a character) start. The first run counts too:
    beside a merged cell whose text stands in another band, a row's first text is a column's."""
    starts: list[float] = []
    end = None
    for c in sorted(band, key=lambda c: c["x0"]):
        if end is None or c["x0"] - end > 0.5 * c["size"]:
            starts.append(c["x0"])
        end = c["x1"] if end is None else max(end, c["x1"])
    return starts


def _shared_starts(by_band: list[list[dict[str, Any]]]) -> list[float]:
    """Where runs of text start in two bands or more."""
    starts = sorted(x for band in by_band for x in _run_starts(band))
    return [x for i, x in enumerate(starts) if i + 1 < len(starts) and starts[i + 1] - x <= 1.5
            and (i == 0 or x - starts[i - 1] > 1.5)]


def _crossings(by_band: list[list[dict[str, Any]]], stack: _Stack) -> tuple[list[int], int]:
    """For each point across the table, how many bands have text over it; and how many bands
    have any text."""
    width = int(stack.x1 - stack.x0) + 1
    crossed = [0] * width
    with_text = 0
    for band in by_band:
        covered: set[int] = set()
        for c in band:
            covered.update(range(max(0, int(c["x0"] - stack.x0)), min(width, int(c["x1"] - stack.x0) + 1)))
        for x in covered:
            crossed[x] += 1
        with_text += bool(band)
    return crossed, with_text


def _strips(free: list[bool], text_before: int) -> list[tuple[int, int]]:
    """Runs of free points at least MIN_GAP wide, past the first text (the table's left margin
    is not between columns); one reaching the right edge ends at len(free)."""
    out = []
    x = 0
    while x < len(free):
        if not free[x]:
            x += 1
            continue
        start = x
        while x < len(free) and free[x]:
            x += 1
        if start > text_before and x - start >= MIN_GAP:
            out.append((start, x))
    return out


def _first_true(counts: list[int]) -> int:
    return next((i for i, n in enumerate(counts) if n), len(counts))

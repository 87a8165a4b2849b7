"""Ruled tables from line segments: the lattice a table's borders draw, turned into cell boxes.

Shared by every reader that sees a page as drawn rather than as markup: a text PDF's ruling
comes from its path objects, a scanned page's from the lines found in its pixels. Both give
axis-aligned segments in page coordinates (points, y growing downwards); this module knows
nothing of where they came from.

The steps are those of any lattice table finder: nearly equal coordinates are snapped
together, collinear pieces joined, the crossings of horizontal and vertical rules found, and
each crossing's smallest rectangle whose four sides are drawn becomes a cell. Cells that touch
make one table. A merged cell is a rectangle with no rule through it, so spans come for free.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

Box = tuple[float, float, float, float]  # x0, top, x1, bottom

SNAP = 3.0  # rules this close are one rule drawn twice (a filled hairline rectangle has two sides)
JOIN = 3.0  # collinear pieces with a gap this small are one rule (borders drawn cell by cell)
MIN_LENGTH = 3.0  # shorter marks are glyph strokes or dots, not rules
TOUCH = 3.0  # how far a rule may stop short of a crossing and still cross it


@dataclass(frozen=True)
class Segment:
    """An axis-aligned rule: horizontal when top == bottom, vertical when x0 == x1."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return self.bottom - self.top <= self.x1 - self.x0


@dataclass
class Ruled:
    """A table found from its rules: its outer box and the box of every cell."""

    bbox: Box
    cells: list[Box]


def segment(x0: float, y0: float, x1: float, y1: float, tolerance: float = 1.0) -> Segment | None:
    """The rule from (x0, y0) to (x1, y1), or None when it is neither horizontal nor vertical
    (a diagonal, a curve's chord)."""
    if abs(y1 - y0) <= tolerance:
        y = (y0 + y1) / 2
        return Segment(min(x0, x1), y, max(x0, x1), y)
    if abs(x1 - x0) <= tolerance:
        x = (x0 + x1) / 2
        return Segment(x, min(y0, y1), x, max(y0, y1))
    return None


def tables(segments: list[Segment]) -> list[Ruled]:
    """The ruled tables the segments draw, top to bottom."""
    horizontal = _joined(_snapped([s for s in segments if s.horizontal], along_x=False), along_x=True)
    vertical = _joined(_snapped([s for s in segments if not s.horizontal], along_x=True), along_x=False)
    horizontal = [s for s in horizontal if s.x1 - s.x0 >= MIN_LENGTH]
    vertical = [s for s in vertical if s.bottom - s.top >= MIN_LENGTH]
    crossings = _crossings(horizontal, vertical)
    cells = _cells(crossings)
    return sorted((_table(group) for group in _touching(cells)), key=lambda t: (t.bbox[1], t.bbox[0]))


def _snapped(segments: list[Segment], along_x: bool) -> list[Segment]:
    """Rules whose position differs by at most SNAP moved to their mean position: vertical rules
    by x (along_x), horizontal ones by y."""
    def position(s: Segment) -> float:
        return s.x0 if along_x else s.top

    clusters: list[list[Segment]] = []
    for s in sorted(segments, key=position):
        if clusters and position(s) - position(clusters[-1][-1]) <= SNAP:
            clusters[-1].append(s)
        else:
            clusters.append([s])
    out = []
    for cluster in clusters:
        mean = sum(position(s) for s in cluster) / len(cluster)
        for s in cluster:
            out.append(Segment(mean, s.top, mean, s.bottom) if along_x else Segment(s.x0, mean, s.x1, mean))
    return out


def _joined(segments: list[Segment], along_x: bool) -> list[Segment]:
    """Collinear rules that overlap or nearly meet, joined into one: horizontal rules along x
    (along_x), vertical ones along y."""
    by_line: dict[float, list[Segment]] = defaultdict(list)
    for s in segments:
        by_line[s.top if along_x else s.x0].append(s)
    out = []
    for position, line in by_line.items():
        spans = sorted((s.x0, s.x1) if along_x else (s.top, s.bottom) for s in line)
        start, end = spans[0]
        for a, b in spans[1:]:
            if a - end <= JOIN:
                end = max(end, b)
            else:
                out.append(_rule(position, start, end, along_x))
                start, end = a, b
        out.append(_rule(position, start, end, along_x))
    return out


def _rule(position: float, start: float, end: float, along_x: bool) -> Segment:
    return Segment(start, position, end, position) if along_x else Segment(position, start, position, end)


@dataclass
class _Crossing:
    x: float
    y: float
    horizontal: set[int]  # indices of the horizontal rules through it
    vertical: set[int]


def _crossings(horizontal: list[Segment], vertical: list[Segment]) -> dict[tuple[float, float], _Crossing]:
    """Every point where a vertical rule meets a horizontal one, with the rules through it."""
    points: dict[tuple[float, float], _Crossing] = {}
    for vi, v in enumerate(vertical):
        for hi, h in enumerate(horizontal):
            if h.x0 - TOUCH <= v.x0 <= h.x1 + TOUCH and v.top - TOUCH <= h.top <= v.bottom + TOUCH:
                point = points.setdefault((v.x0, h.top), _Crossing(v.x0, h.top, set(), set()))
                point.horizontal.add(hi)
                point.vertical.add(vi)
    return points


def _cells(points: dict[tuple[float, float], _Crossing]) -> list[Box]:
    """For each crossing, the smallest rectangle below and to its right whose four sides are
    drawn: a cell. A merged cell has no crossing inside, so its rectangle is the larger one."""
    by_x: dict[float, list[_Crossing]] = defaultdict(list)
    by_y: dict[float, list[_Crossing]] = defaultdict(list)
    for p in points.values():
        by_x[p.x].append(p)
        by_y[p.y].append(p)
    for column in by_x.values():
        column.sort(key=lambda p: p.y)
    for row in by_y.values():
        row.sort(key=lambda p: p.x)
    cells = []
    for top_left in sorted(points.values(), key=lambda p: (p.y, p.x)):
        below = [p for p in by_x[top_left.x] if p.y > top_left.y and p.vertical & top_left.vertical]
        right = [p for p in by_y[top_left.y] if p.x > top_left.x and p.horizontal & top_left.horizontal]
        box = _smallest_closed(top_left, below, right, points)
        if box is not None:
            cells.append(box)
    return cells


def _smallest_closed(top_left: _Crossing, below: list[_Crossing], right: list[_Crossing],
                     points: dict[tuple[float, float], _Crossing]) -> Box | None:
    for bottom_left in below:
        for top_right in right:
            corner = points.get((top_right.x, bottom_left.y))
            if corner is None:
                continue
            if corner.vertical & top_right.vertical and corner.horizontal & bottom_left.horizontal:
                return top_left.x, top_left.y, corner.x, corner.y
    return None


def _touching(cells: list[Box]) -> list[list[Box]]:
    """Cells grouped into tables: two cells are in one table when they share a corner."""
    corners_of = [{(b[0], b[1]), (b[2], b[1]), (b[0], b[3]), (b[2], b[3])} for b in cells]
    parent = list(range(len(cells)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[float, float], int] = {}
    for i, corners in enumerate(corners_of):
        for corner in corners:
            if corner in owner:
                parent[find(i)] = find(owner[corner])
            else:
                owner[corner] = i
    groups: dict[int, list[Box]] = defaultdict(list)
    for i, box in enumerate(cells):
        groups[find(i)].append(box)
    return list(groups.values())


def _table(cells: list[Box]) -> Ruled:
    bbox = (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))
    return Ruled(bbox, sorted(cells, key=lambda c: (c[1], c[0])))

"""Ruled tables from segments (readers/lattice.py), the part shared by text PDFs and scans."""
from itertools import pairwise

from extractor.readers.lattice import Segment, segment, tables


def grid(xs, ys, skip_vertical=()):
    """The rules of a grid: horizontal rules at ys across, vertical ones at xs down, leaving
    out the vertical pieces listed (x, top) to merge cells."""
    rules = [Segment(xs[0], y, xs[-1], y) for y in ys]
    for x in xs:
        for top, bottom in pairwise(ys):
            if (x, top) not in skip_vertical:
                rules.append(Segment(x, top, x, bottom))
    return rules


def test_a_plain_grid_gives_one_cell_per_rectangle():
    [table] = tables(grid([0, 50, 100], [0, 20, 40]))
    assert table.bbox == (0, 0, 100, 40)
    assert table.cells == [(0, 0, 50, 20), (50, 0, 100, 20), (0, 20, 50, 40), (50, 20, 100, 40)]


def test_a_missing_rule_merges_cells_across_it():
    [table] = tables(grid([0, 50, 100], [0, 20, 40], skip_vertical={(50, 0)}))
    assert table.cells == [(0, 0, 100, 20), (0, 20, 50, 40), (50, 20, 100, 40)]


def test_rules_drawn_twice_or_in_pieces_are_one_rule():
    # a hairline rectangle's two sides 0.5 pt apart, and a border drawn cell by cell with gaps
    rules = [Segment(0, 0, 100, 0), Segment(0, 0.5, 100, 0.5), Segment(0, 40, 48, 40), Segment(50, 40, 100, 40),
             Segment(0, 0, 0, 40), Segment(100, 0, 100, 19), Segment(100, 21, 100, 40)]
    [table] = tables(rules)
    assert len(table.cells) == 1
    assert table.cells[0][2:] == (100, 40)


def test_separate_tables_are_found_apart_and_top_down():
    lower = [Segment(s.x0, s.top + 200, s.x1, s.bottom + 200) for s in grid([0, 100], [0, 30])]
    found = tables(lower + grid([0, 60, 100], [0, 30]))
    assert [len(t.cells) for t in found] == [2, 1]
    assert found[1].bbox[1] == 200


def test_diagonals_and_marks_are_not_rules():
    assert segment(0, 0, 30, 30) is None
    assert segment(0, 0, 30, 0.4) == Segment(0, 0.2, 30, 0.2)
    assert tables([Segment(0, 0, 2, 0), Segment(0, 0, 0, 2)]) == []

"""Planting problems in a copy of a sample, for the reconciler's recall tests.

Every change locates its block or cell by the text it has now and asserts it is found exactly
once, so a change to the original spec fails loudly instead of planting nothing.
"""
from __future__ import annotations

import copy
import importlib.util
from pathlib import Path

from builder import Cell, ContentControl, Para, Row, Sample, Table


def copy_of(spec_file: Path, name: str, description: str) -> Sample:
    spec = importlib.util.spec_from_file_location(f"specs._original_{spec_file.stem}", spec_file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sample = copy.deepcopy(module.SAMPLE)
    sample.name, sample.description = name, description
    return sample


def _walk(blocks):
    """Every Para and Table, in document order (content controls opened)."""
    for block in blocks:
        if isinstance(block, ContentControl):
            yield from _walk(block.blocks)
        else:
            yield block


def _text(cell) -> str:
    return cell.text if isinstance(cell, Cell) else str(cell)


class Planter:
    def __init__(self, sample: Sample):
        self.sample = sample

    def paragraphs(self):
        return [b for b in _walk(self.sample.blocks) if isinstance(b, Para)]

    def replace_in_paragraph(self, old: str, new: str) -> None:
        """Replace the fragment `old` in the one paragraph containing it (exactly once)."""
        hits = [p for p in self.paragraphs() if old in p.text]
        assert len(hits) == 1, (old, len(hits))
        assert hits[0].text.count(old) == 1, old
        hits[0].text = hits[0].text.replace(old, new)

    def replace_in_paragraph_after(self, anchor: str, old: str, new: str) -> None:
        """Replace `old` in the block right after the one paragraph whose text is `anchor`
        (for text repeated in several attachments, such as the 填表人 line)."""
        blocks = list(_walk(self.sample.blocks))
        hits = [i for i, b in enumerate(blocks) if isinstance(b, Para) and b.text == anchor]
        assert len(hits) == 1, (anchor, len(hits))
        target = blocks[hits[0] + 1]
        assert isinstance(target, Para) and target.text.count(old) == 1, (anchor, old)
        target.text = target.text.replace(old, new)

    def set_cell(self, key: str, offset: int, old: str, new: str) -> None:
        """In the one table row holding a cell whose text is exactly `key`, set the cell `offset`
        places to its right (0 = the key cell itself) from `old` to `new`."""
        hits = []
        for table in (b for b in _walk(self.sample.blocks) if isinstance(b, Table)):
            for row in table.rows:
                cells = row.cells if isinstance(row, Row) else row
                hits += [(cells, i) for i, c in enumerate(cells) if _text(c) == key]
        assert len(hits) == 1, (key, len(hits))
        cells, i = hits[0]
        assert _text(cells[i + offset]) == old, (key, _text(cells[i + offset]), old)
        if isinstance(cells[i + offset], Cell):
            cells[i + offset].text = new
        else:
            cells[i + offset] = new

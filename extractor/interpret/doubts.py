"""Table cells a scan may have misread: on a page read by OCR, a short cell with no number in
it (/, —, ……) read with low confidence, where a figure may have stood. A score of 7 read as
"/" is no number, so no record carries it and no finding names it; the totals over its column
then fail. (A cell read as a number is in the records, with its own confidence.) Each such
cell is a Problem (stage UNSURE_CELL), so that the reconciler can
say a finding beside it may rest on a misreading (reconcile.runner.possibly_misread).
"""
from __future__ import annotations

import regex

from ..records import MISREAD_CONFIDENCE, UNSURE_CELL, Problem
from .context import Context

# A figure's cell: a few characters, at most one of them a word character of Chinese (分, 人,
# 万): 7, 98.5, 7分, 100%, /, —. Longer text (an indicator's name, a reason) is not a figure.
_MOST_CHARACTERS = 8
_HAN = regex.compile(r"\p{Han}")
_DIGIT = regex.compile(r"\d")


def find_unsure_cells(ctx: Context) -> list[Problem]:
    problems: list[Problem] = []
    for block, table, _ in ctx.tables():
        for cell in table.cells:
            text = "".join(cell.text.split())
            if not text or len(text) > _MOST_CHARACTERS or len(_HAN.findall(text)) > 1 or _DIGIT.search(text):
                continue  # not a figure's cell, or a number: a record carries it, with its confidence
            confidence = cell.provenance.lowest_confidence(cell.text)
            if confidence is None or confidence >= MISREAD_CONFIDENCE:
                continue
            where = ctx.cell_where(block, table, cell)
            problems.append(Problem(stage=UNSURE_CELL, where=where,
                                    message=f"扫描件第{cell.row + 1}行第{cell.col + 1}列读作“{text}”，"
                                            f"识别置信度{confidence:.2f}"))
    return problems

"""Interpreters: each turns a Document (through a Context) into one kind of record.

`interpret` runs them all in the order they depend on each other: meta first (its budget year
dates need for 截至12月31日), then the table regions every table interpreter shares.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..document import Document
from ..records import (
    BasicData,
    DateRecord,
    Figure,
    FundsItem,
    FundsRow,
    Indicator,
    Meta,
    Problem,
    Reference,
    RubricRow,
    TotalRow,
)
from ..structure import Structure
from .basic_data import read_basic_data
from .context import Context
from .dates import find_dates
from .doubts import find_unsure_cells
from .figures import find_figures
from .funds import read_funds
from .indicators import read_indicators
from .meta import find_meta
from .references import find_references
from .rubric import read_rubric
from .tables import Region, find_regions


@dataclass
class Records:
    meta: Meta
    funds: list[FundsRow] = field(default_factory=list)
    funds_breakdown: list[FundsItem] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    rubric: list[RubricRow] = field(default_factory=list)
    basic_data: BasicData = field(default_factory=BasicData)
    totals: list[TotalRow] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    dates: list[DateRecord] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def interpret(document: Document, structure: Structure) -> Records:
    """Every record of the document. An interpreter that fails loses its own records only
    (and inside it, a failing table row or paragraph loses that row or paragraph): each failure
    is a Problem in `records.problems`, never an exception."""
    ctx = Context(document, structure)
    records = Records(meta=Meta())
    with ctx.part("interpret.meta"):
        records.meta = find_meta(ctx)
    ctx.year = records.meta.year
    regions: list[Region] = []
    with ctx.part("interpret.tables"):
        regions = find_regions(ctx)
    with ctx.part("interpret.funds"):
        records.funds, records.funds_breakdown = read_funds(ctx, regions)
    with ctx.part("interpret.indicators"):
        records.indicators, indicator_totals = read_indicators(ctx, regions)
        records.totals += indicator_totals
    with ctx.part("interpret.rubric"):
        records.rubric, rubric_totals = read_rubric(ctx, regions)
        records.totals += rubric_totals
    with ctx.part("interpret.basic_data"):
        records.basic_data = read_basic_data(ctx, regions)
    with ctx.part("interpret.figures"):
        records.figures = find_figures(ctx)
    with ctx.part("interpret.dates"):
        records.dates = find_dates(ctx, records.meta.year)
    with ctx.part("interpret.references"):
        records.references = find_references(ctx)
    with ctx.part("interpret.doubts"):
        ctx.problems += find_unsure_cells(ctx)
    records.problems = ctx.problems
    return records

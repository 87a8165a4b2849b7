"""Interpreters: each turns a Document (through a Context) into one kind of record.

`interpret` runs them all in the order they depend on each other: meta first (its budget year
dates need for 截至12月31日), then the table regions every table interpreter shares.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..document import Document
from ..records import BasicData, DateRecord, Figure, FundsItem, FundsRow, Indicator, Meta, Reference, RubricRow, TotalRow
from ..structure import Structure
from .basic_data import read_basic_data
from .context import Context
from .dates import find_dates
from .figures import find_figures
from .funds import read_funds
from .indicators import read_indicators
from .meta import find_meta
from .references import find_references
from .rubric import read_rubric
from .tables import find_regions


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


def interpret(document: Document, structure: Structure) -> Records:
    ctx = Context(document, structure)
    meta = find_meta(ctx)
    ctx.year = meta.year
    regions = find_regions(ctx)
    funds, breakdown = read_funds(ctx, regions)
    indicators, indicator_totals = read_indicators(ctx, regions)
    rubric, rubric_totals = read_rubric(ctx, regions)
    return Records(
        meta=meta,
        funds=funds,
        funds_breakdown=breakdown,
        indicators=indicators,
        rubric=rubric,
        basic_data=read_basic_data(ctx, regions),
        totals=indicator_totals + rubric_totals,
        figures=find_figures(ctx),
        dates=find_dates(ctx, meta.year),
        references=find_references(ctx),
    )

"""The record `extract` prints for one filing."""
from __future__ import annotations

from pydantic import BaseModel, Field

from .document import Block
from .readers import Source
from .records import (
    BasicData,
    DateRecord,
    Figure,
    Finding,
    FundsItem,
    FundsRow,
    Indicator,
    Meta,
    Problem,
    Reference,
    RubricRow,
    TotalRow,
)
from .structure import Attachment, Section


class Funds(BaseModel):
    rows: list[FundsRow] = Field(default_factory=list, description="年度资金总额, 当年财政拨款 … with their columns")
    breakdown: list[FundsItem] = Field(default_factory=list, description="按收入性质 / 按支出性质 labelled amounts")


class Report(BaseModel):
    source: Source
    meta: Meta
    attachments: list[Attachment] = Field(description="the 附件 the filing bundles, in order")
    sections: list[Section] = Field(description="section trees of the narrative parts, outermost first")
    funds: Funds
    indicators: list[Indicator]
    rubric: list[RubricRow]
    basic_data: BasicData
    totals: list[TotalRow] = Field(description="every 总分 / 合计 row, as stated")
    figures: list[Figure] = Field(description="every amount, percentage and count in the prose")
    dates: list[DateRecord]
    references: list[Reference] = Field(description="document numbers such as 湘财预〔2021〕330号")
    findings: list[Finding] = Field(default_factory=list, description="what does not add up, with evidence (the reconciler)")
    blocks: list[Block] = Field(description="the body: paragraphs, headings and tables in document order")
    headers: list[Block] = Field(default_factory=list)
    footers: list[Block] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list, description="parts the tool failed on, lost from the "
                                    "record while the rest is complete (empty for a clean run)")

    def holds_filing(self) -> bool:
        """Whether anything of a filing was found: a funds, indicator, rubric or basic-data table,
        a 总分 row, or an attachment of the bundle. A news article or an index page has none."""
        basic = self.basic_data
        return bool(self.funds.rows or self.funds.breakdown or self.indicators or self.rubric or self.totals
                    or basic.staffing or basic.spending or self.attachments)

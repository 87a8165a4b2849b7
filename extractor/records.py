"""The typed records extract builds from a Document: what a user of a filing wants to query.

Every value keeps where it stands (`Where`): a table cell (attachment, table, row, column) or a
stretch of prose (attachment, section path, block, character offsets). Money, rates and scores
are Decimal, exactly as written; `normalised` puts amounts on one scale (万元) so figures stated
in 元, 万元 and 亿元 compare.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Comparator = Literal["=", ">=", "<=", ">", "<"]
ValueKind = Literal["money", "percent", "count", "area", "length", "weight", "volume", "power", "duration", "score", "ratio",
                  "number", "text"]


# A value recognised on a scanned page with less confidence than this is not trusted: a finding
# that rests on it is a warning that the value may be misread, never an error (the PP-OCR
# recogniser gives 0.99 and above to clean print; the misreads measured on the sample scans,
# benchmarks/bench_ocr.py, came with less).
MISREAD_CONFIDENCE = 0.97
# The stage of a Problem that notes a table cell a scan may have misread (interpret.doubts).
UNSURE_CELL = "ocr.unsure_cell"


class Where(BaseModel):
    """Provenance of one value."""

    model_config = ConfigDict(frozen=True)

    attachment: int | None = Field(None, description="the 附件 number, or None before the first attachment")
    table: int | None = None
    row: int | None = None
    col: int | None = None
    block: int | None = Field(None, description="index in the report's blocks")
    section: list[str] | None = Field(None, description="section path of a paragraph")
    start: int | None = Field(None, description="character offset in the paragraph or cell text")
    end: int | None = None
    page: int | None = None
    confidence: float | None = Field(None, description="the lowest OCR confidence of the characters it was read from, "
                                                       "for text recognised on a scanned page; None for a text layer")


class Quantity(BaseModel):
    """A value as written in a cell or in prose, with its parsed number, unit and comparison.

    `95%以上` is value 95, unit %, comparator >=; `5000余万元` is value 5000, unit 万元,
    approx 余, comparator >=; `合规` is a text value.
    """

    raw: str
    kind: ValueKind
    value: Decimal | None = Field(None, description="the number as written, in `unit`")
    unit: str | None = None
    normalised: Decimal | None = Field(None, description="money in 万元, area in 平方米, length in 米; else the value")
    normalised_unit: str | None = None
    comparator: Comparator = "="
    approx: str | None = Field(None, description="the approximation word: 余, 多, 约, 近, 左右, 超过 ...")
    upper: Decimal | None = Field(None, description="the upper end of a range (3-5万元), in `unit`")
    numeral: Literal["arabic", "chinese"] | None = None
    text: str | None = Field(None, description="a qualitative value (合规, 按期完成), or None for numbers")
    where: Where | None = None


class FundsRow(BaseModel):
    """One row of a funds block (年度资金总额, 当年财政拨款, 上年结转资金, 其他资金 …)."""

    attachment: int | None
    project: str | None = None
    label: str
    raw_label: str
    part_of: str | None = Field(None, description="the total this row is a part of (其中 rows)")
    budget_initial: Quantity | None = Field(None, description="年初预算数")
    budget_full: Quantity | None = Field(None, description="全年预算数")
    executed: Quantity | None = Field(None, description="全年执行数")
    weight: Quantity | None = Field(None, description="分值")
    rate: Quantity | None = Field(None, description="执行率")
    score: Quantity | None = Field(None, description="得分")
    where: Where


class FundsItem(BaseModel):
    """A labelled amount in a funds breakdown cell: 按收入性质分：22502.64, 一般公共预算：10673.73."""

    attachment: int | None
    project: str | None = None
    group: str | None = Field(None, description="按收入性质分 / 按支出性质分, for the items under one")
    label: str
    amount: Quantity
    part_of: str | None = None


class Indicator(BaseModel):
    attachment: int | None
    project: str | None = None
    level1: str | None
    level1_weight: Decimal | None = None
    level2: str | None
    level3: str | None
    target: Quantity | None = None
    actual: Quantity | None = None
    weight: Quantity | None = None
    score: Quantity | None = None
    deviation_reason: str | None = None
    where: Where


class Threshold(BaseModel):
    """A band of a rubric criterion: 满意率达90%(含)以上的得8分 -> lower 90 inclusive, points 8."""

    lower: Decimal | None = None
    lower_inclusive: bool = True
    upper: Decimal | None = None
    upper_inclusive: bool = False
    unit: str | None = None
    points: Decimal


class CriterionItem(BaseModel):
    """A numbered item of a rubric criterion: ①设有目标(1分), or a deduction ①虚列套取扣4-7分."""

    text: str
    points: Decimal | None = None
    deduct_min: Decimal | None = None
    deduct_max: Decimal | None = None


class RubricRow(BaseModel):
    attachment: int | None
    level1: str | None
    level1_weight: Decimal | None = None
    level2: str | None
    level2_weight: Decimal | None = None
    level3: str | None
    level3_weight: Decimal | None = None
    detail: str | None = Field(None, description="具体指标")
    criteria: str | None = Field(None, description="评价标准, as written")
    thresholds: list[Threshold] = Field(default_factory=list)
    items: list[CriterionItem] = Field(default_factory=list)
    proportional: bool = Field(False, description="the criterion scores in proportion to completion (同比例扣减)")
    score: Quantity | None = None
    where: Where


class StaffingRecord(BaseModel):
    attachment: int | None
    authorised: Quantity | None = Field(None, description="编制数")
    actual: Quantity | None = Field(None, description="实际在职人数")
    control_rate: Quantity | None = Field(None, description="控制率 as stated; None when left blank")
    where: Where


class SpendingRow(BaseModel):
    """A spending-control row of the basic data table, with its amount per year column."""

    attachment: int | None
    label: str
    raw_label: str
    parent: str | None = Field(None, description="the row this one breaks down (其中, 1. 2. 3. items)")
    values: dict[str, Quantity | None] = Field(description="column header (2021年决算数 …) -> amount")
    unit: str | None = None
    where: Where


class BasicData(BaseModel):
    staffing: list[StaffingRecord] = Field(default_factory=list)
    spending: list[SpendingRow] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list, description="text rows such as 厉行节约保障措施")


class TotalRow(BaseModel):
    """A 总分 or 合计 row, as stated."""

    attachment: int | None
    project: str | None = None
    table_kind: str = Field(description="indicators, rubric, funds, spending")
    label: str
    weight: Quantity | None = None
    score: Quantity | None = None
    weights: list[Quantity] = Field(default_factory=list, description="every 分值 column of the row (rubrics have three)")
    where: Where


class Relation(BaseModel):
    """How a figure is stated: part_of a total (其中), share_of a whole (占…的), change against
    a base (增加826.45万元), base of a comparison (较上年的12216.09万元), rate (到位率100%),
    restatement of the figure before it (约1.30亿元)."""

    kind: Literal["part_of", "share_of", "change", "base", "rate", "restatement"]
    of: str | None = Field(None, description="the named whole, total or base")


class Figure(BaseModel):
    """A number in the prose, with what it measures."""

    quantity: Quantity
    label: str | None = Field(None, description="the noun phrase it measures: 到位资金, 受益居民 …")
    concept: str | None = Field(None, description="the canonical concept of the label, from patterns/concepts.jsonl")
    relation: Relation | None = None
    sentence: str = Field(description="the sentence it stands in; of a run-on sentence over 600 characters, "
                                      "the 600 around the figure, cut ends marked …")
    where: Where


class DateRecord(BaseModel):
    raw: str
    date: str = Field(description="ISO: 2022-12-31, or 2022-03 for a month, 2022 for a year")
    precision: Literal["day", "month", "year"]
    year_inferred: bool = Field(False, description="the year was not written and comes from the report year")
    role: Literal["fill_date", "deadline", "event", "plan", "done", "period", "other"] = Field(
        "event", description="fill_date, deadline (截至…), plan (下一步/计划/拟…), done (已完成/完工 on that date), "
                             "period (a table's year column), other (the year before, when the year's money was given in "
                             "advance: 提前下达), event")
    where: Where


class Reference(BaseModel):
    """A document number: 湘财预〔2021〕330号."""

    raw: str
    authority: str = Field(description="the issuing prefix: 湘财预")
    year: int
    number: str
    title: str | None = Field(None, description="the 《document title》 it belongs to, when given")
    amount: Quantity | None = Field(None, description="the amount the sentence ties to this document")
    where: Where


class Meta(BaseModel):
    department: str | None = None
    year: int | None = Field(None, description="the budget year reviewed (not the filing year)")
    projects: list[str] = Field(default_factory=list)
    filler: str | None = None
    fill_date: str | None = None
    phone: str | None = None
    published: str | None = Field(None, description="a web page's 发布日期 (ISO date), for filings read from a saved page")
    published_by: str | None = Field(None, description="a web page's 来源 or 发布机构")
    where: dict[str, Where] = Field(default_factory=dict, description="field name -> where it was read")


# ------------------------------------------------------------------ findings (the reconciler)

Severity = Literal["error", "warning", "info"]


class Evidence(BaseModel):
    """One value a finding rests on, where it stands and the text around it."""

    model_config = ConfigDict(frozen=True)

    role: str = Field(description="stated, table, total, part, whole, computed …")
    label: str | None = None
    text: str | None = Field(None, description="the value as written")
    value: Decimal | None = None
    where: Where | None = None
    context: str | None = Field(None, description="the sentence or table row it stands in")


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)

    rule: str = Field(description="stable id, e.g. figure.mismatch, sum.parts, score.total")
    severity: Severity
    message: str = Field(description="plain Chinese a reviewer understands")
    expected: str | None = None
    found: str | None = None
    difference: str | None = None
    diagnosis: str | None = Field(None, description="how the values differ: 数字颠倒, 元/万元单位错误, 漏写一位数字 …")
    pairing: str | None = Field(None, description="how the values compared were paired, so a reviewer can judge whether "
                                                  "they belong together: 同一资金行的各列, 句中点名的整体, 按概念配对 …")
    evidence: list[Evidence] = Field(default_factory=list)


class Problem(BaseModel):
    """A part of the filing the tool failed on: lost from the record, reported here, while the
    rest of the record is complete."""

    stage: str = Field(description="what was being done: structure, interpret.figures, interpret.funds …")
    where: Where | None = Field(None, description="the table or paragraph it was working on")
    message: str = Field(description="the error, in one line")

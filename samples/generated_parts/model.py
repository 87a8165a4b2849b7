"""The filing model: what the generator decides before anything is written. Tables and prose are
rendered from it, planting changes it, and the truth file is read from it."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

# ------------------------------------------------------------------ prose


@dataclass
class Fig:
    """A figure written into a narrative paragraph, with its truth annotation."""

    raw: str
    value: str
    unit: str | None
    label: str | None
    relation: tuple[str, str | None] | None = None
    key: str | None = None  # the table value it restates ("funds:P1:executed"), if any
    plantable: frozenset = frozenset()  # plant kinds this figure may carry ("mismatch", "share", "sum")
    whole: Decimal | None = None  # for a share: the numbers it is computed from
    part: Decimal | None = None
    places: str = "0.01"


@dataclass
class DateSeg:
    """A date written into a paragraph: an event, a plan, a period, the fill date."""

    text: str
    kind: str  # event | plan | period | fill | evaluation
    iso: str
    plantable: frozenset = frozenset()


Segment = "str | Fig | DateSeg"


@dataclass
class Para:
    """A paragraph of a narrative report: its segments and how it is presented."""

    segments: list
    role: str = "body"  # body | title | heading | signature
    level: int = 0  # heading level (1 = 一、)
    run_in: list | None = None  # a run-in heading: body segments follow the heading title

    @property
    def text(self) -> str:
        return "".join(seg_text(s) for s in self.segments)

    def figures(self):
        return [s for s in self.segments if isinstance(s, Fig)]


def seg_text(s) -> str:
    if isinstance(s, Fig):
        return s.raw
    if isinstance(s, DateSeg):
        return s.text
    return s


_SLOT = re.compile(r"\{(\w+)\}")


def tpl(template: str, **slots) -> list:
    """Segments of a sentence template: "预算{bf}，执行{ex}" with bf=Fig(...), ex=Fig(...)."""
    out: list = []
    pos = 0
    for m in _SLOT.finditer(template):
        if m.start() > pos:
            out.append(template[pos:m.start()])
        value = slots[m.group(1)]
        out.extend(value if isinstance(value, list) else [value])
        pos = m.end()
    if pos < len(template):
        out.append(template[pos:])
    return out


@dataclass
class Section:
    """A titled section of a report with its paragraphs (lists of segments) and subsections."""

    title: str
    paragraphs: list = field(default_factory=list)  # lists of segments
    children: list = field(default_factory=list)


@dataclass
class Report:
    attachment: int
    kind: str  # overall_report | project_report
    title: str
    project: str | None
    sections: list
    closing: list  # paragraphs after the sections (signature, date)
    paras: list = field(default_factory=list)  # the rendered Para list, set by the renderer
    key: str = ""  # O for the 部门整体 report, else the project's key


# ------------------------------------------------------------------ tables


@dataclass
class Value:
    """A table value: the number (or None for text) and how it is written in the cell."""

    prefix: str = ""  # ≥, 不低于 …
    number: str | None = None
    unit: str = ""
    suffix: str = ""  # 以上, 以内 …
    text: str | None = None  # a qualitative value, or a date as written
    comparator: str = ""  # >=, <= … for the truth

    def cell(self, with_unit: bool = True) -> str:
        if self.number is None:
            return self.text or ""
        return f"{self.prefix}{self.number}{self.unit if with_unit else ''}{self.suffix}"

    def truth(self) -> str | None:
        if self.number is None:
            return self.text or None
        return f"{self.comparator}{self.number}{self.unit}"

    @property
    def dec(self) -> Decimal:
        return Decimal(self.number)


@dataclass
class Indicator:
    level1: str
    level2: str
    level3: str
    target: Value
    actual: Value
    weight: Decimal
    score: Decimal
    reason: str = ""
    kind: str = "quantity"  # quantity | quality | time | cost | benefit | qualitative | satisfaction
    direction: str = ">="  # >=, <=, = (met from above, from below, exactly)
    prose: object = None  # how the narrative restates it (sectors.Output etc.), or None
    measure: str = ""  # 度量单位 for tables that carry that column
    nature: str = "定量"


@dataclass
class Level1:
    name: str
    weight: Decimal  # what its 三级 weights add up to
    level2s: list  # [(name, [Indicator])]
    stated: Decimal | None = None  # the weight the table states, when planted differently

    @property
    def stated_weight(self) -> Decimal:
        return self.weight if self.stated is None else self.stated

    def indicators(self):
        return [i for _, items in self.level2s for i in items]


@dataclass
class FundLine:
    written: str  # the label as written in the table ("其中：当年财政拨款")
    label: str  # cleaned (当年财政拨款)
    budget_initial: Decimal | None
    budget_full: Decimal | None
    executed: Decimal | None
    part_of: str | None = None


@dataclass
class FundsBlock:
    """年度资金总额 and its parts, with 分值, 执行率, 得分 as stated."""

    lines: list  # FundLine, the first is the total
    weight: Decimal
    rate: str | None  # as written ("97.40%"), None when blank
    score: Decimal

    @property
    def total(self) -> FundLine:
        return self.lines[0]

    def true_rate(self) -> Decimal:
        from .numbers import ratio_pct
        return ratio_pct(self.total.executed, self.total.budget_full)


@dataclass
class Project:
    key: str  # P1, P2 …
    name: str
    spec: object  # sectors.ProjectSpec
    funds: FundsBlock
    level1s: list
    total_weight: Decimal
    total_score: Decimal
    goal_plan: str = ""
    goal_done: str = ""
    extras: dict = field(default_factory=dict)  # numbers the narrative needs (subsidy split …)

    def indicators(self):
        return [i for l1 in self.level1s for i in l1.indicators()]


@dataclass
class Overall:
    """The 部门整体 part: funds block with breakdowns, indicators, spending figures."""

    funds: FundsBlock
    income: list  # [(written, label, amount)]
    spending: list  # [(written, label, amount)]
    level1s: list
    total_weight: Decimal
    total_score: Decimal
    goal_plan: str = ""
    goal_done: str = ""
    numbers: dict = field(default_factory=dict)  # 基本支出, 人员经费 … in 万元

    def indicators(self):
        return [i for l1 in self.level1s for i in l1.indicators()]


@dataclass
class BasicRow:
    written: str
    label: str
    parent: str | None
    values: list  # Decimal per column, in the table's unit


@dataclass
class BasicData:
    authorised: int
    actual: int
    control_rate: str | None  # as written, None when blank
    columns: list
    rows: list  # BasicRow
    unit: str
    note: str


@dataclass
class RubricRow:
    level1: str
    level1_weight: Decimal
    level2: str
    level2_weight: Decimal
    level3: str
    level3_weight: Decimal
    detail: str
    criteria: str
    score: Decimal


@dataclass
class Rubric:
    project: str
    rows: list
    total_weight: Decimal
    total_score: Decimal


@dataclass
class Planted:
    rule: str
    severity: str
    what: str
    found: str | None
    expected: str | None
    attachment: int | None = None
    variant: str | None = None
    known_miss: bool = False
    occurrences: int = 1


@dataclass
class Filing:
    name: str
    seed: int
    profile: object  # places.Profile
    shape: str  # overall | project
    basic: BasicData | None
    overall: Overall | None
    projects: list
    rubric: Rubric | None
    fill_dates: dict = field(default_factory=dict)  # attachment key -> date
    reports: list = field(default_factory=list)
    planted: list = field(default_factory=list)
    decoys: list = field(default_factory=list)
    tainted: set = field(default_factory=set)  # table values prose must not restate (planted there)
    attachments: list = field(default_factory=list)  # set by layout: [(number, kind, title, key)]
    layout: dict = field(default_factory=dict)  # layout choices, for the truth and README

    @property
    def year(self) -> int:
        return self.profile.year

    @property
    def fill_date(self) -> date:
        return self.profile.fill_date

"""Every stated value of a Report as one kind of fact, so rules compare prose with tables.

A fact is a quantity with its label, the concept the label names (patterns/concepts.jsonl),
where it came from (a prose figure, a funds row column, a breakdown item, a basic-data cell),
and the text around it for a reviewer. The reconciler only reads records: it never goes back
to the document.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..nlp import concept_patterns
from ..records import Evidence, Figure, Quantity, Relation, Where
from ..report import Report
from .intervals import Interval, of_quantity

FUNDS_COLUMNS = {"budget_initial": "年初预算数", "budget_full": "全年预算数", "executed": "全年执行数"}


@dataclass(frozen=True)
class Fact:
    concept: str | None
    label: str
    quantity: Quantity
    source: str  # figure, funds, breakdown, spending, staffing
    column: str | None
    context: str
    attachment: int | None
    project: str | None = None
    relation: Relation | None = None

    @property
    def where(self) -> Where | None:
        return self.quantity.where

    @property
    def interval(self) -> Interval | None:
        return of_quantity(self.quantity)

    @property
    def in_prose(self) -> bool:
        return self.source == "figure"

    def evidence(self, role: str) -> Evidence:
        return Evidence(role=role, label=self.label, text=self.quantity.raw, value=self.quantity.value,
                        where=self.where, context=self.context)


@lru_cache(maxsize=1)
def _concept_by_text() -> dict[str, str]:
    return {p.pattern: p.concept for p in concept_patterns()}


def concept_of(label: str | None) -> str | None:
    """The concept a table label names, when a concept phrase is the whole label."""
    if not label:
        return None
    by_text = _concept_by_text()
    return by_text.get(label) or by_text.get(label.replace("“", "").replace("”", ""))


def collect(report: Report) -> list[Fact]:
    facts: list[Fact] = []
    facts += _figures(report.figures)
    for row in report.funds.rows:
        context = f"{row.label}：" + "，".join(
            f"{name} {getattr(row, f).raw}" for f, name in FUNDS_COLUMNS.items() if getattr(row, f) is not None)
        for field, name in FUNDS_COLUMNS.items():
            q = getattr(row, field)
            if q is not None and q.value is not None:
                facts.append(Fact(concept_of(row.label), row.label, q, "funds", name, context, row.attachment, row.project))
    for item in report.funds.breakdown:
        if item.amount is not None and item.amount.value is not None:
            facts.append(Fact(concept_of(item.label), item.label, item.amount, "breakdown", item.group,
                              f"{item.label}：{item.amount.raw}", item.attachment, item.project))
    for spent in report.basic_data.spending:
        for column, q in spent.values.items():
            if q is not None and q.value is not None:
                facts.append(Fact(concept_of(spent.label), spent.label, q, "spending", column,
                                  f"{spent.raw_label.strip()} {column} {q.raw}", spent.attachment))
    for s in report.basic_data.staffing:
        for field, label in (("authorised", "编制数"), ("actual", "在职人数")):
            q = getattr(s, field)
            if q is not None and q.value is not None:
                facts.append(Fact(concept_of(label), label, q, "staffing", label, f"{label} {q.raw}", s.attachment))
    return facts


def _figures(figures: list[Figure]) -> list[Fact]:
    return [
        Fact(f.concept, f.label or "", f.quantity, "figure", None, f.sentence, f.where.attachment, relation=f.relation)
        for f in figures
        if f.quantity.value is not None
    ]

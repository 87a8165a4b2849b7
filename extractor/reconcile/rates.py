"""Rates against their own numbers: 执行率 = 全年执行数 / 全年预算数 (funds rows and prose),
控制率 = 实际在职人数 / 编制数 (staffing), a rate left blank that can be computed, and
staffing over its quota."""
from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from ..records import Quantity
from .context import CheckContext, quantity_evidence, round_to, show
from ..records import Finding
from .intervals import of_quantity, ratio_percent, stated


def check(ctx: CheckContext) -> Iterator[Finding]:
    yield from _funds(ctx)
    yield from _staffing(ctx)
    yield from _prose(ctx)


def _stated_rate(rule: str, what: str, rate: Quantity, numerator: tuple[str, Quantity], denominator: tuple[str, Quantity],
                 context: str | None = None) -> Finding | None:
    computed = ratio_percent(of_quantity(numerator[1]), of_quantity(denominator[1]))
    if computed is None or computed.overlaps(stated(rate.value)):
        return None
    exact = numerator[1].normalised / denominator[1].normalised * 100
    return Finding(
        rule=rule, severity="error",
        message=f"{what}填报为{rate.raw}，按{numerator[0]}{numerator[1].raw}÷{denominator[0]}{denominator[1].raw}计算应为{show(round_to(exact, rate.value))}%",
        expected=f"{show(round_to(exact, rate.value))}%", found=rate.raw,
        difference=f"{show(round_to(rate.value - exact, rate.value))}个百分点",
        evidence=[quantity_evidence("stated", what, rate, context),
                  quantity_evidence("numerator", numerator[0], numerator[1], context),
                  quantity_evidence("denominator", denominator[0], denominator[1], context)],
    )


def _funds(ctx: CheckContext) -> Iterator[Finding]:
    for row in ctx.report.funds.rows:
        if row.rate is None or row.rate.value is None or row.executed is None or row.budget_full is None:
            continue
        finding = _stated_rate("rate.mismatch", f"附件{row.attachment}{row.project or ''}{row.label}执行率", row.rate,
                               ("全年执行数", row.executed), ("全年预算数", row.budget_full))
        if finding:
            yield finding


def _staffing(ctx: CheckContext) -> Iterator[Finding]:
    for s in ctx.report.basic_data.staffing:
        if s.authorised is None or s.actual is None or not s.authorised.value:
            continue
        exact = s.actual.value / s.authorised.value * 100
        where = f"附件{s.attachment}财政供养人员情况"
        if s.control_rate is None or s.control_rate.value is None:
            yield Finding(
                rule="rate.missing", severity="warning",
                message=f"{where}控制率未填；按实际在职人数{s.actual.raw}÷编制数{s.authorised.raw}计算为{show(round_to(exact, Decimal('0.01')))}%",
                expected=f"{show(round_to(exact, Decimal('0.01')))}%", found=None,
                evidence=[quantity_evidence("numerator", "实际在职人数", s.actual), quantity_evidence("denominator", "编制数", s.authorised)],
            )
        else:
            finding = _stated_rate("rate.mismatch", f"{where}控制率", s.control_rate, ("实际在职人数", s.actual), ("编制数", s.authorised))
            if finding:
                yield finding
        if s.actual.value > s.authorised.value:
            over = s.actual.value - s.authorised.value
            yield Finding(
                rule="staffing.over_quota", severity="warning",
                message=f"{where}：实际在职{s.actual.raw}超过编制数{s.authorised.raw}，超编{show(over)}人",
                expected=f"≤{s.authorised.raw}", found=s.actual.raw, difference=show(over),
                evidence=[quantity_evidence("actual", "实际在职人数", s.actual), quantity_evidence("authorised", "编制数", s.authorised)],
            )


def _prose(ctx: CheckContext) -> Iterator[Finding]:
    """A 执行率 stated in a paragraph that also states the 执行 and 预算 amounts it comes from."""
    figures = ctx.report.figures
    for i, rate in enumerate(figures):
        if rate.concept != "执行率" or rate.quantity.unit != "%" or rate.quantity.approx:
            continue
        same_block = [f for f in figures[:i] if f.where.block == rate.where.block and f.quantity.kind == "money"
                      and (f.relation is None or f.relation.kind == "part_of")]
        executed = next((f for f in reversed(same_block) if "执行" in (f.label or "") or "支出" in (f.label or "")), None)
        budget = next((f for f in reversed(same_block) if "预算" in (f.label or "")), None)
        if executed and budget and executed is not budget:
            finding = _stated_rate("rate.mismatch", f"附件{rate.where.attachment}文字{rate.label}", rate.quantity,
                                   (executed.label, executed.quantity), (budget.label, budget.quantity), rate.sentence)
            if finding:
                yield finding

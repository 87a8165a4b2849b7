"""Rates against their own numbers: 执行率 = 全年执行数 / 全年预算数 (funds rows and prose),
控制率 = 实际在职人数 / 编制数 (staffing), a rate left blank that can be computed, and
staffing over its quota."""
from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Iterator

from ..records import Finding, Quantity
from .context import CheckContext, quantity_evidence, round_to, show
from .intervals import normalised, of_quantity, ratio_percent, stated
from .runner import Comparison, Operand


def check(ctx: CheckContext) -> Iterator[Comparison]:
    yield from _funds(ctx)
    yield from _staffing(ctx)
    yield from _prose(ctx)


def _number(q: Quantity | None) -> bool:
    return q is not None and q.value is not None and q.normalised is not None


def _stated_rate(rule: str, what: str, rate: Quantity, numerator: tuple[str, Quantity], denominator: tuple[str, Quantity],
                 context: str | None = None) -> Comparison:
    operands = (Operand("stated", what, rate, context), Operand("numerator", *numerator, context),
                Operand("denominator", *denominator, context))
    return Comparison(rule, what, operands, partial(_rate_finding, rule, what, rate, numerator, denominator, context))


def _rate_finding(rule, what, rate, numerator, denominator, context) -> Finding | None:
    computed = ratio_percent(of_quantity(numerator[1]), of_quantity(denominator[1]))
    if computed is None or computed.overlaps(stated(rate.value)):
        return None
    exact = normalised(numerator[1]) / normalised(denominator[1]) * 100
    expected = f"{show(round_to(exact, rate.value))}%"
    return Finding(
        rule=rule, severity="error",
        message=f"{what}填报为{rate.raw}，按{numerator[0]}{numerator[1].raw}÷{denominator[0]}{denominator[1].raw}计算应为{expected}",
        expected=expected, found=rate.raw,
        difference=f"{show(round_to(rate.value - exact, rate.value))}个百分点",
        evidence=[quantity_evidence("stated", what, rate, context),
                  quantity_evidence("numerator", numerator[0], numerator[1], context),
                  quantity_evidence("denominator", denominator[0], denominator[1], context)],
    )


def _funds(ctx: CheckContext) -> Iterator[Comparison]:
    for row in ctx.report.funds.rows:
        if row.rate is not None and row.rate.value is not None and _number(row.executed) and _number(row.budget_full):
            yield _stated_rate("rate.mismatch", f"附件{row.attachment}{row.project or ''}{row.label}执行率", row.rate,
                               ("全年执行数", row.executed), ("全年预算数", row.budget_full))


def _staffing(ctx: CheckContext) -> Iterator[Comparison]:
    for s in ctx.report.basic_data.staffing:
        if not (_number(s.authorised) and _number(s.actual)):
            continue  # 142（含借调5人）, 见附表: nothing to compute from
        where = f"附件{s.attachment}财政供养人员情况"
        if s.control_rate is not None and s.control_rate.value is not None:
            yield _stated_rate("rate.mismatch", f"{where}控制率", s.control_rate,
                               ("实际在职人数", s.actual), ("编制数", s.authorised))
        else:
            yield Comparison("rate.missing", f"{where}控制率", _staff_operands(s), partial(_missing_rate, where, s))
        yield Comparison("staffing.over_quota", f"{where}实际在职人数", _staff_operands(s), partial(_over_quota, where, s))


def _staff_operands(s) -> tuple[Operand, ...]:
    return Operand("numerator", "实际在职人数", s.actual), Operand("denominator", "编制数", s.authorised)


def _missing_rate(where: str, s) -> Finding | None:
    if not s.authorised.value:
        return None
    computed = f"{show(round_to(s.actual.value / s.authorised.value * 100, Decimal('0.01')))}%"
    return Finding(
        rule="rate.missing", severity="warning",
        message=f"{where}控制率未填；按实际在职人数{s.actual.raw}÷编制数{s.authorised.raw}计算为{computed}",
        expected=computed, found=None, evidence=[o.evidence() for o in _staff_operands(s)],
    )


def _over_quota(where: str, s) -> Finding | None:
    if not s.authorised.value or s.actual.value <= s.authorised.value:
        return None
    over = s.actual.value - s.authorised.value
    return Finding(
        rule="staffing.over_quota", severity="warning",
        message=f"{where}：实际在职{s.actual.raw}超过编制数{s.authorised.raw}，超编{show(over)}人",
        expected=f"≤{s.authorised.raw}", found=s.actual.raw, difference=show(over),
        evidence=[quantity_evidence("actual", "实际在职人数", s.actual), quantity_evidence("authorised", "编制数", s.authorised)],
    )


def _prose(ctx: CheckContext) -> Iterator[Comparison]:
    """A 执行率 stated in a paragraph that also states the 执行 and 预算 amounts it comes from:
    the latest of each before it in its paragraph, kept as the figures go by (one pass)."""
    block, executed, budget = None, None, None
    for rate in ctx.report.figures:
        if rate.where.block != block:
            block, executed, budget = rate.where.block, None, None
        if rate.concept == "执行率" and rate.quantity.unit == "%" and not rate.quantity.approx:
            if executed and budget and executed is not budget and rate.quantity.value is not None:
                yield _stated_rate("rate.mismatch", f"附件{rate.where.attachment}文字{rate.label}", rate.quantity,
                                   (executed.label, executed.quantity), (budget.label, budget.quantity), rate.sentence)
        if rate.quantity.kind == "money" and (rate.relation is None or rate.relation.kind == "part_of"):
            label = rate.label or ""
            if "执行" in label or "支出" in label:
                executed = rate
            if "预算" in label:
                budget = rate

"""Rates against their own numbers: 执行率 = 全年执行数 / 全年预算数 (funds rows and prose),
控制率 = 实际在职人数 / 编制数 (staffing), a rate left blank that can be computed, and
staffing over its quota."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Iterator

from ..records import Figure, Finding, StaffingRecord
from .context import CheckContext, quantity_evidence, round_to, show
from .intervals import Amount, Number, amount, exact_count, number, ratio_percent, stated_rate
from .runner import Comparison, Operand, not_numbers


def check(ctx: CheckContext) -> Iterator[Comparison | Finding | None]:
    yield from _funds(ctx)
    yield from _staffing(ctx)
    yield from _prose(ctx)


@dataclass(frozen=True)
class _Term:
    """The numerator or the denominator of a rate: what it is called and its amount."""

    label: str | None
    amount: Amount


@dataclass(frozen=True)
class _StatedRate:
    """A rate as stated (a number), with the two amounts it should be the quotient of."""

    rule: str
    what: str
    rate: Number
    numerator: _Term
    denominator: _Term
    pairing: str
    context: str | None = None

    def comparison(self) -> Comparison:
        operands = (Operand("stated", self.what, self.rate.quantity, self.context),
                    Operand("numerator", self.numerator.label, self.numerator.amount.quantity, self.context),
                    Operand("denominator", self.denominator.label, self.denominator.amount.quantity, self.context))
        return Comparison(self.rule, self.what, operands, partial(_rate_finding, self), pairing=self.pairing)


def _rate_finding(r: _StatedRate) -> Finding | None:
    numerator, denominator, rate = r.numerator.amount, r.denominator.amount, r.rate
    computed = ratio_percent(exact_count(numerator), exact_count(denominator))
    if computed is None or computed.overlaps(stated_rate(rate.value)):
        return None
    exact = numerator.exact() / denominator.exact() * 100
    expected = f"{show(round_to(exact, rate.value))}%"
    return Finding(
        rule=r.rule, severity="error",
        message=f"{r.what}填报为{rate.quantity.raw}，按{r.numerator.label}{numerator.quantity.raw}"
                f"÷{r.denominator.label}{denominator.quantity.raw}计算应为{expected}",
        expected=expected, found=rate.quantity.raw,
        difference=f"{show(round_to(rate.value - exact, rate.value))}个百分点",
        evidence=[quantity_evidence("stated", r.what, rate.quantity, r.context),
                  quantity_evidence("numerator", r.numerator.label, numerator.quantity, r.context),
                  quantity_evidence("denominator", r.denominator.label, denominator.quantity, r.context)],
    )


_SAME_FUNDS_ROW = "同一资金行的执行率、全年执行数与全年预算数"
_SAME_STAFFING_ROW = "同一人员编制行的控制率、实际在职人数与编制数"


def _funds(ctx: CheckContext) -> Iterator[Comparison | Finding | None]:
    for row in ctx.report.funds.rows:
        rate, executed, budget = number(row.rate), amount(row.executed), amount(row.budget_full)
        what = f"附件{row.attachment}{row.project or ''}{row.label}执行率"
        if rate is not None and executed is not None and budget is not None:
            yield _StatedRate("rate.mismatch", what, rate, _Term("全年执行数", executed),
                              _Term("全年预算数", budget), _SAME_FUNDS_ROW).comparison()
        elif row.rate is None and row.part_of is None and row.weight is not None and executed and budget:
            # the form's own rate row (it carries the 分值) left blank: the rate it should state
            operands = (Operand("numerator", "全年执行数", row.executed), Operand("denominator", "全年预算数", row.budget_full))
            yield Comparison("rate.missing", what, operands,
                             partial(_missing, what, _Term("全年执行数", executed), _Term("全年预算数", budget), operands),
                             pairing=_SAME_FUNDS_ROW)
        else:
            yield not_numbers("rate.mismatch", what, (Operand("stated", what, row.rate),
                                                      Operand("numerator", "全年执行数", row.executed),
                                                      Operand("denominator", "全年预算数", row.budget_full)),
                              _SAME_FUNDS_ROW)


@dataclass(frozen=True)
class _Staff:
    """A staffing row whose 实际在职人数 and 编制数 are both numbers."""

    where: str  # 附件N财政供养人员情况
    record: StaffingRecord
    actual: Amount
    authorised: Amount

    def operands(self) -> tuple[Operand, ...]:
        return (Operand("numerator", "实际在职人数", self.record.actual),
                Operand("denominator", "编制数", self.record.authorised))


def _staffing(ctx: CheckContext) -> Iterator[Comparison | Finding | None]:
    for s in ctx.report.basic_data.staffing:
        actual, authorised = amount(s.actual), amount(s.authorised)
        if actual is None or authorised is None:  # 142（含借调5人）, 见附表: nothing to compute from
            yield not_numbers("rate.missing", f"附件{s.attachment}财政供养人员情况控制率",
                              (Operand("numerator", "实际在职人数", s.actual), Operand("denominator", "编制数", s.authorised)),
                              _SAME_STAFFING_ROW)
            continue
        staff = _Staff(f"附件{s.attachment}财政供养人员情况", s, actual, authorised)
        control_rate = number(s.control_rate)
        if control_rate is not None:
            yield _StatedRate("rate.mismatch", f"{staff.where}控制率", control_rate,
                              _Term("实际在职人数", actual), _Term("编制数", authorised), _SAME_STAFFING_ROW).comparison()
        else:
            yield Comparison("rate.missing", f"{staff.where}控制率", staff.operands(),
                             partial(_missing, f"{staff.where}控制率", _Term("实际在职人数", actual), _Term("编制数", authorised),
                                     staff.operands()), pairing=_SAME_STAFFING_ROW)
        yield Comparison("staffing.over_quota", f"{staff.where}实际在职人数", staff.operands(), partial(_over_quota, staff),
                         pairing="同一人员编制行的实际在职人数与编制数")


def _missing(what: str, numerator: _Term, denominator: _Term, operands: tuple[Operand, ...]) -> Finding | None:
    """A rate left blank (控制率, a funds form's 执行率), with the value its own numbers give."""
    if not denominator.amount.value:
        return None
    computed = f"{show(round_to(numerator.amount.exact() / denominator.amount.exact() * 100, Decimal('0.01')))}%"
    return Finding(
        rule="rate.missing", severity="warning",
        message=f"{what}未填；按{numerator.label}{numerator.amount.quantity.raw}÷{denominator.label}"
                f"{denominator.amount.quantity.raw}计算为{computed}",
        expected=computed, found=None, evidence=[o.evidence() for o in operands],
    )


def _over_quota(staff: _Staff) -> Finding | None:
    actual, authorised = staff.actual, staff.authorised
    if not authorised.value or actual.value <= authorised.value:
        return None
    over = actual.value - authorised.value
    return Finding(
        rule="staffing.over_quota", severity="warning",
        message=f"{staff.where}：实际在职{actual.quantity.raw}超过编制数{authorised.quantity.raw}，超编{show(over)}人",
        expected=f"≤{authorised.quantity.raw}", found=actual.quantity.raw, difference=show(over),
        evidence=[quantity_evidence("actual", "实际在职人数", actual.quantity),
                  quantity_evidence("authorised", "编制数", authorised.quantity)],
    )


def _prose(ctx: CheckContext) -> Iterator[Comparison]:
    """A 执行率 stated in a paragraph that also states the 执行 and 预算 amounts it comes from:
    the latest of each before it in its paragraph, kept as the figures go by (one pass)."""
    block, executed, budget = None, None, None
    for rate in ctx.report.figures:
        if rate.where.block != block:
            block, executed, budget = rate.where.block, None, None
        if rate.concept == "执行率" and rate.quantity.unit == "%" and not rate.quantity.approx:
            stated_rate = number(rate.quantity)
            if executed and budget and executed is not budget and stated_rate is not None:
                yield from _prose_rate(f"附件{rate.where.attachment}文字{rate.label}", stated_rate, executed, budget,
                                       rate.sentence)
        if rate.quantity.kind == "money" and (rate.relation is None or rate.relation.kind == "part_of"):
            label = rate.label or ""
            if "执行" in label or "支出" in label:
                executed = rate
            if "预算" in label:
                budget = rate


def _prose_rate(what: str, rate: Number, executed: Figure, budget: Figure, context: str) -> Iterator[Comparison]:
    """The comparison of a prose 执行率 with the amounts before it, when both are numbers."""
    numerator, denominator = amount(executed.quantity), amount(budget.quantity)
    if numerator is not None and denominator is not None:
        yield _StatedRate("rate.mismatch", what, rate, _Term(executed.label, numerator), _Term(budget.label, denominator),
                          "同一段落中执行率之前最近的执行（支出）金额与预算金额", context).comparison()

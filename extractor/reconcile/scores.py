"""Scores against their weights and totals: 总分 vs the sum of 得分, each 得分 ≤ 分值, 三级
weights vs their 一级 weight, the funds score vs 分值 × 执行率, a deducted score with no
偏差原因, a target not met but full marks, a rubric threshold contradicted."""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from functools import partial
from typing import Iterator

from ..records import Evidence, Finding, Indicator, Quantity
from .context import CheckContext, compared, listed, not_listed, quantity_evidence, round_to, show
from .intervals import Interval, stated, total
from .runner import Comparison, Operand


def check(ctx: CheckContext) -> Iterator[Comparison]:
    yield from _indicator_totals(ctx)
    yield from _rubric_totals(ctx)
    yield from _over_weight(ctx)
    yield from _level_weights(ctx)
    yield from _funds_score(ctx)
    yield from _deductions(ctx)
    yield from _unmet_full_marks(ctx)
    yield from _rubric_thresholds(ctx)


def _v(q: Quantity | None) -> Decimal | None:
    return q.value if q is not None and q.kind in ("score", "number") else None


def score_interval(value: Decimal) -> Interval:
    """Whole-number scores are awarded, not rounded: exact. A score with decimals (4.77) may be
    rounded from a computed one, so it stands for its interval."""
    exponent = value.as_tuple().exponent
    return stated(value) if isinstance(exponent, int) and exponent < 0 else Interval(value, value)


def _sum_matches(stated_q: Quantity, values: list[Decimal]) -> bool:
    return total([score_interval(v) for v in values]).overlaps(score_interval(stated_q.value))


def _where(i: Indicator) -> str:
    return f"附件{i.attachment}{i.project or ''}“{i.level3}”"


def _form_key(attachment, project):
    return attachment, project


def _score_and_weight(i: Indicator) -> tuple[Operand, Operand]:
    return Operand("score", i.level3, i.score), Operand("weight", i.level3, i.weight)


def _indicator_totals(ctx: CheckContext) -> Iterator[Comparison]:
    indicators = defaultdict(list)
    for i in ctx.report.indicators:
        indicators[_form_key(i.attachment, i.project)].append(i)
    funds = {_form_key(f.attachment, f.project): f for f in ctx.report.funds.rows if f.part_of is None and f.score}
    for t in ctx.report.totals:
        if t.table_kind != "indicators":
            continue
        rows = indicators.get(_form_key(t.attachment, t.project), [])
        fund = funds.get(_form_key(t.attachment, t.project))
        for field, name in (("score", "得分"), ("weight", "分值")):
            stated_q = getattr(t, field)
            parts = [(i.level3, getattr(i, field)) for i in rows if _v(getattr(i, field)) is not None]
            if stated_q is None or stated_q.value is None or not parts:
                continue
            fund_q = getattr(fund, field) if fund else None
            counted = fund_q if _v(fund_q) is not None else None  # the 预算执行率 score, when the total may include it
            operands = [Operand("total", t.label, stated_q)] + [Operand("part", label, q) for label, q in parts]
            operands += [Operand("part", "预算执行率", counted)] if counted else []
            yield Comparison("score.total", f"附件{t.attachment}{t.project or ''}{t.label}{name}", operands,
                             partial(_indicator_total, t, name, stated_q, rows, field, counted))


def _indicator_total(t, name: str, stated_q: Quantity, rows: list[Indicator], field: str,
                     fund_q: Quantity | None) -> Finding | None:
    values = [_v(getattr(i, field)) for i in rows if _v(getattr(i, field)) is not None]
    extra = [fund_q.value] if fund_q else []
    if _sum_matches(stated_q, values) or (extra and _sum_matches(stated_q, values + extra)):
        return None
    expected = sum(values + extra)
    shown, left_out = listed([i for i in rows if getattr(i, field) is not None])
    return Finding(
        rule="score.total", severity="error",
        message=f"附件{t.attachment}{t.project or ''}{t.label}{name}为{stated_q.raw}，各项{name}合计为{show(expected)}"
                + ("（含预算执行率）" if extra else "") + not_listed(left_out),
        **compared(expected, stated_q.value),
        evidence=[quantity_evidence("total", t.label, stated_q)]
        + [quantity_evidence("part", i.level3, getattr(i, field)) for i in shown]
        + ([quantity_evidence("part", "预算执行率", fund_q)] if extra else []),
    )


def _rubric_totals(ctx: CheckContext) -> Iterator[Comparison]:
    by_attachment = defaultdict(list)
    for r in ctx.report.rubric:
        by_attachment[r.attachment].append(r)
    for t in ctx.report.totals:
        if t.table_kind != "rubric":
            continue
        mine = by_attachment.get(t.attachment, [])
        checks = [("自评得分", t.score, [_v(r.score) for r in mine if _v(r.score) is not None])]
        level_sums = [
            ("一级指标分值", {(r.level1,): r.level1_weight for r in mine if r.level1_weight is not None}),
            ("二级指标分值", {(r.level1, r.level2): r.level2_weight for r in mine if r.level2_weight is not None}),
            ("三级指标分值", {(r.level1, r.level2, r.level3): r.level3_weight for r in mine if r.level3_weight is not None}),
        ]
        for (name, weights), stated_q in zip(level_sums, t.weights, strict=False):  # a total may state fewer levels
            checks.append((name, stated_q, list(weights.values())))
        for name, stated_q, values in checks:
            if stated_q is None or stated_q.value is None or not values:
                continue
            yield Comparison("score.total", f"附件{t.attachment}评分表{t.label}{name}", [Operand("total", t.label, stated_q)],
                             partial(_rubric_total, t, name, stated_q, values), numbers=values)


def _rubric_total(t, name: str, stated_q: Quantity, values: list[Decimal]) -> Finding | None:
    if _sum_matches(stated_q, values):
        return None
    return Finding(
        rule="score.total", severity="error",
        message=f"附件{t.attachment}评分表{t.label}{name}为{stated_q.raw}，各项合计为{show(sum(values))}",
        **compared(sum(values), stated_q.value),
        evidence=[quantity_evidence("total", t.label, stated_q)],
    )


def _over_weight(ctx: CheckContext) -> Iterator[Comparison]:
    for i in ctx.report.indicators:
        if _v(i.score) is not None and _v(i.weight) is not None:
            yield Comparison("score.over_weight", f"{_where(i)}得分", _score_and_weight(i), partial(_indicator_over_weight, i))
    for r in ctx.report.rubric:
        if _v(r.score) is not None and r.level3_weight is not None:
            yield Comparison("score.over_weight", f"附件{r.attachment}评分表“{r.level3}”自评得分",
                             [Operand("score", r.level3, r.score)], partial(_rubric_over_weight, r), numbers=[r.level3_weight])


def _indicator_over_weight(i: Indicator) -> Finding | None:
    if i.score.value <= i.weight.value:
        return None
    return Finding(
        rule="score.over_weight", severity="error",
        message=f"{_where(i)}得分{i.score.raw}超过其分值{i.weight.raw}",
        expected=f"≤{show(i.weight.value)}", found=show(i.score.value), difference=show(i.score.value - i.weight.value),
        evidence=[quantity_evidence("score", i.level3, i.score), quantity_evidence("weight", i.level3, i.weight)],
    )


def _rubric_over_weight(r) -> Finding | None:
    if r.score.value <= r.level3_weight:
        return None
    return Finding(
        rule="score.over_weight", severity="error",
        message=f"附件{r.attachment}评分表“{r.level3}”自评得分{r.score.raw}超过其分值{show(r.level3_weight)}",
        expected=f"≤{show(r.level3_weight)}", found=show(r.score.value),
        evidence=[quantity_evidence("score", r.level3, r.score)],
    )


def _level_weights(ctx: CheckContext) -> Iterator[Comparison]:
    groups = defaultdict(list)
    for i in ctx.report.indicators:
        if i.level1_weight is not None and i.level1 != i.level3:
            groups[(i.attachment, i.project, i.level1, i.level1_weight)].append(i)
    for (attachment, project, level1, weight), rows in groups.items():
        weighted = [i for i in rows if _v(i.weight) is not None]
        if weighted:
            yield Comparison("score.level_weights", f"附件{attachment}{project or ''}{level1}分值",
                             [Operand("part", i.level3, i.weight) for i in weighted],
                             partial(_level_weight, attachment, project, level1, weight, rows), numbers=[weight])
    yield from _rubric_level_weights(ctx)


def _level_weight(attachment, project, level1: str, weight: Decimal, rows: list[Indicator]) -> Finding | None:
    values = [_v(i.weight) for i in rows if _v(i.weight) is not None]
    if total([score_interval(v) for v in values]).overlaps(score_interval(weight)):
        return None
    shown, left_out = listed([i for i in rows if i.weight is not None])
    return Finding(
        rule="score.level_weights", severity="error",
        message=f"附件{attachment}{project or ''}{level1}分值为{show(weight)}，其下三级指标分值合计为{show(sum(values))}"
                + not_listed(left_out),
        **compared(weight, sum(values)),
        evidence=[quantity_evidence("part", i.level3, i.weight) for i in shown],
    )


def _rubric_level_weights(ctx: CheckContext) -> Iterator[Comparison]:
    rows = ctx.report.rubric
    by_level2 = defaultdict(list)
    by_level1 = defaultdict(dict)
    for r in rows:
        by_level2[(r.attachment, r.level1, r.level2, r.level2_weight)].append(r.level3_weight)
        by_level1[(r.attachment, r.level1, r.level1_weight)][r.level2] = r.level2_weight
    for groups, what in ((by_level2, "二级"), (by_level1, "一级")):
        for key, children in groups.items():
            weight = key[-1]
            values = [v for v in (children.values() if isinstance(children, dict) else children) if v is not None]
            if weight is None or not values:
                continue
            yield Comparison("score.level_weights", f"附件{key[0]}评分表{what}指标“{key[-2]}”分值", [],
                             partial(_rubric_level_weight, key, what, weight, values), numbers=[weight, *values])


def _rubric_level_weight(key: tuple, what: str, weight: Decimal, values: list[Decimal]) -> Finding | None:
    if total([score_interval(v) for v in values]).overlaps(score_interval(weight)):
        return None
    return Finding(
        rule="score.level_weights", severity="error",
        message=f"附件{key[0]}评分表{what}指标“{key[-2]}”分值为{show(weight)}，其下指标分值合计为{show(sum(values))}",
        **compared(weight, sum(values)),
    )


def _funds_score(ctx: CheckContext) -> Iterator[Comparison]:
    for f in ctx.report.funds.rows:
        if _v(f.weight) is None or _v(f.score) is None or f.rate is None or f.rate.unit != "%" or f.rate.value is None:
            continue
        operands = [Operand("score", f.label, f.score), Operand("weight", f.label, f.weight), Operand("rate", f.label, f.rate)]
        yield Comparison("score.funds", f"附件{f.attachment}{f.project or ''}预算执行率得分", operands, partial(_fund_score, f))


def _fund_score(f) -> Finding | None:
    rate = stated(f.rate.value)
    computed = Interval(min(rate.lo, Decimal(100)), min(rate.hi, Decimal(100))).scale(f.weight.value / 100)
    if computed.overlaps(score_interval(f.score.value)):
        return None
    expected = round_to(f.weight.value * min(f.rate.value, Decimal(100)) / 100, f.score.value)
    return Finding(
        rule="score.funds", severity="error",
        message=f"附件{f.attachment}{f.project or ''}预算执行率得分为{f.score.raw}，"
                f"按分值{f.weight.raw}×执行率{f.rate.raw}应为{show(expected)}",
        **compared(expected, f.score.value),
        evidence=[quantity_evidence("score", f.label, f.score), quantity_evidence("weight", f.label, f.weight),
                  quantity_evidence("rate", f.label, f.rate)],
    )


def _deductions(ctx: CheckContext) -> Iterator[Comparison]:
    for i in ctx.report.indicators:
        if _v(i.score) is not None and _v(i.weight) is not None and not i.deviation_reason:
            yield Comparison("score.deduction_without_reason", f"{_where(i)}得分", _score_and_weight(i), partial(_deduction, i))


def _deduction(i: Indicator) -> Finding | None:
    if i.score.value >= i.weight.value:
        return None
    return Finding(
        rule="score.deduction_without_reason", severity="warning",
        message=f"{_where(i)}扣分（{i.score.raw}/{i.weight.raw}）但未填写偏差原因",
        expected="偏差原因分析及改进措施", found=f"{show(i.score.value)}/{show(i.weight.value)}",
        difference=show(i.score.value - i.weight.value),
        evidence=[quantity_evidence("score", i.level3, i.score), quantity_evidence("weight", i.level3, i.weight)],
    )


_MET = {
    ">=": lambda a, t: a >= t, ">": lambda a, t: a > t, "<=": lambda a, t: a <= t, "<": lambda a, t: a < t,
    "=": lambda a, t: a >= t,  # a plain target is a level to reach
}


def target_met(target: Quantity, actual: Quantity) -> bool | None:
    """Whether an actual value meets a quantitative target; None when they cannot be compared."""
    if target.normalised is None or actual.normalised is None or target.upper is not None:
        return None
    if target.normalised_unit != actual.normalised_unit or actual.comparator != "=":
        return None
    return _MET[target.comparator](actual.normalised, target.normalised)


def _unmet_full_marks(ctx: CheckContext) -> Iterator[Comparison]:
    for i in ctx.report.indicators:
        if i.target and i.actual and _v(i.score) is not None and _v(i.weight) is not None:
            operands = [Operand("target", i.level3, i.target), Operand("actual", i.level3, i.actual), *_score_and_weight(i)]
            yield Comparison("score.full_marks_unmet", f"{_where(i)}目标完成情况", operands, partial(_unmet_full_mark, i))


def _unmet_full_mark(i: Indicator) -> Finding | None:
    if target_met(i.target, i.actual) is not False or i.score.value < i.weight.value:
        return None
    return Finding(
        rule="score.full_marks_unmet", severity="warning",
        message=f"{_where(i)}目标{i.target.raw}、实际{i.actual.raw}，未达目标却得满分{i.score.raw}",
        expected=f"<{show(i.weight.value)}", found=show(i.score.value),
        evidence=[quantity_evidence("target", i.level3, i.target), quantity_evidence("actual", i.level3, i.actual),
                  quantity_evidence("score", i.level3, i.score)],
    )


def _rubric_thresholds(ctx: CheckContext) -> Iterator[Comparison]:
    projects = {i.project for i in ctx.report.indicators if i.project}
    if len(projects) != 1:
        return  # which project a rubric scores is only clear when there is one
    satisfaction = [i for i in ctx.report.indicators if i.project and "满意" in f"{i.level2}{i.level3}"
                    and i.actual is not None and i.actual.unit == "%" and i.actual.value is not None]
    if len(satisfaction) != 1:
        return
    indicator = satisfaction[0]
    for r in ctx.report.rubric:
        if r.thresholds and _v(r.score) is not None:
            operands = [Operand("actual", indicator.level3, indicator.actual), Operand("score", r.level3, r.score)]
            bounds = [b for t in r.thresholds for b in (t.lower, t.upper, t.points) if b is not None]
            yield Comparison("score.rubric_threshold", f"附件{r.attachment}评分表“{r.level3}”评分标准", operands,
                             partial(_rubric_threshold, r, indicator), numbers=bounds)


def _rubric_threshold(r, indicator: Indicator) -> Finding | None:
    actual = indicator.actual
    band = next((t for t in r.thresholds if _in_band(actual.value, t)), None)
    if band is None or r.score.value <= band.points:
        return None
    return Finding(
        rule="score.rubric_threshold", severity="warning",
        message=f"附件{r.attachment}评分表“{r.level3}”：满意度{actual.raw}按评分标准应得{show(band.points)}分，自评{r.score.raw}",
        **compared(band.points, r.score.value),
        evidence=[quantity_evidence("actual", indicator.level3, actual),
                  Evidence(role="criteria", label=r.level3, text=r.criteria, where=r.where),
                  quantity_evidence("score", r.level3, r.score)],
    )


def _in_band(value: Decimal, t) -> bool:
    above = t.lower is None or (value >= t.lower if t.lower_inclusive else value > t.lower)
    below = t.upper is None or (value <= t.upper if t.upper_inclusive else value < t.upper)
    return above and below

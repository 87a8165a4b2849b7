"""Scores against their weights and totals: 总分 vs the sum of 得分, each 得分 ≤ 分值, 三级
weights vs their 一级 weight, the funds score vs 分值 × 执行率, a deducted score with no
偏差原因, a target not met but full marks, a rubric threshold contradicted."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Callable, Iterable, Iterator

from ..records import Evidence, Finding, FundsRow, Indicator, Quantity, RubricRow, Threshold, TotalRow
from .context import CheckContext, compared, listed, not_listed, quantity_evidence, round_to, show
from .intervals import Interval, Number, number, stated, total
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


def _scored(q: Quantity | None) -> Number | None:
    """A 得分 or 分值 cell that holds a score (what _v reads), with its value."""
    value = _v(q)
    return Number(q, value) if q is not None and value is not None else None


def _values(cells: Iterable[Quantity | None]) -> list[Decimal]:
    """The scores of the cells that hold one, in order."""
    return [v for q in cells if (v := _v(q)) is not None]


def _sum(values: list[Decimal]) -> Decimal:
    return sum(values, Decimal(0))


def score_interval(value: Decimal) -> Interval:
    """Whole-number scores are awarded, not rounded: exact. A score with decimals (4.77) may be
    rounded from a computed one, so it stands for its interval."""
    exponent = value.as_tuple().exponent
    return stated(value) if isinstance(exponent, int) and exponent < 0 else Interval(value, value)


def _sum_matches(stated_value: Decimal, values: list[Decimal]) -> bool:
    return total([score_interval(v) for v in values]).overlaps(score_interval(stated_value))


def _where(i: Indicator) -> str:
    return f"附件{i.attachment}{i.project or ''}“{i.level3}”"


def _form_key(attachment: int | None, project: str | None) -> tuple[int | None, str | None]:
    return attachment, project


def _score_and_weight(i: Indicator) -> tuple[Operand, Operand]:
    return Operand("score", i.level3, i.score), Operand("weight", i.level3, i.weight)


@dataclass(frozen=True)
class _Scored:
    """An indicator row whose 得分 and 分值 both hold scores."""

    indicator: Indicator
    score: Number
    weight: Number


def _scored_rows(ctx: CheckContext) -> Iterator[_Scored]:
    for i in ctx.report.indicators:
        score, weight = _scored(i.score), _scored(i.weight)
        if score is not None and weight is not None:
            yield _Scored(i, score, weight)


def _indicator_totals(ctx: CheckContext) -> Iterator[Comparison]:
    indicators: dict[tuple[int | None, str | None], list[Indicator]] = defaultdict(list)
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
            stated_n = number(stated_q)
            if stated_n is None or not parts:
                continue
            counted = _scored(getattr(fund, field) if fund else None)  # the 预算执行率 score, when the total may include it
            operands = [Operand("total", t.label, stated_q)] + [Operand("part", label, q) for label, q in parts]
            operands += [Operand("part", "预算执行率", counted.quantity)] if counted else []
            yield Comparison("score.total", f"附件{t.attachment}{t.project or ''}{t.label}{name}", operands,
                             partial(_indicator_total, t, name, stated_n, rows, field, counted),
                             pairing=f"同一自评表的{t.label}行与表中各指标行的{name}"
                                     + ("（或另加预算执行率一行）" if counted else ""))


def _indicator_total(t: TotalRow, name: str, stated_n: Number, rows: list[Indicator], field: str,
                     fund: Number | None) -> Finding | None:
    values = _values(getattr(i, field) for i in rows)
    extra = [fund.value] if fund else []
    if _sum_matches(stated_n.value, values) or (extra and _sum_matches(stated_n.value, values + extra)):
        return None
    expected = _sum(values + extra)
    shown, left_out = listed([i for i in rows if getattr(i, field) is not None])
    return Finding(
        rule="score.total", severity="error",
        message=f"附件{t.attachment}{t.project or ''}{t.label}{name}为{stated_n.quantity.raw}，各项{name}合计为{show(expected)}"
                + ("（含预算执行率）" if extra else "") + not_listed(left_out),
        **compared(expected, stated_n.value),
        evidence=[quantity_evidence("total", t.label, stated_n.quantity)]
        + [quantity_evidence("part", i.level3, getattr(i, field)) for i in shown]
        + ([quantity_evidence("part", "预算执行率", fund.quantity)] if fund else []),
    )


def _rubric_totals(ctx: CheckContext) -> Iterator[Comparison]:
    by_attachment: dict[int | None, list[RubricRow]] = defaultdict(list)
    for r in ctx.report.rubric:
        by_attachment[r.attachment].append(r)
    for t in ctx.report.totals:
        if t.table_kind != "rubric":
            continue
        mine = by_attachment.get(t.attachment, [])
        checks: list[tuple[str, Quantity | None, list[Decimal]]] = [("自评得分", t.score, _values(r.score for r in mine))]
        level_sums: list[tuple[str, dict[tuple[str | None, ...], Decimal]]] = [
            ("一级指标分值", {(r.level1,): r.level1_weight for r in mine if r.level1_weight is not None}),
            ("二级指标分值", {(r.level1, r.level2): r.level2_weight for r in mine if r.level2_weight is not None}),
            ("三级指标分值", {(r.level1, r.level2, r.level3): r.level3_weight for r in mine if r.level3_weight is not None}),
        ]
        for (name, weights), weight_q in zip(level_sums, t.weights, strict=False):  # a total may state fewer levels
            checks.append((name, weight_q, list(weights.values())))
        for name, total_q, values in checks:
            stated_n = number(total_q)
            if stated_n is None or not values:
                continue
            yield Comparison("score.total", f"附件{t.attachment}评分表{t.label}{name}", [Operand("total", t.label, total_q)],
                             partial(_rubric_total, t, name, stated_n, values), numbers=values,
                             pairing=f"同一评分表的{t.label}行与表中各{name[:2]}指标（合并单元格只计一次）的{name[2:]}")


def _rubric_total(t: TotalRow, name: str, stated_n: Number, values: list[Decimal]) -> Finding | None:
    if _sum_matches(stated_n.value, values):
        return None
    return Finding(
        rule="score.total", severity="error",
        message=f"附件{t.attachment}评分表{t.label}{name}为{stated_n.quantity.raw}，各项合计为{show(_sum(values))}",
        **compared(_sum(values), stated_n.value),
        evidence=[quantity_evidence("total", t.label, stated_n.quantity)],
    )


def _over_weight(ctx: CheckContext) -> Iterator[Comparison]:
    for s in _scored_rows(ctx):
        yield Comparison("score.over_weight", f"{_where(s.indicator)}得分", _score_and_weight(s.indicator),
                         partial(_indicator_over_weight, s), pairing="同一指标行的得分与分值")
    for r in ctx.report.rubric:
        score, weight = _scored(r.score), r.level3_weight
        if score is not None and weight is not None:
            yield Comparison("score.over_weight", f"附件{r.attachment}评分表“{r.level3}”自评得分",
                             [Operand("score", r.level3, r.score)], partial(_rubric_over_weight, r, score, weight),
                             numbers=[weight], pairing="评分表同一行的自评得分与三级指标分值")


def _indicator_over_weight(s: _Scored) -> Finding | None:
    i, score, weight = s.indicator, s.score, s.weight
    if score.value <= weight.value:
        return None
    return Finding(
        rule="score.over_weight", severity="error",
        message=f"{_where(i)}得分{score.quantity.raw}超过其分值{weight.quantity.raw}",
        expected=f"≤{show(weight.value)}", found=show(score.value), difference=show(score.value - weight.value),
        evidence=[quantity_evidence("score", i.level3, i.score), quantity_evidence("weight", i.level3, i.weight)],
    )


def _rubric_over_weight(r: RubricRow, score: Number, weight: Decimal) -> Finding | None:
    if score.value <= weight:
        return None
    return Finding(
        rule="score.over_weight", severity="error",
        message=f"附件{r.attachment}评分表“{r.level3}”自评得分{score.quantity.raw}超过其分值{show(weight)}",
        expected=f"≤{show(weight)}", found=show(score.value),
        evidence=[quantity_evidence("score", r.level3, r.score)],
    )


def _level_weights(ctx: CheckContext) -> Iterator[Comparison]:
    groups: dict[tuple[int | None, str | None, str | None, Decimal], list[Indicator]] = defaultdict(list)
    for i in ctx.report.indicators:
        if i.level1_weight is not None and i.level1 != i.level3:
            groups[(i.attachment, i.project, i.level1, i.level1_weight)].append(i)
    for (attachment, project, level1, weight), rows in groups.items():
        weighted = [i for i in rows if _v(i.weight) is not None]
        if weighted:
            yield Comparison("score.level_weights", f"附件{attachment}{project or ''}{level1}分值",
                             [Operand("part", i.level3, i.weight) for i in weighted],
                             partial(_level_weight, attachment, project, level1, weight, rows), numbers=[weight],
                             pairing=f"同一自评表中一级指标“{level1}”所注分值与其下各三级指标行的分值")
    yield from _rubric_level_weights(ctx)


def _level_weight(attachment: int | None, project: str | None, level1: str | None, weight: Decimal,
                  rows: list[Indicator]) -> Finding | None:
    values = _values(i.weight for i in rows)
    if total([score_interval(v) for v in values]).overlaps(score_interval(weight)):
        return None
    shown, left_out = listed([i for i in rows if i.weight is not None])
    return Finding(
        rule="score.level_weights", severity="error",
        message=f"附件{attachment}{project or ''}{level1}分值为{show(weight)}，其下三级指标分值合计为{show(_sum(values))}"
                + not_listed(left_out),
        **compared(weight, _sum(values)),
        evidence=[quantity_evidence("part", i.level3, i.weight) for i in shown],
    )


@dataclass(frozen=True)
class _RubricLevel:
    """A rubric 一级 or 二级 indicator with its stated weight, and the weights stated under it."""

    attachment: int | None
    what: str  # 一级 or 二级
    name: str | None
    weight: Decimal | None
    children: list[Decimal | None]


def _rubric_levels(rows: list[RubricRow]) -> Iterator[_RubricLevel]:
    """Every 二级 indicator with its 三级 weights, then every 一级 with the weights of its 二级."""
    by_level2: dict[tuple[int | None, str | None, str | None, Decimal | None], list[Decimal | None]] = defaultdict(list)
    by_level1: dict[tuple[int | None, str | None, Decimal | None], dict[str | None, Decimal | None]] = defaultdict(dict)
    for r in rows:
        by_level2[(r.attachment, r.level1, r.level2, r.level2_weight)].append(r.level3_weight)
        by_level1[(r.attachment, r.level1, r.level1_weight)][r.level2] = r.level2_weight
    for (attachment, _, level2, level2_weight), level3_weights in by_level2.items():
        yield _RubricLevel(attachment, "二级", level2, level2_weight, level3_weights)
    for (attachment, level1, level1_weight), level2_weights in by_level1.items():
        yield _RubricLevel(attachment, "一级", level1, level1_weight, list(level2_weights.values()))


def _rubric_level_weights(ctx: CheckContext) -> Iterator[Comparison]:
    for level in _rubric_levels(ctx.report.rubric):
        weight = level.weight
        values = [v for v in level.children if v is not None]
        if weight is None or not values:
            continue
        yield Comparison("score.level_weights", f"附件{level.attachment}评分表{level.what}指标“{level.name}”分值", [],
                         partial(_rubric_level_weight, level, weight, values), numbers=[weight, *values],
                         pairing=f"评分表中{level.what}指标“{level.name}”的分值与其下各级指标的分值（合并单元格只计一次）")


def _rubric_level_weight(level: _RubricLevel, weight: Decimal, values: list[Decimal]) -> Finding | None:
    if total([score_interval(v) for v in values]).overlaps(score_interval(weight)):
        return None
    return Finding(
        rule="score.level_weights", severity="error",
        message=f"附件{level.attachment}评分表{level.what}指标“{level.name}”分值为{show(weight)}，"
                f"其下指标分值合计为{show(_sum(values))}",
        **compared(weight, _sum(values)),
    )


def _funds_score(ctx: CheckContext) -> Iterator[Comparison]:
    for f in ctx.report.funds.rows:
        score, weight, rate = _scored(f.score), _scored(f.weight), number(f.rate)
        if weight is None or score is None or rate is None or rate.quantity.unit != "%":
            continue
        operands = [Operand("score", f.label, f.score), Operand("weight", f.label, f.weight), Operand("rate", f.label, f.rate)]
        yield Comparison("score.funds", f"附件{f.attachment}{f.project or ''}预算执行率得分", operands,
                         partial(_fund_score, f, score, weight, rate),
                         pairing="同一资金行的执行率、分值与得分（得分＝执行率×分值，至多为分值）")


def _fund_score(f: FundsRow, score: Number, weight: Number, rate: Number) -> Finding | None:
    band = stated(rate.value)
    computed = Interval(min(band.lo, Decimal(100)), min(band.hi, Decimal(100))).scale(weight.value / 100)
    if computed.overlaps(score_interval(score.value)):
        return None
    expected = round_to(weight.value * min(rate.value, Decimal(100)) / 100, score.value)
    return Finding(
        rule="score.funds", severity="error",
        message=f"附件{f.attachment}{f.project or ''}预算执行率得分为{score.quantity.raw}，"
                f"按分值{weight.quantity.raw}×执行率{rate.quantity.raw}应为{show(expected)}",
        **compared(expected, score.value),
        evidence=[quantity_evidence("score", f.label, f.score), quantity_evidence("weight", f.label, f.weight),
                  quantity_evidence("rate", f.label, f.rate)],
    )


def _deductions(ctx: CheckContext) -> Iterator[Comparison]:
    for s in _scored_rows(ctx):
        if not s.indicator.deviation_reason:
            yield Comparison("score.deduction_without_reason", f"{_where(s.indicator)}得分", _score_and_weight(s.indicator),
                             partial(_deduction, s), pairing="同一指标行的得分、分值与偏差原因")


def _deduction(s: _Scored) -> Finding | None:
    i, score, weight = s.indicator, s.score, s.weight
    if score.value >= weight.value:
        return None
    return Finding(
        rule="score.deduction_without_reason", severity="warning",
        message=f"{_where(i)}扣分（{score.quantity.raw}/{weight.quantity.raw}）但未填写偏差原因",
        expected="偏差原因分析及改进措施", found=f"{show(score.value)}/{show(weight.value)}",
        difference=show(score.value - weight.value),
        evidence=[quantity_evidence("score", i.level3, i.score), quantity_evidence("weight", i.level3, i.weight)],
    )


_MET: dict[str, Callable[[Decimal, Decimal], bool]] = {
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
    for s in _scored_rows(ctx):
        i = s.indicator
        target, actual = i.target, i.actual
        if target and actual:
            operands = [Operand("target", i.level3, target), Operand("actual", i.level3, actual), *_score_and_weight(i)]
            yield Comparison("score.full_marks_unmet", f"{_where(i)}目标完成情况", operands,
                             partial(_unmet_full_mark, s, target, actual),
                             pairing="同一指标行的指标值、实际完成值与得分（成本类与“≤”指标以低为好）")


def _unmet_full_mark(s: _Scored, target: Quantity, actual: Quantity) -> Finding | None:
    i = s.indicator
    if target_met(target, actual) is not False or s.score.value < s.weight.value:
        return None
    return Finding(
        rule="score.full_marks_unmet", severity="warning",
        message=f"{_where(i)}目标{target.raw}、实际{actual.raw}，未达目标却得满分{s.score.quantity.raw}",
        expected=f"<{show(s.weight.value)}", found=show(s.score.value),
        evidence=[quantity_evidence("target", i.level3, target), quantity_evidence("actual", i.level3, actual),
                  quantity_evidence("score", i.level3, i.score)],
    )


def _rubric_thresholds(ctx: CheckContext) -> Iterator[Comparison]:
    projects = {i.project for i in ctx.report.indicators if i.project}
    if len(projects) != 1:
        return  # which project a rubric scores is only clear when there is one
    satisfaction = [(i, measured) for i in ctx.report.indicators if i.project and "满意" in f"{i.level2}{i.level3}"
                    and (measured := number(i.actual)) is not None and measured.quantity.unit == "%"]
    if len(satisfaction) != 1:
        return
    indicator, actual = satisfaction[0]
    for r in ctx.report.rubric:
        score = _scored(r.score)
        if r.thresholds and score is not None:
            operands = [Operand("actual", indicator.level3, indicator.actual), Operand("score", r.level3, r.score)]
            bounds = [b for t in r.thresholds for b in (t.lower, t.upper, t.points) if b is not None]
            yield Comparison("score.rubric_threshold", f"附件{r.attachment}评分表“{r.level3}”评分标准", operands,
                             partial(_rubric_threshold, r, indicator, actual, score), numbers=bounds,
                             pairing=f"评分表“{r.level3}”行的评分标准与自评表中唯一的满意度指标“{indicator.level3}”的实际完成值")


def _rubric_threshold(r: RubricRow, indicator: Indicator, actual: Number, score: Number) -> Finding | None:
    band = next((t for t in r.thresholds if _in_band(actual.value, t)), None)
    if band is None or score.value <= band.points:
        return None
    return Finding(
        rule="score.rubric_threshold", severity="warning",
        message=f"附件{r.attachment}评分表“{r.level3}”：满意度{actual.quantity.raw}按评分标准应得{show(band.points)}分，"
                f"自评{score.quantity.raw}",
        **compared(band.points, score.value),
        evidence=[quantity_evidence("actual", indicator.level3, actual.quantity),
                  Evidence(role="criteria", label=r.level3, text=r.criteria, where=r.where),
                  quantity_evidence("score", r.level3, r.score)],
    )


def _in_band(value: Decimal, t: Threshold) -> bool:
    above = t.lower is None or (value >= t.lower if t.lower_inclusive else value > t.lower)
    below = t.upper is None or (value <= t.upper if t.upper_inclusive else value < t.upper)
    return above and below

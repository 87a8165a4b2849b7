"""Indicator tables of the model: targets and actuals drawn from the sector pools, weights that add
up to their 一级 weight, scores by the usual conventions (full marks when met, in proportion
when short, each deduction with its reason)."""
from __future__ import annotations

import random
from decimal import Decimal

from .model import Indicator, Level1, Value
from .numbers import D, plain, q, tidy
from .sectors import Cost, Deadline, Output, Quality, Rate  # noqa: F401

# How a ≥ target is written: (prefix, suffix), all meaning >=.
GE_FORMS = (("≥", ""), ("≥", ""), ("", "以上"), ("不低于", ""), ("不少于", ""), ("", "（含）以上"))
LE_FORMS = (("≤", ""), ("≤", ""), ("不高于", ""), ("不超过", ""), ("控制在", "以内"), ("", "以内"))

REASONS = {
    "quantity": (
        "受持续降雨天气影响，部分任务未能按计划完成；下一步将加快推进剩余任务。",
        "部分服务对象需求发生变化，实际完成数量低于年初目标；今后将提高目标设定的科学性。",
        "项目前期手续办理时间较长，影响了实施进度；将加强调度督导，尽快完成剩余任务。",
        "年初目标测算偏高，实际需求少于预期；以后年度将结合实际合理设定目标值。",
        "原材料价格上涨导致部分工程量调减；将优化设计方案，控制建设成本。",
    ),
    "time": (
        "受汛期施工条件限制，完工时间较计划推迟；今后将合理安排施工时序。",
        "招标采购流程用时较长，导致完成时间滞后；下一步将提前启动采购程序。",
        "部分施工单位组织不力，工期延误；已约谈施工单位并加强进度督查。",
    ),
    "quality": (
        "部分指标完成质量与预期存在差距；下一步将加强过程管理和质量监督。",
        "个别环节管理不够规范，效果未完全达到预期；将完善管理制度并加强督导。",
        "基层工作力量不足，部分工作开展不够深入；将充实工作力量，加强业务培训。",
    ),
}


def ge_value(rng: random.Random, number: str, unit: str) -> Value:
    prefix, suffix = rng.choice(GE_FORMS)
    return Value(prefix=prefix, number=number, unit=unit, suffix=suffix, comparator=">=")


def le_value(rng: random.Random, number: str, unit: str) -> Value:
    prefix, suffix = rng.choice(LE_FORMS)
    return Value(prefix=prefix, number=number, unit=unit, suffix=suffix, comparator="<=")


def exact(number: str, unit: str) -> Value:
    return Value(number=number, unit=unit)


def draw(rng: random.Random, lo: float, hi: float, places: str) -> Decimal:
    x = q(D(str(rng.uniform(lo, hi))), places)
    if places == "1" and x >= 100:  # targets are usually round numbers
        x = q(x / 10, "1") * 10
    return max(x, D(places) if places != "1" else D(1))


# ------------------------------------------------------------------ one indicator per spec kind


def output_indicator(rng: random.Random, spec: Output, short: bool) -> Indicator:
    target = draw(rng, spec.lo, spec.hi, spec.places)
    if short:
        actual = q(target * D(str(rng.uniform(0.86, 0.97))), spec.places)
    else:
        actual = target if rng.random() < 0.35 else q(target * D(str(rng.uniform(1.0, 1.08))), spec.places)
    tval = exact(plain(target), spec.unit) if rng.random() < 0.4 else ge_value(rng, plain(target), spec.unit)
    return Indicator("", spec.level2, spec.level3, tval, exact(plain(actual), spec.unit), D(0), D(0),
                     kind="quantity" if spec.level2 == "数量指标" else "benefit", direction=">=", prose=spec,
                     measure=spec.unit)


def rate_indicator(rng: random.Random, spec: Rate, short: bool, level3: str | None = None) -> Indicator:
    t = D(str(spec.target))
    if t == 100:
        tval = exact("100", "%")
        actual = q(D(str(rng.uniform(90, 99.5))), "0.01") if short else D(100)
    else:
        tval = ge_value(rng, plain(t), "%")
        if short:
            actual = q(t * D(str(rng.uniform(0.9, 0.985))), "0.01")
        else:
            actual = q(D(str(rng.uniform(float(t) + 0.3, min(99.9, float(t) + 9)))), rng.choice(["0.1", "0.01"]))
    kind = "satisfaction" if spec.level2 == "服务对象满意度指标" else "quality"
    return Indicator("", spec.level2, level3 or spec.level3, tval, exact(plain(actual), "%"), D(0), D(0),
                     kind=kind, direction=">=", prose=spec, measure="%")


def deadline_indicator(rng: random.Random, spec: Deadline, year: int, late: bool) -> Indicator:
    form = rng.choice(["{y}年{m}月底前", "{y}年{m}月底前完成", "{y}年{m}月{last}日前"])
    last = 30 if spec.month in (4, 6, 9, 11) else 31
    target = form.format(y=year, m=spec.month, last=last)
    if late:
        m, d = spec.month + 1, rng.randint(5, 25)
    else:
        m = spec.month - rng.choice([0, 0, 1])
        d = rng.randint(5, 28)
    actual = f"{year}年{m}月{d}日"
    return Indicator("", spec.level2, spec.level3, Value(text=target), Value(text=actual), D(0), D(0),
                     kind="time", direction="<=", prose=spec, nature="定性")


def cost_indicator(rng: random.Random, spec: Cost) -> Indicator:
    target = draw(rng, spec.lo, spec.hi, "1" if spec.places == "1" else "0.01")
    if spec.places != "1" and rng.random() < 0.5:
        target = q(target, "1")
    if spec.mode == "eq":
        target = q(target, "1")
        return Indicator("", "成本指标", spec.level3, exact(plain(target), spec.unit), exact(plain(target), spec.unit),
                         D(0), D(0), kind="cost", direction="=", prose=spec, measure=spec.unit)
    places = spec.places
    actual = q(target * D(str(rng.uniform(0.86, 0.99))), places)
    tval = le_value(rng, plain(target), spec.unit)
    return Indicator("", "成本指标", spec.level3, tval, exact(plain(actual), spec.unit), D(0), D(0),
                     kind="cost", direction="<=", prose=spec, measure=spec.unit)


def quality_indicator(spec: Quality) -> Indicator:
    return Indicator("", spec.level2, spec.level3, Value(text=spec.target), Value(text=spec.actual), D(0), D(0),
                     kind="qualitative", direction="=", prose=spec, nature="定性")


def spending_cap_indicator(rng: random.Random, budget_wan: Decimal, actual_wan: Decimal) -> Indicator:
    """The 部门整体 cost row: “三公”经费 kept within its budget (lower is better)."""
    return Indicator("", "成本指标", "“三公”经费支出控制数", le_value(rng, plain(budget_wan), "万元"),
                     exact(plain(actual_wan), "万元"), D(0), D(0), kind="cost", direction="<=", measure="万元")


def satisfaction_indicator(rng: random.Random, subject: str, short: bool = False) -> Indicator:
    t = rng.choice([90, 90, 85, 95])
    spec = Rate(f"{subject}满意度", t, "服务对象满意度指标")
    ind = rate_indicator(rng, spec, short)
    if not short and t == 95 and rng.random() < 0.3:
        ind.actual = exact("95", "%")  # exactly at a 95%以上 target: met (以上 includes the number)
    ind.prose = ("satisfaction", subject)
    return ind


# ------------------------------------------------------------------ weights and scores


def spread(total: int, n: int, rng: random.Random) -> list[Decimal]:
    """Integer weights adding up to `total`, as even as possible, larger ones first."""
    base, extra = divmod(total, n)
    weights = [base + (1 if i < extra else 0) for i in range(n)]
    rng.shuffle(weights)
    return [D(w) for w in weights]


def score_short(ind: Indicator) -> Decimal:
    """The score of an indicator that fell short: in proportion for numbers, else a deduction."""
    if ind.kind in ("quantity", "benefit", "quality", "satisfaction") and ind.actual.number is not None:
        ratio = ind.actual.dec / ind.target.dec
        return tidy(q(ind.weight * ratio))
    if ind.kind == "time":
        return tidy(q(ind.weight / 2))
    return tidy(ind.weight - (D(1) if ind.weight >= 4 else ind.weight / 2))


def reason_for(rng: random.Random, ind: Indicator) -> str:
    kind = {"time": "time", "qualitative": "quality"}.get(ind.kind, "quantity" if ind.actual.number else "quality")
    return rng.choice(REASONS[kind])


def set_scores(level1s: list[Level1], rng: random.Random) -> None:
    """Full marks for every indicator; those built short get their proportional score and a reason."""
    for l1 in level1s:
        items = l1.indicators()
        for ind, w in zip(items, spread(int(l1.weight), len(items), rng), strict=True):
            ind.level1 = l1.name
            ind.weight = w
            short = getattr(ind, "_short", False)
            ind.score = score_short(ind) if short else w
            if short:
                ind.reason = reason_for(rng, ind)


def mark_short(ind: Indicator) -> Indicator:
    ind._short = True  # type: ignore[attr-defined]
    return ind


def qualitative_short(rng: random.Random, spec: Quality) -> Indicator:
    ind = quality_indicator(spec)
    ind.actual = Value(text=rng.choice(["基本达到", "部分达到", "有所改善"]))
    return mark_short(ind)


# ------------------------------------------------------------------ a whole table


def build_level1s(rng: random.Random, year: int, pools, cost_rows: list, weights: tuple, n_short: int) -> list[Level1]:
    """产出 (数量/质量/时效/成本), 效益, 满意度 groups from `pools` (a sector or a project spec:
    its outputs, quality, timely, benefits and subjects); `n_short` indicators fall short."""
    产出: list = []
    for spec in pools.outputs:
        产出.append(("数量指标", spec))
    for spec in pools.quality:
        产出.append(("质量指标", spec))
    for spec in pools.timely:
        产出.append(("时效指标", spec))
    benefit_specs = list(pools.benefits)
    candidates = [s for _, s in 产出] + benefit_specs
    rng.shuffle(candidates)
    short_specs = {id(s) for s in candidates[:n_short]}

    def make(spec):
        short = id(spec) in short_specs
        if isinstance(spec, Output):
            ind = output_indicator(rng, spec, short)
        elif isinstance(spec, Rate):
            ind = rate_indicator(rng, spec, short)
        elif isinstance(spec, Deadline):
            ind = deadline_indicator(rng, spec, year, short)
        elif isinstance(spec, Quality):
            return qualitative_short(rng, spec) if short else quality_indicator(spec)
        else:
            raise TypeError(spec)
        return mark_short(ind) if short else ind

    groups: dict[str, list] = {}
    for level2, spec in 产出:
        groups.setdefault(level2, []).append(make(spec))
    groups["成本指标"] = list(cost_rows)
    out_l1 = Level1("产出指标", D(weights[0]), [(k, v) for k, v in groups.items() if v])

    eff: dict[str, list] = {}
    for spec in benefit_specs:
        ind = make(spec)
        eff.setdefault(ind.level2, []).append(ind)
    eff_l1 = Level1("效益指标", D(weights[1]), list(eff.items()))

    sat = [satisfaction_indicator(rng, s) for s in pools.subjects]
    sat_l1 = Level1("满意度指标", D(weights[2]), [("服务对象满意度指标", sat)])
    level1s = [out_l1, eff_l1, sat_l1]
    set_scores(level1s, rng)
    return level1s

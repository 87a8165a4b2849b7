"""Sentences of the narrative reports, each kind from a pool of phrasings, every number placed as a
Fig that carries its truth annotation (raw, value, unit, label, relation) and, when it restates
a table value, the key of that value.

Labels follow samples/real/README.md: the shortest phrase of the sentence naming what the number
measures, without time phrases, subject, copulas or reporting verbs; a share, change or
restatement takes the label of the figure it is about; prior-year and target values are
`base`. Every label is a contiguous run of its sentence (reports.py checks it).
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .model import DateSeg, Fig, tpl
from .money import Money
from .numbers import HUNDRED, D, chinese, pct_text, plain, q, ratio_pct
from .sectors import Output

CHINESE_OK = set("个所座处家条场期辆块项名批次户人")  # measure words a Chinese numeral may come before


@dataclass
class Ctx:
    rng: random.Random
    money: Money
    year: int
    area: str  # 全县 / 全市
    we: str  # 我局 / 本单位 …
    tainted: set
    abbr: str
    fill: date
    place: str = ""
    sector: str = ""

    def pick(self, seq):
        return self.rng.choice(seq)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def is_tainted(self, *keys: str) -> bool:
        return any(k in self.tainted for k in keys)


# ------------------------------------------------------------------ figures


def wan_fig(ctx: Ctx, wan: Decimal, label: str | None, relation=None, key=None, plantable=()) -> Fig:
    value = plain(wan)
    return Fig(f"{value}万元", value, "万元", label, relation, key, frozenset(plantable))


def money_fig(ctx: Ctx, yuan: Decimal, label: str | None, relation=None, key=None, plantable=(),
              allow_yuan: bool = False) -> Fig:
    """An amount as the prose writes it: 万元 at the filing's precision, now and then in 元."""
    if allow_yuan and ctx.money.prose_yuan and ctx.money.table_unit == "元" and ctx.chance(0.5):
        value = plain(yuan.quantize(D("0.01")))
        raw = ctx.money.cell(yuan, "元") if ctx.money.commas else value
        return Fig(f"{raw}元", value, "元", label, relation, key, frozenset(plantable))
    return wan_fig(ctx, ctx.money.wan(yuan), label, relation, key, plantable)


def pct_fig(p: Decimal, label: str | None, relation=None, key=None, plantable=(), text: str | None = None) -> Fig:
    raw = text or pct_text(p)
    return Fig(raw, raw.rstrip("%"), "%", label, relation, key, frozenset(plantable))


def count_fig(ctx: Ctx, n: Decimal, unit: str, label: str | None, key=None, plantable=(),
              chinese_p: float = 0.0) -> Fig:
    value = plain(n)
    if (n == n.to_integral_value() and 1 < n < 100 and unit in CHINESE_OK and ctx.chance(chinese_p)):
        raw = chinese(int(n), two=ctx.chance(0.5)) + unit
        return Fig(raw, str(int(n)), unit, label, None, key, frozenset(plantable))
    return Fig(f"{value}{unit}", value, unit, label, None, key, frozenset(plantable))


def score_fig(score: Decimal, label: str, key=None) -> Fig:
    return Fig(f"{plain(score)}分", plain(score), "分", label, None, key)


def share_fig(part: Decimal, whole: Decimal, label: str, of: str | None, key=None, plantable=("share",)) -> Fig:
    f = pct_fig(ratio_pct(part, whole), label, ("share_of", of), key, plantable)
    f.part, f.whole = part, whole
    return f


def share_clause(ctx: Ctx, part: Decimal, whole: Decimal, label: str, whole_label: str, total_label: str,
                 key=None) -> list:
    """，占…的x%: one of five phrasings; the whole is named in the clause (`whole_label`) or is the
    total the sentence has just stated (`total_label`)."""
    style = ctx.rng.randrange(5)
    f = share_fig(part, whole, label, total_label if style in (1, 4) else whole_label, key=key)
    if style == 0:
        return tpl("，占{w}的{s}", w=whole_label, s=f)
    if style == 1:
        return tpl("，占{s}", s=f)
    if style == 2:
        return tpl("，在{w}中占{s}", w=whole_label, s=f)
    if style == 3:
        return tpl("，占{w}比重为{s}", w=whole_label, s=f)
    return tpl("，所占比例为{s}", s=f)


def restatement(ctx: Ctx, wan: Decimal, label: str) -> list | None:
    """约1.30亿元, 近1亿元, 3000余万元: the amount said again, rounded."""
    rel = ("restatement", label)
    if wan >= 10000:
        yi = q(wan / 10000, "0.01")
        return ["，", Fig(f"约{plain(yi)}亿元", plain(yi), "亿元", label, rel)]
    if wan >= 9500:
        return ["，", Fig("近1亿元", "1", "亿元", label, rel)]
    if wan >= 1000:
        lead = int(wan) // 100 * 100 if ctx.chance(0.5) else int(wan) // 1000 * 1000
        if lead == wan:
            return None
        return ["，即", Fig(f"{lead}余万元", str(lead), "万元", label, rel)]
    return None


# ------------------------------------------------------------------ dates


def month_date(year: int, month: int, with_year: bool = True) -> str:
    return f"{year}年{month}月" if with_year else f"{month}月"


def day_date(d: date, with_year: bool = True) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if with_year else f"{d.month}月{d.day}日"


# ------------------------------------------------------------------ funds (one project)

PART_NAMES = {
    "当年财政拨款": ("当年财政拨款", "本年财政拨款", "财政拨款"),
    "上年结转资金": ("上年结转资金", "上年结转资金", "结转资金"),
    "其他资金": ("其他资金", "单位自筹资金", "其他来源资金"),
}
RENAMED = ("中央补助资金", "中央财政补助资金", "上级补助资金", "省级专项资金")


def project_funds_sentence(ctx: Ctx, p) -> list:
    """资金到位 and 执行: 全年预算, 到位, 执行 and their rates, in one of five phrasings."""
    total = p.funds.total
    k = f"funds:{p.key}"
    bf = lambda label, **kw: money_fig(ctx, total.budget_full, label, key=f"{k}:budget_full", allow_yuan=True, **kw)  # noqa: E731
    ex = lambda label, **kw: money_fig(ctx, total.executed, label, key=f"{k}:executed", allow_yuan=True, **kw)  # noqa: E731
    show_rate = not ctx.is_tainted(f"{k}:rate") and p.funds.rate is not None
    rate = lambda label: pct_fig(D(p.funds.rate.rstrip("%")), label, ("rate", None), key=f"{k}:rate",  # noqa: E731
                                 text=p.funds.rate)
    arrived = lambda label: pct_fig(HUNDRED, label, ("rate", None))  # noqa: E731
    cut = (tpl("截至{d}，", d=DateSeg(f"{ctx.year}年12月31日", "period", f"{ctx.year}-12-31"))
           if ctx.fill > date(ctx.year, 12, 31) else "全年")
    style = ctx.rng.randrange(5)
    if style == 0:
        s = tpl("该项目全年预算资金{bf}，实际到位资金{arr}，资金到位率{ar}；{cut}实际支出{ex}",
                bf=bf("全年预算资金"), arr=bf("实际到位资金"), ar=arrived("资金到位率"),
                cut=cut, ex=ex("实际支出"))
        return s + (tpl("，预算执行率{r}。", r=rate("预算执行率")) if show_rate else ["。"])
    if style == 1:
        s = tpl("项目资金已全部到位，到位率{ar}。全年共安排资金{bf}，实际使用资金{ex}",
                ar=arrived("到位率"), bf=bf("安排资金"), ex=ex("实际使用资金"))
        return s + (tpl("，资金执行率{r}。", r=rate("资金执行率")) if show_rate else ["。"])
    if style == 2:
        s = tpl("项目资金到位情况：全年预算数{bf}，到位资金{arr}，到位率{ar}。项目资金执行情况：全年执行数{ex}",
                bf=bf("全年预算数"), arr=bf("到位资金"), ar=arrived("到位率"), ex=ex("全年执行数"))
        return s + (tpl("，执行率{r}。", r=rate("执行率")) if show_rate else ["。"])
    if style == 3:
        s = tpl("本项目预算安排{bf}，资金到位率{ar}，累计支出{ex}",
                bf=bf("预算安排"), ar=arrived("资金到位率"), ex=ex("累计支出"))
        return s + (tpl("，预算执行率为{r}。", r=rate("预算执行率")) if show_rate else ["。"])
    s = tpl("{y}年度项目下达资金{bf}，资金及时足额到位。全年完成支出{ex}",
            y=str(ctx.year), bf=bf("下达资金"), ex=ex("支出"))
    return s + (tpl("，支出进度{r}。", r=rate("支出进度")) if show_rate else ["。"])


def funds_parts_sentence(ctx: Ctx, p, column: str) -> list | None:
    """其中 list of the funds rows in one column (budget_full or executed), if the prose may say it."""
    k = f"funds:{p.key}"
    lines = p.funds.lines[1:]
    if ctx.is_tainted(*(f"{k}:{column}:{ln.label}" for ln in lines), f"{k}:{column}"):
        return None
    values = [(ln, getattr(ln, column)) for ln in lines]
    values = [(ln, v) for ln, v in values if v]
    if len(values) < 2:
        return None
    total = getattr(p.funds.total, column)
    if column == "budget_full":
        head_label = ctx.pick(["项目资金总额", "资金总额", "年度资金总额"])
        head = tpl("{h}{t}，其中：", h=head_label, t=money_fig(ctx, total, head_label, key=f"{k}:{column}"))
        suffix = ""
    else:
        head_label = ctx.pick(["实际支出", "资金支出"])
        head = tpl("全年{h}{t}，其中", h=head_label, t=money_fig(ctx, total, head_label, key=f"{k}:{column}"))
        suffix = "支出"
    style = ctx.rng.randrange(5)
    lead, sep = [("", "，"), ("", "、"), ("", "；"), ("", "，"), ("", "，")][style]
    if style == 1:
        head[-1] = head[-1].replace("，其中：", "，包括").replace("，其中", "，包括")
    elif style == 2:
        head[-1] = head[-1].replace("，其中：", "，具体为：").replace("，其中", "，具体为：")
    elif style == 3:
        head[-1] = head[-1].replace("，其中：", "。其中，").replace("，其中", "。其中，")
    elif style == 4:
        head[-1] = head[-1].replace("，其中：", "，分别为").replace("，其中", "，分别为")
    parts = []
    for i, (ln, v) in enumerate(values):
        name = ctx.pick(PART_NAMES[ln.label]) + suffix
        parts += [sep if i else lead, name, money_fig(ctx, v, name, ("part_of", head_label), key=f"{k}:{column}:{ln.label}")]
    return head + parts + ["。"]


def sources_sentence(ctx: Ctx, p, extras: dict) -> list | None:
    """当年财政拨款 with a 含 list of where it came from (prose only: the table has one row)."""
    a_wan = ctx.money.wan(p.funds.lines[1].budget_full)
    if a_wan < 20 or ctx.is_tainted(f"funds:{p.key}:budget_full:当年财政拨款"):
        return None
    names = list(p.spec.sources)
    if ctx.chance(0.5):
        names = names[1:]
    names = [n.replace("县级", "市级") if ctx.area == "全市" else n for n in names]
    parts = ctx.money.split_wan(ctx.rng, a_wan, [ctx.rng.uniform(0.5, 2) for _ in names])
    if any(x <= 0 for x in parts):
        return None
    extras["sources"] = list(zip(names, parts, strict=True))
    head_label = ctx.pick(["当年财政拨款", "财政拨款"])
    seg = tpl("{h}{a}（含", h=head_label, a=wan_fig(ctx, a_wan, head_label, key=f"funds:{p.key}:budget_full:当年财政拨款"))
    for i, (n, x) in enumerate(zip(names, parts, strict=True)):
        seg += ["、" if i else "", n, wan_fig(ctx, x, n, ("part_of", head_label), plantable=("sum",))]
        if i == 0 and ctx.chance(0.6):
            seg += [f"（{ctx.abbr}财{ctx.pick(['预', '建', '农', '社', '教'])}〔{ctx.year}〕{ctx.rng.randint(3, 180)}号）"]
    return seg + ["）。"]


def renamed_fund_sentence(ctx: Ctx, p) -> list | None:
    """The 当年财政拨款 under another name (中央补助资金): the same figure, named differently."""
    line = p.funds.lines[1]
    if not line.budget_full or ctx.is_tainted(f"funds:{p.key}:budget_full:当年财政拨款"):
        return None
    name = ctx.pick(RENAMED)
    f = money_fig(ctx, line.budget_full, name, key=f"funds:{p.key}:budget_full:当年财政拨款", plantable=("renamed",))
    return ctx.pick([
        tpl("{y}年该项目获得{n}{a}，已全部拨付到项目实施单位。", y=str(ctx.year), n=name, a=f),
        tpl("项目资金来源为{n}{a}，资金按进度及时拨付。", n=name, a=f),
        tpl("上级下达{n}{a}，专项用于项目建设。", n=name, a=f),
    ])


# ------------------------------------------------------------------ outputs, rates, satisfaction


def output_phrase(ctx: Ctx, ind, key: str, plantable=("mismatch",)) -> list:
    """A quantity restated from the table (完成农村户厕改造3126户, 惠及5154户居民)."""
    spec: Output = ind.prose
    unit = ind.actual.unit
    if spec.prose_units and ctx.chance(0.4):
        unit = ctx.pick(spec.prose_units)
    n = ind.actual.dec
    if spec.style == "benefit":
        f = count_fig(ctx, n, unit, spec.noun, key=key, plantable=plantable)
        return ctx.pick([tpl("惠及{n}{noun}", n=f, noun=spec.noun), tpl("共惠及{n}{noun}", n=f, noun=spec.noun)])
    f = count_fig(ctx, n, unit, spec.noun, key=key, plantable=plantable, chinese_p=0.3)
    if spec.style == "reach":
        return ctx.pick([tpl("{noun}{n}", noun=spec.noun, n=f), tpl("{noun}达{n}", noun=spec.noun, n=f),
                         tpl("{noun}达到{n}", noun=spec.noun, n=f), tpl("{noun}共计{n}", noun=spec.noun, n=f),
                         tpl("累计{noun}{n}", noun=spec.noun, n=f)])
    return ctx.pick([tpl("完成{noun}{n}", noun=spec.noun, n=f), tpl("完成{n}{noun}", noun=spec.noun, n=f),
                     tpl("累计完成{noun}{n}", noun=spec.noun, n=f), tpl("共完成{noun}{n}", noun=spec.noun, n=f),
                     tpl("全年完成{n}{noun}", noun=spec.noun, n=f)])


def rate_phrase(ctx: Ctx, ind, key: str) -> list:
    label = ind.level3
    f = pct_fig(ind.actual.dec, label, ("rate", None), key=key, plantable=("mismatch",),
                text=f"{ind.actual.number}%")
    return ctx.pick([tpl("{l}{v}", l=label, v=f), tpl("{l}达到{v}", l=label, v=f), tpl("{l}为{v}", l=label, v=f)])


def cost_phrase(ctx: Ctx, ind, key: str) -> list:
    """A cost restated with its ceiling: lower is better (not a shortfall)."""
    label = ind.level3
    a = Fig(f"{ind.actual.number}{ind.actual.unit}", ind.actual.number, ind.actual.unit, label, None, key)
    if ind.direction != "<=":
        return tpl("{l}{a}，与标准一致", l=label, a=a)
    t = Fig(f"{ind.target.number}{ind.target.unit}", ind.target.number, ind.target.unit, label, ("base", "目标值"))
    return ctx.pick([tpl("{l}{a}，控制在{t}的目标以内", l=label, a=a, t=t),
                     tpl("{l}{a}，低于{t}的目标值", l=label, a=a, t=t),
                     tpl("{l}为{a}，未超过年初设定的{t}", l=label, a=a, t=t)])


def satisfaction_sentence(ctx: Ctx, ind, key: str) -> list:
    subject = ind.prose[1]
    x = ind.actual
    style = ctx.rng.randrange(5)
    label = f"{subject}满意度"
    f = pct_fig(x.dec, label, ("rate", None), key=key, plantable=("mismatch",), text=f"{x.number}%")
    if style == 0:
        return tpl("经抽样调查，{l}为{v}。", l=label, v=f)
    if style == 1:
        return tpl("通过发放问卷和电话回访，{l}达到{v}。", l=label, v=f)
    if style == 2:
        label = f"{subject}满意率"
        f.label = label
        return tpl("满意度调查结果显示，{l}为{v}。", l=label, v=f)
    if style == 3:
        n = D(ctx.rng.randrange(100, 800, 10))
        return tpl("共发放调查问卷{n}，{l}为{v}。", n=count_fig(ctx, n, "份", "调查问卷"), l=label, v=f)
    t = ind.target
    base = Fig(f"{t.number}%以上", t.number, "%", label, ("base", "目标值"))
    return tpl("{l}{v}，达到{t}的年度目标。", l=label, v=f, t=base)


def prior_year_change(ctx: Ctx, label: str, now: Decimal, prev: Decimal, unit_fig) -> list:
    """较上年 comparisons of an amount (a base and a change, never the current value)."""
    diff = now - prev
    if diff == 0:
        return tpl("，与上年的{b}持平", b=unit_fig(prev, label, ("base", "上年")))
    word_up = diff >= 0
    d = abs(diff)
    growth = q(d / prev * HUNDRED) if prev else None
    base = unit_fig(prev, label, ("base", "上年"))
    change = unit_fig(d, label, ("change", "上年"))
    style = ctx.rng.randrange(5)
    if style == 0 or growth is None:
        return tpl("，较上年的{b}{w}{c}", b=base, w="增加" if word_up else "减少", c=change)
    g = pct_fig(growth, label, ("change", "上年"))
    if style == 1:
        return tpl("，比上年{w}{c}，{w2}{g}", w="增加" if word_up else "减少", c=change,
                   w2="增长" if word_up else "下降", g=g)
    if style == 2:
        return tpl("，与上年的{b}相比{w}{c}", b=base, w="增加" if word_up else "减少", c=change)
    if style == 3:
        return tpl("，上年为{b}，同比{w}{g}", b=base, w="增长" if word_up else "下降", g=g)
    return tpl("，较上年{w}{c}（上年为{b}）", w="增加" if word_up else "减少", c=change, b=base)


def rate_from_to(ctx: Ctx, label: str, before: Decimal, after: Decimal, key: str | None) -> list:
    """由上年的85%提高到92%: the first is a base."""
    b = pct_fig(before, label, ("base", "上年"), text=f"{plain(before)}%")
    a = pct_fig(after, label, ("rate", None), key=key, text=f"{plain(after)}%")
    return ctx.pick([tpl("{l}由上年的{b}提高到{a}", l=label, b=b, a=a),
                     tpl("{l}从上年的{b}提升至{a}", l=label, b=b, a=a)])


# ------------------------------------------------------------------ plans and events

PLAN_FORMS = (
    "下一步，{we}将于{d}前{act}。",
    "{we}计划于{d}{act}。",
    "拟于{d}{act}。",
    "力争在{d}前{act}。",
    "{ny}，{we}将{act}。",
    "下一步将在{d}底前{act}。",
)
PLAN_ACTS = (
    "完成项目绩效目标的修订和细化", "组织开展项目资金使用情况专项检查", "健全项目建后管护制度",
    "完成剩余工程扫尾和资料归档", "开展绩效目标执行情况中期监控", "完善项目库建设和储备",
)


def plan_sentence(ctx: Ctx, act: str | None = None) -> list:
    """A plan for the next year: future dates that are not events of the budget year."""
    ny = ctx.year + 1
    m = ctx.rng.randint(3, 11)
    form = ctx.pick(PLAN_FORMS)
    act = act or ctx.pick(PLAN_ACTS)
    d_text = month_date(ny, m) if "{d}底前" not in form else month_date(ny, m)
    d = DateSeg(d_text, "plan", f"{ny}-{m:02d}")
    return tpl(form, we=ctx.we, d=d, act=act, ny=DateSeg(f"{ny}年", "plan", str(ny)))

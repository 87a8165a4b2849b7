"""Problems planted in a consistent filing model, each recorded as the finding a reviewer should
make. Table plants change the model before the prose is written (the prose then restates the
tables as stated, and leaves out what would repeat a planted cell); prose plants change a
figure or a date after it is written. Each plant touches one thing, so it makes one finding."""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Callable

from .model import DateSeg, Fig, Filing, Planted
from .numbers import HUNDRED, D, pct_text, plain, q, ratio_pct, score_of, slip, tidy, transpose

# ------------------------------------------------------------------ helpers


def tables_of(filing: Filing) -> list:
    """(key, owner) of every indicator table: O for 部门整体, else the project."""
    out = [("O", filing.overall)] if filing.overall is not None else []
    return out + [(p.key, p) for p in filing.projects]


def attachment_of(filing: Filing, key: str) -> int | None:
    for att in filing.attachments:
        if key in att.keys:
            return att.number
    return None


def recompute_total(owner) -> None:
    weight = owner.funds.weight + sum((l1.weight for l1 in owner.level1s), D(0))
    owner.total_weight = weight
    owner.total_score = tidy(owner.funds.score + sum((i.score for i in owner.indicators()), D(0)))


def table_name(filing: Filing, key: str) -> str:
    return "部门整体支出绩效自评表" if key == "O" else next(p.name for p in filing.projects if p.key == key)


def score_text(x: Decimal) -> str:
    return f"{plain(x)}分"


def wrong_number(rng: random.Random, text: str) -> tuple[str, str]:
    new, kind = slip(rng, text)
    return new, kind


# ------------------------------------------------------------------ table plants


def plant_funds_part(rng, filing: Filing) -> Planted | None:
    """sum.parts: one funds row cell of a project no longer adds up to 年度资金总额."""
    money = filing.layout["money"]
    options = []
    for p in filing.projects:
        for col in ("budget_full", "executed", "budget_initial"):
            for line in p.funds.lines[1:]:
                if getattr(line, col) is not None and (getattr(line, col) > 0 or col == "budget_initial"):
                    options.append((p, col, line))
    if not options:
        return None
    p, col, line = rng.choice(options)
    unit = money.table_unit
    old = getattr(line, col)
    shown = money.cell(old, unit).replace(",", "")
    if old == 0:
        new_shown = plain(money.shown(p.funds.lines[1].budget_full, unit) * D("0.1")) if p.funds.lines[1].budget_full else "50.00"
        new_shown = plain(q(D(new_shown)))
        kind = "a part filled in"
    else:
        new_shown, kind = wrong_number(rng, shown)
    new = D(new_shown) * (D(10000) if unit == "万元" else D(1))
    setattr(line, col, new)
    total = getattr(p.funds.total, col)
    parts = sum((getattr(ln, col) or D(0) for ln in p.funds.lines[1:]), D(0))
    filing.tainted |= {f"funds:{p.key}:{col}:{line.label}", f"funds:{p.key}:{col}"}
    colname = {"budget_full": "全年预算数", "executed": "全年执行数", "budget_initial": "年初预算数"}[col]
    return Planted("sum.parts", "error",
                   f"{p.name} {colname}: {line.label} {shown} written {new_shown} ({kind}); 其中 rows add to "
                   f"{money.cell(parts, unit)}, 年度资金总额 says {money.cell(total, unit)}",
                   money.truth(parts, unit), money.truth(total, unit), attachment_of(filing, p.key), "funds_rows")


def plant_breakdown(rng, filing: Filing) -> Planted | None:
    """sum.parts: a 按收入性质 part of the 部门整体 funds block is off."""
    o = filing.overall
    if o is None:
        return None
    money = filing.layout["money"]
    unit = money.table_unit
    i = rng.randrange(len(o.income))
    written, label, old = o.income[i]
    shown = money.cell(old, unit).replace(",", "")
    if old == 0:
        new_shown, kind = plain(q(money.shown(o.funds.total.executed, unit) * D("0.03"))), "a part filled in"
    else:
        new_shown, kind = wrong_number(rng, shown)
    new = D(new_shown) * (D(10000) if unit == "万元" else D(1))
    o.income[i] = (written, label, new)
    total = o.funds.total.executed
    parts = sum((v for _, _, v in o.income), D(0))
    filing.tainted |= {f"income:{lab}" for _, lab, _ in o.income}
    return Planted("sum.parts", "error",
                   f"按收入性质分: {label} {shown} written {new_shown} ({kind}); parts add to {money.cell(parts, unit)}, "
                   f"total {money.cell(total, unit)}",
                   money.truth(parts, unit), money.truth(total, unit), attachment_of(filing, "O"), "breakdown")


def plant_basic_part(rng, filing: Filing) -> Planted | None:
    """sum.parts: a 基础数据表 child row (this year's 决算数) no longer adds up to its parent."""
    b = filing.basic
    if b is None:
        return None
    money = filing.layout["money"]
    leaves = [r for r in b.rows if r.label in ("公务接待", "公车运行维护", "人员经费") and r.values[2] > 0]
    if not leaves:
        return None
    row = rng.choice(leaves)
    shown = money.cell(row.values[2], b.unit).replace(",", "")
    new_shown, kind = wrong_number(rng, shown)
    row.values[2] = D(new_shown) * (D(10000) if b.unit == "万元" else D(1))
    parent = next(r for r in b.rows if r.label == row.parent)
    kids = [r for r in b.rows if r.parent == parent.label]
    parts = sum((r.values[2] for r in kids), D(0))
    filing.tainted.add(f"basic:{row.label}")
    return Planted("sum.parts", "error",
                   f"基础数据表 {b.columns[2]}: {row.label} {shown} written {new_shown} ({kind}); children of "
                   f"{parent.label} add to {money.cell(parts, b.unit)}, "
                   f"{parent.label} says {money.cell(parent.values[2], b.unit)}",
                   money.truth(parts, b.unit), money.truth(parent.values[2], b.unit), attachment_of(filing, "basic"),
                   "basic_data")


def funds_owners(filing: Filing) -> list:
    return tables_of(filing)


def plant_rate_funds(rng, filing: Filing) -> Planted | None:
    """rate.mismatch: a 执行率 that its row's numbers do not give (the score follows the wrong rate)."""
    key, owner = rng.choice(funds_owners(filing))
    f = owner.funds
    true = f.rate
    if true == "100%":
        wrong = f"{plain(q(D(str(rng.uniform(95, 99.5)))))}%"
    else:
        digits = true.rstrip("%")
        new = transpose(rng, digits)
        wrong = f"{new}%" if new and 50 < D(new) < 100 else f"{plain(q(D(digits) - D(str(rng.uniform(1.5, 6)))))}%"
    f.rate = wrong
    f.score = score_of(f.weight, D(wrong.rstrip("%")))
    recompute_total(owner)
    filing.tainted.add(f"funds:{key}:rate")
    return Planted("rate.mismatch", "error",
                   f"{table_name(filing, key)} 年度资金总额 执行率 {wrong}, 全年执行数/全年预算数 gives {true}",
                   wrong, true, attachment_of(filing, key), "funds_rate")


def plant_rate_staff(rng, filing: Filing) -> Planted | None:
    b = filing.basic
    if b is None:
        return None
    true = b.control_rate
    digits = true.rstrip("%")
    new = transpose(rng, digits)
    if not new or true == "100%":
        new = plain(q(D(digits) - D(str(rng.uniform(2, 6)))))
    b.control_rate = f"{new}%"
    filing.tainted.add("staff:rate")
    return Planted("rate.mismatch", "error", f"控制率 {new}%, 实际在职人数 {b.actual} / 编制数 {b.authorised} gives {true}",
                   f"{new}%", true, attachment_of(filing, "basic"), "control_rate")


def plant_rate_missing(rng, filing: Filing) -> Planted | None:
    if filing.basic is not None and rng.random() < 0.5:
        b = filing.basic
        true = b.control_rate
        b.control_rate = None
        return Planted("rate.missing", "warning", f"控制率 left blank; {b.actual} / {b.authorised} gives {true}",
                       None, true, attachment_of(filing, "basic"), "control_rate")
    key, owner = rng.choice(funds_owners(filing))
    true = owner.funds.rate
    owner.funds.rate = None
    filing.tainted.add(f"funds:{key}:rate")
    return Planted("rate.missing", "warning", f"{table_name(filing, key)} 执行率 left blank; it computes to {true}",
                   None, true, attachment_of(filing, key), "funds_rate")


def plant_over_quota(rng, filing: Filing) -> Planted | None:
    b = filing.basic
    if b is None:
        return None
    extra = max(1, int(b.authorised * rng.uniform(0.03, 0.15)))
    b.actual = b.authorised + extra
    b.control_rate = pct_text(ratio_pct(D(b.actual), D(b.authorised)))
    return Planted("staffing.over_quota", "warning",
                   f"实际在职人数 {b.actual} over 编制数 {b.authorised} (控制率 {b.control_rate})",
                   f"{b.actual}人", f"<={b.authorised}人", attachment_of(filing, "basic"), "staffing")


def plant_score_total(rng, filing: Filing) -> Planted | None:
    if filing.rubric is not None and rng.random() < 0.3:
        r = filing.rubric
        true = r.total_score
        new = D(wrong_number(rng, plain(true))[0]) if len(plain(true)) > 1 else true - 1
        if new == true or new > 100:
            new = true - 1
        r.total_score = new
        return Planted("score.total", "error", f"评分表 总分 {plain(new)}, the 自评得分 add to {plain(true)}",
                       score_text(new), score_text(true), attachment_of(filing, "rubric"), "rubric")
    key, owner = rng.choice(tables_of(filing))
    true = owner.total_score
    new_text, _ = wrong_number(rng, plain(true))
    new = D(new_text)
    if new == true or new > 100 or new < 60:
        new = true - D(rng.choice(["1", "2", "0.5"]))
    owner.total_score = new
    return Planted("score.total", "error",
                   f"{table_name(filing, key)} 总分 {plain(new)}, the 得分 (with 预算执行率) add to {plain(true)}",
                   score_text(new), score_text(true), attachment_of(filing, key), "indicators")


def plant_over_weight(rng, filing: Filing) -> Planted | None:
    if filing.rubric is not None and rng.random() < 0.25:
        r = filing.rubric
        row = rng.choice([x for x in r.rows if x.score == x.level3_weight])
        if r.total_score >= 100:
            victim = rng.choice([x for x in r.rows if x is not row and x.level3_weight >= 2])
            victim.score = victim.level3_weight - 1 - (1 if victim.level3_weight >= 3 else 0)
        row.score = row.level3_weight + 1
        r.total_score = tidy(sum((x.score for x in r.rows), D(0)))
        return Planted("score.over_weight", "error",
                       f"评分表 {row.level3} 自评得分 {plain(row.score)} above its 分值 {plain(row.level3_weight)}",
                       score_text(row.score), f"<={score_text(row.level3_weight)}", attachment_of(filing, "rubric"), "rubric")
    key, owner = rng.choice(tables_of(filing))
    cands = [i for i in owner.indicators() if i.kind in ("quantity", "benefit") and i.actual.number and i.score == i.weight]
    if not cands:
        return None
    ind = rng.choice(cands)
    if ind.actual.dec <= ind.target.dec:
        places = "1" if "." not in ind.target.number else "0.01"
        ind.actual.number = plain(q(ind.target.dec * D(str(rng.uniform(1.06, 1.2))), places))
    ind.score = tidy(q(ind.weight * ind.actual.dec / ind.target.dec))
    if ind.score <= ind.weight:
        return None
    excess = ind.score - ind.weight
    recompute_total(owner)
    if owner.total_score > owner.total_weight:
        others = [i for i in owner.indicators()
                  if i is not ind and i.kind == "qualitative" and i.score == i.weight and i.weight >= 2]
        if not others:
            others = [i for i in owner.indicators() if i is not ind and i.kind == "satisfaction" and i.score == i.weight]
        victim = rng.choice(others)
        victim.score = tidy(victim.weight - max(D(1), q(excess + D("0.5"), "1")))
        victim.reason = "部分工作开展不够深入，效果未完全达到预期；将加强过程管理。"
        if victim.kind == "qualitative":
            victim.actual.text = "基本达到"
        else:
            victim.actual.number = plain(q(victim.target.dec * D("0.9"), "0.01"))
        recompute_total(owner)
    return Planted("score.over_weight", "error",
                   f"{table_name(filing, key)} {ind.level3}: 得分 {plain(ind.score)} above 分值 {plain(ind.weight)} "
                   f"(over-completion {ind.actual.cell()} vs {ind.target.cell()} scored without cap)",
                   score_text(ind.score), f"<={score_text(ind.weight)}", attachment_of(filing, key), "indicators")


def plant_level_weights(rng, filing: Filing) -> Planted | None:
    if not filing.layout["ind_style"].l1_weight_shown:
        return None
    key, owner = rng.choice(tables_of(filing))
    l1 = rng.choice(owner.level1s[:2])
    l1.stated = l1.weight + D(rng.choice([-5, 5, -10]))
    return Planted("score.level_weights", "error",
                   f"{table_name(filing, key)} {l1.name} stated {plain(l1.stated)}分, its 三级 weights add to {plain(l1.weight)}",
                   score_text(l1.stated), score_text(l1.weight), attachment_of(filing, key), "indicators")


def plant_score_funds(rng, filing: Filing) -> Planted | None:
    key, owner = rng.choice(funds_owners(filing))
    f = owner.funds
    true = f.score
    if f.rate is None:
        return None
    if true < f.weight:
        new = f.weight
    else:
        new = f.weight - D(rng.choice(["1", "0.5", "2"]))
    f.score = new
    recompute_total(owner)
    return Planted("score.funds", "error",
                   f"{table_name(filing, key)} 预算执行率得分 {plain(new)}, "
                   f"分值 {plain(f.weight)} × 执行率 {f.rate} gives {plain(true)}",
                   score_text(new), score_text(true), attachment_of(filing, key), "funds_score")


def plant_no_reason(rng, filing: Filing) -> Planted | None:
    key, owner = rng.choice(tables_of(filing))
    deducted = [i for i in owner.indicators() if i.score < i.weight and i.reason]
    if deducted:
        ind = rng.choice(deducted)
    else:
        cands = [i for i in owner.indicators() if i.kind == "qualitative" and i.weight >= 2]
        if not cands:
            return None
        ind = rng.choice(cands)
        ind.actual.text = "基本达到"
        ind.score = ind.weight - 1
        recompute_total(owner)
    ind.reason = ""
    return Planted("score.deduction_without_reason", "warning",
                   f"{table_name(filing, key)} {ind.level3}: 得分 {plain(ind.score)} of {plain(ind.weight)} with no 偏差原因",
                   score_text(ind.score), None, attachment_of(filing, key), "indicators")


def plant_full_marks_unmet(rng, filing: Filing) -> Planted | None:
    key, owner = rng.choice(tables_of(filing))
    cands = [i for i in owner.indicators()
             if i.kind in ("quantity", "quality", "benefit") and i.direction == ">=" and i.actual.number
             and i.score == i.weight and i.target.number]
    if not cands:
        return None
    ind = rng.choice(cands)
    t = ind.target.dec
    places = "1" if "." not in ind.target.number and ind.target.unit != "%" else "0.01"
    ind.actual.number = plain(q(t * D(str(rng.uniform(0.85, 0.97))), places))
    if ind.actual.dec >= t:
        return None
    return Planted("score.full_marks_unmet", "warning",
                   f"{table_name(filing, key)} {ind.level3}: actual {ind.actual.cell()} below target {ind.target.cell()}, "
                   f"yet full marks {plain(ind.score)}",
                   score_text(ind.score), f"<{score_text(ind.weight)}", attachment_of(filing, key), "indicators")


def plant_fill_before(rng, filing: Filing) -> Planted | None:
    y = filing.year
    d = date(y, 12, rng.randint(26, 30))
    filing.profile.fill_date = d
    filing.fill_dates.clear()
    n = sum(1 for a in filing.attachments if a.kind in ("basic", "overall_table", "project_table", "rubric")
            or a.kind.endswith("report"))
    return Planted("date.fill_before_year_end", "error", f"every 填报日期 and report date is {d.isoformat()}, before {y} ended",
                   f"{d.year}年{d.month}月{d.day}日", f">{y}年12月31日", None, occurrences=n)


def plant_fill_differ(rng, filing: Filing) -> Planted | None:
    keys = [k for a in filing.attachments if a.kind in ("basic", "overall_table", "project_table", "rubric")
            for k in a.keys[:1]]
    reports = [k for a in filing.attachments if a.kind.endswith("report") for k in a.keys]
    if len(keys) + len(reports) < 3 or not keys:
        return None
    key = rng.choice(keys)
    usual = filing.fill_date
    other = usual + timedelta(days=rng.choice([-1, 1]) * rng.randint(3, 40))
    if other <= date(filing.year, 12, 31) or other.year != usual.year:
        other = usual + timedelta(days=rng.randint(3, 20))
    filing.fill_dates[key] = other
    return Planted("date.fill_dates_differ", "warning", f"附件 {key} dated {other.isoformat()}, the others {usual.isoformat()}",
                   f"{other.year}年{other.month}月{other.day}日", f"{usual.year}年{usual.month}月{usual.day}日",
                   attachment_of(filing, key))


# ------------------------------------------------------------------ prose plants


def prose_figs(filing: Filing):
    for r in filing.reports:
        for para in r.paras or []:
            for s in para.segments:
                if isinstance(s, Fig):
                    yield r, para, s


def prose_dates(filing: Filing):
    for r in filing.reports:
        for para in r.paras or []:
            for s in para.segments:
                if isinstance(s, DateSeg):
                    yield r, para, s


def set_fig(f: Fig, value: str, unit: str | None = None) -> None:
    f.unit = unit or f.unit
    f.value = value
    f.raw = f"{value}{f.unit or ''}"


def plant_figure_mismatch(rng, filing: Filing) -> Planted | None:
    cands = [(r, f) for r, _, f in prose_figs(filing) if "mismatch" in f.plantable]
    if not cands:
        return None
    r, f = rng.choice(cands)
    old = f.raw
    if f.unit in ("万元", "元") and rng.random() < 0.3:
        new_unit = "元" if f.unit == "万元" else "万元"
        f.unit, f.raw = new_unit, f"{f.value}{new_unit}"
        kind = "元/万元 slip"
    else:
        new, kind = wrong_number(rng, f.value)
        set_fig(f, new)
    return Planted("figure.mismatch", "error", f"prose {f.label} {f.raw} vs table {old} ({kind})", f.raw, old, r.attachment,
                   "prose_vs_table")


def plant_renamed(rng, filing: Filing) -> Planted | None:
    cands = [(r, f) for r, _, f in prose_figs(filing) if "renamed" in f.plantable]
    if not cands:
        return None
    r, f = rng.choice(cands)
    old = f.raw
    new = transpose(rng, f.value)
    if not new:
        return None
    set_fig(f, new)
    f.plantable = frozenset()
    return Planted("figure.mismatch", "error",
                   f"prose {f.label} {f.raw} vs table 当年财政拨款 {old}: the same fund named differently, digits swapped",
                   f.raw, old, r.attachment, "renamed_fund", known_miss=True)


def plant_prose_sum(rng, filing: Filing) -> Planted | None:
    cands = [(r, p, f) for r, p, f in prose_figs(filing) if "sum" in f.plantable]
    if not cands:
        return None
    r, para, f = rng.choice(cands)
    of = f.relation[1]
    figs = para.figures()
    total = next(x for x in figs if x.label == of and x.relation is None)
    parts = [x for x in figs if x.relation == ("part_of", of)]
    new, kind = wrong_number(rng, f.value)
    old = f.raw
    set_fig(f, new)
    found = sum((D(x.value) for x in parts), D(0))
    return Planted("sum.parts", "error", f"prose 其中 list of {of}: {f.label} {old} written {f.raw} ({kind}); parts add to "
                   f"{plain(found)}{total.unit}, {of} {total.raw}", f"{plain(found)}{total.unit}", total.raw, r.attachment,
                   "prose_list")


def plant_share(rng, filing: Filing) -> Planted | None:
    cands = [(r, f) for r, _, f in prose_figs(filing) if "share" in f.plantable]
    if not cands:
        return None
    r, f = rng.choice(cands)
    old = f.raw
    true = D(f.value)
    options = []
    t = transpose(rng, f.value)
    if t and abs(D(t) - true) >= D("0.3"):
        options.append((t, "digits swapped"))
    comp = q(HUNDRED - true)
    if abs(comp - true) >= 1:
        options.append((plain(comp), "the other part's share"))
    if f.part is not None and f.whole is not None:
        wrong = ratio_pct(f.part, f.whole * D("1.18"))
        options.append((plain(wrong), "a wrong whole"))
    if not options:
        return None
    new, kind = rng.choice(options)
    set_fig(f, new)
    return Planted("share.mismatch", "error",
                   f"prose share of {f.label} in {f.relation[1]}: {f.raw}, its numbers give {old} ({kind})",
                   f.raw, old, r.attachment, "amount_share")


def plant_count_share(rng, filing: Filing) -> Planted | None:
    cands = [(r, f) for r, _, f in prose_figs(filing) if "count_share" in f.plantable]
    if not cands:
        return None
    r, f = rng.choice(cands)
    old = f.raw
    true = D(f.value)
    t = transpose(rng, f.value)
    new = t if t and abs(D(t) - true) >= 1 else plain(q(true + D(rng.choice([-1, 1]) * rng.randint(5, 12))))
    if D(new) >= 100 or D(new) <= 0:
        new = plain(q(true - D(7)))
    set_fig(f, new)
    return Planted("share.mismatch", "error", f"prose share of counts: {f.raw} of 完工总数, the counts give {old}",
                   f.raw, old, r.attachment, "share_of_counts", known_miss=True)


def plant_outside_year(rng, filing: Filing) -> Planted | None:
    cands = [(r, d) for r, _, d in prose_dates(filing) if "outside" in d.plantable]
    if not cands:
        return None
    r, d = rng.choice(cands)
    y = filing.year - rng.choice([1, 2])
    month = int(d.iso[5:7])
    d.text = f"{y}年{month}月"
    d.iso = f"{y}-{month:02d}"
    return Planted("date.outside_year", "warning", f"event dated {d.text} in a {filing.year} filing", d.text,
                   f"{filing.year}年", r.attachment, "event")


def plant_done_after_fill(rng, filing: Filing) -> Planted | None:
    for r in filing.reports:
        for para in r.paras or []:
            segs = [s for s in para.segments if isinstance(s, DateSeg)]
            done = [s for s in segs if "done" in s.plantable]
            if not done:
                continue
            d = done[0]
            new = filing.fill_date + timedelta(days=rng.randint(15, 80))
            d.text = f"{new.year}年{new.month}月{new.day}日"
            d.iso = new.isoformat()
            after = segs[segs.index(d) + 1:]
            for a in after:  # the acceptance that follows, month and day only
                acc = new + timedelta(days=rng.randint(5, 15))
                a.text, a.iso = f"{acc.month}月{acc.day}日", acc.isoformat()
            fill = filing.fill_date
            return Planted("date.outside_year", "warning",
                           f"work reported done on {d.text}, after the 填报日期 {fill.isoformat()}",
                           d.text, f"<={fill.year}年{fill.month}月{fill.day}日", r.attachment, "done_after_fill_date",
                           known_miss=True, occurrences=1 + len(after))
    return None


# ------------------------------------------------------------------ the menu


@dataclass(frozen=True)
class Kind:
    name: str
    stage: str  # table | prose
    group: str  # what it touches; two plants of a filing never share a group
    apply: Callable


KINDS = (
    Kind("sum.parts/funds_rows", "table", "funds_parts", plant_funds_part),
    Kind("sum.parts/breakdown", "table", "breakdown", plant_breakdown),
    Kind("sum.parts/basic_data", "table", "basic_rows", plant_basic_part),
    Kind("sum.parts/prose_list", "prose", "prose_sum", plant_prose_sum),
    Kind("rate.mismatch/funds", "table", "funds", plant_rate_funds),
    Kind("rate.mismatch/control_rate", "table", "staff", plant_rate_staff),
    Kind("rate.missing", "table", "rate_missing", plant_rate_missing),
    Kind("staffing.over_quota", "table", "staff", plant_over_quota),
    Kind("score.total", "table", "scores", plant_score_total),
    Kind("score.over_weight", "table", "scores", plant_over_weight),
    Kind("score.level_weights", "table", "weights", plant_level_weights),
    Kind("score.funds", "table", "funds", plant_score_funds),
    Kind("score.deduction_without_reason", "table", "reasons", plant_no_reason),
    Kind("score.full_marks_unmet", "table", "actuals", plant_full_marks_unmet),
    Kind("date.fill_before_year_end", "table", "fill", plant_fill_before),
    Kind("date.fill_dates_differ", "table", "fill", plant_fill_differ),
    Kind("figure.mismatch", "prose", "prose_fig", plant_figure_mismatch),
    Kind("figure.mismatch/renamed_fund", "prose", "prose_renamed", plant_renamed),
    Kind("share.mismatch", "prose", "prose_share", plant_share),
    Kind("share.mismatch/share_of_counts", "prose", "prose_count_share", plant_count_share),
    Kind("date.outside_year", "prose", "prose_date", plant_outside_year),
    Kind("date.done_after_fill", "prose", "fill_done", plant_done_after_fill),
)


def choose(rng: random.Random, n: int, usage: Counter) -> list[Kind]:
    """A menu of `n` kinds for one filing, the least used so far first (ties broken at random)."""
    order = sorted(KINDS, key=lambda k: (usage[k.name], rng.random()))
    return order[: max(n + 6, len(order))]


def apply_stage(rng, filing: Filing, menu: list[Kind], stage: str, want: int, usage: Counter, groups: set) -> int:
    """Apply up to `want` plants of `stage` from the menu; return how many were planted."""
    done = 0
    deferred = []  # a plant that restates 总分 goes last, so no later plant recomputes the total over it
    for kind in menu:
        if done >= want:
            break
        if kind.stage != stage or kind.group in groups:
            continue
        if kind.group in ("fill", "fill_done") and {"fill", "fill_done"} & groups:
            continue
        if kind.group == "rate_missing" and {"funds", "staff"} & groups:
            continue
        if kind.group in ("funds", "staff") and "rate_missing" in groups:
            continue
        if kind.name == "score.total":
            deferred.append(kind)
            groups.add(kind.group)
            done += 1
            continue
        planted = kind.apply(rng, filing)
        if planted is None:
            continue
        filing.planted.append(planted)
        usage[kind.name] += 1
        groups.add(kind.group)
        done += 1
    for kind in deferred:
        planted = kind.apply(rng, filing)
        if planted is None:
            done -= 1
            continue
        filing.planted.append(planted)
        usage[kind.name] += 1
    return done

"""A consistent filing model: the department's spending, its 部门整体 table, its projects with
their funds and indicators, the 基础数据表 and the rubric. Every total here is the sum of its
parts, every rate and score follows from its numbers."""
from __future__ import annotations

import dataclasses
import random
from decimal import Decimal

from . import indicators as ind
from .model import BasicData, BasicRow, Filing, FundLine, FundsBlock, Overall, Project, Rubric, RubricRow
from .money import Money
from .numbers import D, pct_text, q, ratio_pct, score_of, tidy
from .places import Profile, make_profile
from .sectors import LEVEL1_WEIGHTS, RUBRIC, SECTORS, ProjectSpec, Sector


def uni(rng: random.Random, lo: float, hi: float) -> Decimal:
    return D(str(rng.uniform(lo, hi)))


# ------------------------------------------------------------------ funds


def funds_rate(money: Money, unit: str, executed: Decimal, budget: Decimal) -> str:
    return pct_text(ratio_pct(money.shown(executed, unit), money.shown(budget, unit)))


def funds_block(money: Money, unit: str, lines: list[FundLine]) -> FundsBlock:
    total = lines[0]
    rate = funds_rate(money, unit, total.executed, total.budget_full)
    weight = D(10)
    return FundsBlock(lines, weight, rate, score_of(weight, D(rate.rstrip("%"))))


def project_funds(rng: random.Random, money: Money, lo: float, hi: float) -> tuple[FundsBlock, dict]:
    """年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金, in each of the three columns."""
    bf_wan = money.draw_wan(rng, lo, hi)
    carry = rng.random() < 0.55
    other = rng.random() < 0.35
    shares = [rng.uniform(0.6, 1.0), rng.uniform(0.05, 0.25) if carry else 0, rng.uniform(0.03, 0.12) if other else 0]
    a, c, o = money.split_wan(rng, bf_wan, shares)
    bf = [money.leaf(rng, x) for x in (a, c, o)]
    full = rng.random() < 0.4
    ex_wan = [a if full or rng.random() < 0.7 else q(a * uni(rng, 0.9, 0.995), money.places),
              c if full else q(c * uni(rng, 0.6, 1.0), money.places),
              o if full else q(o * uni(rng, 0.7, 1.0), money.places)]
    ex = [bf[i] if ex_wan[i] == (a, c, o)[i] else money.leaf(rng, ex_wan[i]) for i in range(3)]
    a_init = a if rng.random() < 0.4 else q(a * uni(rng, 0.5, 0.95), money.places)
    blank_style = rng.choice(["zero", "blank", "zero"])
    bi = [money.leaf(rng, a_init, odd=False) if a_init != a else bf[0],
          D(0) if blank_style == "zero" else None,
          (D(0) if blank_style == "zero" else None)]
    bi_total = sum((x for x in bi if x is not None), D(0))
    labels = [("其中：当年财政拨款", "当年财政拨款"), ("上年结转资金", "上年结转资金"), ("其他资金", "其他资金")]
    lines = [FundLine("年度资金总额", "年度资金总额", bi_total, sum(bf, D(0)), sum(ex, D(0)))]
    for (written, label), b_i, b_f, e in zip(labels, bi, bf, ex, strict=True):
        lines.append(FundLine(written, label, b_i, b_f, e, part_of="年度资金总额"))
    block = funds_block(money, money.table_unit, lines)
    return block, {"a_wan": a, "a_init_wan": a_init}


# ------------------------------------------------------------------ projects


def project_name(rng: random.Random, profile: Profile, spec: ProjectSpec) -> str:
    style = rng.random()
    if style < 0.35:
        return f"{profile.year}年{profile.place}{spec.name}"
    if style < 0.65:
        return f"{profile.place}{spec.name}"
    return spec.name


def project_level1s(rng: random.Random, year: int, spec: ProjectSpec, n_short: int) -> list:
    weights = rng.choice(LEVEL1_WEIGHTS)
    costs = [ind.cost_indicator(rng, c) for c in spec.cost]
    return ind.build_level1s(rng, year, spec, costs, weights, n_short)


def totals_of(funds: FundsBlock, level1s: list) -> tuple[Decimal, Decimal]:
    weight = funds.weight + sum((l1.weight for l1 in level1s), D(0))
    score = funds.score + sum((i.score for l1 in level1s for i in l1.indicators()), D(0))
    return weight, tidy(score)


def build_project(rng: random.Random, key: str, profile: Profile, spec: ProjectSpec, money: Money,
                  cap_wan: Decimal | None) -> Project:
    lo, hi = spec.budget
    if cap_wan is not None:
        hi = min(hi, float(cap_wan))
        lo = min(lo, hi * 0.6)
    funds, extras = project_funds(rng, money, lo, hi)
    level1s = project_level1s(rng, profile.year, spec, rng.choice([0, 0, 1, 1, 2]))
    weight, score = totals_of(funds, level1s)
    return Project(key, project_name(rng, profile, spec), spec, funds, level1s, weight, score, extras=extras)


# ------------------------------------------------------------------ 部门整体


def spending_columns(rng: random.Random, money: Money, total_wan: Decimal) -> dict[str, dict[str, Decimal]]:
    """The spending figures per column (上年决算, 本年预算, 本年决算), in 元, each adding up.
    The budget column keeps every “三公” item at or above what was spent."""
    p = money.places
    small = "0.01"  # “三公” items keep their decimals even where large amounts are whole
    base = q(total_wan * uni(rng, 0.25, 0.7), p)
    staff = q(base * uni(rng, 0.8, 0.92), p)
    actual = {"人员经费": staff, "公用经费": base - staff, "项目支出": total_wan - base,
              "公车购置": D(0) if rng.random() < 0.85 else q(uni(rng, 12, 25), small),
              "公车运行维护": q(uni(rng, 1, 12), small),
              "出国经费": D(0) if rng.random() < 0.9 else q(uni(rng, 1, 5), small),
              "公务接待": q(uni(rng, 0.3, 5), small)}
    prev = {k: q(v * uni(rng, 0.85, 1.1), p if k in ("人员经费", "公用经费", "项目支出") else small)
            for k, v in actual.items()}
    budget = {"人员经费": q(actual["人员经费"] * uni(rng, 0.92, 1.02), p),
              "公用经费": q(actual["公用经费"] * uni(rng, 0.9, 1.05), p),
              "项目支出": q(actual["项目支出"] * uni(rng, 0.2, 0.9), p)}
    for k in ("公车购置", "公车运行维护", "出国经费", "公务接待"):
        budget[k] = q(actual[k] * uni(rng, 1.05, 1.4), "1" if p == "1" else small)
        if actual[k] and budget[k] <= actual[k]:
            budget[k] = actual[k] + 1
    cols = {}
    for col, leaves in (("prev", prev), ("budget", budget), ("actual", actual)):
        y = {k: money.leaf(rng, v) for k, v in leaves.items()}
        y["公务用车购置和维护经费"] = y["公车购置"] + y["公车运行维护"]
        y["三公经费"] = y["公务用车购置和维护经费"] + y["出国经费"] + y["公务接待"]
        y["基本支出"] = y["人员经费"] + y["公用经费"]
        y["合计"] = y["基本支出"] + y["项目支出"]
        cols[col] = y
    return cols


def income_parts(rng: random.Random, money: Money, total: Decimal) -> list[tuple[str, str, Decimal]]:
    """按收入性质分: 一般公共预算 takes what the others leave (in 元, so the sum is exact)."""
    total_wan = money.wan(total)
    fund = q(total_wan * uni(rng, 0.02, 0.15), money.places) if rng.random() < 0.4 else D(0)
    fee = q(total_wan * uni(rng, 0.01, 0.08), money.places) if rng.random() < 0.4 else D(0)
    other = q(total_wan * uni(rng, 0.01, 0.06), money.places) if rng.random() < 0.3 else D(0)
    others = [money.leaf(rng, x, odd=False) for x in (fund, fee, other)]
    general = total - sum(others, D(0))
    return [("其中：一般公共预算", "一般公共预算", general), ("政府性基金拨款", "政府性基金拨款", others[0]),
            ("纳入专户管理的非税收入拨款", "纳入专户管理的非税收入拨款", others[1]), ("其他资金", "其他资金", others[2])]


def overall_level1s(rng: random.Random, year: int, sector: Sector, cols: dict, money: Money) -> list:
    weights = rng.choice(LEVEL1_WEIGHTS)
    budget_wan = money.wan(cols["budget"]["三公经费"])
    actual_wan = money.wan(cols["actual"]["三公经费"])
    assert budget_wan > actual_wan, (budget_wan, actual_wan)
    costs = [ind.spending_cap_indicator(rng, budget_wan, actual_wan)]
    outputs = rng.sample(list(sector.outputs), k=min(len(sector.outputs), rng.choice([2, 3])))
    pools = dataclasses.replace(sector, outputs=tuple(outputs))
    return ind.build_level1s(rng, year, pools, costs, weights, rng.choice([0, 1, 1, 2]))


def build_overall(rng: random.Random, profile: Profile, sector: Sector, money: Money) -> tuple[Overall, dict]:
    lo, hi = sector.spend
    scale = 2.5 if profile.level == "city" else 1
    total_wan = money.draw_wan(rng, lo * scale, hi * scale)
    cols = spending_columns(rng, money, total_wan)
    level1s = overall_level1s(rng, profile.year, sector, cols, money)
    actual = cols["actual"]
    ex = actual["合计"]
    bf_wan = q(money.wan(ex) / uni(rng, 0.93, 1.0), money.places) if rng.random() < 0.7 else money.wan(ex)
    bf = ex if bf_wan == money.wan(ex) else money.leaf(rng, bf_wan, odd=False)
    bi = money.leaf(rng, q(money.wan(ex) * uni(rng, 0.55, 0.95), money.places), odd=False)
    funds = funds_block(money, money.table_unit, [FundLine("年度资金总额", "年度资金总额", bi, bf, ex)])
    income = income_parts(rng, money, ex)
    spending = [("其中：基本支出", "基本支出", actual["基本支出"]), ("项目支出", "项目支出", actual["项目支出"])]
    weight, score = totals_of(funds, level1s)
    overall = Overall(funds, income, spending, level1s, weight, score)
    return overall, cols


# ------------------------------------------------------------------ 基础数据表


def basic_rows(cols: dict, layout: str) -> list[BasicRow]:
    def row(written, label, parent):
        return BasicRow(written, label, parent, [cols[c][label] for c in ("prev", "budget", "actual")])

    sangong_parent = "公用经费" if layout == "staff_public" else "基本支出"
    rows = [row("一、基本支出", "基本支出", None)]
    if layout == "staff_public":
        rows += [row("其中：人员经费", "人员经费", "基本支出"), row("公用经费", "公用经费", "基本支出")]
    rows += [
        row("其中：“三公”经费" if layout == "staff_public" else "其中：三公经费", "三公经费", sangong_parent),
        row("1.公务用车购置和维护经费", "公务用车购置和维护经费", "三公经费"),
        row("其中：公车购置", "公车购置", "公务用车购置和维护经费"),
        row("公车运行维护", "公车运行维护", "公务用车购置和维护经费"),
        row("2.出国经费", "出国经费", "三公经费"),
        row("3.公务接待", "公务接待", "三公经费"),
        row("二、项目支出", "项目支出", None),
    ]
    if layout == "staff_public":
        rows.append(row("合计", "合计", None))
    return rows


def build_basic(rng: random.Random, profile: Profile, sector: Sector, cols: dict, money: Money) -> BasicData:
    lo, hi = sector.staff
    scale = 2 if profile.level == "city" else 1
    authorised = rng.randint(int(lo * scale), int(hi * scale))
    actual = max(1, int(authorised * float(uni(rng, 0.84, 1.0))))
    rate = pct_text(ratio_pct(D(actual), D(authorised)))
    y = profile.year
    columns = [f"{y - 1}年决算数", f"{y}年预算数", f"{y}年决算数"]
    layout = rng.choice(["seed", "staff_public"])
    note = rng.choice([
        "严格执行中央八项规定精神和厉行节约有关规定，“三公”经费实行预算总额控制。",
        "公务接待实行公函制度和清单管理，公务用车实行定点维修、定点加油。",
        "严格按预算执行，严格控制“三公”经费支出。",
    ])
    return BasicData(authorised, actual, rate, columns, basic_rows(cols, layout), money.basic_unit, note)


# ------------------------------------------------------------------ rubric


def build_rubric(rng: random.Random, project_name: str) -> Rubric:
    rows = []
    deductions = set(rng.sample(range(20), k=rng.choice([0, 1, 2])))
    n = 0
    for (l1, l2s), w1 in zip(RUBRIC, (20, 25, 55), strict=True):
        for l2, l3s in l2s:
            w2 = sum(w for _, w, _, _ in l3s)
            for l3, w3, detail, criteria in l3s:
                score = D(w3)
                if n in deductions and w3 >= 2:
                    score = D(w3 - 1)
                rows.append(RubricRow(l1, D(w1), l2, D(w2), l3, D(w3), detail, criteria, score))
                n += 1
    total = sum((r.score for r in rows), D(0))
    return Rubric(project_name, rows, D(100), tidy(total))


# ------------------------------------------------------------------ the filing


def pick_money(rng: random.Random) -> Money:
    table_unit = "元" if rng.random() < 0.2 else "万元"
    basic_unit = "元" if rng.random() < 0.3 else table_unit
    integer_style = table_unit == basic_unit == "万元" and rng.random() < 0.15
    return Money(table_unit, basic_unit, integer_style, commas=rng.random() < 0.5,
                 prose_yuan="元" in (table_unit, basic_unit) and rng.random() < 0.4)


def pick_projects(rng: random.Random, sector: Sector, shape: str) -> list[ProjectSpec]:
    if shape == "overall":
        n = rng.choice([0, 0, 1, 1, 1, 2])
    else:
        n = rng.choice([1, 1, 2, 2, 3])
    return rng.sample(list(sector.projects), k=min(n, len(sector.projects)))


def build_filing(rng: random.Random, name: str, seed: int) -> Filing:
    sector = rng.choice(SECTORS)
    profile = make_profile(rng, sector.key, list(sector.names))
    money = pick_money(rng)
    shape = "overall" if rng.random() < 0.5 else "project"
    specs = pick_projects(rng, sector, shape)
    overall = basic = None
    cap = None
    cols = None
    if shape == "overall":
        overall, cols = build_overall(rng, profile, sector, money)
        if rng.random() < 0.85:
            basic = build_basic(rng, profile, sector, cols, money)
        cap = money.wan(cols["actual"]["项目支出"]) * D("0.5") / max(1, len(specs))
    projects = [build_project(rng, f"P{i + 1}", profile, spec, money, cap) for i, spec in enumerate(specs)]
    rubric = None
    if rng.random() < (0.3 if shape == "overall" else 0.4):
        target = projects[0].name if projects else project_name(rng, profile, rng.choice(sector.projects))
        rubric = build_rubric(rng, target)
    filing = Filing(name, seed, profile, shape, basic, overall, projects, rubric)
    filing.layout["money"] = money
    filing.layout["sector"] = sector
    filing.layout["columns"] = cols
    if overall is not None:
        overall.numbers = dept_numbers(rng, filing, cols, money)
    return filing


def dept_numbers(rng: random.Random, filing: Filing, cols: dict, money: Money) -> dict:
    """What the 部门整体 report says about spending: 万元 figures as the prose writes them."""
    actual, prev, budget = cols["actual"], cols["prev"], cols["budget"]
    w = money.wan
    numbers = {k: w(v) for k, v in actual.items()}
    numbers.update({f"prev_{k}": w(v) for k, v in prev.items()})
    numbers.update({f"budget_{k}": w(v) for k, v in budget.items()})
    numbers["items"] = project_items(rng, filing, numbers["项目支出"], money)
    return numbers


GENERIC_ITEMS = ("部门专项业务经费", "信息化建设及运维经费", "业务培训及宣传经费", "机关运转保障专项经费",
                 "安全生产及应急管理经费")


def project_items(rng: random.Random, filing: Filing, total_wan: Decimal, money: Money) -> list:
    """The 项目支出 of the year, item by item, adding up to it exactly in 万元:
    [(name, amount in 万元, project key or None)]."""
    items = [(p.name, money.wan(p.funds.total.executed), p.key) for p in filing.projects]
    sector = filing.layout["sector"]
    used = {p.spec.name for p in filing.projects}
    names = [s.name for s in sector.projects if s.name not in used] + list(GENERIC_ITEMS)
    extra = rng.sample(names, k=rng.choice([2, 3]))
    rest = total_wan - sum((a for _, a, _ in items), D(0))
    assert rest > 0, (total_wan, items)
    parts = money.split_wan(rng, rest, [rng.uniform(0.5, 2) for _ in extra])
    items += [(n, a, None) for n, a in zip(extra, parts, strict=True)]
    rng.shuffle(items)
    return items


def fill_dates(filing: Filing) -> dict:
    return {"all": filing.profile.fill_date}


"""The narrative reports of a filing, as sections of paragraphs made of segments (text, Fig,
DateSeg). Written from the model after the table plants, so the prose restates the tables as
stated, and never restates a value planted in a table (those keys are `tainted`)."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from . import prose as P
from .model import DateSeg, Filing, Report, Section, tpl
from .numbers import D, pct_text, plain, ratio_pct
from .sectors import Deadline, Output, Quality, Rate, is_works

DOC_ABBR = {"education": "教", "health": "卫健", "agriculture": "农", "water": "水", "housing": "建",
            "culture": "文旅", "civil": "民", "transport": "交", "labour": "人社"}


def grade(score: Decimal) -> str:
    return "优" if score >= 90 else "良" if score >= 80 else "中" if score >= 60 else "差"


def make_ctx(filing: Filing) -> P.Ctx:
    prof = filing.profile
    area = "全县" if prof.level == "county" else "全市"
    we = filing.layout.get("we") or "我局"
    return P.Ctx(filing.layout["rng"], filing.layout["money"], prof.year, area, we, filing.tainted, prof.abbr,
                 filing.fill_date, prof.place, prof.sector)


# ------------------------------------------------------------------ shared pieces


def indicator_paragraphs(ctx: P.Ctx, table_key: str, level1s, extras: dict | None = None) -> dict:
    """产出, 效益 and 满意度 paragraphs restating the indicator table."""
    outputs, rates, costs, benefits, sats = [], [], [], [], []
    for l1 in level1s:
        for ind in l1.indicators():
            key = f"ind:{table_key}:{ind.level3}"
            if isinstance(ind.prose, Output) and ind.kind == "quantity":
                outputs.append(P.output_phrase(ctx, ind, key))
            elif isinstance(ind.prose, Output):
                benefits.append(P.output_phrase(ctx, ind, key))
            elif isinstance(ind.prose, Rate) and ind.kind == "quality" and ind.level2 in ("质量指标", "时效指标"):
                rates.append(P.rate_phrase(ctx, ind, key))
            elif isinstance(ind.prose, Rate) and ind.kind == "quality":
                benefits.append(benefit_rate(ctx, ind, key))
            elif ind.kind == "cost" and ind.actual.number is not None:
                costs.append(P.cost_phrase(ctx, ind, key))
            elif ind.kind == "satisfaction":
                sats.append(P.satisfaction_sentence(ctx, ind, key))
            elif isinstance(ind.prose, Quality):
                benefits.append([f"{ind.level3}{ind.actual.text}"])
    out = join_clauses(outputs + rates + costs)
    if extras is not None and extras.get("accepted_sentence"):
        out = out + extras["accepted_sentence"]
    return {"outputs": out, "benefits": join_clauses(benefits), "satisfaction": [s for x in sats for s in x]}


def benefit_rate(ctx: P.Ctx, ind, key: str) -> list:
    """A benefit rate, now and then beside last year's value (由上年的…提高到…)."""
    now = ind.actual.dec
    if ctx.chance(0.5) and now > 5:
        before = (now - D(ctx.rng.randint(1, 4))).quantize(D("0.1") if "." in ind.actual.number else D("1"))
        return P.rate_from_to(ctx, ind.level3, before, now, key)
    return P.rate_phrase(ctx, ind, key)


def join_clauses(clauses: list) -> list:
    out: list = []
    for i, c in enumerate(clauses):
        out += (["；"] if i else []) + c
    return out + (["。"] if clauses else [])


def score_sentence(ctx: P.Ctx, score: Decimal, what: str, key: str) -> list:
    style = ctx.rng.randrange(5)
    g = grade(score)
    if style == 0:
        return tpl("经综合评定，{w}{y}年度绩效自评得分{s}，评价等级为“{g}”。", w=what, y=str(ctx.year),
                   s=P.score_fig(score, "自评得分", key), g=g)
    if style == 1:
        return tpl("根据绩效自评指标体系综合评价，{w}自评总分{s}，等级为{g}。", w=what,
                   s=P.score_fig(score, "自评总分", key), g=g)
    if style == 2:
        return tpl("{w}绩效自评综合得分{s}，自评等级“{g}”。", w=what, s=P.score_fig(score, "综合得分", key), g=g)
    if style == 3:
        return tpl("对照绩效目标逐项打分，{w}最终得分{s}，评价结果为“{g}”。", w=what, s=P.score_fig(score, "最终得分", key), g=g)
    return tpl("{w}本年度绩效自评结果为{g}，自评得分{s}。", w=what, g=g, s=P.score_fig(score, "自评得分", key))


def evaluation_sentence(ctx: P.Ctx) -> list:
    """The evaluation work itself, in the year after the budget year and before the fill date."""
    d = max(ctx.fill - timedelta(days=ctx.rng.randint(5, 40)), date(ctx.fill.year, 1, 5))
    if d.year != ctx.fill.year:
        d = ctx.fill - timedelta(days=1)
    seg = DateSeg(P.month_date(d.year, d.month), "evaluation", f"{d.year}-{d.month:02d}")
    return ctx.pick([
        tpl("{d}，{we}成立绩效自评工作小组，对照年初绩效目标开展自评。", d=seg, we=ctx.we),
        tpl("{we}于{d}组织开展绩效自评工作，收集整理相关资料并逐项核实。", d=seg, we=ctx.we),
    ])


LIST_MARKS = ("({n}) ", "（{n}）", "{n}.", None)


def listed(ctx: P.Ctx, paragraphs: list) -> list:
    """Paragraphs as a numbered list ((1) …, （2）…, 3.…) now and then."""
    mark = ctx.pick(LIST_MARKS)
    if mark is None:
        return paragraphs
    return [[mark.format(n=i)] + list(p) for i, p in enumerate(paragraphs, start=1)]


def plans(ctx: P.Ctx, measure: str) -> list:
    first, second = ctx.rng.sample(P.PLAN_ACTS, 2)
    return [[measure] + P.plan_sentence(ctx, first), P.plan_sentence(ctx, second)]


# ------------------------------------------------------------------ 部门整体 report


def offices_sentence(ctx: P.Ctx, sector, n_units: int) -> list:
    offices = list(sector.offices)
    n = D(len(offices))
    f = P.count_fig(ctx, n, "个", "股室", chinese_p=0.5)
    u = P.count_fig(ctx, D(n_units), "个", sector.sub_units, chinese_p=0.4)
    return tpl("{we}内设{o}等{n}股室，下属{su}{u}。", we=ctx.we, o="、".join(offices[:4]), n=f, su=sector.sub_units, u=u)


def staffing_sentence(ctx: P.Ctx, basic) -> list:
    a = P.count_fig(ctx, D(basic.authorised), "人", None, key="staff:authorised")
    m = P.count_fig(ctx, D(basic.actual), "人", None, key="staff:actual")
    style = ctx.rng.randrange(3)
    if style == 0:
        a.label, m.label = "编制数", "实际在职人数"
        s = tpl("{y}年末编制数{a}，实际在职人数{m}", y=str(ctx.year), a=a, m=m)
    elif style == 1:
        a.label, m.label = "核定编制", "实有人数"
        s = tpl("{we}核定编制{a}，{y}年末实有人数{m}", we=ctx.we, y=str(ctx.year), a=a, m=m)
    else:
        a.label, m.label = "编制", "在职"
        s = tpl("全部门编制{a}，在职{m}", a=a, m=m)
    if basic.control_rate and not ctx.is_tainted("staff:rate"):
        rate = ratio_pct(D(basic.actual), D(basic.authorised))
        s += tpl("，编制控制率{r}", r=P.pct_fig(rate, "编制控制率", ("rate", None), key="staff:rate"))
    return s + ["。"]


def scale_paragraphs(ctx: P.Ctx, o) -> list:
    n = o.numbers
    label = ctx.pick(["支出合计", "本年支出合计", "支出总额"])
    total = P.wan_fig(ctx, n["合计"], label, key="dept:total")
    s = tpl("{y}年度本部门{l}{t}", y=str(ctx.year), l=label, t=total)
    r = P.restatement(ctx, n["合计"], label)
    if r and ctx.chance(0.6):
        s += r
    s += P.prior_year_change(ctx, label, n["合计"], n["prev_合计"], lambda v, lab, rel: P.wan_fig(ctx, v, lab, rel))
    s += ["。"]
    spend = dept_split_sentence(ctx, n, label)
    income = income_sentence(ctx, o)
    return [s + spend] + ([income] if income else [])


def dept_split_sentence(ctx: P.Ctx, n: dict, total_label: str) -> list:
    """其中 基本支出 and 项目支出 with their shares of the total."""
    t = n["合计"]
    b, p = n["基本支出"], n["项目支出"]
    style = ctx.rng.randrange(3)
    of = {0: total_label, 1: total_label, 2: "支出总额"}[style]
    bf = P.wan_fig(ctx, b, "基本支出", ("part_of", total_label), key="dept:基本支出")
    pf = P.wan_fig(ctx, p, "项目支出", ("part_of", total_label), key="dept:项目支出")
    bs = P.share_fig(b, t, "基本支出", of)
    ps = P.share_fig(p, t, "项目支出", of)
    if style == 0:
        return tpl("其中：基本支出{b}，占{l}的{bs}；项目支出{p}，占{l}的{ps}。", b=bf, l=total_label, bs=bs, p=pf, ps=ps)
    if style == 1:
        return tpl("其中基本支出{b}，占{bs}；项目支出{p}，占{ps}。", b=bf, bs=bs, p=pf, ps=ps)
    return tpl("从支出结构看，基本支出{b}，在支出总额中占{bs}；项目支出{p}，在支出总额中占{ps}。", b=bf, bs=bs, p=pf, ps=ps)


def income_sentence(ctx: P.Ctx, o) -> list | None:
    if ctx.is_tainted(*(f"income:{lab}" for _, lab, _ in o.income)):
        return None
    money = ctx.money
    total_wan = money.wan(o.funds.total.executed)
    label = ctx.pick(["收入合计", "本年收入合计"])
    parts = [(lab, money.wan(v)) for _, lab, v in o.income if v]
    if len(parts) < 2:
        return tpl("按资金来源分，{l}{t}，全部为一般公共预算拨款。", l=label, t=P.wan_fig(ctx, total_wan, label))
    s = tpl("按资金来源分，{l}{t}，其中：", l=label, t=P.wan_fig(ctx, total_wan, label))
    names = {"一般公共预算": "一般公共预算拨款", "政府性基金拨款": "政府性基金拨款",
             "纳入专户管理的非税收入拨款": "纳入专户管理的非税收入拨款", "其他资金": "其他收入"}
    for i, (lab, v) in enumerate(parts):
        name = names[lab]
        s += tpl("{sep}{n}{v}", sep="；" if i else "", n=name,
                 v=P.wan_fig(ctx, v, name, ("part_of", label), key=f"income:{lab}"))
        s += P.share_clause(ctx, v, total_wan, name, label, label)
    return s + ["。"]


def execution_paragraph(ctx: P.Ctx, o) -> list:
    f = o.funds
    money = ctx.money
    bf, ex = money.wan(f.total.budget_full), money.wan(f.total.executed)
    show_rate = not ctx.is_tainted("funds:O:rate") and f.rate is not None
    style = ctx.rng.randrange(5)
    bfl, exl, rl = [("全年预算数", "全年执行数", "预算执行率"), ("调整后预算", "实际支出", "执行率"),
                    ("预算总额", "实际执行", "预算执行率"), ("全年预算", "执行数", "预算执行率"),
                    ("全年预算数", "全年执行数", "执行率")][style]
    lab_b, lab_e = bfl, exl  # 全年 before 预算/执行 names the form's full-year figures (samples/real/README.md)
    s = tpl("{y}年度{bl}{b}，{el}{e}", y=str(ctx.year), bl=bfl, b=P.wan_fig(ctx, bf, lab_b, key="funds:O:budget_full"),
            el=exl, e=P.wan_fig(ctx, ex, lab_e, key="funds:O:executed"))
    if show_rate:
        s += tpl("，{rl}{r}", rl=rl, r=P.pct_fig(D(f.rate.rstrip("%")), rl, ("rate", None), key="funds:O:rate",
                                                  text=f.rate))
    if bf > ex:
        s += tpl("。未执行资金{d}，已按规定结转下年使用", d=P.wan_fig(ctx, bf - ex, "未执行资金"))
    return s + ["。"]


def basic_spending_paragraphs(ctx: P.Ctx, o) -> list:
    n = o.numbers
    b = n["基本支出"]
    out = []
    if not ctx.is_tainted("basic:人员经费", "basic:公用经费"):
        staff, public = n["人员经费"], n["公用经费"]
        of = ctx.pick(["基本支出", "基本支出总额"])
        para = tpl("{y}年度基本支出{b}，其中：人员经费{s}", y=str(ctx.year),
                   b=P.wan_fig(ctx, b, "基本支出", key="dept:基本支出"),
                   s=P.wan_fig(ctx, staff, "人员经费", ("part_of", "基本支出")))
        para += P.share_clause(ctx, staff, b, "人员经费", of, "基本支出")
        para += tpl("；公用经费{p}", p=P.wan_fig(ctx, public, "公用经费", ("part_of", "基本支出")))
        para += P.share_clause(ctx, public, b, "公用经费", of, "基本支出")
        out.append(para + ["。"])
    out.append(sangong_sentence(ctx, n))
    return out


def sangong_sentence(ctx: P.Ctx, n: dict) -> list:
    label = ctx.pick(["“三公”经费支出", "“三公”经费"])
    s_now, s_budget, s_prev = n["三公经费"], n["budget_三公经费"], n["prev_三公经费"]
    s = tpl("{y}年{l}{v}，比预算数{b}减少{d}", y=str(ctx.year), l=label, v=P.wan_fig(ctx, s_now, label, key="dept:三公经费"),
            b=P.wan_fig(ctx, s_budget, label, ("base", "预算")), d=P.wan_fig(ctx, s_budget - s_now, label, ("change", "预算")))
    s += P.prior_year_change(ctx, label, s_now, s_prev, lambda v, lab, rel: P.wan_fig(ctx, v, lab, rel))
    if ctx.is_tainted("basic:公务接待", "basic:公车运行维护", "basic:出国经费", "basic:公车购置"):
        return s + ["。"]
    car, abroad, recep = n["公务用车购置和维护经费"], n["出国经费"], n["公务接待"]
    s += ["。其中"]
    s += tpl("公务用车购置及运行维护费{c}，因公出国（境）费{a}，公务接待费{r}。",
             c=P.wan_fig(ctx, car, "公务用车购置及运行维护费", ("part_of", label)),
             a=P.wan_fig(ctx, abroad, "因公出国（境）费", ("part_of", label)),
             r=P.wan_fig(ctx, recep, "公务接待费", ("part_of", label)))
    return s


def project_items_paragraph(ctx: P.Ctx, o) -> list:
    n = o.numbers
    label = "项目支出"
    s = tpl("{y}年度项目支出{p}", y=str(ctx.year), p=P.wan_fig(ctx, n["项目支出"], label, key="dept:项目支出"))
    r = P.restatement(ctx, n["项目支出"], label)
    if r and ctx.chance(0.4):
        s += r
    s += ["，主要包括："]
    markers = "①②③④⑤⑥⑦⑧"
    for i, (name, amount, pkey) in enumerate(n["items"]):
        s += tpl("{sep}{m}{n}{a}", sep="；" if i else "", m=markers[i], n=name,
                 a=P.wan_fig(ctx, amount, name, ("part_of", label),
                             key=f"funds:{pkey}:executed" if pkey else None, plantable=() if pkey else ("sum",)))
    return s + ["。"]


def dept_events(ctx: P.Ctx) -> list:
    m1 = ctx.rng.randint(2, 5)
    m2 = ctx.rng.randint(m1 + 2, 9)
    d1 = DateSeg(P.month_date(ctx.year, m1), "event", f"{ctx.year}-{m1:02d}", frozenset({"outside"}))
    d2 = DateSeg(P.month_date(ctx.year, m2, with_year=False), "event", f"{ctx.year}-{m2:02d}", frozenset({"outside"}))
    return tpl("{d1}，{we}印发年度预算绩效管理工作方案，{d2}完成绩效目标执行情况运行监控。", d1=d1, we=ctx.we, d2=d2)


def overall_report(filing: Filing, attachment: int) -> Report:
    ctx = make_ctx(filing)
    prof, o, sector = filing.profile, filing.overall, filing.layout["sector"]
    ind = indicator_paragraphs(ctx, "O", o.level1s)
    basic_secs = [Section("部门职能", [[sector.duty.format(area=ctx.area)]])]
    people = [offices_sentence(ctx, sector, ctx.rng.randint(2, 14))]
    if filing.basic is not None:
        people.append(staffing_sentence(ctx, filing.basic))
    basic_secs.append(Section("机构设置及人员情况", people))
    basic_secs.append(Section(ctx.pick(["部门整体支出规模", "部门收支情况", "部门预算及支出情况"]), scale_paragraphs(ctx, o)))
    perf = [
        Section("预算执行情况", [execution_paragraph(ctx, o), dept_events(ctx)]),
        Section("基本支出情况", basic_spending_paragraphs(ctx, o)),
        Section("项目支出情况", [project_items_paragraph(ctx, o)]),
        Section("绩效目标完成情况", [], [
            Section("产出情况", [ind["outputs"]] if ind["outputs"] else [["各项产出指标按计划推进。"]]),
            Section("效益情况", [ind["benefits"]] if ind["benefits"] else [["项目效益逐步显现。"]]),
            Section("满意度情况", [ind["satisfaction"]]),
        ]),
    ]
    problems = listed(ctx, [[p] for p in sector.problems])
    measures = listed(ctx, plans(ctx, sector.measures[0]) + [[sector.measures[1]]])
    conclusion = [evaluation_sentence(ctx), score_sentence(ctx, o.total_score, "本部门整体支出", "total:O")]
    sections = [
        Section("部门基本情况", [], basic_secs),
        Section(ctx.pick(["部门整体支出绩效情况", "部门整体支出管理及使用情况", "绩效自评情况"]), [], perf),
        Section(ctx.pick(["存在的问题及原因分析", "存在的主要问题"]), problems),
        Section(ctx.pick(["下一步改进措施", "改进措施及建议"]), measures),
        Section(ctx.pick(["自评结论", "绩效自评结果"]), conclusion),
    ]
    title = f"{prof.department}{prof.year}年度部门整体支出绩效自评报告"
    return Report(attachment, "overall_report", title, None, sections, closing(filing, "report:O"), key="O")


# ------------------------------------------------------------------ 项目 report


def accepted_sentence(ctx: P.Ctx, p) -> list | None:
    """A share of counts: 已完成竣工验收12个，占完工总数15个的80%."""
    if not is_works(p.spec):
        return None
    for ind in p.indicators():
        spec = ind.prose
        if (isinstance(spec, Output) and ind.kind == "quantity" and spec.unit in ("个", "座", "处", "所", "户", "段")
                and ind.actual.dec >= 5):
            n = ind.actual.dec
            k = (n * D(str(ctx.rng.uniform(0.6, 0.95)))).to_integral_value()
            if not 0 < k < n:
                continue
            share = P.share_fig(k, n, "竣工验收", "完工总数", plantable=("count_share",))
            share.places = "0.01"
            p.extras["accepted"] = (k, n)
            return tpl("。截至{y}年底，{noun}已完成竣工验收{k}，占完工总数{n}的{s}，其余部分计划于{d}前完成验收",
                       y=str(ctx.year), noun=spec.noun, k=P.count_fig(ctx, k, spec.unit, "竣工验收"),
                       n=P.count_fig(ctx, n, spec.unit, "完工总数"), s=share,
                       d=DateSeg(P.month_date(ctx.year + 1, ctx.rng.randint(3, 6)), "plan", f"{ctx.year + 1}"))
    return None


def deadline_of(p) -> date | None:
    for ind in p.indicators():
        if isinstance(ind.prose, Deadline):
            y, rest = ind.actual.text.split("年")
            m, rest = rest.split("月")
            return date(int(y), int(m), int(rest.rstrip("日")))
    return None


def events_paragraph(ctx: P.Ctx, p) -> list:
    """The implementation timeline: plan, tender, start, completion, acceptance."""
    y = ctx.year
    m1 = ctx.rng.randint(2, 4)
    m2 = m1 + ctx.rng.randint(1, 2)
    m3 = m2 + 1
    done = deadline_of(p) or date(y, ctx.rng.randint(max(m3 + 1, 8), 11), ctx.rng.randint(5, 25))
    accept = min(done + timedelta(days=ctx.rng.randint(6, 25)), date(y, 12, 25))
    ref = f"{ctx.place[0]}{DOC_ABBR[ctx.sector]}发〔{y}〕{ctx.rng.randint(2, 60)}号"
    if is_works(p.spec):
        tender = ctx.pick(["完成项目招标", "通过公开招标确定施工单位", "完成施工和监理招标"])
        start = ctx.pick(["开工建设", "全面开工", "进场施工"])
        done_words = ("全部完工", "完成全部建设任务", "全部建成")
    else:
        tender = ctx.pick(["完成政府采购程序", "确定项目实施单位", "完成实施方案备案"])
        start = ctx.pick(["全面组织实施", "启动项目实施", "开始组织实施"])
        done_words = ("完成全部项目任务", "完成年度实施任务", "全部实施完毕")
    seg = tpl("{d1}，{we}印发《{name}实施方案》（{ref}），{d2}{tender}，{d3}{start}。",
              d1=DateSeg(P.month_date(y, m1), "event", f"{y}-{m1:02d}"), we=ctx.we, name=short_name(p.name), ref=ref,
              d2=DateSeg(P.month_date(y, m2, with_year=False), "event", f"{y}-{m2:02d}", frozenset({"outside"})),
              tender=tender,
              d3=DateSeg(P.month_date(y, m3, with_year=False), "event", f"{y}-{m3:02d}", frozenset({"outside"})),
              start=start)
    w = ctx.pick(done_words)
    finish = ctx.pick([
        tpl("项目已于{d}{w}，", d=DateSeg(P.day_date(done), "event", done.isoformat(), frozenset({"done"})), w=w),
        tpl("{d}，项目{w}，", d=DateSeg(P.day_date(done), "event", done.isoformat(), frozenset({"done"})), w=w),
        tpl("项目于{d}{w}，", d=DateSeg(P.day_date(done), "event", done.isoformat(), frozenset({"done"})), w=w),
    ])
    finish += tpl("{d}{a}。", d=DateSeg(P.day_date(accept, with_year=False), "event", accept.isoformat()),
                  a="组织相关部门完成竣工验收" if is_works(p.spec) else "组织相关股室完成项目验收")
    return seg + finish


def short_name(name: str) -> str:
    """The project's name without its year, for the title of its plan."""
    return name.split("年", 1)[1] if name[:4].isdigit() else name


def project_report(filing: Filing, p, attachment: int) -> Report:
    ctx = make_ctx(filing)
    prof = filing.profile
    ind = indicator_paragraphs(ctx, p.key, p.level1s)
    acc = accepted_sentence(ctx, p)
    if acc and ind["outputs"]:
        ind["outputs"] = ind["outputs"][:-1] + acc + ["。"]
    overview = [[p.spec.summary]]
    if not ctx.is_tainted(f"funds:{p.key}:budget_full"):
        label = ctx.pick(["到位资金", "项目到位资金", "下达资金"])
        overview.append(tpl("{y}年{l}{a}，全部用于项目实施。", y=str(ctx.year), l=label,
                            a=P.money_fig(ctx, p.funds.total.budget_full, label, key=f"funds:{p.key}:budget_full",
                                          plantable=("mismatch",))))
    arrangement = []
    renamed = P.renamed_fund_sentence(ctx, p) if ctx.chance(0.5) else None
    if renamed:
        arrangement.append(renamed)
    parts = P.funds_parts_sentence(ctx, p, "budget_full")
    if parts:
        arrangement.append(parts)
    if not renamed and ctx.chance(0.6):
        src = P.sources_sentence(ctx, p, p.extras)
        if src:
            arrangement.append(src)
    if not arrangement:
        arrangement.append(["项目资金严格按照批复的预算安排使用。"])
    use = [P.project_funds_sentence(ctx, p)]
    ex_parts = P.funds_parts_sentence(ctx, p, "executed") if ctx.chance(0.5) else None
    if ex_parts:
        use.append(ex_parts)
    sections = [
        Section(top := ctx.pick(["项目基本情况", "项目概况"]), [], [
            Section("项目简介" if top == "项目概况" else "项目概况", overview),
            Section(ctx.pick(["项目资金安排情况", "资金来源及安排"]), arrangement),
        ]),
        Section(ctx.pick(["项目资金使用及管理情况", "资金投入和使用情况"]), [], [
            Section("资金到位及执行情况", use),
            Section("资金管理情况", [["项目资金实行专账核算、专款专用，按进度拨付，无截留、挤占、挪用情况。"]]),
        ]),
        Section(ctx.pick(["项目组织实施情况", "项目实施情况"]), [], [
            Section("组织机构", [[f"{ctx.we}成立项目工作领导小组，明确分管领导和责任股室，负责项目的统筹协调和日常管理。"]]),
            Section("实施过程", [events_paragraph(ctx, p)]),
        ]),
        Section(ctx.pick(["项目绩效情况", "项目绩效目标完成情况"]), [], [
            Section("产出情况", [ind["outputs"]] if ind["outputs"] else [["各项产出指标按计划完成。"]]),
            Section("效益情况", [ind["benefits"]] if ind["benefits"] else [["项目效益逐步显现。"]]),
            Section("满意度情况", [ind["satisfaction"]]),
        ]),
        Section(ctx.pick(["存在的问题及改进措施", "存在问题及下一步工作"]),
                listed(ctx, [[p.spec.problem]] + plans(ctx, p.spec.measure))),
        Section(ctx.pick(["自评结论", "绩效自评结论"]), [evaluation_sentence(ctx),
                                                   score_sentence(ctx, p.total_score, short_name(p.name), f"total:{p.key}")]),
    ]
    title = f"{prof.department}{short_name(p.name)}{prof.year}年度项目支出绩效自评报告" if ctx.chance(0.5) else \
        f"{prof.year}年度{short_name(p.name)}绩效自评报告"
    return Report(attachment, "project_report", title, p.name, sections, closing(filing, f"report:{p.key}"), key=p.key)


def goal_texts(owner) -> None:
    """年度总体目标: 预期目标 and 实际完成情况 cells, from the indicators as stated."""
    inds = [i for i in owner.indicators() if i.kind in ("quantity", "quality") and i.target.number is not None][:4]
    owner.goal_plan = "；".join(f"{i.level3}{i.target.cell()}" for i in inds) + "；各项工作按计划推进，资金使用规范。"
    owner.goal_done = "；".join(f"{i.level3}{i.actual.cell()}" for i in inds) + "；年度绩效目标基本完成。"


def closing(filing: Filing, key: str) -> list:
    d = filing.fill_dates.get(key, filing.fill_date)
    return [[filing.profile.department], [DateSeg(P.day_date(d), "fill", d.isoformat())]]


_ = (pct_text, plain)

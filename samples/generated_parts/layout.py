"""How a filing is put together: which attachments, in which order, how they are marked (附件1,
附件一, 附件1：title, a marker in a table's title row), how the reports number their headings,
and the builder blocks of the whole document."""
from __future__ import annotations

import random
from dataclasses import dataclass

from . import tables as T
from .model import DateSeg, Filing
from .model import Para as MPara
from .numbers import chinese, plain
from builder import Cell, PageBreak, Para, Sample, Table

TITLES = {
    "basic": "{y}年度部门整体支出绩效评价基础数据表",
    "overall_table": "{y}年度部门整体支出绩效自评表",
    "overall_report": "{y}年度部门整体支出绩效自评报告",
    "rubric": ("项目支出绩效评价评分表（共性）", "{y}年度项目支出绩效评价评分表（共性指标）"),
    "project_table": "{y}年度项目支出绩效自评表",
    "project_report": "{y}年度项目支出绩效自评报告",
}


@dataclass
class Attachment:
    number: int
    kind: str
    keys: list  # model keys: basic, O, report:O, rubric, P1, report:P1 …
    title: str


@dataclass
class LayoutStyle:
    marker: str  # sep | colon | row
    chinese_numbers: bool
    l2: str
    l3: str
    heading: str  # styles | bold | plain
    run_in: float
    l1_stop: bool
    order: str
    group_tables: bool
    page_header: bool


def pick_layout(rng: random.Random, filing: Filing) -> LayoutStyle:
    return LayoutStyle(
        marker=rng.choice(["sep", "colon", "colon", "row"]),
        chinese_numbers=rng.random() < 0.25,
        l2=rng.choice(["（{n}）", "({n})", "（{n}）"]),
        l3=rng.choice(["{n}.", "{n}、", "{n}．", "{n}. "]),
        heading=rng.choice(["styles", "bold", "bold", "plain"]),
        run_in=rng.choice([0, 0, 0.4]),
        l1_stop=rng.random() < 0.15,
        order=rng.choice(["standard", "standard", "report_first", "interleaved", "rubric_first"]),
        group_tables=len(filing.projects) >= 2 and rng.random() < 0.35,
        page_header=rng.random() < 0.3,
    )


def attachment_plan(filing: Filing, style: LayoutStyle) -> list[Attachment]:
    """The attachments in order, numbered from 1."""
    y = filing.year
    rng = filing.layout["rng"]
    entries = []
    if filing.overall is not None:
        if filing.basic is not None:
            entries.append(("basic", ["basic"]))
        entries.append(("overall_table", ["O"]))
        report = ("overall_report", ["report:O"])
        if style.order == "report_first":
            entries.insert(0, report)
        else:
            entries.append(report)
    projects = []
    if style.group_tables:
        projects.append(("project_table", [p.key for p in filing.projects]))
        projects += [("project_report", [f"report:{p.key}"]) for p in filing.projects]
    elif style.order == "interleaved":
        for p in filing.projects:
            projects += [("project_table", [p.key]), ("project_report", [f"report:{p.key}"])]
    else:
        projects += [("project_table", [p.key]) for p in filing.projects]
        projects += [("project_report", [f"report:{p.key}"]) for p in filing.projects]
    if filing.overall is None and style.order == "report_first":
        projects.sort(key=lambda e: e[0] != "project_report")
    rubric = [("rubric", ["rubric"])] if filing.rubric is not None else []
    entries += (rubric + projects) if style.order == "rubric_first" else (projects + rubric)
    out = []
    for i, (kind, keys) in enumerate(entries, start=1):
        title = TITLES[kind]
        if isinstance(title, tuple):
            title = rng.choice(title)
        out.append(Attachment(i, kind, keys, title.format(y=y)))
    return out


def marker_text(style: LayoutStyle, n: int) -> str:
    return f"附件{chinese(n) if style.chinese_numbers else n}"


def page_width(filing: Filing) -> float:
    return 257 if filing.layout.get("landscape") else 170


def marker_blocks(style: LayoutStyle, att: Attachment, table: bool) -> tuple[list, str | None]:
    """The marker paragraphs, or (for a table with the marker in its title row) the row text. A
    report marked by a bare 附件N paragraph has its own title next, not the attachment's."""
    m = marker_text(style, att.number)
    if not table and style.marker == "sep":
        return [Para(m, bold=True, size=14)], None
    if style.marker == "row" and table:
        return [], f"{m}  {att.title}"
    if style.marker == "colon" or (style.marker == "row" and not table):
        return [Para(f"{m}：{att.title}", bold=True, size=14)], None
    return [Para(m, bold=True, size=14), Para(att.title, bold=True, center=True, size=16)], None


def filler_line(filing: Filing, key: str, rng: random.Random) -> str:
    prof = filing.profile
    d = filing.fill_dates.get(key, filing.fill_date)
    date_text = f"{d.year}年{d.month}月{d.day}日"
    sp = rng.choice(["    ", "　　", "        "])
    parts = [f"填表人：{prof.filler}", f"填报日期：{date_text}", f"联系电话：{prof.phone}"]
    if rng.random() < 0.5:
        parts[1], parts[2] = parts[2], parts[1]
    return sp.join(parts + ["单位负责人签字："])


# ------------------------------------------------------------------ table attachments


def unit_line(filing: Filing, unit: str, rng: random.Random) -> Para:
    prof = filing.profile
    return Para(rng.choice([f"填报单位：{prof.department}（盖章）        金额单位：{unit}", f"单位：{unit}",
                            f"金额单位：{unit}"]))


def basic_blocks(filing: Filing, att: Attachment, style: LayoutStyle, rng: random.Random) -> list:
    marker, row_text = marker_blocks(style, att, table=True)
    table = T.basic_table(filing.basic, filing.layout["money"], rng.choice(["财政供养人员情况（人）", "人员编制情况（人）"]),
                         page_width(filing))
    if row_text:
        table.rows.insert(0, [Cell(row_text, cs=4, bold=True)])
    blocks = marker + [unit_line(filing, filing.basic.unit, rng), table]
    blocks.append(Para("说明：以上数据均来源于部门决算报表，“三公”经费数据参照机构运行信息表。"))
    blocks.append(Para(filler_line(filing, "basic", rng)))
    return blocks


def title_row(text: str, ncols: int) -> list:
    return [Cell(text, cs=ncols, bold=True)]


def overall_table_blocks(filing: Filing, att: Attachment, style: LayoutStyle, rng: random.Random) -> list:
    o = filing.overall
    ist: T.IndStyle = filing.layout["ind_style"]
    money = filing.layout["money"]
    ncols = len(ist.columns)
    widths = T.widths_for(ist, page_width(filing))
    marker, row_text = marker_blocks(style, att, table=True)
    lead = [title_row(row_text, ncols)] if row_text else []
    lead.append([Cell(rng.choice(["预算部门名称", "部门（单位）名称", "县级预算部门名称"]), cs=2, bold=True),
                 Cell(filing.profile.department, cs=ncols - 2)])
    lead += T.funds_rows(ist, ncols, o.funds, money, "年度预算执行情况", extra_rows=5)
    lead += T.breakdown_rows(ncols, o.income, o.spending, o.funds.total.executed, money)
    lead += T.goal_rows(ncols, o.goal_plan, o.goal_done)
    blocks = list(marker)
    if ist.funds_unit_at == "line":
        blocks.append(unit_line(filing, money.table_unit, rng))
    note = rng.choice(["含预算执行率得分", "", "总分含预算执行率分值10分"])
    if ist.separate_funds:
        blocks.append(Table(lead, widths=widths))
        blocks += T.indicator_blocks(ist, o, rng, [], widths, note)
    else:
        blocks += T.indicator_blocks(ist, o, rng, lead, widths, note)
    blocks.append(Para(filler_line(filing, "O", rng)))
    return blocks


def project_table_blocks(filing: Filing, att: Attachment, style: LayoutStyle, rng: random.Random) -> list:
    ist: T.IndStyle = filing.layout["ind_style"]
    money = filing.layout["money"]
    ncols = len(ist.columns)
    widths = T.widths_for(ist, page_width(filing))
    marker, row_text = marker_blocks(style, att, table=True)
    blocks = list(marker)
    if ist.funds_unit_at == "line":
        blocks.append(unit_line(filing, money.table_unit, rng))
    projects = [p for p in filing.projects if p.key in att.keys]
    for i, p in enumerate(projects):
        lead = [title_row(row_text, ncols)] if row_text and i == 0 else []
        if i and len(projects) > 1:
            lead.append(title_row(f"{filing.year}年度项目支出绩效自评表", ncols))
        a = (ncols - 2) // 2
        lead.append([Cell("项目名称", bold=True), Cell(p.name, cs=ncols - 1)])
        lead.append([Cell("主管部门", bold=True), Cell(filing.profile.department, cs=a), Cell("实施单位", bold=True),
                     Cell(filing.profile.department, cs=ncols - 2 - a)])
        lead += T.funds_rows(ist, ncols, p.funds, money, "项目资金")
        lead += T.goal_rows(ncols, p.goal_plan, p.goal_done)
        note = rng.choice(["含预算执行率得分", "", "（含预算执行率）"])
        if ist.separate_funds:
            blocks.append(Table(lead, widths=widths))
            blocks += T.indicator_blocks(ist, p, rng, [], widths, note)
        else:
            blocks += T.indicator_blocks(ist, p, rng, lead, widths, note)
        if len(projects) > 1 and i < len(projects) - 1:
            blocks.append(PageBreak())
    blocks.append(Para(rng.choice(["备注：一个项目一张表。", "说明：总分含预算执行率得分。", ""])))
    blocks.append(Para(filler_line(filing, projects[0].key, rng)))
    return blocks


def rubric_blocks(filing: Filing, att: Attachment, style: LayoutStyle, rng: random.Random) -> list:
    rs: T.RubricStyle = filing.layout["rubric_style"]
    marker, row_text = marker_blocks(style, att, table=True)
    table = T.rubric_table(filing.rubric, rs, page_width(filing))
    if row_text:
        ncols = 9 if rs.full else 6
        table.rows.insert(0, title_row(row_text, ncols))
        table.header_rows = 0
    notes = [f"{r.level3}指标扣分原因为{rng.choice(RUBRIC_REASONS)}"
             for r in filing.rubric.rows if r.score < r.level3_weight]
    after = [Para("扣分说明：" + "；".join(notes) + "。")] if notes else []
    return marker + [Para(f"项目名称：{filing.rubric.project}"), table, *after, Para(filler_line(filing, "rubric", rng))]


RUBRIC_REASONS = ("相关资料不够完整", "部分环节执行不够规范", "个别任务未按计划进度完成", "绩效目标细化量化程度不够")


# ------------------------------------------------------------------ reports


def numbering(style: LayoutStyle, level: int, n: int) -> str:
    if level == 1:
        return f"{chinese(n)}、"
    if level == 2:
        return style.l2.format(n=chinese(n))
    return style.l3.format(n=n)


def report_paras(report, style: LayoutStyle, rng: random.Random) -> list[MPara]:
    """The report as model paragraphs: title, numbered headings (some run in), body, closing."""
    paras = [MPara([report.title], role="title")]

    def walk(sections, level):
        for i, sec in enumerate(sections, start=1):
            title = f"{numbering(style, level, i)}{sec.title}"
            if level == 1 and style.l1_stop:
                title += "。"
            leaf = not sec.children
            if leaf and level >= 2 and sec.paragraphs and rng.random() < style.run_in:
                first, *rest = sec.paragraphs
                paras.append(MPara([title + "。"] + list(first), role="body", level=level, run_in=[title]))
                paras.extend(MPara(list(p)) for p in rest)
                continue
            paras.append(MPara([title], role="heading", level=level))
            paras.extend(MPara(list(p)) for p in sec.paragraphs)
            walk(sec.children, level + 1)

    walk(report.sections, 1)
    paras += [MPara(list(c), role="signature") for c in report.closing]
    report.paras = paras
    return paras


HEADING_STYLES = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3"}


def to_builder(p: MPara, style: LayoutStyle) -> Para:
    if p.role == "title":
        return Para(p.text, bold=True, center=True, size=16)
    if p.role == "heading":
        if style.heading == "styles":
            return Para(p.text, style=HEADING_STYLES[p.level])
        return Para(p.text, bold=style.heading == "bold")
    if p.role == "signature":
        return Para(p.text)
    return Para(p.text, indent=True)


def report_blocks(filing: Filing, att: Attachment, style: LayoutStyle, rng: random.Random) -> list:
    report = next(r for r in filing.reports if f"report:{r.key}" == att.keys[0])
    marker, _ = marker_blocks(style, att, table=False)
    return marker + [to_builder(p, style) for p in report.paras or report_paras(report, style, rng)]


# ------------------------------------------------------------------ the document


def document(filing: Filing) -> Sample:
    style: LayoutStyle = filing.layout["style"]
    rng = filing.layout["rng"]
    blocks = []
    for i, att in enumerate(filing.attachments):
        if i:
            blocks.append(PageBreak())
        if att.kind == "basic":
            blocks += basic_blocks(filing, att, style, rng)
        elif att.kind == "overall_table":
            blocks += overall_table_blocks(filing, att, style, rng)
        elif att.kind == "project_table":
            blocks += project_table_blocks(filing, att, style, rng)
        elif att.kind == "rubric":
            blocks += rubric_blocks(filing, att, style, rng)
        else:
            blocks += report_blocks(filing, att, style, rng)
    header = filing.profile.department if style.page_header else None
    footer = rng.choice(["第{PAGE}页", "- {PAGE} -"]) if style.page_header else None
    return Sample(filing.name, blocks, description=f"generated filing {filing.name} (seed {filing.seed})",
                  landscape=filing.layout.get("landscape", False), header=header, footer=footer)


_ = (DateSeg, plain)

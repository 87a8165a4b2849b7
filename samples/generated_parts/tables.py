"""Tables of a filing as builder blocks: the indicator table in its many layouts (header synonyms,
column orders, extra columns, one- or two-row headers, merged or repeated 一级/二级 labels, the
weight in the label or in its own column, filler rows, a table continued in a second table),
the funds block, the 部门整体 breakdown, the 基础数据表 and the 评分表(共性)."""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from .model import FundsBlock, Indicator
from .money import Money
from .numbers import plain
from builder import Cell, PageBreak, Para, Table

TARGET_NAMES = ("年度指标值", "年度目标值", "预期指标值", "指标值")
ACTUAL_NAMES = ("实际完成值", "实际值", "全年实际值")
WEIGHT_NAMES = ("分值", "分值", "权重")
REASON_NAMES = ("偏差原因分析及改进措施", "未完成原因分析", "偏差原因分析及改进措施", "未完成原因及改进措施")
L1_LABEL_FORMS = ("{n}（{w}分）", "{n}({w}分)", "{n}\n({w}分)", "{n}（{w}分）")

ORDERS = (
    ("l1", "l2", "l3", "target", "actual", "weight", "score", "reason"),
    ("l1", "l2", "l3", "weight", "target", "actual", "score", "reason"),
    ("l1", "l1w", "l2", "l3", "weight", "target", "actual", "score", "reason"),
    ("l1", "l2", "l3", "target", "actual", "weight", "score", "reason"),
)


@dataclass
class IndStyle:
    """How one filing lays out its indicator tables."""

    columns: tuple
    names: dict
    two_row: bool
    merge: bool
    l1_label: str | None  # a format with {n} and {w}, or None (weight in its own column or not stated)
    units_in_cells: bool
    fillers: bool
    split: str  # none | header_repeat | two_tables
    separate_funds: bool  # funds block and indicators in two tables
    funds_unit_at: str  # label | header | line

    @property
    def l1_weight_shown(self) -> bool:
        return "l1w" in self.columns or self.l1_label is not None


def pick_style(rng: random.Random) -> IndStyle:
    columns = list(rng.choice(ORDERS))
    extras = []
    if rng.random() < 0.3:
        extras.append("dir")
    if rng.random() < 0.3:
        extras.append("mu")
    if rng.random() < 0.2:
        extras.append("nat")
    pos = columns.index("target")
    for e in reversed(extras):
        columns.insert(pos, e)
    names = {
        "l1": "一级指标", "l1w": "分值", "l2": "二级指标", "l3": "三级指标",
        "target": rng.choice(TARGET_NAMES), "actual": rng.choice(ACTUAL_NAMES),
        "weight": rng.choice(WEIGHT_NAMES), "score": "得分", "reason": rng.choice(REASON_NAMES),
        "dir": "指标方向", "mu": "度量单位", "nat": "指标性质",
    }
    if "l1w" in columns:
        names["weight"] = "分值"
        l1_label = None
    else:
        l1_label = rng.choice(L1_LABEL_FORMS) if rng.random() < 0.8 else None
    return IndStyle(
        columns=tuple(columns), names=names, two_row=rng.random() < 0.35, merge=rng.random() < 0.85,
        l1_label=l1_label, units_in_cells="mu" not in columns or rng.random() < 0.5,
        fillers=rng.random() < 0.5, split=rng.choice(["none", "none", "header_repeat", "two_tables"]),
        separate_funds=rng.random() < 0.35, funds_unit_at=rng.choice(["label", "header", "line"]),
    )


# ------------------------------------------------------------------ indicator rows


def l1_text(style: IndStyle, l1) -> str:
    if style.l1_label is None:
        return l1.name
    return style.l1_label.format(n=l1.name, w=plain(l1.stated_weight))


def direction_word(ind: Indicator) -> str:
    return {">=": "正向", "<=": "反向", "=": "—"}.get(ind.direction, "—")


def field_text(style: IndStyle, ind: Indicator, fieldname: str) -> str:
    if fieldname == "target":
        return ind.target.cell(with_unit=style.units_in_cells)
    if fieldname == "actual":
        return ind.actual.cell(with_unit=style.units_in_cells)
    if fieldname == "weight":
        return plain(ind.weight)
    if fieldname == "score":
        return plain(ind.score)
    if fieldname == "reason":
        return ind.reason
    if fieldname == "dir":
        return direction_word(ind)
    if fieldname == "mu":
        return ind.measure or "—"
    if fieldname == "nat":
        return ind.nature
    return ind.level3


def filler_row(style: IndStyle, dots: bool) -> list:
    n = len([c for c in style.columns if c not in ("l1", "l1w", "l2")])
    return ["……" if dots else ""] + [""] * (n - 1)


def group_rows(style: IndStyle, level1s, rng: random.Random) -> list[list]:
    """Rows of (l1, l1w, l2) lead cells and the leaf cells, in order, as [(lead dict, leaf cells)]."""
    rows = []
    leaf_cols = [c for c in style.columns if c not in ("l1", "l1w", "l2")]
    for l1 in level1s:
        for l2name, items in l1.level2s:
            leaves = [[field_text(style, ind, c) for c in leaf_cols] for ind in items]
            if style.fillers and rng.random() < 0.25:
                leaves.append(filler_row(style, rng.random() < 0.5))
            for leaf in leaves:
                rows.append(({"l1": l1, "l2": l2name}, leaf))
    return rows


def render_rows(style: IndStyle, rows: list, repeat_first: bool = False) -> list[list]:
    """Table rows with vertical merges (or repeated labels) for 一级/二级."""
    out = []
    lead_cols = [c for c in style.columns if c in ("l1", "l1w", "l2")]
    i = 0
    while i < len(rows):
        lead, _ = rows[i]
        j = i
        while j < len(rows) and rows[j][0]["l1"] is lead["l1"]:
            j += 1
        block = rows[i:j]
        out += render_l1_block(style, block, lead_cols)
        i = j
    return out


def render_l1_block(style: IndStyle, block: list, lead_cols: list) -> list[list]:
    out = []
    l1 = block[0][0]["l1"]
    # runs of the same 二级 inside the block
    runs = []
    for lead, leaf in block:
        if runs and runs[-1][0] == lead["l2"]:
            runs[-1][1].append(leaf)
        else:
            runs.append((lead["l2"], [leaf]))
    first_l1 = True
    for l2name, leaves in runs:
        for k, leaf in enumerate(leaves):
            row = []
            for c in lead_cols:
                if c in ("l1", "l1w"):
                    text = l1_text(style, l1) if c == "l1" else plain(l1.stated_weight)
                    if style.merge:
                        if first_l1:
                            row.append(Cell(text, rs=len(block)))
                    else:
                        row.append(text)
                else:
                    if style.merge:
                        if k == 0:
                            row.append(Cell(l2name, rs=len(leaves)))
                    else:
                        row.append(l2name)
            first_l1 = False
            out.append(row + leaf)
    return out


def header_rows(style: IndStyle) -> list[list]:
    names = style.names
    if not style.two_row:
        return [[Cell(names[c], bold=True) for c in style.columns]]
    top, bottom = [], []
    lead = [c for c in style.columns if c in ("l1", "l1w", "l2", "l3")]
    # 绩效指标 spans the level columns when they are contiguous at the start
    if list(style.columns[:len(lead)]) == lead:
        top.append(Cell("绩效指标", cs=len(lead), bold=True))
        bottom += [Cell(names[c], bold=True) for c in lead]
        rest = style.columns[len(lead):]
    else:
        rest = style.columns
    for c in rest:
        top.append(Cell(names[c], rs=2, bold=True))
    return [top, bottom]


def total_row(style: IndStyle, weight, score, note: str) -> list:
    cols = style.columns
    wi, si = cols.index("weight"), cols.index("score")
    first, second = sorted((wi, si))
    cells = [Cell("总分", cs=first, bold=True)]
    values = {wi: plain(weight), si: plain(score)}
    cells.append(values[first])
    if second - first > 1:
        cells.append(Cell("", cs=second - first - 1))
    cells.append(values[second])
    rest = len(cols) - second - 1
    if rest:
        cells.append(Cell(note, cs=rest))
    return cells


def split_rows(rows: list, rng: random.Random) -> tuple[list, list]:
    """Where a long table is cut: somewhere in its middle, not inside the first group."""
    cut = rng.randint(max(2, len(rows) // 3), max(3, 2 * len(rows) // 3))
    return rows[:cut], rows[cut:]


def indicator_blocks(style: IndStyle, owner, rng: random.Random, lead_rows: list, widths: list, note: str) -> list:
    """The indicator part of a table, after `lead_rows` (funds block and goals) when they share it.
    `owner` is the 部门整体 part or a project: its level1s and its 总分."""
    body = group_rows(style, owner.level1s, rng)
    head = header_rows(style)
    total = total_row(style, owner.total_weight, owner.total_score, note)
    n_head = len(head)
    if style.split == "two_tables" and len(body) >= 6:
        first, second = split_rows(body, rng)
        t1_rows = lead_rows + head + render_rows(style, first)
        t2_rows = head + render_rows(style, second) + [total]
        cont = [PageBreak()] if rng.random() < 0.5 else []
        cont += [Para(rng.choice(["续表", "（续表）", ""]))] if rng.random() < 0.6 else []
        return [Table(t1_rows, widths=widths, header_rows=0 if lead_rows else n_head), *cont,
                Table(t2_rows, widths=widths, header_rows=n_head)]
    rows = lead_rows + head + render_rows(style, body) + [total]
    repeat = n_head if (style.split == "header_repeat" and not lead_rows) else 0
    return [Table(rows, widths=widths, header_rows=repeat)]


def widths_for(style: IndStyle, total_mm: float) -> list[float]:
    base = {"l1": 17, "l1w": 15, "l2": 17, "l3": 28, "target": 21, "actual": 21, "weight": 15, "score": 15,
            "reason": 28, "dir": 15, "mu": 15, "nat": 15}
    raw = [base[c] for c in style.columns]
    k = total_mm / sum(raw)
    return [round(w * k, 1) for w in raw]


# ------------------------------------------------------------------ funds block


def funds_unit_header(style: IndStyle, unit: str, label: str) -> tuple[str, dict]:
    """Where the table says its money unit: in the block label, in each column header, or not here."""
    heads = {"bi": "年初预算数", "bf": "全年预算数", "ex": "全年执行数"}
    if style.funds_unit_at == "label":
        return f"{label}（{unit}）", heads
    if style.funds_unit_at == "header":
        return label, {k: f"{v}（{unit}）" for k, v in heads.items()}
    return label, heads


def funds_rows(style: IndStyle, ncols: int, funds: FundsBlock, money: Money, label: str,
               extra_rows: int = 0) -> list[list]:
    """The funds block: label (merged down) | row label | 年初 | 全年 | 执行 | 分值 | 执行率 | 得分."""
    unit = money.table_unit
    label_text, heads = funds_unit_header(style, unit, label)
    span = ncols - 7  # the row-label cell takes what the grid has beyond 8 columns
    n_lines = len(funds.lines)
    rows = [[Cell(label_text, rs=1 + n_lines + extra_rows, bold=True), Cell("", cs=span), Cell(heads["bi"], bold=True),
             Cell(heads["bf"], bold=True), Cell(heads["ex"], bold=True), Cell("分值", bold=True),
             Cell("执行率", bold=True), Cell("得分", bold=True)]]
    for i, line in enumerate(funds.lines):
        cells = [Cell(line.written, cs=span), money.cell(line.budget_initial, unit) if line.budget_initial is not None
                 else "—", money.cell(line.budget_full, unit), money.cell(line.executed, unit)]
        if i == 0:
            cells += [plain(funds.weight), funds.rate or "", plain(funds.score)]
        else:
            cells += ["—", "—", "—"]
        rows.append(cells)
    return rows


def goal_rows(ncols: int, plan: str, done: str) -> list[list]:
    a = (ncols - 1) // 2
    b = ncols - 1 - a
    return [[Cell("年度总体目标", rs=2, bold=True), Cell("预期目标", cs=a, bold=True), Cell("实际完成情况", cs=b, bold=True)],
            [Cell(plan, cs=a), Cell(done, cs=b)]]


def breakdown_rows(ncols: int, income: list, spending: list, total, money: Money) -> list[list]:
    """按收入性质分 / 按支出性质分 cells: label：amount, the parts below."""
    unit = money.table_unit
    a = 3 if ncols >= 8 else 2
    b = ncols - 1 - a
    rows = [[Cell(f"按收入性质分：{money.cell(total, unit)}", cs=a), Cell(f"按支出性质分：{money.cell(total, unit)}", cs=b)]]
    for i in range(max(len(income), len(spending))):
        left = f"{income[i][0]}：{money.cell(income[i][2], unit)}" if i < len(income) else ""
        right = f"{spending[i][0]}：{money.cell(spending[i][2], unit)}" if i < len(spending) else ""
        rows.append([Cell(left, cs=a), Cell(right, cs=b)])
    return rows


# ------------------------------------------------------------------ 基础数据表


def basic_table(basic, money: Money, staffing_label: str, total_mm: float = 170) -> Table:
    unit = basic.unit
    rows = [
        [Cell(staffing_label, bold=True), Cell("编制数", bold=True), Cell(f"{basic.columns[2][:5]}实际在职人数", bold=True),
         Cell("控制率", bold=True)],
        ["", str(basic.authorised), str(basic.actual), basic.control_rate or ""],
        [Cell(f"经费控制情况（{unit}）", bold=True)] + [Cell(c, bold=True) for c in basic.columns],
    ]
    for r in basic.rows:
        rows.append([r.written] + [money.cell(v, unit) for v in r.values])
    rows.append([Cell("厉行节约保障措施", bold=True), Cell(basic.note, cs=3)])
    return Table(rows, widths=scaled([62, 36, 36, 36], total_mm))


# ------------------------------------------------------------------ 评分表(共性)


@dataclass
class RubricStyle:
    full: bool  # weight columns at each level, 具体指标 column
    label_weights: bool = False
    extra: dict = field(default_factory=dict)


def scaled(widths: list, total: float) -> list[float]:
    k = total / sum(widths)
    return [round(w * k, 1) for w in widths]


def rubric_table(rubric, style: RubricStyle, total_mm: float = 170) -> Table:
    rows = []
    if style.full:
        head = ["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "具体指标", "评价标准", "自评得分"]
        widths = [16, 9, 16, 9, 20, 9, 44, 52, 13]
    else:
        head = ["一级指标", "二级指标", "三级指标", "分值", "评价标准", "得分"]
        widths = [24, 24, 26, 11, 76, 12]
    rows.append([Cell(h, bold=True) for h in head])
    groups = {}
    for r in rubric.rows:
        groups.setdefault(r.level1, {}).setdefault(r.level2, []).append(r)
    for l1, l2s in groups.items():
        n1 = sum(len(v) for v in l2s.values())
        first1 = True
        for l2, items in l2s.items():
            for k, r in enumerate(items):
                row = []
                if first1:
                    text = f"{l1}（{plain(r.level1_weight)}分）" if style.label_weights else l1
                    row.append(Cell(text, rs=n1))
                    if style.full:
                        row.append(Cell(plain(r.level1_weight), rs=n1))
                    first1 = False
                if k == 0:
                    text = f"{l2}（{plain(r.level2_weight)}分）" if style.label_weights else l2
                    row.append(Cell(text, rs=len(items)))
                    if style.full:
                        row.append(Cell(plain(r.level2_weight), rs=len(items)))
                if style.full:
                    row += [r.level3, plain(r.level3_weight), r.detail, r.criteria, plain(r.score)]
                else:
                    row += [r.level3, plain(r.level3_weight), r.criteria, plain(r.score)]
                rows.append(row)
    if style.full:
        w = plain(rubric.total_weight)
        rows.append([Cell("总分", bold=True), w, "", w, "", w, "", "", plain(rubric.total_score)])
    else:
        rows.append([Cell("总分", cs=3, bold=True), plain(rubric.total_weight), "", plain(rubric.total_score)])
    return Table(rows, widths=scaled(widths, total_mm), header_rows=1)

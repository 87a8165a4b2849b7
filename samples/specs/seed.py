"""The seed filing: 华容县住房和城乡建设局's 2022 performance self-evaluation (filed July 2023).

A Word replica of the real filing whose text dump is ../shared/seed/000_cdf67a4b47657682.txt.
The tables are written out here, because the dump has lost their merges (an empty cell in the
dump is very often the continuation of a vertically merged 一级/二级 cell); the narrative
paragraphs (the two reports, 说明, 备注, 填表人) are read from the dump at build time, so they stay
character for character what the filing says, typos included ("小区区21个", "到位资金2346万元").
Set SEED_DUMP to read the dump from elsewhere.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from builder import Cell, PageBreak, Para, Sample, Table

DUMP = Path(
    os.environ.get(
        "SEED_DUMP",
        Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_cdf67a4b47657682.txt",
    )
)


# ---------------------------------------------------------------- the dump


def _read_dump() -> list[str]:
    if not DUMP.is_file():
        raise FileNotFoundError(f"the seed's text dump is not at {DUMP}; set SEED_DUMP to its path")
    text = DUMP.read_text(encoding="utf-8").replace("[bookmark: _GoBack]", "")
    # Edge whitespace is dump noise (a leading space marks a page break) or invisible padding in
    # Word (trailing spaces, a no-break space standing in for an indent): drop it.
    return [line.strip(" \u00a0\u3000") for line in text.split("\n")]


LINES = _read_dump()


def _find(anchor: str, start: int = 0) -> int:
    """Index of the first line at or after start that begins with anchor."""
    for i in range(start, len(LINES)):
        if LINES[i].startswith(anchor):
            return i
    raise ValueError(f"anchor {anchor!r} not found in {DUMP} after line {start + 1}")


def _slice(first: str, last: str, start: int = 0) -> list[str]:
    """The lines from the one beginning with first to the next one that is exactly last (or,
    if last ends with "…", begins with it)."""
    i = _find(first, start)
    for j in range(i, len(LINES)):
        if LINES[j] == last or (last.endswith("…") and LINES[j].startswith(last[:-1])):
            return LINES[i : j + 1]
    raise ValueError(f"end anchor {last!r} not found in {DUMP} after line {i + 1}")


def _lines(*anchors: str, start: int = 0) -> list[str]:
    """One line per anchor, each found after the one before."""
    out = []
    for anchor in anchors:
        start = _find(anchor, start)
        out.append(LINES[start])
        start += 1
    return out


def _paras(*anchors: str, start: int = 0, center: bool = False) -> list[Para]:
    return [Para(text, center=center) for text in _lines(*anchors, start=start)]


_LEVEL1 = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+、\s)")
_LEVEL2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")


def _narrative(lines: list[str]) -> list[Para]:
    """Report paragraphs: plain paragraphs, headings set apart only by weight and indent."""
    out = []
    for text in lines:
        if not text:
            out.append(Para(""))
        elif _LEVEL1.match(text) and len(text) <= 20:
            out.append(Para(text, bold=True))
        elif _LEVEL2.match(text) and len(text) <= 40:
            out.append(Para(text))
        else:
            out.append(Para(text, indent=True))
    return out


def _blank(n: int) -> list[Para]:
    return [Para("") for _ in range(n)]


# ---------------------------------------------------------------- 附件1 基础数据表

A1_TABLE = Table(
    [
        [Cell("\n财政供养人员情况(人)", rs=2), "编制数", "2022年实际在职人数", "控制率"],
        ["121", "142", ""],
        ["经费控制情况(万元)", "2021年决算数", "2022年预算数", "2022年决算数"],
        ["一 、基本支出：", "1671.79", "1626", "1779.25"],
        ["其中：三公经费", "1.59", "3", "1.73"],
        ["1.公务用车购置和维护经费", "0.68", "2", "1.67"],
        ["其中：公车购置", "0", "0", "0"],
        ["公车运行维护", "0.68", "2", "1.67"],
        ["2.出国经费", "0", "0", "0"],
        ["3.公务接待", "0.91", "1", "0.06"],
        ["二、项目支出：", "18338.39", "0", "20723.39"],
        *[["", "", "", ""] for _ in range(5)],
        ["厉行节约保障措施", Cell("严格按预算执行，严格控制“三公经费”支出", cs=3)],
    ],
    widths=[50, 40, 40, 40],
)


# ---------------------------------------------------------------- 附件2 部门整体支出绩效自评表

# Grid: label | 一级 | 二级 | 三级 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因
WIDE = [13, 16, 16, 30, 23, 23, 15, 15, 19]


def _blank_row(covered: int) -> list[str]:
    """A filler row under `covered` vertically merged cells of a 9-column grid."""
    return [""] * (9 - covered)


def _dots_row(covered: int, dots: str) -> list[str]:
    return [dots] + [""] * (8 - covered)


A2_PART1 = Table(
    [
        ["县级预算 部门名称", Cell("\n\n华容县住房和城乡建设局", cs=8)],
        [
            Cell("\n\n\n\n\n年度预算 申请\n(万元)", rs=7),
            Cell("", cs=2),
            "年初\n预算数",
            "全年\n预算数",
            "全年\n执行数",
            "\n分值",
            "\n执行率",
            "\n得分",
        ],
        [Cell("年度资金总额", cs=2), "1626", "22502.64", "22502.64", "10", "100%", "10"],
        [Cell("按收入性质分：22502.64", cs=4), Cell("按支出性质分：22502.64", cs=4)],
        [Cell("其中：    一般公共预算：10673.73", cs=4), Cell("其中：基本支出：1779.25", cs=4)],
        [Cell("政府性基金拨款：11828.91", cs=4), Cell("项目支出：20723.39", cs=4)],
        [Cell("纳入专户管理的非税收入拨款：0", cs=4), Cell("", cs=4)],
        [Cell("其他资金：0", cs=4), Cell("", cs=4)],
        [Cell("年度  总体目标", rs=2), Cell("预期目标", cs=5), Cell("实际完成情况", cs=3)],
        [
            Cell(
                "不断提升城市功能品质；聚焦老旧小区改造、农村危房改造，切实改善群众住房条件；"
                "持续规范房地产市场行为，强化房地产市场调控，加强住房租赁市场管理，保持房地产市场平稳运行；"
                "优化建筑市场发展环境，支持建筑业做大做强。",
                cs=5,
            ),
            Cell("已按预期目标完成", cs=3),
        ],
        [
            Cell("\n绩效指标", rs=11),
            "一级\n指标",
            "二级\n指标",
            "三级\n指标",
            "年度\n指标值",
            "实际\n完成值",
            "\n分值",
            "\n得分",
            "偏差原因分析及 改进措施",
        ],
        # 产出指标 (50分): 数量 3 rows, 质量 3, 时效 3, 成本 1
        [Cell("\n" * 9 + "产出\n指标  (50分)", rs=10), Cell("\n数量\n指标", rs=3),
         "推进老旧小区改造个数", "21", "21", "10", "10", ""],
        ["完成农村危房改造户数", "700", "700", "10", "10", ""],
        _dots_row(3, "……"),
        [Cell("\n质量\n指标", rs=3), "施工许可证、安全生产许可证发放合规性\n", "合规", "合规", "5", "5", ""],
        ["商品房预售许可合规率", "100%", "100%", "5", "5", ""],
        _dots_row(3, "……"),
        [Cell("\n时效\n指标", rs=3), "施工许可证、安全生产许可证等许可证件发放的及时性\n",
         "及时", "及时", "5", "5", ""],
        ["老旧小区改造、农村危房改造按时间节点完成", "按时间节点完成", "已按时间节点完成", "10", "10", ""],
        _blank_row(3),
        [Cell("\n成本\n指标"), "资金按计划及时拨付，尽量减少资金结余", "按预算执行", "按预算执行", "5", "5", ""],
    ],
    widths=WIDE,
)

A2_HEADER = [
    "一级\n指标",
    "二级\n指标",
    "三级\n指标",
    "年度\n指标值",
    "实际\n完成值",
    "分值",
    "得分",
    "偏差原因分析及 改进措施",
]

A2_PART2 = Table(
    [
        [Cell("绩效指标", rs=16), *A2_HEADER],
        # 效益指标 (30分): 经济, 社会, 生态, 可持续 3 rows each
        [Cell("\n" * 9 + "效益  指标  (30分)", rs=12), Cell("\n经济效 益指标", rs=3),
         "推动建筑业发展，带动经济", "优化建筑市场发展环境，支持建筑业做大做强",
         "优化建筑市场发展环境，支持建筑业做大做强", "5", "5", ""],
        _blank_row(3),
        _dots_row(3, "……"),
        [Cell("\n社会效 益指标", rs=3), "对地方城市形象的改善或提升程度",
         "城市功能不断完善，品质不断提升", "城市功能不断完善，品质不断提升", "5", "5", ""],
        ["严格建筑市场准入管理，规范行业市场行为", "促进建筑业健康发展", "促进建筑业健康发展", "5", "5", ""],
        _blank_row(3),
        [Cell("\n生态效 益指标", rs=3), "对城乡居民人居环境的改善或提升程度",
         "居民居住环境不断改善", "居民居住环境不断改善", "5", "5", ""],
        _blank_row(3),
        _blank_row(3),
        [Cell("可持续\n影响指\n标", rs=3),
         "保障规范房地产销售和交易行为，持续整顿房地产市场，对促进经济发展和社会稳定影响程度",
         "保持房地产市场平稳运行", "保持房地产市场平稳运行", "10", "9", ""],
        _blank_row(3),
        _dots_row(3, "………"),
        # 满意度指标 (10分)
        [Cell("\n满意度 指标  (10分)", rs=3), Cell("\n服务对 象满意 度指标", rs=3),
         "服务对象满意度", "95%以上", "95%", "10", "10", ""],
        _blank_row(3),
        _dots_row(3, "\n………"),
        [Cell("总分", cs=6), "100", "99", ""],
    ],
    widths=WIDE,
)


# ---------------------------------------------------------------- 附件4 评分表(共性)

RUBRIC_WIDTHS = [13, 12, 15, 12, 13, 12, 34, 45, 14]
RUBRIC_HEADER = ["一级\n指标", "分值", "二级\n指标", "分值", "三级\n指标", "分值", "具体指标", "评价标准", "自评\n得分"]

A4_PART1 = Table(
    [
        RUBRIC_HEADER,
        # 项目决策 20: 项目目标 4 (1 row), 决策过程 8 (2), 资金分配 8 (2)
        [Cell("项目决策", rs=5), Cell("\n" * 9 + "20", rs=5), "项目目标", "\n4", "目标\n内容", "\n4",
         "设立了项目绩效目标；目标 明确；目标细化；目标量化",
         "①设有目标(1分)\n②目标明确(1分)\n③目标细化(1分)\n④目标量化(1分)", "4"],
        [Cell("决策过程", rs=2), Cell("\n\n\n\n8", rs=2), "\n决策\n依据", "\n\n4",
         "有关法律法规的明确规定； 某一经济社会发展规划；某  部门年度工作计划；某一实  际问题和需求",
         "①符合法律法规(1分)\n②符合经济社会发展规划(1分)\n③部门年度工作计划(1分)\n"
         "④针对某一实际问题和需求(1分) 以上③需提供佐证资料。", "4"],
        ["决策\n程序", "\n4", "项目符合申报条件；申报、 批复程序符合相关管理办\n法；项目调整履行了相应手 续",
         "①符合申报条件(2分)\n②项目申报、批复程序符合管理 办法(1分)\n③项目调整履行了相应手续(1分)", "4"],
        [Cell("资金分配", rs=2), Cell("\n\n\n8", rs=2), "分配\n办法", "\n3",
         "根据需要制定的相关资金管 理办法；管理办法中有明确 资金分配办法；资金分配因 素全面、合理",
         "①有相应的资金管理办法(1分)\n②办法健全、规范(1分)\n③因素全面合理(1分)  以上①需提供佐证资料。", "3"],
        ["分配\n结果", "\n5", "资金分配符合相关管理办 法；分配结果公平合理",
         "①符合分配办法(2分)\n②分配公平合理(3分)\n此项需提供相应的资金分配方案。", "5"],
        # 项目管理 25: 资金到位 5 (2 rows), 资金管理 10 (2), 组织实施 10 (4)
        [Cell("项目管理", rs=8), Cell("\n" * 11 + "25", rs=8), Cell("资金到位", rs=2), Cell("\n\n5", rs=2),
         "到位率", "3", "实际到位/计划到位*100%", "根据项目资金的实际到位率计算 得分(3分)", "3"],
        ["到位\n时效", "\n2", "资金及时到位；若未及时到 位，是否影响项目进度",
         "①到位及时(2分)\n②不及时但未影响项目进度(1分)\n③不及时并影响项目进度(0.5分)", "2"],
        [Cell("资金管理", rs=2), Cell("\n\n\n\n10", rs=2), "\n资金\n使用", "\n\n7",
         "支出依据合规，无虚列项目 支出情况；无截留挤占挪用 情况；无超标准开支情况； 无超预算情况",
         "①虚列套取扣4-7分\n②依据不合规扣2分\n③截留、挤占、挪用扣3-6分\n④超标准开支扣2-5分\n⑤超预算扣2-5分", "7"],
        ["财务\n管理", "\n3", "资金管理、费用支出等制度 健全；制度执行严格；会计 核算规范",
         "①财务制度健全(1分)\n②严格执行制度(1分)\n③会计核算规范(1分) 以上①需提供佐证资料", "3"],
        [Cell("组织实施", rs=4), Cell("\n\n\n\n\n10", rs=4), "组织\n机构", "1", "机构健全、分工明确",
         "①机构健全、分工明确  (1分)", "1"],
        ["支撑\n条件", "\n1", "项目实施单位是否提供或具 备了必备的人员、场地和设 备等条件",
         "具备人员、场地、设备条件(1 分 )", "1"],
        ["项 目\n实施", "\n3", "项目按计划开工；按计划进 度开展；按计划完工",
         "①按计划开工(1分)\n②按计划开展(1分)\n③按计划完工(1分)", "3"],
        ["管理\n制度", "\n5", "项目管理制度健全；严格执 行相关管理制度",
         "①管理制度健全(2分)\n②制度执行严格(3分)   以上①需提供佐证资料，", "5"],
    ],
    widths=RUBRIC_WIDTHS,
)

A4_PART2 = Table(
    [
        RUBRIC_HEADER,
        # 项目绩效 55: 项目产出 15 (4 rows), 项目效果 40 (5)
        [Cell("项目绩效", rs=9), Cell("\n" * 20 + "55", rs=9), Cell("项目产出", rs=4), Cell("\n" * 9 + "15", rs=4),
         "\n产出\n数量", "\n5", "\n目标完成率=目标完成数/预 定目标数×100%",
         "\n完成绩效目标100%得5分，未完 成100%的同比例扣减。", "5"],
        ["\n产出\n质量", "\n4", "\n目标完成质量=实际达到的 效果/预定目标×100%",
         "项目产出质量达到绩效目标100% 得4分，未完成100%的同比例扣 减 。", "4"],
        ["\n产出\n时效", "\n3", "项目资金使用的预定目标是 否如期完成，未完成的理由 是否充分",
         "项目产出时效达到绩效目标得3 分，未如期完成且无充分理由的 扣 3 分 。", "3"],
        ["\n产出\n成本", "\n3", "\n项目产出成本是否按绩效目 标控制",
         "项目产出成本按绩效目标控制得 3分，未完成的，按超支比例扣 减 。", "3"],
        [Cell("项目效果", rs=5), Cell("\n" * 11 + "40", rs=5), "\n经济\n效益", "\n8",
         "\n项目实施对经济发展所带来 的直接或间接影响情况。",
         "完成绩效目标设定的经济效益得 8分，未完成的，按完成情况酌 情扣分。", "8"],
        ["\n社会\n效益", "\n8", "\n项目实施对社会发展所带来 的直接或间接影响情况。",
         "完成绩效目标设定的社会效益得 8分，未完成的，按完成情况酌 情扣分。", "8"],
        ["\n生态\n效益", "\n8", "\n项目实施对生态环境所带来 的直接或间接影响情况。",
         "完成绩效目标设定的积极的环境 效益得8分，未完成的，按完成 情况酌情扣分。", "8"],
        ["\n可持续\n影响", "\n8", "\n项目后续运行及成效发挥的 可持续影响情况。",
         "\n完成绩效设定目标的得8分，未  完成的，按完成情况酌情扣分。", "7"],
        ["服务\n对象  满意度", "\n8",
         "服务对象满意率=项目区被  调查人数中表示满意的人数 (户数)/被调查人数(户数) ×100%",
         "满意率达90%(含)以上的得8  分，80%(含)-90%得6分，70% (含)-80%得4分，60%(含)-70% 得2分，60%以下不得分。",
         "8"],
        ["\n总分", "\n100", "", "\n100", "", "\n100", "", "", "99"],
    ],
    widths=RUBRIC_WIDTHS,
)


# ---------------------------------------------------------------- 附件5 项目支出绩效自评表

A5_TABLE = Table(
    [
        ["项目支 出名称", Cell("老旧小区改造", cs=8)],
        ["主管部门", Cell("华容县住房和城乡建设局", cs=3), "实施单位", Cell("华容县住房和城乡建设局", cs=4)],
        [Cell("\n\n项目资金\n(万元)", rs=5), Cell("", cs=2), "年初\n预算数", "全年\n预算数", "全年\n执行数",
         "分值", "执行率", "得分"],
        [Cell("年度资金总额", cs=2), "5029", "5029", "5029", "10", "100%", "10"],
        [Cell("其中：当年财政拨款", cs=2), "2436", "2436", "2436", "", "", ""],
        [Cell("上年结转资金", cs=2), "", "", "", "", "", ""],
        [Cell("其他资金", cs=2), "2593", "2593", "2593", "", "", ""],
        [Cell("年度总体 目标", rs=2), Cell("预期目标", cs=5), Cell("实际完成情况", cs=3)],
        [Cell("完成改造广厦社区、城兴街社区等社区老旧小区21个", cs=5),
         Cell("已完成改造广厦社区、城兴街社区等社区老旧小区21个", cs=3)],
        [Cell("\n绩效指标", rs=28), "一级指标", "二级指标", "三级指标", "年度\n指标值", "实际\n完成值",
         "分值", "得分", "偏差原因分析 及改进措施"],
        # 产出指标 (50分): 数量, 质量, 时效, 成本 3 rows each
        [Cell("\n\n\n\n\n产出指标 (50分)", rs=12), Cell("数量指标", rs=3),
         "完成21个老旧小区改造", "21", "21", "15", "15", ""],
        _blank_row(3),
        _blank_row(3),
        [Cell("质量指标", rs=3), "工程质量符合标准", "合格", "合格", "20", "20", ""],
        _blank_row(3),
        _blank_row(3),
        [Cell("时效指标", rs=3), "按期完成改造任务", "按期完成", "按期完成", "15", "15", ""],
        _blank_row(3),
        _blank_row(3),
        [Cell("成本指标", rs=3), "", "", "", "", "", ""],
        _blank_row(3),
        _blank_row(3),
        # 效益指标 (30分): 经济, 社会, 生态, 可持续 3 rows each
        [Cell("\n\n\n\n\n效益指标 (30分)", rs=12), Cell("经济效\n益指标", rs=3),
         "项目实施对经济发展所带来的直接或间接影响情况", "带动建材市场发展及居民就业",
         "带动建材市场发展及居民就业", "10", "10", ""],
        _blank_row(3),
        _blank_row(3),
        [Cell("社会效\n益指标", rs=3), "配套基础设施和公共服务设施改善",
         "配套基础设施和公共服务设施等得到明显改善", "配套基础设施和公共服务设施等得到明显改善",
         "10", "10", ""],
        _blank_row(3),
        _blank_row(3),
        [Cell("生态效\n益指标", rs=3), "项目实施对生态环境所带来的直接或间接影响情况",
         "小区生态环境得到改善", "小区生态环境得到改善", "10", "9", ""],
        _blank_row(3),
        _blank_row(3),
        [Cell("可持续 影响指标", rs=3), "", "", "", "", "", ""],
        _blank_row(3),
        _blank_row(3),
        # 满意度指标 (10分)
        [Cell("满意度\n指标\n(10分)", rs=3), Cell("服务对象\n满意度\n指标", rs=3),
         "社会公众或服务对象对项目实施效策的满意程度", "95%以上", "95%", "10", "10", ""],
        _blank_row(3),
        _blank_row(3),
        [Cell("总分", cs=6), "100", "99", ""],
    ],
    widths=WIDE,
)


# ---------------------------------------------------------------- the document

TITLE = 22  # points: the cover and report titles (二号)
# The filing has 28 (附件3) and 29 (附件6) empty paragraphs between the cover title and the
# 盖章 lines; with this builder's paragraph spacing that many would push the cover onto a second
# page, so the gap is shortened to what keeps each cover on one page.
COVER_GAP = 14


def _title(*lines: str) -> list[Para]:
    return [Para(line, bold=True, center=True, size=TITLE) for line in lines]


A3_TITLE = ("2022年度华容县住房和城乡建设局", "部门(单位)整体支出", "绩效自评报告")
A6_TITLE = ("2022年度华容县住房和城乡建设局部门(单位)老旧小区改造项目支出", "绩效自评报告")

_A3 = _find("附件3")
_A4 = _find("附件4")
_A5 = _find("附件5")
_A6 = _find("附件6")
COVER = ("部门(单位)名称：", "2023 年 7 月", "(此页为封面)")

BLOCKS = [
    Para("附件1"),
    Para("2022年度部门整体支出绩效评价基础数据表", bold=True, center=True),
    # The filing has two empty paragraphs here; without them 填表人 and the page break that
    # follows it stay on the page (this builder's paragraph spacing is looser than the filing's).
    A1_TABLE,
    # The note breaks inside 决算明|细表 onto a second paragraph in the filing.
    *_paras("说明：以上数据均来源于", "细表(财决05-2表)"),
    Para(""),
    *_paras("填表人："),
    PageBreak(),
    Para("附件2"),
    Para("2022年度部门整体支出绩效自评表", bold=True, center=True),
    *_blank(2),
    A2_PART1,
    PageBreak(),
    A2_PART2,
    *_paras("说明：以上数据参照", "填表人：", start=_find("附件2")),
    PageBreak(),
    Para("附件3"),
    *_blank(3),
    *_title(*A3_TITLE),
    *_blank(COVER_GAP),
    *_paras(*COVER, start=_A3, center=True),
    PageBreak(),
    *_title(*A3_TITLE),
    *_blank(2),
    *_narrative(_slice("1、 部门(单位)基本情况", "无", start=_A3)),
    PageBreak(),
    Para("附件4"),
    Para("项目支出绩效评价评分表(共性)", bold=True, center=True),
    *_blank(2),
    A4_PART1,
    PageBreak(),
    A4_PART2,
    *_paras("备注：1、", "2、 一个一级项目一张表", start=_A4),
    PageBreak(),
    Para("附件5"),
    Para("2022年度项目支出绩效自评表", bold=True, center=True),
    A5_TABLE,
    *_paras("备注： 一个一级项目支出一张表", start=_A5),
    *_blank(2),
    *_paras("填表人：", start=_A5),
    PageBreak(),
    Para("附件6"),
    *_blank(3),
    *_title(*A6_TITLE),
    *_blank(COVER_GAP),
    *_paras(*COVER, start=_A6, center=True),
    PageBreak(),
    *_title(*A6_TITLE),
    *_blank(3),
    *_narrative(_slice("1、 基本情况", "二是建立改造项目管理信息系统…", start=_A6)),
]

SAMPLE = Sample(
    "seed",
    BLOCKS,
    description=(
        "华容县住房和城乡建设局 2022 performance self-evaluation filing (July 2023), attachments 1-6: "
        "basic data table, 部门整体支出绩效自评表, 部门整体支出 report, the 共性 scoring rubric, the "
        "老旧小区改造 项目支出绩效自评表 and its report; merged 一级/二级 indicator cells, tables "
        "continued in a second table with the header repeated, narrative read from the real dump"
    ),
)

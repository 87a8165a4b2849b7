"""p2_agriculture_planted: v3_agriculture (沅北县农业农村局, budget year 2022, filed 2023-05-26)
with PLANTED inconsistencies, for testing the reconciler's recall.

The spec loads samples/specs/v3_agriculture.py, deep-copies its SAMPLE and changes the blocks
listed below, each located by its current text (found exactly once, else the build fails).
Everything else is identical to v3_agriculture, which is consistent (its own _check() re-adds
every figure).

Attachments: 附件1 基础数据表 (万元), 附件2 部门整体支出绩效自评表 (funds table + long indicator
table), 附件3 部门整体支出绩效自评报告, 附件4 项目支出绩效评价评分表（共性）.

Planted problems (P2-1 ... P2-8):

P2-1  Narrative vs table, 元/万元 SLIP (factor 10,000) [category 1].
      附件3 第二部分 二、1.高标准农田建设项目, paragraph "(2) 项目实施情况": "亩均投资1663.46万元".
      stated: 1663.46万元 (per 亩); should be 1663.46元, as in 附件2 indicator table, 产出指标/
      成本指标/高标准农田亩均投资, 实际完成值 "1663.46元/亩". Relation: the same figure in prose
      and table must agree (10,000 times too large). It is also ≠ 8650.00万元 ÷ 5.2万亩 =
      1663.46元/亩, which the same paragraphs give.

P2-2  Narrative vs table, DROPPED DIGIT [category 1].
      附件3 第二部分 三、绩效目标实现情况 paragraph, "(4) 质量安全": "农产品质量安全抽检162批次".
      stated: 162批次; should be 1632批次, as in 附件2 indicator table, 产出指标/数量指标/农产品质量
      安全抽检批次, 实际完成值 "1632批次" (the "3" dropped). Relation: the same figure in prose
      and table must agree.

P2-3  Table parts vs total, 三公经费 in the basic-data table [category 2].
      附件1 基础数据表, row "3.公务接待", column 2021年决算数: stated 2.42; should be 2.24.
      Relation: 三公经费 = 公务用车购置和维护经费 + 出国经费 + 公务接待 in column 2021年决算数:
      6.12 + 0 + 2.42 = 8.54 ≠ 8.36 (row "其中：三公经费"; the prose 附件3 "比上年的8.36万元减少
      0.51万元" confirms 8.36). Columns 2022年预算数 (7.00+0+3.00=10.00) and 2022年决算数
      (5.96+0+1.89=7.85) still add up.

P2-4  Prose parts vs total (其中 list) [category 2].
      附件3 第二部分 二、1.高标准农田建设项目, paragraph "(1) 资金下达情况": "项目总投资8650.00万元，
      其中：①中央资金4800.00万元（湘财农〔2022〕8号）；②省级资金1850.00万元（湘财农〔2022〕36号）；
      ③县级配套资金1900.00万元（沅财农〔2022〕15号）".
      stated: 省级资金 1850.00万元; should be 1950.00万元. Relation: 4800.00 + 1850.00 + 1900.00 =
      8550.00 ≠ 8650.00 (总投资; 8650.00 is confirmed by 1663.46元/亩 × 5.2万亩 and by the 项目支出
      list that adds to 21773.45). The reference 湘财农〔2022〕36号 now carries 1850.00万元.

P2-5  三级 weights do not add up to their 一级 weight [category 4].
      附件2 indicator table, 一级 cell "产出指标\\n(45分)": stated 一级 weight 45; its 三级 分值
      add up to 50 (数量 3+3+3+3+2+2+2+2 = 20, 质量 3+3+3+3+3 = 15, 时效 2+2+2+2 = 8, 成本
      3+2+2 = 7); should be 50. Relation: Σ 三级 分值 = 一级 weight. Consequence of the same label:
      一级 weights 45 + 30 + 10 + 预算执行率 10 = 95 ≠ 100 (总分 分值). The 分值 column itself still
      adds to 100 and the 得分 column to 总分 98.72.

P2-6  Deducted score with an empty 偏差原因 [category 4].
      附件2 indicator table, 产出指标/数量指标/农机购置补贴机具数量 (target ≥1200台（套）, actual
      1186台（套）), 分值 3, 得分 2.97, 偏差原因分析及改进措施: stated blank; should give a reason
      (v3 has "部分农户购机意愿推迟，补贴机具数量略低于目标；将加强政策宣传，提前公布补贴机具目录。").
      Relation: a deducted score comes with a 偏差原因.

P2-7  Quantitative target not met, full marks [category 4].
      附件2 indicator table, 效益指标/经济效益指标/农作物耕种收综合机械化率: target "≥75.00%",
      actual stated "72.40%" (v3: 76.40%), 分值 2, 得分 2. The target is not met (72.40 < 75.00) yet
      the score is the full 2; in proportion it should be 2 × 72.40/75.00 = 1.93, and a 偏差原因
      should be given (the cell is blank). Relation: an unmet quantitative target does not earn
      full marks. (The indicator is not mentioned in the narrative; 总分 98.72 still equals the sum
      of the stated scores.)

P2-8  Fill date before the end of the budget year in one attachment [category 5].
      附件2, the 填表人 line under the indicator table: "填报日期：2022年5月26日".
      stated: 2022-05-26; should be 2023-05-26, as in 附件1 and 附件4 (both "填报日期：2023年5月26日").
      Relation: the filing date falls after the budget year (2022); the fill dates agree.

Not changed: every other block; 总分 98.72, 执行率 97.96%, and all other amounts as in v3.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP
from decimal import Decimal as D
from pathlib import Path

from builder import Row, Table
from planting import Planter, _text, _walk, copy_of  # noqa: E402

SAMPLE = copy_of(Path(__file__).resolve().parent / "v3_agriculture.py", "p2_agriculture_planted",
                 "v3_agriculture 的副本，含人为植入的勾稽错误（见模块说明 P2-1 至 P2-8），用于测试核对器的召回率")
_planter = Planter(SAMPLE)
replace_in_paragraph = _planter.replace_in_paragraph
replace_in_paragraph_after = _planter.replace_in_paragraph_after
set_cell = _planter.set_cell


def _cells_of(row):
    return row.cells if isinstance(row, Row) else row


# ------------------------------------------------------------------ the planted problems

# P2-1 附件3: 亩均投资 1663.46元 -> 1663.46万元 (table: 1663.46元/亩).
replace_in_paragraph("亩均投资1663.46元，", "亩均投资1663.46万元，")

# P2-2 附件3: 抽检 1632批次 -> 162批次 (table: 1632批次).
replace_in_paragraph("农产品质量安全抽检1632批次", "农产品质量安全抽检162批次")

# P2-3 附件1: 公务接待 2021年决算数 2.24 -> 2.42; 6.12 + 0 + 2.42 ≠ 8.36.
set_cell("3.公务接待", 1, "2.24", "2.42")

# P2-4 附件3: 省级资金 1950.00 -> 1850.00; 4800 + 1850 + 1900 ≠ 8650.
replace_in_paragraph("②省级资金1950.00万元", "②省级资金1850.00万元")

# P2-5 附件2: 一级 label 产出指标 (50分) -> (45分); its 三级 weights add to 50.
set_cell("产出指标\n(50分)", 0, "产出指标\n(50分)", "产出指标\n(45分)")

# P2-6 附件2: 农机购置补贴机具数量 2.97/3 with its reason removed.
set_cell("农机购置补贴机具数量", 5,
         "部分农户购机意愿推迟，补贴机具数量略低于目标；将加强政策宣传，提前公布补贴机具目录。", "")

# P2-7 附件2: 农作物耕种收综合机械化率 actual 76.40% -> 72.40% (target ≥75.00%), still 2/2.
set_cell("农作物耕种收综合机械化率", 2, "76.40%", "72.40%")

# P2-8 附件2: the 填表人 line after the indicator table dated 2022年5月26日.
replace_in_paragraph_after("说明：以上数据参照2022年部门决算报表中的“收入支出决算总表”（财决01表）。",
                           "填报日期：2023年5月26日", "填报日期：2022年5月26日")


# ------------------------------------------------------------------ the planted arithmetic, re-checked


def _check():
    def q(x, places="0.01"):
        return x.quantize(D(places), ROUND_HALF_UP)

    # P2-1
    assert q(D("86500000") / D("52000")) == D("1663.46")
    # P2-3
    assert D("6.12") + D("0") + D("2.42") == D("8.54") != D("8.36") == D("6.12") + D("2.24")
    # P2-4
    assert D("4800.00") + D("1850.00") + D("1900.00") == D("8550.00") != D("8650.00")
    # P2-5: the 产出 三级 weights, read back from the built table
    table = next(b for b in _walk(SAMPLE.blocks) if isinstance(b, Table) and _text(_cells_of(b.rows[0])[0]) == "一级指标")
    weights, in_group = D(0), False
    for row in table.rows[1:]:
        cells = [_text(c) for c in _cells_of(row)]
        if cells[0].startswith("产出指标"):
            in_group = True
        elif cells[0].startswith(("效益指标", "满意度指标", "预算执行率", "总分")):
            in_group = False
        if in_group and cells[-3]:
            weights += D(cells[-3])
    assert weights == 50
    # P2-7
    assert q(D(2) * D("72.40") / D("75.00")) == D("1.93")


_check()

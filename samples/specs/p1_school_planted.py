"""p1_school_planted: v1_school (青岚县教育局, budget year 2023, filed 2024-03-15) with PLANTED
inconsistencies, for testing the reconciler's recall.

The spec loads samples/specs/v1_school.py, deep-copies its SAMPLE and changes the blocks listed
below, each located by its current text (found exactly once, else the build fails). Everything
else is identical to v1_school, which is consistent (its own _check() re-adds every figure).

Attachments: 附件1 基础数据表 (元), 附件2 部门整体支出绩效自评表, 附件3 部门整体自评报告,
附件4 项目支出绩效自评表 (2023年青岚县中小学校舍维修改造项目), 附件5 项目支出绩效自评报告.

Planted problems (P1-1 ... P1-9):

P1-1  控制率 left blank [category 6: missing value].
      附件1 基础数据表, 财政供养人员情况 row (编制数 1286, 2023年实际在职人数 1254), column 控制率:
      stated: blank (empty cell); should be 97.51% (= 1254 / 1286). Relation: 控制率 =
      实际在职人数 / 编制数 cannot be checked in the table. The narrative (附件3 (二)机构设置及人员
      情况) still says "编制控制率97.51%", which is correct.

P1-2  Narrative vs table, DIGIT TRANSPOSITION [category 1].
      附件3 二、(四)绩效目标完成情况, 1. 产出情况 paragraph: "全县义务教育阶段在校学生18246人".
      stated: 18246人; should be 18426人, as in 附件2 indicator table, 产出指标/数量指标/义务教育
      阶段在校学生数, 实际完成值 "18426人". Relation: the same figure in prose and table must agree
      (18426 -> 18246, digits 4 and 2 swapped). (Both still meet the target ≥18000人.)

P1-3  Prose parts vs total (含 list) [category 2].
      附件5 一、(二)项目资金安排情况 paragraph: "当年财政拨款1046.50万元（含县级年初预算800.00万元、
      上级追加补助资金264.50万元（赣财教指〔2023〕27号））".
      stated: 上级追加补助资金 264.50万元; should be 246.50万元. Relation: 800.00 + 264.50 = 1064.50
      ≠ 1046.50 (当年财政拨款, which agrees with 附件4 当年财政拨款 全年预算数 1046.50 and
      年初预算数 800.00). The reference 赣财教指〔2023〕27号 now carries 264.50万元.

P1-4  Table parts vs total, funds rows [category 2].
      附件4 项目支出绩效自评表, row 其他资金, column 年初预算数: stated 50.00; should be 0.
      Relation: 年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金 in column 年初预算数:
      800.00 + 0 + 50.00 = 850.00 ≠ 800.00 (年度资金总额 年初预算数; the prose 附件5 confirms
      县级年初预算800.00万元). The other columns still add up (全年预算数 1046.50 + 153.20 + 50.00 =
      1249.70; 全年执行数 1046.50 + 120.68 + 50.00 = 1217.18).

P1-5  Stated share does not match its numbers [category 3].
      附件3 二、(二)基本支出情况, 2. 公用经费 paragraph: "公用经费871.95万元，占基本支出的6.69%".
      stated: 6.69%; should be 8.91% (= 871.95 / 9786.45; 6.69% is 871.95 / 13042.54, the share of
      支出合计, i.e. the wrong denominator). Relation: share_of 基本支出. Consequence: the two stated
      shares of 基本支出 (人员经费 91.09%, 公用经费 6.69%) now add to 97.78%, not 100%.

P1-6  执行率 ≠ 全年执行数 / 全年预算数 [category 3].
      附件4 项目支出绩效自评表, row 年度资金总额, column 执行率: stated 97.04%; should be 97.40%
      (= 1217.18 / 1249.70 = 97.398%). Consequences of the same wrong cell: it differs from the
      narrative 附件5 二、(一) "预算执行率97.40%" (narrative vs table; the prose is right), and the
      得分 9.74 in the same row no longer equals 分值 10 × stated 执行率 97.04% = 9.70 (9.74 is
      10 × the true rate).

P1-7  总分 is not the sum of the scores [category 4].
      附件2 部门整体支出绩效自评表, 总分 row, column 得分: stated 97.36; should be 97.63 =
      预算执行率得分 9.86 + 产出 49.77 (5+5+5+5+5+5+5+4.77+5+5) + 效益 28 (10+8+10) + 满意度 10 (5+5)
      (the 总分 row says it includes the 9.86). The wrong total is carried consistently into the
      narrative: 附件3 五、自评结论 "自评得分97.36分" (stated 97.36, should be 97.63); prose and table
      agree with each other, the grade 优 is unaffected.

P1-8  得分 greater than its 分值 [category 4].
      附件4 项目支出绩效自评表, 产出指标（50分）/数量指标/维修改造校舍面积 (target ≥26000平方米,
      actual 26800平方米), 权重 10, 得分: stated 10.31 (10 × 26800/26000, over-completion scored
      without cap); should be 10 (≤ 权重). Relation: 得分 ≤ 分值. The 总分 was raised to stay the
      sum of the stated scores: 附件4 总分 row 得分 stated 99.60 (= 9.74 + 49.86 + 30 + 10) and
      附件5 六、自评结论 "自评得分99.60分"; with the score capped both should be 99.29. 总分 = Σ得分
      therefore still holds; only 得分 ≤ 分值 is broken.

P1-9  Event dated outside the budget year [category 5].
      附件5 三、(二)实施过程, 1. 前期准备 paragraph: "2023年3月，我局印发《…实施方案》（青教发〔2023〕
      9号），4月完成项目设计和预算评审，2021年5月通过公开招标确定施工单位。"
      stated: 2021年5月; should be 2023年5月 (the tender of a 2023 project, after the March 2023
      plan). Relation: events cited belong to the year reviewed (2023).

Not changed: every other block, including both 填报日期 (2024年3月15日) and the other amounts.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP
from decimal import Decimal as D
from pathlib import Path

from planting import Planter, copy_of  # noqa: E402

SAMPLE = copy_of(Path(__file__).resolve().parent / "v1_school.py", "p1_school_planted",
                 "v1_school 的副本，含人为植入的勾稽错误（见模块说明 P1-1 至 P1-9），用于测试核对器的召回率")
_planter = Planter(SAMPLE)
replace_in_paragraph = _planter.replace_in_paragraph
replace_in_paragraph_after = _planter.replace_in_paragraph_after
set_cell = _planter.set_cell


# ------------------------------------------------------------------ the planted problems

# P1-1 附件1: 控制率 left blank (the cell is unique: "97.51%").
set_cell("97.51%", 0, "97.51%", "")

# P1-2 附件3: 在校学生 18426 -> 18246 (transposition) in the prose.
replace_in_paragraph("全县义务教育阶段在校学生18426人", "全县义务教育阶段在校学生18246人")

# P1-3 附件5: 上级追加补助资金 246.50 -> 264.50; 800.00 + 264.50 ≠ 1046.50.
replace_in_paragraph("上级追加补助资金246.50万元", "上级追加补助资金264.50万元")

# P1-4 附件4: 其他资金 年初预算数 0 -> 50.00; 800.00 + 0 + 50.00 ≠ 800.00.
set_cell("其他资金", 1, "0", "50.00")

# P1-5 附件3: 公用经费 share 8.91% -> 6.69% (share of 支出合计 instead of 基本支出).
replace_in_paragraph("公用经费871.95万元，占基本支出的8.91%", "公用经费871.95万元，占基本支出的6.69%")

# P1-6 附件4: 执行率 97.40% -> 97.04% (table only; prose keeps 97.40%, 得分 keeps 9.74).
set_cell("97.40%", 0, "97.40%", "97.04%")

# P1-7 附件2: 总分 97.63 -> 97.36, carried into the 附件3 conclusion.
set_cell("97.63", 0, "97.63", "97.36")
replace_in_paragraph("整体支出绩效自评得分97.63分", "整体支出绩效自评得分97.36分")

# P1-8 附件4: 维修改造校舍面积 得分 10 -> 10.31 (> 权重 10); 总分 99.29 -> 99.60 in table and 附件5.
set_cell("维修改造校舍面积", 4, "10", "10.31")
set_cell("99.29", 0, "99.29", "99.60")
replace_in_paragraph("绩效自评得分99.29分", "绩效自评得分99.60分")

# P1-9 附件5: the tender dated 2021年5月 in a 2023 filing.
replace_in_paragraph("4月完成项目设计和预算评审，5月通过公开招标", "4月完成项目设计和预算评审，2021年5月通过公开招标")


# ------------------------------------------------------------------ the planted arithmetic, re-checked


def _check():
    def q(x, places="0.01"):
        return x.quantize(D(places), ROUND_HALF_UP)

    # P1-1
    assert q(D(1254) / D(1286) * 100) == D("97.51")
    # P1-3
    assert D("800.00") + D("264.50") == D("1064.50") != D("1046.50") == D("800.00") + D("246.50")
    # P1-4
    assert D("800.00") + D("0") + D("50.00") == D("850.00") != D("800.00")
    # P1-5
    assert q(D("871.95") / D("9786.45") * 100) == D("8.91") and q(D("871.95") / D("13042.54") * 100) == D("6.69")
    assert D("91.09") + D("6.69") == D("97.78")
    # P1-6
    assert q(D("1217.18") / D("1249.70") * 100) == D("97.40") and q(D(10) * D("0.9704")) == D("9.70")
    # P1-7
    dept = [D(x) for x in ("5", "5", "5", "5", "5", "5", "5", "4.77", "5", "5", "10", "8", "10", "5", "5")]
    assert sum(dept) == D("87.77") and sum(dept) + D("9.86") == D("97.63") != D("97.36")
    # P1-8
    assert q(D(10) * D(26800) / D(26000)) == D("10.31")
    assert D("9.74") + (D("49.55") + D("0.31")) + D("30") + D("10") == D("99.60")


_check()

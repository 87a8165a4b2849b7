"""Table interpreters on constructed tables: recognised by header, not by position."""
from decimal import Decimal

from extractor.pipeline import extract_file

from builder import Cell, Para, Table

HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]


def test_indicator_table_continued_without_header_keeps_its_columns_and_level(make_docx):
    first = Table([HEADER,
                   [Cell("产出指标（50分）", rs=2), Cell("数量指标", rs=2), "改造户数", "700户", "700户", "25", "25", ""],
                   ["改造个数", "21个", "21个", "25", "25", ""]])
    continued = Table([["", "质量指标", "合格率", "100%", "98%", "10", "9.8", "个别工程返工"],
                       [Cell("效益指标（30分）"), "社会效益指标", "受益户数", "≥5000户", "5154户", "30", "30", ""],
                       [Cell("总分", cs=5), "100", "99.8", ""]])
    report = extract_file(make_docx([Para("附件1"), Para("项目支出绩效自评表"), first, continued]))
    rows = [(i.level1, i.level1_weight, i.level2, i.level3, i.actual.value, i.score.value, i.deviation_reason)
            for i in report.indicators]
    assert rows == [
        ("产出指标", Decimal(50), "数量指标", "改造户数", Decimal(700), Decimal(25), None),
        ("产出指标", Decimal(50), "数量指标", "改造个数", Decimal(21), Decimal(25), None),
        ("产出指标", Decimal(50), "质量指标", "合格率", Decimal(98), Decimal("9.8"), "个别工程返工"),
        ("效益指标", Decimal(30), "社会效益指标", "受益户数", Decimal(5154), Decimal(30), None),
    ]
    assert [(t.label, t.score.value) for t in report.totals] == [("总分", Decimal("99.8"))]
    assert report.indicators[2].where.table == 1


def test_header_wording_and_column_order_vary(make_docx):
    header = ["一级指标", "分值", "二级指标", "三级指标", "权重", "年度目标值", "实际完成值", "得分", "未完成原因"]
    table = Table([header, ["产出指标", "50", "数量指标", "培训人次", "50", "≥1500人次", "1632人次", "50", ""]])
    report = extract_file(make_docx([Para("附件1"), Para("部门整体支出绩效自评表"), table]))
    (i,) = report.indicators
    assert (i.level1_weight, i.weight.value, i.target.comparator, i.target.value, i.actual.value) == (
        Decimal(50), Decimal(50), ">=", Decimal(1500), Decimal(1632))


def test_a_table_that_is_not_a_form_yields_no_records(make_docx):
    report = extract_file(make_docx([Table([["姓名", "职务"], ["张三", "局长"]])]))
    assert (report.indicators, report.funds.rows, report.rubric, report.totals) == ([], [], [], [])


def test_a_unit_after_a_column_name_and_a_unit_line_stated_once_per_attachment(make_docx):
    funds = Table([["项目名称", Cell("乙项目", cs=6)],
                   ["项目资金", "年初预算数（万元）", "全年预算数（万元）", "全年执行数（万元）", "分值", "执行率", "得分"],
                   ["年度资金总额", "665.45", "1061.85", "1061.85", "10", "100%", "10"]])
    second = Table([["项目名称", Cell("丙项目", cs=6)],
                    ["项目资金", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
                    ["年度资金总额", "100", "120", "118", "10", "98.33%", "9.8"]])
    report = extract_file(make_docx([Para("附件3"), Para("项目支出绩效自评表"), Para("金额单位：万元"), funds,
                                     Para(""), second]))
    assert [(r.project, r.budget_initial.raw, r.budget_full.unit, r.executed.normalised) for r in report.funds.rows] == [
        ("乙项目", "665.45", "万元", Decimal("1061.85")), ("丙项目", "100", "万元", Decimal("118"))]


def test_an_actual_column_named_full_year_actual_value(make_docx):
    header = ["一级指标", "二级指标", "三级指标", "指标值", "全年实际值", "权重", "得分", "偏差原因分析及改进措施"]
    table = Table([header, ["产出指标", "数量指标", "培训人次", "≥1500人次", "1632人次", "50", "50", ""]])
    (i,) = extract_file(make_docx([Para("附件1"), Para("项目支出绩效自评表"), table])).indicators
    assert (i.target.value, i.actual.value, i.weight.value) == (Decimal(1500), Decimal(1632), Decimal(50))


def test_a_two_row_header_repeated_inside_one_table_is_no_row_of_data(make_docx):
    # A table continued on the next page with its two-row heading drawn again comes out of a PDF
    # as one table: the upper heading row belongs to the header, not to the rows above it.
    upper = ["绩效指标", "绩效指标", "绩效指标", "权重", "预期指标值", "实际完成值", "得分", "未完成原因分析"]
    lower = ["一级指标", "二级指标", "三级指标", "权重", "预期指标值", "实际完成值", "得分", "未完成原因分析"]
    table = Table([upper, lower,
                   ["产出指标", "数量指标", "新建灌排沟渠", "7", "11.8公里", "11.9公里", "7", ""],
                   ["产出指标", "数量指标", "田间道路硬化", "7", "14.4公里", "15.1公里", "7", ""],
                   upper, lower,
                   ["产出指标", "质量指标", "工程验收合格率", "6", "100%", "100%", "6", ""],
                   ["效益指标", "社会效益指标", "受益农户", "20", "≥6880户", "6960户", "20", ""],
                   [Cell("总分", cs=3), "40", "", "", "40", ""]])
    report = extract_file(make_docx([Para("附件1"), Para("项目支出绩效自评表"), table]))
    assert [(i.level3, i.target.raw, i.score.raw) for i in report.indicators] == [
        ("新建灌排沟渠", "11.8公里", "7"), ("田间道路硬化", "14.4公里", "7"),
        ("工程验收合格率", "100%", "6"), ("受益农户", "≥6880户", "20")]
    assert [(t.label, t.score.raw) for t in report.totals] == [("总分", "40")]


def test_a_statement_across_the_year_columns_is_a_note_even_when_drawn_short_of_the_last(make_docx):
    # A table ruled by rows only draws no merge: the statement spans the two columns its text
    # fills, and the third comes back as a blank cell of its own (reportlab producer, g007).
    table = Table([["项目", "2021年决算数", "2022年预算数", "2022年决算数"],
                   ["“三公”经费支出", "12.50", "12.00", "11.60"],
                   ["厉行节约保障措施", Cell("严格按预算执行，严格控制“三公”经费支出。", cs=2), ""]])
    report = extract_file(make_docx([Para("附件1"), Para("部门整体支出绩效自评基础数据表"), table]))
    assert [s.label for s in report.basic_data.spending] == ["三公经费支出"]  # labels drop quotes
    assert report.basic_data.notes == ["厉行节约保障措施：严格按预算执行，严格控制“三公”经费支出。"]


def test_a_score_drawn_over_the_blank_reason_beside_it_is_the_score_only(make_docx):
    # Columns found from the text put a score over the blank 偏差原因 column beside it: it is
    # the score's, not a reason (reportlab producer, g020). A label merged across the level
    # columns still names each level.
    header = ["一级指标", "二级指标", "三级指标", "权重", "预期指标值", "实际值", "得分", "未完成原因及改进措施"]
    table = Table([header,
                   ["产出指标", "数量指标", "补贴职业技能培训", "10", "2700人次", "2742人次", Cell("10.16", cs=2)],
                   [Cell("预算执行率", cs=3), "10", "100%", "97.96%", "9.80", "结转资金"]])
    report = extract_file(make_docx([Para("附件1"), Para("项目支出绩效自评表"), table]))
    assert [(i.level2, i.level3, i.score.raw, i.deviation_reason) for i in report.indicators] == [
        ("数量指标", "补贴职业技能培训", "10.16", None), ("预算执行率", "预算执行率", "9.80", "结转资金")]


def test_a_level_weight_column_whose_heading_came_back_blank_is_read_by_position(make_docx):
    # LibreOffice draws a narrow 分值 written vertically beside its cell and clips it away, so
    # the heading reads blank; the column right after each level, all plain numbers, is its weight
    # (vertical producer, g059 and seven dev filings of the seed-7 corpus).
    header = ["一级指标", "", "二级指标", "", "三级指标", "", "具体指标", "评价标准", "自评得分"]
    table = Table([header,
                   [Cell("项目决策", rs=2), Cell("20", rs=2), "项目目标", "4", "目标内容", "4", "设立了绩效目标",
                    "①设有目标（1分）", "4"],
                   ["决策过程", "16", "决策依据", "16", "符合法律法规", "①符合法律法规（16分）", "15"],
                   ["项目管理", "25", "资金到位", "25", "到位率", "25", "实际到位/计划到位", "①到位率100%（25分）", "25"]])
    report = extract_file(make_docx([Para("附件4"), Para("项目支出绩效评价评分表（共性）"), table]))
    assert [(r.level1_weight, r.level2_weight, r.level3_weight, r.score.raw if r.score else None)
            for r in report.rubric] == [(Decimal(20), Decimal(4), Decimal(4), "4"), (Decimal(20), Decimal(16), Decimal(16), "15"),
                                        (Decimal(25), Decimal(25), Decimal(25), "25")]
    # a blank column of words after a level is no weight
    words = Table([["一级指标", "", "二级指标", "三级指标", "分值", "评价标准", "自评得分"],
                   ["项目决策", "说明", "项目目标", "目标内容", "4", "①设有目标（1分）", "4"],
                   ["项目管理", "说明", "资金到位", "到位率", "3", "①到位（3分）", "3"]])
    report = extract_file(make_docx([Para("附件4"), Para("项目支出绩效评价评分表（共性）"), words]))
    assert [r.level1_weight for r in report.rubric] == [None, None]

"""The reconciler: the seed's real problems, one constructed case per check, rules as data."""
import json
import subprocess
import sys
from decimal import Decimal

import pytest

from extractor.pipeline import extract_file
from extractor.reconcile.diagnose import diagnose
from extractor.reconcile.intervals import of_quantity, ratio_percent, stated
from extractor.reconcile.ruledata import load_rules
from extractor.values import parse_value

from builder import Cell, Para, Table
from conftest import SAMPLES


@pytest.fixture(scope="module")
def seed(seed_path):
    return extract_file(seed_path)


def rules(report):
    return sorted((f.rule, f.severity) for f in report.findings)


def test_seed_findings_are_exactly_its_real_problems(seed):
    assert rules(seed) == [
        ("date.outside_year", "info"),
        ("date.outside_year", "warning"),
        ("figure.mismatch", "error"),
        ("rate.missing", "warning"),
        ("score.deduction_without_reason", "warning"),
        ("score.deduction_without_reason", "warning"),
        ("staffing.over_quota", "warning"),
    ]


def test_seed_2346_against_2436_with_both_places_as_evidence(seed):
    (f,) = [f for f in seed.findings if f.rule == "figure.mismatch"]
    assert (f.found, f.expected, f.difference) == ("2346万元", "2436万元", "-90万元")
    assert f.diagnosis == "数字颠倒（两位数字互换）"
    stated_ = [e for e in f.evidence if e.role == "stated"]
    assert [(e.text, e.where.attachment, e.label) for e in stated_] == [("2346万元", 3, "到位资金")]
    assert "到位资金2346万元" in stated_[0].context
    elsewhere = {(e.where.attachment, e.where.table is not None) for e in f.evidence if e.role == "elsewhere"}
    assert elsewhere == {(5, True), (6, False)}  # the project table and the project report


def test_seed_blank_control_rate_is_computed(seed):
    (f,) = [f for f in seed.findings if f.rule == "rate.missing"]
    assert f.expected == "117.36%" and "142" in f.message and "121" in f.message


def test_relations_that_hold_are_not_flagged(seed):
    # 47.43%, 52.57%, 6.45%, 1.46%, 92.09%, 7.91%, the 三公经费 sums, 2436 + 2593 = 5029, the 99-point totals
    flagged = {f.rule for f in seed.findings}
    assert not flagged & {"share.mismatch", "sum.parts", "score.total", "score.level_weights", "score.funds", "rate.mismatch"}


@pytest.mark.parametrize("name", ["v1_school", "v2_hospital", "v3_agriculture"])
def test_consistent_filings_have_no_findings(name):
    assert extract_file(SAMPLES / f"{name}.docx").findings == []


@pytest.mark.parametrize(
    "found, expected, diagnosis",
    [
        ("2346", "2436", "数字颠倒（两位数字互换）"),
        ("1064.50", "1046.50", "数字颠倒（两位数字互换）"),
        ("0.10465", "1046.5", "元/万元单位错误（相差一万倍）"),
        ("104.50", "1046.50", "漏写一位数字"),
        ("10046.50", "1046.50", "多写一位数字"),
        ("10465", "1046.5", "小数点位置错误"),
        ("2437", "2436", "一位数字不同"),
        ("3000", "2436", None),
    ],
)
def test_diagnosis(found, expected, diagnosis):
    assert diagnose(Decimal(found), Decimal(expected)) == diagnosis


def test_precision_tolerance_follows_what_was_written():
    part, whole = of_quantity(parse_value("10673.73万元")), of_quantity(parse_value("22502.64万元"))
    assert ratio_percent(part, whole).overlaps(stated(Decimal("47.43")))
    assert not ratio_percent(part, whole).overlaps(stated(Decimal("47.45")))


def report_of(make_docx, blocks, name="case"):
    return extract_file(make_docx(blocks, name=name))


def narrative(*paragraphs):
    return [Para("附件1"), Para("2022年度部门整体支出绩效自评报告"), Para("一、基本情况"), *[Para(p) for p in paragraphs]]


def test_prose_parts_that_do_not_add_up(make_docx):
    r = report_of(make_docx, narrative("2022年支出合计1000.00万元，其中：人员支出600.00万元，"
                                       "公用经费支出300.00万元，项目支出150.00万元。"))
    (f,) = [f for f in r.findings if f.rule == "sum.parts"]
    assert (f.found, f.expected) == ("1050万元", "1000万元")


def test_a_list_left_open_at_its_paragraphs_end_is_checked_only_for_exceeding_its_total(make_docx):
    # …；(3)上级补助收入2101万元； ends the paragraph on a separator: the list goes on past what
    # was read (real-text corpus, c032), so parts short of the total are no finding.
    short = report_of(make_docx, narrative("政府性基金预算收入完成540177万元，其中：(1)政府性基金收入完成222085万元；"
                                           "(2)新增地方政府债务收入307000万元；(3)上级补助收入2101万元；"))
    assert [f for f in short.findings if f.rule == "sum.parts"] == []
    over = report_of(make_docx, narrative("2022年支出合计1000.00万元，其中：人员支出600.00万元，公用经费支出500.00万元；"))
    assert [(f.found, f.expected, f.severity) for f in over.findings if f.rule == "sum.parts"] == \
        [("1100万元", "1000万元", "error")]  # parts over their total are wrong however many follow
    closed = report_of(make_docx, narrative("政府性基金预算收入完成540177万元，其中：(1)政府性基金收入完成222085万元；"
                                            "(2)新增地方政府债务收入307000万元；(3)上级补助收入2101万元。"))
    assert [f.found for f in closed.findings if f.rule == "sum.parts"] == ["531186万元"]


def test_a_share_that_its_numbers_do_not_give(make_docx):
    r = report_of(make_docx, narrative("2022年支出合计1000.00万元，其中：人员支出600.00万元，占本年支出合计的65.00%，"
                                       "公用经费支出400.00万元，占本年支出合计的40.00%。"))
    shares = sorted((f.found, f.expected) for f in r.findings if f.rule == "share.mismatch")
    assert shares == [("65.00%", "60%")]  # 400 of 1000 is 40.00% as stated


def funds_and_indicators(total_score="99", rate="100%", score_cell="10", level1="产出指标（50分）", reason="",
                         fill="2023年3月1日"):
    return [
        Para("附件1"), Para("2022年度项目支出绩效自评表"),
        Table([
            [Cell("项目名称", cs=2), Cell("老旧小区改造", cs=7)],
            [Cell("项目资金（万元）", rs=5), "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""],
            ["年度资金总额", "100", "100", "100", "10", rate, score_cell, ""],
            ["其中：当年财政拨款", "60", "60", "60", "", "", "", ""],
            ["上年结转资金", "", "", "", "", "", "", ""],
            ["其他资金", "30", "30", "30", "", "", "", ""],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施", ""],
            [Cell(level1, rs=2), Cell("数量指标", rs=2), "改造户数", "≥95%", "92%", "25", "25", "", ""],
            ["完成率", "100%", "100%", "25", "24", reason, ""],
            [Cell("效益指标（40分）"), "社会效益指标", "受益户数", "500户", "500户", "40", "40", "", ""],
            [Cell("总分", cs=5), "100", total_score, "", ""],
        ]),
        Para(f"填表人：张三  填报日期：{fill}  联系电话：0730-1234567"),
    ]


def test_score_and_funds_checks(make_docx):
    r = report_of(make_docx, funds_and_indicators(total_score="98", rate="90%", score_cell="10", level1="产出指标（45分）"))
    found = {(f.rule, f.found, f.expected) for f in r.findings}
    assert ("sum.parts", "90万元", "100万元") in found  # 60 + 30 ≠ 100 in every column
    assert ("rate.mismatch", "90%", "100%") in found
    assert ("score.funds", "10", "9") in found
    assert ("score.level_weights", "50", "45") in found
    assert ("score.total", "98", "99") in found  # 25 + 24 + 40 + 10
    assert ("score.deduction_without_reason", "24/25", "偏差原因分析及改进措施") in found
    assert ("score.full_marks_unmet", "25", "<25") in found  # target ≥95%, actual 92%, full marks
    assert ("date.fill_before_year_end", "2023-03-01", "晚于2022-12-31") not in found


def test_fill_dates(make_docx):
    blocks = funds_and_indicators(fill="2023年3月1日") + [Para("附件2"), Para("2022年度部门整体支出绩效自评报告"),
                                                         Para("填表人：张三  填报日期：2022年12月1日")]
    r = report_of(make_docx, blocks)
    rules_found = {f.rule: f for f in r.findings}
    assert rules_found["date.fill_before_year_end"].found == "2022-12-01"
    assert rules_found["date.fill_dates_differ"].severity == "warning"


def test_a_new_sum_relation_is_a_data_change(make_docx, tmp_path):
    path = make_docx(narrative("2022年收入合计100.00万元。一般公共预算拨款50.00万元，政府性基金拨款40.00万元。"))
    assert [f.rule for f in extract_file(path).findings] == []
    extra = tmp_path / "more-rules.toml"
    extra.write_text('[[sum]]\ntotal = "收入合计"\nparts = ["一般公共预算", "政府性基金"]\n', encoding="utf-8")
    # The figures stand in one paragraph? No: two sentences of one paragraph, so the rule's scope (a paragraph) holds.
    findings = extract_file(path, rules=load_rules((extra,))).findings
    assert [(f.rule, f.found, f.expected) for f in findings] == [("sum.parts", "90万元", "100万元")]


def test_a_rule_file_with_an_unknown_concept_is_refused(make_docx, tmp_path):
    from extractor.pattern_files import PatternFileError

    extra = tmp_path / "bad.toml"
    extra.write_text('[[sum]]\ntotal = "不存在的概念"\nparts = ["人员经费"]\n', encoding="utf-8")
    with pytest.raises(PatternFileError, match="unknown concepts"):
        load_rules((extra,))


def run(*args):
    proc = subprocess.run([sys.executable, "-m", "extractor.cli", *map(str, args)], capture_output=True, timeout=120)
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


def test_check_command_exit_codes_and_json(seed_path, tmp_path):
    code, out, _ = run("check", SAMPLES / "v1_school.docx")
    assert code == 0 and "0 个错误" in out
    code, out, _ = run("check", seed_path)
    assert code == 1 and "figure.mismatch" in out and "数字颠倒" in out
    (tmp_path / "broken.docx").write_bytes(b"not a docx")
    code, out, err = run("check", seed_path, tmp_path / "broken.docx", "--format", "json")
    assert code == 2 and "broken.docx" in err
    results = json.loads(out)
    assert [r["file"].endswith(n) for r, n in zip(results, ("seed.docx", "broken.docx"), strict=True)] == [True, True]
    assert results[1]["error"]["kind"] == "unsupported"
    assert any(f["rule"] == "figure.mismatch" for f in results[0]["findings"])


# What a reviewer does not flag (DOMAIN.md), from the real-text corpus's dev split.
@pytest.mark.parametrize("text, rules", [
    # a 其中 list naming some parts of its total
    ("核定事业编制56名，其中所长1名，副所长3名。", []),
    # 收入合计 and 支出合计 are two quantities
    ("2022年收入合计11352.79万元，支出合计11350.09万元。", []),
    # the same concept in two sentences for two scopes: no table, no slip, no sure pairing
    ("全市一般公共预算收入509990万元。县本级一般公共预算收入509257万元。", []),
    # a share whose clause names its own subject is not about the figure before it
    ("其中税收收入77864万元，非税收入31625万元，税收占地方一般公共预算收入的比重为71.1%。", []),
    # a share of a budget that is not stated is not checked against the nearest total
    ("支出合计1000.00万元，其中项目支出300.00万元，完成年度预算的98.5%。", []),
    # a share of the whole city's revenue is not of another area's revenue stated before it
    ("县(市、区)一般公共预算收入234.6亿元。"
     "中心城区(市级、袁州区)一般公共预算收入78.9亿元，占全市一般公共预算收入比重为27.8%。", []),
], ids=["partial-list", "income-vs-spending", "two-scopes", "share-own-subject", "share-of-unstated-budget",
        "share-of-another-scope"])
def test_what_a_reviewer_does_not_flag(make_docx, text, rules):
    assert [f.rule for f in report_of(make_docx, narrative(text)).findings if f.severity == "error"] == rules


@pytest.mark.parametrize("text, found, expected", [
    # parts short of their total by a near miss, or by a slip one part explains, are reported
    ("总投资8650万元，其中中央资金5000万元、省级资金2000万元、县级配套资金1550万元。", "8550万元", "8650万元"),
    ("总投资8650万元，其中中央资金5000万元、省级资金200万元、县级配套资金1650万元。", "6850万元", "8650万元"),
], ids=["near-miss", "dropped-digit"])
def test_parts_short_of_their_total_when_a_reviewer_would_flag_them(make_docx, text, found, expected):
    (f,) = [f for f in report_of(make_docx, narrative(text)).findings if f.rule == "sum.parts"]
    assert (f.found, f.expected) == (found, expected)


@pytest.mark.parametrize("sentence, flagged", [
    ("下一步，我局计划于2023年9月完成剩余工程的验收。", []),  # a plan
    ("项目自评工作于2023年3月完成。", []),  # the evaluation's own work, before the filing
    ("全部工程已于2023年5月竣工验收。", []),  # done after the year, but before the filing
    ("全部工程已于2023年9月竣工验收。", ["2023年9月"]),  # done after the filing: it cannot know that
    ("2021年11月，我局启动了前期工作。", ["2021年11月"]),  # an event before the year
], ids=["plan", "evaluation-work", "done-before-filing", "done-after-filing", "event-before-year"])
def test_dates_outside_the_year_that_a_reviewer_flags(make_docx, sentence, flagged):
    blocks = [Para("附件1"), Para("2022年度部门整体支出绩效自评报告"), Para("填报日期：2023年7月11日"), Para(sentence)]
    report = report_of(make_docx, blocks)
    assert [f.found for f in report.findings if f.rule == "date.outside_year" and f.severity != "info"] == flagged


def test_a_share_with_no_whole_named_is_of_the_total_its_part_belongs_to(make_docx):
    text = ("2021年度基本支出7785.15万元，其中：人员经费6610.51万元，占84.91%；"
            "公用经费1174.64万元，占15.09%。收入合计19587.38万元。")
    assert [f.rule for f in report_of(make_docx, narrative(text)).findings if f.rule == "share.mismatch"] == []
    wrong = text.replace("占84.91%", "占80.91%")
    (f,) = [f for f in report_of(make_docx, narrative(wrong)).findings if f.rule == "share.mismatch"]
    assert (f.found, f.expected) == ("80.91%", "84.91%")


def test_a_prior_year_change_is_a_change_not_a_base():
    from extractor.interpret.figures import rules

    assert rules().base.search("同比下降") is None and rules().base.search("较上年的") is not None


def test_a_blank_execution_rate_of_the_funds_total_is_missing(make_docx):
    table = Table([["项目资金", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
                   ["年度资金总额", "100", "120", "114.8", "10", "", "9.57"],
                   ["其中：当年财政拨款", "100", "120", "114.8", "", "", ""]])
    report = report_of(make_docx, [Para("附件1"), Para("项目支出绩效自评表"), table])
    assert [(f.rule, f.severity, f.expected) for f in report.findings if f.rule == "rate.missing"] == [
        ("rate.missing", "warning", "95.67%")]  # the total row only: a part's rate is left blank by design


def _prose_findings(*paragraphs: str, rule: str) -> list[str]:
    from text_mutants import report_of_narrative

    report = report_of_narrative(*paragraphs)
    return [f.message for f in report.findings if f.rule == rule]


def test_a_share_of_the_named_total_of_its_list_is_paired_with_that_total():
    spending = "2022年度本部门支出总额5286.21万元。"
    right = "2022年度基本支出2866.17万元，其中：人员经费2479.62万元，占基本支出总额的86.51%。"
    assert _prose_findings(spending, right, rule="share.mismatch") == []  # 2479.62 / 2866.17, not / 5286.21
    wrong = right.replace("86.51%", "76.51%")
    assert _prose_findings(spending, wrong, rule="share.mismatch") == [
        "附件1称人员经费占基本支出的76.51%，按2479.62万元÷2866.17万元计算应为86.51%"]


def test_a_whole_two_concepts_name_equally_is_no_pairing_and_no_error():
    # 基本支出总额 holds 基本支出 and 支出总额: with no list tying the part to one of them, which
    # whole is meant is not known, and a reviewer could not trust an error built on a guess.
    text = ("2022年度本部门支出总额5286.21万元，基本支出2866.17万元。"
            "公用经费386.55万元，占基本支出总额的50.00%。")
    assert _prose_findings(text, rule="share.mismatch") == []


def _indicator_table(project: str, actual: str) -> list:
    return [Para(f"{project}项目支出绩效自评表"), Table([
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "质量指标", "培训合格率", "≥90%", actual, "10", "10"]])]


@pytest.mark.parametrize("narrative, expected", [
    ("培训合格率92.5%。", []),  # what one project's table says: no slip against the other's
    ("培训合格率92.6%。", ["附件3文字称培训合格率92.6%，但附件1绩效指标“培训合格率”实际完成值为92.5%"]),
])
def test_a_figure_one_of_several_same_named_indicators_restates_is_no_slip(tmp_path, narrative, expected):
    from builder import Sample, write_docx

    blocks = [Para("附件1"), *_indicator_table("甲", "92.5%"), Para("附件2"), *_indicator_table("乙", "92.05%"),
              Para("附件3"), Para("甲项目支出绩效自评报告"), Para(narrative)]
    write_docx(Sample("two", blocks), tmp_path / "two.docx")
    report = extract_file(tmp_path / "two.docx")
    assert [f.message for f in report.findings if f.rule == "figure.mismatch"] == expected


@pytest.mark.parametrize("share, expected", [
    ("94.98%", []),
    ("99.98%", ["附件1称竣工验收占完工总数的99.98%，按1609户÷1694户计算应为94.98%"]),
])
def test_a_share_of_counts_is_checked_against_the_count_it_names(share, expected):
    text = f"已完成竣工验收1609户，占完工总数1694户的{share}。"
    assert _prose_findings(text, rule="share.mismatch") == expected


def test_a_filing_dated_within_the_year_it_reviews_keeps_that_year_and_is_flagged(tmp_path):
    from builder import Sample, write_docx

    write_docx(Sample("early", [Para("附件1"), Para("2021年度部门整体支出绩效自评报告"),
                                Para("填报日期：2021年12月27日")]), tmp_path / "early.docx")
    report = extract_file(tmp_path / "early.docx")
    assert report.meta.year == 2021
    assert [f.message for f in report.findings if f.rule == "date.fill_before_year_end"] == [
        "附件1填报日期2021年12月27日早于评价年度2021年结束"]


@pytest.mark.parametrize("amount, expected", [
    ("60万元", []),  # the table's 当年财政拨款 under another name, as stated
    ("50万元", []),  # one digit different: as likely another fund
    ("65万元", []),  # no table amount a digit order away
])
def test_a_renamed_fund_is_paired_only_by_a_slip_of_digit_order(make_docx, amount, expected):
    blocks = funds_and_indicators() + [Para("附件2"), Para("2022年度项目支出绩效自评报告"),
                                       Para(f"项目资金来源为省级专项资金{amount}。")]
    assert [f.message for f in report_of(make_docx, blocks).findings if f.rule == "figure.mismatch"] == expected


def test_a_renamed_fund_with_its_digits_swapped_is_reported_with_how_it_was_paired(make_docx):
    table = funds_and_indicators()
    table[2].rows[3][1:4] = ["61.5", "61.5", "61.5"]  # 当年财政拨款
    blocks = table + [Para("附件2"), Para("2022年度项目支出绩效自评报告"), Para("项目资金来源为省级专项资金65.1万元。")]
    assert [f.message for f in report_of(make_docx, blocks).findings if f.rule == "figure.mismatch"] == [
        "附件2文字称省级专项资金65.1万元，但附件1表格当年财政拨款为61.5万元（名称不同，按数额配对：数字颠倒（两位数字互换））"]


def test_a_share_of_whole_counts_is_computed_exactly():
    # 8 of 10 is 80%: counts are whole, so 73% is wrong although 7.5/10.5 would allow it
    text = "河段治理已完成竣工验收8段，占完工总数10段的73.00%。"
    assert _prose_findings(text, rule="share.mismatch") == [
        "附件1称竣工验收占完工总数的73.00%，按8段÷10段计算应为80%"]


def test_a_level_label_a_pdf_cut_into_cells_is_read_whole(make_docx):
    # what LibreOffice's PDF of a merged 一级/二级 cell gives: the label's lines in two cells,
    # the 二级 merge as a named cell over blank ones
    table = Table([
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "老旧小区改造个数", "17个", "18个", "25", "25"],
        [Cell("（50分）", rs=2), "", "农村危房改造户数", "190户", "196户", "25", "25"],
        ["质量指标", "工程验收合格率", "100%", "100%", "0", "0"],
    ])
    report = report_of(make_docx, [Para("附件1"), Para("2022年度项目支出绩效自评表"), table])
    assert [(i.level1, i.level1_weight, i.level2, i.level3) for i in report.indicators] == [
        ("产出指标", Decimal("50"), "数量指标", "老旧小区改造个数"),
        ("产出指标", Decimal("50"), "数量指标", "农村危房改造户数"),
        ("产出指标", Decimal("50"), "质量指标", "工程验收合格率"),
    ]
    assert [f.rule for f in report.findings if f.rule == "score.level_weights"] == []


def test_a_measure_unit_column_gives_bare_targets_and_actuals_their_unit(make_docx):
    table = Table([
        ["一级指标", "二级指标", "三级指标", "度量单位", "指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "农村户厕改造数量", "户", "≥1640", "1694", "10", "10"],
        ["产出指标", "质量指标", "验收合格率", "%", "100", "98.5", "10", "9"],
        ["产出指标", "质量指标", "群众满意", "", "满意", "满意", "10", "10"],
        ["产出指标", "成本指标", "户均奖补标准", "元/户", "≤1370", "1295", "10", "10"],
    ])
    report = report_of(make_docx, [Para("附件1"), Para("2022年度项目支出绩效自评表"), table])
    assert [(i.level3, i.target.raw, i.target.unit, i.target.comparator, i.actual.unit, i.actual.kind)
            for i in report.indicators] == [
        ("农村户厕改造数量", "≥1640", "户", ">=", "户", "count"),
        ("验收合格率", "100", "%", "=", "%", "percent"),
        ("群众满意", "满意", None, "=", None, "text"),
        ("户均奖补标准", "≤1370", "元/户", "<=", "元/户", "ratio"),
    ]


def _project_form(title: str, project: str, amount: str) -> Table:
    return Table([
        [Cell(title, cs=7)],
        [Cell("项目名称", cs=2), Cell(project, cs=5)],
        [Cell("项目资金", rs=2), "", "年初预算数", "全年预算数", "全年执行数", "分值", "得分"],
        ["年度资金总额", amount, amount, amount, "10", "10"],
    ])


def test_a_unit_line_above_a_form_titled_inside_its_table_holds_for_the_attachments_forms(make_docx):
    blocks = [Para("单位：万元"), _project_form("附件1  2022年度项目支出绩效自评表", "老旧小区改造", "100"),
              Para(""), _project_form("2022年度项目支出绩效自评表", "农村危房改造", "50")]
    report = report_of(make_docx, blocks)
    assert [(r.project, r.executed.raw, r.executed.unit) for r in report.funds.rows] == [
        ("老旧小区改造", "100", "万元"), ("农村危房改造", "50", "万元")]


def test_a_table_value_with_no_concept_does_not_hide_a_renamed_fund(make_docx):
    from extractor.reconcile import agree
    from extractor.reconcile.context import CheckContext
    from extractor.reconcile.facts import Fact, collect
    from extractor.reconcile.ruledata import shipped_rules

    table = funds_and_indicators()
    table[2].rows[3][1:4] = ["61.5", "61.5", "61.5"]  # 当年财政拨款
    blocks = table + [Para("附件2"), Para("2022年度项目支出绩效自评报告"), Para("项目资金来源为省级专项资金65.1万元。")]
    report = report_of(make_docx, blocks)
    facts = collect(report)
    unnamed = next(f for f in facts if not f.in_prose)
    facts.append(Fact(None, "备注", unnamed.quantity, "basic_data", None, "", 1))  # a table value no concept names
    found = [c.finding() for c in agree.check_renamed_funds(CheckContext(report, facts, shipped_rules()))]
    assert [f.diagnosis for f in found if f is not None] == ["数字颠倒（两位数字互换）"]


def test_every_finding_says_how_its_values_were_paired(seed):
    (mismatch,) = [f for f in seed.findings if f.rule == "figure.mismatch"]
    assert mismatch.pairing.startswith("按概念配对：文字中的到位资金与同一项目的表格")
    (staffing,) = [f for f in seed.findings if f.rule == "staffing.over_quota"]
    assert staffing.pairing == "同一人员编制行的实际在职人数与编制数"
    planted = extract_file(SAMPLES / "p1_school_planted.docx")
    for f in [*seed.findings, *planted.findings]:
        assert f.pairing, f.rule


@pytest.mark.parametrize("text, pairing", [
    ("本年收入合计1000万元，其中：财政拨款收入800万元，占本年收入合计的70%。",
     "部分：同一段落中此前最近的“财政拨款收入”；整体：部分所属“其中”列表的合计“本年收入合计”"),
    ("本年支出合计500万元。基本支出400万元，占本年支出合计的70%。",
     "部分：同一段落中此前最近的“基本支出”；整体：句中所称的“本年支出合计”，按概念支出合计取本附件此前最近的该项金额"),
])
def test_a_share_finding_names_the_whole_it_was_paired_with(text, pairing):
    from text_mutants import report_of_narrative

    (f,) = [f for f in report_of_narrative(text).findings if f.rule == "share.mismatch"]
    assert f.found == "70%" and f.pairing == pairing


def test_a_sum_of_values_written_in_元_is_shown_in_元():
    # generated g020: a transposed 公务接待 in a basic-data table in 元; the finding's numbers are
    # the ones printed in the table (148510.04元), not their 万元 (14.851004万元)
    report = extract_file(SAMPLES / "generated" / "g020.docx")
    (f,) = [f for f in report.findings if f.rule == "sum.parts"]
    assert (f.found, f.expected, f.difference) == ("148510.04元", "148420.04元", "90元")
    assert "公务接待41,100.98疑应为41010.98元（数字颠倒（两位数字互换））" in f.diagnosis


def _count_table(title: str, name: str, actual: str) -> list:
    return [Para(title), Table([
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", name, f"≥{actual}", actual, "10", "10"]])]


@pytest.mark.parametrize("report_title, expected", [
    # a project's report against the department's table, which counts all its work: no slip
    ("丰泉市老旧小区改造项目2023年度项目支出绩效自评报告", []),
    # the department's report against its own table: a slip
    ("丰泉市住房和城乡建设局2023年度部门整体支出绩效自评报告",
     ["附件3文字称老旧小区改造十个，但附件1绩效指标“老旧小区改造个数”实际完成值为12个"]),
])
def test_a_project_report_is_not_held_to_the_departments_table(tmp_path, report_title, expected):
    from builder import Sample, write_docx

    blocks = [Para("附件1"), *_count_table("2023年度部门整体支出绩效自评表", "老旧小区改造个数", "12个"),
              Para("附件2"), *_count_table("2023年度项目支出绩效自评表", "完成改造小区数", "10个"),
              Para("附件3"), Para(report_title), Para("一、项目实施情况"), Para("2023年完成老旧小区改造十个。")]
    write_docx(Sample("scopes", blocks), tmp_path / "scopes.docx")
    report = extract_file(tmp_path / "scopes.docx")
    assert [a.kind for a in report.attachments] == ["overall_table", "project_table",
                                                    "project_report" if "项目" in report_title[:12] else "overall_report"]
    assert [f.message for f in report.findings if f.rule == "figure.mismatch"] == expected


@pytest.mark.parametrize("narrative, expected", [
    # verb and object swapped between the report and its table (购置医疗设备 / 医疗设备购置)
    ("全年完成21台医疗设备购置。", ["附件2文字称医疗设备购置21台，但附件1绩效指标“购置医疗设备数量”实际完成值为12台"]),
    ("全年完成12台医疗设备购置。", []),
    # words left out are no swap: 购置设备 is not 购置医疗设备
    ("全年购置设备21台。", []),
])
def test_a_figure_is_paired_with_an_indicator_naming_it_in_another_order(tmp_path, narrative, expected):
    from builder import Sample, write_docx

    blocks = [Para("附件1"), *_count_table("2023年度项目支出绩效自评表", "购置医疗设备数量", "12台"),
              Para("附件2"), Para("医疗设备购置项目2023年度项目支出绩效自评报告"), Para(narrative)]
    write_docx(Sample("reordered", blocks), tmp_path / "reordered.docx")
    report = extract_file(tmp_path / "reordered.docx")
    assert [f.message for f in report.findings if f.rule == "figure.mismatch"] == expected


def test_a_part_in_brackets_that_passes_its_whole_is_still_a_part_and_its_slip_is_reported():
    from text_mutants import report_of_narrative

    # the bracket says where the list ends: 5222.09 is the third part, written for 2522.09
    report = report_of_narrative(
        "2024年财政拨款4994.84万元（含中央补助资金1160.47万元、省级补助资金5222.09万元、市级配套资金1312.28万元）。")
    (finding,) = [f for f in report.findings if f.rule == "sum.parts"]
    assert finding.message == "附件1文字：中央补助资金、省级补助资金、市级配套资金之和为7694.84万元，与财政拨款4994.84万元不符"
    assert finding.diagnosis == "省级补助资金5222.09万元疑应为2522.09万元（数字颠倒（两位数字互换））"


def test_a_slip_is_read_in_the_unit_both_write(tmp_path):
    # 910万斤 for 190万斤: two digits swapped as written; in 吨 (4550 against 950) no slip has a name
    from builder import Sample, write_docx

    blocks = [Para("附件1"), *_count_table("2023年度部门整体支出绩效自评表", "新增粮食产能", "190万斤"),
              Para("附件2"), Para("某县农业农村局2023年度部门整体支出绩效自评报告"), Para("新增粮食产能达到910万斤。")]
    write_docx(Sample("jin", blocks), tmp_path / "jin.docx")
    report = extract_file(tmp_path / "jin.docx")
    (finding,) = [f for f in report.findings if f.rule == "figure.mismatch"]
    assert finding.diagnosis == "数字颠倒（两位数字互换）" and finding.difference == "720万斤"


@pytest.mark.parametrize("rate, flagged", [
    ("99%", False),  # 99.985% cut after its digits, as forms often write it
    ("100%", False),  # rounded
    ("98%", True),
    ("99.5%", True),  # written to a tenth, it should read 99.9% or 100.0%
])
def test_a_rate_cut_after_its_last_digit_is_no_slip(rate, flagged):
    text = f"项目实际下达预算2596万元,全年实际总支出2595.6208万元,项目预算执行率{rate}。"
    assert bool(_prose_findings(text, rule="rate.mismatch")) is flagged

"""Each comparison of the reconciler on its own: a value a check cannot use skips that one
comparison with a note (words where a number belongs, a number no arithmetic can hold), never its family, and
a 30-digit amount is compared exactly instead of tripping the process's 28-digit default."""
import json
import subprocess
import sys
from decimal import Decimal

import pytest

from extractor.errors import TimedOut
from extractor.pipeline import extract_file
from extractor.reconcile import reconcile
from extractor.reconcile.context import CheckContext
from extractor.reconcile.ruledata import RuleData
from extractor.reconcile.runner import Comparison, Operand, run
from extractor.records import Finding, Quantity
from extractor.values import parse_value

from builder import Cell, Para, Table

THIRTY = "123456789012345678901234567890"


@pytest.fixture(scope="module")
def seed(seed_path):
    return extract_file(seed_path)


def cell(raw: str, like: Quantity, unit: str | None = "万元") -> Quantity:
    """A table value as the reader gives it, where the value it replaces stood."""
    return parse_value(raw, default_unit=unit).model_copy(update={"where": like.where})


def with_funds_row(report, index: int, **values):
    rows = list(report.funds.rows)
    rows[index] = rows[index].model_copy(update=values)
    return report.model_copy(update={"funds": report.funds.model_copy(update={"rows": rows})})


def with_staffing(report, **values):
    staffing = [report.basic_data.staffing[0].model_copy(update=values), *report.basic_data.staffing[1:]]
    return report.model_copy(update={"basic_data": report.basic_data.model_copy(update={"staffing": staffing})})


def found(findings, *rules):
    return sorted((f.rule, f.severity, f.expected, f.found) for f in findings if f.rule in rules)


def test_a_30_digit_execution_still_gives_its_rate_mismatch_and_the_family_runs_on(seed):
    row = seed.funds.rows[0]  # 附件2 年度资金总额: 22502.64 of 22502.64, 100%
    report = with_funds_row(seed, 0, executed=cell(THIRTY, row.executed), budget_full=cell("1000", row.budget_full),
                            rate=cell("90%", row.rate, None))
    findings = reconcile(report)
    # 123456789012345678901234567890 ÷ 1000 × 100 has 29 integer digits: quantized at 28 digits it raised.
    assert found(findings, "rate.mismatch") == [("rate.mismatch", "error", "12345678901234567890123456789%", "90%")]
    assert found(findings, "rate.missing") == [("rate.missing", "warning", "117.36%", None)]  # same family, still there
    assert not [f for f in findings if f.rule.startswith(("internal.", "check."))]


def test_parts_of_30_digits_that_miss_their_total_by_10_are_flagged_exactly(seed):
    # 附件5's 年度资金总额 = 当年财政拨款 + 其他资金; at 28 digits the 10 vanished into rounding.
    total, first, other = seed.funds.rows[1], seed.funds.rows[2], seed.funds.rows[4]
    report = with_funds_row(seed, 1, executed=cell(THIRTY, total.executed))
    report = with_funds_row(report, 2, executed=cell("123456789012345678901234567000", first.executed))
    report = with_funds_row(report, 4, executed=cell("900", other.executed))
    (f,) = [f for f in reconcile(report) if f.rule == "sum.parts"]
    assert (f.expected, f.found, f.difference) == (f"{THIRTY}万元", "123456789012345678901234567900万元", "10万元")
    assert [e.role for e in f.evidence] == ["total", "part", "part"]


def test_text_where_a_number_is_expected_skips_that_comparison_with_a_note(seed):
    project = seed.funds.rows[1]  # 附件5 老旧小区改造: 5029 of 5029
    report = with_funds_row(seed, 0, executed=cell("见附表", seed.funds.rows[0].executed))
    report = with_funds_row(report, 1, rate=cell("90%", project.rate, None))
    staff = seed.basic_data.staffing[0]
    report = with_staffing(report, actual=cell("142（含借调5人）", staff.actual, None))
    findings = reconcile(report)
    # The project row's wrong rate is still found although a cell of another row, and the
    # staffing row of the same family, hold text: before, the whole rates family was lost.
    assert found(findings, "rate.mismatch") == [("rate.mismatch", "error", "100%", "90%")]
    assert found(findings, "rate.missing", "staffing.over_quota") == []  # 142（含借调5人） is not a number
    notes = sorted(f.message for f in findings if f.rule == "check.skipped")
    assert notes == [
        "附件1财政供养人员情况控制率未能核对（rate.missing）：实际在职人数“142（含借调5人）”不是数字，此项比较已跳过",
        "附件2年度资金总额执行率未能核对（rate.mismatch）：全年执行数“见附表”不是数字，此项比较已跳过"]
    assert not [f for f in findings if f.rule.startswith("internal.")]


def test_a_blank_value_is_no_comparison_and_no_note(seed):
    report = with_funds_row(seed, 0, executed=None)
    report = with_staffing(report, actual=None)
    findings = reconcile(report)
    assert found(findings, "rate.missing", "staffing.over_quota", "check.skipped") == []


def test_a_value_no_arithmetic_can_hold_gives_one_note_with_the_values_as_written(seed):
    row, project = seed.funds.rows[0], seed.funds.rows[1]
    huge = Quantity(raw="1E+999999", kind="money", value=Decimal("1E+999999"), unit="万元",
                    normalised=Decimal("1E+999999"), normalised_unit="万元", where=row.executed.where)
    report = with_funds_row(seed, 0, executed=huge, rate=cell("90%", row.rate, None))
    report = with_funds_row(report, 1, rate=cell("90%", project.rate, None))
    findings = reconcile(report)
    (note,) = [f for f in findings if f.rule == "check.skipped"]
    assert note.severity == "info"
    assert "附件2年度资金总额执行率" in note.message and "rate.mismatch" in note.message
    assert [(e.role, e.text, e.where) for e in note.evidence] == [
        ("stated", "90%", row.rate.where), ("numerator", "1E+999999", row.executed.where),
        ("denominator", "22502.64", row.budget_full.where)]
    # The other row of the same check still gives its finding.
    assert found(findings, "rate.mismatch") == [("rate.mismatch", "error", "100%", "90%")]


def comparison(name: str, compute) -> Comparison:
    q = parse_value("10万元")
    return Comparison("sum.parts", name, [Operand("total", name, q)], compute)


def a_finding(message: str) -> Finding:
    return Finding(rule="sum.parts", severity="error", message=message)


def test_the_runner_turns_one_failing_comparison_into_one_note(seed):
    def check(ctx):
        yield comparison("第一项", lambda: a_finding("第一项不符"))
        yield comparison("第二项", lambda: 1 / 0)
        yield comparison("第三项", lambda: Decimal(1) / Decimal(0))
        yield comparison("第四项", lambda: a_finding("第四项不符"))

    findings = run([check], CheckContext(seed, [], RuleData()))
    assert [(f.rule, f.message[:3]) for f in findings] == [
        ("sum.parts", "第一项"), ("check.skipped", "第二项"), ("check.skipped", "第三项"), ("sum.parts", "第四项")]
    assert "ZeroDivisionError" in findings[1].message and "DivisionByZero" in findings[2].message
    assert [e.text for e in findings[1].evidence] == ["10万元"]


def test_the_files_own_limits_pass_through_every_guard(seed):
    def check(ctx):
        yield comparison("第一项", lambda: (_ for _ in ()).throw(TimedOut("not done within 1 s", "x.docx")))

    with pytest.raises(TimedOut):
        run([check], CheckContext(seed, [], RuleData()))


def test_check_exits_1_on_a_rate_row_with_a_30_digit_execution(make_docx):
    path = make_docx([
        Para("附件1"), Para("2022年度项目支出绩效自评表"),
        Table([
            [Cell("项目名称", cs=2), Cell("老旧小区改造", cs=6)],
            [Cell("项目资金（万元）", rs=2), "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
            ["年度资金总额", "1000", "1000", THIRTY, "10", "90%", "9"],
        ]),
        Para("填表人：张三  填报日期：2023年3月1日  联系电话：0730-1234567"),
    ], name="rate30")
    proc = subprocess.run([sys.executable, "-m", "extractor.cli", "check", str(path), "--format", "json"],
                          capture_output=True, timeout=120)
    assert proc.returncode == 1  # before: the rates family was one internal.check_failed info finding, and exit 0
    (result,) = json.loads(proc.stdout)
    assert [(f["rule"], f["found"]) for f in result["findings"]] == [("rate.mismatch", "90%")]


def test_a_part_in_words_skips_that_sum_with_a_note(seed):
    other = seed.funds.rows[4]  # 附件5 其他资金 2593, a part of 年度资金总额 5029
    report = with_funds_row(seed, 4, executed=cell("见附表", other.executed))
    findings = reconcile(report)
    (note,) = [f for f in findings if f.rule == "check.skipped"]
    assert note.message == ("附件5老旧小区改造资金表全年执行数年度资金总额未能核对（sum.parts）："
                            "其他资金“见附表”不是数字，此项比较已跳过")
    assert [e.role for e in note.evidence] == ["total", "part", "part"]


@pytest.mark.parametrize("written, expected", [("88.98%", [("rate.mismatch", "error", "88.89%", "88.98%")]),
                                               ("88.89%", []), ("89%", [])])
def test_a_control_rate_is_held_against_exact_head_counts(seed, written, expected):
    # 72 of 81 people is 88.888…%: head counts are whole numbers, not 71.5–72.5 of 80.5–81.5,
    # which would let any rate from 87.7% to 90.1% pass (the planted slip of generated g049).
    staff = seed.basic_data.staffing[0]
    report = with_staffing(seed, authorised=cell("81", staff.authorised, "人"), actual=cell("72", staff.actual, "人"),
                           control_rate=cell(written, staff.actual, None))
    assert found(reconcile(report), "rate.mismatch", "rate.missing") == expected

"""Records on the seed (the done-when of issue 3), schema validity and accuracy on every sample."""
import json
import subprocess
import sys
from decimal import Decimal

import pytest

from extractor.evaluation import compare, load_truth
from extractor.pipeline import extract_file
from extractor.report import Report

from conftest import SAMPLES

SAMPLE_NAMES = sorted(p.name[: -len(".truth.json")] for p in SAMPLES.glob("*.truth.json"))


@pytest.fixture(scope="module")
def seed(seed_path):
    return extract_file(seed_path)


def D(text):
    return Decimal(text)


def test_funds_rows_and_breakdown(seed):
    rows = [(f.attachment, f.label, f.part_of, f.executed and f.executed.value) for f in seed.funds.rows]
    assert rows == [
        (2, "年度资金总额", None, D("22502.64")),
        (5, "年度资金总额", None, D("5029")),
        (5, "当年财政拨款", "年度资金总额", D("2436")),
        (5, "上年结转资金", "年度资金总额", None),
        (5, "其他资金", "年度资金总额", D("2593")),
    ]
    total = seed.funds.rows[0]
    assert (total.budget_initial.value, total.budget_full.value, total.weight.value, total.rate.value, total.score.value) == (
        D("1626"), D("22502.64"), D("10"), D("100"), D("10"))
    assert total.executed.unit == "万元" and total.executed.where.table == 1
    breakdown = {(i.group, i.label): i.amount.value for i in seed.funds.breakdown}
    assert breakdown[("按收入性质分", "一般公共预算")] == D("10673.73")
    assert breakdown[("按支出性质分", "项目支出")] == D("20723.39")


def test_indicators_thirteen_in_the_department_table_and_seven_in_the_project_table(seed):
    by_attachment = {}
    for i in seed.indicators:
        by_attachment.setdefault(i.attachment, []).append(i)
    assert {k: len(v) for k, v in by_attachment.items()} == {2: 13, 5: 7}
    first = by_attachment[2][0]
    assert (first.level1, first.level1_weight, first.level2, first.level3, first.target.value, first.actual.value,
            first.weight.value, first.score.value) == (
        "产出指标", D("50"), "数量指标", "推进老旧小区改造个数", D("21"), D("21"), D("10"), D("10"),
    )
    sustain = next(i for i in by_attachment[2] if i.level2 == "可持续影响指标")
    assert (sustain.weight.value, sustain.score.value) == (D("10"), D("9"))
    satisfaction = by_attachment[2][-1]
    target = satisfaction.target
    assert (target.comparator, target.value, satisfaction.actual.value) == (">=", D("95"), D("95"))
    # 附件5's empty 成本指标 and 可持续影响指标 rows yield no indicator.
    assert {i.level2 for i in by_attachment[5]} == {
        "数量指标", "质量指标", "时效指标", "经济效益指标", "社会效益指标", "生态效益指标", "服务对象满意度指标",
    }
    assert all(i.project == "老旧小区改造" for i in by_attachment[5])


def test_rubric_with_weights_items_and_thresholds(seed):
    assert len(seed.rubric) == 22
    satisfaction = seed.rubric[-1]
    s = satisfaction
    assert (s.level1, s.level1_weight, s.level2, s.level3, s.level3_weight) == (
        "项目绩效", D("55"), "项目效果", "服务对象满意度", D("8"))
    bands = [(t.lower, t.lower_inclusive, t.upper, t.upper_inclusive, t.points) for t in satisfaction.thresholds]
    assert bands == [
        (D("90"), True, None, False, D("8")),
        (D("80"), True, D("90"), False, D("6")),
        (D("70"), True, D("80"), False, D("4")),
        (D("60"), True, D("70"), False, D("2")),
        (None, True, D("60"), False, D("0")),
    ]
    use = next(r for r in seed.rubric if r.level3 == "资金使用")
    assert [(i.text, i.deduct_min, i.deduct_max) for i in use.items][:2] == [
        ("虚列套取", D("4"), D("7")), ("依据不合规", D("2"), D("2")),
    ]
    rubric_total = next(t for t in seed.totals if t.table_kind == "rubric")
    assert [w.value for w in rubric_total.weights] == [D("100")] * 3 and rubric_total.score.value == D("99")


def test_basic_data(seed):
    (staffing,) = seed.basic_data.staffing
    assert (staffing.authorised.value, staffing.actual.value, staffing.control_rate) == (D("121"), D("142"), None)
    rows = {r.label: r for r in seed.basic_data.spending}
    assert rows["公务接待"].parent == "三公经费" and rows["三公经费"].parent == "基本支出"
    assert rows["公车运行维护"].parent == "公务用车购置和维护经费"
    assert rows["项目支出"].values["2022年决算数"].value == D("20723.39")


@pytest.mark.parametrize(
    "attachment, raw, label, relation",
    [
        (3, "2346万元", "到位资金", None),
        (3, "10673.73万元", "一般公共预算财政拨款收入", ("part_of", "财政拨款收入")),
        (3, "47.43%", "一般公共预算财政拨款收入", ("share_of", "本年收入合计")),
        (3, "5154户", "受益居民", None),
        (6, "48.54万平方米", "建筑面积", None),
        (6, "5000余万元", "完成投资", None),
        (3, "十二个", "股室", None),
    ],
)
def test_figures_have_their_labels(seed, attachment, raw, label, relation):
    matches = [f for f in seed.figures if f.where.attachment == attachment and f.quantity.raw == raw and f.label == label]
    assert matches, f"no figure {raw} labelled {label}"
    f = matches[0]
    assert (f.relation.kind, f.relation.of) == relation if relation else f.relation is None
    assert f.sentence and f.where.section
    assert raw in f.sentence


def test_figure_provenance_points_into_its_paragraph(seed):
    f = next(f for f in seed.figures if f.quantity.raw == "2346万元")
    paragraph = seed.blocks[f.where.block].text
    assert paragraph[f.where.start : f.where.end] == "2346万元"
    assert f.where.section == ["项目支出情况", "专项资金安排落实、总投入等情况分析"]
    assert f.quantity.normalised == D("2346") and f.quantity.normalised_unit == "万元"


def test_references_tie_their_amounts(seed):
    assert [(r.raw, r.authority, r.year, r.amount.value) for r in seed.references] == [
        ("湘财预〔2021〕330号", "湘财预", 2021, D("1929")),
        ("湘财预〔2022〕89号", "湘财预", 2022, D("279")),
        ("湘财预〔2022〕217号", "湘财预", 2022, D("228")),
    ]


def test_meta(seed):
    m = seed.meta
    assert (m.department, m.year, m.projects, m.filler, m.fill_date, m.phone) == (
        "华容县住房和城乡建设局", 2022, ["老旧小区改造"], "黄可夫", "2023-07-11", "17673492670")


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_sample_scores_one_against_its_truth(name):
    scores, differences = compare(extract_file(SAMPLES / f"{name}.docx"), load_truth(SAMPLES / f"{name}.truth.json"))
    assert differences == {}
    assert all(s.precision == 1.0 and s.recall == 1.0 for s in scores)


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_sample_output_validates_against_the_schema(name):
    from jsonschema import Draft202012Validator

    proc = subprocess.run([sys.executable, "-m", "extractor.cli", "schema"], capture_output=True, check=True)
    schema = json.loads(proc.stdout)
    record = json.loads(extract_file(SAMPLES / f"{name}.docx").model_dump_json())
    Draft202012Validator(schema).validate(record)
    assert Report.model_validate(record).source.file == f"{name}.docx"


def test_redact_masks_the_filler_and_phone_everywhere(seed_path):
    proc = subprocess.run([sys.executable, "-m", "extractor.cli", str(seed_path), "--redact", "--compact"],
                          capture_output=True, check=True)
    out = proc.stdout.decode("utf-8")
    assert "黄可夫" not in out and "17673492670" not in out
    assert json.loads(out)["meta"]["filler"] == "黄**"

"""Dates, document numbers (文号) and meta: example tables on strings, the seed, small built filings."""
import json
from decimal import Decimal
from pathlib import Path

import pytest

from extractor.interpret.context import Context
from extractor.interpret.dates import dates_in_text, find_dates, parse_date, period_of_cell
from extractor.interpret.meta import find_meta
from extractor.interpret.references import find_references, references_in_text
from extractor.pipeline import extract_file
from extractor.readers import read_document
from extractor.records import Meta
from extractor.redact import mask_name, mask_phone, redact
from extractor.structure import analyse

from builder import Para, Table


def context(path: Path) -> Context:
    doc, _ = read_document(path)
    return Context(doc, analyse(doc))


# ------------------------------------------------------------------ dates in one text

DATE_CASES = [
    # (text, report year, is a whole paragraph, [(date, precision, role, year_inferred), ...])
    ("填报日期：2023年7月11日", 2022, False, [("2023-07-11", "day", "fill_date", False)]),
    ("填表人： 黄可夫   填报日期：2023年7月11日  联系电话: 17673492670", 2022, True, [("2023-07-11", "day", "fill_date", False)]),
    ("2023 年 7 月 11日", 2022, True, [("2023-07-11", "day", "fill_date", False)]),
    ("二〇二三年七月十一日", 2022, True, [("2023-07-11", "day", "fill_date", False)]),
    ("2023年7月11日", 2022, False, [("2023-07-11", "day", "event", False)]),
    ("截至12月31日，我县2022年度实际改造完成老旧小区21个", 2022, True, [("2022-12-31", "day", "deadline", True)]),
    ("截至2022年12月31日，我县21个老旧小区改造项目已全部完工", 2022, True, [("2022-12-31", "day", "deadline", False)]),
    ("截止到2022-12-31，资金全部到位", 2022, True, [("2022-12-31", "day", "deadline", False)]),
    ("2022.12.31完成验收", 2022, True, [("2022-12-31", "day", "event", False)]),
    ("于2022/12/31完成验收", 2022, True, [("2022-12-31", "day", "done", False)]),  # 于 a date 完成: done
    ("2021年11月30日前", 2021, False, [("2021-11-30", "day", "deadline", False)]),
    ("项目于2020年6月1日完成年度实施任务", 2019, True, [("2020-06-01", "day", "done", False)]),
    # a date standing alone before a comma heads the next clause
    ("2019年9月24日，项目全部建成，9月30日完成验收", 2018, True, [("2019-09-24", "day", "done", False),
                                                           ("2019-09-30", "day", "event", True)]),
    ("2019年9月24日，召开推进会", 2019, True, [("2019-09-24", "day", "event", False)]),
    # the whole of the work reported done, or 完毕
    ("2021年7月13日，项目完成全部建设任务", 2020, True, [("2021-07-13", "day", "done", False)]),
    ("项目于2020年8月30日全部实施完毕", 2019, True, [("2020-08-30", "day", "done", False)]),
    ("2023年7月31日，项目完成年度实施任务", 2022, True, [("2023-07-31", "day", "done", False)]),
    ("确保于2023年7月31日完成年度任务", 2022, True, [("2023-07-31", "day", "plan", False)]),  # an intent
    # the year before, when the year's money was given in advance: no event of another year
    ("2021年12月,财政厅印发《关于提前下达2022年补助资金的通知》", 2022, True, [("2021-12", "month", "other", False)]),
    ("2020年12月,财政厅印发《关于提前下达2022年补助资金的通知》", 2022, True, [("2020-12", "month", "event", False)]),
    ("2021年12月,财政厅印发《关于下达补助资金的通知》", 2022, True, [("2021-12", "month", "event", False)]),
    ("计划于2020年6月1日完成验收", 2019, True, [("2020-06-01", "day", "plan", False)]),
    ("2022年12月底前", 2022, False, [("2022-12", "month", "deadline", False)]),
    ("2022年3月，县住建局对我县老旧小区改造进行宣传", 2022, True, [("2022-03", "month", "event", False)]),
    ("2020年11月份，金谷花园小区某顶楼居民反映", 2022, True, [("2020-11", "month", "event", False)]),
    ("2020年11月份居民反映漏雨，12月完成修复。", 2022, True,
     [("2020-11", "month", "event", False), ("2020-12", "month", "event", True)]),
    ("受7月持续强降雨影响", 2023, True, [("2023-07", "month", "event", True)]),
    ("项目利用暑期7月至8月集中施工", 2023, True, [("2023-07", "month", "event", True), ("2023-08", "month", "event", True)]),
    ("2020年我局先后制定印发了实施办法", 2022, True, [("2020", "year", "event", False)]),
    ("2022年，省下达我县老旧小区改造目标任务21个", 2022, True, [("2022", "year", "event", False)]),
    # reported as done in that year (已…拨付到位)
    ("面积48.54万平方米。2022年中央资金2436万元已全部申请拨付到位", 2022, True, [("2022", "year", "done", False)]),
]

NOT_DATES = [
    ("2022年度老旧小区改造年度计划投资5029万元", "a period: 年度"),
    ("2022年支出合计22502.64万元", "a year qualifying a noun"),
    ("确定2022年改造计划", "not at a clause start"),
    ("每年8、9月份开始调查摸排，正常在每年3月份便可组织施工", "recurring months"),
    ("2022年1-6月", "a month range"),
    ("发放《华容县2020年度城市老旧小区改造实施办法》", "inside a title"),
    ("《关于2021年3月5日会议的通知》", "a full date inside a title"),
    ("索引号：11500111MB15011811/2024-00244", "an index number"),
    ("联系电话：0730-1234567", "a phone number"),
    ("2022年2月30日", "no such day"),
    ("3个月内完成", "a duration"),
    ("湘财预〔2021〕330号", "a document number"),
]


@pytest.mark.parametrize("text, year, line, expected", DATE_CASES, ids=[c[0][:18] for c in DATE_CASES])
def test_dates_in_text(text, year, line, expected):
    found = dates_in_text(text, year, line=line)
    assert [(d.date, d.precision, d.role, d.year_inferred) for d in found] == expected
    for d in found:
        assert text[d.start : d.end] == d.raw


@pytest.mark.parametrize("text, why", NOT_DATES, ids=[c[1] for c in NOT_DATES])
def test_not_dates(text, why):
    assert dates_in_text(text, 2022, line=True) == []


def test_a_left_out_year_without_a_report_year_is_dropped_not_guessed():
    assert dates_in_text("截至12月31日", None) == []


PERIOD_CELLS = [
    ("2022年预算数", "2022"),
    ("2021年决算数", "2021"),
    ("2022年实际在职人数", "2022"),
    ("2022年\n决算数", "2022"),
    ("2021年度项目支出绩效自评表", None),
    ("2023年青岚县中小学校舍维修改造项目", None),
    ("2021年11月26日", None),
    ("老旧小区改造", None),
]


@pytest.mark.parametrize("text, year", PERIOD_CELLS, ids=[c[0].replace("\n", " ") for c in PERIOD_CELLS])
def test_period_cells(text, year):
    period = period_of_cell(text)
    assert (period.date if period else None) == year
    if period:
        assert period.role == "period" and period.precision == "year"


@pytest.mark.parametrize(
    "text, iso",
    [
        ("2023年7月11日", "2023-07-11"), ("2022.03.08", "2022-03-08"), ("2022年3月", "2022-03"),
        ("12月31日", None), ("2022年", None),
    ],
    ids=["full", "dots", "month", "no year", "bare year"],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


# ------------------------------------------------------------------ references in one text

SEED_SENTENCE = (
    "《湖南省财政厅关于提前下达2022年部分中央财政城镇保障性安居工程补助资金的通知》（湘财预〔2021〕330号 ）1929万元；"
    "《湖南省财政厅、湖南省住房和城乡建设厅关于下达2022中央财政保障性安居工程补助资金的通知》（湘财预〔2022〕89号 ）279万元，"
    "省级资金228万元《关于下达2022年省级财政城镇保障性安居工程专项资金的通知》（湘财预〔2022〕217号 ）均已批复。"
)

REFERENCE_CASES = [
    # (text, [(raw, authority, year, number, amount as written or None)])
    ("湘财预〔2021〕330号", [("湘财预〔2021〕330号", "湘财预", 2021, "330", None)]),
    ("湘财预[2022]89号", [("湘财预[2022]89号", "湘财预", 2022, "89", None)]),
    ("根据财预〔2020〕10号文件", [("财预〔2020〕10号", "财预", 2020, "10", None)]),
    ("华政办发〔2022〕5号", [("华政办发〔2022〕5号", "华政办发", 2022, "5", None)]),
    ("湘农计（2022）45号", [("湘农计（2022）45号", "湘农计", 2022, "45", None)]),
    ("青教发【2023】9号", [("青教发【2023】9号", "青教发", 2023, "9", None)]),
    ("（湘财预〔2022〕89号 ）", [("湘财预〔2022〕89号", "湘财预", 2022, "89", None)]),
    ("湘财预〔 2022 〕 89 号", [("湘财预〔 2022 〕 89 号", "湘财预", 2022, "89", None)]),
    ("①中央资金4800.00万元（湘财农〔2022〕8号）；②省级资金1950.00万元（湘财农〔2022〕36号）",
     [("湘财农〔2022〕8号", "湘财农", 2022, "8", "4800.00万元"), ("湘财农〔2022〕36号", "湘财农", 2022, "36", "1950.00万元")]),
    ("其中当年下达2060.00万元（湘财农〔2022〕52号）、上年结转240.00万元",
     [("湘财农〔2022〕52号", "湘财农", 2022, "52", "2060.00万元")]),
    ("根据《关于下达补助资金的通知》（怀财教〔2021〕56号），下达资金85万元。",
     [("怀财教〔2021〕56号", "怀财教", 2021, "56", "85万元")]),
    ("严格执行《办法》（财预〔2020〕10号），全年执行资金5000万元。", [("财预〔2020〕10号", "财预", 2020, "10", None)]),
    ("下达资金85万元，文号为怀财教〔2021〕56号。", [("怀财教〔2021〕56号", "怀财教", 2021, "56", "85万元")]),
    ("湘财预〔2021〕330号和湘财预〔2022〕89号",
     [("湘财预〔2021〕330号", "湘财预", 2021, "330", None), ("湘财预〔2022〕89号", "湘财预", 2022, "89", None)]),
    ("参照基本支出决算明细表(财决05-1 表)和机构运行信息表(财决附03表)、(财决01表)", []),
    ("（2021）330号", []),
]


@pytest.mark.parametrize("text, expected", REFERENCE_CASES, ids=[c[0][:20] for c in REFERENCE_CASES])
def test_references_in_text(text, expected):
    found = references_in_text(text)
    assert [(f.raw, f.authority, f.year, f.number, f.amount.raw if f.amount else None) for f in found] == expected
    for f in found:
        assert text[f.start : f.end] == f.raw


def test_seed_sentence_ties_each_reference_to_its_clause_amount_and_title():
    found = references_in_text(SEED_SENTENCE)
    assert [(f.number, f.amount.value) for f in found] == [
        ("330", Decimal("1929")), ("89", Decimal("279")), ("217", Decimal("228")),
    ]
    assert [f.title[:12] for f in found] == ["湖南省财政厅关于提前下达", "湖南省财政厅、湖南省住房", "关于下达2022年省级财"]


# ------------------------------------------------------------------ masking

@pytest.mark.parametrize(
    "name, masked", [("黄可夫", "黄**"), ("刘文静", "刘**"), ("王伟", "王*")], ids=["three", "three-2", "two"]
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    "phone, masked",
    [("17673492670", "176******70"), ("0730-1234567", "073*-*****67"), ("(0745)2235678", "(074*)*****78")],
    ids=["mobile", "landline", "bracketed"],
)
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


# ------------------------------------------------------------------ the seed


@pytest.fixture(scope="module")
def seed_ctx(seed_path):
    return context(seed_path)


@pytest.fixture(scope="module")
def seed_meta(seed_ctx):
    return find_meta(seed_ctx)


def test_seed_meta(seed_meta, seed_ctx):
    m = seed_meta
    assert m.department == "华容县住房和城乡建设局"
    assert m.year == 2022 and seed_ctx.year == 2022
    assert m.projects == ["老旧小区改造"]
    assert (m.filler, m.fill_date, m.phone) == ("黄可夫", "2023-07-11", "17673492670")
    assert m.where["department"].table == 1 and m.where["department"].col == 1  # the 县级预算部门名称 cell's neighbour
    assert m.where["filler"].attachment == 1  # the first of the four filer lines
    assert m.where["projects.0"].table == 5


def test_seed_references(seed_ctx):
    refs = find_references(seed_ctx)
    assert [(r.raw, r.authority, r.year, r.number, r.amount.normalised if r.amount else None) for r in refs] == [
        ("湘财预〔2021〕330号", "湘财预", 2021, "330", Decimal("1929")),
        ("湘财预〔2022〕89号", "湘财预", 2022, "89", Decimal("279")),
        ("湘财预〔2022〕217号", "湘财预", 2022, "217", Decimal("228")),
    ]
    assert all(r.where.attachment == 6 and r.amount.where.block == r.where.block for r in refs)
    assert all(isinstance(r.amount.value, Decimal) for r in refs)
    assert refs[0].title.startswith("湖南省财政厅关于提前下达")


def test_a_cell_that_fails_is_one_problem_placed_at_that_cell(seed_path, monkeypatch):
    """A cell's place is built only when needed (a date found, or a failure): a failure in one
    cell still names its table, row and column, and every other date is still read."""
    from extractor.interpret import dates as dates_module

    real = dates_module._cell_dates

    def broken(cell, year):
        if cell.text == "2021年决算数":
            raise ValueError("planted for the test")
        return real(cell, year)

    ctx = context(seed_path)
    expected = find_dates(ctx, 2022)
    monkeypatch.setattr(dates_module, "_cell_dates", broken)
    found = find_dates(ctx, 2022)
    [problem] = ctx.problems
    lost = [d for d in expected if d not in found]
    assert [(d.raw, d.where.table, d.where.row, d.where.col) for d in lost] == [
        ("2021年", problem.where.table, problem.where.row, problem.where.col)]
    assert (problem.stage, problem.message) == ("interpret.dates", "ValueError: planted for the test")

def test_seed_dates(seed_ctx):
    dates = find_dates(seed_ctx, find_meta(seed_ctx).year)
    places = {(d.where.block, d.where.row, d.where.col, d.where.start) for d in dates}
    inferred = [d for d in dates if d.raw == "12月31日"]
    assert [(d.date, d.role, d.year_inferred, d.where.attachment) for d in inferred] == [("2022-12-31", "deadline", True, 6)]
    november = [d for d in dates if d.raw == "2020年11月份"]
    assert [(d.date, d.precision, d.role) for d in november] == [("2020-11", "month", "event")]
    assert [d.date for d in dates if d.role == "fill_date"] == ["2023-07-11"] * 5  # three filer lines, two cover pages
    assert sum(d.date == "2022-12-31" and not d.year_inferred and d.role == "deadline" for d in dates) == 3
    assert ("2020", "year", "event") in {(d.date, d.precision, d.role) for d in dates}
    periods = [(d.date, d.where.row, d.where.col) for d in dates if d.role == "period"]
    assert periods == [("2022", 0, 2), ("2021", 2, 1), ("2022", 2, 2), ("2022", 2, 3)]
    assert not any(d.date == "2023" for d in dates)  # the filing year is never a bare-year date
    assert len(places) == len(dates) == 22  # each date once, in document order
    assert [d.where.block for d in dates] == sorted(d.where.block for d in dates)
    # The raw text is stored without the spaces a PDF would not have; offsets still cover the original.
    cover = next(d for d in dates if d.raw == "2023年7月11日" and d.where.attachment == 3)
    assert (cover.where.start, cover.where.end) == (0, len("2023 年 7 月 11日"))


def test_seed_redaction_masks_every_string(seed_path, seed_meta):
    report = extract_file(seed_path)
    report.meta = seed_meta
    record = report.model_dump(mode="json")
    before = json.dumps(record, ensure_ascii=False)
    assert before.count("黄可夫") >= 4 and before.count("17673492670") >= 4  # three filer lines and meta
    redacted = redact(report).model_dump(mode="json")
    text = json.dumps(redacted, ensure_ascii=False)
    assert "黄可夫" not in text and "17673492670" not in text
    assert redacted["meta"]["filler"] == "黄**" and redacted["meta"]["phone"] == "176******70"
    filer_lines = [b["text"] for b in redacted["blocks"] if b.get("text", "").startswith("填表人")]
    assert len(filer_lines) == 3 and all("黄**" in t and "176******70" in t for t in filer_lines)
    assert json.dumps(report.model_dump(mode="json"), ensure_ascii=False) == before  # the input is left as it was
    assert redacted["meta"]["department"] == "华容县住房和城乡建设局"  # nothing else changes
    assert redacted["source"]["sha256"] == record["source"]["sha256"]
    assert [r["amount"]["value"] for r in redacted["references"]] == ["1929", "279", "228"]


# ------------------------------------------------------------------ other wordings


def other_wording_blocks():
    return [
        Para("附件1"),
        Para("2021年度部门整体支出绩效自评表"),
        Table(rows=[
            ["单位名称", "梅江县文化旅游广电局", "", ""],
            ["项目名称", "公共文化服务体系建设", "完成时间", "2021.11.30"],
            ["2020年决算数", "2021年预算数", "2021年决算数", "备注"],
            ["120.00", "130.00", "128.50", "依据梅财教〔2021〕12号下达资金30万元"],
        ]),
        Para("填报人：王小明    填报日期：2022.03.08    联系方式：0745-2235678"),
        Para("附件2"),
        Para("2021年度梅江县文化旅游广电局部门整体支出绩效自评报告"),
        Para("一、基本情况"),
        Para("根据《关于下达2021年公共文化服务体系建设补助资金的通知》（怀财教〔2021〕56号），下达资金85万元。"
             "截至2021.12.31，资金全部到位。如有疑问请致电0745-2235678（王小明）。"),
        Para("梅江县文化旅游广电局"),
        Para("2022.03.08"),
    ]


@pytest.fixture
def other_wording(make_docx):
    return make_docx(other_wording_blocks(), name="other_wording")


def test_other_wording_meta(other_wording):
    m = find_meta(context(other_wording))
    assert m.department == "梅江县文化旅游广电局"
    assert m.year == 2021
    assert m.projects == ["公共文化服务体系建设"]
    assert (m.filler, m.fill_date, m.phone) == ("王小明", "2022-03-08", "0745-2235678")


def test_other_wording_dates_and_references(other_wording):
    ctx = context(other_wording)
    dates = {(d.date, d.role, d.where.table is not None) for d in find_dates(ctx, find_meta(ctx).year)}
    assert {("2021-11-30", "event", True), ("2021-12-31", "deadline", False), ("2022-03-08", "fill_date", False)} <= dates
    assert {("2020", "period", True), ("2021", "period", True)} <= dates
    refs = {(r.raw, r.amount.normalised if r.amount else None, r.where.table is not None) for r in find_references(ctx)}
    assert refs == {("梅财教〔2021〕12号", Decimal("30"), True), ("怀财教〔2021〕56号", Decimal("85"), False)}


def test_other_wording_redaction(other_wording):
    report = extract_file(other_wording)
    report.meta = Meta()  # a record without meta: the names and phones are read from its blocks
    redacted = redact(report).model_dump(mode="json")
    text = json.dumps(redacted, ensure_ascii=False)
    assert "王小明" not in text and "2235678" not in text
    texts = [b.get("text", "") for b in redacted["blocks"]]
    assert "填报人：王**    填报日期：2022.03.08    联系方式：074*-*****78" in texts
    assert any(t.endswith("请致电074*-*****78（王**）。") for t in texts)  # in the prose too, unlabelled


def test_a_landline_with_its_area_code_in_brackets(make_docx):
    path = make_docx([
        Para("2022年度某某县水利局部门整体支出绩效自评报告"),
        Table(rows=[["填表人", "赵晓", "联系电话", "（0736）8523170"]]),
        Para("二〇二三年五月二十六日"),
    ])
    m = find_meta(context(path))
    assert (m.department, m.year, m.filler, m.phone, m.fill_date) == (
        "某某县水利局", 2022, "赵晓", "（0736）8523170", "2023-05-26",
    )
    assert m.where["filler"].col == 1

"""The reconciler's work and output are bounded, measured by counts: a run-on paragraph of 其中
lists costs in proportion to its figures, a long list is listed in part, and one rule gives at
most MAX_PER_RULE findings per filing. (Before, the 2,801-character paragraph below gave 72 MB of
findings JSON; now about 230 KB.)"""
import json
from collections import Counter

import pytest

from extractor.interpret import figures as labeller
from extractor.pipeline import extract_file
from extractor.reconcile import sums
from extractor.reconcile.context import MAX_LISTED
from extractor.reconcile.runner import MAX_CONTEXT, MAX_PER_RULE

from builder import Para

# Seventy totals of one label in one sentence, each with its 其中 list: before, each total took
# every later figure as its part. Each list misses its total in a way a reviewer flags: 60 of 63
# (a near miss) or 66 over 63.
ADDS_TO_60 = "全年支出63万元，其中人员经费10万元、公用经费20万元、项目支出30万元；"
ADDS_TO_70 = "全年支出63万元，其中人员经费10万元、公用经费20万元、项目支出36万元；"


def narrative(make_docx, paragraphs, name):
    blocks = [Para("附件1"), Para("2022年度部门整体支出绩效自评报告"), Para("一、基本情况"), *[Para(p) for p in paragraphs]]
    return make_docx(blocks, name=name)


@pytest.fixture
def run_on(make_docx):
    text = "".join(ADDS_TO_70 if i % 5 == 0 else ADDS_TO_60 for i in range(70)) + "。"
    assert len(text) == 2661
    return narrative(make_docx, [text], "run_on")


def test_a_run_on_paragraph_gives_one_short_finding_per_list(run_on):
    report = extract_file(run_on)
    assert len(report.figures) == 280
    findings = [f for f in report.findings if f.rule == "sum.parts"]
    assert Counter(f.found for f in findings) == {"60万元": 56, "66万元": 14}  # each total against its own three parts
    assert {len(f.evidence) for f in findings} == {4}
    assert sum(len(f.evidence) for f in report.findings) <= 2 * len(report.figures)
    # Each value's context is the text around it, not the whole 2,801-character sentence.
    assert max(len(e.context) for f in report.findings for e in f.evidence) <= MAX_CONTEXT
    size = len(json.dumps([f.model_dump(mode="json") for f in report.findings], ensure_ascii=False).encode())
    assert size < 1000 * len(report.figures)  # under 1 KB of JSON per figure (about 230 KB here)


def counting(monkeypatch, module, name, count) -> Counter:
    """Wrap module.name so that each call adds count(*args) to the returned counter."""
    counter = Counter()
    real = getattr(module, name)

    def counted(*args, **kwargs):
        counter[name] += count(*args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return counter


def test_the_sum_check_compares_each_prose_part_once(run_on, monkeypatch):
    parts = counting(monkeypatch, sums, "compare", lambda stated_sum, *rest: len(stated_sum.parts))
    report = extract_file(run_on)
    assert parts["compare"] == 210  # 70 lists of 3 (before: 9,870, each total taking every later part)
    assert parts["compare"] <= len(report.figures)


def long_list(make_docx, n):
    # two decimals each, so that 200 parts stated to the cent cannot cover the 6万元 they miss by
    parts = "、".join(f"第{i}项经费{i % 7 + 1}.00万元" for i in range(n))
    return narrative(make_docx, [f"全年支出800万元，其中{parts}。"], "long_list")


def test_the_labeller_keeps_running_sums_of_a_long_list(make_docx, monkeypatch):
    half_units = counting(monkeypatch, labeller, "_half_unit", lambda q: 1)
    report = extract_file(long_list(make_docx, 200))
    assert len(report.figures) == 201
    # Each part adds its own half unit once, each test of a new part two more (before: 20,300 calls,
    # every new part summing all the parts listed before it).
    assert half_units["_half_unit"] <= 3 * len(report.figures)


def test_a_long_list_is_listed_in_part_and_says_how_many_were_left_out(make_docx):
    report = extract_file(long_list(make_docx, 200))
    (f,) = report.findings
    assert (f.rule, f.found, f.expected) == ("sum.parts", "794万元", "800万元")  # all 200 parts are added
    assert len(f.evidence) == 1 + MAX_LISTED
    assert "第49项经费等200项（其余150项未列出）之和为794万元" in f.message


def test_one_rule_gives_at_most_its_cap_and_says_how_many_more(make_docx):
    paragraphs = [f"全年支出100万元，其中人员经费60万元、公用经费{45 + i % 3}万元。" for i in range(MAX_PER_RULE + 60)]
    report = extract_file(narrative(make_docx, paragraphs, "many_lists"))
    assert Counter(f.rule for f in report.findings) == {"sum.parts": MAX_PER_RULE, "check.capped": 1}
    (capped,) = [f for f in report.findings if f.rule == "check.capped"]
    assert (capped.severity, capped.found, capped.difference) == ("info", "260", "60")
    assert "sum.parts" in capped.message


def test_a_run_on_sentence_is_kept_to_a_window_around_each_figure(run_on):
    report = extract_file(run_on)
    assert len(report.figures) == 280
    assert {len(f.sentence) for f in report.figures} == {601, 602}  # 600 characters and a … at each cut end
    first, last = report.figures[0], report.figures[-1]
    assert first.sentence.endswith("…") and not first.sentence.startswith("…") and first.quantity.raw in first.sentence
    assert last.sentence.startswith("…") and not last.sentence.endswith("…") and last.quantity.raw in last.sentence

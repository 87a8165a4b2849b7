"""The prose interpreters and the reconciler never raise on any text and never fail on a part:
mutated real sentences (text_mutants.py) go through the whole pipeline after reading, and give a
report with no problems. A bounded run here; benchmarks/fuzz_text.py runs 10,000 and more."""
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.pipeline import report_of

from text_mutants import SOURCE, document_of, mutate, seed_sentences


@pytest.fixture(scope="module")
def pool():
    return seed_sentences()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_mutated_sentences_give_a_report_with_no_problems(pool, seed):
    rng = random.Random(seed)
    paragraphs = ["附件1", "2022年度部门整体支出绩效自评报告", *(mutate(rng.choice(pool), rng, pool) for _ in range(3))]
    report = report_of(document_of(paragraphs), SOURCE)
    assert report.problems == []
    assert not [f for f in report.findings if f.rule.startswith("internal.") or f.rule == "check.skipped"
                and "内部错误" in f.message]


def test_a_failing_part_is_a_problem_and_the_rest_stands(figures_fail_on_2346):
    report = report_of(document_of(["附件1", "2022年度项目支出绩效自评报告", "到位资金2346万元。",
                                    "完成21个老旧小区改造，受益居民5154户。"]), SOURCE)
    assert [(p.stage, p.where.block, p.message) for p in report.problems] == [
        ("interpret.figures", 2, "StopIteration: planted for the test")]
    assert [(f.quantity.raw, f.label) for f in report.figures] == [("21个", "老旧小区改造"), ("5154户", "受益居民")]

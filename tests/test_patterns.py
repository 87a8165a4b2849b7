"""Every file in patterns/ is loaded and validated by its own loader, and bad data fails loudly."""
from importlib import resources

import pytest

from extractor import nlp, structure, values
from extractor.interpret import dates, figures, label_rules, meta, references, rubric, tables
from extractor.pattern_files import PatternFileError, compile_pattern, load_toml
from extractor.readers import html as web_page
from extractor.reconcile.ruledata import load_rules

LOADERS = {
    "structure.toml": structure.rules,
    "units.toml": values.grammar,
    "values.toml": values.grammar,
    "tables.toml": tables.table_rules,
    "rubric.toml": rubric._patterns,
    "figures.toml": figures.rules,
    "labels.toml": label_rules.trims,
    "dates.toml": dates.rules,
    "references.toml": references.rules,
    "meta.toml": meta.rules,
    "concepts.jsonl": nlp.concept_patterns,
    "reconcile.toml": load_rules,
    "web.toml": web_page.rules,
}


def test_every_pattern_file_has_a_loader():
    shipped = {p.name for p in resources.files("extractor.patterns").iterdir() if p.name.endswith((".toml", ".jsonl"))}
    assert shipped == set(LOADERS)


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_pattern_file_loads(name):
    assert LOADERS[name]()


@pytest.mark.parametrize("trim", label_rules.trims(), ids=lambda t: t.name)
def test_each_label_trim_does_what_its_examples_show(trim):
    assert trim.examples, f"{trim.name} has no examples"
    assert [(before, trim.apply(before)) for before, _ in trim.examples] == list(trim.examples)


def test_label_trims_apply_until_none_does():
    assert label_rules.trim_label("——全区一般公共预算收入") == "一般公共预算收入"
    assert label_rules.trim_label("全市累计完成固定资产投资") == "固定资产投资"
    assert label_rules.trim_label("完成率") == "完成率"


def test_a_bad_regular_expression_names_its_file():
    with pytest.raises(PatternFileError, match="tables.toml unit: bad regular expression"):
        compile_pattern("([unclosed", "tables.toml unit")


def test_a_missing_file_is_reported():
    with pytest.raises(PatternFileError, match="missing"):
        load_toml("no-such-file.toml")


def test_concepts_group_synonyms_under_one_id():
    by_id = {}
    for p in nlp.concept_patterns():
        by_id.setdefault(p.concept, set()).add(p.pattern)
    assert {"到位资金", "资金到位"} <= by_id["到位资金"]
    assert {"人员支出", "人员经费"} <= by_id["人员经费"]


def test_every_unit_kind_is_a_kind_a_quantity_can_have():
    from typing import get_args

    from extractor.pattern_files import load_toml
    from extractor.records import ValueKind

    kinds = {group["kind"] for group in load_toml("units.toml")["unit"]}
    assert kinds <= set(get_args(ValueKind))
    assert set(load_toml("units.toml")["normal"]) <= kinds

"""Load the reconciliation rules (patterns/reconcile.toml and any extra files), validated."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import regex

from ..nlp import concept_patterns
from ..pattern_files import PatternFileError, compile_pattern, load_toml


@dataclass(frozen=True)
class AgreeRule:
    figure: tuple[str, ...]
    against: tuple[str, ...]
    tables: str = "all"  # which tables to compare with: all, project (forms of a project), department


@dataclass(frozen=True)
class SumRule:
    total: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class RenamedFundRule:
    """A prose fund named by no concept (label matching `label`) may be a table row of these
    concepts under another name, paired by a recognisable slip of its amount."""
    label: regex.Pattern
    against: tuple[str, ...]
    diagnoses: tuple[str, ...]  # the slips that pair an amount (diagnose.py's words)


@dataclass
class RuleData:
    agree: list[AgreeRule] = field(default_factory=list)
    sums: list[SumRule] = field(default_factory=list)
    partial_list_coverage: Decimal = Decimal("0.90")  # [prose] of reconcile.toml
    renamed_funds: RenamedFundRule | None = None  # [renamed_funds]: the last file giving it wins


@lru_cache(maxsize=1)
def shipped_rules() -> RuleData:
    """patterns/reconcile.toml alone, loaded once per process (never mutated: checks only read)."""
    return load_rules()


def load_rules(extra: tuple[Path, ...] = ()) -> RuleData:
    data = RuleData()
    sources = [("reconcile.toml", load_toml("reconcile.toml"))]
    for path in extra:
        try:
            sources.append((str(path), tomllib.loads(Path(path).read_text(encoding="utf-8"))))
        except (OSError, tomllib.TOMLDecodeError) as e:
            raise PatternFileError(f"{path}: {e}") from None
    known = {p.concept for p in concept_patterns()}
    for name, raw in sources:
        for item in raw.get("agree", []):
            tables = item.get("tables", "all")
            if tables not in ("all", "project", "department"):
                raise PatternFileError(f"{name}: tables must be all, project or department, not {tables!r}")
            agree = AgreeRule(tuple(_list(item, "figure", name)), tuple(_list(item, "against", name)), tables)
            _check_concepts(agree.figure + agree.against, known, name)
            data.agree.append(agree)
        for item in raw.get("sum", []):
            if "total" not in item:
                raise PatternFileError(f"{name}: a [[sum]] rule needs a total")
            sum_rule = SumRule(item["total"], tuple(_list(item, "parts", name)))
            _check_concepts((sum_rule.total, *sum_rule.parts), known, name)
            data.sums.append(sum_rule)
        if "prose" in raw:
            data.partial_list_coverage = _share(raw["prose"], "partial_list_coverage", name)
        if "renamed_funds" in raw:
            data.renamed_funds = _renamed_funds(raw["renamed_funds"], known, name)
    return data


def _renamed_funds(section: dict, known: set[str], name: str) -> RenamedFundRule:
    if not isinstance(section.get("label"), str):
        raise PatternFileError(f"{name}: [renamed_funds] label must be a regular expression")
    against = tuple(_list(section, "against", name))
    _check_concepts(against, known, name)
    diagnoses = section.get("diagnoses")
    if not isinstance(diagnoses, list) or not diagnoses or not all(isinstance(d, str) for d in diagnoses):
        raise PatternFileError(f"{name}: [renamed_funds] diagnoses must be a non-empty list of diagnoses")
    return RenamedFundRule(compile_pattern(section["label"], f"{name} [renamed_funds] label"), against, tuple(diagnoses))


def _share(section: dict, key: str, name: str) -> Decimal:
    try:
        value = Decimal(str(section[key]))
    except (KeyError, InvalidOperation):
        raise PatternFileError(f"{name}: [prose] {key} must be a number between 0 and 1") from None
    if not 0 <= value <= 1:
        raise PatternFileError(f"{name}: [prose] {key} must be between 0 and 1, not {value}")
    return value


def _list(item: dict[str, Any], key: str, name: str) -> list[str]:
    value = item.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise PatternFileError(f"{name}: {key} must be a non-empty list of concept names")
    return value


def _check_concepts(names: Iterable[str], known: set[str], where: str) -> None:
    unknown = [n for n in names if n not in known]
    if unknown:
        raise PatternFileError(f"{where}: unknown concepts {unknown} (define them in patterns/concepts.jsonl)")

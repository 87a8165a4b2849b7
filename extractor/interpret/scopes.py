"""Scope words (全县, 县本级, 市级 …) in prose labels: kept only where the text contrasts scopes.

A label is read without the area or level reporting (全县一般公共预算收入 -> 一般公共预算收入),
because that names the subject. But when the same filing states the same measure for another
scope (全县一般公共预算收入 beside 县本级一般公共预算收入), the scope is what tells the two
figures apart, and both keep it (real-text convention, "Cases settled by adjudication": scope
words). This pass runs once over a filing's figures, after each was labelled in its sentence.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

import regex

from ..pattern_files import compile_pattern, load_toml, require
from ..records import Figure, Relation

_FILE = "figures.toml"


@lru_cache(maxsize=1)
def _scope_before() -> regex.Pattern:
    """A scope word ending right where a label starts."""
    scopes = require(load_toml(_FILE), "scope_words", _FILE)
    return compile_pattern(f"(?:{scopes})$", f"{_FILE} scope_words")


def keep_contrasted_scopes(figures: list[Figure], texts: dict[int, str]) -> None:
    """Prefix each label whose scope the filing contrasts with another scope of the same
    measure; `texts` maps a paragraph's block to its text. Changes the figures in place."""
    scope_of: dict[int, str] = {}
    scopes: dict[str, set[str]] = defaultdict(set)
    last_stated: dict[tuple[int | None, str | None], Figure] = {}  # (block, label) -> the figure last stating it
    for f in figures:
        stated = last_stated.get((f.where.block, f.label))
        if f.relation is not None and f.relation.kind != "part_of" and stated is not None:
            scope = scope_of.get(id(stated))  # 占全市…比重为27.8% after its subject: the subject's scope
        else:
            scope = _scope_of(f, texts.get(f.where.block)) if f.where.block is not None else None
            last_stated[(f.where.block, f.label)] = f
        if scope and f.label:
            scope_of[id(f)] = scope
            scopes[f.label].add(scope)
    contrasted = [f for f in figures if id(f) in scope_of and len(scopes[f.label or ""]) > 1]
    if not contrasted:
        return  # the common case: no scope is contrasted, every label stays as read
    by_first_label: dict[tuple[int | None, str | None], list[Figure]] = defaultdict(list)
    for f in figures:
        by_first_label[(f.where.block, f.label)].append(f)
    for f in contrasted:
        f.label = scope_of[id(f)] + (f.label or "")
    for f in figures:  # parts and shares name their whole by its label: follow its rename
        r = f.relation
        whole = _whole_named(f, by_first_label[(f.where.block, r.of)]) if r is not None and r.of else None
        if r is not None and whole is not None and whole.label != r.of:
            f.relation = Relation(kind=r.kind, of=whole.label)


def _whole_named(f: Figure, named: list[Figure]) -> Figure | None:
    """Of the paragraph's figures first labelled as f's relation names its whole (in text
    order), the nearest before f, else the nearest after (a total named after its parts)."""
    named = [g for g in named if g is not f]
    before = [g for g in named if (g.where.start or 0) < (f.where.start or 0)]
    return before[-1] if before else (named[0] if named else None)


def _scope_of(f: Figure, text: str | None) -> str | None:
    """The scope word just before the figure's label where the label was last written before
    the figure (a change or share after its subject shares the subject's)."""
    if not text or not f.label or f.where.start is None:
        return None
    at = text.rfind(f.label, 0, f.where.start)
    if at < 0:
        return None
    m = _scope_before().search(text, 0, at)
    return m.group(0) if m else None

"""The spaCy pipeline: a blank Chinese pipeline segmented by jieba, plus the concept spans of
patterns/concepts.jsonl. Loaded once, lazily, and fully offline (no model download).

Concept patterns use spaCy's span-ruler JSONL shape ({"label", "pattern", "id"}), but they are
matched on the raw characters and then mapped onto tokens with `char_span(alignment_mode=
"expand")`, because jieba's segmentation of the same phrase changes with its context (it cuts
"占本年收入合计" as 占本|年收入|合计): token-level phrase patterns would silently miss.
"""
from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache

import regex

from .pattern_files import PatternFileError, _text


@dataclass(frozen=True)
class ConceptPattern:
    pattern: str
    concept: str
    label: str


@lru_cache(maxsize=1)
def concept_patterns() -> tuple[ConceptPattern, ...]:
    patterns = []
    for n, line in enumerate(_text("concepts.jsonl").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            patterns.append(ConceptPattern(item["pattern"], item.get("id") or item["pattern"], item["label"]))
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            raise PatternFileError(f"concepts.jsonl line {n}: {e}") from None
        if not isinstance(patterns[-1].pattern, str) or not patterns[-1].pattern:
            raise PatternFileError(f"concepts.jsonl line {n}: pattern must be a non-empty string")
    return tuple(patterns)


@lru_cache(maxsize=1)
def _concept_regex() -> tuple[regex.Pattern, dict[str, str]]:
    patterns = concept_patterns()
    by_text = {p.pattern: p.concept for p in patterns}
    alternation = "|".join(regex.escape(t) for t in sorted(by_text, key=len, reverse=True))
    return regex.compile(alternation), by_text


def find_concepts(text: str) -> list[tuple[int, int, str]]:
    """(start, end, concept id) of every concept phrase, overlapping ones included
    (资金到位率 holds both 资金到位 and 到位率)."""
    pattern, by_text = _concept_regex()
    found = set()
    for m in pattern.finditer(text, overlapped=True):
        found.add((m.start(), m.end(), by_text[m.group(0)]))
        for length in range(len(m.group(0)) - 1, 0, -1):  # shorter phrases at the same start
            if m.group(0)[:length] in by_text:
                found.add((m.start(), m.start() + length, by_text[m.group(0)[:length]]))
    return sorted(found)


@lru_cache(maxsize=1)
def pipeline():
    """spacy.blank('zh') with the jieba segmenter; jieba's dictionary cache in a private temp dir."""
    import jieba
    import spacy

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.tmp_dir = os.path.join(tempfile.gettempdir(), f"extractor-jieba-{os.getuid()}")
    os.makedirs(jieba.dt.tmp_dir, exist_ok=True)
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


def tokens(text: str, concepts: list[tuple[int, int, str]] | None = None):
    """The spaCy Doc of a text, with concept spans in doc.spans['concepts'] (`concepts`: the
    text's find_concepts, when the caller has them already)."""
    doc = pipeline()(text)
    spans = []
    for start, end, concept in find_concepts(text) if concepts is None else concepts:
        span = doc.char_span(start, end, label="CONCEPT", kb_id=concept, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans["concepts"] = spans
    return doc

"""Words and concepts in Chinese text: the concept phrases of patterns/concepts.jsonl and, on
demand, word boundaries. Fully offline (no model download) and cheap to start.

Concepts are rule-based named entities: patterns/concepts.jsonl is a spaCy span-ruler pattern
file ({"label", "pattern", "id"}: the id is the concept). Two engines label the spans, and the
labeller and the reconciler read them through `find_concepts` whichever runs:

- spaCy's SpanRuler over a blank Chinese pipeline with its character segmenter (one token per
  character, so a phrase matches wherever its characters stand: a word segmenter cuts the same
  phrase differently in different contexts, jieba cuts "占本年收入合计" as 占本|年收入|合计,
  and token patterns would silently miss, PITFALLS 13). Chosen with EXTRACTOR_NER=span_ruler.
- The same patterns compiled into one regular expression over the raw characters: the default,
  because `import spacy` alone costs about 1.5 s of every fresh process (PITFALLS 18), where
  the expression costs 2 ms.

They give the same spans: tests/test_concepts.py holds them to it on every paragraph of every
corpus.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from .errors import MissingTool
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


ENGINE_VARIABLE = "EXTRACTOR_NER"  # "span_ruler": spaCy's SpanRuler labels the concepts


def find_concepts(text: str) -> list[tuple[int, int, str]]:
    """(start, end, concept id) of every concept phrase, overlapping ones included
    (资金到位率 holds both 资金到位 and 到位率), sorted."""
    if os.environ.get(ENGINE_VARIABLE) == "span_ruler":
        return span_ruler_concepts(text)
    return regex_concepts(text)


def regex_concepts(text: str) -> list[tuple[int, int, str]]:
    pattern, by_text = _concept_regex()
    found = set()
    for m in pattern.finditer(text, overlapped=True):
        found.add((m.start(), m.end(), by_text[m.group(0)]))
        for length in range(len(m.group(0)) - 1, 0, -1):  # shorter phrases at the same start
            if m.group(0)[:length] in by_text:
                found.add((m.start(), m.start() + length, by_text[m.group(0)[:length]]))
    return sorted(found)


class WordStarts:
    """The offsets at which words start in a text, segmented on first use only.

    Few labels need word boundaries (only one cut short to its last `max_label` characters), so
    the segmenter is loaded and run only when one does. rjieba (jieba-rs) is used rather than
    jieba under spaCy: it loads the same dictionary in about 0.1 s instead of 2–3 s per fresh
    process (PITFALLS 18), and cuts Chinese text the same way (it differs only inside runs of
    digits and hyphens, which never start a label).
    """

    def __init__(self, text: str):
        self.text = text
        self._starts: frozenset[int] | None = None

    def __contains__(self, offset: object) -> bool:
        if self._starts is None:
            self._starts = frozenset(start for _, start, _ in segment(self.text))
        return offset in self._starts


def segment(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) of each word of a text."""
    import rjieba

    return rjieba.tokenize(text)


@lru_cache(maxsize=1)
def span_ruler():  # -> spacy.Language; spaCy is imported only here, so it is not typed at module level
    """The blank Chinese pipeline with the concept span ruler (doc.spans["concepts"])."""
    try:
        import spacy
    except ImportError:
        # the run's set-up, not the file: one line and exit 8, never a problem in every paragraph
        raise MissingTool(f"{ENGINE_VARIABLE}=span_ruler needs spaCy: pip install spacy") from None
    nlp = spacy.blank("zh")  # the character segmenter: no model, no download
    ruler: Any = nlp.add_pipe("span_ruler", config={"spans_key": "concepts", "phrase_matcher_attr": "ORTH"})
    ruler.add_patterns([{"label": p.label, "pattern": p.pattern, "id": p.concept} for p in concept_patterns()])
    return nlp


def span_ruler_concepts(text: str) -> list[tuple[int, int, str]]:
    """The concept spans spaCy's SpanRuler labels. Whitespace is no token under the character
    segmenter, so a phrase with a space inside ("收入 合计") would match; the characters as
    written are what the rest of the extractor reads, so such a span is left out, as the
    regular expression leaves it."""
    doc = span_ruler()(text)
    return sorted({(s.start_char, s.end_char, s.id_) for s in doc.spans["concepts"]
                   if not any(ch.isspace() for ch in s.text)})

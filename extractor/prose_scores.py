"""Score the figures found in prose against the real-text corpus (samples/real, convention in
its README): are the figures found, and are their value, label and relation right.

A truth figure and an extracted one are the same figure when they stand in the same paragraph
and their spans overlap (the truth's `raw` and the extractor's may draw the edges of a figure
a character apart: 达到95% or 95%以上). Found: precision, recall and F1 over figures. Value,
label and relation: the share right among the figures found, so a missed figure counts once,
as missed, not again as a wrong label. A stated sum is found when every part was given
`part_of` the total's label.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .records import Figure
from .report import Report


@dataclass(frozen=True)
class TruthFigure:
    paragraph: int
    start: int
    end: int
    raw: str
    value: str
    unit: str | None
    label: str | None
    relation: tuple[str, str | None] | None


@dataclass
class ProseScore:
    """Counts over one excerpt or many (they add up), and what differed, for --show."""

    truth: int = 0
    extracted: int = 0
    matched: int = 0
    values_right: int = 0
    labels_right: int = 0
    relations_right: int = 0
    sums: int = 0
    sums_found: int = 0
    differences: list[str] = field(default_factory=list)

    def __add__(self, other: "ProseScore") -> "ProseScore":
        counts = {f: getattr(self, f) + getattr(other, f) for f in _COUNTS}
        return ProseScore(**counts, differences=self.differences + other.differences)

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.truth if self.truth else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def share(self, right: int) -> float:
        return right / self.matched if self.matched else 1.0


_COUNTS = ("truth", "extracted", "matched", "values_right", "labels_right", "relations_right", "sums", "sums_found")


def paragraph_starts(text: str) -> list[tuple[int, str]]:
    """(offset, line) of each paragraph of an excerpt: its non-empty lines, as its .docx holds them."""
    out, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((offset, line))
        offset += len(line) + 1
    return out


def truth_figures(truth: dict, text: str, report: Report) -> list[TruthFigure]:
    """The truth figures placed in the report's paragraphs (block index, offsets in its text:
    a reader may trim a paragraph's leading spaces, so offsets are taken from where the
    block's text stands in the line)."""
    lines = paragraph_starts(text)
    shift = [_shift(line, report, i) for i, (_, line) in enumerate(lines)]
    placed = []
    for f in truth["figures"]:
        i = max(k for k, (start, _) in enumerate(lines) if start <= f["at"])
        start = f["at"] - lines[i][0] - shift[i]
        relation = tuple(f["relation"]) if f["relation"] else None
        placed.append(TruthFigure(i, start, start + len(f["raw"]), f["raw"], f["value"], f["unit"], f["label"], relation))
    return placed


def _shift(line: str, report: Report, block: int) -> int:
    text = getattr(report.blocks[block], "text", None) if block < len(report.blocks) else None
    found = line.find(text) if text else -1
    return max(found, 0)


def score_excerpt(truth: dict, text: str, report: Report) -> ProseScore:
    expected = truth_figures(truth, text, report)
    figures = [f for f in report.figures if f.where.block is not None and f.where.start is not None]
    score = ProseScore(truth=len(expected), extracted=len(figures))
    pairs = _pairs(expected, figures)
    score.matched = len(pairs)
    name = truth["id"]
    for t, f in pairs:
        score.values_right += _right(score, name, "value", f"{t.value}{t.unit or ''}", _value_of(f), _same_value(t, f))
        score.labels_right += _right(score, name, "label", t.label, f.label, t.label == f.label)
        relation = (f.relation.kind, f.relation.of) if f.relation else None
        score.relations_right += _right(score, name, "relation", t.relation, relation, t.relation == relation)
    matched_truth = {id(t) for t, _ in pairs}
    matched_found = {id(f) for _, f in pairs}
    score.differences += [f"{name} missed: {t.raw} ({t.label})" for t in expected if id(t) not in matched_truth]
    score.differences += [f"{name} spurious: {f.quantity.raw} ({f.label})" for f in figures if id(f) not in matched_found]
    _score_sums(score, truth, expected, pairs)
    return score


def extracted_for(truth: dict, text: str, report: Report) -> list[Figure | None]:
    """For each truth figure, in order, the extracted figure paired with it (None: missed)."""
    expected = truth_figures(truth, text, report)
    figures = [f for f in report.figures if f.where.block is not None and f.where.start is not None]
    found = {id(t): f for t, f in _pairs(expected, figures)}
    return [found.get(id(t)) for t in expected]


def _pairs(expected: list[TruthFigure], figures: list[Figure]) -> list[tuple[TruthFigure, Figure]]:
    """Each truth figure with the extracted figure whose span overlaps it most, one to one."""
    pairs, taken = [], set()
    for t in expected:
        best, overlap = None, 0
        for f in figures:
            if f.where.block != t.paragraph or id(f) in taken:
                continue
            start, end = f.where.start or 0, f.where.end or 0
            common = min(end, t.end) - max(start, t.start)
            if common > overlap:
                best, overlap = f, common
        if best is not None:
            taken.add(id(best))
            pairs.append((t, best))
    return pairs


def _same_value(t: TruthFigure, f: Figure) -> bool:
    try:
        return f.quantity.value == Decimal(t.value) and (f.quantity.unit or None) == t.unit
    except InvalidOperation:
        return False


def _value_of(f: Figure) -> str:
    return f"{f.quantity.value}{f.quantity.unit or ''}"


def _right(score: ProseScore, name: str, what: str, expected, found, right: bool) -> int:
    if not right:
        score.differences.append(f"{name} {what}: expected {expected!r}, found {found!r}")
    return int(right)


def _score_sums(score: ProseScore, truth: dict, expected: list[TruthFigure], pairs) -> None:
    by_at = {f["at"]: t for f, t in zip(truth["figures"], expected, strict=True)}
    found_for = {id(t): f for t, f in pairs}
    for s in truth.get("sums", []):
        score.sums += 1
        total = found_for.get(id(by_at[s["total"]]))
        parts = [found_for.get(id(by_at[at])) for at in s["parts"]]
        if total is not None and all(p is not None and p.relation is not None and p.relation.kind == "part_of"
                                     and p.relation.of == total.label for p in parts):
            score.sums_found += 1
        else:
            score.differences.append(f"{truth['id']} sum not found: total at {s['total']}, parts at {s['parts']}")


def load_excerpt(truth_path: Path) -> tuple[dict, str]:
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    text = truth_path.with_name(f"{truth['id']}.txt").read_text(encoding="utf-8")
    return truth, text

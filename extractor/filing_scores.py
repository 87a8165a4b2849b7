"""Score whole filings against the generated corpus (samples/generated, truth written by the
generator from what it put in): table fields, narrative figures, planted findings recalled,
and false alarms on the filings that are consistent.

Table fields: each truth funds row is matched to an extracted one by (attachment, project,
label), each indicator by (attachment, project, 三级指标); every field of a matched row is one
field, right when it reads the same (a row not found counts all its fields wrong). Narrative
figures: a truth figure is found when an extracted figure overlaps it in its paragraph; its
label is right when equal. A planted problem is recalled when a finding of its rule states the
same wrong value. False alarms: error and warning findings on a consistent filing.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .evaluation import _q
from .records import Figure
from .report import Report
from .text import flatten

FUNDS_FIELDS = ("budget_initial", "budget_full", "executed", "weight", "rate", "score")
INDICATOR_FIELDS = ("level1", "level2", "target", "actual", "weight", "score")


@dataclass
class FilingScore:
    counts: Counter = field(default_factory=Counter)
    differences: list[str] = field(default_factory=list)

    def __add__(self, other: "FilingScore") -> "FilingScore":
        return FilingScore(self.counts + other.counts, self.differences + other.differences)

    def share(self, right: str, total: str) -> float:
        return self.counts[right] / self.counts[total] if self.counts[total] else 1.0


def score_filing(truth: dict, report: Report) -> FilingScore:
    score = FilingScore()
    _score_funds(score, truth, report)
    _score_indicators(score, truth, report)
    _score_figures(score, truth, report)
    _score_findings(score, truth, report)
    return score


def _score_funds(score: FilingScore, truth: dict, report: Report) -> None:
    found = {(r.attachment, r.project, r.label): r for r in report.funds.rows}
    for row in truth.get("funds", []):
        got = found.get((row["attachment"], row["project"], row["label"]))
        for name in FUNDS_FIELDS:
            score.counts["funds fields"] += 1
            value = _q(getattr(got, name)) if got is not None else "(row not found)"
            if value == row[name]:
                score.counts["funds right"] += 1
            else:
                score.differences.append(f"{truth['name']} funds {row['label']} {name}: expected {row[name]!r}, found {value!r}")


def _score_indicators(score: FilingScore, truth: dict, report: Report) -> None:
    found = {(i.attachment, i.project, i.level3): i for i in report.indicators}
    for row in truth.get("indicators", []):
        got = found.get((row["attachment"], row["project"], row["level3"]))
        for name in INDICATOR_FIELDS:
            score.counts["indicator fields"] += 1
            value = (_q(getattr(got, name)) if name in ("target", "actual", "weight", "score")
                     else getattr(got, name)) if got is not None else "(row not found)"
            if value == row[name]:
                score.counts["indicators right"] += 1
            else:
                score.differences.append(f"{truth['name']} indicator {row['level3']} {name}: "
                                         f"expected {row[name]!r}, found {value!r}")


def _score_figures(score: FilingScore, truth: dict, report: Report) -> None:
    texts = {i: flatten(getattr(b, "text", "")) for i, b in enumerate(report.blocks) if getattr(b, "text", None)}
    by_block: dict[int, list[Figure]] = {}
    for f in report.figures:
        if f.where.block is not None:
            by_block.setdefault(f.where.block, []).append(f)
    taken: set[int] = set()
    for t in truth.get("figures", []):
        score.counts["figures"] += 1
        figure = _find(t, texts, by_block, taken)
        if figure is None:
            score.differences.append(f"{truth['name']} figure missed: {t['raw']} ({t['label']})")
            continue
        taken.add(id(figure))
        score.counts["figures found"] += 1
        if figure.label == t["label"]:
            score.counts["labels right"] += 1
        else:
            score.differences.append(f"{truth['name']} label of {t['raw']}: expected {t['label']!r}, found {figure.label!r}")


def _find(t: dict, texts: dict[int, str], by_block: dict[int, list[Figure]], taken: set[int]) -> Figure | None:
    """The extracted figure standing where the truth figure does: in the paragraph holding the
    truth's locating text, over the raw text it names there."""
    for block, text in texts.items():
        at = text.find(t["paragraph_text_contains"])
        if at < 0:
            continue
        start = text.find(t["raw"], max(0, at - len(t["raw"])))
        for f in by_block.get(block, []):
            if id(f) in taken:
                continue
            if start >= 0 and (f.where.start or 0) < start + len(t["raw"]) and start < (f.where.end or 0):
                return f
        return None
    return None


def _score_findings(score: FilingScore, truth: dict, report: Report) -> None:
    reported = [f for f in report.findings if f.severity in ("error", "warning")]
    if truth.get("consistent"):
        score.counts["consistent filings"] += 1
        score.counts["false alarms"] += len(reported)
        score.counts["false errors"] += sum(f.severity == "error" for f in reported)
        score.differences += [f"{truth['name']} false alarm: {f.rule} {f.message[:80]}" for f in reported]
        return
    for planted in truth.get("planted", []):
        score.counts["planted"] += 1
        if any(f.rule == planted["rule"] and _same_value(planted.get("found"), f) for f in reported):
            score.counts["planted recalled"] += 1
        else:
            score.differences.append(f"{truth['name']} planted not found: {planted['rule']} {planted.get('what', '')}")


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _numbers(text: str) -> list[Decimal]:
    return [Decimal(n) for n in _NUMBER.findall(text.replace(",", ""))]


def _same_value(found: str | None, finding) -> bool:
    """The planted wrong value is the finding's: every number in it (2020年5月29日 is 2020, 5,
    29, as 2020-05-29 is) stands in the finding's found value or message."""
    if not found:
        return True
    wanted = _numbers(str(found))
    stated = set(_numbers(f"{finding.found or ''} {finding.message}"))
    return bool(wanted) and all(n in stated for n in wanted)


def load_truth(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))

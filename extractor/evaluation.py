"""Compare extracted records with a sample's truth file: precision and recall per record type.

A truth file (samples/NAME.truth.json, format in samples/README.md) lists, per record type,
the records as comparable rows: the fields a user relies on, values as written. `project`
turns a Report into the same rows, so comparing is counting equal rows (as multisets).
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .records import Quantity
from .report import Report

RECORD_TYPES = ("meta", "funds", "funds_breakdown", "indicators", "rubric", "basic_data", "totals", "figures", "dates",
                "references", "findings")


def _q(quantity: Quantity | None) -> str | None:
    """A quantity as a reviewer would write it: the number (or text) and its unit."""
    if quantity is None:
        return None
    if quantity.kind == "text":
        return quantity.text
    value = _d(quantity.value)
    rng = f"-{_d(quantity.upper)}" if quantity.upper is not None else ""
    cmp = "" if quantity.comparator == "=" else quantity.comparator
    return f"{cmp}{value}{rng}{quantity.unit or ''}{quantity.approx or ''}"


def _d(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def project(report: Report) -> dict[str, list[dict]]:
    """The comparable rows of every record type."""
    meta = report.meta
    return {
        "meta": [{"department": meta.department, "year": meta.year, "projects": meta.projects, "filler": meta.filler,
                  "fill_date": meta.fill_date, "phone": meta.phone}],
        "funds": [
            {"attachment": f.attachment, "project": f.project, "label": f.label, "part_of": f.part_of,
             "budget_initial": _q(f.budget_initial), "budget_full": _q(f.budget_full), "executed": _q(f.executed),
             "weight": _q(f.weight), "rate": _q(f.rate), "score": _q(f.score)}
            for f in report.funds.rows
        ],
        "funds_breakdown": [
            {"attachment": i.attachment, "group": i.group, "label": i.label, "amount": _q(i.amount), "part_of": i.part_of}
            for i in report.funds.breakdown
        ],
        "indicators": [
            {"attachment": i.attachment, "project": i.project, "level1": i.level1, "level1_weight": _d(i.level1_weight),
             "level2": i.level2, "level3": i.level3, "target": _q(i.target), "actual": _q(i.actual),
             "weight": _q(i.weight), "score": _q(i.score), "deviation_reason": i.deviation_reason}
            for i in report.indicators
        ],
        "rubric": [
            {"attachment": r.attachment, "level1": r.level1, "level1_weight": _d(r.level1_weight), "level2": r.level2,
             "level2_weight": _d(r.level2_weight), "level3": r.level3, "level3_weight": _d(r.level3_weight),
             "score": _q(r.score), "proportional": r.proportional,
             "thresholds": [[_d(t.lower), t.lower_inclusive, _d(t.upper), t.upper_inclusive, _d(t.points)] for t in r.thresholds],
             "items": [[i.text, _d(i.points), _d(i.deduct_min), _d(i.deduct_max)] for i in r.items]}
            for r in report.rubric
        ],
        "basic_data": [
            {"kind": "staffing", "attachment": s.attachment, "authorised": _q(s.authorised), "actual": _q(s.actual),
             "control_rate": _q(s.control_rate)}
            for s in report.basic_data.staffing
        ] + [
            {"kind": "spending", "attachment": s.attachment, "label": s.label, "parent": s.parent,
             "values": {k: _q(v) for k, v in s.values.items()}}
            for s in report.basic_data.spending
        ] + [{"kind": "note", "text": n} for n in report.basic_data.notes],
        "totals": [
            {"attachment": t.attachment, "table_kind": t.table_kind, "label": t.label,
             "weights": [_q(w) for w in t.weights], "score": _q(t.score)}
            for t in report.totals
        ],
        "figures": [
            {"attachment": f.where.attachment, "raw": f.quantity.raw, "value": _q(f.quantity), "label": f.label,
             "concept": f.concept, "relation": [f.relation.kind, f.relation.of] if f.relation else None}
            for f in report.figures
        ],
        "dates": [
            {"attachment": d.where.attachment, "raw": d.raw, "date": d.date, "role": d.role,
             "year_inferred": d.year_inferred}
            for d in report.dates
        ],
        "references": [
            {"attachment": r.where.attachment, "raw": r.raw, "authority": r.authority, "year": r.year,
             "number": r.number, "amount": _q(r.amount)}
            for r in report.references
        ],
        "findings": [
            {"rule": f.rule, "severity": f.severity, "expected": f.expected, "found": f.found, "diagnosis": f.diagnosis}
            for f in report.findings
        ],
    }


@dataclass
class Score:
    record_type: str
    extracted: int
    expected: int
    matched: int

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0


def _key(row: dict) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True)


def compare(report: Report, truth: dict) -> tuple[list[Score], dict[str, dict[str, list[dict]]]]:
    """Scores per record type, and the rows that differ: {type: {"missing": [...], "extra": [...]}}."""
    got = project(report)
    scores, differences = [], {}
    for record_type in RECORD_TYPES:
        expected = Counter(_key(r) for r in truth.get("records", {}).get(record_type, []))
        extracted = Counter(_key(r) for r in got[record_type])
        matched = sum((expected & extracted).values())
        scores.append(Score(record_type, sum(extracted.values()), sum(expected.values()), matched))
        missing, extra = expected - extracted, extracted - expected
        if missing or extra:
            differences[record_type] = {
                "missing": [json.loads(k) for k in missing.elements()],
                "extra": [json.loads(k) for k in extra.elements()],
            }
    return scores, differences


def load_truth(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def draft_truth(report: Report, sample: str) -> dict:
    """A truth file drafted from an extraction, for a person to check line by line."""
    return {"sample": sample, "records": project(report)}


def evaluate_samples(directory: Path, extract) -> list[tuple[str, list[Score], dict]]:
    """Every NAME.truth.json in a folder against the extraction of NAME.docx beside it."""
    results = []
    for truth_path in sorted(Path(directory).glob("*.truth.json")):
        name = truth_path.name[: -len(".truth.json")]
        report = extract(truth_path.with_name(f"{name}.docx"))
        scores, differences = compare(report, load_truth(truth_path))
        results.append((name, scores, differences))
    return results

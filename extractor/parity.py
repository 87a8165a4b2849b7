"""How far the record of a filing read one way (a scan, another producer's PDF) is from the
record of the same filing read from its .docx: table fields, the numbers' digits, findings.

Rows are paired by what names them (a funds row by attachment, project and label; an indicator
by attachment, project and 三级指标), then, for the rows left over, in order: a misread name
loses that row's name, not every row after it. Numbers are compared as written, field by field
of the paired rows, so a dropped or changed digit anywhere is counted once.

Pairing forgives an extra row or a figure that lost its label, so each filing is also compared
whole: every row of every record type (figures with their labels and relations, dates,
references, totals, basic data) and every finding with its message, as multisets. A filing is
identical when nothing is missing and nothing is added.
"""
from __future__ import annotations

import json
import re
from collections import Counter

from .evaluation import project
from .filing_scores import FilingScore
from .report import Report

KEYS = {
    "funds": ("attachment", "project", "label"),
    "funds_breakdown": ("attachment", "group", "label"),
    "indicators": ("attachment", "project", "level3"),
    "rubric": ("attachment", "level1", "level2", "level3"),
    "basic_data": ("kind", "label", "text"),
    "totals": ("attachment", "table_kind", "label"),
    "figures": ("attachment", "raw"),
}
FIELD_KINDS = ("funds", "indicators")  # the table fields the targets are about
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


# The same tally as a filing's score against its truth: counts, and the differences behind them.
Parity = FilingScore


def parity(reference: Report, other: Report, name: str = "") -> Parity:
    """`other` scored against `reference` (the same filing from its .docx)."""
    result = Parity()
    ref, got = project(reference), project(other)
    for kind, key in KEYS.items():
        for want, have in paired(ref.get(kind, []), got.get(kind, []), key):
            _score_row(result, kind, want, have, name)
    _score_findings(result, reference, other, name)
    unlike = unlike_rows(reference, other)
    result.counts["filings"] += 1
    result.counts["filings identical"] += not unlike
    result.differences.extend(f"{name} {line}" for line in unlike)
    return result


def unlike_rows(reference: Report, other: Report) -> list[str]:
    """Every row of `reference`'s records missing from `other`'s (-) and every row added (+)."""
    ref, got = _rows(reference), _rows(other)
    lines = []
    for kind in ref.keys() | got.keys():
        lines += [f"- {kind} {row}" for row in sorted((ref[kind] - got[kind]).elements())]
        lines += [f"+ {kind} {row}" for row in sorted((got[kind] - ref[kind]).elements())]
    return sorted(lines, key=lambda line: line.split(" ", 2)[1])


def _rows(report: Report) -> dict[str, Counter]:
    rows = {kind: Counter(json.dumps(r, ensure_ascii=False, sort_keys=True, default=str) for r in found)
            for kind, found in project(report).items()}
    rows["messages"] = Counter(f.message for f in report.findings)
    return rows


def paired(reference: list[dict], other: list[dict], key: tuple[str, ...]) -> list[tuple[dict, dict | None]]:
    """Each reference row with its counterpart: the one with the same key, else the next one
    left over in order, else None."""
    by_key: dict[tuple, list[int]] = {}
    for i, row in enumerate(other):
        by_key.setdefault(tuple(row.get(k) for k in key), []).append(i)
    taken: set[int] = set()
    pairs: list[tuple[dict, int | None]] = []
    for row in reference:
        same = [i for i in by_key.get(tuple(row.get(k) for k in key), []) if i not in taken]
        pairs.append((row, same[0] if same else None))
        if same:
            taken.add(same[0])
    left = iter(i for i in range(len(other)) if i not in taken)
    out = []
    for row, index in pairs:
        if index is None:
            index = next(left, None)
        out.append((row, other[index] if index is not None else None))
    return out


def _score_row(result: Parity, kind: str, want: dict, have: dict | None, name: str) -> None:
    for column, value in want.items():
        theirs = have.get(column) if have is not None else None
        if kind in FIELD_KINDS:
            result.counts[f"{kind} fields"] += 1
            if theirs == value:
                result.counts[f"{kind} right"] += 1
            else:
                result.differences.append(f"{name} {kind} {want.get(KEYS[kind][-1])} {column}: {value!r} -> {theirs!r}")
        expected = _NUMBER.findall(str(value)) if value is not None else []
        found = _NUMBER.findall(str(theirs)) if theirs is not None else []
        right = sum(1 for a, b in zip(expected, found, strict=False) if a == b)
        result.counts["numbers"] += len(expected)
        result.counts["numbers right"] += right
        if right < len(expected) and kind not in FIELD_KINDS:
            result.differences.append(f"{name} {kind} {want.get(KEYS[kind][-1])} {column}: numbers {expected} -> {found}")


def _finding_key(f) -> tuple:
    return f.rule, f.severity, f.expected, f.found


def _score_findings(result: Parity, reference: Report, other: Report, name: str) -> None:
    ref = Counter(_finding_key(f) for f in reference.findings)
    got = Counter(_finding_key(f) for f in other.findings)
    result.counts["findings"] += sum(ref.values())
    result.counts["findings same"] += sum((ref & got).values())
    result.counts["findings extra"] += sum((got - ref).values())
    for key in (got - ref).elements():
        if key[1] == "error":
            result.counts["errors not in reference"] += 1
            result.differences.append(f"{name} error not in the .docx record: {key}")
    result.counts["possibly misread"] += sum(1 for f in other.findings if f.diagnosis and "可能识别有误" in f.diagnosis)

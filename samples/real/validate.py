"""Check the truth files of the real-text corpus against their convention (README.md beside
this file): every figure found where it says, values and units well formed, relations of the
known kinds, sums naming figures that exist; and the two blind readings the truth was settled
from (first/, second/) cover their truth file's figures, with labels from the text and
relations of the known kinds. Prints one
line per problem; exit 1 if any.

    python samples/real/validate.py [ID ...]
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = {"项目支出绩效自评报告", "部门整体支出绩效自评报告", "部门整体支出绩效评价报告", "转移支付绩效自评", "部门决算说明",
         "其他"}
RELATIONS = {"part_of", "share_of", "base", "change", "rate", "restatement"}
KEYS = {"id", "source", "title", "publisher", "province", "kind", "year", "figures", "sums"}
FIGURE_KEYS = {"at", "raw", "value", "unit", "label", "relation"}
VALUE = re.compile(r"^-?\d+(\.\d+)?$")


def problems(truth_path: Path) -> list[str]:
    text_path = truth_path.with_name(truth_path.name.replace(".truth.json", ".txt"))
    try:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        text = text_path.read_text(encoding="utf-8")
    except (OSError, json.JSONDecodeError) as e:
        return [f"{truth_path.name}: {e}"]
    name = truth_path.name
    found = _header_problems(name, truth)
    ats: list[int] = []
    for i, figure in enumerate(truth.get("figures", [])):
        found += _figure_problems(f"{name} figure {i}", figure, text, ats)
    for i, s in enumerate(truth.get("sums", [])):
        members = [s.get("total"), *s.get("parts", [])]
        if len(members) < 3 or any(m not in ats for m in members):
            found.append(f"{name} sum {i}: total and at least two parts must be figures' `at`")
    if not text.strip():
        found.append(f"{name}: empty text")
    return found


def _header_problems(name: str, truth: dict) -> list[str]:
    found = []
    if set(truth) != KEYS:
        found.append(f"{name}: keys {sorted(set(truth) ^ KEYS)} missing or extra")
    if truth.get("id") != name.split(".")[0]:
        found.append(f"{name}: id {truth.get('id')!r} is not the file's")
    if not str(truth.get("source", "")).startswith(("http://", "https://")):
        found.append(f"{name}: source is not an address")
    if truth.get("kind") not in KINDS:
        found.append(f"{name}: kind {truth.get('kind')!r}")
    year = truth.get("year")
    if year is not None and not (isinstance(year, int) and 2010 <= year <= 2026):
        found.append(f"{name}: year {year!r}")
    return found


def _figure_problems(where: str, f: dict, text: str, ats: list[int]) -> list[str]:
    """What is wrong with one figure; its `at` is appended to `ats` (for order and sums)."""
    if set(f) != FIGURE_KEYS:
        return [f"{where}: keys {sorted(set(f) ^ FIGURE_KEYS)} missing or extra"]
    found = []
    at, raw = f["at"], f["raw"]
    if not isinstance(at, int) or text[at:at + len(raw)] != raw:
        found.append(f"{where}: {raw!r} is not at {at} (the text there is {text[at:at + len(raw)]!r})")
    if ats and isinstance(at, int) and at <= ats[-1]:
        found.append(f"{where}: not in text order")
    ats.append(at)
    if not isinstance(f["value"], str) or not VALUE.match(f["value"]):
        found.append(f"{where}: value {f['value']!r} is not digits as a string")
    if f["unit"] is not None and (not isinstance(f["unit"], str) or not f["unit"]):
        found.append(f"{where}: unit {f['unit']!r}")
    label = f["label"]
    if label is not None and (not isinstance(label, str) or label not in text):
        found.append(f"{where}: label {label!r} is not a phrase of the text")
    relation = f["relation"]
    if relation is not None and (not isinstance(relation, list) or len(relation) != 2 or relation[0] not in RELATIONS):
        found.append(f"{where}: relation {relation!r}")
    return found


def reading_problems(reading_path: Path) -> list[str]:
    """A reading (first/ID.json, second/ID.json) names the truth's figures, in order, by `at`
    and `raw`, and gives each a label from the text (or null) and a relation of a known kind."""
    name = f"{reading_path.parent.name}/{reading_path.name}"
    try:
        reading = json.loads(reading_path.read_text(encoding="utf-8"))
        truth = json.loads((HERE / f"{reading['id']}.truth.json").read_text(encoding="utf-8"))
        text = (HERE / f"{reading['id']}.txt").read_text(encoding="utf-8")
    except (OSError, json.JSONDecodeError, KeyError, TypeError) as e:
        return [f"{name}: {e}"]
    if [(f.get("at"), f.get("raw")) for f in reading.get("figures", [])] != [(f["at"], f["raw"]) for f in truth["figures"]]:
        return [f"{name}: its figures are not the truth file's, in its order"]
    found = []
    for i, f in enumerate(reading["figures"]):
        if f.get("label") is not None and f["label"] not in text:
            found.append(f"{name} figure {i}: label {f['label']!r} is not a phrase of the text")
        relation = f.get("relation")
        if relation is not None and (not isinstance(relation, list) or len(relation) != 2 or relation[0] not in RELATIONS):
            found.append(f"{name} figure {i}: relation {relation!r}")
    return found


def main() -> int:
    ids = sys.argv[1:]
    paths = [HERE / f"{i}.truth.json" for i in ids] if ids else sorted(HERE.glob("*.truth.json"))
    readings = [HERE / folder / f"{i}.json" for folder in ("first", "second") for i in ids] if ids else \
        sorted((HERE / "first").glob("*.json")) + sorted((HERE / "second").glob("*.json"))
    every = [p for path in paths for p in problems(path)]
    every += [p for path in readings if path.exists() for p in reading_problems(path)]
    for line in every:
        print(line)
    print(f"{len(paths)} truth files, {len(every)} problems", file=sys.stderr)
    return 1 if every else 0


if __name__ == "__main__":
    sys.exit(main())

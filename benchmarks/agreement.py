"""How far two careful readers agree on the real-text corpus's labels and relations: the
ceiling a labeller can be measured against.

    python benchmarks/agreement.py [--show]

samples/real/second/ID.json holds a second, blind annotation of some excerpts: made by readers
given only the convention (the label and relation sections of samples/real/README.md), the
excerpt's text and where its figures stand, never the truth file, the tool or its output
(samples/real/second/README.md). For each split this prints, over the same figures:

- second reader vs truth: the share of labels and relations that agree exactly;
- extractor vs truth, and extractor vs second reader, among the figures the extractor found.

Exits 0; it reports, it does not judge.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "samples" / "real"
SECOND = REAL / "second"
sys.path.insert(0, str(REAL))

from extractor.pipeline import extract_file  # noqa: E402
from extractor.prose_scores import extracted_for, load_excerpt  # noqa: E402

from build import build  # noqa: E402
from split import split_of  # noqa: E402


def _relation(value) -> tuple | None:
    return tuple(value) if value else None


def count(show: bool) -> dict[str, Counter]:
    counts: dict[str, Counter] = {"dev": Counter(), "test": Counter()}
    for second_path in sorted(SECOND.glob("*.json")):
        second = json.loads(second_path.read_text(encoding="utf-8"))
        truth, text = load_excerpt(REAL / f"{second['id']}.truth.json")
        if [f["at"] for f in second["figures"]] != [f["at"] for f in truth["figures"]]:
            print(f"{second['id']}: the second annotation does not cover the truth's figures; skipped")
            continue
        docx = REAL / f"{truth['id']}.docx"
        if not docx.exists():
            build(truth["id"])
        found = extracted_for(truth, text, extract_file(docx))
        c = counts[split_of(truth["id"])]
        c["excerpts"] += 1
        for t, s, f in zip(truth["figures"], second["figures"], found, strict=True):
            c["figures"] += 1
            c["second label"] += t["label"] == s["label"]
            c["second relation"] += _relation(t["relation"]) == _relation(s["relation"])
            if f is None:
                continue
            c["found"] += 1
            c["extractor label"] += t["label"] == f.label
            c["extractor label vs second"] += s["label"] == f.label
            if show and t["label"] != s["label"]:
                print(f"{truth['id']} {t['raw']}: truth {t['label']!r}, second {s['label']!r}, extractor {f.label!r}")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list the labels the two readers disagree on")
    counts = count(parser.parse_args().show)
    print(f"{'split':<7}{'excerpts':>9}{'figures':>8}{'second=truth label':>20}{'relation':>10}"
          f"{'found':>7}{'extractor=truth label':>23}{'extractor=second':>18}")
    for split, c in counts.items():
        n, found = c["figures"] or 1, c["found"] or 1
        print(f"{split:<7}{c['excerpts']:>9}{c['figures']:>8}{c['second label'] / n:>20.3f}{c['second relation'] / n:>10.3f}"
              f"{c['found']:>7}{c['extractor label'] / found:>23.3f}{c['extractor label vs second'] / found:>18.3f}")


if __name__ == "__main__":
    main()

"""How far two careful readers agree on the real-text corpus's labels and relations, and how the
extractor compares: the ceiling a labeller can be measured against.

    python benchmarks/agreement.py [--show]

Every excerpt was annotated twice, blind (samples/real/second/README.md): samples/real/first/ID.json
and samples/real/second/ID.json hold the two readings, and ID.truth.json the truth, which is the
first reading with every disagreement settled by an adjudicator under the convention. For each
split this prints, over the same figures, the share of exact agreements:

- first reading vs second reading (labels, relations): how consistently people apply the convention;
- each reading vs the truth;
- the extractor vs the truth (labels, relations), and vs the first reading (labels), among the
  figures it found.

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
sys.path.insert(0, str(REAL))

from extractor.pipeline import extract_file  # noqa: E402
from extractor.prose_scores import extracted_for, load_excerpt  # noqa: E402

from build import build  # noqa: E402
from split import split_of  # noqa: E402


def _relation(value) -> tuple | None:
    return tuple(value) if value else None


def _reading(folder: str, excerpt_id: str) -> list[dict] | None:
    path = REAL / folder / f"{excerpt_id}.json"
    return json.loads(path.read_text(encoding="utf-8"))["figures"] if path.exists() else None


def count(show: bool) -> dict[str, Counter]:
    counts: dict[str, Counter] = {"dev": Counter(), "test": Counter()}
    for truth_path in sorted(REAL.glob("*.truth.json")):
        truth, text = load_excerpt(truth_path)
        first, second = _reading("first", truth["id"]), _reading("second", truth["id"])
        if first is None or second is None:
            continue
        docx = REAL / f"{truth['id']}.docx"
        if not docx.exists():
            build(truth["id"])
        found = extracted_for(truth, text, extract_file(docx))
        c = counts[split_of(truth["id"])]
        c["excerpts"] += 1
        for t, a, b, f in zip(truth["figures"], first, second, found, strict=True):
            c["figures"] += 1
            c["first=second label"] += a["label"] == b["label"]
            c["first=second relation"] += _relation(a["relation"]) == _relation(b["relation"])
            c["first=truth label"] += a["label"] == t["label"]
            c["second=truth label"] += b["label"] == t["label"]
            if f is not None:
                c["found"] += 1
                c["extractor=truth label"] += f.label == t["label"]
                c["extractor=first label"] += f.label == a["label"]
                extracted = (f.relation.kind, f.relation.of) if f.relation else None
                c["extractor=truth relation"] += extracted == _relation(t["relation"])
            if show and a["label"] != b["label"]:
                print(f"{truth['id']} {t['raw']}: first {a['label']!r}, second {b['label']!r}, truth {t['label']!r}, "
                      f"extractor {f.label if f else '(missed)'!r}")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list the labels the two readings disagree on")
    counts = count(parser.parse_args().show)
    columns = ["first=second label", "first=second relation", "first=truth label", "second=truth label"]
    print(f"{'split':<7}{'excerpts':>9}{'figures':>8}" + "".join(f"{c:>24}" for c in columns)
          + f"{'found':>7}{'extractor=truth label':>23}{'relation':>10}{'extractor=first label':>23}")
    for split, c in counts.items():
        n, found = c["figures"] or 1, c["found"] or 1
        print(f"{split:<7}{c['excerpts']:>9}{c['figures']:>8}" + "".join(f"{c[k] / n:>24.3f}" for k in columns)
              + f"{c['found']:>7}{c['extractor=truth label'] / found:>23.3f}{c['extractor=truth relation'] / found:>10.3f}"
              f"{c['extractor=first label'] / found:>23.3f}")


if __name__ == "__main__":
    main()

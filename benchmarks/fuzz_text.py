"""The long fuzz run of the prose interpreters and the reconciler: mutated real sentences
(tests/text_mutants.py) through the whole pipeline after reading, each giving a report with no
problem. Saves every input that raises or leaves a problem, and prints the counts.

    python benchmarks/fuzz_text.py [--count 10000] [--seed N] [--out fuzz-findings]

Exit 1 when anything was found.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from extractor.pipeline import report_of  # noqa: E402

from text_mutants import SOURCE, document_of, mutate, seed_sentences  # noqa: E402


def run_one(paragraphs: list[str]) -> str | None:
    """None when the report came back clean, else what went wrong."""
    try:
        report = report_of(document_of(paragraphs), SOURCE)
    except Exception as e:  # what the test must never see: recorded, not raised
        return f"raised {type(e).__name__}: {e}"
    if report.problems:
        return "; ".join(f"{p.stage}: {p.message}" for p in report.problems)
    internal = [f.message for f in report.findings if f.rule.startswith("internal.")]
    return "; ".join(internal) or None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--out", type=Path, default=Path("fuzz-findings"))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    pool = seed_sentences()
    outcomes: Counter = Counter()
    start = time.perf_counter()
    for n in range(args.count):
        paragraphs = ["附件1", "2022年度部门整体支出绩效自评报告", *(mutate(rng.choice(pool), rng, pool) for _ in range(3))]
        found = run_one(paragraphs)
        outcomes["clean" if found is None else found.split(":")[0]] += 1
        if found is not None:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"text-{n}.json").write_text(json.dumps({"paragraphs": paragraphs, "found": found},
                                                                 ensure_ascii=False, indent=1), encoding="utf-8")
    seconds = time.perf_counter() - start
    found = sum(v for k, v in outcomes.items() if k != "clean")
    print(f"{args.count} mutated documents ({len(pool)} seed paragraphs) in {seconds:.0f} s: "
          + ", ".join(f"{k} {v}" for k, v in outcomes.most_common()))
    print(f"{found} findings" + (f", saved in {args.out}" if found else ""))
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()

"""Accuracy of the extractor on every corpus with a truth, per split.

    python benchmarks/accuracy.py [--show]
    python benchmarks/accuracy.py --generated /tmp/seed7 [--show]     # another generated corpus only

1. The samples (samples/*.truth.json): precision and recall of every record type, as
   `extract eval samples` prints them.
2. The real-text corpus (samples/real, convention in its README): prose figures found
   (precision, recall, F1), and among those found the share with the right value, label and
   relation, and the stated sums found, for the dev split (rules may be tuned on it) and the
   test split (never tuned on), from each excerpt's .docx (built from its text when missing).
3. The generated filings (samples/generated, or with --generated another folder that
   `python samples/generate.py --count 200 --seed 7 --out DIR` made): fields, figures found,
   labels, planted problems found, and false alarms per consistent filing, per split and format.

Exits 0; it reports, it does not judge.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "samples" / "real"
GENERATED = ROOT / "samples" / "generated"
sys.path.insert(0, str(REAL))

from extractor.cli import main as extract_main  # noqa: E402
from extractor.filing_scores import FilingScore, load_truth, score_filing  # noqa: E402
from extractor.pipeline import extract_file  # noqa: E402
from extractor.prose_scores import ProseScore, load_excerpt, score_excerpt  # noqa: E402

from build import build  # noqa: E402
from split import split_of  # noqa: E402  (samples/generated/split.py is the same hash of the name)


def real_scores() -> tuple[dict[str, ProseScore], dict[str, Counter]]:
    """Prose scores per split, and per split the excerpts and the error and warning findings
    the reconciler gave on them (real reports: nearly all are consistent, so nearly every
    error is a false alarm; the closing note lists the ones that are real)."""
    scores = {"dev": ProseScore(), "test": ProseScore()}
    findings: dict[str, Counter] = {"dev": Counter(), "test": Counter()}
    for truth_path in sorted(REAL.glob("*.truth.json")):
        truth, text = load_excerpt(truth_path)
        docx = REAL / f"{truth['id']}.docx"
        if not docx.exists():
            build(truth["id"])
        split = split_of(truth["id"])
        report = extract_file(docx)
        scores[split] += score_excerpt(truth, text, report)
        findings[split]["excerpts"] += 1
        findings[split].update(f.severity for f in report.findings)
    return scores, findings


def print_real(scores: dict[str, ProseScore], findings: dict[str, Counter], show: bool) -> None:
    print(f"{'real prose':<12}{'figures':>8}{'found P':>9}{'found R':>9}{'F1':>7}{'value':>7}{'label':>7}"
          f"{'relation':>9}{'sums':>10}")
    for split, s in scores.items():
        print(f"{split:<12}{s.truth:>8}{s.precision:>9.3f}{s.recall:>9.3f}{s.f1:>7.3f}{s.share(s.values_right):>7.3f}"
              f"{s.share(s.labels_right):>7.3f}{s.share(s.relations_right):>9.3f}{s.sums_found:>5}/{s.sums:<4}")
    for split, counted in findings.items():
        n = counted["excerpts"] or 1
        print(f"{split:<12}{counted['excerpts']} excerpts: {counted['error'] / n:.3f} errors and "
              f"{counted['warning'] / n:.3f} warnings per excerpt")
    if show:
        for split, s in scores.items():
            print(f"\n{split}:")
            print("\n".join(s.differences))


def generated_scores(folder: Path = GENERATED) -> dict[tuple[str, str], FilingScore]:
    """(split, format) -> the scores of the generated filings, from each one's .docx and PDF."""
    scores: dict[tuple[str, str], FilingScore] = {}
    for truth_path in sorted(folder.glob("*.truth.json")):
        truth = load_truth(truth_path)
        for fmt in ("docx", "pdf"):
            path = truth_path.with_name(f"{truth['name']}.{fmt}")
            if path.exists():
                key = (split_of(truth["name"]), fmt)
                scores[key] = scores.get(key, FilingScore()) + score_filing(truth, extract_file(path))
    return scores


def print_generated(scores: dict[tuple[str, str], FilingScore], show: bool) -> None:
    print(f"\n{'generated':<12}{'format':>7}{'funds':>8}{'indic.':>8}{'found':>8}{'labels':>8}"
          f"{'planted':>10}{'alarms/consistent':>19}{'errors/consistent':>19}")
    for (split, fmt), s in sorted(scores.items()):
        c = s.counts
        n = c["consistent filings"] or 1
        print(f"{split:<12}{fmt:>7}{s.share('funds right', 'funds fields'):>8.3f}"
              f"{s.share('indicators right', 'indicator fields'):>8.3f}{s.share('figures found', 'figures'):>8.3f}"
              f"{s.share('labels right', 'figures found'):>8.3f}{c['planted recalled']:>5}/{c['planted']:<4}"
              f"{c['false alarms'] / n:>19.2f}{c['false errors'] / n:>19.2f}")
    if show:
        for key, s in sorted(scores.items()):
            print(f"\n{key}:")
            print("\n".join(s.differences))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", action="store_true", help="list what differs")
    parser.add_argument("--generated", type=Path, metavar="DIR",
                        help="measure only the generated filings in DIR (samples/generate.py --out DIR), "
                             "split by name as the committed ones are")
    args = parser.parse_args()
    if args.generated:
        print_generated(generated_scores(args.generated), args.show)
        return
    extract_main(["eval", str(ROOT / "samples"), *(["--show"] if args.show else [])])
    print_real(*real_scores(), args.show)
    print_generated(generated_scores(), args.show)


if __name__ == "__main__":
    main()

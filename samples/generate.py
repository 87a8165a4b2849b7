"""Generate full sample filings with realistic variation, each with a truth file written from what
the generator put in (never from an extraction) and, unless --no-pdf, its LibreOffice PDF.

    python samples/generate.py [--count 60] [--seed 2026] [--no-pdf] [--out samples/generated]

Deterministic from the seed: the same seed and count give the same files. About a third of the
filings are fully consistent; the others carry one to four planted problems, the least-used
kinds first so every rule family is covered. See samples/generated/README.md.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the builder and the generator parts are test infrastructure, not a package

from generated_parts import layout as L  # noqa: E402
from generated_parts import planting as plant  # noqa: E402
from generated_parts import reports as R  # noqa: E402
from generated_parts import tables as T  # noqa: E402
from generated_parts.build_model import build_filing  # noqa: E402
from generated_parts.model import Filing  # noqa: E402
from generated_parts.truth import truth_of  # noqa: E402

from builder import write_docx  # noqa: E402


def we_of(short: str, rng: random.Random) -> str:
    if short.endswith("委员会"):
        return rng.choice(["我委", "本单位"])
    return rng.choice(["我局", "我局", "本局", "本单位"])


def choose_layout(filing: Filing, rng: random.Random) -> None:
    ist = T.pick_style(rng)
    filing.layout["landscape"] = len(ist.columns) >= 10 or rng.random() < 0.1
    filing.layout.update(
        rng=rng, ind_style=ist, we=we_of(filing.profile.short, rng),
        rubric_style=T.RubricStyle(full=(full := rng.random() < 0.6), label_weights=not full and rng.random() < 0.6),
        style=L.pick_layout(rng, filing),
    )
    filing.attachments = L.attachment_plan(filing, filing.layout["style"])


def plant_count(rng: random.Random) -> int:
    return rng.choice([1, 2, 2, 3, 3, 4])


def write_reports(filing: Filing) -> None:
    owners = ([filing.overall] if filing.overall else []) + filing.projects
    for owner in owners:
        R.goal_texts(owner)
    for att in filing.attachments:
        if att.kind == "overall_report":
            filing.reports.append(R.overall_report(filing, att.number))
        elif att.kind == "project_report":
            p = next(p for p in filing.projects if f"report:{p.key}" == att.keys[0])
            filing.reports.append(R.project_report(filing, p, att.number))
    for report in filing.reports:
        L.report_paras(report, filing.layout["style"], filing.layout["rng"])


def make_filing(name: str, seed: int, planted: bool, usage: Counter) -> tuple[Filing, object]:
    rng = random.Random(f"{seed}:{name}")
    filing = build_filing(rng, name, seed)
    choose_layout(filing, rng)
    groups: set = set()
    menu = []
    if planted:
        n = plant_count(rng)
        menu = plant.choose(rng, n, usage)
        intended = first_distinct(menu, n)
        want_table = sum(1 for k in intended if k.stage == "table")
        got = plant.apply_stage(rng, filing, menu, "table", want_table, usage, groups)
        want_prose = n - got
    write_reports(filing)
    if planted:
        plant.apply_stage(rng, filing, menu, "prose", want_prose, usage, groups)
        if not filing.planted:  # nothing applied: plant whatever applies
            plant.apply_stage(rng, filing, menu, "prose", 1, usage, groups)
    sample = L.document(filing)
    return filing, sample


def first_distinct(menu: list, n: int) -> list:
    out, groups = [], set()
    for k in menu:
        if k.group not in groups:
            out.append(k)
            groups.add(k.group)
        if len(out) == n:
            break
    return out


def consistent_indices(count: int, seed: int) -> set[int]:
    rng = random.Random(f"{seed}:consistent")
    return set(rng.sample(range(1, count + 1), k=round(count / 3)))


def clean(out: Path) -> None:
    for pattern in ("g[0-9][0-9][0-9].docx", "g[0-9][0-9][0-9].pdf", "g[0-9][0-9][0-9].truth.json"):
        for path in out.glob(pattern):
            path.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-pdf", action="store_true", help="write the .docx and truth files only")
    parser.add_argument("--out", type=Path, default=HERE / "generated")
    parser.add_argument("--only", nargs="*", help="names to (re)write, e.g. g007; the others are still drawn")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if not args.only:
        clean(args.out)
    to_pdf = None
    if not args.no_pdf:
        from build import to_pdf  # noqa: E402  (needs LibreOffice)
    usage: Counter = Counter()
    consistent = consistent_indices(args.count, args.seed)
    started = time.monotonic()
    pdf_seconds = 0.0
    for i in range(1, args.count + 1):
        name = f"g{i:03d}"
        filing, sample = make_filing(name, args.seed, i not in consistent, usage)
        if args.only and name not in args.only:
            continue
        docx_path = args.out / f"{name}.docx"
        write_docx(sample, docx_path)
        truth = truth_of(filing, sample.blocks)
        (args.out / f"{name}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n",
                                                     encoding="utf-8")
        if to_pdf is not None:
            t0 = time.monotonic()
            to_pdf(docx_path)
            pdf_seconds += time.monotonic() - t0
        rules = ", ".join(p.rule + (f"/{p.variant}" if p.known_miss else "") for p in filing.planted) or "consistent"
        print(f"{name}  {filing.profile.department} {filing.year} {filing.shape:8s} {rules}", flush=True)
    elapsed = time.monotonic() - started
    print(f"{args.count} filings in {elapsed:.1f}s ({pdf_seconds:.1f}s of it PDF export)", file=sys.stderr)
    print("planted kinds: " + ", ".join(f"{k} {v}" for k, v in sorted(usage.items())), file=sys.stderr)


if __name__ == "__main__":
    main()

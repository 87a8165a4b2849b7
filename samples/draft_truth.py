"""Draft samples/NAME.truth.json from the current extraction, for a person to check.

    python samples/draft_truth.py seed [--force]

A draft is only a starting point: every row must be checked against the filing itself
(samples/README.md says how) before it is committed, and a row the tool gets wrong is corrected
in the truth file, never the other way round. Existing truth files are not overwritten
without --force.
"""
import argparse
import json
import sys
from pathlib import Path

from extractor.evaluation import draft_truth
from extractor.pipeline import extract_file

HERE = Path(__file__).resolve().parent


def format_truth(truth: dict) -> str:
    """One record per line, so a reviewer reads and a diff shows one row at a time."""
    lines = ["{", f'"sample": {json.dumps(truth["sample"], ensure_ascii=False)},', '"records": {']
    types = list(truth["records"])
    for t, record_type in enumerate(types):
        rows = truth["records"][record_type]
        lines.append(f'{json.dumps(record_type)}: [')
        lines += [json.dumps(row, ensure_ascii=False) + ("," if i < len(rows) - 1 else "") for i, row in enumerate(rows)]
        lines.append("]" + ("," if t < len(types) - 1 else ""))
    lines += ["}", "}"]
    return "\n".join(lines) + "\n"

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="+")
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args()
    for name in args.names:
        target = HERE / f"{name}.truth.json"
        if target.exists() and not args.force:
            sys.exit(f"{target.name} exists: use --force to overwrite it")
        truth = draft_truth(extract_file(HERE / f"{name}.docx"), name)
        target.write_text(format_truth(truth), encoding="utf-8")
        print(f"drafted {target.relative_to(HERE.parent)}: check every row against the filing")

"""Fuzz extract for a while: mutated samples, each in an isolated child; count the outcomes.

    python benchmarks/fuzz.py --minutes 10 [--out fuzz-findings] [--seed 1] [--no-web]

Inputs: mutated .docx and PDF samples, and (unless --no-web) mutated saved pages (.html, .mht)
and OFD of the samples. Every input must give a record or a documented error class
(unsupported, encrypted, corrupt, no_text, too_large, no_filing). Anything else, an internal
error, a crash, a timeout, is a finding: its input is saved under --out with the message, to be
turned into a fixed bug and a test.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from extractor.batch.isolate import run_isolated, warm_up  # noqa: E402

from mutate import mutated, mutated_web  # noqa: E402


def web_sources() -> list[Path]:
    """The samples as saved pages (.html, .mht) and OFD, built when missing."""
    sys.path.insert(0, str(ROOT / "samples"))
    from ofd_writer import NAMES
    from ofd_writer import make as make_ofd
    from web_pages import make

    return make("libreoffice", NAMES) + make("cms", NAMES) + make("mht", NAMES) + make_ofd(NAMES)

DOCUMENTED = {"unsupported", "unreadable", "encrypted", "corrupt", "no_text", "too_large", "no_filing"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--out", type=Path, default=Path("fuzz-findings"))
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--no-web", action="store_true", help="only .docx and PDF inputs, no web pages or OFD")
    args = parser.parse_args()
    web = [] if args.no_web else web_sources()
    rng = random.Random(args.seed)
    warm_up()
    outcomes: Counter = Counter()
    findings = 0
    stop = time.monotonic() + args.minutes * 60
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        while time.monotonic() < stop:
            seed = rng.getrandbits(32)
            mutation = random.Random(seed)
            suffix, data = mutated_web(mutation, web) if web and mutation.random() < 0.4 else mutated(mutation)
            path = Path(tmp) / f"input{suffix}"
            path.write_bytes(data)
            result = run_isolated(str(path), {}, timeout=60, memory_mb=1024)
            kind = "ok" if result.ok else result.kind
            outcomes[kind] += 1
            if kind != "ok" and kind not in DOCUMENTED:
                findings += 1
                args.out.mkdir(parents=True, exist_ok=True)
                (args.out / f"{seed}{suffix}").write_bytes(data)
                (args.out / f"{seed}.txt").write_text(result.message, encoding="utf-8")
    total = sum(outcomes.values())
    print(f"{total} inputs in {args.minutes:g} min: " + ", ".join(f"{k} {v}" for k, v in outcomes.most_common()))
    print(f"{findings} findings (internal errors, crashes, timeouts)" + (f", saved in {args.out}" if findings else ""))
    sys.exit(1 if findings else 0)


if __name__ == "__main__":
    main()

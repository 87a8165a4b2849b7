"""The batch machinery at scale: files per second with 1 and 2 jobs, its overhead against
calling the extractor in a loop, and whether worker memory stays flat.

    python benchmarks/bench_batch.py [--files 504]

Generates the filings first (varied copies of every sample, .docx and .pdf mixed, each with
distinct bytes so none is skipped as a duplicate), then measures in one run:
- loop: extract_file on every file in one process (after warming up): the floor;
- batch --jobs 1 and --jobs 2 into fresh databases.
Prints files/s for each, the jobs-2/jobs-1 ratio (target >= 1.7 on 2 cores), the per-file
overhead of batch --jobs 1 against the loop (target <= 10%), and the peak memory of the
workers over the first and the last 100 files (it must stay flat).
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]


def make_filings(folder: Path, n: int) -> list[Path]:
    sys.path.insert(0, str(ROOT / "samples"))
    from copies import distinct_copies

    return distinct_copies(folder, n)


def loop(paths: list[Path]) -> float:
    from extractor.batch.isolate import warm_up
    from extractor.pipeline import extract_file

    warm_up()
    start = time.perf_counter()
    for path in paths:
        extract_file(path).model_dump(mode="json")
    return time.perf_counter() - start


def batch(folder: Path, db: Path, jobs: int) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "extractor.cli", "batch", str(folder), "--db", str(db), "--jobs", str(jobs),
                    "--silent"], check=True)
    return time.perf_counter() - start


def memory(db: Path) -> tuple[float, float]:
    with duckdb.connect(str(db), read_only=True) as con:
        rss = [r[0] for r in con.execute("SELECT peak_rss_mb FROM reports ORDER BY extracted_at").fetchall()]
    return statistics.mean(rss[:100]), statistics.mean(rss[-100:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=504)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        folder = Path(tmp) / "filings"
        folder.mkdir()
        paths = make_filings(folder, args.files)
        n_pdf, n_docx = sum(p.suffix == ".pdf" for p in paths), sum(p.suffix == ".docx" for p in paths)
        print(f"{len(paths)} filings ({n_pdf} PDF, {n_docx} .docx)")
        t_loop = loop(paths)
        t1 = batch(folder, Path(tmp) / "jobs1.duckdb", 1)
        t2 = batch(folder, Path(tmp) / "jobs2.duckdb", 2)
        n = len(paths)
        print(f"loop (extract_file, one process):  {n / t_loop:6.2f} files/s  ({t_loop:.1f} s)")
        print(f"batch --jobs 1:                    {n / t1:6.2f} files/s  ({t1:.1f} s)")
        print(f"batch --jobs 2:                    {n / t2:6.2f} files/s  ({t2:.1f} s)")
        print(f"jobs 2 / jobs 1 = {t1 / t2:.2f} (target >= 1.7)")
        print(f"batch overhead per file against the loop = {(t1 - t_loop) / t_loop * 100:.1f}% "
              f"({(t1 - t_loop) / n * 1000:.1f} ms per file; target <= 10%)")
        first, last = memory(Path(tmp) / "jobs2.duckdb")
        print(f"worker peak memory: first 100 files {first:.0f} MB, last 100 files {last:.0f} MB")


if __name__ == "__main__":
    main()

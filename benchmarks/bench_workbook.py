"""Excel out from a batch database: time and peak memory of `Store.export_workbook` against a
floor, on a database of many filings, in the same run.

The database is filled with the six samples' records, each copy under its own content hash (the
records are real; only their number is made up), so the workbook has every sheet at the size a
real batch gives. Each side runs in a fresh process, so its peak memory is its own:

- floor: XlsxWriter in constant_memory mode writing the same number of rows and cells per sheet
  (numbers and short strings, no formats, no links), from nothing;
- ours: `Store.export_workbook`: every table streamed from DuckDB a few thousand rows at a
  time and written with formats, provenance and links from findings to rows.

    python benchmarks/bench_workbook.py [--filings 10000]

Prints seconds, peak memory (MB) and rows per sheet for both, and the ratio of times. The claim
it checks (#13): memory stays flat however many filings there are.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAMES = ["seed", "v1_school", "v2_hospital", "v3_agriculture", "p1_school_planted", "p2_agriculture_planted"]


def fill(db: Path, filings: int) -> None:
    from extractor.batch.store import Store
    from extractor.pipeline import extract_file

    records = [json.loads(extract_file(ROOT / "samples" / f"{n}.docx").model_dump_json()) for n in NAMES]
    store = Store(db, group=200)
    try:
        for k in range(filings):
            record = json.loads(json.dumps(records[k % len(records)]))
            record["source"]["sha256"] = f"{k:064x}"
            store.write_record(f"filings/{k:05d}-{NAMES[k % len(NAMES)]}.docx", record)
    finally:
        store.close()


def ours(db: Path, out: Path) -> dict:
    from extractor.batch.store import Store

    start = time.perf_counter()
    store = Store(db)
    try:
        n = store.export_workbook(out)
    finally:
        store.close()
    return {"seconds": time.perf_counter() - start, "filings": n}


def floor(shape: dict[str, tuple[int, int]], out: Path) -> dict:
    import xlsxwriter

    start = time.perf_counter()
    book = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    for name, (rows, cols) in shape.items():
        sheet = book.add_worksheet(name)
        for r in range(rows):
            for c in range(cols):
                if c % 2:
                    sheet.write_number(r, c, r * 1.25)
                else:
                    sheet.write_string(r, c, "当年财政拨款")
    book.close()
    return {"seconds": time.perf_counter() - start}


def shape_of(xlsx: Path) -> dict[str, tuple[int, int]]:
    import openpyxl

    book = openpyxl.load_workbook(xlsx, read_only=True)
    return {name: (book[name].max_row, book[name].max_column) for name in book.sheetnames}


def child(argv: list[str]) -> None:
    """One measured side, in this fresh process: prints its figures and its peak RSS as JSON."""
    side, db, out = argv[0], Path(argv[1]), Path(argv[2])
    result = ours(db, out) if side == "ours" else floor(json.loads(argv[3]), out)
    result["peak_mb"] = peak_mb()
    print(json.dumps(result))


def peak_mb() -> float:
    """This process's own peak resident memory. Not getrusage's ru_maxrss: a child started by
    vfork reports its parent's peak (the parent here held the six records and filled the database)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measured(*args: str) -> dict:
    run = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--filings", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db, book, bare = Path(tmp) / "b.duckdb", Path(tmp) / "all.xlsx", Path(tmp) / "floor.xlsx"
        start = time.perf_counter()
        fill(db, args.filings)
        print(f"database of {args.filings} filings filled in {time.perf_counter() - start:.1f} s "
              f"({db.stat().st_size / 2**20:.0f} MB)")
        ours_result = measured("ours", str(db), str(book))
        shape = shape_of(book)
        floor_result = measured("floor", str(db), str(bare), json.dumps(shape))
        print("rows per sheet: " + ", ".join(f"{name} {rows - 2}" for name, (rows, _) in shape.items()))
        print(f"{'':<34}{'seconds':>9}{'peak MB':>9}")
        print(f"{'floor (XlsxWriter, bare cells)':<34}{floor_result['seconds']:>9.1f}{floor_result['peak_mb']:>9.0f}")
        print(f"{'ours (streamed from DuckDB)':<34}{ours_result['seconds']:>9.1f}{ours_result['peak_mb']:>9.0f}"
              f"   ratio {ours_result['seconds'] / floor_result['seconds']:.2f}   "
              f"({book.stat().st_size / 2**20:.0f} MB workbook)")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2:])
    else:
        main()

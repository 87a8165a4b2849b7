"""Cold start: `extract` as a user runs it from a shell loop, one fresh process per file,
against fresh processes of the library floors, interleaved in one run.

Floors (each a fresh `python3 -c`, so interpreter start-up counts on both sides):
- .docx: python-docx opening the file and reading every cell's text (`row.cells`), nested
  tables included: the same floor as bench_docx.py;
- PDF: pdfplumber opening the file, then extract_text() and find_tables() on every page: the
  same floor as bench_pdf.py.

    python benchmarks/bench_cold.py [--repeat 7] [--docx FILE] [--pdf FILE]

Prints the median wall time and the peak memory (max RSS) of each command, and the ratios.
Targets: .docx <= 2.5x its floor, PDF <= 1.5x its floor, a cold .docx run <= 100 MB.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

DOCX_FLOOR = """
import sys, docx
def walk(tables):
    for table in tables:
        for row in table.rows:
            for cell in row.cells:
                cell.text
                walk(cell.tables)
walk(docx.Document(sys.argv[1]).tables)
"""

PDF_FLOOR = """
import sys, pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        page.extract_text()
        page.find_tables()
"""


def extract_command() -> list[str]:
    """The installed console script beside this interpreter, as a user runs it."""
    script = Path(sys.executable).with_name("extract")
    found = str(script) if script.exists() else shutil.which("extract")
    return [found] if found else [sys.executable, "-m", "extractor.cli"]


def run_once(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one fresh process; its output is discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {proc.returncode}: {proc.stderr.read().decode(errors='replace')}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--docx", type=Path, default=ROOT / "samples" / "seed.docx")
    parser.add_argument("--pdf", type=Path, default=ROOT / "samples" / "seed.pdf")
    args = parser.parse_args()
    extract = extract_command()
    commands = {
        "docx floor (python-docx)": [sys.executable, "-c", DOCX_FLOOR, str(args.docx)],
        "extract .docx": [*extract, str(args.docx)],
        "pdf floor (pdfplumber)": [sys.executable, "-c", PDF_FLOOR, str(args.pdf)],
        "extract .pdf": [*extract, str(args.pdf)],
    }
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(args.repeat):  # interleaved, so a slow moment of the machine hits every command alike
        for name, command in commands.items():
            runs[name].append(run_once(command))
    median = {name: statistics.median(s for s, _ in r) for name, r in runs.items()}
    peak = {name: max(m for _, m in r) for name, r in runs.items()}
    print(f"{'command':<28}{'median s':>10}{'min s':>8}{'peak MB':>9}")
    for name, r in runs.items():
        print(f"{name:<28}{median[name]:>10.3f}{min(s for s, _ in r):>8.3f}{peak[name]:>9.1f}")
    docx_ratio = median["extract .docx"] / median["docx floor (python-docx)"]
    pdf_ratio = median["extract .pdf"] / median["pdf floor (pdfplumber)"]
    print(f"cold ratio .docx = {docx_ratio:.2f} (target <= 2.5), peak {peak['extract .docx']:.0f} MB (target <= 100)")
    print(f"cold ratio PDF   = {pdf_ratio:.2f} (target <= 1.5), peak {peak['extract .pdf']:.0f} MB")


if __name__ == "__main__":
    main()

"""Time our PDF reading per page against the floor measured in the same run.

Floor: pdfplumber opening the file, then extract_text() and find_tables() on every page.
Ours: extractor.readers.pdf.read (paragraphs, tables with spans, stitching, page furniture)
and the whole extract_file on the PDF (read, records, reconcile). For scale, the bare pdfium
pass (every character's box and every path object, nothing built from them) is timed too: it
is what our reader cannot go below.

    python benchmarks/bench_pdf.py [--repeat 5] [FILE.pdf ...]

Prints per-file medians per page and the ratios, then the overall ratios.
Target (#12): extract <= 0.5x the pdfplumber floor.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import pdfplumber

from extractor.pipeline import extract_file
from extractor.readers.pdf import read

from timing import median_seconds

ROOT = Path(__file__).resolve().parents[1]


def floor(path: Path) -> int:
    n = 0
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            n += len(page.extract_text() or "")
            n += len(page.find_tables())
    return n


def pdfium_pass(path: Path) -> int:
    import pypdfium2 as pdfium

    from extractor.readers.pdf_objects import read_page

    pdf = pdfium.PdfDocument(str(path))
    try:
        return sum(len(read_page(pdf[n]).chars) for n in range(len(pdf)))
    finally:
        pdf.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    files = args.files or sorted((ROOT / "samples").glob("*.pdf"))
    print(f"{'file':<28}{'pages':>6}{'floor ms/p':>12}{'pdfium ms/p':>13}{'read ms/p':>11}{'ratio':>7}"
          f"{'extract ms/p':>14}{'ratio':>7}")
    totals = [0.0, 0.0, 0.0, 0.0]
    for path in files:
        with pdfplumber.open(str(path)) as pdf:
            pages = len(pdf.pages)
        f, p, r, e = (median_seconds(fn, path, args.repeat) for fn in (floor, pdfium_pass, read, extract_file))
        totals = [totals[0] + f, totals[1] + p, totals[2] + r, totals[3] + e]
        print(f"{path.name:<28}{pages:>6}{f / pages * 1e3:>12.1f}{p / pages * 1e3:>13.1f}{r / pages * 1e3:>11.1f}"
              f"{r / f:>7.2f}{e / pages * 1e3:>14.1f}{e / f:>7.2f}")
    f, p, r, e = totals
    print(f"ratio pdfium pass/floor = {p / f:.2f}, read/floor = {r / f:.2f}, "
          f"extract/floor = {e / f:.2f} (target <= 0.5)")


if __name__ == "__main__":
    main()

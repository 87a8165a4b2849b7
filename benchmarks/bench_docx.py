"""Time our .docx reading against the floor measured in the same run.

Floor: python-docx opening the file and reading every cell's text the naive way
(`for row in table.rows: for cell in row.cells: cell.text`), nested tables included.
Ours: `extractor.readers.docx.read` (the full Document: paragraphs, merges, headers) and the
whole `extract_file` (Document plus attachments and section trees).

    python benchmarks/bench_docx.py [--repeat 15] [FILE.docx ...]

With no files it runs every samples/*.docx and a generated 1,000-row indicator table.
Prints per-file medians and ratios, and the overall ratio (sum of medians). Target: <= 1.0.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import docx

from extractor.pipeline import extract_file
from extractor.readers.docx import read

from timing import median_seconds

ROOT = Path(__file__).resolve().parents[1]


def floor(path: Path) -> int:
    document = docx.Document(str(path))
    n = 0

    def walk(tables):
        nonlocal n
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    n += len(cell.text)
                    walk(cell.tables)

    walk(document.tables)
    return n


def big_table(directory: Path) -> Path:
    sys.path.insert(0, str(ROOT / "samples"))
    from builder import Cell, Para, Sample, Table, write_docx

    rows = [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因"]]
    for block in range(100):
        for i in range(10):
            lead = [Cell(f"产出指标{block}", rs=10), Cell(f"数量指标{block}", rs=10)] if i == 0 else []
            rows.append(lead + [f"指标{block}-{i}", "100%", "98%", "2", "1.96", ""])
    path = directory / "big_table.docx"
    write_docx(Sample("big_table", [Para("附件1"), Para("项目支出绩效自评表"), Table(rows)]), path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = args.files or sorted((ROOT / "samples").glob("*.docx")) + [big_table(Path(tmp))]
        print(f"{'file':<24}{'floor ms':>10}{'read ms':>10}{'ratio':>8}{'extract ms':>12}{'ratio':>8}")
        totals = [0.0, 0.0, 0.0]
        for path in files:
            f = median_seconds(floor, path, args.repeat)
            r = median_seconds(read, path, args.repeat)
            e = median_seconds(extract_file, path, args.repeat)
            totals = [totals[0] + f, totals[1] + r, totals[2] + e]
            print(f"{path.name:<24}{f * 1e3:>10.1f}{r * 1e3:>10.1f}{r / f:>8.2f}{e * 1e3:>12.1f}{e / f:>8.2f}")
        f, r, e = totals
        print(f"{'all (sum of medians)':<24}{f * 1e3:>10.1f}{r * 1e3:>10.1f}{r / f:>8.2f}{e * 1e3:>12.1f}{e / f:>8.2f}")
        print(f"ratio read/floor = {r / f:.2f}, extract/floor = {e / f:.2f} (target <= 1.0)")


if __name__ == "__main__":
    main()

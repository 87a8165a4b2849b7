"""Scanned filings: speed of our OCR path against RapidOCR alone, and what the scans give
against the same filings' .docx.

Scans are made from the samples' text PDFs by samples/scans.py (pdftoppm at the dpi asked for,
then a red seal, skew within ±2°, noise and JPEG compression), so the truth stays known.

1. Speed, on the pages of one scan (default: the seed, 23 pages at 200 dpi), in the same run:
   - floor: each page rendered at 200 dpi and given to RapidOCR as it ships (default settings);
   - ours: extract_file on the scan: seal removal, straightening, ruling, recognition, layout,
     records and reconciliation; cold (a fresh process, models loaded) and warm.
2. Accuracy, per scan: indicator and funds fields, numbers' digits (every number of the paired
   records, as written), findings the same as the .docx's, error findings the .docx record does
   not have (a misread reported as an error), and findings hedged as possibly misread.

    python benchmarks/bench_ocr.py [--dpi 200] [--speed-only | --accuracy-only] [NAME ...]

Targets (#12): < 2 s per page; on 200 dpi scans fields >= 0.97, digits >= 0.995, and no misread
number reported as an error.
"""
from __future__ import annotations

import argparse
import contextlib
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
sys.path.insert(0, str(SAMPLES))

from extractor.parity import Parity, parity  # noqa: E402
from extractor.pipeline import extract_file  # noqa: E402

from scans import make_scan  # noqa: E402

NAMES = ["seed", "v1_school", "v2_hospital", "v3_agriculture", "p1_school_planted", "p2_agriculture_planted"]


def scan_of(name: str, dpi: int) -> Path:
    """The scan of a sample (or of samples/generated/gNNN), made when missing."""
    source = SAMPLES / f"{name}.pdf"
    if not source.exists():
        source = SAMPLES / "generated" / f"{name}.pdf"
    out = SAMPLES / ".build" / "scans" / str(dpi) / f"{name}.pdf"
    if not out.exists() or out.stat().st_mtime < source.stat().st_mtime:
        make_scan(source, out, dpi=dpi)
    return out


def docx_of(name: str) -> Path:
    path = SAMPLES / f"{name}.docx"
    return path if path.exists() else SAMPLES / "generated" / f"{name}.docx"


def rapidocr_alone(scan: Path) -> tuple[float, int]:
    """Seconds for RapidOCR, default settings, on every page rendered at 200 dpi; pages."""
    import pypdfium2 as pdfium
    from rapidocr_onnxruntime import RapidOCR

    engine = RapidOCR()
    pdf = pdfium.PdfDocument(str(scan))
    images = [np.asarray(pdf[n].render(scale=200 / 72).to_pil().convert("RGB")) for n in range(len(pdf))]
    engine(images[0])  # its models loaded and warmed, as ours are in the warm run
    start = time.perf_counter()
    for image in images:
        engine(image)
    return time.perf_counter() - start, len(images)


@contextlib.contextmanager
def models_timed():
    """Seconds spent inside onnxruntime (the PP-OCR networks) while the block runs, and how many
    runs: what no work of ours around the models can take away."""
    import onnxruntime

    spent = [0.0, 0]
    original = onnxruntime.InferenceSession.run

    def run(self, *args, **kwargs):
        start = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start
            spent[1] += 1

    onnxruntime.InferenceSession.run = run
    try:
        yield spent
    finally:
        onnxruntime.InferenceSession.run = original


def cold_run(scan: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "extractor.cli", str(scan), "-o", "/dev/null"], check=True)
    return time.perf_counter() - start


def speed(name: str, dpi: int) -> None:
    scan = scan_of(name, dpi)
    floor, pages = rapidocr_alone(scan)
    cold = cold_run(scan)
    extract_file(scan)  # models loaded
    with models_timed() as in_models:
        start = time.perf_counter()
        extract_file(scan)
        warm = time.perf_counter() - start
    print(f"speed on {scan.relative_to(ROOT)} ({pages} pages, {dpi} dpi)")
    print(f"  RapidOCR alone (default settings)  {floor / pages:6.2f} s/page")
    print(f"  extract, warm                      {warm / pages:6.2f} s/page   ratio {warm / floor:.2f}")
    print(f"    of which inside the models        {in_models[0] / pages:6.2f} s/page   (detection and recognition"
          f" networks: {in_models[1]} runs)")
    print(f"  extract, cold (fresh process)      {cold / pages:6.2f} s/page   ratio {cold / floor:.2f}   (target < 2 s/page)")


def accuracy(names: list[str], dpi: int) -> None:
    print(f"\naccuracy of {dpi} dpi scans (seal, skew, noise, JPEG) against each filing's .docx")
    print(f"{'filing':<26}{'funds':>7}{'indic.':>8}{'digits':>8}{'findings':>10}{'misread errors':>16}{'hedged':>8}")
    total = Parity()
    for name in names:
        score = parity(extract_file(docx_of(name)), extract_file(scan_of(name, dpi)), name)
        total += score
        _line(name, score)
    _line("all", total)
    if total.differences:
        print("\ndifferences:")
        print("\n".join(f"  {d}" for d in total.differences[:80]))


def _line(name: str, s: Parity) -> None:
    c = s.counts
    print(f"{name:<26}{s.share('funds right', 'funds fields'):>7.3f}{s.share('indicators right', 'indicators fields'):>8.3f}"
          f"{s.share('numbers right', 'numbers'):>8.3f}{c['findings same']:>5}/{c['findings']:<4}"
          f"{c['errors not in reference']:>16}{c['possibly misread']:>8}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", default=NAMES)
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--speed-only", action="store_true")
    parser.add_argument("--accuracy-only", action="store_true")
    args = parser.parse_args()
    if not args.accuracy_only:
        speed(args.names[0], args.dpi)
    if not args.speed_only:
        accuracy(args.names, args.dpi)


if __name__ == "__main__":
    main()

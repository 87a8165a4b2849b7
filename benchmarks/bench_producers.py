"""PDF parity across producers: the generated filings' records from their PDFs against the same
filings' .docx, per split (samples/generated/split.py) and per producer.

Producers: LibreOffice (the committed samples/generated/gNNN.pdf), headless Chromium printing
an HTML rendering, ReportLab drawing tables with row rules only, and four variants
(samples/producers.py; made into samples/.build/producers/ when missing): LibreOffice with the
header rows' short column names written vertically, LibreOffice's PDF with every page stored
turned under /Rotate, the same with the unit's red seal drawn over the text, and Chromium with
the narrative set in two columns.

    python benchmarks/bench_producers.py [--producer libreoffice chromium reportlab vertical rotated sealed twocolumn] [--show]
    python samples/generate.py --count 200 --seed 7 --out /tmp/seed7       # a second corpus, with its PDFs
    python benchmarks/bench_producers.py --generated /tmp/seed7 --producer libreoffice

With --generated, the filings of another generated folder are read (its own LibreOffice PDFs; the
other producers' PDFs go to DIR/.producers), split by name as the committed ones are.

Prints funds and indicator fields, numbers' digits and findings the same as the .docx's, the
extra findings, and the filings whose records are identical to the .docx's row for row (every
record type, figures' labels and relations included; extractor.parity.unlike_rows).
Target (#12): fields >= 0.99 of the .docx values, findings identical.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "samples" / "generated"
sys.path.insert(0, str(ROOT / "samples"))
sys.path.insert(0, str(GENERATED))

from extractor.parity import Parity, parity  # noqa: E402
from extractor.pipeline import extract_file  # noqa: E402

from producers import DEFAULT_OUT, PRODUCERS, produce  # noqa: E402
from split import split_of  # noqa: E402


def pdf_of(producer: str, docx: Path) -> Path:
    if producer == "libreoffice":
        return docx.with_suffix(".pdf")
    built = DEFAULT_OUT if docx.parent.resolve() == GENERATED else docx.parent / ".producers"
    out = built / producer / f"{docx.stem}.pdf"
    if not out.exists() or out.stat().st_mtime < docx.stat().st_mtime:
        produce(producer, docx, built, force=False)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--producer", nargs="+", default=["libreoffice", *sorted(PRODUCERS)])
    parser.add_argument("--show", action="store_true", help="list what differs")
    parser.add_argument("--generated", type=Path, default=GENERATED, metavar="DIR",
                        help="another folder written by samples/generate.py (default: the committed one)")
    args = parser.parse_args()
    print(f"{'producer':<13}{'split':<6}{'funds':>7}{'indic.':>8}{'digits':>8}{'findings':>11}{'extra':>7}{'identical':>11}")
    for producer in args.producer:
        scores = {"dev": Parity(), "test": Parity()}
        for docx in sorted(args.generated.glob("g*.docx")):
            scores[split_of(docx.stem)] += parity(extract_file(docx), extract_file(pdf_of(producer, docx)), docx.stem)
        for split, s in scores.items():
            c = s.counts
            print(f"{producer:<13}{split:<6}{s.share('funds right', 'funds fields'):>7.3f}"
                  f"{s.share('indicators right', 'indicators fields'):>8.3f}{s.share('numbers right', 'numbers'):>8.3f}"
                  f"{c['findings same']:>6}/{c['findings']:<4}{c['findings extra']:>7}"
                  f"{c['filings identical']:>7}/{c['filings']:<3}")
            if args.show and s.differences:
                print("\n".join(f"  {d}" for d in s.differences))


if __name__ == "__main__":
    main()

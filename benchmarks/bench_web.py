"""Saved web pages and OFD: parity with the .docx per split, and the readers' speed against a
floor measured in the same run.

Parity: every generated filing (samples/generated/split.py: dev and test) and the six samples,
through LibreOffice's HTML export, a GBK government CMS page, that page saved as .mht
(samples/web_pages.py) and OFD (samples/ofd_writer.py); funds and indicator fields, numbers'
digits and findings the same as the .docx's, and the filings whose records are identical to the
.docx's row for row (extractor.parity.unlike_rows: figures' labels, extra rows and all).

Speed, per file, warm, best of three:
- HTML: our reader (decode, parse, article, blocks) against lxml.html parsing the same bytes alone;
- OFD: our reader (the package checked, XML parsed, objects to layout) against unzipping every
  member and parsing its XML with lxml alone.

    python benchmarks/bench_web.py [--speed-only | --parity-only]
"""
from __future__ import annotations

import argparse
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
sys.path.insert(0, str(SAMPLES))
sys.path.insert(0, str(SAMPLES / "generated"))

from extractor.parity import Parity, parity  # noqa: E402
from extractor.pipeline import extract_file  # noqa: E402
from extractor.readers import read_document  # noqa: E402

from ofd_writer import make as make_ofd  # noqa: E402
from split import split_of  # noqa: E402
from web_pages import NAMES, make  # noqa: E402

KINDS = ("libreoffice", "cms", "mht", "ofd")


def docx_of(name: str) -> Path:
    path = SAMPLES / f"{name}.docx"
    return path if path.exists() else SAMPLES / "generated" / f"{name}.docx"


def files(kind: str, names: list[str]) -> list[Path]:
    return make_ofd(names) if kind == "ofd" else make(kind, names)


def parity_table(generated: list[str]) -> None:
    print(f"{'kind':<13}{'split':<8}{'funds':>7}{'indic.':>8}{'digits':>8}{'findings':>11}{'extra':>7}{'identical':>11}")
    groups = {"samples": NAMES, "dev": [n for n in generated if split_of(n) == "dev"],
              "test": [n for n in generated if split_of(n) == "test"]}
    references = {n: extract_file(docx_of(n)) for names in groups.values() for n in names}
    for kind in KINDS:
        paths = dict(zip(NAMES + generated, files(kind, NAMES + generated), strict=True))
        for split, names in groups.items():
            total = Parity()
            for name in names:
                total += parity(references[name], extract_file(paths[name]), name)
            c = total.counts
            print(f"{kind:<13}{split:<8}{total.share('funds right', 'funds fields'):>7.3f}"
                  f"{total.share('indicators right', 'indicators fields'):>8.3f}{total.share('numbers right', 'numbers'):>8.3f}"
                  f"{c['findings same']:>6}/{c['findings']:<4}{c['findings extra']:>7}"
                  f"{c['filings identical']:>7}/{c['filings']:<3}")


def best(seconds_of, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        seconds_of()
        times.append(time.perf_counter() - start)
    return min(times)


def html_floor(path: Path) -> None:
    import lxml.html

    lxml.html.document_fromstring(path.read_bytes())


def ofd_floor(path: Path) -> None:
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith(".xml"):
                etree.fromstring(z.read(name))


def speed_table() -> None:
    print(f"\n{'file':<34}{'floor ms':>10}{'reader ms':>11}{'ratio':>7}{'extract ms':>12}")
    rows = [(p, html_floor) for p in make("libreoffice", NAMES)] + [(p, html_floor) for p in make("cms", NAMES)] + \
           [(p, ofd_floor) for p in make_ofd(NAMES)]
    ratios: dict[str, list[float]] = {}
    for path, floor_of in rows:
        read_document(path)  # warm: imports and pattern files loaded
        floor = best(lambda p=path, f=floor_of: f(p))
        ours = best(lambda p=path: read_document(p))
        whole = best(lambda p=path: extract_file(p))
        label = f"{path.parent.name}/{path.name}"
        ratios.setdefault("ofd" if path.suffix == ".ofd" else "html", []).append(ours / floor)
        print(f"{label:<34}{floor * 1000:>10.1f}{ours * 1000:>11.1f}{ours / floor:>7.2f}{whole * 1000:>12.1f}")
    for kind, values in ratios.items():
        print(f"{kind} reader / floor: median {sorted(values)[len(values) // 2]:.2f} "
              f"(html floor: lxml.html parsing alone; ofd floor: unzipping and parsing every XML member alone)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--speed-only", action="store_true")
    parser.add_argument("--parity-only", action="store_true")
    args = parser.parse_args()
    generated = sorted(p.stem for p in (SAMPLES / "generated").glob("g*.docx"))
    if not args.speed_only:
        parity_table(generated)
    if not args.parity_only:
        speed_table()


if __name__ == "__main__":
    main()

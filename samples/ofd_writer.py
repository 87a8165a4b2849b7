"""OFD files (GB/T 33190) written from the samples' PDFs, for the OFD reader's parity tests.

A small writer of the standard's XML: OFD.xml naming one document, its Document.xml listing the
pages, a PublicRes.xml with the font, and per page a Content.xml whose layer holds a TextObject
per run of characters (a TextCode with its start and the advance of each character, DeltaX) and a
PathObject per table rule, in millimetres from the page's top left. The characters and rules are
those pdfium reads from the LibreOffice PDF, so the OFD draws what the PDF draws.

    python samples/ofd_writer.py [NAME ...]     # -> samples/.build/ofd/NAME.ofd
"""
from __future__ import annotations

import argparse
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pypdfium2 as pdfium

HERE = Path(__file__).resolve().parent
OUT = HERE / ".build" / "ofd"
sys.path.insert(0, str(HERE))

from extractor.readers.pdf_objects import read_page  # noqa: E402

MM = 25.4 / 72  # millimetres per point
NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
NAMES = ["seed", "v1_school", "v2_hospital", "v3_agriculture", "p1_school_planted", "p2_agriculture_planted"]


def pdf_of(name: str) -> Path:
    path = HERE / f"{name}.pdf"
    return path if path.exists() else HERE / "generated" / f"{name}.pdf"


def _n(value: float) -> str:
    return f"{value * MM:.3f}".rstrip("0").rstrip(".")


def _runs(chars: list[dict]) -> list[list[dict]]:
    """Characters drawn one after the other on one baseline, in one size: one TextCode each."""
    runs: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: c.get("seq", 0)):
        last = runs[-1][-1] if runs else None
        if (last is not None and abs(last["bottom"] - ch["bottom"]) < 0.01 and abs(last["size"] - ch["size"]) < 0.01
                and 0 <= ch["x0"] - last["x0"] < 4 * ch["size"] and not ch.get("turned") and not last.get("turned")):
            runs[-1].append(ch)
        else:
            runs.append([ch])
    return runs


def _text_object(run: list[dict], ident: int) -> str:
    first, size = run[0], run[0]["size"]
    x0, top = first["x0"], first["bottom"] - size
    width = max(c["x1"] for c in run) - x0
    deltas = [b["x0"] - a["x0"] for a, b in zip(run, run[1:], strict=False)] + [run[-1]["x1"] - run[-1]["x0"]]
    text = "".join(c["text"] for c in run)
    return (f'<ofd:TextObject ID="{ident}" Boundary="{_n(x0)} {_n(top)} {_n(width)} {_n(size)}" Font="2" '
            f'Size="{_n(size)}"><ofd:TextCode X="0" Y="{_n(size)}" DeltaX="{" ".join(_n(d) for d in deltas)}">'
            f"{escape(text)}</ofd:TextCode></ofd:TextObject>")


def _path_object(seg, ident: int) -> str:
    width, height = seg.x1 - seg.x0, seg.bottom - seg.top
    return (f'<ofd:PathObject ID="{ident}" Boundary="{_n(seg.x0)} {_n(seg.top)} {_n(width)} {_n(height)}" '
            f'LineWidth="0.25"><ofd:AbbreviatedData>M 0 0 L {_n(width)} {_n(height)}</ofd:AbbreviatedData>'
            f"</ofd:PathObject>")


def page_xml(page: pdfium.PdfPage, start_id: int) -> tuple[str, int, tuple[float, float]]:
    objects = read_page(page)
    ident = start_id
    parts = []
    for run in _runs(objects.chars):
        parts.append(_text_object(run, ident))
        ident += 1
    for seg in objects.segments:
        parts.append(_path_object(seg, ident))
        ident += 1
    xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page {NS}><ofd:Area><ofd:PhysicalBox>0 0 {_n(objects.width)} '
           f'{_n(objects.height)}</ofd:PhysicalBox></ofd:Area><ofd:Content><ofd:Layer ID="{ident}">{"".join(parts)}'
           f"</ofd:Layer></ofd:Content></ofd:Page>")
    return xml, ident + 1, (objects.width, objects.height)


def write_ofd(pdf_path: Path, out: Path) -> Path:
    pdf = pdfium.PdfDocument(str(pdf_path))
    pages, ident, size = [], 10, (595.0, 842.0)
    for n in range(len(pdf)):
        xml, ident, size = page_xml(pdf[n], ident)
        pages.append(xml)
    pdf.close()
    page_list = "".join(f'<ofd:Page ID="{n + 3}" BaseLoc="Pages/Page_{n}/Content.xml"/>' for n in range(len(pages)))
    document = (f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>{ident}'
                f'</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {_n(size[0])} {_n(size[1])}</ofd:PhysicalBox>'
                f'</ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>{page_list}'
                f"</ofd:Pages></ofd:Document>")
    ofd = (f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:OFD {NS} Version="1.0" DocType="OFD"><ofd:DocBody>'
           f"<ofd:DocInfo><ofd:DocID>{quoteattr(pdf_path.stem)[1:-1]}</ofd:DocID><ofd:Creator>extractor samples"
           f"</ofd:Creator></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
    res = (f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Res {NS} BaseLoc="Res"><ofd:Fonts>'
           f'<ofd:Font ID="2" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>')
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".partial")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", ofd)
        z.writestr("Doc_0/Document.xml", document)
        z.writestr("Doc_0/PublicRes.xml", res)
        for n, xml in enumerate(pages):
            z.writestr(f"Doc_0/Pages/Page_{n}/Content.xml", xml)
    tmp.replace(out)
    return out


def make(names: list[str], out: Path = OUT, force: bool = False) -> list[Path]:
    made = []
    for name in names:
        target = out / f"{name}.ofd"
        if force or not target.exists() or target.stat().st_mtime < pdf_of(name).stat().st_mtime:
            write_ofd(pdf_of(name), target)
        made.append(target)
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*")
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    names = args.names or NAMES + sorted(p.stem for p in (HERE / "generated").glob("g*.pdf"))
    paths = make(names, force=args.force)
    print(f"{len(paths)} OFD files in {OUT.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The corpus of bad and hostile inputs, generated (never collected): each case is a file and
the answer extract must give it. `python tests/corpus.py DIR` writes it to a folder.
"""
from __future__ import annotations

import io
import os
import random
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "samples"
sys.path.insert(0, str(SAMPLES))

from builder import Cell, Para, Sample, Table, write_docx  # noqa: E402


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    code: int  # the documented exit code
    message: str  # a piece of the one-line message ("" for a success)
    needs_libreoffice: bool = False


def _page_images(folder: Path, cases: list) -> None:
    import io
    import struct
    import zlib

    from PIL import Image

    blank = io.BytesIO()
    Image.new("RGB", (400, 560), "white").save(blank, "PNG", dpi=(200, 200))
    _write(folder, "blank-page.png", blank.getvalue())
    cases.append(Case("blank scanned page .png", "blank-page.png", 5, "OCR read nothing"))
    _write(folder, "truncated.png", blank.getvalue()[:60])
    cases.append(Case("truncated .png", "truncated.png", 4, "damaged image"))
    tiff = io.BytesIO()
    Image.new("RGB", (400, 560), "white").save(tiff, "TIFF")
    _write(folder, "truncated.tif", tiff.getvalue()[:200])
    cases.append(Case("truncated .tif", "truncated.tif", 4, "damaged image"))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)  # 10 billion pixels declared in 60 bytes
    _write(folder, "pixel-bomb.png", b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 99))
           + chunk(b"IEND", b""))
    cases.append(Case("PNG declaring 100,000 x 100,000 pixels", "pixel-bomb.png", 6, "over the limit"))


def _write(folder: Path, name: str, data: bytes) -> None:
    (folder / name).write_bytes(data)


def _rezip(source: Path, target: Path, replace: dict[str, bytes] | None = None, extra: dict[str, bytes] | None = None,
           compression=zipfile.ZIP_DEFLATED) -> None:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", compression) as out:
        for info in src.infolist():
            out.writestr(info.filename, (replace or {}).get(info.filename, src.read(info)))
        for name, data in (extra or {}).items():
            out.writestr(name, data)


def _document_xml(text_inside_body: str, doctype: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            f"{text_inside_body}<w:sectPr/></w:body></w:document>").encode("utf-8")


def build(folder: Path, secret: Path) -> list[Case]:
    """Write every case into `folder`; `secret` is a local file an XXE must never reach."""
    folder.mkdir(parents=True, exist_ok=True)
    seed_docx, seed_pdf = SAMPLES / "seed.docx", SAMPLES / "seed.pdf"
    cases: list[Case] = []
    rng = random.Random(20231127)

    for ext in ("docx", "doc", "wps", "pdf"):
        _write(folder, f"empty.{ext}", b"")
        cases.append(Case(f"empty .{ext}", f"empty.{ext}", 2, "empty file (0 bytes)"))
    _write(folder, "truncated.docx", seed_docx.read_bytes()[:20000])
    cases.append(Case("truncated .docx", "truncated.docx", 4, "damaged zip container"))
    _write(folder, "truncated.pdf", seed_pdf.read_bytes()[:60000])
    cases.append(Case("truncated .pdf", "truncated.pdf", 4, "damaged PDF"))
    for ext in ("docx", "pdf", "doc"):
        _write(folder, f"random.{ext}", bytes(rng.getrandbits(8) for _ in range(4096)))
        cases.append(Case(f"random bytes .{ext}", f"random.{ext}", 2, "not a Word, PDF, web page or page image file"))
    html = "<!DOCTYPE html><html><head><title>404 Not Found</title></head><body>页面不存在</body></html>"
    for ext in ("doc", "docx", "pdf"):
        _write(folder, f"error-page.{ext}", html.encode("utf-8"))
        cases.append(Case(f"HTML page named .{ext}", f"error-page.{ext}", 9, "no filing found"))
        _write(folder, f"notes.{ext}", "这是一个纯文本文件，不是绩效自评报告。\n".encode("utf-8"))
        cases.append(Case(f"plain text named .{ext}", f"notes.{ext}", 2, "looks like plain text"))

    # Misnamed but genuine files are read by their content.
    _write(folder, "really-a-docx.pdf", seed_docx.read_bytes())
    cases.append(Case(".docx renamed .pdf", "really-a-docx.pdf", 0, ""))
    doc = _legacy_doc(folder)
    if doc is not None:
        os.replace(doc, folder / "really-a-doc.docx")
        cases.append(Case(".doc renamed .docx", "really-a-doc.docx", 0, "", needs_libreoffice=True))

    # XML attacks: an external entity reading a local file, and nested entity expansion.
    xxe = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    _rezip(seed_docx, folder / "xxe.docx", {"word/document.xml": _document_xml(
        "<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>", xxe)})
    cases.append(Case("external entity (XXE)", "xxe.docx", 0, ""))
    laughs = "".join(f'<!ENTITY l{i} "{"&l%d;" % (i - 1) * 10 if i else "哈哈"}">' for i in range(10))
    _rezip(seed_docx, folder / "billion-laughs.docx", {"word/document.xml": _document_xml(
        "<w:p><w:r><w:t>&l9;</w:t></w:r></w:p>", f"<!DOCTYPE w:document [{laughs}]>")})
    cases.append(Case("nested entity expansion (billion laughs)", "billion-laughs.docx", 4, "expand without bound"))

    # Zip bombs: one huge member from a small file, and a flood of members.
    bomb_body = "<w:p><w:r><w:t>" + "0" * (300 * 1024 * 1024) + "</w:t></w:r></w:p>"
    _rezip(seed_docx, folder / "zip-bomb.docx", {"word/document.xml": _document_xml(bomb_body)})
    cases.append(Case("zip bomb (300 MB document.xml)", "zip-bomb.docx", 6, "over the limit"))
    _rezip(seed_docx, folder / "many-members.docx", extra={f"flood/item{i}.xml": b"<a/>" for i in range(5000)})
    cases.append(Case("5,000 zip members", "many-members.docx", 6, "zip members, over the limit"))

    # Encrypted files.
    _encrypt_docx(seed_docx, folder / "locked.docx")
    cases.append(Case("password-encrypted .docx", "locked.docx", 3, "password-protected Office document"))
    _encrypt_pdf(SAMPLES / "v1_school.pdf", folder / "locked.pdf")
    cases.append(Case("encrypted PDF", "locked.pdf", 3, "password-protected PDF"))

    # PDFs without text, or with a broken cross-reference table.
    from PIL import Image

    Image.new("RGB", (595, 842), "white").save(folder / "scanned.pdf", "PDF", resolution=72)
    cases.append(Case("image-only (scanned) PDF", "scanned.pdf", 5, "no text layer"))
    data = seed_pdf.read_bytes()
    xref = data.rfind(b"startxref")
    _write(folder, "broken-xref.pdf", data[:xref] + b"startxref\n999999999\n%%EOF\n")
    cases.append(Case("PDF with a broken xref table", "broken-xref.pdf", 0, ""))  # pdfium rebuilds it

    # Page images (read by OCR): damaged, a decompression bomb, a blank page.
    _page_images(folder, cases)

    # Big and deep but legitimate.
    rows = [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]]
    rows += [[f"产出指标{i // 50}", f"数量指标{i // 10}", f"指标{i}", "100%", "100%", "0.02", "0.02"] for i in range(5000)]
    write_docx(Sample("big", [Para("附件1"), Para("项目支出绩效自评表"), Table(rows)]), folder / "table-5000-rows.docx")
    cases.append(Case("a 5,000-row table", "table-5000-rows.docx", 0, ""))
    deep = Table([["第三层"]])
    for level in ("第二层", "第一层"):
        deep = Table([[Cell(level, nested=deep), "旁边"]])
    write_docx(Sample("nested", [Para("附件1"), Para("部门整体支出绩效自评报告"), deep]), folder / "nested-3-deep.docx")
    cases.append(Case("tables nested three deep", "nested-3-deep.docx", 0, ""))
    # XML 1.0 forbids C0 controls, so a hostile .docx carries the ones it allows: DEL and C1,
    # among them the 8-bit CSI (\x9b) that terminals take as the start of an escape sequence.
    odd = "𠀀𡃁𤭢（扩展汉字）\x7f\x9b31m红色\x9b0m\x85"
    write_docx(Sample("odd", [Para("附件1"), Para("部门整体支出绩效自评报告"), Para(f"一、{odd}到位资金100万元。"),
                              Table([[odd, "𝟙𝟚𝟛"]])]), folder / "odd-characters.docx")
    cases.append(Case("characters outside the BMP and control characters", "odd-characters.docx", 0, ""))
    return cases


def _legacy_doc(folder: Path) -> Path | None:
    import shutil
    import subprocess
    import tempfile

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "doc",
                        "--outdir", str(folder), str(SAMPLES / "v1_school.docx")], check=True, capture_output=True, timeout=300)
    return folder / "v1_school.doc"


def _encrypt_docx(source: Path, target: Path) -> None:
    import msoffcrypto

    with open(source, "rb") as f:
        out = io.BytesIO()
        msoffcrypto.OfficeFile(f).encrypt("secret", out)
    target.write_bytes(out.getvalue())


def _encrypt_pdf(source: Path, target: Path) -> None:
    import pypdf

    reader, writer = pypdf.PdfReader(str(source)), pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt("secret")
    with open(target, "wb") as f:
        writer.write(f)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus")
    secret = target / "secret.txt"
    target.mkdir(parents=True, exist_ok=True)
    secret.write_text("TOP-SECRET", encoding="utf-8")
    for case in build(target, secret):
        print(f"{case.file:<28} exit {case.code}  {case.name}")

"""PDF and legacy Word give the same records and findings as the .docx they came from."""
import json
import shutil
import subprocess
import sys
from collections import Counter

import pypdf
import pytest
from PIL import Image

from extractor.evaluation import project
from extractor.pipeline import extract_file
from extractor.readers import legacy
from extractor.readers.pdf import read as read_pdf

from conftest import SAMPLES

NAMES = sorted(p.stem for p in SAMPLES.glob("*.docx"))
HAS_LIBREOFFICE = legacy.soffice() is not None


def rows(report):
    """Every record as comparable rows, provenance aside."""
    return {k: Counter(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in v) for k, v in project(report).items()}


@pytest.fixture(scope="module")
def from_docx():
    return {name: rows(extract_file(SAMPLES / f"{name}.docx")) for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_pdf_gives_the_same_records_and_findings(name, from_docx):
    assert rows(extract_file(SAMPLES / f"{name}.pdf")) == from_docx[name]


@pytest.mark.skipif(not HAS_LIBREOFFICE, reason="LibreOffice is needed to make the .doc (CI installs it)")
@pytest.mark.parametrize("name", NAMES)
def test_doc_converted_by_libreoffice_gives_the_same_records(name, from_docx, tmp_path):
    subprocess.run([legacy.soffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp_path), str(SAMPLES / f"{name}.docx")],
                   check=True, capture_output=True, timeout=300)
    report = extract_file(tmp_path / f"{name}.doc")
    assert report.source.format == "doc" and report.source.converted.endswith("doc → docx")
    assert rows(report) == from_docx[name]


def test_wps_named_file_is_read_as_legacy_word(tmp_path):
    if not HAS_LIBREOFFICE:
        pytest.skip("LibreOffice is needed")
    subprocess.run([legacy.soffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp_path), str(SAMPLES / "v1_school.docx")],
                   check=True, capture_output=True, timeout=300)
    wps = tmp_path / "filing.wps"
    shutil.move(tmp_path / "v1_school.doc", wps)
    report = extract_file(wps)
    assert report.source.format == "wps" and report.meta.department == "青岚县教育局"


def test_pdf_provenance_has_pages_and_boxes():
    doc = read_pdf(SAMPLES / "seed.pdf")
    assert doc.format == "pdf" and doc.pages == 23
    paragraph = next(b for b in doc.blocks if getattr(b, "text", "").startswith("2022年度老旧小区改造年度计划投资"))
    assert paragraph.provenance.page == 8 and len(paragraph.provenance.bbox) == 4
    table = next(b for b in doc.blocks if b.kind == "table")
    assert all(c.provenance.page is not None and c.provenance.bbox for c in table.cells)


def test_pdf_tables_continued_over_pages_are_stitched():
    doc = read_pdf(SAMPLES / "v3_agriculture.pdf")
    long_table = max((b for b in doc.blocks if b.kind == "table"), key=lambda t: t.n_rows)
    pages = {c.provenance.page for c in long_table.cells}
    assert len(pages) >= 2  # one table, drawn over several pages
    assert sum(1 for c in long_table.cells if c.text == "三级指标") == 1  # the repeated header rows are dropped
    output = next(c for c in long_table.cells if c.text.replace("\n", "").startswith("产出指标"))
    assert output.row_span >= 20  # a merged 一级 cell split by page breaks is one cell again


def test_pdf_page_headers_and_footers_are_kept_apart():
    doc = read_pdf(SAMPLES / "v2_hospital.pdf")
    assert [b.text for b in doc.headers] == ["桐溪县人民医院"]
    assert doc.footers and doc.footers[0].text.startswith("第")
    assert not any(
        getattr(b, "text", "") in ("桐溪县人民医院",) and b.provenance.page and b.provenance.bbox[1] < 50 for b in doc.blocks
    )


def test_a_row_broken_across_pages_is_put_back_together():
    doc = read_pdf(SAMPLES / "seed.pdf")
    texts = [c.text.replace("\n", "") for b in doc.blocks if b.kind == "table" for c in b.cells]
    assert "施工许可证、安全生产许可证发放合规性" in texts
    assert "放合规性" not in texts


def run(*args):
    proc = subprocess.run([sys.executable, "-m", "extractor.cli", *map(str, args)], capture_output=True, timeout=300)
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


def _encrypted_pdf(path, password="secret"):
    reader = pypdf.PdfReader(str(SAMPLES / "v1_school.pdf"))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(password)
    with open(path, "wb") as f:
        writer.write(f)


def test_encrypted_pdf_needs_its_password(tmp_path):
    locked = tmp_path / "locked.pdf"
    _encrypted_pdf(locked)
    code, out, err = run(locked)
    assert (code, out) == (3, "") and "password-protected PDF" in err and "--password" in err
    code, out, err = run(locked, "--password", "wrong")
    assert code == 3 and "the password is wrong" in err
    code, out, err = run(locked, "--password", "secret")
    assert code == 0 and json.loads(out)["meta"]["department"] == "青岚县教育局"


def test_a_blank_scan_has_no_text_and_no_ocr_refuses_any_scan(tmp_path):
    scan = tmp_path / "scan.pdf"
    Image.new("RGB", (600, 800), "white").save(scan, "PDF", resolution=72)
    code, out, err = run(scan)
    assert (code, out) == (5, "") and "OCR read nothing on the scanned pages" in err
    code, out, err = run(scan, "--no-ocr")
    assert (code, out) == (5, "") and "scanned page images) and OCR is off (--no-ocr)" in err


@pytest.mark.parametrize("content, code, message", [
    (b"", 2, "empty file (0 bytes)"),
    (b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", 4, "PDF"),
    (None, 4, "damaged PDF"),
])
def test_empty_and_corrupt_pdfs(tmp_path, content, code, message):
    target = tmp_path / "bad.pdf"
    target.write_bytes(content if content is not None else (SAMPLES / "seed.pdf").read_bytes()[:5000])
    got, out, err = run(target)
    assert (got, out) == (code, "") and message in err and err.count("\n") == 1


def test_missing_libreoffice_is_said_plainly(tmp_path, monkeypatch):
    from extractor.errors import MissingTool

    monkeypatch.setattr(legacy.shutil, "which", lambda name: None)
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"")
    with pytest.raises(MissingTool, match="apt-get install libreoffice-writer-nogui"):
        legacy.convert_to_docx(doc, tmp_path, 5, "doc")

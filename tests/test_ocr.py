"""Scanned filings read by OCR: a scan made from the seed's text PDF (red seal, skew, noise,
JPEG; samples/scans.py) gives the same funds and the same 2346/2436 finding as the text PDF."""
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest

from extractor.document import Table
from extractor.pipeline import extract_file, report_of
from extractor.readers import ocr, read_document
from extractor.readers.lattice import tables
from extractor.reconcile.runner import possibly_misread
from extractor.records import UNSURE_CELL, Evidence, Finding, Where

from conftest import SAMPLES
from scans import make_scan

# The seed's narrative page stating 到位资金2346万元 and its 附件5 project table stating 2436.
PAGES = [7, 13]


@pytest.fixture(scope="module")
def text_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("ocr") / "mini.pdf"
    new = pdfium.PdfDocument.new()
    new.import_pages(pdfium.PdfDocument(str(SAMPLES / "seed.pdf")), PAGES)
    new.save(str(path))
    return path


@pytest.fixture(scope="module")
def scan(text_pdf) -> Path:
    return make_scan(text_pdf, text_pdf.with_name("scan.pdf"), dpi=200)


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=300)


def test_a_scan_gives_the_text_pdfs_funds_and_finding(text_pdf, scan):
    text, scanned = extract_file(text_pdf), extract_file(scan)
    assert scanned.source.ocr_pages == [1, 2] and text.source.ocr_pages is None
    assert [(f.label, f.budget_initial.raw if f.budget_initial else None) for f in scanned.funds.rows] == \
        [(f.label, f.budget_initial.raw if f.budget_initial else None) for f in text.funds.rows]
    [mismatch] = [f for f in scanned.findings if f.rule == "figure.mismatch"]
    assert (mismatch.severity, mismatch.expected, mismatch.found) == ("error", "2436万元", "2346万元")
    confidences = [e.where.confidence for e in mismatch.evidence if e.where]
    assert confidences and all(c is not None and c >= 0.97 for c in confidences)
    assert all(e.where is None or e.where.confidence is None for f in text.findings for e in f.evidence)


def test_ocr_off_refuses_a_scan_with_exit_5(scan):
    proc = run(scan, "--no-ocr")
    assert proc.returncode == 5 and proc.stdout == ""
    assert "OCR is off (--no-ocr)" in proc.stderr


def test_a_mixed_pdf_is_read_page_by_page(text_pdf, scan, tmp_path):
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(str(text_pdf)), [0])
    mixed.import_pages(pdfium.PdfDocument(str(scan)), [1])
    path = tmp_path / "mixed.pdf"
    mixed.save(str(path))
    report = extract_file(path)
    assert report.source.ocr_pages == [2]
    assert any(f.rule == "figure.mismatch" and f.found == "2346万元" for f in report.findings)


def test_a_page_image_is_read_through_the_cli(scan, tmp_path):
    image = tmp_path / "page.png"
    pdfium.PdfDocument(str(scan))[0].render(scale=200 / 72).to_pil().convert("RGB").save(image, dpi=(200, 200))
    proc = run(image, "--compact")
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert record["source"]["format"] == "png" and record["source"]["ocr_pages"] == [1]
    assert "2346万元" in [f["quantity"]["raw"] for f in record["figures"]]


def test_the_red_seal_goes_and_black_print_under_it_stays():
    page = np.full((200, 200, 3), 255, np.uint8)
    cv2.putText(page, "2436", (20, 110), cv2.FONT_HERSHEY_SIMPLEX, 1.5, (0, 0, 0), 3)
    ink = np.full_like(page, 255)
    cv2.circle(ink, (100, 100), 80, (220, 30, 30), 6)
    cv2.circle(ink, (100, 100), 30, (200, 20, 40), -1)  # over the digits
    sealed = (page.astype(np.uint16) * ink // 255).astype(np.uint8)  # ink on paper multiplies
    cleaned = ocr.without_seal(sealed)
    print_ = page.max(axis=2) < 100
    assert (cleaned[print_].max(axis=1) < 100).all()  # the digits' strokes, under the seal too
    reddish = cleaned[..., 0].astype(int) - cleaned[..., 1:].max(axis=2) > 40
    assert not (reddish & (cleaned.max(axis=2) > 100)).any()  # no red ink left but print's dark edges under it


def test_a_skewed_page_is_measured_and_its_rules_found():
    page = np.full((1400, 1000), 255, np.uint8)
    for y in range(200, 1201, 100):
        cv2.line(page, (100, y), (900, y), 0, 2)
    for x in (100, 500, 900):
        cv2.line(page, (x, 200), (x, 1200), 0, 2)
    turned = ocr._rotated(page, 1.5)
    assert ocr.skew_angle(turned) == pytest.approx(-1.5, abs=0.15)
    ink = (255 - ocr._rotated(turned, ocr.skew_angle(turned)) > 128).astype(np.uint8) * 255
    segments, mask = ocr.ruling(ink, 72 / 200)
    [table] = tables(segments)
    assert len(table.cells) == 20 and mask.any()


def test_a_finding_on_a_value_ocr_was_unsure_of_is_a_warning_saying_so():
    def finding(confidence):
        where = Where(block=3, start=0, end=7, confidence=confidence)
        return Finding(rule="figure.mismatch", severity="error", message="到位资金与附件5不一致", expected="2436万元",
                       found="2346万元", evidence=[Evidence(role="stated", text="2346万元", value=Decimal("2346"), where=where)])

    unsure = possibly_misread(finding(0.81))
    assert unsure.severity == "warning" and unsure.message.startswith("可能为识别错误（扫描件OCR置信度0.81")
    assert unsure.diagnosis == "可能识别有误"
    assert possibly_misread(finding(0.995)).severity == "error"
    assert possibly_misread(finding(None)).severity == "error"


def _scanned_with_score_read_as(read: str, confidence: float):
    """p2's .docx Document with one rubric score (资金使用, 7) as OCR might give it back."""
    document, source = read_document(SAMPLES / "p2_agriculture_planted.docx")
    for block in document.blocks:
        if isinstance(block, Table) and any(c.text == "资金使用" for c in block.cells):
            row = next(c.row for c in block.cells if c.text == "资金使用")
            score = max((c for c in block.cells if c.row == row), key=lambda c: c.col)
            assert score.text == "7"
            score.text = read
            score.provenance = score.provenance.model_copy(update={"ocr_confidence": ((0, len(read), confidence),)})
            block._grid = None
    return report_of(document, source)


def test_a_total_whose_part_a_scan_may_have_misread_is_a_warning_naming_that_cell():
    # The score of 7 read as "/": no number, so the rubric row has no score, the total (98)
    # exceeds the parts (91), and the finding's evidence (the total) was read with confidence.
    report = _scanned_with_score_read_as("/", 0.80)
    [unsure] = [p for p in report.problems if p.stage == UNSURE_CELL]
    assert "读作“/”" in unsure.message and "0.80" in unsure.message
    [total] = [f for f in report.findings if f.rule == "score.total"]
    assert total.severity == "warning" and "读作“/”，识别置信度0.80" in total.message
    assert total.diagnosis == "可能识别有误"
    # Read with confidence, "/" is what the filing says: the total's error stands.
    sure = _scanned_with_score_read_as("/", 0.999)
    assert not [p for p in sure.problems if p.stage == UNSURE_CELL]
    assert [f.severity for f in sure.findings if f.rule == "score.total"] == ["error"]

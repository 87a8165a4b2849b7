"""PDFs of other producers give the records and findings of the filing's .docx: Chromium printing
an HTML rendering (borders as filled hairline rectangles, Type 3 fonts), and ReportLab drawing
tables with row rules only (no column rules: columns found from where the text stands), and
LibreOffice with the header rows' short column names written vertically (upright in columns, or
turned a quarter), and LibreOffice's own PDF with every page stored turned under /Rotate, or with
the unit's red seal drawn over its text, and Chromium with the narrative set in two columns."""
import functools

import pytest

from extractor.parity import parity
from extractor.pipeline import extract_file
from extractor.readers import read_document

from conftest import SAMPLES
from producers import chromium_pdf, reportlab_pdf, resolve, rotated_pdf, sealed_pdf, two_column_pdf, vertical_pdf

PRODUCED = {
    "chromium-seed": (chromium_pdf, "seed"),
    "reportlab-p1": (reportlab_pdf, "p1_school_planted"),
    # Row rules only: a title row split in two (附件4 | 评分表), a merged block moved whole to
    # the next page, and a 总分 row left alone at the top of a page (samples/generated).
    "reportlab-g009": (reportlab_pdf, "g009"),
    "reportlab-g033": (reportlab_pdf, "g033"),
    "reportlab-g042": (reportlab_pdf, "g042"),
    # a heading row boxed on its own over the rest of a table on the next page (g013), a score
    # drawn over the blank 偏差原因 beside it (g020), a statement row short of the last column (g007)
    "reportlab-g013": (reportlab_pdf, "g013"),
    "reportlab-g020": (reportlab_pdf, "g020"),
    "reportlab-g007": (reportlab_pdf, "g007"),
    "vertical-headers-seed": (vertical_pdf, "seed"),
    "vertical-headers-p1": (vertical_pdf, "p1_school_planted"),
    "rotated-pages-p2": (rotated_pdf, "p2_agriculture_planted"),
    "sealed-v2": (sealed_pdf, "v2_hospital"),
    "two-columns-v1": (two_column_pdf, "v1_school"),
    "two-columns-p1": (two_column_pdf, "p1_school_planted"),
    "two-columns-g039": (two_column_pdf, "g039"),  # a heading ending the left column
}


@pytest.mark.parametrize("producer, name", PRODUCED.values(), ids=PRODUCED.keys())
def test_another_producers_pdf_gives_the_docx_records_and_findings(tmp_path, producer, name):
    docx = resolve(name)
    pdf = producer(docx, tmp_path / f"{name}.pdf")
    reference, report = extract_file(docx), extract_file(pdf)
    score = parity(reference, report, name)
    assert score.differences == []
    assert score.counts["indicators right"] == score.counts["indicators fields"] > 0
    assert score.counts["funds right"] == score.counts["funds fields"] > 0
    assert score.counts["findings same"] == score.counts["findings"] == len(reference.findings)
    assert score.counts["findings extra"] == 0
    assert report.source.ocr_pages is None  # a text layer, seal or not: nothing is recognised


def test_tables_ruled_by_rows_only_keep_their_grid_and_every_cell_in_place(tmp_path):
    """Every cell with text stands where Word has it. (A merged cell whose text is short may come
    back as that cell and empty ones beside it: nothing in the drawing tells the two apart.)"""
    docx = SAMPLES / "v1_school.docx"
    rows_only, _ = read_document(reportlab_pdf(docx, tmp_path / "v1.pdf"))
    word, _ = read_document(docx)
    assert [(t.n_rows, t.n_cols) for _, t in rows_only.tables()] == [(17, 4), (31, 8), (23, 8)]
    for (_, drawn), (_, written) in zip(rows_only.tables(), word.tables(), strict=True):
        placed = {(c.row, c.col): c.text.replace("\n", "") for c in drawn.cells}
        assert {(c.row, c.col): c.text.replace("\n", "") for c in written.cells if c.text} == \
            {key: placed.get(key) for key in ((c.row, c.col) for c in written.cells if c.text)}


def test_pages_stored_turned_read_exactly_as_the_upright_pages(tmp_path):
    """/Rotate 90 and 270 over content drawn a quarter turned: the same Document, block for block
    (only the boxes may differ by the glyphs' rounding)."""
    upright, _ = read_document(SAMPLES / "seed.pdf")
    turned, _ = read_document(rotated_pdf(SAMPLES / "seed.docx", tmp_path / "seed.pdf"))

    def content(document):
        return [(b.kind, b.text) if b.kind != "table" else (b.kind, b.row_texts()) for b in document.blocks]

    assert content(turned) == content(upright)


GENERATED = sorted(path.stem for path in (SAMPLES / "generated").glob("g*.docx"))


@functools.cache
def _docx_report(name: str):
    return extract_file(SAMPLES / "generated" / f"{name}.docx")


@pytest.mark.parametrize("way", ["libreoffice", "rotated", "sealed"])
def test_every_generated_filings_pdf_gives_its_docx_records_and_findings(tmp_path, way):
    """Every filing of the generator (#9), as LibreOffice exports it, with its pages stored
    turned, and with the unit's seal drawn over it: records and findings as from its .docx."""
    made = {"libreoffice": lambda docx, out: docx.with_suffix(".pdf"), "rotated": rotated_pdf, "sealed": sealed_pdf}[way]
    differences = []
    for name in GENERATED:
        docx = SAMPLES / "generated" / f"{name}.docx"
        score = parity(_docx_report(name), extract_file(made(docx, tmp_path / f"{name}.pdf")), name)
        differences += score.differences
    assert differences == []

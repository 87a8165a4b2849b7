"""What pdfium gives of a page: only what a reader sees of it."""
import pypdfium2 as pdfium
from reportlab.pdfgen import canvas

from extractor.readers.pdf_objects import read_page


def _page_text(pdf_path) -> str:
    page = pdfium.PdfDocument(str(pdf_path))[0]
    return "".join(c["text"] for c in sorted(read_page(page).chars, key=lambda c: (c["top"], c["x0"])))


def test_text_drawn_outside_its_clip_is_not_read_but_text_partly_inside_is(tmp_path):
    # LibreOffice draws a vertical header name of a narrow cell beside the cell, clipped away:
    # the cell looks blank and the name must not join the next cell's header.
    path = tmp_path / "clipped.pdf"
    c = canvas.Canvas(str(path), pagesize=(300, 200))
    c.saveState()
    clip = c.beginPath()
    clip.rect(20, 100, 60, 30)
    c.clipPath(clip, stroke=0, fill=0)
    c.setFont("Helvetica", 12)
    c.drawString(25, 110, "SEEN")
    c.drawString(120, 110, "HIDDEN")  # wholly right of the clip
    c.drawString(70, 110, "CUT")  # starts inside, runs past the clip's edge: partly seen
    c.restoreState()
    c.setFont("Helvetica", 12)
    c.drawString(25, 50, "FREE")
    c.save()
    # C and U of CUT reach inside the clip (it ends at x=80), T stands wholly past it
    assert _page_text(path) == "SEENCUFREE"

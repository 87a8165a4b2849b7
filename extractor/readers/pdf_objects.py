"""A PDF page's drawn objects through pdfium: its characters with their boxes, its ruling as
axis-aligned segments, and its images. Everything in display coordinates (points, origin at the
top left of the page as shown, y growing downwards), whatever the page's /Rotate and crop box.

pdfium (Chromium's PDF engine, through pypdfium2) reads these an order of magnitude faster
than pdfminer, which spent most of our PDF time interpreting content streams in Python.
"""
from __future__ import annotations

import ctypes
import functools
import math
from collections.abc import Callable
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from .lattice import Segment, segment
from .pdf_layout import PageObjects

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_UNREADABLE = {0, 0xFFFD, 0xFFFE}


class _View:
    """Page space (y up, rotated, cropped) to display space (y down, as the page is shown)."""

    def __init__(self, page: pdfium.PdfPage):
        left, bottom, right, top = page.get_cropbox()
        self.left, self.bottom = left, bottom
        self.w, self.h = right - left, top - bottom
        self.rotation = page.get_rotation() % 360

    @property
    def size(self) -> tuple[float, float]:
        return (self.h, self.w) if self.rotation in (90, 270) else (self.w, self.h)

    def point(self, x: float, y: float) -> tuple[float, float]:
        x, y = x - self.left, y - self.bottom
        if self.rotation == 90:
            return y, x
        if self.rotation == 180:
            return self.w - x, y
        if self.rotation == 270:
            return self.h - y, self.w - x
        return x, self.h - y

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        (ax, ay), (bx, by) = self.point(x0, y0), self.point(x1, y1)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def read_page(page: pdfium.PdfPage) -> PageObjects:
    view = _View(page)
    chars, unreadable = _chars(page, view)
    segments: list[Segment] = []
    images: list[tuple[float, float, float, float]] = []
    _walk(page, view, segments, images)
    width, height = view.size
    return PageObjects(width, height, chars, segments, images, unreadable)


# ------------------------------------------------------------------ characters


def _chars(page: pdfium.PdfPage, view: _View) -> tuple[list[dict[str, Any]], int]:
    textpage = page.get_textpage()
    try:
        return _chars_of(textpage, view)
    finally:
        textpage.close()


def _chars_of(textpage: pdfium.PdfTextPage, view: _View) -> tuple[list[dict[str, Any]], int]:
    chars: list[dict[str, Any]] = []
    unreadable = 0
    ox, oy = ctypes.c_double(), ctypes.c_double()
    rect = raw.FS_RECTF()
    matrix = raw.FS_MATRIX()
    clips = _Clips(textpage)
    for i in range(textpage.count_chars()):
        if raw.FPDFText_IsGenerated(textpage, i) == 1:
            continue  # a space or line break pdfium inferred, not drawn
        code = raw.FPDFText_GetUnicode(textpage, i)
        if code in _UNREADABLE or raw.FPDFText_HasUnicodeMapError(textpage, i) == 1:
            unreadable += 1
            continue
        text = chr(code)
        if text.isspace() or 0xD800 <= code <= 0xDFFF:
            continue
        raw.FPDFText_GetLooseCharBox(textpage, i, rect)
        if clips.hides(i, rect):
            continue
        raw.FPDFText_GetCharOrigin(textpage, i, ox, oy)
        raw.FPDFText_GetMatrix(textpage, i, matrix)
        size = raw.FPDFText_GetFontSize(textpage, i) * math.hypot(matrix.c, matrix.d)
        turned = _turned(matrix, view.rotation)
        char = _char(text, rect, ox.value, oy.value, size, view, turned)
        char["seq"] = i  # the order drawn: vertical text reads in it, not in lines (pdf_layout.cell_lines)
        if turned:
            char["turned"] = True
        chars.append(char)
    return chars, unreadable


class _Clips:
    """Whether a character is drawn where its clipping path lets nothing show. A producer may
    place text outside the area it clips to: LibreOffice draws a vertical header name (分值) in a
    narrow cell beside the cell, clipped away; a reader sees a blank cell, and so must we, or
    the name joins the next cell's header (分值二级指标). Each text object's clip is looked up once,
    as the box of all its paths' points (the clip is inside each path, so inside that box's
    intersection: a glyph wholly outside it is surely hidden)."""

    def __init__(self, textpage: pdfium.PdfTextPage):
        self.textpage = textpage
        self.boxes: dict[int, tuple[float, float, float, float] | None] = {}
        self.object_of = _text_object_address()
        self.raw_page = ctypes.cast(textpage.raw, ctypes.c_void_p) if self.object_of else None

    def hides(self, index: int, rect) -> bool:
        if self.object_of is None:
            return False
        key = self.object_of(self.raw_page, index)  # an address: a typed pointer costs 3x more per character
        if not key:
            return False
        if key not in self.boxes:
            self.boxes[key] = _clip_box(raw.FPDFText_GetTextObject(self.textpage, index))
        box = self.boxes[key]
        if box is None:
            return False
        left, bottom, right, top = box
        slack = 0.5
        return (rect.right < left - slack or rect.left > right + slack or rect.top < bottom - slack
                or rect.bottom > top + slack)


@functools.cache
def _text_object_address() -> Callable[[Any, int], int | None] | None:
    """pdfium's FPDFText_GetTextObject returning the object's address as a plain int (None where
    this pdfium lacks it or clip paths)."""
    if not (hasattr(raw, "FPDFText_GetTextObject") and hasattr(raw, "FPDFPageObj_GetClipPath")):
        return None
    address = ctypes.cast(raw.FPDFText_GetTextObject, ctypes.c_void_p).value
    if address is None:
        return None
    return ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(address)


def _clip_box(obj) -> tuple[float, float, float, float] | None:
    """The box every path of an object's clip lies in (their intersection), in page space; None
    when it is not clipped or the clip cannot be read."""
    clip = raw.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    box: tuple[float, float, float, float] | None = None
    x, y = ctypes.c_float(), ctypes.c_float()
    for p in range(max(0, raw.FPDFClipPath_CountPaths(clip))):
        xs, ys = [], []
        for s in range(max(0, raw.FPDFClipPath_CountPathSegments(clip, p))):
            segment_ = raw.FPDFClipPath_GetPathSegment(clip, p, s)
            if segment_ and raw.FPDFPathSegment_GetPoint(segment_, ctypes.byref(x), ctypes.byref(y)):
                xs.append(x.value)
                ys.append(y.value)
        if not xs:
            continue
        path = (min(xs), min(ys), max(xs), max(ys))
        box = path if box is None else (max(box[0], path[0]), max(box[1], path[1]), min(box[2], path[2]),
                                        min(box[3], path[3]))
    return box


def _turned(matrix, rotation: int) -> bool:
    """Whether a glyph stands a quarter turned as the page is shown: its own angle in the page's
    space, less the page's /Rotate (a clockwise turn), is near 90 degrees either way."""
    angle = math.degrees(math.atan2(matrix.b, matrix.a)) - rotation
    return 45 < angle % 180 < 135


def _char(text: str, rect, origin_x: float, origin_y: float, size: float, view: _View,
          turned: bool = False) -> dict[str, Any]:
    """A character as pdfminer gives it: from its origin on the baseline up one em, across its
    advance. The rotation of the page is undone. A glyph turned a quarter (text written bottom to
    top in a table header) has no horizontal baseline: its box is the glyph's own."""
    if view.rotation == 0 and not turned:
        x0, x1 = rect.left - view.left, rect.right - view.left
        bottom = view.h - (origin_y - view.bottom)
        return {"text": text, "x0": x0, "x1": x1, "top": bottom - size, "bottom": bottom, "size": size}
    x0, top, x1, bottom = view.box(rect.left, rect.bottom, rect.right, rect.top)
    if not turned and size:  # upright as shown on a page stored turned: the baseline as above
        bottom = view.point(origin_x, origin_y)[1]
        top = bottom - size
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "size": size or bottom - top}


# ------------------------------------------------------------------ ruling and images


def _walk(page: pdfium.PdfPage, view: _View, segments: list[Segment], images: list) -> None:
    for i in range(raw.FPDFPage_CountObjects(page)):
        _object(raw.FPDFPage_GetObject(page, i), _IDENTITY, view, segments, images, depth=0)


def _object(obj, outer: Matrix, view: _View, segments: list[Segment], images: list, depth: int) -> None:
    kind = raw.FPDFPageObj_GetType(obj)
    if kind == raw.FPDF_PAGEOBJ_PATH:
        segments.extend(_path_segments(obj, outer, view))
    elif kind == raw.FPDF_PAGEOBJ_IMAGE:
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        if raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            corners = [_apply(outer, x, y) for x in (left.value, right.value) for y in (bottom.value, top.value)]
            xs, ys = [c[0] for c in corners], [c[1] for c in corners]
            images.append(view.box(min(xs), min(ys), max(xs), max(ys)))
    elif kind == raw.FPDF_PAGEOBJ_FORM and depth < 8:  # a form's objects are in the form's own space
        inner = _compose(_matrix_of(obj), outer)
        for i in range(raw.FPDFFormObj_CountObjects(obj)):
            _object(raw.FPDFFormObj_GetObject(obj, i), inner, view, segments, images, depth + 1)


def _path_segments(obj, outer: Matrix, view: _View) -> list[Segment]:
    """The straight, axis-aligned pieces of a path, in display space. A rectangle gives its four
    sides, a hairline filled rectangle two close rules (snapped into one later)."""
    matrix = _compose(_matrix_of(obj), outer)
    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[float, float]] = []
    start: tuple[float, float] | None = None
    out: list[Segment] = []
    for n in range(raw.FPDFPath_CountSegments(obj)):
        piece = raw.FPDFPath_GetPathSegment(obj, n)
        raw.FPDFPathSegment_GetPoint(piece, x, y)
        point = view.point(*_apply(matrix, x.value, y.value))
        kind = raw.FPDFPathSegment_GetType(piece)
        if kind == raw.FPDF_SEGMENT_MOVETO or not points:
            start = point
        elif kind == raw.FPDF_SEGMENT_LINETO:
            _add(out, points[-1], point)
        points.append(point)
        if raw.FPDFPathSegment_GetClose(piece) and start is not None:
            _add(out, point, start)
    return out


def _add(out: list[Segment], a: tuple[float, float], b: tuple[float, float]) -> None:
    s = segment(a[0], a[1], b[0], b[1])
    if s is not None:
        out.append(s)


def _matrix_of(obj) -> Matrix:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return m.a, m.b, m.c, m.d, m.e, m.f


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """inner then outer, as PDF concatenates matrices."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]

"""OFD (GB/T 33190, China's fixed-layout format for official documents) as a Document.

An OFD is a zip of XML: OFD.xml names each document's Document.xml, which lists its pages
(Pages/Page_N/Content.xml) and the templates they draw on. A page's layers hold TextObjects (a
box, a font size, TextCodes giving each run's start and the advance of each character) and
PathObjects (lines in an abbreviated path syntax), in millimetres from the page's top left.

They are turned into the objects a PDF page gives (characters with boxes in points, ruling as
segments) and read by the PDF reader's own layout code (`pdf.document_of`): lines, paragraphs,
ruled tables, tables stitched over page breaks. Nothing of the layout is copied here.

The package is checked as a .docx is (member count, declared and per-member sizes, compression
ratio) before anything is decompressed, and its XML is parsed with no DTD, no entities and no
network: an OFD that declares a DTD or entities is refused.

The `easyofd` package was looked at and not used: it extracts every member to disk with no
size limit, writes beside the working directory, and runs a shell command built from file names.
"""
from __future__ import annotations

import functools
import posixpath
import re
import unicodedata
import zipfile
import zlib
from pathlib import Path

from ..document import Document
from ..errors import CorruptFile, ExtractorError, TooLarge
from ..limits import DEFAULT_LIMITS, Limits
from .docx import check_package
from .lattice import Segment, segment
from .options import ReadOptions
from .pdf_layout import PageObjects

POINTS_PER_MM = 72 / 25.4
A4 = (210.0, 297.0)
# A closed path thinner than this (points) is a rule drawn as a filled bar.
_THIN = 1.5
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE]-?\d+)?")


def read(path: Path, limits: Limits = DEFAULT_LIMITS, options: ReadOptions | None = None) -> Document:
    check_package(path, limits)
    notes: list[str] = []
    try:
        with zipfile.ZipFile(path) as package:
            pages = _pages(package, limits, notes)
    except ExtractorError as e:
        e.path = e.path or str(path)
        raise
    except (zipfile.BadZipFile, zlib.error, KeyError, ValueError, OSError, EOFError) as e:
        raise CorruptFile(f"damaged OFD ({type(e).__name__}: {e})", str(path)) from None
    if not pages:
        raise CorruptFile("an OFD with no readable page" + (f" ({notes[0]})" if notes else ""), str(path))
    from .pdf import document_of

    document = document_of(pages, path, ocr=False)
    document.format = "ofd"
    document.notes = notes
    return document


# ------------------------------------------------------------------ the package


def _pages(package: zipfile.ZipFile, limits: Limits, notes: list[str]) -> list[PageObjects]:
    """Every page that can be read; a page whose content is missing or damaged is left out and
    said in `notes` (the rest of the filing is still read). An XML declaring a DTD or entities
    refuses the whole file: it is hostile, not damaged."""
    root = _xml(package, "OFD.xml")
    doc_root = _first_text(root, "DocRoot")
    if not doc_root:
        raise CorruptFile("OFD.xml names no DocRoot")
    doc_path = _member(doc_root, "")
    document = _xml(package, doc_path)
    base = posixpath.dirname(doc_path)
    default_box = _box(_first_text(document, "PhysicalBox")) or (0.0, 0.0, *A4)
    templates = {t.get("ID"): _member(t.get("BaseLoc") or "", base) for t in _all(document, "TemplatePage")}
    entries = [p for p in _all(document, "Page")]
    if len(entries) > limits.max_pages:
        raise TooLarge(f"{len(entries)} pages, over the limit of {limits.max_pages}")
    pages = []
    for number, entry in enumerate(entries, start=1):
        try:
            pages.append(_page_of(package, entry, base, templates, default_box))
        except _Hostile:
            raise
        except (CorruptFile, KeyError, ValueError, zipfile.BadZipFile, zlib.error, EOFError) as e:
            notes.append(f"page {number} of the OFD could not be read and is left out ({_reason(e)})")
    return pages


def _page_of(package: zipfile.ZipFile, entry, base: str, templates: dict, default_box) -> PageObjects:
    content = _xml(package, _member(entry.get("BaseLoc") or "", base))
    box = _box(_first_text(content, "PhysicalBox")) or default_box
    layers = [content]
    for use in _all(content, "Template"):
        template = templates.get(use.get("TemplateID"))
        if template:
            layers.insert(0, _xml(package, template))
    return _page(layers, box)


def _reason(error: Exception) -> str:
    return error.reason if isinstance(error, CorruptFile) else f"{type(error).__name__}: {error}"


class _Hostile(CorruptFile):
    """An OFD part that declares a DTD or entities: the file is refused whole."""


def _member(location: str, base: str) -> str:
    """A BaseLoc as a member name: absolute from the package root (/Doc_0/...) or relative to
    the file that names it."""
    location = location.strip().replace("\\", "/")
    if location.startswith("/"):
        return posixpath.normpath(location.lstrip("/"))
    return posixpath.normpath(posixpath.join(base, location))


@functools.cache
def _parser():
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True)


def _xml(package: zipfile.ZipFile, name: str):
    from lxml import etree

    data = package.read(name)
    head = data[:4096]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data:
        raise _Hostile(f"refused: {name} declares a DTD or entities (an OFD never needs them)")
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as e:
        raise CorruptFile(f"damaged OFD: {name}: {e}") from None


def _local(element) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.rsplit("}", 1)[-1]


def _all(element, name: str) -> list:
    return [e for e in element.iter() if _local(e) == name]


def _first_text(element, name: str) -> str | None:
    for e in element.iter():
        if _local(e) == name:
            return (e.text or "").strip()
    return None


def _box(text: str | None) -> tuple[float, float, float, float] | None:
    numbers = [float(n) for n in _NUMBER.findall(text or "")]
    return (numbers[0], numbers[1], numbers[2], numbers[3]) if len(numbers) == 4 else None


# ------------------------------------------------------------------ a page


def _page(layers: list, box: tuple[float, float, float, float]) -> PageObjects:
    chars: list[dict] = []
    segments: list[Segment] = []
    for layer in layers:
        for element in layer.iter():
            name = _local(element)
            if name == "TextObject":
                chars.extend(_text_object(element, len(chars)))
            elif name == "PathObject":
                segments.extend(_path_object(element))
    width, height = box[2] * POINTS_PER_MM, box[3] * POINTS_PER_MM
    return PageObjects(width, height, chars, segments, images=[], n_unreadable=0)


def _ctm(element) -> tuple[float, float, float, float, float, float]:
    numbers = [float(n) for n in _NUMBER.findall(element.get("CTM") or "")]
    return tuple(numbers) if len(numbers) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)  # type: ignore[return-value]


def _text_object(element, seq: int) -> list[dict]:
    """Each character of a TextObject with its box in points: a run starts at its TextCode's X, Y
    (the baseline, from the object's box); each next character one DeltaX further on."""
    bx, by, _, _ = _box(element.get("Boundary")) or (0.0, 0.0, 0.0, 0.0)
    size = float(element.get("Size") or 3.5)
    a, b, c, d, e, f = _ctm(element)
    scale = (a * a + b * b) ** 0.5 or 1.0
    out: list[dict] = []
    x = y = 0.0
    for code in element:
        if _local(code) != "TextCode":
            continue
        x = float(code.get("X") or x)
        y = float(code.get("Y") or y)
        deltas = _deltas(code.get("DeltaX"))
        for k, ch in enumerate(code.text or ""):
            advance = deltas[k] if k < len(deltas) else (size if ord(ch) > 0x2E80 else size / 2)
            if not ch.isspace():
                px, py = a * x + c * y + e + bx, b * x + d * y + f + by
                em = size * scale
                out.append({"text": ch, "x0": px * POINTS_PER_MM, "x1": (px + _width(ch, advance, size) * scale) * POINTS_PER_MM,
                            "top": (py - em) * POINTS_PER_MM, "bottom": py * POINTS_PER_MM,
                            "size": em * POINTS_PER_MM, "seq": seq + len(out)})
            x += advance
    return out


def _width(ch: str, advance: float, size: float) -> float:
    """A glyph's width from the step to the next one. OFD gives only the steps, and a TextCode
    may run on across a gap (one line through several table cells): a step wider than an em is
    the glyph and a jump, and the glyph is taken as an em when it is set wide (an ideograph, a
    circled number) or half of one otherwise (else a cell's text would seem to reach into the
    next cell; seed-7 generated corpus, g177)."""
    if advance <= size:
        return advance
    return size if unicodedata.east_asian_width(ch) in "WFA" else size / 2


def _deltas(text: str | None) -> list[float]:
    """DeltaX with its abbreviation: "g 3 1.5" is 1.5 three times."""
    tokens = (text or "").split()
    out: list[float] = []
    k = 0
    while k < len(tokens):
        if tokens[k] == "g" and k + 2 < len(tokens):
            out.extend([float(tokens[k + 2])] * min(int(float(tokens[k + 1])), 10_000))
            k += 3
        else:
            out.append(float(tokens[k]))
            k += 1
    return out


def _path_object(element) -> list[Segment]:
    """The rules a PathObject draws: its lines that are axis-aligned, or the object itself when it
    is a bar thinner than a rule."""
    bx, by, bw, bh = _box(element.get("Boundary")) or (0.0, 0.0, 0.0, 0.0)
    data = _first_text(element, "AbbreviatedData") or ""
    a, b, c, d, e, f = _ctm(element)
    points: list[tuple[float, float]] = []
    lines: list[tuple[tuple[float, float], tuple[float, float]]] = []
    tokens = re.findall(r"[MLQBACSZ]|-?\d+(?:\.\d+)?", data)
    k, command, start = 0, "M", None
    while k < len(tokens):
        if tokens[k].isalpha():
            command = tokens[k]
            k += 1
            if command in ("C", "Z") and start is not None and points:
                lines.append((points[-1], start))
            continue
        count = {"M": 2, "L": 2, "S": 2, "Q": 4, "B": 6, "A": 7}.get(command, 2)
        values = [float(v) for v in tokens[k:k + count]]
        k += count
        if len(values) < 2:
            break
        x, y = values[-2], values[-1]
        point = ((a * x + c * y + e + bx) * POINTS_PER_MM, (b * x + d * y + f + by) * POINTS_PER_MM)
        if command in ("M", "S"):
            start = point
        elif command == "L" and points:
            lines.append((points[-1], point))
        points.append(point)
    if not points:
        return []
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    wide, tall = max(xs) - min(xs), max(ys) - min(ys)
    if min(wide, tall) <= _THIN < max(wide, tall):  # a bar: the rule along its length
        mid_x, mid_y = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        found = segment(min(xs), mid_y, max(xs), mid_y) if wide >= tall else segment(mid_x, min(ys), mid_x, max(ys))
        return [found] if found else []
    out = []
    for (x0, y0), (x1, y1) in lines:
        found = segment(x0, y0, x1, y1)
        if found is not None and (found.x1 - found.x0 > 0.5 or found.bottom - found.top > 0.5):
            out.append(found)
    return out

"""A page image read as a text PDF page is: characters with boxes, and ruling as segments.

Scanned filings are printed, stamped with the unit's red seal, signed and scanned, often a little
askew. Before recognising, the seal is taken out (its red ink, found by hue, becomes paper; the
black print under it stays), and the page is turned straight by the angle that makes its rows of
ink sharpest. The table rules are found by morphology (long thin runs of ink), kept as segments
for lattice.py, and wiped from the image so the recogniser never reads a rule as 一 or 1 nor
runs one cell's text into the next. RapidOCR (PP-OCR models shipped inside its wheel: nothing
is downloaded) then gives each character's box and confidence.

Everything leaves here in points (1/72 inch) on the page as straightened, so the PDF reader's
layout code (lines, paragraphs, tables, stitching) reads a scan exactly as it reads a text page.
"""
from __future__ import annotations

import functools
import os
import threading
from typing import Any

import numpy as np
import regex

from .lattice import Ruled, Segment, tables
from .pdf_layout import PageObjects, is_cjk

# OCR reads what it is given best between 200 and 300 dpi; larger images are scaled down to this.
OCR_DPI = 200
# Straightening is looked for within this many degrees: a scan fed by hand is rarely further out.
MAX_SKEW = 4.0
# A rule is a run of ink at least this long (in points): three body characters, so that no
# stroke of a character (一, the bar of 十) nor a dash (——) is ever taken for one.
RULE_MIN_POINTS = 30.0
# A shorter vertical run is looked at only when it joins two horizontal rules (a one-row table).
SHORT_RULE_POINTS = 12.0
# What OCR confuses in print and what it means in a filing.
_READ_AS = str.maketrans({"丶": "、"})
# A line that is nothing but 一 (with a speck beside it) is a dash: the "—" or "——" a form puts
# in a cell with nothing to report. The two glyphs are the same stroke; inside words 一 is a
# numeral, alone on a line of a table it never is (samples' and generated filings' empty cells).
_DASH_LINE = regex.compile(r"[iIl|.·]?一{1,3}[iIl|.·]?")
_THOUSANDS = regex.compile(r"(?<=\d)，(?=\d{3}(?!\d))")
_DOUBLE_POINT = regex.compile(r"(?<=\d)\.{2}(?=\d)")
# Brackets and quotes the recogniser gives in their ASCII form, paired with a full-width opener
# or closer on the same line: （小学/初中) is （小学/初中）, “三公"经费 is “三公”经费.
_FULL_CLOSER = {"（": ("）", ")"), "“": ("”", '"')}
_FULL_OPENER = {"）": ("（", "("), "”": ("“", '"')}

# Under red ink, a pixel this dark in the red channel is black print (a digit, a rule); brighter,
# it is the seal (strong red ink gives 190-240 in red; measured on the sample scans).
PRINT_UNDER_SEAL = 160

_engine_lock = threading.Lock()
_engine: Any = None


def engine() -> Any:
    """One recogniser per process, built on first use (0.3 s: the models load from the wheel)."""
    global _engine
    with _engine_lock:
        if _engine is None:
            from rapidocr_onnxruntime import RapidOCR

            # Measured on a 2-core machine (benchmarks/bench_ocr.py): one line per recognition batch
            # is fastest (lines padded to the widest in a batch cost more than batching saves), and
            # detection on at most 1280 pixels (body text still 15 pixels high) takes half the time of 2000.
            threads = max(1, min(4, os.cpu_count() or 1))
            _engine = RapidOCR(use_cls=False, print_verbose=False, intra_op_num_threads=threads, inter_op_num_threads=1,
                               rec_batch_num=1, max_side_len=1280)
            boxes = _engine.cal_rec_boxes
            boxes.reverse_rotate_crop_image = functools.partial(_line_to_page, boxes.reverse_rotate_crop_image)
        return _engine


def _line_to_page(general, bbox_points, word_points_list, direction: str = "w"):
    """Character boxes from a line's crop back onto the page, as RapidOCR's
    reverse_rotate_crop_image does, but all at once: it maps and reorders each corner of each
    character in Python (0.14 s a page, the largest cost around the networks). A vertical line
    ("h") goes the general way."""
    import cv2

    if direction != "w" or not word_points_list:
        return general(bbox_points, word_points_list, direction)
    quad = np.asarray(bbox_points, dtype=np.float32).copy()
    left, top = int(quad[:, 0].min()), int(quad[:, 1].min())
    quad -= (left, top)
    width, height = int(np.linalg.norm(quad[0] - quad[1])), int(np.linalg.norm(quad[0] - quad[3]))
    upright = np.asarray([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    back = cv2.getPerspectiveTransform(upright, quad)
    points = cv2.perspectiveTransform(np.asarray(word_points_list, dtype=np.float32).reshape(-1, 1, 2), back).reshape(-1, 4, 2)
    mapped = (points + (left, top)).astype(np.int64)  # int() of each, as the original: toward zero for positives
    return mapped.tolist()


def read_image(rgb: np.ndarray, dpi: float) -> PageObjects:
    """A page image (height x width x 3, RGB) scanned at `dpi`, as a page's objects."""
    import cv2

    rgb, dpi = _at_ocr_resolution(rgb, dpi)
    gray = cv2.cvtColor(without_seal(rgb), cv2.COLOR_RGB2GRAY)
    angle = skew_angle(gray)
    if abs(angle) >= 0.05:
        gray = _rotated(gray, angle)
    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    scale = 72.0 / dpi
    segments, rules_mask = ruling(ink, scale)
    text_image = gray.copy()
    text_image[cv2.dilate(rules_mask, np.ones((5, 5), np.uint8)) > 0] = 255
    chars = without_artefacts(characters(text_image, scale), segments)
    chars += missed_in_cells(text_image, chars, tables(segments), scale)
    height, width = gray.shape
    return PageObjects(width * scale, height * scale, chars, segments, images=[], n_unreadable=0, ocr=True,
                       skew=round(angle, 2))


def _at_ocr_resolution(rgb: np.ndarray, dpi: float) -> tuple[np.ndarray, float]:
    import cv2

    if dpi <= OCR_DPI * 1.1:
        return rgb, dpi
    factor = OCR_DPI / dpi
    small = cv2.resize(rgb, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    return small, OCR_DPI


# ------------------------------------------------------------------ cleaning


def without_seal(rgb: np.ndarray) -> np.ndarray:
    """The page with its red ink (seal, red-headed letterhead) turned to paper. Where the ink is
    red, the pixel becomes its red channel in grey: red ink on paper is bright there (the seal
    goes), while black print under the seal, even a thin rule or a glyph's grey edge, keeps its
    darkness (ink multiplies: grey under red is as dark in red as it was in grey)."""
    import cv2

    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    hue, saturation = hsv[..., 0], hsv[..., 1]
    red = ((hue <= 12) | (hue >= 160)) & (saturation >= 25)
    in_red = rgb[..., 0][red]
    out = rgb.copy()
    # dark in the red channel: print under the seal, kept as grey; bright: the seal itself, paper
    out[red] = np.where(in_red < PRINT_UNDER_SEAL, in_red, 255)[:, None]
    return out


def skew_angle(gray: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise positive) that makes the page's rows of ink line
    up: the one whose row profile is sharpest, searched coarse then fine on a small copy."""
    import cv2

    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    ink = (small < 160).astype(np.float32)
    if ink.sum() < 50:
        return 0.0

    def sharpness(angle: float) -> float:
        profile = _rotated(ink, angle, border=0.0).sum(axis=1)
        return float(np.square(np.diff(profile)).sum())

    coarse = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.5), key=sharpness)
    fine = max(np.arange(coarse - 0.5, coarse + 0.5 + 1e-9, 0.1), key=sharpness)
    return float(fine)


def _rotated(image: np.ndarray, angle: float, border: float = 255.0) -> np.ndarray:
    import cv2

    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(image, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=border)


# ------------------------------------------------------------------ ruling


def ruling(ink: np.ndarray, scale: float) -> tuple[list[Segment], np.ndarray]:
    """The table rules on a binarised page: long horizontal and vertical runs of ink, as
    segments in points, and the mask of their pixels (to wipe them before recognising). A short
    vertical run is a rule too when both its ends meet horizontal rules: the sides of a table's
    single row, continued alone on the next page, are shorter than a long stroke of a glyph."""
    import cv2

    long, short = max(15, int(RULE_MIN_POINTS / scale)), max(10, int(SHORT_RULE_POINTS / scale))
    # Opening only, never closing first: closing bridges the gaps between characters and turns
    # a row of 一 strokes into a rule. A rule broken by noise comes as pieces, which lattice.py joins.
    across = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (long, 1)))
    down = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, short)))
    horizontal = _horizontal_segments(across, scale)
    labels, runs = _components(down, scale)
    kept = {n: rule for n, rule in runs.items()
            if rule.bottom - rule.top >= RULE_MIN_POINTS or _between_rules(rule, horizontal)}
    mask = np.maximum(across, np.isin(labels, list(kept)).astype(np.uint8) * 255).astype(np.uint8)
    return horizontal + list(kept.values()), mask


def _between_rules(rule: Segment, horizontal: list[Segment], reach: float = 3.0) -> bool:
    def meets(y: float) -> bool:
        return any(abs(h.top - y) <= reach and h.x0 - reach <= rule.x0 <= h.x1 + reach for h in horizontal)

    return meets(rule.top) and meets(rule.bottom)


def _components(lines: np.ndarray, scale: float) -> tuple[np.ndarray, dict[int, Segment]]:
    """The label image of the vertical runs of ink, and each run (by label) as a segment in points."""
    import cv2

    count, labels, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    runs = {}
    for n in range(1, count):
        x, y, w, h, _area = stats[n]
        middle = (x + w / 2) * scale
        runs[n] = Segment(middle, y * scale, middle, (y + h) * scale)
    return labels, runs


def _horizontal_segments(lines: np.ndarray, scale: float) -> list[Segment]:
    """Each horizontal run of ink as a segment in points, along its middle."""
    import cv2

    count, _, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    out = []
    for x, y, w, h, _area in stats[1:count]:
        middle = (y + h / 2) * scale
        out.append(Segment(x * scale, middle, (x + w) * scale, middle))
    return out


# ------------------------------------------------------------------ characters


def characters(gray: np.ndarray, scale: float) -> list[dict[str, Any]]:
    """Every character the recogniser reads, with its box in points and its confidence. Latin
    and digit runs come as one word (2436, 100%), each with the confidence of its weakest digit.
    Only the part of the page with ink is given to it: the margins cost detection time and hold
    nothing."""
    import cv2

    box = _inked_box(gray)
    if box is None:
        return []
    x0, y0, x1, y1 = box
    crop = np.ascontiguousarray(gray[y0:y1, x0:x1])
    result, _ = engine()(cv2.cvtColor(crop, cv2.COLOR_GRAY2RGB), use_cls=False, return_word_box=True)
    chars: list[dict[str, Any]] = []
    for n, line in enumerate(result or []):
        chars.extend(_line_chars(line, scale, x0, y0, n))
    return chars


def _inked_box(gray: np.ndarray, pad: int = 24) -> tuple[int, int, int, int] | None:
    """The smallest box holding all the page's ink, with a margin; None for a blank page."""
    rows = np.flatnonzero((gray < 160).sum(axis=1) > 2)
    cols = np.flatnonzero((gray < 160).sum(axis=0) > 2)
    if rows.size == 0 or cols.size == 0:
        return None
    height, width = gray.shape
    return (max(0, int(cols[0]) - pad), max(0, int(rows[0]) - pad), min(width, int(cols[-1]) + pad + 1),
            min(height, int(rows[-1]) + pad + 1))


def _line_chars(line: list, scale: float, dx: int, dy: int, number: int) -> list[dict[str, Any]]:
    """One recognised line's characters, (dx, dy) being where the image given to the recogniser
    stands on the page. All take the line's top and bottom, so the layout code groups them into
    one line whatever each glyph's own height (一 is short, 章 tall)."""
    quad, text, score = line[0], line[1], float(line[2])
    top = (min(p[1] for p in quad) + dy) * scale
    bottom = (max(p[1] for p in quad) + dy) * scale
    size = (bottom - top) * 0.8  # the detector's box has padding above and below the glyphs
    words = line[3] if len(line) > 5 else None
    if _DASH_LINE.fullmatch(text) or not words or not len(words) == len(line[4]) == len(line[5]):
        x0, x1 = (min(p[0] for p in quad) + dx) * scale, (max(p[0] for p in quad) + dx) * scale
        confidence = min([score, *map(float, line[5])]) if len(line) > 5 and line[5] else score
        return [_char(_as_printed(text), (x0, top, x1, bottom), size, confidence, number)]
    out = []
    spaced = _spaced(text, line[4])
    for box, word, confidence, space in zip(words, _paired_marks(_separators(list(line[4]))), line[5], spaced, strict=True):
        x0, x1 = (min(p[0] for p in box) + dx) * scale, (max(p[0] for p in box) + dx) * scale
        char = _char(word, (x0, top, x1, bottom), size, min(float(confidence), score), number)
        char["space_before"] = space
        out.append(char)
    return out


def _spaced(text: str, words: list[str]) -> list[bool]:
    """For each word box, whether the recogniser's text has a space before it (附件2 2021年度)."""
    out, at = [], 0
    for word in words:
        found = text.find(word, at)
        if found < 0:
            out.append(False)
            continue
        out.append(found > at and text[at:found].isspace())
        at = found + len(word)
    return out


def _as_printed(text: str) -> str:
    """A recognised line as printed: a dash for 一 alone; a thousands separator read as a
    full-width comma (192，125，900.64) as the comma it is, a decimal point read twice as one."""
    if _DASH_LINE.fullmatch(text):
        return "—" * min(2, text.count("一"))
    return _DOUBLE_POINT.sub(".", _THOUSANDS.sub(",", text))


def _separators(words: list[str]) -> list[str]:
    """The words of a line with a thousands separator read as a full-width comma made a comma."""
    joined = "".join(words)
    fixed = _THOUSANDS.sub(",", joined)
    if fixed == joined:
        return words
    out, at = [], 0
    for word in words:
        out.append(fixed[at:at + len(word)])
        at += len(word)
    return out


def _paired_marks(words: list[str]) -> list[str]:
    """The ASCII closer of a full-width opener (and the ASCII opener of a full-width closer)
    made full-width, across the words of one line."""
    joined = "".join(words)
    fixed = list(joined)
    for opener, (closer, ascii_closer) in _FULL_CLOSER.items():
        start = joined.find(opener)
        end = joined.find(ascii_closer, start + 1) if start >= 0 else -1
        if end > start >= 0 and closer not in joined[start:end]:
            fixed[end] = closer
    for closer, (opener, ascii_opener) in _FULL_OPENER.items():
        end = joined.find(closer)
        start = joined.rfind(ascii_opener, 0, end) if end > 0 else -1
        if 0 <= start < end and opener not in joined[start:end]:
            fixed[start] = opener
    _curly_quotes(fixed)
    out, at = [], 0
    for word in words:
        out.append("".join(fixed[at:at + len(word)]))
        at += len(word)
    return out


def _curly_quotes(chars: list[str]) -> None:
    """ASCII double quotes in pairs around Chinese ("三公"经费) as the “ ” Chinese print uses;
    the recogniser gives the ASCII form for both."""
    marks = [i for i, ch in enumerate(chars) if ch == '"']
    if not marks or len(marks) % 2:
        return
    for opening, closing in zip(marks[::2], marks[1::2], strict=True):
        if closing > opening + 1 and all(is_cjk(ch) for ch in chars[opening + 1:closing]):
            chars[opening], chars[closing] = "“", "”"


def _char(text: str, box: tuple[float, float, float, float], size: float, confidence: float, line: int) -> dict[str, Any]:
    """A character as the layout code reads it. `ocr_line` says which recognised line it came
    from: the recogniser's own text decides the spaces within a line (1182 and 8.91, two word
    boxes of one number, join as 11828.91), not the gap between the boxes."""
    x0, top, x1, bottom = box
    return {"text": text.translate(_READ_AS), "x0": x0, "x1": x1, "top": top, "bottom": bottom, "size": size,
            "confidence": round(confidence, 4), "ocr_line": line}


# ------------------------------------------------------------------ mending what detection does


# A character read with less confidence than this, standing where no character should (across a
# rule, a lone mark of punctuation at the start of a line), is a speck or a piece of a neighbour's
# glyph, not text.
ARTEFACT_CONFIDENCE = 0.7
_SPECKS = set(".,·'`-_~:;、，。")


def without_artefacts(chars: list[dict[str, Any]], segments: list[Segment]) -> list[dict[str, Any]]:
    """The characters without the artefacts of a line read across a table rule (the edge of the
    next cell's glyph read as 荣), of a speck of noise before a number (.15), and without the
    second reading of a glyph that two detected lines both covered."""
    rules = [s for s in segments if not s.horizontal]
    out = []
    for n, ch in enumerate(chars):
        before = chars[n - 1] if n and chars[n - 1]["ocr_line"] == ch["ocr_line"] else None
        after = chars[n + 1] if n + 1 < len(chars) and chars[n + 1]["ocr_line"] == ch["ocr_line"] else None
        across = any(_across(ch, other, rules) for other in (before, after) if other)
        speck = ch["text"] in _SPECKS
        if speck and across:
            continue  # a speck outside a table read onto the line inside it
        if ch["confidence"] < ARTEFACT_CONFIDENCE:
            if across or _straddles(ch, rules):
                continue
            if speck and (before is None or after is None):
                continue  # a speck at either end of a line (全年预算数·)
        out.append(ch)
    return _without_doubles(_without_speck_lines(out))


def _without_speck_lines(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Without the recognised lines that are one or two marks and nothing else (· in a margin):
    noise, which as a paragraph of its own would part a table from its continuation."""
    lines: dict[int, str] = {}
    for ch in chars:
        lines[ch["ocr_line"]] = lines.get(ch["ocr_line"], "") + ch["text"]
    noise = {n for n, text in lines.items() if len(text) <= 2 and set(text) <= _SPECKS}
    return [ch for ch in chars if ch["ocr_line"] not in noise]


def _straddles(ch: dict[str, Any], rules: list[Segment]) -> bool:
    middle = (ch["top"] + ch["bottom"]) / 2
    return any(ch["x0"] < r.x0 < ch["x1"] and r.top <= middle <= r.bottom for r in rules)


def _across(ch: dict[str, Any], other: dict[str, Any], rules: list[Segment]) -> bool:
    """A rule stands between the two characters of one recognised line."""
    middle = (ch["top"] + ch["bottom"]) / 2
    left, right = sorted(((ch["x0"] + ch["x1"]) / 2, (other["x0"] + other["x1"]) / 2))
    return any(left < r.x0 < right and r.top <= middle <= r.bottom for r in rules)


def _without_doubles(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Where characters of two recognised lines overlap by more than half, the surer one."""
    dropped: set[int] = set()
    order = sorted(range(len(chars)), key=lambda i: chars[i]["x0"])
    for k, i in enumerate(order):
        a = chars[i]
        for j in order[k + 1:]:
            b = chars[j]
            if b["x0"] >= a["x1"]:
                break
            if a["ocr_line"] != b["ocr_line"] and _overlap(a, b) > 0.5:
                dropped.add(i if a["confidence"] < b["confidence"] else j)
    return [ch for i, ch in enumerate(chars) if i not in dropped]


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> float:
    width = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
    height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    if width <= 0 or height <= 0:
        return 0.0
    smaller = min((a["x1"] - a["x0"]) * (a["bottom"] - a["top"]), (b["x1"] - b["x0"]) * (b["bottom"] - b["top"]))
    return width * height / smaller if smaller > 0 else 0.0


def missed_in_cells(gray: np.ndarray, chars: list[dict[str, Any]], ruled: list[Ruled], scale: float) -> list[dict[str, Any]]:
    """What detection passed over inside table cells: a lone digit (a score of 3), a row of
    dots (……), a bracket alone on its line. Every band of ink in a cell that no recognised
    character covers is recognised on its own."""
    found: list[dict[str, Any]] = []
    for table in ruled:
        for cell in table.cells:
            for band in _uncovered_bands(gray, cell, chars, scale):
                found.extend(_recognised_band(gray, band, scale, 100_000 + len(found)))
    return found


def _uncovered_bands(gray: np.ndarray, cell: tuple[float, float, float, float], chars: list[dict[str, Any]],
                     scale: float) -> list[tuple[int, int, int, int]]:
    """The bands of ink (pixel boxes) inside a cell, away from its borders, that hold no
    recognised character."""
    inset = 4
    x0, y0 = int(cell[0] / scale) + inset, int(cell[1] / scale) + inset
    x1, y1 = int(cell[2] / scale) - inset, int(cell[3] / scale) - inset
    if x1 - x0 < 6 or y1 - y0 < 6:
        return []
    ink = gray[y0:y1, x0:x1] < 128
    rows = np.flatnonzero(ink.sum(axis=1) > 0)
    bands = []
    for top, bottom in _runs(rows, gap=3):
        cols = np.flatnonzero(ink[top:bottom + 1].sum(axis=0) > 0)
        box = (x0 + int(cols[0]), y0 + top, x0 + int(cols[-1]) + 1, y0 + bottom + 1)
        if box[3] - box[1] < 8 and box[2] - box[0] < 20:
            continue  # a speck of noise: smaller than a digit, shorter than a row of dots
        if box[3] - box[1] <= 5 and (top < 6 or bottom > y1 - y0 - 6):
            continue  # what is left of a border bent by the scan, along the cell's top or bottom
        if not any(_covers(ch, box, scale) for ch in chars):
            bands.append(box)
    return bands


def _runs(values: np.ndarray, gap: int) -> list[tuple[int, int]]:
    """Consecutive runs in sorted integers, allowing holes up to `gap`."""
    runs: list[tuple[int, int]] = []
    for v in values.tolist():
        if runs and v - runs[-1][1] <= gap:
            runs[-1] = (runs[-1][0], v)
        else:
            runs.append((v, v))
    return runs


def _covers(ch: dict[str, Any], box: tuple[int, int, int, int], scale: float) -> bool:
    """A recognised character accounts for the band: its centre is in it, or the band is a thin
    stroke just beside its box (the bar of ≤ under 6800, below the detected line)."""
    cx, cy = (ch["x0"] + ch["x1"]) / 2 / scale, (ch["top"] + ch["bottom"]) / 2 / scale
    if box[0] - 8 <= cx <= box[2] + 8 and box[1] - 8 <= cy <= box[3] + 8:
        return True
    x0, top, x1, bottom = (v / scale for v in (ch["x0"], ch["top"], ch["x1"], ch["bottom"]))
    thin = box[3] - box[1] <= 6
    return thin and box[0] < x1 + 4 and box[2] > x0 - 4 and box[1] < bottom + 8 and box[3] > top - 8


def _recognised_band(gray: np.ndarray, box: tuple[int, int, int, int], scale: float, line: int) -> list[dict[str, Any]]:
    import cv2

    x0, y0, x1, y1 = box
    pad = max(4, (y1 - y0) // 3)
    crop = np.ascontiguousarray(gray[max(0, y0 - pad):y1 + pad, max(0, x0 - pad):x1 + pad])
    result, _ = engine()(cv2.cvtColor(crop, cv2.COLOR_GRAY2RGB), use_det=False, use_cls=False)
    if not result:
        return []
    text, confidence = _as_printed(result[0][0].strip()), float(result[0][1])
    if not text or confidence < 0.5 or (len(text) < 3 and set(text) <= _SPECKS):
        return []  # nothing, or a speck read as punctuation (a row of dots is three or more)
    size = (y1 - y0) * scale
    return [_char(text.strip(), (x0 * scale, y0 * scale, x1 * scale, y1 * scale), size, confidence, line)]

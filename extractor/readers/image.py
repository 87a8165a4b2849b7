"""Read page images (.png, .jpg, .tif, a multi-page TIFF among them) as a scanned filing: each
frame is a page, recognised by OCR and laid out by the same code as a PDF's pages."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ..document import Document
from ..errors import CorruptFile, NoTextLayer, TooLarge
from ..limits import DEFAULT_LIMITS, Limits
from .options import ReadOptions

# A scan with no resolution recorded is taken to be at this one (a common scanner default).
ASSUMED_DPI = 200


def read(path: Path, limits: Limits = DEFAULT_LIMITS, options: ReadOptions | None = None) -> Document:
    from PIL import Image, ImageSequence, UnidentifiedImageError

    from .ocr import read_image
    from .pdf import document_of

    if options is not None and not options.ocr:
        raise NoTextLayer("a page image has no text layer, and OCR is off (--no-ocr)", str(path))
    Image.MAX_IMAGE_PIXELS = limits.max_image_pixels  # Pillow's decompression-bomb guard, at our limit
    pages = []
    try:
        with Image.open(path) as image:
            for n, frame in enumerate(ImageSequence.Iterator(image)):
                if n >= limits.max_pages:
                    raise TooLarge(f"over {limits.max_pages} pages", str(path))
                pages.append(read_image(np.asarray(frame.convert("RGB")), _dpi(frame)))
    except Image.DecompressionBombError:
        raise TooLarge(f"an image over the limit of {limits.max_image_pixels:,} pixels", str(path)) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:  # what Pillow raises on damaged data
        raise CorruptFile(f"damaged image ({e})", str(path)) from None
    return document_of(pages, path)


def _dpi(frame) -> float:
    """The resolution the image says it was scanned at, when it is a plausible one."""
    dpi = frame.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    return value if 50 <= value <= 1200 else ASSUMED_DPI

"""One reader per format, each `read(path, limits, options) -> Document`; `read_document` picks
by content. A reader is imported only when its format is met: a .docx run never loads pdfium."""
from __future__ import annotations

import hashlib
from importlib import import_module
from pathlib import Path

from pydantic import BaseModel, Field

from ..document import Document
from ..errors import TooLarge
from ..limits import DEFAULT_LIMITS, Limits, MiB
from .detect import detect_format
from .options import ReadOptions

# format -> the module under readers/ whose `read` reads it
READERS = {"docx": "docx", "pdf": "pdf", "doc": "legacy", "wps": "legacy", "png": "image", "jpeg": "image", "tiff": "image",
           "html": "html", "mht": "html", "ofd": "ofd"}


class Source(BaseModel):
    file: str = Field(description="the file name as given")
    sha256: str
    size: int
    format: str = Field(description="detected from the bytes: docx, pdf, doc, wps, png, jpeg, tiff, html, mht, ofd")
    converted: str | None = Field(
        None, description="how a legacy file was converted before reading: 'LibreOffice 7.4.7.2: doc → docx'"
    )
    ocr_pages: list[int] | None = Field(None, description="the pages read from their image by OCR (scanned pages)")


def describe_source(path: Path, fmt: str) -> Source:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return Source(file=path.name, sha256=digest.hexdigest(), size=path.stat().st_size, format=fmt)


def read_document(path: Path, limits: Limits = DEFAULT_LIMITS, password: str | None = None,
                  ocr: bool = True) -> tuple[Document, Source]:
    fmt = detect_format(path)
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise TooLarge(f"{size // MiB} MiB, over the limit of {limits.max_file_bytes // MiB} MiB", str(path))
    reader = import_module(f"{__name__}.{READERS[fmt]}")
    document = reader.read(path, limits, ReadOptions(format=fmt, password=password, ocr=ocr))
    source = describe_source(path, fmt)
    source.converted = document.converted
    source.ocr_pages = document.ocr_pages or None
    return document, source

"""One reader per format, each `read(path, limits) -> Document`; `read_document` picks by content."""
from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import BaseModel, Field

from ..document import Document
from ..errors import TooLarge, UnsupportedFormat
from ..limits import DEFAULT_LIMITS, MiB, Limits
from . import docx as docx_reader
from . import pdf as pdf_reader
from .detect import detect_format

READERS = {"docx": docx_reader.read, "pdf": pdf_reader.read}


class Source(BaseModel):
    file: str = Field(description="the file name as given")
    sha256: str
    size: int
    format: str = Field(description="detected from the bytes: docx, pdf, doc, wps")


def describe_source(path: Path, fmt: str) -> Source:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return Source(file=path.name, sha256=digest.hexdigest(), size=path.stat().st_size, format=fmt)


def read_document(path: Path, limits: Limits = DEFAULT_LIMITS, password: str | None = None) -> tuple[Document, Source]:
    fmt = detect_format(path)
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise TooLarge(f"{size // MiB} MiB, over the limit of {limits.max_file_bytes // MiB} MiB", str(path))
    reader = READERS.get(fmt)
    if reader is None:
        raise UnsupportedFormat(_not_yet(fmt), str(path))
    document = reader(path, limits, password) if fmt == "pdf" else reader(path, limits)
    return document, describe_source(path, fmt)


def _not_yet(fmt: str) -> str:
    if fmt in ("doc", "wps"):
        return f"legacy Word (.{fmt}) files are not read yet: save it as .docx and try again"
    return f"{fmt} files are not read yet"

"""What a reader may need beyond the file and the limits; every reader takes the same."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadOptions:
    format: str = "docx"  # as detected from the bytes: a legacy reader says doc or wps to LibreOffice
    password: str | None = None  # an encrypted PDF's
    ocr: bool = True  # recognise scanned pages; off, a scan is refused (NoTextLayer, exit 5)

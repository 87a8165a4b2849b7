"""One file in, one Report out: read, then interpret. Pure, so batch can map it anywhere."""
from __future__ import annotations

from pathlib import Path

from .limits import DEFAULT_LIMITS, Limits
from .readers import read_document
from .report import Report
from .structure import analyse


def extract_file(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> Report:
    path = Path(path)
    document, source = read_document(path, limits)
    structure = analyse(document)
    return Report(
        source=source,
        attachments=structure.attachments,
        sections=structure.sections,
        blocks=document.blocks,
        headers=document.headers,
        footers=document.footers,
    )

"""The record `extract` prints for one filing."""
from __future__ import annotations

from pydantic import BaseModel, Field

from .document import Block
from .readers import Source
from .structure import Attachment, Section


class Report(BaseModel):
    source: Source
    attachments: list[Attachment] = Field(description="the 附件 the filing bundles, in order")
    sections: list[Section] = Field(description="section trees of the narrative parts, outermost first")
    blocks: list[Block] = Field(description="the body: paragraphs, headings and tables in document order")
    headers: list[Block] = Field(default_factory=list)
    footers: list[Block] = Field(default_factory=list)

"""The document model every reader returns, whatever the file format.

A Document is the body as an ordered list of blocks (paragraphs, headings and tables), with
page headers and footers kept apart. A table is a grid of cells stored once each, at their
origin, with explicit row and column spans: a vertically merged 一级指标 cell is one cell with
row_span 12, not twelve copies. Every block and cell says where it came from (Provenance), so
a record built from it can point a reviewer at the exact place.
"""
from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr


class Provenance(BaseModel):
    """Where a piece of text stands in the source file."""

    model_config = ConfigDict(frozen=True)

    part: Literal["body", "header", "footer"] = "body"
    block: int | None = Field(None, description="index in Document.blocks (or in headers/footers)")
    paragraph: int | None = Field(None, description="index among the part's own paragraphs, tables excluded")
    table: int | None = Field(None, description="index among all tables in document order, nested ones included")
    row: int | None = None
    col: int | None = None
    page: int | None = Field(None, description="1-based page number, for formats that have pages")
    bbox: tuple[float, float, float, float] | None = Field(None, description="x0, top, x1, bottom in PDF points")
    ocr_confidence: tuple[tuple[int, int, float], ...] | None = Field(
        None, description="for text recognised in a page image: (start, end, confidence) over the text's characters")

    def lowest_confidence(self, text: str, start: int = 0, end: int | None = None) -> float | None:
        """The lowest OCR confidence of the number in text[start:end], from its first digit to its
        last (of all its characters when it has none): a value is as sure as its digits, whatever
        the recogniser made of 万元 beside them. None for text that was not recognised (a text layer, a Word file)."""
        spans = self.ocr_confidence
        if not spans:
            return None
        stop = len(text) if end is None else end
        digits = [i for i in range(start, stop) if text[i:i + 1].isdigit()]
        # from its first digit to its last: a mark between them (2-4.27) is part of the number read
        positions = list(range(digits[0], digits[-1] + 1)) if digits else list(range(start, stop))
        inside = [value for a, b, value in spans if any(a <= i < b for i in positions)]
        return min(inside) if inside else None


class Paragraph(BaseModel):
    kind: Literal["paragraph", "heading"] = "paragraph"
    text: str
    style: str | None = Field(None, description="the Word style name, when the format has styles")
    outline_level: int | None = Field(None, description="1-based heading level from the style or outline, if any")
    provenance: Provenance


class Cell(BaseModel):
    row: int
    col: int
    row_span: int = 1
    col_span: int = 1
    text: str = Field(description="the cell's paragraphs joined with \\n, outer blank lines removed")
    tables: list["Table"] = Field(default_factory=list, description="tables nested inside this cell")
    provenance: Provenance


class Table(BaseModel):
    kind: Literal["table"] = "table"
    n_rows: int
    n_cols: int
    cells: list[Cell] = Field(description="origin cells in row-major order; covered grid positions are implied by spans")
    parent: Provenance | None = Field(None, description="the cell holding this table, for nested tables")
    provenance: Provenance
    _grid: list | None = PrivateAttr(None)

    def grid(self) -> list[list[Cell | None]]:
        """Every grid position mapped to the cell covering it (None where a row ends early).

        Built once: every interpreter reads tables through it, several times each."""
        if self._grid is None:
            rows: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
            for cell in self.cells:
                for r in range(cell.row, min(cell.row + cell.row_span, self.n_rows)):
                    for c in range(cell.col, min(cell.col + cell.col_span, self.n_cols)):
                        rows[r][c] = cell
            self._grid = rows
        return self._grid

    def cell_at(self, row: int, col: int) -> Cell | None:
        for cell in self.cells:
            if cell.row <= row < cell.row + cell.row_span and cell.col <= col < cell.col + cell.col_span:
                return cell
        return None

    def row_texts(self) -> list[list[str]]:
        """The grid as text, a merged cell's text repeated at every position it covers."""
        return [[c.text if c else "" for c in row] for row in self.grid()]


Block = Annotated[Union[Paragraph, Table], Field(discriminator="kind")]


class Document(BaseModel):
    format: str = Field(description="docx, pdf, ...: the format that was read")
    blocks: list[Block]
    headers: list[Block] = Field(default_factory=list)
    footers: list[Block] = Field(default_factory=list)
    pages: int | None = None
    converted: str | None = Field(None, description="how the file was converted before reading, for legacy formats")
    ocr_pages: list[int] = Field(default_factory=list, description="pages read from their image by OCR")
    page_meta: dict[str, str] = Field(default_factory=dict, description="a web page's publication data: published "
                                      "(发布日期, ISO), source (来源)")
    notes: list[str] = Field(default_factory=list, description="what the reader could not read or had to guess (an "
                             "image on a web page, an encoding the page mis-declared): problems of stage `read`")

    def tables(self) -> list[tuple[int, Table]]:
        return [(i, b) for i, b in enumerate(self.blocks) if isinstance(b, Table)]


Cell.model_rebuild()

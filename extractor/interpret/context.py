"""What every interpreter reads: the Document, its structure, and where things stand."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Iterator

from ..document import Cell, Document, Paragraph, Provenance, Table
from ..problems import noted
from ..records import Problem, Where
from ..structure import Attachment, Section, Structure


@dataclass(frozen=True)
class ProseParagraph:
    """A body paragraph with its place: attachment, section path, block index."""

    block: int
    text: str
    attachment: Attachment | None
    section: tuple[str, ...]
    page: int | None = None
    provenance: Provenance | None = None

    def where(self, start: int | None = None, end: int | None = None) -> Where:
        return Where(
            attachment=self.attachment.number if self.attachment else None,
            block=self.block,
            section=list(self.section) or None,
            start=start,
            end=end,
            page=self.page,
            confidence=self.provenance.lowest_confidence(self.text, start or 0, end) if self.provenance else None,
        )


@dataclass
class Context:
    document: Document
    structure: Structure
    year: int | None = None  # the budget year reviewed, once meta has found it
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def part(self, stage: str, where: Where | Callable[[], Where] | None = None):
        """Run one part (a table row, a paragraph) so that a failure loses that part only: it is
        noted in `problems` and the interpreter goes on with the next (problems.noted)."""
        return noted(self.problems, stage, where)

    def attachment_of(self, block: int) -> Attachment | None:
        return self.structure.attachment_of(block)

    def attachment_number(self, block: int) -> int | None:
        a = self.attachment_of(block)
        return a.number if a else None

    @cached_property
    def _section_paths(self) -> dict[int, tuple[str, ...]]:
        paths: dict[int, tuple[str, ...]] = {}

        def visit(sections: list[Section]) -> None:
            for s in sections:
                for i in range(s.start_block, s.end_block):
                    paths[i] = tuple(s.path)  # children visited later overwrite with deeper paths
                visit(s.children)

        visit(self.structure.sections)
        return paths

    def section_path(self, block: int) -> tuple[str, ...]:
        return self._section_paths.get(block, ())

    def paragraphs(self, narrative_only: bool = False) -> Iterator[ProseParagraph]:
        """Non-empty body paragraphs in order, with their place."""
        for i, block in enumerate(self.document.blocks):
            if not isinstance(block, Paragraph) or not block.text:
                continue
            attachment = self.attachment_of(i)
            if narrative_only and attachment is not None and not attachment.narrative:
                continue
            yield ProseParagraph(i, block.text, attachment, self.section_path(i), block.provenance.page, block.provenance)

    def tables(self) -> Iterator[tuple[int, Table, Attachment | None]]:
        for i, block in enumerate(self.document.blocks):
            if isinstance(block, Table):
                yield i, block, self.attachment_of(i)

    def cell_where(self, block: int, table: Table, cell: Cell) -> Where:
        return Where(
            attachment=self.attachment_number(block),
            table=table.provenance.table,
            row=cell.row,
            col=cell.col,
            block=block,
            page=cell.provenance.page,
            confidence=cell.provenance.lowest_confidence(cell.text),
        )

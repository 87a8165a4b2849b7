"""Divide a Document into attachments (附件N) and, inside the narrative ones, a section tree.

Headings are found whether or not Word heading styles were used: a paragraph that starts with
a numbering marker (一、 （一） 1、 1. (1) ①, mixed in one document) opens a section when it has
content under it; a run of numbered paragraphs with nothing under them is a list, not a
section tree. Levels follow the numbering sequence, not only the marker style, because real
filings switch style mid-level (the seed numbers its top level 1、 2、 三、 四、 五、 6、 七、).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import regex
from pydantic import BaseModel, Field

from .document import Document, Paragraph, Table
from .numerals import FULLWIDTH_DIGITS, ordinal_value
from .pattern_files import compile_pattern, load_toml, require


class Attachment(BaseModel):
    number: int
    label: str = Field(description="the marker as written, e.g. 附件3")
    title: str
    kind: str | None = Field(None, description="basic_data, overall_table, overall_report, rubric, project_table, project_report")
    narrative: bool
    marker_block: int
    title_blocks: list[int]
    start_block: int
    end_block: int = Field(description="exclusive")


class Section(BaseModel):
    attachment: int | None
    level: int
    numbering: str | None = Field(None, description="the marker as written, e.g. 三、 or （一）")
    ordinal: int | None = None
    title: str
    run_in: bool = Field(False, description="the heading shares its paragraph with body text")
    heading_block: int
    start_block: int
    end_block: int = Field(description="exclusive; the section's blocks include its subsections")
    path: list[str]
    children: list["Section"] = Field(default_factory=list)


# ------------------------------------------------------------------ patterns


@dataclass(frozen=True)
class _NumberingStyle:
    style: str
    family: str
    rank: int
    pattern: regex.Pattern


@dataclass(frozen=True)
class _Rules:
    marker: regex.Pattern
    max_marker_length: int
    title_max_paragraphs: int
    title_max_length: int
    title_stop: regex.Pattern
    kinds: tuple[tuple[str, regex.Pattern, bool], ...]
    heading_max: int
    run_in_max: int
    sentence_end: regex.Pattern
    numbering: tuple[_NumberingStyle, ...]


@lru_cache(maxsize=1)
def rules() -> _Rules:
    data = load_toml("structure.toml")
    where = "structure.toml"
    att = require(data, "attachment", where)
    heads = require(data, "headings", where)
    return _Rules(
        marker=compile_pattern(require(att, "marker", where), f"{where} attachment.marker"),
        max_marker_length=int(require(att, "max_marker_length", where)),
        title_max_paragraphs=int(require(att, "title_max_paragraphs", where)),
        title_max_length=int(require(att, "title_max_length", where)),
        title_stop=compile_pattern(require(att, "title_stop", where), f"{where} attachment.title_stop"),
        kinds=tuple(
            (
                require(k, "kind", where),
                compile_pattern(require(k, "title", where), f"{where} kind {k.get('kind')}"),
                bool(k.get("narrative")),
            )
            for k in require(att, "kinds", where)
        ),
        heading_max=int(require(heads, "title_max_length", where)),
        run_in_max=int(require(heads, "run_in_title_max_length", where)),
        sentence_end=compile_pattern(require(heads, "sentence_end", where), f"{where} headings.sentence_end"),
        numbering=tuple(
            _NumberingStyle(n["style"], n["family"], rank, compile_pattern(n["pattern"], f"{where} numbering {n.get('style')}"))
            for rank, n in enumerate(require(heads, "numbering", where))
        ),
    )


_MARKER_CHARS = str.maketrans({"（": "(", "）": ")", "．": "."})


def normalise_marker_text(text: str) -> str:
    """Full-width digits and brackets as ASCII, for matching only (output keeps the original)."""
    return text.translate(FULLWIDTH_DIGITS).translate(_MARKER_CHARS)


# ------------------------------------------------------------------ attachments


def find_attachments(doc: Document) -> list[Attachment]:
    r = rules()
    starts = [(i, m) for i, m in _marker_blocks(doc, r)]
    attachments = []
    for n, (i, (label, number, rest)) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(doc.blocks)
        title, title_blocks = (rest, []) if rest else _title_after(doc, i + 1, end, r)
        kind, narrative = _classify(doc, title, i, end, r)
        attachments.append(
            Attachment(
                number=number, label=label, title=title, kind=kind, narrative=narrative,
                marker_block=i, title_blocks=title_blocks, start_block=i, end_block=end,
            )
        )
    return attachments


def _marker_blocks(doc: Document, r: _Rules):
    for i, block in enumerate(doc.blocks):
        text = _marker_text(block)
        if text is None or len(text) > r.max_marker_length:
            continue
        m = r.marker.match(normalise_marker_text(text))
        if not m:
            continue
        number = ordinal_value(m.group("number"))
        if number is None:
            continue
        label = text[: m.start("title")].strip(" \u3000:：、.．") if m.group("title") else text.strip()
        title = _join_title_lines(text[m.start("title"):].split("\n")) if m.group("title") else ""
        yield i, (label, number, title)


def _marker_text(block) -> str | None:
    """Where an attachment marker may stand: a paragraph, or the first cell of a table when it
    is the only text in the table's first row (a title row; drawn without column rules, its
    merged cell may come back as a cell and blank ones beside it)."""
    if isinstance(block, Paragraph):
        return block.text
    if isinstance(block, Table) and block.cells and block.cells[0].row == 0:
        first = block.cells[0]
        beside = [c.text for c in block.cells if c.row == 0 and c is not first and c.text.strip()]
        if first.col_span == block.n_cols or not beside:
            return first.text
        if len(set(beside)) == 1 and rules().marker.fullmatch(normalise_marker_text(first.text.strip())):
            return f"{first.text.strip()} {beside[0]}"  # 附件4 | 项目支出绩效评价评分表: a title row split in two
    return None


def _title_after(doc: Document, start: int, end: int, r: _Rules) -> tuple[str, list[int]]:
    lines: list[str] = []
    used: list[int] = []
    for i in range(start, end):
        block = doc.blocks[i]
        if isinstance(block, Table):
            if not lines and block.cells and _is_title_row(block):
                return _join_title_lines(block.cells[0].text.split("\n")), []
            break
        text = block.text
        if not text:
            if lines:
                break
            continue
        if len(text) > r.title_max_length or r.title_stop.search(text) or heading_marker(text):
            break
        lines.append(text)
        used.append(i)
        if len(lines) == r.title_max_paragraphs:
            break
    return _join_title_lines(lines), used


def _is_title_row(table: Table) -> bool:
    first = table.cells[0]
    return first.row == 0 and first.col_span == table.n_cols and len(first.text) <= 60


def _join_title_lines(lines: list[str]) -> str:
    # Chinese title lines join without a space; the spaces inside a line are layout, not words.
    return "".join(line.strip(" \u3000\t") for line in lines if line.strip())


def _classify(doc: Document, title: str, start: int, end: int, r: _Rules) -> tuple[str | None, bool]:
    for kind, pattern, narrative in r.kinds:
        if pattern.search(title):
            return kind, narrative
    # An untitled or unknown attachment is narrative when it holds more prose than table text.
    prose = sum(len(b.text) for b in doc.blocks[start:end] if isinstance(b, Paragraph))
    cells = sum(len(c.text) for b in doc.blocks[start:end] if isinstance(b, Table) for c in b.cells)
    return None, prose > cells


# ------------------------------------------------------------------ headings


@dataclass
class _Marker:
    style: _NumberingStyle
    ordinal: int
    marker: str  # as written
    rest: str  # the text after the marker


def heading_marker(text: str) -> _Marker | None:
    """The numbering marker a paragraph starts with, if any."""
    probe = normalise_marker_text(text)
    for style in rules().numbering:
        m = style.pattern.match(probe)
        if m:
            ordinal = ordinal_value(m.group("n"))
            if ordinal is None:
                continue
            return _Marker(style, ordinal, text[: m.end()].strip(), text[m.end():].strip(" \u3000\t、.．"))
    return None


@dataclass
class _Candidate:
    block: int
    marker: _Marker | None
    outline_level: int | None
    title: str | None  # None: numbered, but too long to be a heading
    run_in: bool
    level: int = 0
    has_content: bool = False


@dataclass
class _Open:
    style: _NumberingStyle | None
    last: int
    used: set[str] = field(default_factory=set)  # every style this level has been numbered in


def _place(stack: list[_Open], marker: _Marker) -> int:
    """The 0-based level a numbered paragraph belongs to; updates the numbering stack.

    The next number of an open level continues it, preferring a level already numbered in
    this style, then one numbered in a style of the same family (the author switched 2、 to
    三、 mid-level); a 1 opens a new level; any other number continues the deepest level of its
    style (a gap, （一） then （三）) or opens a new one.
    """
    style, n = marker.style, marker.ordinal
    follows = [i for i, o in enumerate(stack) if o.style and n == o.last + 1]
    same = [i for i in follows if style.style in stack[i].used]
    kin = [i for i in follows if _same_family(stack[i].style, style)]
    if same:
        level = same[-1]
    elif kin and n > 1:
        level = kin[-1]
    elif n == 1:
        level = len(stack)
    else:
        styled = [i for i, o in enumerate(stack) if style.style in o.used]
        level = styled[-1] if styled else len(stack)
    used = stack[level].used if level < len(stack) else set()
    del stack[level:]
    stack.append(_Open(style, n, used | {style.style}))
    return level


def _same_family(open_style: _NumberingStyle | None, style: _NumberingStyle) -> bool:
    return open_style is not None and open_style.family == style.family


def find_sections(doc: Document, start: int, end: int, attachment: int | None) -> list[Section]:
    r = rules()
    candidates = _heading_candidates(doc, start, end, r)
    _assign_levels(candidates)
    _mark_content(doc, candidates, end)
    headings = [c for c in candidates if c.has_content or (c.marker is None and c.title is not None)]
    return _build_tree(headings, end, attachment)


def _heading_candidates(doc: Document, start: int, end: int, r: _Rules) -> list[_Candidate]:
    found = []
    for i in range(start, end):
        block = doc.blocks[i]
        if not isinstance(block, Paragraph) or not block.text:
            continue
        marker = heading_marker(block.text)
        if marker is None and block.outline_level is None:
            continue
        body = marker.rest if marker else block.text
        title, run_in = _heading_title(body, r)
        if title is None and marker is None:
            continue
        # A numbered paragraph too long to be a heading still takes part in the numbering
        # (it is a list item), so its siblings are judged with it.
        found.append(_Candidate(i, marker, block.outline_level, title, run_in))
    return found


def _heading_title(text: str, r: _Rules) -> tuple[str | None, bool]:
    first = r.sentence_end.search(text)
    if first is None or first.end() >= len(text.rstrip()):
        title = text.rstrip("。！？!? \u3000")
        return (title, False) if 0 < len(title) <= r.heading_max else (None, False)
    title = text[: first.start()].strip()
    return (title, True) if 0 < len(title) <= r.run_in_max else (None, False)


def _assign_levels(candidates: list[_Candidate]) -> None:
    stack: list[_Open] = []
    for c in candidates:
        if c.marker is not None:
            c.level = _place(stack, c.marker)
        else:  # a styled heading without a number: its outline level is its depth
            # _heading_candidates keeps an unnumbered paragraph only when its style has an outline level
            assert c.outline_level is not None
            c.level = max(0, min(c.outline_level - 1, len(stack)))
            del stack[c.level:]
            stack.append(_Open(None, 0))


def _mark_content(doc: Document, candidates: list[_Candidate], end: int) -> None:
    """Decide which numbered paragraphs head sections and which are list items.

    A numbered paragraph has content when body text, a table or a deeper numbered paragraph
    stands under it. Siblings are judged together: if none of them has content under it, the
    run is a list (including its run-in items, "2、预算编制有待更严格执行。预算编制…"); if some
    do, each one with content, or with a run-in body of its own, is a section.
    """
    numbered = {c.block for c in candidates}
    own_content = []
    for k, c in enumerate(candidates):
        limit = next((d.block for d in candidates[k + 1:] if d.level <= c.level), end)
        deeper = any(d.block < limit for d in candidates[k + 1:])
        body = any(
            isinstance(b, Table) or (b.text and i not in numbered)
            for i, b in enumerate(doc.blocks[c.block + 1 : limit], start=c.block + 1)
        )
        own_content.append(deeper or body)
    for group in _sibling_groups(candidates):
        if any(own_content[k] for k in group):
            for k in group:
                eligible = candidates[k].title is not None
                candidates[k].has_content = eligible and (own_content[k] or candidates[k].run_in)


def _sibling_groups(candidates: list[_Candidate]) -> list[list[int]]:
    """Indices of candidates grouped by parent: same level under the same shallower candidate."""
    groups: dict[tuple[int, int], list[int]] = {}
    open_: list[tuple[int, int]] = []  # (level, index) of the candidates still open above
    for k, c in enumerate(candidates):
        while open_ and open_[-1][0] >= c.level:
            open_.pop()
        groups.setdefault((open_[-1][1] if open_ else -1, c.level), []).append(k)
        open_.append((c.level, k))
    return list(groups.values())


def _build_tree(headings: list[_Candidate], end: int, attachment: int | None) -> list[Section]:
    roots: list[Section] = []
    stack: list[tuple[int, Section]] = []  # (numbering level, section) of the open headings
    for k, h in enumerate(headings):
        nxt = next((d.block for d in headings[k + 1:] if d.level <= h.level), end)
        while stack and stack[-1][0] >= h.level:
            stack.pop()
        section = Section(
            attachment=attachment,
            level=len(stack) + 1,
            numbering=h.marker.marker if h.marker else None,
            ordinal=h.marker.ordinal if h.marker else None,
            title=h.title,
            run_in=h.run_in,
            heading_block=h.block,
            start_block=h.block,
            end_block=nxt,
            path=[s.title for _, s in stack] + [h.title],
        )
        (stack[-1][1].children if stack else roots).append(section)
        stack.append((h.level, section))
    return roots


# ------------------------------------------------------------------ entry point


@dataclass
class Structure:
    attachments: list[Attachment] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    def attachment_of(self, block: int) -> Attachment | None:
        for a in self.attachments:
            if a.start_block <= block < a.end_block:
                return a
        return None


def analyse(doc: Document) -> Structure:
    attachments = find_attachments(doc)
    sections: list[Section] = []
    first = attachments[0].start_block if attachments else len(doc.blocks)
    if first > 0 and _has_prose(doc, 0, first):
        sections += find_sections(doc, 0, first, None)
    for a in attachments:
        if a.narrative:
            body_start = max([a.marker_block, *a.title_blocks]) + 1
            sections += find_sections(doc, body_start, a.end_block, a.number)
    return Structure(attachments, sections)


def _has_prose(doc: Document, start: int, end: int) -> bool:
    return any(isinstance(b, Paragraph) and len(b.text) > 20 for b in doc.blocks[start:end])


Section.model_rebuild()

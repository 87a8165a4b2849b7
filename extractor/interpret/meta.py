"""Who filed, for which unit, projects and budget year, and the filer's contacts wherever labelled.

The labels (部门名称, 填表人, 填报日期, 联系电话 …) and their synonyms are data in
patterns/meta.toml. A label is read where filers put it: alone in a table cell with its value in
the next cell, or in a line of text followed by a colon ("填表人： 黄可夫   填报日期：…").
Every attachment of a filing repeats the filer's line; the first one found is kept.

The year is the BUDGET year reviewed, read from the titles ("2022年度…自评表"): the filing is
written the year after (2023), so a title year that is not before the filing date's year is
taken only when no title names an earlier one.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterator

import regex

from ..document import Cell, Document, Table
from ..pattern_files import PatternFileError, compile_pattern, load_toml, require
from ..records import Meta, Where
from ..structure import analyse
from .context import Context
from .dates import dates_in_text, parse_date

_FILE = "meta.toml"
_FIELDS = ("department", "department_fallback", "project", "filler", "fill_date", "phone")


@dataclass(frozen=True)
class _Rules:
    cell_label: dict[str, regex.Pattern]  # field -> a whole cell that is one of its labels
    text_label: dict[str, regex.Pattern]  # field -> one of its labels followed by a colon
    any_label: regex.Pattern  # every label of every field, to end a value
    value_end: regex.Pattern
    placeholder: regex.Pattern
    person: regex.Pattern
    name: regex.Pattern
    phone: regex.Pattern
    phone_anywhere: regex.Pattern
    title_max: int
    title_cue: regex.Pattern
    title_year: regex.Pattern
    title_department: tuple[regex.Pattern, ...]
    title_project: regex.Pattern


def _label_pattern(word: str) -> str:
    """A label as a pattern: spaces allowed between its characters, either bracket width."""
    parts = []
    for ch in word:
        if ch in "(（":
            parts.append("[(（]")
        elif ch in ")）":
            parts.append("[)）]")
        else:
            parts.append(regex.escape(ch))
    return r"\s*".join(parts)


def _alternation(words: list[str]) -> str:
    return "|".join(_label_pattern(w) for w in sorted(words, key=len, reverse=True))


def _words(section: dict, key: str) -> list[str]:
    value = require(section, key, _FILE)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise PatternFileError(f"{_FILE}: labels.{key} must be a non-empty list of non-empty strings")
    return value


@lru_cache(maxsize=1)
def rules() -> _Rules:
    """The label synonyms, value shapes and title patterns of patterns/meta.toml, compiled once."""
    data = load_toml(_FILE)
    labels, values = require(data, "labels", _FILE), require(data, "values", _FILE)
    phone, titles = require(data, "phone", _FILE), require(data, "titles", _FILE)
    words = {f: _words(labels, f) for f in _FIELDS}
    every = [w for ws in words.values() for w in ws] + _words(labels, "other")

    def pattern(section: dict, key: str, name: str) -> regex.Pattern:
        return compile_pattern(require(section, key, _FILE), f"{_FILE} {name}.{key}")

    org = require(titles, "org", _FILE)
    return _Rules(
        cell_label={
            f: compile_pattern(rf"^\s*(?:{_alternation(ws)})\s*[:：]?\s*$", f"{_FILE} labels.{f}") for f, ws in words.items()
        },
        text_label={f: compile_pattern(rf"(?:{_alternation(ws)})\s*[:：]", f"{_FILE} labels.{f}") for f, ws in words.items()},
        any_label=compile_pattern(_alternation(every), f"{_FILE} labels"),
        value_end=pattern(values, "end", "values"),
        placeholder=pattern(values, "placeholder", "values"),
        person=pattern(values, "person", "values"),
        name=pattern(values, "name", "values"),
        phone=pattern(phone, "labelled", "phone"),
        phone_anywhere=pattern(phone, "anywhere", "phone"),
        title_max=int(require(titles, "max_length", _FILE)),
        title_cue=pattern(titles, "cue", "titles"),
        title_year=pattern(titles, "year", "titles"),
        title_department=tuple(
            compile_pattern(p.replace("{org}", org), f"{_FILE} titles.department")
            for p in require(titles, "department", _FILE)
        ),
        title_project=pattern(titles, "project", "titles"),
    )


# ------------------------------------------------------------------ labelled values


@dataclass(frozen=True)
class _Value:
    """A label's value as written, and where it stands."""

    field: str
    text: str
    where: Where


@dataclass(frozen=True)
class _InTable:
    """A cell with the table that holds it (itself nested or not) and that table's block."""

    block: int
    table: Table
    cell: Cell


@dataclass(frozen=True)
class _Text:
    """A paragraph or a cell, with a way to say where a stretch of it stands."""

    order: tuple[int, int, int]
    text: str
    where: Callable[[int | None, int | None], Where]
    in_table: _InTable | None = None  # None for a paragraph


def _labelled_texts(ctx: Context, r: _Rules) -> list[_Text]:
    """Every paragraph and every cell that holds a label, in document order. One search of all
    the labels at once spares a dozen per cell, and most cells of a long table hold none."""
    items = [_Text((p.block, -1, -1), p.text, p.where) for p in ctx.paragraphs() if r.any_label.search(p.text)]
    for block, table, _ in ctx.tables():
        for owner, cell in _cells(table):
            if not r.any_label.search(cell.text):
                continue
            # built only when a value is found in the cell
            where = lambda s=None, e=None, b=block, o=owner, c=cell: ctx.cell_where(b, o, c).model_copy(  # noqa: E731
                update={"start": s, "end": e})
            items.append(_Text((block, cell.row, cell.col), cell.text, where, _InTable(block, owner, cell)))
    return sorted(items, key=lambda t: t.order)


def _cells(table: Table) -> Iterator[tuple[Table, Cell]]:
    for cell in table.cells:
        yield table, cell
        for nested in cell.tables:
            yield from _cells(nested)


def _value_span(text: str, start: int, r: _Rules) -> tuple[int, int]:
    """The value after a label: from `start` (spaces skipped) to the next label or value end."""
    while start < len(text) and text[start] in " \t\u3000\xa0":
        start += 1
    end = len(text)
    for pattern in (r.value_end, r.any_label):
        m = pattern.search(text, start)
        if m and m.start() < end:
            end = m.start()
    return start, end


def _text_values(item: _Text, r: _Rules) -> Iterator[_Value]:
    """Values written after a label and a colon inside a paragraph or a cell."""
    for field, pattern in r.text_label.items():
        for m in pattern.finditer(item.text):
            start, end = _value_span(item.text, m.end(), r)
            if end > start:
                yield _Value(field, item.text[start:end], item.where(start, end))


def _right_of(table: Table, label: Cell) -> Cell | None:
    """The first non-empty cell to the right of a label cell in its row."""
    after = [c for c in table.cells if c.row == label.row and c.col >= label.col + label.col_span and c.text.strip()]
    return min(after, key=lambda c: c.col) if after else None


def _cell_values(ctx: Context, label: _InTable, r: _Rules) -> Iterator[_Value]:
    """A cell that is only a label gives the text of the next cell to its right."""
    for field, pattern in r.cell_label.items():
        if pattern.match(label.cell.text):
            value = _right_of(label.table, label.cell)
            if value is not None and not any(p.match(value.text) for p in r.cell_label.values()):
                yield _Value(field, value.text, ctx.cell_where(label.block, label.table, value))
            return


def _labelled(ctx: Context) -> list[_Value]:
    """Every labelled value of the filing, in document order."""
    r = rules()
    found: list[_Value] = []
    for item in _labelled_texts(ctx, r):
        if item.in_table is not None:
            found.extend(_cell_values(ctx, item.in_table, r))
        found.extend(_text_values(item, r))
    return found


# ------------------------------------------------------------------ cleaning values


def _clean_name(text: str, r: _Rules) -> str | None:
    """A unit or project name without its (盖章) placeholder and spaces; None if nothing is left."""
    name = "".join(r.placeholder.sub("", text).split()).strip(":：、，,。")
    return name if r.name.match(name) and not r.any_label.fullmatch(name) else None


def _clean_person(text: str, r: _Rules) -> str | None:
    name = "".join(text.split())
    return name if r.person.match(name) else None


def _clean_phone(text: str, r: _Rules) -> str | None:
    m = r.phone.search(text.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    return m.group(0).strip() if m else None


# ------------------------------------------------------------------ titles


def _title_texts(ctx: Context) -> list[tuple[str, Where]]:
    """Attachment titles, title-like paragraphs and tables' title rows, in document order."""
    r = rules()
    found, used = [], set()
    for a in ctx.structure.attachments:
        if a.title:
            block = a.title_blocks[0] if a.title_blocks else a.marker_block
            found.append(((block, -1), a.title, Where(attachment=a.number, block=block)))
            used.update([a.marker_block, *a.title_blocks])
    for p in ctx.paragraphs():
        if p.block not in used and len(p.text) <= r.title_max:
            found.append(((p.block, -1), p.text, p.where()))
    for block, table, _ in ctx.tables():
        first = table.cells[0] if table.cells else None
        if first is not None and first.row == 0 and first.col_span == table.n_cols and len(first.text) <= r.title_max:
            found.append(((block, 0), first.text, ctx.cell_where(block, table, first)))
    found.sort(key=lambda t: t[0])
    return [(text, where) for _, text, where in found if r.title_cue.search(text) or _names_unit(text, r)]


def _names_unit(text: str, r: _Rules) -> bool:
    """A title split over lines: its first line ("2022年度华容县住房和城乡建设局") names the unit."""
    return any(p.search(text) for p in r.title_department) and bool(r.title_year.search(text))


def _budget_year(titles: list[tuple[str, Where]], fill_date: str | None) -> tuple[int | None, Where | None]:
    """The most frequent year the titles name, among the years before the filing date's year;
    when every title names the filing date's year or later, that year still: a report dated
    within the year it reviews (2021年度…, 填报日期 2021-12-27) is a finding, not another year."""
    r = rules()
    filed = int(fill_date[:4]) if fill_date else None
    counts: Counter[int] = Counter()
    first: dict[int, Where] = {}
    for text, where in titles:
        for m in r.title_year.finditer(text):
            year = int(m.group("year"))
            counts[year] += 1
            first.setdefault(year, where)
    before = [y for y in counts if filed is None or y < filed]
    if before or counts:
        year = max(before or counts, key=lambda y: (counts[y], -list(first).index(y)))
        return year, first[year]
    return (filed - 1, None) if filed else (None, None)


def _title_department(titles: list[tuple[str, Where]]) -> tuple[str, Where] | None:
    r = rules()
    for text, where in titles:
        for pattern in r.title_department:
            m = pattern.search(text)
            if m:
                return m.group("department"), where
    return None


def _title_projects(titles: list[tuple[str, Where]], department: str | None) -> list[tuple[str, Where]]:
    """Projects named by project report titles (…局部门(单位)老旧小区改造项目支出绩效自评报告)."""
    r = rules()
    found = []
    for text, where in titles:
        if department and department in text:
            rest = text[text.index(department) + len(department):]
            m = r.title_project.search(rest)
            if m:
                found.append((m.group("project"), where))
    return found


# ------------------------------------------------------------------ meta


def _narrow(value: _Value, cleaned: str) -> Where:
    """Where the cleaned value stands inside the raw one (青岚县教育局 of 青岚县教育局（盖章）)."""
    at = value.text.find(cleaned)
    if at < 0 or cleaned == value.text:
        return value.where
    start = (value.where.start or 0) + at
    return value.where.model_copy(update={"start": start, "end": start + len(cleaned)})


def _first(values: list[_Value], field: str, clean: Callable[[str, _Rules], str | None]) -> tuple[str, Where] | None:
    r = rules()
    for v in values:
        if v.field == field:
            cleaned = clean(v.text, r)
            if cleaned:
                return cleaned, _narrow(v, cleaned)
    return None


def _fill_date(values: list[_Value], ctx: Context) -> tuple[str, Where] | None:
    """The first labelled filing date; else the first cover-page date line."""
    for v in values:
        if v.field == "fill_date":
            iso = parse_date(v.text)
            if iso:
                return iso, v.where
    for p in ctx.paragraphs():
        for d in dates_in_text(p.text, line=True):
            if d.role == "fill_date" and d.precision == "day":
                return d.date, p.where(d.start, d.end)
    return None


def _projects(values: list[_Value]) -> list[tuple[str, Where]]:
    r = rules()
    found, seen = [], set()
    for v in values:
        name = _clean_name(v.text, r) if v.field == "project" else None
        if name and name not in seen:
            seen.add(name)
            found.append((name, v.where))
    return found


def find_meta(ctx: Context) -> Meta:
    """Unit, budget year, projects, filer, filing date and phone, each with where it was read.

    Sets ctx.year when it is still unknown, so later interpreters infer left-out years from it.
    `where` keys are the field names; projects are "projects.0", "projects.1" ….
    """
    values = _labelled(ctx)
    titles = _title_texts(ctx)
    meta, where = Meta(), {}

    def put(field: str, found: tuple[Any, Where | None] | None) -> None:
        if found:
            setattr(meta, field, found[0])
            if found[1] is not None:
                where[field] = found[1]

    put("department", _first(values, "department", _clean_name)
        or _title_department(titles)
        or _first(values, "department_fallback", _clean_name))
    put("filler", _first(values, "filler", _clean_person))
    put("phone", _first(values, "phone", _clean_phone))
    put("fill_date", _fill_date(values, ctx))
    put("year", _budget_year(titles, meta.fill_date))
    projects = _projects(values) or _title_projects(titles, meta.department)
    meta.projects = [name for name, _ in projects]
    where.update({f"projects.{i}": w for i, (_, w) in enumerate(projects)})
    meta.where = where
    meta.published = ctx.document.page_meta.get("published")
    meta.published_by = ctx.document.page_meta.get("source")
    if ctx.year is None:
        ctx.year = meta.year
    return meta


# ------------------------------------------------------------------ contacts (for redaction)


def contacts_in_document(document: Document) -> tuple[set[str], set[str]]:
    """Every filler name and phone number the document's labels give, cells included."""
    r = rules()
    values = _labelled(Context(document, analyse(document)))
    names = {n for v in values if v.field == "filler" and (n := _clean_person(v.text, r))}
    phones = {p for v in values if v.field == "phone" and (p := _clean_phone(v.text, r))}
    return names, phones


def contacts_in_text(text: str) -> tuple[set[str], set[str]]:
    """Filler names and phone numbers labelled anywhere in one string (填表人：… 联系电话：…)."""
    r = rules()
    names, phones = set(), set()

    def where(start: int | None = None, end: int | None = None) -> Where:
        return Where(start=start, end=end)

    item = _Text((0, 0, 0), text, where)
    for v in _text_values(item, r):
        if v.field == "filler" and (n := _clean_person(v.text, r)):
            names.add(n)
        elif v.field == "phone" and (p := _clean_phone(v.text, r)):
            phones.add(p)
    return names, phones


def unlabelled_phones() -> regex.Pattern:
    """Mobile numbers and area-coded landlines, labelled or not."""
    return rules().phone_anywhere

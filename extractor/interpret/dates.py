"""Dates in a filing's prose and table cells, each with its role and where it stands.

A reviewer checks that the filing date falls after the budget year and that the events cited
belong to the year reviewed, so a date must say whether it is the filing date, a cut-off
(截至12月31日), an event, or the period a table column covers. What counts as a date, and the
cue words of each role, are data in patterns/dates.toml (its header explains the choices):

- fill_date: right after a 填报日期 label, or a paragraph that is nothing but a date (the cover
  page's "2023 年 7 月 11日");
- deadline: after 截至/截止 …, or before 前/之前/为止 (2021年11月30日前, 2022年12月底前);
- period: a short table cell naming a year column (2022年预算数). Prose periods ("2022年度",
  "2022年支出合计") are not emitted at all: they repeat the budget year and would drown the
  events;
- event: every other date; a bare year only when it opens a clause as an event
  ("2020年我局先后制定").

Dates inside a 《document title》 belong to the title and are skipped.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Iterator

import regex

from ..document import Cell, Table
from ..numerals import FULLWIDTH_DIGITS, chinese_to_int
from ..pattern_files import PatternFileError, compile_pattern, load_toml, require
from ..records import DateRecord, Where
from ..text import flatten
from .context import Context

_FILE = "dates.toml"
# How far before or after a date its cue words may stand (characters).
_CUE_WINDOW = 16


@dataclass(frozen=True)
class _Rules:
    # (kind, pattern) in precedence order: a span taken by an earlier kind is not matched again
    kinds: tuple[tuple[str, regex.Pattern], ...]
    any_kind: regex.Pattern  # one search that says whether any kind can match: most cells hold no date
    title: regex.Pattern
    sentence_end: regex.Pattern
    fill_before: regex.Pattern
    deadline_before: regex.Pattern
    deadline_after: regex.Pattern
    plan_before: regex.Pattern
    done: regex.Pattern
    advance: regex.Pattern
    clause_start: regex.Pattern
    comma: regex.Pattern
    actors: regex.Pattern
    recurring: regex.Pattern
    period_cell: regex.Pattern


def _words(words: list[str]) -> str:
    """An alternation that tries the longer words first (截止到 before 截止)."""
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


def _list(section: dict, key: str, where: str) -> list[str]:
    value = require(section, key, where)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise PatternFileError(f"{where}: {key} must be a list of non-empty strings")
    return value


@lru_cache(maxsize=1)
def rules() -> _Rules:
    """The date grammar from patterns/dates.toml, compiled once."""
    data = load_toml(_FILE)
    pats = require(data, "patterns", _FILE)
    roles = require(data, "roles", _FILE)
    events = require(data, "events", _FILE)
    periods = require(data, "periods", _FILE)

    def pattern(section: dict, key: str, name: str) -> regex.Pattern:
        return compile_pattern(require(section, key, _FILE), f"{_FILE} {name}.{key}")

    kinds = tuple((k, pattern(pats, k, "patterns")) for k in
                  ("chinese", "full", "numeric", "month", "day_no_year", "month_no_year", "year"))
    return _Rules(
        kinds=kinds,
        any_kind=compile_pattern("|".join(f"(?:{p.pattern})" for _, p in kinds), f"{_FILE} patterns (any kind)"),
        title=pattern(pats, "title", "patterns"),
        sentence_end=pattern(pats, "sentence_end", "patterns"),
        fill_before=compile_pattern(
            rf"(?:{_words(_list(roles, 'fill_labels', _FILE))})\s*[:：]?\s*$", f"{_FILE} roles.fill_labels"
        ),
        deadline_before=compile_pattern(
            rf"(?:{_words(_list(roles, 'deadline_before', _FILE))})\s*[:：]?\s*$", f"{_FILE} roles.deadline_before"
        ),
        deadline_after=pattern(roles, "deadline_after", "roles"),
        plan_before=compile_pattern(_words(_list(roles, "plan_before", _FILE)), f"{_FILE} roles.plan_before"),
        done=pattern(roles, "done", "roles"),
        advance=pattern(roles, "advance", "roles"),
        clause_start=pattern(events, "clause_start", "events"),
        comma=pattern(events, "comma", "events"),
        actors=compile_pattern(rf"^\s*(?:{_words(_list(events, 'actors', _FILE))})", f"{_FILE} events.actors"),
        recurring=compile_pattern(rf"(?:{_words(_list(events, 'recurring', _FILE))})\s*$", f"{_FILE} events.recurring"),
        period_cell=pattern(periods, "cell", "periods"),
    )


# ------------------------------------------------------------------ dates in one text


@dataclass(frozen=True)
class FoundDate:
    """A date found in one text (a paragraph or a cell), before it is given its place."""

    start: int
    end: int
    raw: str
    date: str
    precision: str  # day, month, year
    year_inferred: bool
    role: str


@dataclass
class _Hit:
    kind: str
    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None


def _chinese_year(text: str) -> int | None:
    """二〇二三 -> 2023, read digit by digit."""
    value = chinese_to_int(text)
    return value if value is not None and 1900 <= value <= 2099 else None


def _hit(kind: str, m: regex.Match) -> _Hit:
    groups = m.groupdict()
    if kind == "chinese":
        year, month, day = _chinese_year(groups["year"]), chinese_to_int(groups["month"]), chinese_to_int(groups["day"])
    else:
        year = int(groups["year"]) if groups.get("year") else None
        month = int(groups["month"]) if groups.get("month") else None
        day = int(groups["day"]) if groups.get("day") else None
    return _Hit(kind, m.start(), m.end(), year, month, day)


def _raw_hits(probe: str, r: _Rules) -> list[_Hit]:
    """Every date-shaped span, the earlier kinds first taking their text; titles excluded."""
    if not r.any_kind.search(probe):
        return []
    taken = [m.span() for m in r.title.finditer(probe)]
    hits = []
    for kind, pattern in r.kinds:
        for m in pattern.finditer(probe):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append(m.span())
            hits.append(_hit(kind, m))
    return sorted(hits, key=lambda h: h.start)


def _valid(year: int, month: int | None, day: int | None) -> bool:
    if not 1900 <= year <= 2099:
        return False
    if month is None:
        return day is None
    if not 1 <= month <= 12:
        return False
    if day is None:
        return True
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _iso(year: int, month: int | None, day: int | None) -> tuple[str, str]:
    if month is None:
        return f"{year:04d}", "year"
    if day is None:
        return f"{year:04d}-{month:02d}", "month"
    return f"{year:04d}-{month:02d}-{day:02d}", "day"


def _is_event_year(probe: str, hit: _Hit, r: _Rules) -> bool:
    """A bare year counts only as an event: it opens a clause and a comma or an actor follows."""
    if not r.clause_start.search(probe, max(0, hit.start - _CUE_WINDOW), hit.start):
        return False
    after = probe[hit.end : hit.end + _CUE_WINDOW]
    return bool(r.comma.match(after) or r.actors.match(after))


def _keep(probe: str, hit: _Hit, r: _Rules) -> bool:
    """Drop the shapes that are not dates in context: non-event years, recurring months."""
    if hit.kind == "year":
        return _is_event_year(probe, hit, r)
    if hit.kind == "month_no_year":
        return not r.recurring.search(probe, max(0, hit.start - _CUE_WINDOW), hit.start)
    return True


def _sentence_years(probe: str, hits: list[_Hit], r: _Rules) -> dict[int, int]:
    """For each hit without a year: the year of the last dated hit earlier in its sentence.

    "2020年11月份…，12月完成修复" means December 2020, not of the budget year, so an earlier
    explicit month or day in the same sentence is the better source for the year.
    """
    ends = [m.start() for m in r.sentence_end.finditer(probe)]
    inferred, last = {}, None  # last: (sentence index, year)
    for i, hit in enumerate(hits):
        sentence = sum(1 for e in ends if e < hit.start)
        if hit.year is not None and hit.month is not None:
            last = (sentence, hit.year)
        elif hit.year is None and last and last[0] == sentence:
            inferred[i] = last[1]
    return inferred


def _role(probe: str, hit: _Hit, r: _Rules, line: bool, year_before: bool = False) -> str:
    """What a date is in its text; `year_before`: it falls in the year before the budget year."""
    before_start = max(0, hit.start - _CUE_WINDOW)
    if r.fill_before.search(probe, before_start, hit.start):
        return "fill_date"
    if line and probe.strip() == probe[hit.start : hit.end].strip():
        return "fill_date"  # a paragraph that is only a date: the cover page's or the signature's
    if r.deadline_before.search(probe, before_start, hit.start):
        return "deadline"
    if r.deadline_after.match(probe[hit.end : hit.end + _CUE_WINDOW]):
        return "deadline"
    clause_start, clause_end = _clause(probe, hit)
    if r.plan_before.search(probe, clause_start, hit.start) or probe.startswith("下一步", _sentence_start(probe, hit)):
        return "plan"
    if r.done.search(probe, clause_start, clause_end):
        return "done"
    if year_before and _advances_the_year(probe, hit, r):
        return "other"
    return "event"


def _advances_the_year(probe: str, hit: _Hit, r: _Rules) -> bool:
    """A date of the year before in a sentence that gives the year's money in advance (2021年12月
    …印发《关于提前下达2022年…资金的通知》): when the year's funds were allocated, not an event of
    another year (real-text corpus, dev b025; issue #11: 提前下达 flagged as outside the year)."""
    start = _sentence_start(probe, hit)
    end = _SENTENCE_END.search(probe, hit.end)
    return r.advance.search(probe, start, end.start() if end else len(probe)) is not None


_YEAR_WORD = regex.compile(r"\s*年度?")
_CLAUSE_END = regex.compile(r"[，,；;。！？!?\n]")
# What may come before a date that stands alone as the head of a sentence ("于2019年9月，…").
_FRONTED_DATE = regex.compile(r"\s*(?:于|在)?\s*")
_SENTENCE_END = regex.compile(r"[。；;！？!?\n]")


def _clause(probe: str, hit: _Hit) -> tuple[int, int]:
    """Where the clause holding a date starts and ends (between commas and stops)."""
    before = [m.end() for m in _CLAUSE_END.finditer(probe, 0, hit.start)]
    start = before[-1] if before else 0
    after = _CLAUSE_END.search(probe, hit.end)
    if after and after.group(0) in "，," and _FRONTED_DATE.fullmatch(probe, start, hit.start) \
            and not probe[hit.end:after.start()].strip():
        after = _CLAUSE_END.search(probe, after.end())  # "2019年9月24日，项目全部建成": the date heads the next clause
    return start, (after.start() if after else len(probe))


def _sentence_start(probe: str, hit: _Hit) -> int:
    before = [m.end() for m in _SENTENCE_END.finditer(probe, 0, hit.start)]
    return before[-1] if before else 0


def dates_in_text(text: str, year: int | None = None, *, line: bool = False) -> list[FoundDate]:
    """Every date in one text with its role; `year` fills in a year the text leaves out.

    `line` says the text is a whole paragraph, where a paragraph holding only a date is a
    filing date; a table cell holding only a date is a value (an indicator's 实际完成值).
    A date whose year is left out and cannot be inferred is dropped rather than guessed.
    """
    r = rules()
    probe = text.translate(FULLWIDTH_DIGITS)  # same length: offsets stay those of `text`
    hits = [h for h in _raw_hits(probe, r) if _keep(probe, h, r)]
    from_sentence = _sentence_years(probe, hits, r)
    found = []
    for i, hit in enumerate(hits):
        inferred = hit.year is None
        y = hit.year if not inferred else from_sentence.get(i, year)
        if y is None or not _valid(y, hit.month, hit.day):  # a year left out and not inferred: dropped
            continue
        iso, precision = _iso(y, hit.month, hit.day)
        role = _role(probe, hit, r, line, year_before=year is not None and y == year - 1)
        found.append(FoundDate(hit.start, hit.end, text[hit.start : hit.end], iso, precision, inferred, role))
    return found


def parse_date(text: str) -> str | None:
    """The ISO form of the first date written with its year in `text` (day or month precision).

    For label values such as 填报日期：2023年7月11日, where a bare year or a year left out
    would be a guess.
    """
    for d in dates_in_text(text):
        if not d.year_inferred and d.precision in ("day", "month"):
            return d.date
    return None


def period_of_cell(text: str) -> FoundDate | None:
    """A short cell naming the year a column or row covers (2022年预算数) as a period."""
    probe = text.translate(FULLWIDTH_DIGITS)
    m = rules().period_cell.match(probe)
    if not m:
        return None
    y = int(m.group("year"))
    end = m.end("year")
    tail = _YEAR_WORD.match(probe, end)
    end = tail.end() if tail else end
    return FoundDate(m.start("year"), end, text[m.start("year") : end], f"{y:04d}", "year", False, "period")


# ------------------------------------------------------------------ the whole filing


def _record(found: FoundDate, where: Where) -> DateRecord:
    return DateRecord(
        # "2023 年 7 月 11日" is read without its spaces from a PDF: store it the same from both
        raw=flatten(found.raw), date=found.date, precision=found.precision,
        year_inferred=found.year_inferred, role=found.role, where=where,
    )


def _cells(table: Table) -> Iterator[tuple[Table, Cell]]:
    """Every cell of a table and of the tables nested in its cells, in reading order."""
    for cell in table.cells:
        yield table, cell
        for nested in cell.tables:
            yield from _cells(nested)


def _cell_dates(cell: Cell, year: int | None) -> list[FoundDate]:
    period = period_of_cell(cell.text)
    return [period] if period else dates_in_text(cell.text, year)


def _order(record: DateRecord) -> tuple[int, int, int, int]:
    w = record.where
    return (
        w.block if w.block is not None else -1,
        w.row if w.row is not None else -1,
        w.col if w.col is not None else -1,
        w.start or 0,
    )


def find_dates(ctx: Context, year: int | None) -> list[DateRecord]:
    """Every date in the prose paragraphs and the table cells, in document order. `year` is the
    budget year (meta's), for dates that leave it out (截至12月31日); None drops those."""
    records = []
    for p in ctx.paragraphs():
        with ctx.part("interpret.dates", p.where()):
            records += [_record(d, p.where(d.start, d.end)) for d in dates_in_text(p.text, year, line=True)]
    for block, table, _ in ctx.tables():
        for owner, cell in _cells(table):
            if not cell.text:
                continue
            place = partial(ctx.cell_where, block, owner, cell)  # built only where a date is found
            with ctx.part("interpret.dates", place):
                records += [_record(d, place().model_copy(update={"start": d.start, "end": d.end}))
                            for d in _cell_dates(cell, year)]
    return sorted(records, key=_order)

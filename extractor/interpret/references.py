"""Document numbers (文号) cited in prose and table cells, with their title and amount.

A reference such as 湘财预〔2021〕330号 names the issuing authority (湘财预), the year and the
number; the 《title》 right before it, if any, is the document it numbers, and the money figure
the sentence ties to it is the amount that document granted. Patterns are data in
patterns/references.toml.

Which amount belongs to which reference. A sentence often lists several grants, with the
amount on either side of its reference:

    《…》（湘财预〔2021〕330号 ）1929万元；《…》（湘财预〔2022〕89号 ）279万元，
    省级资金228万元《…》（湘财预〔2022〕217号 ）均已批复。

The rule: a reference takes the money figure of its own CLAUSE (clauses end at ，；。 outside
《titles》), nearest to it, never one lying beyond a neighbouring reference of the same clause.
Above that gives 1929 to 330号 (its clause runs to ；), 279 to 89号 (its clause runs to ，) and
228 to 217号 (its clause starts after that ，); "资金4800.00万元（湘财农〔2022〕8号）" and
"当年下达2060.00万元（…52号）、上年结转240.00万元" take the figure right before the reference.
A reference whose clause holds no figure looks at the next clause of its sentence (else the
previous one) only when that clause cites no document itself and says money was granted
(下达, 拨付 … in references.toml): "根据《…》（怀财教〔2021〕56号），下达资金85万元". Otherwise it
gets none: figures of other clauses are as likely to be totals or spending as grants
("…（财预〔2020〕10号），全年执行资金5000万元"), and a wrong amount is worse than a missing one.
A figure goes to one reference only.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Iterator

import regex

from ..document import Cell, Table
from ..numerals import FULLWIDTH_DIGITS
from ..pattern_files import PatternFileError, compile_pattern, load_toml, require
from ..records import Quantity, Reference, Where
from ..values import find_quantities
from .context import Context

_HAN = regex.compile(r"\p{Han}")

_FILE = "references.toml"


@dataclass(frozen=True)
class _Rules:
    pattern: regex.Pattern
    authority_max: int
    authority_cues: regex.Pattern
    authority_shape: regex.Pattern
    title_before: regex.Pattern
    clause_end: regex.Pattern
    sentence_end: regex.Pattern
    grant_cues: regex.Pattern


def _words(section: dict, key: str) -> list[str]:
    value = require(section, key, _FILE)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise PatternFileError(f"{_FILE}: {key} must be a non-empty list of non-empty strings")
    return value


def _alternation(words: list[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def rules() -> _Rules:
    """The reference grammar of patterns/references.toml, compiled once."""
    data = load_toml(_FILE)
    ref, title, amount = (require(data, k, _FILE) for k in ("reference", "title", "amount"))
    alternation = _alternation(_words(ref, "authority_cues"))
    return _Rules(
        pattern=compile_pattern(require(ref, "pattern", _FILE), f"{_FILE} reference.pattern"),
        authority_max=int(require(ref, "authority_max", _FILE)),
        # the LAST cue in the run: greedy prefix, then the cue
        authority_cues=compile_pattern(rf"^.*(?:{alternation})", f"{_FILE} reference.authority_cues"),
        authority_shape=compile_pattern(require(ref, "authority_shape", _FILE), f"{_FILE} reference.authority_shape"),
        title_before=compile_pattern(require(title, "before", _FILE), f"{_FILE} title.before"),
        clause_end=compile_pattern(require(amount, "clause_end", _FILE), f"{_FILE} amount.clause_end"),
        sentence_end=compile_pattern(require(amount, "sentence_end", _FILE), f"{_FILE} amount.sentence_end"),
        grant_cues=compile_pattern(_alternation(_words(amount, "grant_cues")), f"{_FILE} amount.grant_cues"),
    )


# ------------------------------------------------------------------ references in one text


@dataclass(frozen=True)
class FoundReference:
    """A reference found in one text: its span, the span of its title, and its amount's span."""

    start: int
    end: int
    raw: str
    authority: str
    year: int
    number: str
    title: str | None
    unit_start: int  # where the reference's title starts (its start when it has none)
    amount: Quantity | None = None
    amount_span: tuple[int, int] | None = None


def _authority(text: str, bracket: int, r: _Rules) -> tuple[int, str] | None:
    """The issuing prefix before the bracket: the Han run there, after the last cue word."""
    end = bracket
    while end > 0 and text[end - 1] in " \u3000":
        end -= 1
    start = end
    while start > 0 and end - start < r.authority_max and _HAN.match(text, start - 1):
        start -= 1
    cue = r.authority_cues.match(text[start:end])
    if cue:
        start += cue.end()
    authority = text[start:end]
    return (start, authority) if r.authority_shape.match(authority) else None


def _title(text: str, start: int, r: _Rules) -> tuple[int, str] | None:
    m = r.title_before.search(text, max(0, start - 210), start)
    return (m.start(), m.group("title")) if m else None


def _scan(text: str) -> list[FoundReference]:
    """Every reference in a text with its authority and title, no amounts yet."""
    r = rules()
    probe = text.translate(FULLWIDTH_DIGITS)  # same length: offsets stay those of `text`
    found = []
    for m in r.pattern.finditer(probe):
        authority = _authority(text, m.start(), r)
        if authority is None:
            continue  # "（2021）330号" without an authority is not a citable document number
        start, name = authority
        title = _title(text, start, r)
        found.append(FoundReference(
            start=start, end=m.end(), raw=text[start : m.end()], authority=name,
            year=int(m.group("year")), number=m.group("number"),
            title=title[1] if title else None, unit_start=title[0] if title else start,
        ))
    return found


def _masked(text: str) -> str:
    """The text with every 《title》's content blanked, so its punctuation ends no clause."""
    return regex.sub(r"《[^《》]*》", lambda m: "《" + "X" * (len(m.group(0)) - 2) + "》", text)


@dataclass(frozen=True)
class _Clause:
    start: int
    end: int  # exclusive, at its closing mark
    ends_sentence: bool


def _clauses(masked: str, r: _Rules) -> list[_Clause]:
    """The text cut at its clause marks; each clause says whether its mark ends the sentence."""
    clauses, start = [], 0
    for m in r.clause_end.finditer(masked):
        clauses.append(_Clause(start, m.start(), bool(r.sentence_end.match(m.group(0)))))
        start = m.end()
    clauses.append(_Clause(start, len(masked), True))
    return clauses


def _distance(ref: FoundReference, item: tuple[int, int, Quantity]) -> tuple[int, int]:
    """How far a figure stands from a reference; a figure before it wins a tie (资金X万元（文号）)."""
    s, e, _ = item
    return (ref.unit_start - e, 0) if e <= ref.unit_start else (s - ref.end, 1)


def _same_clause(ref: FoundReference, i: int, refs: list[FoundReference], clause: _Clause, money: list) -> tuple | None:
    """The figure of the reference's clause nearest to it, not beyond a neighbouring reference."""
    lo = max(clause.start, refs[i - 1].end if i > 0 else 0)
    hi = min(clause.end, refs[i + 1].unit_start if i + 1 < len(refs) else clause.end)
    inside = [m for m in money if lo <= m[0] and m[1] <= hi]
    return min(inside, key=lambda m: _distance(ref, m)) if inside else None


def _neighbour_clause(
    text: str, k: int, clauses: list[_Clause], refs: list[FoundReference], money: list, r: _Rules
) -> tuple | None:
    """A grant figure from the next (else the previous) clause of the sentence; see references.toml."""
    for j, first in ((k + 1, True), (k - 1, False)):
        if not 0 <= j < len(clauses) or clauses[min(j, k)].ends_sentence:
            continue
        c = clauses[j]
        if any(c.start <= f.start < c.end for f in refs) or not r.grant_cues.search(text, c.start, c.end):
            continue
        inside = [m for m in money if c.start <= m[0] and m[1] <= c.end]
        if inside:
            return inside[0] if first else inside[-1]
    return None


def _with_amounts(text: str, refs: list[FoundReference]) -> list[FoundReference]:
    """Give each reference the money figure the sentence ties to it (see the module docstring)."""
    if not refs:
        return refs
    r = rules()
    clauses = _clauses(_masked(text), r)
    units = [(f.unit_start, f.end) for f in refs]
    money = [
        (s, e, q) for s, e, q in find_quantities(text)
        if q.kind == "money" and not any(s < ue and us < e for us, ue in units)
    ]
    result, taken = [], set()
    for i, ref in enumerate(refs):
        k = next((n for n, c in enumerate(clauses) if ref.unit_start <= c.end), len(clauses) - 1)
        free = [m for m in money if (m[0], m[1]) not in taken]
        pick = _same_clause(ref, i, refs, clauses[k], free) or _neighbour_clause(text, k, clauses, refs, free, r)
        if pick:
            taken.add((pick[0], pick[1]))
            ref = FoundReference(**{**ref.__dict__, "amount": pick[2], "amount_span": (pick[0], pick[1])})
        result.append(ref)
    return result


def references_in_text(text: str) -> list[FoundReference]:
    """Every document number in a paragraph or cell text, with its title and amount."""
    return _with_amounts(text, _scan(text))


# ------------------------------------------------------------------ the whole filing


def _record(found: FoundReference, where: Where, amount_where: Where | None) -> Reference:
    amount = found.amount.model_copy(update={"where": amount_where}) if found.amount else None
    return Reference(
        raw=found.raw, authority=found.authority, year=found.year, number=found.number,
        title=found.title, amount=amount, where=where,
    )


def _cells(table: Table) -> Iterator[tuple[Table, Cell]]:
    for cell in table.cells:
        yield table, cell
        for nested in cell.tables:
            yield from _cells(nested)


def _stretch(cell: Where, start: int, end: int) -> Where:
    """Where a stretch of a cell's text stands."""
    return cell.model_copy(update={"start": start, "end": end})


def find_references(ctx: Context) -> list[Reference]:
    """Every document number in the prose and the table cells, in document order."""
    records = []
    for p in ctx.paragraphs():
        with ctx.part("interpret.references", p.where()):
            for f in references_in_text(p.text):
                span = f.amount_span
                record = _record(f, p.where(f.start, f.end), p.where(*span) if span else None)
                records.append(((p.block, -1, -1, f.start), record))
    for block, table, _ in ctx.tables():
        for owner, cell in _cells(table):
            place = partial(ctx.cell_where, block, owner, cell)  # built only where a number is found
            with ctx.part("interpret.references", place):
                for f in references_in_text(cell.text):
                    span = f.amount_span
                    base = place()
                    record = _record(f, _stretch(base, f.start, f.end), _stretch(base, *span) if span else None)
                    records.append(((block, cell.row, cell.col, f.start), record))
    return [rec for _, rec in sorted(records, key=lambda t: t[0])]

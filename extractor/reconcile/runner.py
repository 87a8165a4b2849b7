"""Run the checks one comparison at a time: each under its own guard, in arithmetic wide
enough for its values, with output bounded whatever the filing.

A check yields Comparisons (one rate row, one total with its parts, one share, one figure
against its candidates, one score row …); a plug-in may also yield findings it made. Each
comparison runs in a local decimal context sized to its values: the process default of 28
digits rounds a 30-digit amount and raises when quantizing it. One that raises an arithmetic
error is retried once at the exact-arithmetic budget; if that fails too, or it raises
anything else, it becomes one check.skipped note naming the values it could not compare, and
the family's other comparisons run on. A comparison whose values are all written but some are
not numbers (见附表, 142（含借调5人）) is skipped with a check.skipped note saying which
(not_numbers); one with a value left blank is simply not made.

Output is bounded: at most MAX_PER_RULE findings per rule and severity (one check.capped note
says how many more there were), and an evidence context longer than MAX_CONTEXT is cut to the
text around its value.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal, DivisionByZero, InvalidOperation, Overflow, localcontext
from itertools import chain
from typing import Callable, Iterable, NamedTuple, Sequence, Union

from ..errors import ExtractorError
from ..records import MISREAD_CONFIDENCE, UNSURE_CELL, Evidence, Finding, Problem, Quantity, Where
from .context import CheckContext, listed, more, quantity_evidence

STANDARD_DIGITS = 50  # a 38-digit amount (the widest DuckDB stores) with room for products of it
EXACT_DIGITS = 10_000  # two 4,300-digit values (Python's int/str limit) multiplied exactly
MAX_PER_RULE = 200
MAX_CONTEXT = 400  # longer than any sentence of the sample filings (the seed's longest is 392 characters)
_AROUND = 100  # characters kept either side of a value when its context is cut
# The file's own limits (a deadline, a size) and the machine's are about the whole run, not one
# comparison: they pass through every guard.
_NOT_OURS = (ExtractorError, MemoryError)


class Operand(NamedTuple):
    """One value a comparison reads, as written, for the note when it cannot be compared."""

    role: str
    label: str | None
    quantity: Quantity | None
    context: str | None = None

    def evidence(self) -> Evidence:
        return quantity_evidence(self.role, self.label, self.quantity, self.context)


@dataclass(frozen=True)
class Comparison:
    rule: str  # the rule whose finding it may give
    what: str  # what is compared, as a reviewer names it: 附件2年度资金总额执行率
    operands: Sequence[Operand]
    finding: Callable[[], Finding | None]
    identity: frozenset | None = None  # the same relation reached by two routes is reported once
    numbers: Sequence[Decimal] = ()  # plain numbers it also computes with (rubric weights), to size its arithmetic
    # How its values were put together (the same row's columns, the whole the sentence names, a
    # concept named in prose and table): every finding it gives says so (DOMAIN.md: a reviewer
    # trusts a finding whose pairing they can check).
    pairing: str = field(default="", kw_only=True)


Check = Callable[[CheckContext], Iterable[Union[Comparison, Finding, None]]]  # None: nothing to report


def run(checks: Sequence[Check], ctx: CheckContext) -> list[Finding]:
    findings = _Findings()
    for check in checks:
        try:
            with localcontext(_context(STANDARD_DIGITS)):  # choosing what to compare
                for item in check(ctx):
                    if isinstance(item, Comparison):
                        findings.add(_paired(evaluate(item), item.pairing), item.identity)
                    else:
                        findings.add(item)
        except _NOT_OURS:
            raise
        except Exception as e:  # a fault in choosing what to compare: the family's findings so far stand
            findings.add(Finding(rule="internal.check_failed", severity="info",
                                 message=f"检查{check.__module__.rsplit('.', 1)[-1]}.{check.__name__}未能完成："
                                         f"{type(e).__name__}: {str(e)[:200]}"))
    unsure_cells = [p for p in ctx.report.problems if p.stage == UNSURE_CELL]
    return [possibly_misread(_trimmed(f, ctx.report.blocks), unsure_cells) for f in findings.all()]


def possibly_misread(finding: Finding, unsure_cells: Sequence[Problem] = ()) -> Finding:
    """An error that rests on a value OCR was unsure of, as a warning saying so: a value in its
    evidence, or a cell among the parts of a total in it (interpret.doubts) that a scan may have
    misread, such as a score of 7 read as "/" that the total's parts then lack."""
    if finding.severity != "error":
        return finding
    unsure = [e.where.confidence for e in finding.evidence if e.where is not None and e.where.confidence is not None
              and e.where.confidence < MISREAD_CONFIDENCE]
    if unsure:
        return _hedged(finding, f"扫描件OCR置信度{min(unsure):.2f}")
    among = [p for p in unsure_cells if p.where is not None and _among_parts(p.where, finding.evidence)]
    if among:
        return _hedged(finding, among[0].message)
    return finding


def _among_parts(cell: Where, evidence: Sequence[Evidence]) -> bool:
    """A cell where one of the parts of a column's total may stand: in the evidence's table and
    column, between the evidence's rows there, or above its only one (a total whose parts the
    evidence does not list). A row's other values are in its evidence themselves."""
    placed = [e for e in evidence if e.where is not None and e.where.row is not None
              and e.where.block == cell.block and e.where.col == cell.col]
    rows = [e.where.row for e in placed if e.where is not None and e.where.row is not None]
    if cell.block is None or cell.row is None or not rows:
        return False
    if len(rows) == 1:
        return placed[0].role == "total" and cell.row < rows[0]
    return min(rows) <= cell.row <= max(rows)


def _hedged(finding: Finding, why: str) -> Finding:
    return finding.model_copy(update={
        "severity": "warning",
        "message": f"可能为识别错误（{why}，请核对原件）：{finding.message}",
        "diagnosis": "可能识别有误" + (f"；{finding.diagnosis}" if finding.diagnosis else ""),
    })


def evaluate(c: Comparison) -> Finding | None:
    """The comparison's finding or None; on an arithmetic error it is tried once more at the
    exact-arithmetic budget, and what still fails is a check.skipped note."""
    digits = min(max(STANDARD_DIGITS, _digits_needed(c)), EXACT_DIGITS)
    try:
        try:
            return _in_context(c, digits)
        except ArithmeticError:
            if digits >= EXACT_DIGITS:
                raise
            return _in_context(c, EXACT_DIGITS)
    except _NOT_OURS:
        raise
    except Exception as e:  # one comparison's fault is that comparison's note, not its family's
        return skipped(c, e)


def _paired(finding: Finding | None, pairing: str) -> Finding | None:
    """The finding with its comparison's pairing, unless it says how it paired its values itself."""
    if finding is None or finding.pairing or not pairing:
        return finding
    return finding.model_copy(update={"pairing": pairing})


def _in_context(c: Comparison, digits: int) -> Finding | None:
    with localcontext(_context(digits)):
        return c.finding()


def skipped(c: Comparison, error: Exception) -> Finding:
    shown, left_out = listed(c.operands)
    values = "、".join(f"{o.label or ''}{o.quantity.raw}" for o in shown if o.quantity is not None)
    why = "超出可精确计算的范围" if isinstance(error, ArithmeticError) else "内部错误"
    return Finding(
        rule="check.skipped", severity="info",
        message=f"{c.what}未能核对（{c.rule}）：{values}{more(left_out)}{why}（{type(error).__name__}），此项比较已跳过",
        evidence=[o.evidence() for o in shown],
    )


def not_numbers(rule: str, what: str, operands: Sequence[Operand], pairing: str | None = None) -> Finding | None:
    """The note for a comparison that cannot be made because values written where numbers
    belong are words (见附表, 142（含借调5人）); None when a value is blank (nothing was
    stated, so nothing is missed) or when every value is a number."""
    written = [o for o in operands if o.quantity is not None]
    words = [o for o in written if o.quantity is not None and o.quantity.value is None]
    if len(written) < len(operands) or not words:
        return None
    shown = "、".join(f"{o.label or ''}“{o.quantity.raw}”" for o in words if o.quantity is not None)
    return Finding(
        rule="check.skipped", severity="info",
        message=f"{what}未能核对（{rule}）：{shown}不是数字，此项比较已跳过",
        pairing=pairing, evidence=[o.evidence() for o in operands],
    )


def _context(digits: int) -> Context:
    return Context(prec=digits, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[InvalidOperation, DivisionByZero, Overflow])


def _digits_needed(c: Comparison) -> int:
    """Digits that hold the values' sums and pairwise products exactly, and a quotient's
    integer part with its decimals: twice the span from the highest digit to the lowest."""
    values = chain(c.numbers, *((q.value, q.normalised, q.upper) for q in (o.quantity for o in c.operands) if q is not None))
    finite = [d for d in values if d is not None and d.is_finite() and d]
    if not finite:
        return STANDARD_DIGITS
    highest = max(d.adjusted() for d in finite)
    lowest = min(d.adjusted() - len(d.as_tuple().digits) + 1 for d in finite)  # the exponent of a last digit
    return 2 * (highest - lowest + 1) + 12


class _Findings:
    """Findings kept, at most MAX_PER_RULE per rule and severity; the rest only counted."""

    def __init__(self) -> None:
        self.kept: list[Finding] = []
        self.seen: Counter = Counter()
        self.reported: set = set()

    def add(self, finding: Finding | None, identity: frozenset | None = None) -> None:
        if finding is None:
            return
        if identity is not None:
            if (finding.rule, identity) in self.reported:
                return
            self.reported.add((finding.rule, identity))
        key = (finding.rule, finding.severity)
        self.seen[key] += 1
        if self.seen[key] <= MAX_PER_RULE:
            self.kept.append(finding)

    def all(self) -> list[Finding]:
        return self.kept + [_capped(rule, severity, n) for (rule, severity), n in self.seen.items() if n > MAX_PER_RULE]


def _capped(rule: str, severity: str, n: int) -> Finding:
    return Finding(
        rule="check.capped", severity="info",
        message=f"{rule}（{severity}）共{n}条，只列出前{MAX_PER_RULE}条，其余{n - MAX_PER_RULE}条未列出",
        expected=f"≤{MAX_PER_RULE}", found=str(n), difference=str(n - MAX_PER_RULE),
    )


def _trimmed(finding: Finding, blocks: list) -> Finding:
    if all(e.context is None or len(e.context) <= MAX_CONTEXT for e in finding.evidence):
        return finding
    return finding.model_copy(update={"evidence": [
        e if e.context is None or len(e.context) <= MAX_CONTEXT else e.model_copy(update={"context": _around(e, blocks)})
        for e in finding.evidence]})


def _around(e: Evidence, blocks: list) -> str:
    """The text around a value whose context is too long: a window of its paragraph when it
    stands in one (a run-on sentence), else the context's beginning."""
    w, context = e.where, e.context or ""
    if w is None or w.block is None or w.start is None or w.end is None or not 0 <= w.block < len(blocks):
        return context[:MAX_CONTEXT] + "…"
    text = getattr(blocks[w.block], "text", None)  # a paragraph; a table has no text of its own
    if text is None or w.end > len(text):
        return context[:MAX_CONTEXT] + "…"
    lo, hi = max(0, w.start - _AROUND), min(len(text), w.end + _AROUND)
    return ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else "")

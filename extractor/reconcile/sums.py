"""sum.parts: parts that do not add up to their total, in tables and in prose.

The relations come from the filing itself (其中 rows of a funds block, the items of a
按收入性质分 breakdown, the child rows of the basic-data table, a 其中 list in a sentence) and
from the [[sum]] rules of patterns/reconcile.toml, wherever a total and all its parts are
stated together. A total and its parts are compared as intervals at their stated precision,
so parts each rounded to 0.01 may miss the total by half a cent each.

Parts are found through indexes built once (by total label, by parent row), so a long run-on
paragraph of 其中 lists costs time in proportion to its figures, not to their square or cube.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from itertools import chain
from typing import Callable, Hashable, Iterator, Sequence

from ..records import Figure, Finding, Quantity
from .context import CheckContext, compared, listed, more, quantity_evidence, show
from .diagnose import diagnose
from .facts import Fact
from .intervals import Amount, amount, total
from .runner import Comparison, Operand, not_numbers

_FUNDS_COLUMNS = (("budget_initial", "年初预算数"), ("budget_full", "全年预算数"), ("executed", "全年执行数"))


def check(ctx: CheckContext) -> Iterator[Comparison | Finding]:
    return chain(_funds(ctx), _breakdown(ctx), _spending(ctx), _prose(ctx), _rules(ctx))


def _amounts(parts: Sequence[tuple[str, Quantity | None]]) -> list[tuple[str, Amount]] | None:
    """The parts with their amounts, or None when one of them is not a number."""
    amounts = []
    for label, q in parts:
        a = amount(q)
        if a is None:
            return None
        amounts.append((label, a))
    return amounts


@dataclass(frozen=True)
class StatedSum:
    """A total and the parts a table or a sentence lists under it, and how they were paired."""

    title: str  # where: 附件5资金表全年执行数
    total_label: str | None
    total: Quantity
    parts: Sequence[tuple[str, Quantity | None]]
    pairing: str


def compare(stated_sum: StatedSum, complete: bool = True, context: str | None = None,
            coverage: Decimal | None = None) -> Comparison | Finding | None:
    """The comparison of a total with its parts: a finding when they do not add up (or, for a
    partial list, when they exceed it). A value written in words (见附表) gives the note that
    this sum was skipped; a blank one, nothing."""
    title, total_label, total_q, parts, pairing = (stated_sum.title, stated_sum.total_label, stated_sum.total,
                                                   stated_sum.parts, stated_sum.pairing)
    whole = amount(total_q)
    amounts = _amounts(parts)
    if whole is None or amounts is None:
        return not_numbers("sum.parts", f"{title}{total_label}", [Operand("total", total_label, total_q, context)]
                           + [Operand("part", label, q, context) for label, q in parts], pairing)
    quantities = [total_q] + [a.quantity for _, a in amounts]
    operands = [Operand("total", total_label, total_q, context)] + [Operand("part", label, a.quantity, context)
                                                                    for label, a in amounts]
    identity = frozenset((w.table, w.row, w.col, w.block, w.start) for w in (q.where for q in quantities) if w)
    return Comparison("sum.parts", f"{title}{total_label}", operands,
                      partial(_sum_finding, title, total_label, whole, amounts, complete, context, coverage), identity,
                      pairing=pairing)


def _sum_finding(title: str, total_label: str | None, whole: Amount, parts: list[tuple[str, Amount]],
                 complete: bool, context: str | None, coverage: Decimal | None = None) -> Finding | None:
    """`coverage`: for a list in prose, the share of its total that parts falling short must
    reach to be reported (below it, a list naming only some parts), unless a slip explains it."""
    stated = whole.interval()
    summed = total([a.interval() for _, a in parts])
    if (summed.overlaps(stated) if complete else summed.lo <= stated.hi):
        return None
    # Shown in the unit the values are written in when they share one (148,510.04元 in a table
    # in 元, not 14.851004万元), so a reviewer finds the numbers as printed; else normalised.
    written = whole.quantity.unit is not None and all(a.quantity.unit == whole.quantity.unit for _, a in parts)
    unit = whole.quantity.unit if written else whole.quantity.normalised_unit
    found = sum((_on_scale(a, written) for _, a in parts), Decimal(0))
    expected = _on_scale(whole, written)
    diagnosis = _diagnose_parts(expected, parts, found, written)
    if coverage is not None and found < expected and found < expected * coverage and diagnosis is None:
        return None  # 其中所长1名、副所长3名 of 56: some of the parts, not all
    relation = "之和" if complete else "超过"
    shown, left_out = listed(parts)
    return Finding(
        rule="sum.parts",
        severity="error",
        message=f"{title}：{'、'.join(label for label, _ in shown)}{more(left_out)}{relation}为{show(found, unit)}，"
                f"与{total_label}{show(expected, unit)}不符",
        **compared(expected, found, unit),
        diagnosis=diagnosis,
        evidence=[quantity_evidence("total", total_label, whole.quantity, context)]
        + [quantity_evidence("part", label, a.quantity, context) for label, a in shown],
    )


def _on_scale(a: Amount, written: bool) -> Decimal:
    return a.value if written else a.exact()


def _diagnose_parts(expected: Decimal, parts: list[tuple[str, Amount]], found: Decimal, written: bool) -> str | None:
    """Which single part, corrected, would make the sum right, and how it differs; when more
    than one could, all of them (the numbers alone cannot tell which). Each part's 'others'
    is the sum less that part, not a new sum: one pass over the parts."""
    values = [_on_scale(a, written) for _, a in parts]
    smallest = _two_smallest_exponents(values)
    suspects = []
    for (label, a), value in zip(parts, values, strict=True):
        others = _others(found, value, smallest)
        should = expected - others
        how = diagnose(value, should) if should >= 0 else None
        if how:
            unit = a.quantity.unit if written else a.quantity.normalised_unit
            suspects.append(f"{label}{a.quantity.raw}疑应为{show(should, unit)}（{how}）")
    if suspects:
        shown, left_out = listed(suspects)
        return "；或".join(shown) + (f"；另有{left_out}项同样可能" if left_out else "")
    how = diagnose(found, expected)
    return f"合计{how}" if how else None


def _two_smallest_exponents(values: list[Decimal]) -> list[int]:
    exponents = sorted(int(v.as_tuple().exponent) for v in values if v.is_finite())
    return exponents[:2]


def _others(found: Decimal, value: Decimal, smallest: list[int]) -> Decimal:
    """found − value, written with the decimals a sum of the other parts from 0 has (as many as
    the finest of them), so a diagnosis compares 246.50 with 264.50, not 246.500 because this
    part had three decimals."""
    rest = smallest[1:2] if value.as_tuple().exponent == smallest[0] else smallest[:1]
    return (found - value).quantize(Decimal(1).scaleb(min([0, *rest])))


def _funds(ctx: CheckContext) -> Iterator[Comparison | Finding]:
    children = defaultdict(list)
    for row in ctx.report.funds.rows:
        if row.part_of is not None:
            children[(row.attachment, row.project, row.part_of)].append(row)
    for total_row in ctx.report.funds.rows:
        if total_row.part_of is not None:
            continue
        parts = children.get((total_row.attachment, total_row.project, total_row.label), [])
        for field, name in _FUNDS_COLUMNS:
            total_q = getattr(total_row, field)
            stated = [(p.label, getattr(p, field)) for p in parts if getattr(p, field) is not None]
            if total_q is None or not stated:
                continue
            title = f"附件{total_row.attachment}{total_row.project or ''}资金表{name}"
            pairing = f"资金表中“{total_row.label}”行与标为其组成部分（其中）的各行，同一列（{name}）"
            comparison = compare(StatedSum(title, total_row.label, total_q, stated, pairing), complete=len(parts) > 1)
            if comparison:
                yield comparison


def _breakdown(ctx: CheckContext) -> Iterator[Comparison | Finding]:
    items = ctx.report.funds.breakdown
    children = defaultdict(list)
    for i in items:
        children[(i.part_of, i.attachment, i.project, i.group)].append(i)
    for whole in items:
        parts = [i for i in children.get((whole.label, whole.attachment, whole.project, whole.group), []) if i is not whole]
        if parts and whole.amount is not None:
            stated_sum = StatedSum(f"附件{whole.attachment}{whole.group or ''}", whole.label, whole.amount,
                                   [(p.label, p.amount) for p in parts],
                                   f"收支明细{whole.group or ''}中“{whole.label}”与列在其下的各项")
            comparison = compare(stated_sum, complete=len(parts) > 1)
            if comparison:
                yield comparison


def _spending(ctx: CheckContext) -> Iterator[Comparison | Finding]:
    rows = ctx.report.basic_data.spending
    children = defaultdict(list)
    for r in rows:
        children[(r.parent, r.attachment)].append(r)
    for parent in rows:
        kids = children.get((parent.label, parent.attachment), [])
        if not kids:
            continue
        for column, total_q in parent.values.items():
            stated = [(c.label, c.values.get(column)) for c in kids if c.values.get(column) is not None]
            if total_q is None or not stated:
                continue
            stated_sum = StatedSum(f"附件{parent.attachment}基础数据表{column}", parent.label, total_q, stated,
                                   f"基础数据表中“{parent.label}”行与其下各行，同一列（{column}）")
            comparison = compare(stated_sum, complete=len(kids) > 1)
            if comparison:
                yield comparison


def _position(f: Figure) -> tuple[int, int]:
    """Where a prose figure stands: its paragraph and its offset in it."""
    block, start = f.where.block, f.where.start
    assert block is not None and start is not None  # a prose figure's Where is its paragraph's, with its offsets
    return block, start


def _may_be_total(f: Figure) -> bool:
    return f.relation is None or f.relation.kind == "part_of"


def _total_named(f: Figure) -> str | None:
    """The total a part names (其中…: the figure before the list)."""
    return f.relation.of if f.relation is not None else None


def _prose(ctx: CheckContext) -> Iterator[Comparison | Finding]:
    """Each 其中 list in prose against its total. A total's parts are the figures after it
    that name its label as their total, up to the next figure of that label (parts belong to
    the nearest total of their name before them, not to an earlier one) and at most into the
    next paragraph; so every part is counted for one total."""
    figures = ctx.report.figures
    parts_by = _Filed([f for f in figures if f.relation and f.relation.kind == "part_of"],
                      lambda f: (_total_named(f), f.quantity.kind))
    totals_by = _Filed([f for f in figures if _may_be_total(f)], lambda f: f.label)
    for whole in figures:
        if not _may_be_total(whole):
            continue
        here = _position(whole)
        end = min(totals_by.after(whole.label, here), (here[0] + 2, -1))  # no further than the next paragraph
        mine = parts_by.between((whole.label, whole.quantity.kind), here, end)
        if mine:
            stated_sum = StatedSum(f"附件{whole.where.attachment}文字", whole.label, whole.quantity,
                                   [(p.label or "", p.quantity) for p in mine],
                                   f"文字中“{whole.label}”与其后“其中”等列出、以它为合计的各项（至多到下一段落、"
                                   f"下一个同名数值为止）")
            comparison = compare(stated_sum, complete=len(mine) > 1 and not _left_open(mine[-1]),
                                 context=whole.sentence, coverage=ctx.rules.partial_list_coverage)
            if comparison:
                yield comparison


def _left_open(last: Figure) -> bool:
    """A list whose last part found ends its paragraph on a separator (…；(3)上级补助收入2101万元；)
    goes on past what was read: its next items stand in paragraphs of their own, or the text was
    cut there. Its parts are then only some of the total's (real-text corpus, dev c032)."""
    return last.sentence.rstrip()[-1:] in ("；", ";", "，", ",", "、", "：", ":")


class _Filed:
    """Figures filed under a key in document order, for 'the ones between here and there'."""

    def __init__(self, figures: list[Figure], key: Callable[[Figure], Hashable]) -> None:
        self.figures: dict[Hashable, list[Figure]] = defaultdict(list)
        self.positions: dict[Hashable, list[tuple[int, int]]] = defaultdict(list)
        for f in sorted(figures, key=_position):
            self.add(key(f), f)

    def add(self, key: Hashable, f: Figure) -> None:
        self.figures[key].append(f)
        self.positions[key].append(_position(f))

    def after(self, key: Hashable, here: tuple[int, int]) -> tuple[float, int]:
        """The position of the first figure under key after here (infinitely far when none)."""
        positions = self.positions.get(key, [])
        at = bisect_right(positions, here)
        return positions[at] if at < len(positions) else (float("inf"), 0)

    def between(self, key: Hashable, start: tuple[int, int], end: tuple[float, int]) -> list[Figure]:
        positions = self.positions.get(key, [])
        return self.figures[key][bisect_right(positions, start):bisect_left(positions, end)] if positions else []


def _rules(ctx: CheckContext) -> Iterator[Comparison | Finding]:
    scopes: dict[tuple, list[Fact]] = defaultdict(list)
    for fact in ctx.facts:
        if fact.relation is not None and fact.relation.kind not in ("part_of",):
            continue
        scope = (fact.source, fact.attachment, fact.project, fact.column,
                 fact.where.block if fact.in_prose and fact.where else None)
        scopes[scope].append(fact)
    for rule in ctx.rules.sums:
        for facts in scopes.values():
            totals = [f for f in facts if f.concept == rule.total]
            parts = {c: [f for f in facts if f.concept == c] for c in rule.parts}
            if len(totals) != 1 or not all(len(v) == 1 for v in parts.values()):
                continue  # the rule applies where its total and every part are stated once
            total_fact = totals[0]
            where = f"附件{total_fact.attachment}{'文字' if total_fact.in_prose else total_fact.column or ''}"
            stated_sum = StatedSum(where, total_fact.label, total_fact.quantity,
                                   [(v[0].label, v[0].quantity) for v in parts.values()],
                                   f"按规则{rule.total}＝{'＋'.join(rule.parts)}：同一表格列或同一段落中各只陈述一次的这些概念")
            comparison = compare(stated_sum, context=total_fact.context)
            if comparison:
                yield comparison

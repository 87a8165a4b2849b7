"""figure.mismatch: a prose figure that no other statement of the same thing agrees with.

The seed's narrative says 到位资金2346万元; its project table and project report say 2436. A
figure is compared with every statement of the concepts its rule names (tables and other
paragraphs, any column), at the precision each was written; it is flagged only when none
agrees, against the closest one, preferring a difference that can be diagnosed.

Whether any statement agrees is a binary search over the statements sorted once per rule and
measure; only a figure that none agrees with is held against each distinct value.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from decimal import Decimal
from functools import partial
from typing import Iterator

from ..records import Evidence, Finding, Indicator
from .context import CheckContext, compared, show
from .diagnose import diagnose
from .facts import Fact
from .intervals import Interval, normalised
from .runner import Comparison, Operand

# Figures stated about something else than the current value: a comparison base, a change, a
# share, an approximate restatement.
_OTHER_RELATIONS = ("base", "change", "share_of", "restatement")


def check(ctx: CheckContext) -> Iterator[Comparison]:
    for rule in ctx.rules.agree:
        pools: dict[tuple, _Pool] = defaultdict(_Pool)
        for c in ctx.facts:
            if c.concept in rule.against and _comparable(c) and _in_scope(c, rule.tables):
                # Reading a statement's interval is a comparison of its own: one that cannot be
                # computed is left out of the pool with a note, and the others still count.
                yield Comparison("figure.mismatch", f"{_place(c)}{c.label}", [_operand("elsewhere", c)],
                                 partial(pools[_measure(c)].admit, c))
        for fact in ctx.facts:
            if fact.in_prose and fact.concept in rule.figure and _comparable(fact) and _measure(fact) in pools:
                yield Comparison("figure.mismatch", f"{_place(fact)}{fact.label}", [_operand("stated", fact)],
                                 partial(_compare, fact, pools[_measure(fact)]))


def _operand(role: str, fact: Fact) -> Operand:
    return Operand(role, fact.label, fact.quantity, fact.context)


def _in_scope(fact: Fact, tables: str) -> bool:
    if fact.in_prose or tables == "all":
        return True
    return (fact.project is not None) == (tables == "project")


def _comparable(fact: Fact) -> bool:
    q = fact.quantity
    exact = q.approx is None and q.comparator == "=" and q.upper is None
    has_interval = q.value is not None and q.normalised is not None
    return exact and has_interval and not (fact.relation and fact.relation.kind in _OTHER_RELATIONS)


def _measure(fact: Fact) -> tuple:
    return fact.quantity.kind, fact.quantity.normalised_unit


class _Pool:
    """The statements a figure may agree with, of one measure: sorted by their lower bounds,
    with the two highest upper bounds of every prefix, so 'does any statement other than the
    figure itself overlap it' is one binary search."""

    def __init__(self) -> None:
        self.admitted: list[tuple[Interval, Fact]] = []
        self.members: set[int] = set()
        self._sorted: tuple | None = None

    def admit(self, fact: Fact) -> None:
        interval = fact.interval
        if interval is None:
            return
        self.admitted.append((interval, fact))
        self.members.add(id(fact))
        self._sorted = None

    def has_other_than(self, fact: Fact) -> bool:
        return len(self.admitted) > (id(fact) in self.members)

    def agrees(self, fact: Fact, interval: Interval) -> bool:
        los, best = self._index()
        k = bisect_right(los, interval.hi)
        if k == 0:
            return False
        (hi1, who1), second = best[k - 1]
        hi = hi1 if who1 is not fact else (second[0] if second else None)
        return hi is not None and hi >= interval.lo

    def _index(self):
        if self._sorted is None:
            ordered = sorted(self.admitted, key=lambda pair: pair[0].lo)
            best: list[tuple] = []
            top: tuple = ()
            for interval, f in ordered:  # the two highest upper bounds so far, from different statements
                top = tuple(sorted([*top, (interval.hi, f)], key=lambda t: t[0], reverse=True)[:2])
                best.append((top[0], top[1] if len(top) > 1 else None))
            self._sorted = ([i.lo for i, _ in ordered], best)
        return self._sorted

    def others(self, fact: Fact) -> list[Fact]:
        return [f for _, f in self.admitted if f is not fact]


def _compare(fact: Fact, pool: _Pool) -> Finding | None:
    if not pool.has_other_than(fact) or pool.agrees(fact, fact.interval):
        return None
    candidates = pool.others(fact)
    found = normalised(fact.quantity)
    expected = _closest(found, candidates)
    same_value = [c for c in candidates if normalised(c.quantity) == expected]
    unit = fact.quantity.normalised_unit
    places = "、".join(sorted({_place(c) for c in same_value}))
    return Finding(
        rule="figure.mismatch",
        severity="error",
        message=f"{_place(fact)}称{fact.label}{show(found, unit)}，但{places}为{show(expected, unit)}",
        **compared(expected, found, unit),
        diagnosis=diagnose(found, expected),
        evidence=[fact.evidence("stated")] + [c.evidence("elsewhere") for c in same_value],
    )


def _closest(found: Decimal, candidates: list[Fact]) -> Decimal:
    """The value to hold a figure against: one whose difference can be diagnosed, then the
    nearest, then one stated in prose, then the first stated. Each distinct value is
    diagnosed once, however many statements give it."""
    first: dict[tuple[Decimal, bool], int] = {}
    for position, c in enumerate(candidates):
        first.setdefault((normalised(c.quantity), c.in_prose), position)
    how = {value: diagnose(found, value) for value, _ in first}
    best = min(first, key=lambda pair: (how[pair[0]] is None, abs(pair[0] - found), not pair[1], first[pair]))
    return best[0]


def _place(fact: Fact) -> str:
    where = f"附件{fact.attachment}" if fact.attachment is not None else "正文"
    return f"{where}{'文字' if fact.in_prose else '表格'}"


def check_indicators(ctx: CheckContext) -> Iterator[Comparison]:
    """A prose figure that restates an indicator's 实际完成值 with a slip (18246 for 18426).

    Matching a figure to an indicator by name is weaker than by concept, so only a difference
    that can be diagnosed (digits swapped, a 元/万元 slip, a digit dropped or added) is reported.
    """
    indicators = [i for i in ctx.report.indicators if i.actual is not None and i.actual.value is not None and i.level3]
    facts = [f for f in ctx.facts if f.in_prose and _comparable(f) and len(f.label) >= 4]
    named = _named_by(facts, indicators)
    for fact in facts:
        for indicator in named.get(fact.label, ()):
            operands = [_operand("stated", fact), Operand("elsewhere", indicator.level3, indicator.actual, indicator.level3)]
            yield Comparison("figure.mismatch", f"{_place(fact)}{fact.label}", operands, partial(_restated, fact, indicator))


def _named_by(facts: list[Fact], indicators: list[Indicator]) -> dict[str, list[Indicator]]:
    """For each figure label, the indicators whose 三级指标 contains it or is contained in it, in
    table order. Substrings of the lengths that occur are looked up in a dict, so the cost is
    the texts' length times the number of distinct lengths, not figures times indicators."""
    labels = {f.label for f in facts}
    by_level3: dict[str, list[int]] = defaultdict(list)
    for n, i in enumerate(indicators):
        by_level3[i.level3].append(n)
    matches: dict[str, set[int]] = defaultdict(set)
    label_lengths = {len(label) for label in labels}
    for n, i in enumerate(indicators):  # the figure's label inside the indicator's name
        for piece in _pieces(i.level3, label_lengths):
            if piece in labels:
                matches[piece].add(n)
    level3_lengths = {len(name) for name in by_level3}
    for label in labels:  # the indicator's name inside the figure's label
        for piece in _pieces(label, level3_lengths):
            matches[label].update(by_level3.get(piece, ()))
    return {label: [indicators[n] for n in sorted(found)] for label, found in matches.items() if found}


def _pieces(text: str, lengths: set[int]) -> Iterator[str]:
    for length in lengths:
        for start in range(len(text) - length + 1):
            yield text[start:start + length]


def _restated(fact: Fact, indicator: Indicator) -> Finding | None:
    found, expected, unit = _on_one_scale(fact.quantity, indicator.actual)
    if found is None or expected is None or found == expected:
        return None
    how = diagnose(found, expected)
    if how is None:
        return None
    return Finding(
        rule="figure.mismatch", severity="error",
        message=f"{_place(fact)}称{fact.label}{fact.quantity.raw}，但附件{indicator.attachment}绩效指标“{indicator.level3}”实际完成值为{indicator.actual.raw}",
        expected=indicator.actual.raw, found=fact.quantity.raw, difference=show(found - expected, unit), diagnosis=how,
        evidence=[fact.evidence("stated"),
                  Evidence(role="elsewhere", label=indicator.level3, text=indicator.actual.raw,
                           value=indicator.actual.value, where=indicator.actual.where, context=indicator.level3)],
    )


def _on_one_scale(prose, table):
    """Both values in one unit: the normalised one, or 元 when a money figure restates a
    per-unit cost (亩均投资1663.46万元 against 1663.46元/亩)."""
    if prose.normalised_unit == table.normalised_unit and prose.kind == table.kind:
        return normalised(prose), normalised(table), prose.normalised_unit
    if prose.kind == "money" and table.kind == "ratio" and (table.unit or "").startswith("元/"):
        return normalised(prose) * 10000, table.value, "元"
    return None, None, None

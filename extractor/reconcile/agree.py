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
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Iterator

from ..records import Evidence, Finding, Indicator, Quantity
from .context import CheckContext, compared, round_to, show
from .diagnose import diagnose
from .facts import Fact
from .intervals import Amount, Interval, Number, amount, normalised, number
from .runner import Comparison, Operand

# Figures stated about something else than the current value: a comparison base, a change, a
# share, an approximate restatement.
_OTHER_RELATIONS = ("base", "change", "share_of", "restatement")


def check(ctx: CheckContext) -> Iterator[Comparison]:
    several_projects = len({f.project for f in ctx.facts if f.project is not None}) > 1
    for rule in ctx.rules.agree:
        pools: dict[tuple, _Pool] = defaultdict(_Pool)
        scope = {"project": "同一项目的表格", "department": "部门的表格"}.get(rule.tables, "各表格")
        pairing = (f"按概念配对：文字中的{'、'.join(rule.figure)}与{scope}及文字中的{'、'.join(rule.against)}"
                   f"（同一计量单位类别），取与之最接近的数值比较")
        for c in ctx.facts:
            if c.concept in rule.against and _comparable(c) and _in_scope(c, rule.tables):
                # Reading a statement's interval is a comparison of its own: one that cannot be
                # computed is left out of the pool with a note, and the others still count.
                yield Comparison("figure.mismatch", f"{_place(c)}{c.label}", [_operand("elsewhere", c)],
                                 partial(pools[_measure(c)].admit, c), pairing=pairing)
        for fact in ctx.facts:
            if fact.in_prose and fact.concept in rule.figure and _comparable(fact) and _measure(fact) in pools:
                yield Comparison("figure.mismatch", f"{_place(fact)}{fact.label}", [_operand("stated", fact)],
                                 partial(_compare, fact, pools[_measure(fact)], several_projects), pairing=pairing)


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


def _measure(fact: Fact) -> tuple[str, str | None]:
    return fact.quantity.kind, fact.quantity.normalised_unit


@dataclass(frozen=True)
class _Statement:
    """A statement admitted to a pool: its interval (read when admitted) and its amount."""

    interval: Interval
    fact: Fact
    amount: Amount


# An upper bound and the statement that gives it.
_Bound = tuple[Decimal, Fact]


class _Pool:
    """The statements a figure may agree with, of one measure: sorted by their lower bounds,
    with the two highest upper bounds of every prefix, so 'does any statement other than the
    figure itself overlap it' is one binary search."""

    def __init__(self) -> None:
        self.admitted: list[_Statement] = []
        self.members: set[int] = set()
        self._sorted: tuple[list[Decimal], list[tuple[_Bound, _Bound | None]]] | None = None

    def admit(self, fact: Fact) -> None:
        stated = amount(fact.quantity)
        if stated is None:
            return
        self.admitted.append(_Statement(stated.interval(), fact, stated))
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

    def _index(self) -> tuple[list[Decimal], list[tuple[_Bound, _Bound | None]]]:
        if self._sorted is None:
            ordered = sorted(self.admitted, key=lambda s: s.interval.lo)
            best: list[tuple[_Bound, _Bound | None]] = []
            top: list[_Bound] = []
            for s in ordered:  # the two highest upper bounds so far, from different statements
                top = sorted([*top, (s.interval.hi, s.fact)], key=lambda t: t[0], reverse=True)[:2]
                best.append((top[0], top[1] if len(top) > 1 else None))
            self._sorted = ([s.interval.lo for s in ordered], best)
        return self._sorted

    def others(self, fact: Fact) -> list[_Statement]:
        return [s for s in self.admitted if s.fact is not fact]


def _compare(fact: Fact, pool: _Pool, several_projects: bool = False) -> Finding | None:
    stated = amount(fact.quantity)
    if stated is None:
        return None  # not comparable: check() yields no comparison for such a figure
    if not pool.has_other_than(fact) or pool.agrees(fact, stated.interval()):
        return None
    candidates = pool.others(fact)
    found = stated.exact()
    expected = _closest(found, candidates)
    if diagnose(found, expected) is None and (all(c.fact.in_prose for c in candidates)
                                              or (several_projects and fact.project is None)):
        # Only other sentences to hold it against, none by a recognisable slip: prose names the
        # same concept for other scopes and times (预算 and 决算, 全市 and 本级, two years), so
        # the pairing is not sure enough to report. A table, or a slip, makes it sure; but not
        # a table of one of several projects, when which project the sentence speaks of is not
        # known (上年结转资金47.93万元 against another project's 0).
        return None
    same_value = [c.fact for c in candidates if c.amount.exact() == expected]
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


def _closest(found: Decimal, candidates: list[_Statement]) -> Decimal:
    """The value to hold a figure against: one whose difference can be diagnosed, then the
    nearest, then one stated in prose, then the first stated. Each distinct value is
    diagnosed once, however many statements give it."""
    first: dict[tuple[Decimal, bool], int] = {}
    for position, c in enumerate(candidates):
        first.setdefault((c.amount.exact(), c.fact.in_prose), position)
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
    actuals = [_Actual(i, i.level3, measured) for i in ctx.report.indicators
               if (measured := number(i.actual)) is not None and i.level3]
    facts = [f for f in ctx.facts if f.in_prose and _comparable(f) and len(f.label) >= 4]
    named = _named_by(facts, actuals)
    kinds: dict[int | None, str | None] = {a.number: a.kind for a in ctx.report.attachments}
    for fact in facts:
        same_name = [a for a in named.get(fact.label, []) if _same_scope(kinds, fact, a)]
        for a in same_name:
            operands = [_operand("stated", fact), Operand("elsewhere", a.name, a.actual.quantity, a.name)]
            yield Comparison("figure.mismatch", f"{_place(fact)}{fact.label}", operands,
                             partial(_restated, fact, a, same_name),
                             pairing=f"按名称配对：文字中的“{fact.label}”与三级指标“{a.name}”的实际完成值，"
                                     f"只在差异可诊断（数字颠倒、单位错误、多写或漏写一位）时报告")


def _same_scope(kinds: dict[int | None, str | None], fact: Fact, a: "_Actual") -> bool:
    """A project's report speaks of its project: the department's table counts the same thing
    over all its work (a report's 十个老旧小区改造 against the department's 12 is no slip;
    seed-7 generated corpus, dev g036, g089). The department's report may restate a project's
    table, so only this one direction is left out."""
    return not (kinds.get(fact.attachment) == "project_report" and kinds.get(a.indicator.attachment) == "overall_table")


@dataclass(frozen=True)
class _Actual:
    """An indicator whose 实际完成值 is a number, with its 三级指标: the name a figure is matched by."""

    indicator: Indicator
    name: str
    actual: Number


def _named_by(facts: list[Fact], indicators: list[_Actual]) -> dict[str, list[_Actual]]:
    """For each figure label, the indicators whose 三级指标 contains it or is contained in it, in
    table order. Substrings of the lengths that occur are looked up in a dict, so the cost is
    the texts' length times the number of distinct lengths, not figures times indicators."""
    labels = {f.label for f in facts}
    by_level3: dict[str, list[int]] = defaultdict(list)
    for n, i in enumerate(indicators):
        by_level3[i.name].append(n)
    matches: dict[str, set[int]] = defaultdict(set)
    label_lengths = {len(label) for label in labels}
    swapped = _swapped(labels)
    for n, i in enumerate(indicators):  # the figure's label inside the indicator's name, as written or swapped
        for piece in _pieces(i.name, label_lengths):
            if piece in labels:
                matches[piece].add(n)
            for label in swapped.get(piece, ()):
                matches[label].add(n)
    level3_lengths = {len(name) for name in by_level3}
    for label in labels:  # the indicator's name inside the figure's label
        for piece in _pieces(label, level3_lengths):
            matches[label].update(by_level3.get(piece, ()))
    return {label: [indicators[n] for n in sorted(found)] for label, found in matches.items() if found}


def _swapped(labels: set[str]) -> dict[str, list[str]]:
    """Each label's two halves in the other order (each half of two characters or more), to the
    labels they come from: verb and object swap places between a report and its table (医疗设备购置
    for 购置医疗设备数量, 校舍维修改造 for 维修改造校舍面积; seed-7 generated corpus, dev g123, g157)."""
    swapped: dict[str, list[str]] = defaultdict(list)
    for label in labels:
        for cut in range(2, len(label) - 1):
            swapped[label[cut:] + label[:cut]].append(label)
    return swapped


def _pieces(text: str, lengths: set[int]) -> Iterator[str]:
    for length in lengths:
        for start in range(len(text) - length + 1):
            yield text[start:start + length]


def _restated(fact: Fact, a: _Actual, same_name: list[_Actual]) -> Finding | None:
    """A slip against `a`, unless another indicator of the same name is what the figure restates:
    two projects each with a 培训合格率, 92.5% and 92.05%, are two statements, not one slip."""
    if any(_restates_exactly(fact, other) for other in same_name if other is not a):
        return None
    scaled = _on_one_scale(fact.quantity, a.actual)
    if scaled is None:
        return None
    found, expected, unit = scaled
    if found == expected:
        return None
    how = diagnose(found, expected)
    if how is None:
        return None
    actual = a.actual.quantity
    return Finding(
        rule="figure.mismatch", severity="error",
        message=f"{_place(fact)}称{fact.label}{fact.quantity.raw}，"
                f"但附件{a.indicator.attachment}绩效指标“{a.name}”实际完成值为{actual.raw}",
        expected=actual.raw, found=fact.quantity.raw, difference=show(found - expected, unit), diagnosis=how,
        evidence=[fact.evidence("stated"),
                  Evidence(role="elsewhere", label=a.name, text=actual.raw, value=a.actual.value, where=actual.where,
                           context=a.name)],
    )


def _restates_exactly(fact: Fact, a: _Actual) -> bool:
    scaled = _on_one_scale(fact.quantity, a.actual)
    return scaled is not None and scaled[0] == scaled[1]


def _on_one_scale(prose: Quantity, table: Number) -> tuple[Decimal, Decimal, str | None] | None:
    """Both values in one unit: the one both are written in, else the normalised one, or 元
    when a money figure restates a per-unit cost (亩均投资1663.46万元 against 1663.46元/亩).
    None when either has no value on that scale."""
    t = table.quantity
    if prose.unit and prose.unit == t.unit and prose.kind == t.kind and prose.value is not None \
            and t.value is not None:
        # the unit both write: digits as written, which a slip is read from (910万斤 for 190万斤 is
        # two digits swapped; in 吨, 4550 against 950 is no slip one can name; seed-11 generated
        # corpus, dev g007)
        return prose.value, t.value, prose.unit
    if prose.normalised_unit == t.normalised_unit and prose.kind == t.kind:
        found, expected = normalised(prose), normalised(t)
        return (found, expected, prose.normalised_unit) if found is not None and expected is not None else None
    if prose.kind == "money" and t.kind == "ratio" and (t.unit or "").startswith("元/"):
        found = normalised(prose)
        return (found * 10000, table.value, "元") if found is not None else None
    return None


def check_renamed_funds(ctx: CheckContext) -> Iterator[Comparison]:
    """A fund the narrative names otherwise than the table (省级专项资金 in prose, 当年财政拨款 in
    the table) with an amount that is a slip of the table's (440.88 for 404.88): DOMAIN.md's
    renamed fund. Names do not pair them, so only the amount can: the figure must agree with no
    statement at all, and exactly one table amount must differ from it by a recognisable slip."""
    rule = ctx.rules.renamed_funds
    if rule is None:
        return
    tables = [f for f in ctx.facts if f.source == "funds" and f.concept in rule.against and _comparable(f)]
    if not tables:
        return
    stated = _StatedAmounts([f for f in ctx.facts if _comparable(f) and f.quantity.kind == "money"])
    # A name no table row has and no agree rule checks (中央补助资金: a concept, but of no row
    # here) is one the concept pairing cannot use; 到位资金 is paired by its rule already.
    paired_by_name = {f.concept for f in ctx.facts if not f.in_prose and f.concept is not None} \
        | {c for r in ctx.rules.agree for c in r.figure}
    for fact in ctx.facts:
        if (fact.in_prose and fact.concept not in paired_by_name and fact.quantity.kind == "money" and _comparable(fact)
                and rule.label.search(fact.label)):
            operands = [_operand("stated", fact)] + [_operand("elsewhere", t) for t in tables]
            yield Comparison("figure.mismatch", f"{_place(fact)}{fact.label}", operands,
                             partial(_renamed, fact, tables, stated, rule.diagnoses),
                             pairing=f"按金额配对：文字中的“{fact.label}”没有与表格相同的名称，与全文任何金额都不一致，"
                                     f"且恰与资金表中一个金额只差一处可诊断的笔误（{'、'.join(rule.diagnoses)}）")


class _StatedAmounts:
    """How often each normalised money amount is stated, counted once for all the figures a
    check asks about (not once per figure), and only when first asked, inside a comparison."""

    def __init__(self, facts: list[Fact]):
        self.facts = facts
        self._counts: Counter[Decimal] | None = None

    def times(self, value: Decimal) -> int:
        if self._counts is None:
            self._counts = Counter(v for f in self.facts if (v := normalised(f.quantity)) is not None)
        return self._counts[value]


def _renamed(fact: Fact, tables: list[Fact], stated: _StatedAmounts, diagnoses: tuple[str, ...]) -> Finding | None:
    found = normalised(fact.quantity)
    if found is None or stated.times(found) > 1:
        return None  # stated elsewhere as it is (the figure itself is one of the statements): no slip
    # a table in 元 to the cent against prose in 万元 to two decimals: compared as written in prose
    as_written = {id(t): rounded for t in tables
                  if (value := normalised(t.quantity)) is not None and (rounded := _rounded_like(value, found)) is not None}
    slips = {value: how for value in set(as_written.values()) if (how := diagnose(found, value)) in diagnoses}
    if len(slips) != 1:
        return None  # no table amount, or several, a slip away: the pairing is not sure
    [(expected, how)] = slips.items()
    paired = [t for t in tables if as_written.get(id(t)) == expected]
    unit = fact.quantity.normalised_unit
    names = "、".join(sorted({f"{_place(t)}{t.label}" for t in paired}))
    return Finding(
        rule="figure.mismatch", severity="error",
        message=f"{_place(fact)}称{fact.label}{show(found, unit)}，但{names}为{show(expected, unit)}"
                f"（名称不同，按数额配对：{how}）",
        **compared(expected, found, unit), diagnosis=how,
        evidence=[fact.evidence("stated")] + [t.evidence("elsewhere") for t in paired],
    )


def _rounded_like(value: Decimal, found: Decimal) -> Decimal | None:
    """`value` to the decimals of `found`; None for one no context can round (1E+999999): such
    a value is noted once by the check of its own statement, and is no slip of a written amount."""
    try:
        return round_to(value, found)
    except InvalidOperation:
        return None

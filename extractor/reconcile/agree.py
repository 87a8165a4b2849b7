"""figure.mismatch: a prose figure that no other statement of the same thing agrees with.

The seed's narrative says 到位资金2346万元; its project table and project report say 2436. A
figure is compared with every statement of the concepts its rule names (tables and other
paragraphs, any column), at the precision each was written; it is flagged only when none
agrees, against the closest one, preferring a difference that can be diagnosed.
"""
from __future__ import annotations

from typing import Iterator

from .context import CheckContext, compared, show
from .diagnose import diagnose
from ..records import Evidence, Finding
from .facts import Fact

# Figures stated about something else than the current value: a comparison base, a change, a
# share, an approximate restatement.
_OTHER_RELATIONS = ("base", "change", "share_of", "restatement")


def check(ctx: CheckContext) -> Iterator[Finding]:
    for rule in ctx.rules.agree:
        candidates = [f for f in ctx.facts if f.concept in rule.against and _comparable(f) and _in_scope(f, rule.tables)]
        for fact in ctx.facts:
            if fact.in_prose and fact.concept in rule.figure and _comparable(fact):
                finding = _compare(fact, [c for c in candidates if c is not fact and _same_measure(c, fact)])
                if finding is not None:
                    yield finding


def _in_scope(fact: Fact, tables: str) -> bool:
    if fact.in_prose or tables == "all":
        return True
    return (fact.project is not None) == (tables == "project")


def _comparable(fact: Fact) -> bool:
    q = fact.quantity
    exact = q.approx is None and q.comparator == "=" and q.upper is None
    return exact and fact.interval is not None and not (fact.relation and fact.relation.kind in _OTHER_RELATIONS)


def _same_measure(a: Fact, b: Fact) -> bool:
    return a.quantity.kind == b.quantity.kind and a.quantity.normalised_unit == b.quantity.normalised_unit


def _compare(fact: Fact, candidates: list[Fact]) -> Finding | None:
    if not candidates or any(fact.interval.overlaps(c.interval) for c in candidates):
        return None
    found = fact.quantity.normalised
    closest = min(candidates, key=lambda c: (diagnose(found, c.quantity.normalised) is None,
                                             abs(c.quantity.normalised - found), not c.in_prose))
    expected = closest.quantity.normalised
    same_value = [c for c in candidates if c.quantity.normalised == expected]
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


def _place(fact: Fact) -> str:
    where = f"附件{fact.attachment}" if fact.attachment is not None else "正文"
    return f"{where}{'文字' if fact.in_prose else '表格'}"


def check_indicators(ctx: CheckContext) -> Iterator[Finding]:
    """A prose figure that restates an indicator's 实际完成值 with a slip (18246 for 18426).

    Matching a figure to an indicator by name is weaker than by concept, so only a difference
    that can be diagnosed (digits swapped, a 元/万元 slip, a digit dropped or added) is reported.
    """
    indicators = [i for i in ctx.report.indicators if i.actual is not None and i.actual.value is not None and i.level3]
    for fact in ctx.facts:
        if not (fact.in_prose and _comparable(fact) and len(fact.label) >= 4):
            continue
        for indicator in indicators:
            if fact.label not in indicator.level3 and indicator.level3 not in fact.label:
                continue
            found, expected, unit = _on_one_scale(fact.quantity, indicator.actual)
            if found is None or found == expected:
                continue
            how = diagnose(found, expected)
            if how is None:
                continue
            yield Finding(
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
        return prose.normalised, table.normalised, prose.normalised_unit
    if prose.kind == "money" and table.kind == "ratio" and (table.unit or "").startswith("元/"):
        return prose.normalised * 10000, table.value, "元"
    return None, None, None

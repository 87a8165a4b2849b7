"""sum.parts: parts that do not add up to their total, in tables and in prose.

The relations come from the filing itself (其中 rows of a funds block, the items of a
按收入性质分 breakdown, the child rows of the basic-data table, a 其中 list in a sentence) and
from the [[sum]] rules of patterns/reconcile.toml, wherever a total and all its parts are
stated together. A total and its parts are compared as intervals at their stated precision,
so parts each rounded to 0.01 may miss the total by half a cent each.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from ..records import Quantity
from .context import CheckContext, compared, quantity_evidence, show
from .diagnose import diagnose
from .facts import Fact
from ..records import Finding
from .intervals import of_quantity, total

_FUNDS_COLUMNS = (("budget_initial", "年初预算数"), ("budget_full", "全年预算数"), ("executed", "全年执行数"))


def check(ctx: CheckContext) -> Iterator[Finding]:
    seen: set[frozenset] = set()
    for finding in [*_funds(ctx), *_breakdown(ctx), *_spending(ctx), *_prose(ctx), *_rules(ctx)]:
        key = frozenset((e.where.table, e.where.row, e.where.col, e.where.block, e.where.start) for e in finding.evidence if e.where)
        if key not in seen:
            seen.add(key)
            yield finding


def compare(title: str, total_label: str, total_q: Quantity, parts: list[tuple[str, Quantity]],
            complete: bool = True, context: str | None = None) -> Finding | None:
    """A finding when the parts do not add up to (or, for a partial list, exceed) the total."""
    whole = of_quantity(total_q)
    intervals = [of_quantity(q) for _, q in parts]
    if whole is None or any(i is None for i in intervals):
        return None
    summed = total(intervals)
    if (summed.overlaps(whole) if complete else summed.lo <= whole.hi):
        return None
    unit = total_q.normalised_unit
    found = sum((q.normalised for _, q in parts), start=0)
    expected = total_q.normalised
    relation = "之和" if complete else "超过"
    return Finding(
        rule="sum.parts",
        severity="error",
        message=f"{title}：{'、'.join(label for label, _ in parts)}{relation}为{show(found, unit)}，与{total_label}{show(expected, unit)}不符",
        **compared(expected, found, unit),
        diagnosis=_diagnose_parts(total_q, parts),
        evidence=[quantity_evidence("total", total_label, total_q, context)]
        + [quantity_evidence("part", label, q, context) for label, q in parts],
    )


def _diagnose_parts(total_q: Quantity, parts: list[tuple[str, Quantity]]) -> str | None:
    """Which single part, corrected, would make the sum right, and how it differs; when more
    than one could, all of them (the numbers alone cannot tell which)."""
    suspects = []
    for label, q in parts:
        others = sum((p.normalised for lbl, p in parts if p is not q), start=0)
        should = total_q.normalised - others
        how = diagnose(q.normalised, should) if should >= 0 else None
        if how:
            suspects.append(f"{label}{q.raw}疑应为{show(should, q.normalised_unit)}（{how}）")
    if suspects:
        return "；或".join(suspects)
    how = diagnose(sum((p.normalised for _, p in parts), start=0), total_q.normalised)
    return f"合计{how}" if how else None


def _funds(ctx: CheckContext) -> Iterator[Finding]:
    by_form = defaultdict(list)
    for row in ctx.report.funds.rows:
        by_form[(row.attachment, row.project)].append(row)
    for (attachment, project), rows in by_form.items():
        for total_row in (r for r in rows if r.part_of is None):
            parts = [r for r in rows if r.part_of == total_row.label]
            for field, name in _FUNDS_COLUMNS:
                total_q = getattr(total_row, field)
                stated = [(p.label, getattr(p, field)) for p in parts if getattr(p, field) is not None]
                if total_q is None or total_q.value is None or not stated:
                    continue
                finding = compare(f"附件{attachment}{project or ''}资金表{name}", total_row.label, total_q, stated,
                                  complete=len(parts) > 1)
                if finding:
                    yield finding


def _breakdown(ctx: CheckContext) -> Iterator[Finding]:
    items = ctx.report.funds.breakdown
    for whole in items:
        parts = [i for i in items if i.part_of == whole.label and i.attachment == whole.attachment
                 and i.project == whole.project and i.group == whole.group and i is not whole]
        if parts:
            finding = compare(f"附件{whole.attachment}{whole.group or ''}", whole.label, whole.amount,
                              [(p.label, p.amount) for p in parts], complete=len(parts) > 1)
            if finding:
                yield finding


def _spending(ctx: CheckContext) -> Iterator[Finding]:
    rows = ctx.report.basic_data.spending
    for parent in rows:
        children = [r for r in rows if r.parent == parent.label and r.attachment == parent.attachment]
        if not children:
            continue
        for column, total_q in parent.values.items():
            stated = [(c.label, c.values.get(column)) for c in children if c.values.get(column) is not None]
            if total_q is None or not stated:
                continue
            finding = compare(f"附件{parent.attachment}基础数据表{column}", parent.label, total_q, stated,
                              complete=len(children) > 1)
            if finding:
                yield finding


def _prose(ctx: CheckContext) -> Iterator[Finding]:
    figures = ctx.report.figures
    for whole in figures:
        if whole.relation is not None and whole.relation.kind not in ("part_of",):
            continue
        parts = [f for f in figures if f.relation and f.relation.kind == "part_of" and f.relation.of == whole.label
                 and f.where.block >= whole.where.block and f is not whole
                 and (f.where.block > whole.where.block or f.where.start > whole.where.start)
                 and f.quantity.kind == whole.quantity.kind]
        parts = _until_next_whole(parts, figures, whole)
        if parts:
            finding = compare(f"附件{whole.where.attachment}文字", whole.label, whole.quantity,
                              [(p.label or "", p.quantity) for p in parts], complete=len(parts) > 1,
                              context=whole.sentence)
            if finding:
                yield finding


def _until_next_whole(parts, figures, whole):
    """Parts belong to the nearest whole of their label before them, not to a later one."""
    later = [f for f in figures if f.label == whole.label and f is not whole and f.relation is None
             and (f.where.block, f.where.start) > (whole.where.block, whole.where.start)]
    if not later:
        return [p for p in parts if p.where.block - whole.where.block <= 1]
    stop = min((f.where.block, f.where.start) for f in later)
    return [p for p in parts if (p.where.block, p.where.start) < stop and p.where.block - whole.where.block <= 1]


def _rules(ctx: CheckContext) -> Iterator[Finding]:
    scopes: dict[tuple, list[Fact]] = defaultdict(list)
    for fact in ctx.facts:
        if fact.relation is not None and fact.relation.kind not in ("part_of",):
            continue
        scope = (fact.source, fact.attachment, fact.project, fact.column,
                 fact.where.block if fact.in_prose and fact.where else None)
        scopes[scope].append(fact)
    for rule in ctx.rules.sums:
        for scope, facts in scopes.items():
            totals = [f for f in facts if f.concept == rule.total]
            parts = {c: [f for f in facts if f.concept == c] for c in rule.parts}
            if len(totals) != 1 or not all(len(v) == 1 for v in parts.values()):
                continue  # the rule applies where its total and every part are stated once
            total_fact = totals[0]
            finding = compare(f"附件{total_fact.attachment}{'文字' if total_fact.in_prose else total_fact.column or ''}",
                              total_fact.label, total_fact.quantity, [(v[0].label, v[0].quantity) for v in parts.values()],
                              context=total_fact.context)
            if finding:
                yield finding

"""share.mismatch: a stated share (占本年支出合计的6.45%) that its own numbers do not give.

The part is the figure the share is about (the one before it in its sentence); the whole is
the figure its 占…的 names, found by concept in the same attachment, else the total the part
belongs to. Both are intervals, so 47.43% agrees with 10673.73 / 22502.64 = 47.433…%.
"""
from __future__ import annotations

from typing import Iterator

from ..nlp import find_concepts
from ..records import Figure
from .context import CheckContext, quantity_evidence, round_to, show
from ..records import Finding
from .intervals import of_quantity, ratio_percent, stated

_TOTAL_CONCEPTS = ("支出合计", "收入合计", "财政拨款收入")


def check(ctx: CheckContext) -> Iterator[Finding]:
    figures = ctx.report.figures
    for i, share in enumerate(figures):
        if not share.relation or share.relation.kind != "share_of" or share.quantity.unit != "%":
            continue
        part = _part(figures, i)
        whole = _whole(figures, i, part) if part else None
        if part is None or whole is None:
            continue
        computed = ratio_percent(of_quantity(part.quantity), of_quantity(whole.quantity))
        if computed is None or computed.overlaps(stated(share.quantity.value)):
            continue
        exact = part.quantity.normalised / whole.quantity.normalised * 100
        yield Finding(
            rule="share.mismatch",
            severity="error",
            message=f"附件{share.where.attachment}称{part.label}占{whole.label}的{share.quantity.raw}，"
                    f"按{part.quantity.raw}÷{whole.quantity.raw}计算应为{show(round_to(exact, share.quantity.value))}%",
            expected=f"{show(round_to(exact, share.quantity.value))}%",
            found=share.quantity.raw,
            difference=f"{show(round_to(share.quantity.value - exact, share.quantity.value))}个百分点",
            evidence=[quantity_evidence("stated", share.label, share.quantity, share.sentence),
                      quantity_evidence("part", part.label, part.quantity, part.sentence),
                      quantity_evidence("whole", whole.label, whole.quantity, whole.sentence)],
        )


def _part(figures: list[Figure], i: int) -> Figure | None:
    share = figures[i]
    for f in reversed(figures[:i]):
        if f.where.block != share.where.block:
            return None
        if f.label == share.label and f.quantity.kind == "money" and (not f.relation or f.relation.kind == "part_of"):
            return f
    return None


def _whole(figures: list[Figure], i: int, part: Figure) -> Figure | None:
    share = figures[i]
    named = [c for _, _, c in find_concepts(share.relation.of)] if share.relation.of else []
    wanted = named[-1:] or list(_TOTAL_CONCEPTS)
    candidates = [f for f in figures[:i] if f.where.attachment == share.where.attachment and f.concept in wanted
                  and f.quantity.kind == "money" and f.relation is None and f is not part]
    if candidates:
        return candidates[-1]
    if part.relation and part.relation.kind == "part_of":  # 占本年收入合计的47.43%: of the total it is part of
        return next((f for f in reversed(figures[:i]) if f.label == part.relation.of and f.where.block == part.where.block), None)
    return None

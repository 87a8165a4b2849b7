"""share.mismatch: a stated share (占本年支出合计的6.45%, 占完工总数1694户的99.98%) that its own
numbers do not give.

The part is the figure the share is about (the one before it in its sentence); the whole is
the figure its 占…的 names, found by concept in the same attachment, else the total the part
belongs to. Both are intervals, so 47.43% agrees with 10673.73 / 22502.64 = 47.433…%.
"""
from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from decimal import Decimal
from functools import partial
from typing import Callable, Hashable, Iterator

from ..nlp import find_concepts
from ..records import Figure, Finding
from .context import CheckContext, quantity_evidence, round_to, show
from .intervals import amount, exact_count, ratio_percent, stated
from .runner import Comparison, Operand

_TOTAL_CONCEPTS = ("支出合计", "收入合计", "财政拨款收入")


class _Latest:
    """Figures filed under keys once, so 'the latest one before figure i under this key' is a
    binary search rather than a walk back through every figure before it."""

    def __init__(self, figures: list[Figure], key: Callable[[Figure], Hashable | None]):
        self.figures = figures
        self.positions: dict[Hashable, list[int]] = defaultdict(list)
        for i, f in enumerate(figures):
            k = key(f)
            if k is not None:
                self.positions[k].append(i)

    def before(self, k: Hashable, i: int, unless: Figure | None = None) -> int | None:
        positions = self.positions.get(k, [])
        at = bisect_left(positions, i) - 1
        if at >= 0 and self.figures[positions[at]] is unless:
            at -= 1
        return positions[at] if at >= 0 else None


def _states_a_value(f: Figure) -> bool:
    """An amount or a count stated as a value: what a share can be of (shares of counts are
    shares too, DOMAIN.md: 已验收12个，占计划15个的80%)."""
    return f.quantity.kind in ("money", "count") and (not f.relation or f.relation.kind == "part_of")


def _same_measure(part: Figure, whole: Figure) -> bool:
    """Money with money; a count with a count of the same unit (户 of 户, not 户 of 人)."""
    if part.quantity.kind != whole.quantity.kind:
        return False
    return part.quantity.kind == "money" or part.quantity.normalised_unit == whole.quantity.normalised_unit


def check(ctx: CheckContext) -> Iterator[Comparison]:
    figures = ctx.report.figures
    parts = _Latest(figures, lambda f: (f.where.block, f.label) if _states_a_value(f) else None)
    named = _Latest(figures, lambda f: (f.where.attachment, f.concept)
                    if f.quantity.kind == "money" and f.relation is None and f.concept else None)
    # a whole is an amount stated as a value, never a change or a share that shares its label
    labelled = _Latest(figures, lambda f: (f.where.block, f.label) if _states_a_value(f) else None)
    for i, share in enumerate(figures):
        value = share.quantity.value
        if not share.relation or share.relation.kind != "share_of" or share.quantity.unit != "%" or value is None:
            continue
        at = parts.before((share.where.block, share.label), i)
        part = figures[at] if at is not None else None
        whole, how = _whole(figures, i, part, named, labelled) if part else (None, "")
        if part is None or whole is None or not _same_measure(part, whole):
            continue
        what = f"附件{share.where.attachment}{part.label}占{whole.label}的比重"
        operands = (Operand("stated", share.label, share.quantity, share.sentence),
                    Operand("part", part.label, part.quantity, part.sentence),
                    Operand("whole", whole.label, whole.quantity, whole.sentence))
        yield Comparison("share.mismatch", what, operands, partial(_share_finding, share, value, part, whole),
                         pairing=f"部分：同一段落中此前最近的“{part.label}”；整体：{how}")


def _share_finding(share: Figure, value: Decimal, part: Figure, whole: Figure) -> Finding | None:
    """value is the share's own, a number (the check yields no comparison for one that is not)."""
    part_amount, whole_amount = amount(part.quantity), amount(whole.quantity)
    if part_amount is None or whole_amount is None:
        return None  # a part or whole that is not a number has no interval: no share to compute
    computed = ratio_percent(exact_count(part_amount), exact_count(whole_amount))
    if computed is None or computed.overlaps(stated(value)):
        return None
    exact = part_amount.exact() / whole_amount.exact() * 100
    return Finding(
        rule="share.mismatch",
        severity="error",
        message=f"附件{share.where.attachment}称{part.label}占{whole.label}的{share.quantity.raw}，"
                f"按{part.quantity.raw}÷{whole.quantity.raw}计算应为{show(round_to(exact, value))}%",
        expected=f"{show(round_to(exact, value))}%",
        found=share.quantity.raw,
        difference=f"{show(round_to(value - exact, value))}个百分点",
        evidence=[quantity_evidence("stated", share.label, share.quantity, share.sentence),
                  quantity_evidence("part", part.label, part.quantity, part.sentence),
                  quantity_evidence("whole", whole.label, whole.quantity, whole.sentence)],
    )


def _whole(figures: list[Figure], i: int, part: Figure, named: _Latest, labelled: _Latest) -> tuple[Figure | None, str]:
    """The whole a share is of, and how it was chosen (for the finding's pairing)."""
    share = figures[i]
    named_whole = share.relation.of if share.relation is not None else None  # 占本年支出合计的: 本年支出合计
    concepts = find_concepts(named_whole) if named_whole else []
    own_base = figures[i - 1] if i else None
    if own_base is not None and own_base.relation is not None and own_base.relation.kind == "base" \
            and own_base.label == share.label and own_base.where.block == share.where.block:
        # 支出决算为12.02万元，完成预算12.02万元的100%: the budget just stated is the whole
        return own_base, f"句中所称的“{named_whole}”，即紧接在前、作为其基数的数值"
    if named_whole and not concepts:
        # A whole the sentence names but no concept covers (调整预算, 全市地方一般公共预算支出):
        # only a figure labelled so in the same paragraph is it, never the nearest total.
        at = labelled.before((share.where.block, named_whole), i)
        return (figures[at] if at is not None else None), f"句中所称的“{named_whole}”，同一段落中此前以它为名的数值"
    total_named = named_whole is None or (part.relation is not None and part.relation.of is not None
                                          and part.relation.of in named_whole)
    if total_named and part.relation and part.relation.kind == "part_of":
        # 其中：人员经费6610.51万元，占84.91%: no whole named, so the total the part belongs to;
        # 基本支出…其中：人员经费…，占基本支出总额的86.51%: the whole named is that total
        at = labelled.before((part.where.block, part.relation.of), i)
        if at is not None:
            return figures[at], f"部分所属“其中”列表的合计“{part.relation.of}”"
    wanted = _widest(named_whole, concepts) if named_whole else list(_TOTAL_CONCEPTS)
    if not wanted:
        return None, ""  # two concepts name the whole equally well: which one is meant is not known
    latest = [at for c in wanted if (at := named.before((share.where.attachment, c), i, unless=part)) is not None]
    if latest:
        whole = figures[max(latest)]
        if named_whole and _other_scope(named_whole, concepts, whole):
            return None, ""  # 占全市…的 beside 县(市、区)…: the figure of that concept is another area's
        if named_whole:
            return whole, f"句中所称的“{named_whole}”，按概念{whole.concept}取本附件此前最近的该项金额"
        return whole, f"句中未点名，取本附件此前最近的合计类金额（{whole.concept}）"
    if part.relation and part.relation.kind == "part_of":  # 占本年收入合计的47.43%: of the total it is part of
        at = labelled.before((part.where.block, part.relation.of), i)
        return (figures[at] if at is not None else None), f"部分所属“其中”列表的合计“{part.relation.of}”"
    return None, ""


def _other_scope(named_whole: str, concepts: list[tuple[int, int, str]], whole: Figure) -> bool:
    """The whole named and the figure found both say whose the concept is, and not alike:
    全市一般公共预算收入 is not 县(市、区)一般公共预算收入 (real-text corpus, dev a037)."""
    if not whole.label or whole.concept is None:
        return False
    named_at = next((start for start, _, c in concepts if c == whole.concept), None)
    found_at = next((start for start, _, c in find_concepts(whole.label) if c == whole.concept), None)
    if named_at is None or found_at is None:
        return False
    named_scope, found_scope = named_whole[:named_at], whole.label[:found_at]
    return bool(named_scope) and bool(found_scope) and named_scope != found_scope


def _widest(named_whole: str, concepts: list[tuple[int, int, str]]) -> list[str]:
    """The concept that covers the most of the whole's name, or none when two different concepts
    cover it equally (基本支出总额 holds both 基本支出 and 支出总额): an unsure pairing is no error."""
    widest = max(end - start for start, end, _ in concepts)
    names = {c for start, end, c in concepts if end - start == widest}
    return list(names) if len(names) == 1 else []

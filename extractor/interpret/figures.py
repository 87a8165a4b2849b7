"""Figures in the prose: every amount, percentage and count, with the phrase it measures.

Figures are found by the number-and-unit grammar on the raw text (values.find_quantities);
concept phrases (nlp.py) supply canonical concepts, and word boundaries where a long label
must be cut. A label is read leftwards within the figure's clause, trimmed of time
phrases, subjects and copulas (patterns/figures.toml); a count whose noun follows its measure
word (完成21个老旧小区改造) is labelled from the right. Relations come from the sentence:
其中 makes the following figures parts of the figure before it, 占…的 makes a share of a named
whole, 同比/较上年 a change, and a label ending in 率 a rate.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache

import regex

from ..nlp import WordStarts, find_concepts
from ..pattern_files import compile_pattern, load_toml, require
from ..records import Figure, Quantity, Relation
from ..values import find_quantities
from .context import Context, ProseParagraph
from .label_rules import trim_label
from .scopes import keep_contrasted_scopes

_BRACKETED_REFERENCE = regex.compile(r"[（(][^（()）]*?[〔\[【][^（()）]*?号\s*[)）]")
# A note in brackets that renames or scopes what was just said (以下简称“增长”, 下同): it names
# nothing the figure measures (real-text corpus, dev a025, a026).
_NOTE = regex.compile(r"[（(][^（()）]*(?:以下简称|以下称|简称|下同)[^（()）]*[)）]")
_PERCENT_AHEAD = regex.compile(r"\s*\d[\d.,]*\s*[%％]")
_BUDGET_NAME_REACH = 12  # 完成 and a budget's name (figures.toml budget_whole) span at most this before its amount
_TITLE = regex.compile(r"《(?P<title>[^》]+)》")
_TITLE_SUBJECT = regex.compile(r"(?:关于)?(?:提前)?(?:下达|拨付|分配|安排)(?P<what>.+?)(?:的)?(?:通知|批复|函)$")


@dataclass(frozen=True)
class _Rules:
    boundary: regex.Pattern
    sentence_end: regex.Pattern
    leading: regex.Pattern
    trailing: regex.Pattern
    modifiers: tuple[str, ...]
    cut_after: tuple[str, ...]
    count_verbs: tuple[str, ...]
    right_stop: regex.Pattern
    max_label: int
    share: regex.Pattern
    restatement: regex.Pattern
    bracket_part: regex.Pattern
    base: regex.Pattern
    base_after: regex.Pattern
    change_amount: regex.Pattern
    elliptic: regex.Pattern
    period_base: regex.Pattern  # 上年决算数, 2021年度決算數: the period a base names
    budget_label: regex.Pattern  # 年初预算为2万元 after the subject's value: its base
    difference_label: regex.Pattern  # 差值为0.05万元 after it: a change
    budget_whole: regex.Pattern  # 完成预算12.02万元的100%: a budget, plan or target named before its amount
    budget_bases: dict[str, str]  # the word found -> the base it names (预算, 计划, 目标值)
    part: regex.Pattern
    total_after_parts: regex.Pattern
    gap_to_target: regex.Pattern  # 低于控制指标82起: the gap between the subject and its target
    running_sum: regex.Pattern  # 加上: the figures before and after it add up to a total named later
    running_total: regex.Pattern  # 总收入, 收入总量: the label of the total a running sum reaches
    actual_after_target: regex.Pattern  # 实际: a bound before it was the target
    concept_label_min: int
    parts_overflow: Decimal
    head_after: str
    head_min: int
    physical_kinds: tuple[str, ...]
    generic_nouns: tuple[str, ...]
    bare_modifiers: tuple[str, ...]  # 实际: what a label stripped of its verb must not be left as
    concept_blockers: tuple[str, ...]
    change_plain: regex.Pattern
    target: regex.Pattern
    change: regex.Pattern
    rate_label: regex.Pattern
    prior_period: regex.Pattern
    share_after_whole: regex.Pattern
    share_within: regex.Pattern
    target_set: regex.Pattern
    change_words: regex.Pattern
    conjunction: regex.Pattern
    raised_to: regex.Pattern


@lru_cache(maxsize=1)
def rules() -> _Rules:
    d = load_toml("figures.toml")
    w = "figures.toml"

    def pattern(key):
        return compile_pattern(require(d, key, w), f"{w} {key}")

    return _Rules(
        boundary=pattern("boundary"), sentence_end=pattern("sentence_end"), leading=pattern("leading"),
        trailing=pattern("trailing"), modifiers=tuple(require(d, "modifiers", w)),
        cut_after=tuple(require(d, "cut_after", w)),
        count_verbs=tuple(sorted(require(d, "count_verbs", w), key=len, reverse=True)),
        right_stop=pattern("right_stop"), max_label=int(require(d, "max_label_length", w)),
        share=pattern("share"), restatement=pattern("restatement"), bracket_part=pattern("bracket_part"), base=pattern("base"),
        change_amount=pattern("change_amount"), elliptic=pattern("elliptic"), part=pattern("part"),
        period_base=pattern("period_base"),
        budget_whole=pattern("budget_whole"), budget_label=pattern("budget_label"),
        difference_label=pattern("difference_label"),
        budget_bases=dict(require(d, "budget_bases", w)),
        base_after=pattern("base_after"),
        total_after_parts=pattern("total_after_parts"), gap_to_target=pattern("gap_to_target"),
        running_sum=pattern("running_sum"), running_total=pattern("running_total"),
        actual_after_target=pattern("actual_after_target"),
        concept_label_min=int(require(d, "concept_label_min", w)),
        parts_overflow=Decimal(require(d, "parts_overflow", w)),
        head_after=require(d, "head_after", w), head_min=int(require(d, "head_min_length", w)),
        physical_kinds=tuple(require(d, "physical_kinds", w)), generic_nouns=tuple(require(d, "generic_nouns", w)),
        bare_modifiers=tuple(require(d, "bare_modifiers", w)),
        concept_blockers=tuple(require(d, "concept_blockers", w)), change_plain=pattern("change_plain"),
        target=pattern("target"), change=pattern("change"), rate_label=pattern("rate_label"),
        prior_period=pattern("prior_period"), raised_to=pattern("raised_to"),
        share_after_whole=pattern("share_after_whole"), share_within=pattern("share_within"),
        target_set=pattern("target_set"),
        change_words=pattern("change_words"), conjunction=pattern("conjunction"),
    )


# A figure as find_quantities gives it: its offsets in the paragraph and its quantity.
_Found = tuple[int, int, Quantity]
# What the label rules tell of a figure: its label, its concept and its relation.
_Described = tuple[str | None, str | None, Relation | None]


def find_figures(ctx: Context) -> list[Figure]:
    figures: list[Figure] = []
    texts: dict[int, str] = {}
    last: tuple[int, list[Figure]] = (-1, [])  # the paragraph before's block and its last sentence's figures
    for paragraph in ctx.paragraphs():
        texts[paragraph.block] = paragraph.text
        with ctx.part("interpret.figures", paragraph.where()):  # a failure loses this paragraph's figures only
            found = find_quantities(paragraph.text)
            before = last[1] if last[0] == paragraph.block - 1 else []
            last = (paragraph.block, [])
            if found:
                found_here, last_sentence = _paragraph_figures(paragraph, found, rules(), ctx.year, before)
                figures += found_here
                last = (paragraph.block, last_sentence)
    with ctx.part("interpret.figures.scopes", None):  # a failure keeps the labels as read in their sentences
        keep_contrasted_scopes(figures, texts)
    return figures


def sentences(text: str, r: _Rules) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in r.sentence_end.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _paragraph_figures(paragraph: ProseParagraph, found: list[_Found], r: _Rules, year: int | None = None,
                       before: list[Figure] | None = None) -> tuple[list[Figure], list[Figure]]:
    """The paragraph's figures, and those of its last sentence. `before` is the last sentence's
    figures of the paragraph right before it, whose total a paragraph opening with 其中 lists."""
    text = paragraph.text
    concepts = find_concepts(text)
    token_starts = WordStarts(text)
    reading = _Text(text, _mask_brackets(text), concepts, token_starts, year)
    out = []
    carried: list[Figure] = list(before or [])  # the figures of the sentence before
    listed = _PartsSoFar()
    for sent_start, sent_end in sentences(text, r):
        sentence = text[sent_start:sent_end].strip()
        previous: list[Figure] = []
        whole: Figure | None = None
        attributes: frozenset[str] = frozenset()  # labels the list's items repeat from its lead (年初预算, 差值)
        bracket_whole: Figure | None = None  # 1046.50万元（含县级年初预算800.00万元、…）
        prev_end = sent_start
        for at in (f for f in found if sent_start <= f[0] < sent_end):
            start, end, quantity = at
            between = text[prev_end:start]
            if bracket_whole is not None and _closes_bracket(between):
                bracket_whole = None
            if previous and r.bracket_part.match(between) and _still_open(between):
                bracket_whole = _subject(previous)
            elif previous and _cue_in_last_clause(between, r):  # a new 其中 list
                whole, attributes = _list_total(previous, quantity, text[start:sent_end])
            elif not previous and carried and sentence.startswith(("其中", "具体为")):
                # "…4.68万元。其中：①…": parts of the sentence before
                whole, attributes = _list_total(carried, quantity, text[start:sent_end])
            spot = _spot(reading, at, sent_start, prev_end, previous, r, carried)
            label, concept, relation = _describe(spot, r)
            container = bracket_whole or whole
            if relation is None and container is whole and (label in attributes or _elided(spot, r)):
                # 其中：…支出0万元，年初预算为0万元，差值为0万元: an item's own budget, not a part;
                # 其中，土地出让金收入当月完成4.5亿元；累计完成50.8亿元: the item's other measure
                pass
            elif relation is None and container is not None and _fits(container, quantity, listed,
                                                                    bounded=container is not bracket_whole):
                relation = Relation(kind="part_of", of=container.label)
            elif container is whole and whole is not None and relation is None:
                whole = None  # parts would exceed their total: the 其中 list has ended
            figure = Figure(quantity=quantity.model_copy(update={"where": paragraph.where(start, end)}),
                            label=label, concept=concept, relation=relation,
                            sentence=_around(sentence, start - sent_start, end - sent_start),
                            where=paragraph.where(start, end))
            if relation is not None and relation.kind == "part_of":
                listed.add(relation.of, start, figure.quantity)
            _claim_earlier_parts(previous, figure, between, text[sent_start:start], sent_start, r)
            out.append(figure)
            previous.append(figure)
            prev_end = end
        carried = previous
    return out, carried


# A run-on "sentence" (a whole paragraph without a 。) is kept to a window around its figure, so
# the record grows with the text, not with the text times its figures.
_SENTENCE_KEPT = 600


def _around(sentence: str, start: int, end: int) -> str:
    if len(sentence) <= _SENTENCE_KEPT:
        return sentence
    side = (_SENTENCE_KEPT - (end - start)) // 2
    lo = max(0, min(start - side, len(sentence) - _SENTENCE_KEPT))
    hi = lo + _SENTENCE_KEPT
    return ("…" if lo else "") + sentence[lo:hi] + ("…" if hi < len(sentence) else "")


def _list_total(lead: list[Figure], quantity: Quantity, listed: str) -> tuple[Figure | None, frozenset[str]]:
    """The total a 其中 list breaks down, and the labels its items repeat from the lead.

    A list whose items repeat the lead's later figures ("三公经费支出2.05万元，年初预算为2.95万元，
    差值为0.9万元。其中：因公出国(境)支出0万元，年初预算为0万元，差值为0万元；…") breaks down
    the lead's first figure, and the repeated ones are each item's own, not parts.
    """
    own = [f for f in lead if f.quantity.kind == quantity.kind and f.relation is None and f.label]
    repeated = frozenset(f.label for f in own[1:] if f.label and listed.count(f.label) >= 2)
    if len(own) >= 2 and own[0].label not in repeated and repeated == {f.label for f in own[1:]}:
        return own[0], repeated
    return _total_for(lead, quantity), frozenset()


def _total_for(figures: list[Figure], quantity: Quantity) -> Figure | None:
    """The figure a list of parts breaks down: the latest of the same kind that states a value
    of its own (not a restatement, a comparison or a share), and not the whole a share was
    just taken of (支出537347万元，占调整预算数539267万元的99.6%。其中: parts of the 支出)."""
    wholes = {id(f) for f, after in zip(figures, figures[1:], strict=False)
              if after.relation is not None and after.relation.kind == "share_of" and after.relation.of == f.label}
    return next((f for f in reversed(figures) if f.quantity.kind == quantity.kind and id(f) not in wholes
                 and (f.relation is None or f.relation.kind in ("part_of", "rate"))), None)


def _cue_in_last_clause(between: str, r: _Rules) -> bool:
    cues = list(r.part.finditer(between))
    return bool(cues) and not regex.search(r"[；;]", between[cues[-1].end():])


_BRACKETS = regex.compile(r"《[^《》]*》|[（(][^（()）]*[)）]")


def _mask_brackets(text: str) -> str:
    """The text with bracketed titles and notes blanked, so their commas bound no clause."""
    return _BRACKETS.sub(lambda m: m.group(0)[0] + "　" * (len(m.group(0)) - 2) + m.group(0)[-1], text)


def _clause_start(masked: str, start: int, floor: int, r: _Rules) -> int:
    last = floor
    for m in r.boundary.finditer(masked, floor, start):
        last = m.end()
    return last


@dataclass(frozen=True)
class _Text:
    """A paragraph's text with what the label rules read in it, found once for all its figures."""

    text: str
    masked: str  # bracketed titles and notes blanked (_mask_brackets)
    concepts: list[tuple[int, int, str]]  # (start, end, concept) of every concept phrase
    token_starts: WordStarts
    year: int | None = None  # the budget year reviewed: an earlier year names a prior value


@dataclass(frozen=True)
class _Spot:
    """A figure in its sentence, with what the label rules read around it."""

    paragraph: _Text
    start: int
    end: int
    quantity: Quantity
    prev_end: int  # where the figure before it in its sentence ends (the sentence's start when none)
    previous: list[Figure]  # the figures before it in its sentence
    left_from: int  # where its label may start: its clause's start, not before the figure before it
    carried: tuple[Figure, ...] = ()  # the figures of the sentence before (this paragraph's or the last one's)

    @property
    def text(self) -> str:
        return self.paragraph.text

    @property
    def concepts(self) -> list[tuple[int, int, str]]:
        return self.paragraph.concepts

    @property
    def left(self) -> str:
        return self.text[self.left_from:self.start]

    @property
    def physical(self) -> bool:
        return self.quantity.kind in rules().physical_kinds

    @cached_property
    def outside_brackets(self) -> list[Figure]:
        """The figures before the spot, less those in a bracket closed before it: in 完成126.05亿元
        (县本级98.88亿元,高新区27.17亿元),完成调整预算的103.67%, the share is of the total, not of
        the bracket's last part (real-text corpus, dev b030)."""
        masked, text = self.paragraph.masked, self.text
        if masked[self.start] != text[self.start]:
            return self.previous  # the spot is itself inside a bracket: its neighbours there count
        return [f for f in self.previous if masked[_offset(f)] == text[_offset(f)]]

    @cached_property
    def left_without_notes(self) -> str:
        """The clause before the figure without bracketed notes (以下简称“增长”, 下同), which hide
        the change or comparison they interrupt."""
        return _NOTE.sub("", self.left)


def _spot(paragraph: _Text, at: _Found, sent_start: int, prev_end: int, previous: list[Figure], r: _Rules,
          carried: list[Figure]) -> _Spot:
    start, end, quantity = at
    left_from = max(_clause_start(paragraph.masked, start, sent_start, r), prev_end if previous else sent_start)
    return _Spot(paragraph, start, end, quantity, prev_end, previous, left_from, tuple(carried))


def _describe(spot: _Spot, r: _Rules) -> _Described:
    for rule in _DESCRIBERS:
        found = rule(spot, r)
        if found is not None:
            return found
    return _as_budget_of_subject(spot, r, _plain(spot, r))


def _as_budget_of_subject(spot: _Spot, r: _Rules, plain: _Described) -> _Described:
    """公务接待费支出2.05万元，年初预算为2万元，差值为0.05万元: a budget named after the
    subject's value is its base, and the difference a change against it."""
    label, _, relation = plain
    if relation is not None or not label or spot.quantity.kind != "money":
        return plain
    budget, difference = r.budget_label.fullmatch(label), r.difference_label.fullmatch(label)
    if not budget and not difference:
        return plain
    subject = _subject_of_kind(spot)
    if subject is None or not subject.label or r.budget_label.fullmatch(subject.label) \
            or r.difference_label.fullmatch(subject.label):
        return plain
    if budget:
        return subject.label, subject.concept, Relation(kind="base", of=label.removesuffix("数"))
    base = next((f for f in reversed(spot.previous)
                 if f.quantity.kind == "money" and f.relation is not None and f.relation.kind == "base"), None)
    return subject.label, subject.concept, Relation(kind="change", of=base.relation.of if base and base.relation else None)


def _as_named_whole(spot: _Spot, r: _Rules) -> _Described | None:
    """占完工总数1694户的99.98%: the figure inside 占…的 is the whole, stated, and named there."""
    share = r.share.search(spot.left) or r.budget_whole.search(spot.left)
    after = r.share_after_whole.match(spot.text, spot.end) if share else None
    if not share or not after or not _PERCENT_AHEAD.match(spot.text, after.end()):
        return None  # 占地面积100亩的厂房: no share follows, so no whole either
    name = _clean(share.group("whole"), r)
    subject = _subject_of_kind(spot)
    budget = next((base for word, base in r.budget_bases.items() if word in name), None) if name else None
    if budget and subject is not None:
        # 支出决算为12.02万元，完成预算12.02万元的100%: the subject's budget, its base
        return subject.label, subject.concept, Relation(kind="base", of=budget)
    return (name, None, None) if name else None


def _as_share_of_named_whole(spot: _Spot, r: _Rules) -> _Described | None:
    """The 99.98% of 竣工验收1609户，占完工总数1694户的99.98%: a share of the whole just named,
    about the figure before that whole."""
    if len(spot.previous) < 2 or not r.share_after_whole.fullmatch(spot.text, spot.prev_end, spot.start):
        return None
    if spot.quantity.kind != "percent":
        return None
    whole, part = spot.previous[-1], spot.previous[-2]
    if whole.relation is not None and whole.relation.kind == "base":
        # 完成预算12.02万元的100%: the share of the subject's budget, named as the text names it
        whole_at = whole.where.start or 0
        budget = r.budget_whole.search(spot.text, max(0, whole_at - _BUDGET_NAME_REACH), whole_at)
        if budget is None or whole.label != part.label:
            return None
        return part.label, part.concept, Relation(kind="share_of", of=_clean(budget.group("whole"), r) or None)
    if whole.relation is not None:
        return None
    return part.label, part.concept, Relation(kind="share_of", of=whole.label)


def _as_share(spot: _Spot, r: _Rules) -> _Described | None:
    """占本年收入合计的47.43%: a share of a named whole, about the figure before it, unless
    its clause names its own subject (税收占地方一般公共预算收入的比重为71.1%: 税收)."""
    if spot.quantity.kind != "percent":
        return None  # 下达…预算的通知》…下达资金463142万元: an amount is no share, whatever precedes it
    share = r.share.search(spot.left)
    if not share:
        return None
    of = Relation(kind="share_of", of=_NOTE.sub("", share.group("whole")).strip() or None)
    subject = _clean(spot.left[: share.start()], r)
    within = r.share_within.fullmatch(subject)
    if within and of.of is None:  # 基本支出11639.39万元，在支出总额中占46.96%: the whole, named before 占
        of, subject = Relation(kind="share_of", of=_clean(within.group("whole"), r) or None), ""
    if len(subject) >= 2:
        return subject, None, of
    before = spot.outside_brackets
    base = before[-1] if before else None
    if of.of is None and base is not None and base.relation is not None and base.relation.kind == "part_of":
        of = Relation(kind="share_of", of=base.relation.of)  # 其中:财政拨款收入706.08万元,占90.42%: of the list's total
    return (base.label if base else None), (base.concept if base else None), of


def _as_restatement(spot: _Spot, r: _Rules) -> _Described | None:
    """13042.54万元，约1.30亿元 / 6318.72万元…共计63,187,200元: the same amount again."""
    if not spot.previous:
        return None
    before = spot.previous[-1]
    glued = r.restatement.match(spot.text[spot.prev_end:spot.start]) and _same_measure(before.quantity, spot.quantity)
    if not glued:
        same = [f for f in spot.previous if _same_measure(f.quantity, spot.quantity)
                and f.quantity.normalised == spot.quantity.normalised and f.relation is None]
        if not same or _clean(spot.left, r):
            return None
        before = same[-1]
    return before.label, before.concept, Relation(kind="restatement", of=before.label)


def _as_comparison(spot: _Spot, r: _Rules) -> _Described | None:
    """较上年的12216.09万元 (a base), 增加826.45万元 (the change), 高于8天的目标值 (a target)."""
    subject = _subject(spot.outside_brackets)
    if subject is None:
        return None
    left = spot.left_without_notes
    if r.gap_to_target.search(left.rstrip(" \u3000")):
        return subject.label, subject.concept, Relation(kind="change", of="目标值")
    base = r.base.search(left)
    target = r.target.search(_strip_tail(left))
    after = r.base_after.match(spot.text, spot.end)
    if r.target_set.search(left.rstrip(" \u3000")):
        return subject.label, subject.concept, Relation(kind="base", of="目标值")
    if base or (target and after):
        of = (base.group("base").strip() if base else "") or (after.group("of") if after else None)
        of = _period(of, r) if of else of
        cue_at = base.start() if base else target.start()
        shared = any(w in left[:cue_at] for w in ("均", "都"))
        label = subject.concept if shared and subject.concept else subject.label  # 均达到90%以上: all of them
        return label, subject.concept, Relation(kind="base", of=of)
    if r.change_amount.match(_clean(left, r) or left.strip(" ，,")):
        last = spot.previous[-1]
        of = last.relation.of if last.relation and last.relation.kind == "base" else _base_so_far(spot)
        return subject.label, subject.concept, Relation(kind="change", of=of)
    return None


def _carried_subject(spot: _Spot) -> str | None:
    """。比2018年增加425.31万元: a change opening its sentence is about the subject of the sentence
    before (the settled convention: a change takes the label of the figure it is about)."""
    of_kind = [f for f in spot.carried if f.quantity.kind == spot.quantity.kind] or list(spot.carried)
    stated = [f for f in of_kind if f.relation is None]  # the total, not the last of its parts
    subject = stated[-1] if stated else _subject(of_kind)
    return subject.label if subject is not None else None


def _strip_tail(left: str) -> str:
    return left.rstrip(" \u3000，,的")


def _as_change(spot: _Spot, r: _Rules) -> _Described | None:
    """化肥使用量较上年减少1.26%; 人均可支配收入增长6.82% (no base named)."""
    left = spot.left_without_notes
    change = r.change.search(left)
    plain = r.change_plain.search(left) if spot.quantity.kind == "percent" else None
    cut = change or plain
    if cut is None:  # a match is never false: neither matched
        return None
    before = spot.outside_brackets
    label = _clean(left[: cut.start()], r) or (before[-1].label if before else _carried_subject(spot))
    of = None
    if change:
        of = r.change_words.sub("", change.group(0)) or None  # 较上年增长 -> 上年
        of = "上年同期" if of in ("同比", None) and change.group(0).startswith("同比") else of
    return label or None, None, Relation(kind="change", of=_period(of, r) if of else _base_so_far(spot))


def _period(of: str, r: _Rules) -> str:
    """The base a change or a base names, as the period it is (上年决算数 -> 上年, 2021年度決算數 ->
    2021年, 去年 -> 上年); 上年同期 stays, and a base that names no period is kept as written."""
    m = r.period_base.match(of)
    if not m:
        return of
    period = m.group("period")
    return "上年" if period == "去年" else "上年同期" if period == "去年同期" else period


def _base_so_far(spot: _Spot) -> str | None:
    """A change that names no base has the one its sentence named last (比上年增加826.45万元，
    增长6.82%: both against 上年)."""
    return next((f.relation.of for f in reversed(spot.previous)
                 if f.relation is not None and f.relation.kind in ("change", "base") and f.relation.of), None)


def _as_prior_period(spot: _Spot, r: _Rules) -> _Described | None:
    """A prior period's value of what the sentence measures: 上年为19870.69万元 after the current
    支出合计, 覆盖率由上年的85%: labelled with what it measures, related as its base."""
    m = r.prior_period.search(spot.left.strip(" \u3000"))
    if m is None:
        return None
    period = m.group("period")
    year = regex.match(r"\d{4}", period)
    if year and (spot.paragraph.year is None or int(year.group(0)) >= spot.paragraph.year):
        return None  # the budget year, or a year not known to be earlier: a current value
    subject = _subject(spot.outside_brackets)
    label = _clean(m.group("subject"), r) or (subject.label if subject else None)
    if not label:
        return None
    concept = subject.concept if subject and label == subject.label else None
    return label, concept, Relation(kind="base", of=period.rstrip("度"))


def _as_raised_to(spot: _Spot, r: _Rules) -> _Described | None:
    """由上年的85%提高到92%: the value after a base, now, with the base's label."""
    if not spot.previous or not r.raised_to.search(spot.left.strip(" \u3000")):
        return None
    base = spot.previous[-1]
    if base.relation is None or base.relation.kind != "base":
        return None
    return base.label, base.concept, None


# The relation rules, tried in this order before the plain label: a whole named inside 占…的 and
# its share first, since the share pattern would take that whole for a share.
_DESCRIBERS = (_as_named_whole, _as_share_of_named_whole, _as_share, _as_restatement, _as_comparison, _as_change,
               _as_prior_period, _as_raised_to)


def _plain(spot: _Spot, r: _Rules) -> _Described:
    """The phrase the figure measures, from its clause; physical outputs may name it after."""
    right = _right_label(spot.text, spot.end, r)
    if spot.physical and right:  # decided before the left label, whose long cut loads the segmenter
        label, concept = right, _concept_at(spot.concepts, spot.end, spot.end + len(right))
        return label, concept, Relation(kind="rate") if r.rate_label.search(label) else None
    label, concept = _left_label(spot, r)
    if label in r.count_verbs:
        label = ""  # 涉及5154户: the verb alone names nothing
    if not label or label in r.modifiers:
        label = (label or "") + right if right else label
    if not label and _elided(spot, r):
        label, concept = _elided_subject(spot)  # …当月完成25.2亿元，下降43.8%；累计完成427.4亿元
    if not label and _measured_again(spot):
        label, concept = spot.previous[-1].label or "", spot.previous[-1].concept  # 已脱贫137户465人
    if not label:
        label = _title_label(spot.left, r) or _after_de(spot.text, spot.end, r) or ""
    relation = Relation(kind="rate") if label and r.rate_label.search(label) else None
    return label or None, concept, relation


def _elided(spot: _Spot, r: _Rules) -> bool:
    """The clause before the figure is only time and reporting words (累计完成): its subject is elided."""
    return bool(spot.left.strip(" \u3000，,；;")) and r.elliptic.fullmatch(spot.left) is not None


def _measured_again(spot: _Spot) -> bool:
    """已脱贫137户465人, 国内公务接待16批次,800人次, 新栽苹果苗木1570亩5.2万株: a physical figure
    right after another in another unit, nothing between but a comma, measures the same thing.
    Not after 个, which counts the label's own noun: in 老旧小区21个，5154户 the households are
    another thing, and the figure names nothing (samples/README.md)."""
    if not spot.previous or not spot.physical or spot.left.strip(" \u3000，,"):
        return False
    before = spot.previous[-1]
    return (before.quantity.kind in rules().physical_kinds and before.quantity.unit not in (spot.quantity.unit, "个", "個")
            and spot.start - spot.prev_end <= 1)


def _elided_subject(spot: _Spot) -> tuple[str, str | None]:
    """The subject a clause of only time and reporting words leaves out."""
    subject = _subject_of_kind(spot)
    return (subject.label or "", subject.concept) if subject is not None else ("", None)


def _after_de(text: str, end: int, r: _Rules) -> str | None:
    """按每亩120元的标准: a figure qualifying the noun after its 的."""
    if text[end:end + 1] != "的":
        return None
    return r.trailing.sub("", _right_label(text, end + 1, r)) or None


def _fits(whole: Figure, quantity: Quantity, listed: _PartsSoFar, bounded: bool = True) -> bool:
    """A part of the same kind that, with the parts already listed, does not exceed the whole.

    Parts are compared at the precision they were written: each may be off by half a unit of
    its last digit, so the sum may pass the whole by that much (XBRL Calculations 1.1).

    A list in brackets after its whole (财政拨款4994.84万元（含…、省级补助资金5222.09万元、…）) is
    not `bounded`: its bracket, not its sum, says where it ends, so a part that makes the sum
    pass the whole is still a part, and the slip is the reconciler's to report (seed-7 generated
    corpus, dev g081).
    """
    if quantity.kind != whole.quantity.kind:
        return False
    if not bounded or whole.quantity.normalised is None or quantity.normalised is None:
        return True
    total, slack = listed.after(whole.label, _offset(whole))
    total += quantity.normalised
    slack += _half_unit(quantity) + _half_unit(whole.quantity)
    return total <= whole.quantity.normalised * (1 + rules().parts_overflow) + slack


@dataclass
class _PartsSoFar:
    """The parts listed so far in one paragraph under each total label, in order, with running
    sums of their values and of their half units: what a total's listed parts add up to is two
    subtractions, not a walk through every figure before it (in a run-on paragraph of many 其中
    lists that walk, once per figure, grew with the square of the paragraph).

    Only parts listed after a total count for it; the figures a later 共 total claims stand
    before it and are not added here.
    """

    starts: dict[str | None, list[int]] = field(default_factory=lambda: defaultdict(list))
    sums: dict[str | None, list[tuple[Decimal, Decimal]]] = field(
        default_factory=lambda: defaultdict(lambda: [(Decimal(0), Decimal(0))]))

    def add(self, label: str | None, start: int, part: Quantity) -> None:
        """A part listed under the total label, standing at start in the paragraph."""
        value, slack = self.sums[label][-1]
        if part.normalised is not None:
            value += part.normalised
        self.starts[label].append(start)
        self.sums[label].append((value, slack + _half_unit(part)))

    def after(self, label: str | None, start: int) -> tuple[Decimal, Decimal]:
        """The sum of the values and of the half units of the parts under label after start."""
        sums = self.sums[label]
        at = bisect_right(self.starts[label], start)
        return sums[-1][0] - sums[at][0], sums[-1][1] - sums[at][1]


def _offset(f: Figure) -> int:
    """Where a figure of this paragraph starts in it."""
    assert f.where.start is not None  # every figure here is given paragraph.where(start, end)
    return f.where.start


def _half_unit(q: Quantity) -> Decimal:
    """Half a unit of the value's last written digit, on its normalised scale: how far it may be off."""
    exponent = q.value.as_tuple().exponent if q.value is not None else 0
    assert isinstance(exponent, int)  # a value read from digits (values.find_quantities) is finite: no NaN exponent
    scale = q.normalised / q.value if q.value and q.normalised is not None else Decimal(1)
    return abs(scale) * (Decimal(1).scaleb(exponent) / 2)


def _claim_parts(previous: list[Figure], total: Figure) -> None:
    """16家…和2家…共18家: the figures just before a 共 total are its parts, as long as they count
    in its unit (21台医疗设备购置；…配置设备医疗机构共计9家: no 台 is part of a count of 家; seed-7
    generated corpus, dev g123)."""
    for f in reversed(previous):
        if f.relation is not None or not _same_measure(f.quantity, total.quantity):
            break
        f.relation = Relation(kind="part_of", of=total.label)


def _claim_earlier_parts(previous: list[Figure], figure: Figure, between: str, before: str, sent_start: int,
                         r: _Rules) -> None:
    """A total stated after its parts (…共18家, 加上…总收入…) makes them its parts."""
    if r.total_after_parts.search(between.strip()):
        _claim_parts(previous, figure)
    elif figure.relation is None and figure.label and r.running_total.search(figure.label):
        _claim_running_parts(previous, figure, before, sent_start, r)
    elif figure.relation is None and r.actual_after_target.match(between.lstrip(" \u3000，,；;")):
        _claim_target(previous, figure)


def _claim_target(previous: list[Figure], actual: Figure) -> None:
    """布防飞机数量≥6架,实际布防6架: a bound stated just before the actual value of the same
    measure is its target, ["base", "目标值"]."""
    target = previous[-1] if previous else None
    if target is not None and target.relation is None and target.quantity.comparator != "=" \
            and target.quantity.unit == actual.quantity.unit:
        target.relation = Relation(kind="base", of="目标值")


def _claim_running_parts(previous: list[Figure], total: Figure, before: str, sent_start: int, r: _Rules) -> None:
    """收入1,104,102万元,完成预算的95.0%,加上上级补助收入891,734万元、债务转贷收入276,000万元,
    总收入2,686,338万元: the figure before 加上 and those after it are the total's parts (its
    share and change are not)."""
    cues = list(r.running_sum.finditer(before))
    if not cues:
        return
    cue_at = sent_start + cues[-1].start()
    first = next((f for f in reversed(previous) if _offset(f) < cue_at and f.relation is None), None)
    parts = [f for f in previous if f.relation is None and (f is first or _offset(f) > cue_at)]
    if first is None or len(parts) < 2 or any(f.quantity.kind != total.quantity.kind for f in parts):
        return
    for f in parts:
        f.relation = Relation(kind="part_of", of=total.label)


def _still_open(text: str) -> bool:
    """The bracket the text opens is not closed in it (（桐财社〔2021〕23号）is a note, not a list)."""
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


def _closes_bracket(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += ch in "（("
        depth -= ch in "）)"
        if depth < 0:
            return True
    return False


def _same_measure(a: Quantity, b: Quantity) -> bool:
    return a.kind == b.kind and (a.normalised_unit == b.normalised_unit or a.kind == "money")


def _subject_of_kind(spot: _Spot) -> Figure | None:
    """The sentence's subject among the figures of the spot's own kind (an amount's is an amount)."""
    return _subject([f for f in spot.outside_brackets if f.quantity.kind == spot.quantity.kind])


def _subject(previous: list[Figure]) -> Figure | None:
    """What a comparison in this sentence is about: the latest figure not itself a comparison."""
    return next((f for f in reversed(previous) if f.relation is None or f.relation.kind in ("part_of", "rate")), None)


def _clean(fragment: str, r: _Rules) -> str:
    fragment = _BRACKETED_REFERENCE.sub("", _TITLE.sub("", fragment)).strip(" \u3000\t\"")
    stripped = _stripped(fragment, r)
    if stripped in r.cut_after:  # 当年下达: stripping the time word would leave a bare verb
        stripped = r.trailing.sub("", fragment.lstrip("，,；;：:、 ")).strip()
    return stripped


def _stripped(fragment: str, r: _Rules) -> str:
    """Leading and trailing words off, then the named trims (labels.toml), until neither
    changes it: a trim may uncover a word `leading` takes (——全年预算)."""
    label = fragment
    for _ in range(len(fragment) + 1):
        before = label
        led = r.leading.sub("", label).strip(" \u3000\t\"")
        untrimmed = r.trailing.sub("", led).strip(" \u3000\t\"")
        if untrimmed in r.bare_modifiers:
            untrimmed = led  # 實際完成2700萬元: 實際 alone names nothing, so 完成 stays
        label = trim_label(untrimmed)
        if label in r.generic_nouns and label != untrimmed:
            label = untrimmed  # 涉及金额, 下达资金: the verb is what sets a bare 金额 or 资金 apart
        if label == before:
            break
    return label


def _left_label(spot: _Spot, r: _Rules) -> tuple[str, str | None]:
    """The label read leftwards from the figure, within its clause, and the concept it names;
    a count's label loses the verbs heading it."""
    text, left_from, start, count = spot.text, spot.left_from, spot.start, spot.physical
    cleaned = _clean(text[left_from:start], r)
    if not cleaned:
        return "", None
    # A concept phrase ending the label names it best (到位资金, 一般公共预算财政拨款收入).
    label_end = text.rfind(cleaned, left_from, start) + len(cleaned)
    ending_here = [(c_start, concept) for c_start, c_end, concept in spot.concepts
                   if c_end == label_end and c_start >= left_from]
    if ending_here:
        c_start, concept = min(ending_here)  # the longest phrase ending at the label's end
        phrase = text[c_start:label_end]
        cleaned = _after_last_verb(cleaned, r, count)
        if len(phrase) > len(cleaned) or len(cleaned) >= r.concept_label_min:
            return phrase, concept  # 当年财政拨款 over 财政拨款; 年度计划投资 over 老旧小区改造年度计划投资
        modifier = cleaned[: len(cleaned) - len(phrase)]
        if modifier.startswith(r.concept_blockers) or r.conjunction.search(modifier):
            return cleaned, None  # 其他项目支出 is not 项目支出; 事业收入及其他收入 is not 其他收入
        return cleaned, concept
    cleaned = _after_last_verb(cleaned, r, count)
    if len(cleaned) >= r.head_min and r.head_after in cleaned[:-2]:
        cleaned = cleaned[cleaned.rindex(r.head_after) + len(r.head_after):]
    if len(cleaned) > r.max_label:
        words = spot.paragraph.token_starts
        cut = next((i for i in range(len(cleaned) - r.max_label, len(cleaned)) if (label_end - len(cleaned) + i) in words), None)
        cleaned = cleaned[cut:] if cut is not None else cleaned[-r.max_label:]
        cleaned = _stripped(cleaned, r) or cleaned  # the cut may start inside a bracket or at a subject
    return cleaned, None


def _after_last_verb(label: str, r: _Rules, count: bool = True) -> str:
    """省政府下达我县老旧小区改造目标任务 -> 老旧小区改造目标任务; 改造完成老旧小区区 -> 老旧小区区."""
    if r.rate_label.search(label):
        return label  # 补助资金拨付及时率: a verb inside a rate's name (拨付及时率) heads no object
    best, verb = -1, ""
    for word in r.cut_after:
        i = label.rfind(word)
        if i >= 0 and i + len(word) < len(label) and i + len(word) > best:
            best, verb = i + len(word), word
    rest = r.leading.sub("", label[best:]) if best >= 0 else label
    if verb and rest in r.generic_nouns:
        return verb + rest  # 下达资金: the verb is what sets this 资金 apart
    if best >= 2 and label[best - 1] == "等" and rest.startswith(label[best - 3 : best - 1]):
        rest = rest[2:]  # 广厦社区、城兴街社区等社区老旧小区: the category repeats after 等
    stripped = count
    while stripped:  # verbs heading a count's label: 改造老旧小区 -> 老旧小区
        stripped = False
        for verb in r.count_verbs:
            # a verb joined to another (引进和培养卫生专业技术人员) heads the whole phrase, and stays
            if rest.startswith(verb) and len(rest) - len(verb) >= 2 and not r.conjunction.match(rest, len(verb)):
                rest, stripped = rest[len(verb):], True
                break
    return rest if len(rest) >= 2 else label


# A model's name mixes letters and digits (M-26直升机, H-125, 直8A): its digits start no figure.
_MODEL = regex.compile(r"[A-Za-z]+[-－]?\d+[A-Za-z]*|\d+[A-Za-z]+")


def _right_label(text: str, end: int, r: _Rules) -> str:
    reach = min(len(text), end + r.max_label + 1)
    window = _MODEL.sub(lambda m: "X" * len(m.group(0)), text[end:reach])  # same offsets, no digits
    m = r.right_stop.search(window, 0, len(window))
    stop = end + m.start() if m else min(len(text), end + r.max_label)
    return text[end:stop].strip()


def _concept_at(concepts: list[tuple[int, int, str]], start: int, end: int) -> str | None:
    for c_start, c_end, concept in concepts:
        if start <= c_start and c_end <= end:
            return concept
    return None


def _title_label(fragment: str, r: _Rules) -> str | None:
    """An amount standing right after a document's title is labelled by what the title grants."""
    titles = _TITLE.findall(fragment)
    if not titles:
        return None
    m = _TITLE_SUBJECT.search(titles[-1])
    return r.leading.sub("", m.group("what")) if m else titles[-1]

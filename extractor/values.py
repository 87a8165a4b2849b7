"""The number-and-unit grammar: turn "95%以上", "5000余万元", "二十一个", "3-5万元" into Quantity.

Two entry points, both built from patterns/units.toml and patterns/values.toml:
- `parse_value(text)`: a whole table cell, number or qualitative (合规 → a text value);
- `find_quantities(text)`: every figure with a unit in a stretch of prose, with its offsets.
Neither raises on messy text: what is not a figure is simply not returned.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Context, Decimal, Inexact, InvalidOperation, localcontext
from functools import lru_cache

import regex

from .numerals import DIGITS, FULLWIDTH_DIGITS, chinese_to_int
from .pattern_files import PatternFileError, load_toml, require
from .records import Quantity, Where
from .text import flatten

ARABIC = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
CHINESE = r"[零〇一二两三四五六七八九十百千万亿]+"
_INCLUSIVE = r"(?:[(（]含[)）])"
_ALT_UNIT = r"(?:[(（][^\d()（）含]{1,3}[)）])"  # 台（套）, 万头（羽）: a second unit in brackets
# Compiled once: regex's module-level functions look their pattern up in a cache on every call,
# which cost a third of parse_value on a 5,000-row table.
_BRACKETED_TAIL = regex.compile(r"[(（].*$")
_PER = regex.compile(r"[/／]")
_SPACE_AT_DIGIT_EDGE = regex.compile(r"(?<=\d)\s+(?=[^\d\s])|(?<=[^\d\s])\s+(?=\d)")
# A product that would need more than 28 digits raises here rather than being rounded.
_EXACT = Context(prec=28, traps=[Inexact])
_EMPTY = regex.compile(r"^[\s\-－—–/／\\…·.。、]*$|^(?:无|空|暂无|不适用)$")
_NUMBER_TEXT = str.maketrans({"％": "%", "，": ",", "．": "."})


@dataclass(frozen=True)
class _Grammar:
    units: dict[str, tuple[str, Decimal]]  # unit -> (kind, scale to the kind's normal unit)
    base: dict[str, str]  # a count unit with a magnitude (万人次) -> its plain unit (人次)
    normal: dict[str, str]
    prefix_comparators: dict[str, str]
    suffix_comparators: dict[str, str]
    approx_prefix: dict[str, str]
    approx_suffix: dict[str, str]
    not_figures: tuple[str, ...]
    slogan_quotes: tuple[str, ...]  # a Chinese numeral right after one of these is a slogan (“两个确立”)
    ordinals: dict[str, tuple[str, ...]]  # unit -> words after it that make a Chinese numeral an ordinal (九届人大)
    min_chinese: int
    short_units: dict[str, int]
    rank_before: tuple[str, ...]
    rank_units: tuple[str, ...]
    marker_before: tuple[str, ...]
    # The two grammars are compiled by the standard library's re, whose parser takes a third
    # of the time of regex's on these 4.5 KB patterns (0.05 s of every cold start); they use
    # no syntax of regex's own, and re rejects any that would creep in when it compiles them.
    cell: re.Pattern
    prose: re.Pattern


def _alternation(words) -> str:
    """A regular expression for any of the words, longest first, with their shared prefixes
    factored out (万元|万人次|万平方米 -> 万(?:平方米|人次|元)): the same matches as a plain
    longest-first alternation, in a pattern a third the size, which compiles that much faster
    on every cold start."""
    trie: dict = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    ends = "" in node
    branches = sorted((ch for ch in node if ch), key=lambda ch: -_depth(node[ch]))
    alternatives = [regex.escape(ch) + _trie_pattern(node[ch]) for ch in branches]
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"
    if ends:  # a word ends here and longer ones go on: the longer are tried first (greedy ?)
        return f"(?:{body})?" if len(alternatives) > 1 or len(body) > 1 else f"{body}?"
    return body


def _depth(node: dict) -> int:
    return max((1 + _depth(child) for ch, child in node.items() if ch), default=0)


@lru_cache(maxsize=1)
def grammar() -> _Grammar:
    units_file = load_toml("units.toml")
    values_file = load_toml("values.toml")
    units: dict[str, tuple[str, Decimal]] = {}
    short_units: dict[str, int] = {}
    for group in require(units_file, "unit", "units.toml"):
        kind = require(group, "kind", "units.toml")
        for unit, scale in require(group, "units", "units.toml").items():
            units[unit] = (kind, _decimal(scale, unit))
            if "prose_max_digits" in group:
                short_units[unit] = int(group["prose_max_digits"])
    base: dict[str, str] = {}
    for magnitude, factor in units_file.get("magnitudes", {}).items():
        for unit, (kind, scale) in list(units.items()):
            if kind == "count" and unit[0] not in "万亿":
                units[magnitude + unit] = (kind, scale * _decimal(factor, magnitude))
                base[magnitude + unit] = unit
    prefix_cmp = require(values_file, "prefix_comparators", "values.toml")
    suffix_cmp = require(values_file, "suffix_comparators", "values.toml")
    approx_pre = require(values_file, "approx_prefix", "values.toml")
    approx_suf = require(values_file, "approx_suffix", "values.toml")
    separators = require(require(values_file, "range", "values.toml"), "separators", "values.toml")
    numerals = require(values_file, "chinese_numerals", "values.toml")

    number = rf"(?:{ARABIC}|{CHINESE})"

    prose_copulas = set(values_file.get("prose_copulas", []))
    neutral = list(values_file.get("neutral_prefixes", []))
    # 元/平方米, 元/亩, 人/班, 次/10万公顷: a value per something is a ratio, kept in its own unit.
    per_kinds = ("count", "area", "length", "weight", "duration")
    per_units = _alternation(u for u, (kind, _) in units.items() if kind in per_kinds and u[0] not in "万亿")

    def body(unit: str, prefixes) -> str:
        return (
            rf"(?:每(?P<per>{per_units}))?"
            rf"(?P<prefix>{_alternation(prefixes)})?\s*"
            rf"(?P<num>{number})(?P<approx_in>{_alternation(approx_suf)})?\s*(?P<unit1>(?:{unit}){_ALT_UNIT}?(?:[/／](?:\d+\s*[万千百]?)?(?:{per_units}))?)?"
            rf"(?:{_INCLUSIVE}?\s*(?P<sep>{_alternation(separators)})\s*(?P<num2>{number})\s*(?P<unit>{unit})?)?"
            rf"(?P<approx_out>{_alternation(approx_suf)})?\s*"
            rf"(?P<suffix>{_alternation(suffix_cmp)})?"
        )

    prose_prefixes = [p for p in [*prefix_cmp, *approx_pre] if p not in prose_copulas]
    cell_units = _alternation(units)
    prose_units = _alternation(units)
    return _Grammar(
        units=units,
        base=base,
        normal=dict(require(units_file, "normal", "units.toml")),
        prefix_comparators=prefix_cmp,
        suffix_comparators=suffix_cmp,
        approx_prefix=approx_pre,
        approx_suffix=approx_suf,
        not_figures=tuple(numerals.get("not_figures", [])),
        slogan_quotes=tuple(numerals.get("slogan_quotes", [])),
        ordinals={require(o, "unit", "values.toml"): tuple(require(o, "before", "values.toml"))
                  for o in numerals.get("ordinal", [])},
        min_chinese=int(numerals.get("min_value", 2)),
        short_units=short_units,
        rank_before=tuple(values_file.get("ranks", {}).get("before", [])),
        rank_units=tuple(values_file.get("ranks", {}).get("units", [])),
        marker_before=tuple(values_file.get("markers", {}).get("before", [])),
        cell=re.compile(rf"^\s*{body(cell_units, [*prefix_cmp, *approx_pre, *neutral])}\s*$"),
        # In prose a figure must not be glued to letters, digits or a decimal point around it
        # (index numbers, model names, 2型糖尿病), and an ordinal 第 is not a figure. A figure
        # ending in a Chinese unit may be followed by the next figure (已脱贫137户465人).
        prose=re.compile(rf"(?<![A-Za-z0-9.第]){body(prose_units, prose_prefixes)}(?:(?<=[^\x00-\x7f])|(?![A-Za-z0-9]))"),
    )


def _main_unit(unit: str) -> str:
    """台（套） -> 台: the bracketed alternative does not change the scale."""
    return _BRACKETED_TAIL.sub("", unit) if "/" not in unit and "／" not in unit else unit


def _decimal(text: str, what: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise PatternFileError(f"units.toml: the scale of {what} is not a number: {text!r}") from None


def normalise_number_text(text: str) -> str:
    """Full-width digits and signs as ASCII; spaces a PDF put between digits and CJK removed."""
    text = text.translate(FULLWIDTH_DIGITS).translate(_NUMBER_TEXT)
    return _SPACE_AT_DIGIT_EDGE.sub("", text)


def _number(token: str) -> tuple[Decimal | None, str | None]:
    if token and token[0].isascii() and token[0].isdigit():
        try:
            return Decimal(token.replace(",", "")), "arabic"
        except InvalidOperation:
            return None, None
    value = chinese_to_int(token)
    return (Decimal(value), "chinese") if value is not None else (None, None)


def _build(m: re.Match, g: _Grammar, raw: str, where: Where | None) -> Quantity | None:
    value, numeral = _number(m.group("num"))
    if value is None:
        return None
    unit = m.group("unit") or m.group("unit1")
    upper = None
    if m.group("num2"):
        upper, _ = _number(m.group("num2"))
        if upper is None or upper < value:
            return None
    if unit and m.group("per"):
        unit = f"{unit}/{m.group('per')}"  # 每亩120元 is 120元/亩
    if unit and ("/" in unit or "／" in unit):
        kind, scale = "ratio", Decimal(1)
    else:
        kind, scale = g.units.get(_main_unit(unit), ("number", Decimal(1))) if unit else ("number", Decimal(1))
    comparator, approx = "=", None
    prefix = m.group("prefix")
    if prefix in g.prefix_comparators:
        comparator = g.prefix_comparators[prefix]
    elif prefix in g.approx_prefix:
        approx, comparator = prefix, g.approx_prefix[prefix]
    for group in ("approx_in", "approx_out"):
        if m.group(group):
            approx = m.group(group)
            comparator = g.approx_suffix[approx]
    if m.group("suffix"):
        comparator = g.suffix_comparators[m.group("suffix")]
    normal_unit = g.normal.get(kind, g.base.get(_main_unit(unit), unit) if unit else unit)
    normalised = scaled(value, scale)
    if kind == "count" and normalised == normalised.to_integral_value():
        normalised = Decimal(int(normalised))
    return Quantity(
        raw=raw, kind=kind, value=value, unit=unit, normalised=normalised, normalised_unit=normal_unit,
        comparator=comparator, approx=approx, upper=upper, numeral=numeral, where=where,
    )


def parse_value(text: str | None, where: Where | None = None, default_unit: str | None = None) -> Quantity | None:
    """A table cell's value: a number with unit and comparison, a text value, or None if empty.

    `default_unit` is the unit the table states for its bare numbers ("(万元)" in a header).
    """
    if text is None:
        return None
    raw = flatten(text)
    if _EMPTY.match(raw):
        return None
    g = grammar()
    m = g.cell.match(normalise_number_text(raw))
    if m:
        quantity = _build(m, g, raw, where)
        if quantity is not None and (quantity.numeral == "arabic" or quantity.unit):
            if quantity.unit is None and default_unit and _kind_and_scale(default_unit, g) is not None:
                quantity = _with_unit(quantity, default_unit, g)
            return quantity
    return Quantity(raw=raw, kind="text", text=raw, where=where)


def scaled(value: Decimal, scale: Decimal) -> Decimal:
    """value × scale, exactly: the default 28-digit context would round a 30-digit amount."""
    try:
        return _EXACT.multiply(value, scale)  # the common case: it fits, and no digit is counted
    except Inexact:
        pass
    with localcontext() as context:
        context.prec = len(value.as_tuple().digits) + len(scale.as_tuple().digits)
        return value * scale


def _kind_and_scale(unit: str, g: _Grammar) -> tuple[str, Decimal] | None:
    """What a unit given apart from the number makes of it: a known unit's kind and scale, or a
    ratio (元/户, 万元/公里 in a 度量单位 column) whose numerator is a known unit; else None."""
    if unit in g.units:
        return g.units[unit]
    numerator = _PER.split(unit, maxsplit=1)
    if len(numerator) == 2 and numerator[0] in g.units and numerator[1]:
        return "ratio", Decimal(1)
    return None


def _with_unit(quantity: Quantity, unit: str, g: _Grammar) -> Quantity:
    found = _kind_and_scale(unit, g)
    # only called on what _build returned, and _build always sets the value; the unit is known
    assert quantity.value is not None and found is not None
    kind, scale = found
    return quantity.model_copy(update={
        "kind": kind, "unit": unit, "normalised": scaled(quantity.value, scale),
        "normalised_unit": g.normal.get(kind, g.base.get(_main_unit(unit), unit)),
    })


def find_quantities(text: str) -> list[tuple[int, int, Quantity]]:
    """Figures with a unit in prose: (start, end, quantity), offsets into `text` as given.

    Offsets refer to the original text, so the text is not normalised first; full-width digits
    are rare in prose and are matched by the same grammar through `\\d`.
    """
    g = grammar()
    found = []
    for m in g.prose.finditer(text):
        unit = m.group("unit") or m.group("unit1")
        if not unit:
            continue  # a bare number in prose is an index, a code or a year, not a figure
        unit = _main_unit(unit)
        num = m.group("num")
        if not _plausible_in_prose(text, m, g, unit):
            continue
        if not (num[0].isascii() and num[0].isdigit()):
            if not _chinese_figure(text, m, g, unit):
                continue
        start, end = m.span()
        raw = text[start:end].strip()
        start = start + (len(text[start:end]) - len(text[start:end].lstrip()))
        quantity = _build(m, g, raw, None)
        if quantity is not None:
            found.append((start, start + len(raw), quantity))
    return found


def _plausible_in_prose(text: str, m: re.Match, g: _Grammar, unit: str) -> bool:
    """Rule out what only looks like a figure: 2022年 (a date), 全市前五名 (a rank)."""
    num = m.group("num")
    if unit in g.short_units:
        arabic = num[0].isascii() and num[0].isdigit()
        if not arabic or len(num.split(".")[0]) > g.short_units[unit] or text[m.end():m.end() + 1] in ("度", "月"):
            return False
    if text[m.end():m.end() + 1] == "制":
        return False  # 5人制足球场, 三年制: a kind, not a figure
    if unit in g.rank_units and text[max(0, m.start("num") - 1):m.start("num")] in g.rank_before:
        return False
    if text[:m.start("num")].endswith(g.marker_before):
        return False  # 附件三项目支出…: an attachment's number run into its title, not 三项
    return True


_NUMERAL_OF = {value: ch for ch, value in DIGITS.items() if ch not in "零〇两"} | {10: "十"}


def _numbered_name(text: str, m: re.Match, value: int, unit: str) -> bool:
    """秘书一处 beside 秘书二处 (公诉一处、公诉二处): the same word before the numeral before
    and after it in the text numbers a series of names, not a count."""
    before = text[max(0, m.start("num") - 2):m.start("num")]
    if len(before) < 2 or not all("\u4e00" <= ch <= "\u9fff" for ch in before) or not 1 <= value <= 10:
        return False
    neighbours = [_NUMERAL_OF[v] for v in (value - 1, value + 1) if v in _NUMERAL_OF]
    return any(f"{before}{n}{unit}" in text for n in neighbours)


def _chinese_figure(text: str, m: re.Match, g: _Grammar, unit: str) -> bool:
    num = m.group("num")
    if g.units.get(unit, ("ratio", None))[0] == "score":  # a unit per something (元/平方米) is a ratio
        return False  # 三分建，七分管; 十分显著
    context = text[m.start("num") : m.start("num") + 6]
    if any(context.startswith(word) for word in g.not_figures):
        return False
    if text[max(0, m.start("num") - 1):m.start("num")] in g.slogan_quotes:
        return False  # “两个确立”: a slogan
    if text.startswith(g.ordinals.get(unit, ()), m.end()):
        return False  # 九届人大二次会议, 二期建设项目: ordinals
    value = chinese_to_int(num)
    if value is not None and _numbered_name(text, m, value, unit):
        return False  # 秘书一处、秘书二处: the names of numbered divisions
    if value == 1:  # 高级中学一所、…: one only in a list, never in 一张表 or 一个一级项目
        return text[m.end():m.end() + 1] in ("、", "，", ",", "；", "。")
    return value is not None and value >= g.min_chinese

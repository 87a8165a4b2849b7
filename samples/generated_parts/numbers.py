"""Decimal arithmetic and number writing for the generator: rounding, amounts in 元/万元,
rates and shares, parts that add up exactly, Chinese numerals, and the slips a filer makes
(two digits swapped, a digit dropped, 元 for 万元)."""
from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

D = Decimal
CENT = D("0.01")
HUNDRED = D(100)


def q(x: Decimal, places: str = "0.01") -> Decimal:
    return x.quantize(D(places), ROUND_HALF_UP)


def plain(x: Decimal) -> str:
    """A Decimal as written, without exponent (0.00 stays 0.00)."""
    return format(x, "f")


def amount(rng: random.Random, lo: float, hi: float, places: str = "0.01") -> Decimal:
    return q(D(str(rng.uniform(lo, hi))), places)


def split(rng: random.Random, total: Decimal, shares: list[float], places: str = "0.01") -> list[Decimal]:
    """Parts of `total` roughly in proportion to `shares`, each rounded, adding up exactly."""
    s = sum(shares)
    parts = [q(total * D(str(w / s)), places) for w in shares[:-1]]
    parts.append(total - sum(parts, D(0)))
    assert all(p >= 0 for p in parts), (total, parts)
    return parts


def ratio_pct(part: Decimal, whole: Decimal, places: str = "0.01") -> Decimal:
    return q(part / whole * HUNDRED, places)


def pct_text(p: Decimal) -> str:
    """A percentage as filers write it: 100% for a whole, else as rounded (97.40%)."""
    return "100%" if p == HUNDRED else f"{plain(p)}%"


def score_of(weight: Decimal, rate_pct: Decimal) -> Decimal:
    """分值 × 执行率, capped at the 分值, to two decimals (9.74); whole numbers as integers."""
    s = min(weight, q(weight * rate_pct / HUNDRED))
    return tidy(s)


def tidy(x: Decimal) -> Decimal:
    """10.00 -> 10, 4.50 -> 4.5: how scores are written."""
    if x == x.to_integral_value():
        return x.quantize(D(1))
    return x.normalize()


def yuan_to_wan(x: Decimal) -> Decimal:
    return q(x / D(10000))


def with_commas(x: Decimal) -> str:
    whole, _, frac = plain(x).partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return ",".join(groups) + (f".{frac}" if frac else "")


# ------------------------------------------------------------------ Chinese numerals

_DIGITS = "零一二三四五六七八九"


def chinese(n: int, two: bool = False) -> str:
    """1..999 in Chinese numerals (十二, 二十二, 一百零五); `two` writes 2 as 两."""
    assert 0 < n < 1000, n
    if n == 2 and two:
        return "两"
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += _DIGITS[hundreds] + "百"
        if rest and tens == 0:
            out += "零"
    if tens:
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    if ones:
        out += _DIGITS[ones]
    return out


# ------------------------------------------------------------------ slips


def _digits_positions(text: str) -> list[int]:
    return [i for i, ch in enumerate(text) if ch.isdigit()]


def transpose(rng: random.Random, text: str) -> str | None:
    """Two adjacent different digits swapped (2436 -> 2346); None when no such pair."""
    pos = _digits_positions(text)
    pairs = [(a, b) for a, b in zip(pos, pos[1:], strict=False) if b == a + 1 and text[a] != text[b]]
    # A swap that puts a zero in front makes a different-looking number; avoid it.
    pairs = [(a, b) for a, b in pairs if not (a == pos[0] and text[b] == "0")]
    if not pairs:
        return None
    a, b = rng.choice(pairs)
    return text[:a] + text[b] + text[a] + text[b + 1:]


def drop_digit(rng: random.Random, text: str) -> str | None:
    """One digit left out of the integer part (2436 -> 236)."""
    whole = text.split(".")[0]
    pos = [i for i in _digits_positions(whole) if i > 0]
    if len(_digits_positions(whole)) < 3 or not pos:
        return None
    i = rng.choice(pos)
    return text[:i] + text[i + 1:]


def slip(rng: random.Random, text: str) -> tuple[str, str]:
    """A filer's slip of a number as written: (new text, what kind)."""
    for kind in rng.sample(["transposition", "transposition", "dropped digit"], 3):
        new = transpose(rng, text) if kind == "transposition" else drop_digit(rng, text)
        if new and D(new) != D(text):
            return new, kind
    # Last resort: a wrong last digit.
    last = _digits_positions(text)[-1]
    new_digit = str((int(text[last]) + rng.randint(1, 8)) % 10)
    return text[:last] + new_digit + text[last + 1:], "wrong digit"

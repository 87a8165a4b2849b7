"""Say how two numbers differ, where it can be told: 2346 for 2436 is two digits swapped."""
from __future__ import annotations

from decimal import Decimal

# A slip of one digit is a reviewer's diagnosis for numbers a person writes; beyond this many
# digits the question means nothing, and writing the digits out would cost their length.
_MAX_DIGITS = 60


def _digits(value: Decimal) -> str:
    text = format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    return text.replace("-", "")


def _writable(value: Decimal) -> bool:
    return value.is_finite() and (not value or -_MAX_DIGITS < value.adjusted() < _MAX_DIGITS) \
        and len(value.as_tuple().digits) <= _MAX_DIGITS


def diagnose(found: Decimal, expected: Decimal) -> str | None:
    if found == expected or not (_writable(found) and _writable(expected)):
        return None
    if expected and found and abs(found / expected) in (Decimal(10000), Decimal("0.0001")):
        return "元/万元单位错误（相差一万倍）"
    f, e = _digits(found), _digits(expected)
    if len(f) == len(e) and sorted(f) == sorted(e):
        diffs = [i for i in range(len(f)) if f[i] != e[i]]
        if len(diffs) == 2 and f[diffs[0]] == e[diffs[1]] and f[diffs[1]] == e[diffs[0]]:
            return "数字颠倒（两位数字互换）"
        return "数字顺序错误"
    if f.replace(".", "") == e.replace(".", "") or f.replace(".", "").rstrip("0") == e.replace(".", "").rstrip("0"):
        return "小数点位置错误"
    if len(f) + 1 == len(e) and _one_removed(e, f):
        return "漏写一位数字"
    if len(f) == len(e) + 1 and _one_removed(f, e):
        return "多写一位数字"
    if len(f) == len(e) and sum(a != b for a, b in zip(f, e, strict=True)) == 1:
        return "一位数字不同"
    return None


def _one_removed(longer: str, shorter: str) -> bool:
    """Whether dropping one character of longer gives shorter: if any does, dropping the first
    character where they differ does."""
    at = next((i for i, (a, b) in enumerate(zip(longer, shorter, strict=False)) if a != b), len(shorter))
    return longer[:at] + longer[at + 1:] == shorter

"""Decimal intervals: compare figures at the precision they were stated (XBRL Calculations 1.1).

A value written with d decimals stands for [v − ½·10⁻ᵈ, v + ½·10⁻ᵈ]; a relation holds when the
stated interval and the computed one overlap.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..records import Quantity


@dataclass(frozen=True)
class Interval:
    lo: Decimal
    hi: Decimal

    def __add__(self, other: "Interval") -> "Interval":
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def scale(self, factor: Decimal) -> "Interval":
        a, b = self.lo * factor, self.hi * factor
        return Interval(min(a, b), max(a, b))

    def overlaps(self, other: "Interval") -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    def midpoint(self) -> Decimal:
        return (self.lo + self.hi) / 2

    def __str__(self) -> str:
        return f"[{_plain(self.lo)}, {_plain(self.hi)}]"


def half_unit(value: Decimal) -> Decimal:
    exponent = value.as_tuple().exponent
    return Decimal(1).scaleb(exponent) / 2 if isinstance(exponent, int) else Decimal(0)


def stated(value: Decimal) -> Interval:
    h = half_unit(value)
    return Interval(value - h, value + h)


def of_quantity(q: Quantity) -> Interval | None:
    """The interval a quantity stands for, on its normalised scale (万元 for money)."""
    if q.value is None or q.normalised is None:
        return None
    scale = q.normalised / q.value if q.value else Decimal(1)
    return stated(q.value).scale(scale) if q.value else Interval(Decimal(0), Decimal(0)).scale(scale)


def total(intervals: list[Interval]) -> Interval:
    result = Interval(Decimal(0), Decimal(0))
    for i in intervals:
        result = result + i
    return result


def ratio_percent(part: Interval, whole: Interval) -> Interval | None:
    """part / whole × 100 as an interval, for non-negative values."""
    if whole.lo <= 0:
        return None
    return Interval(max(part.lo, Decimal(0)) / whole.hi * 100, part.hi / whole.lo * 100)


def _plain(d: Decimal) -> str:
    return format(d.normalize(), "f") if d == d.to_integral_value() else format(d, "f")

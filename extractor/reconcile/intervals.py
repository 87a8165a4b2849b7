"""Decimal intervals: compare figures at the precision they were stated (XBRL Calculations 1.1).

A value written with d decimals stands for [v − ½·10⁻ᵈ, v + ½·10⁻ᵈ]; a relation holds when the
stated interval and the computed one overlap.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Context, Decimal

from ..records import Quantity

# Every scale in patterns/units.toml has at most 9 significant digits (亩 666.6667), so a scale
# read back from a record and rounded to 15 is the scale itself, even from a rounded product.
_SCALE = Context(prec=15)


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


def stated_rate(value: Decimal) -> Interval:
    """A rate as written: rounded, or cut after its last digit, as forms often do (99.985% written
    99%: real-text corpus, dev a024). Either is no slip a reviewer would correct."""
    h = half_unit(value)
    return Interval(value - h, value + 2 * h)


def unit_scale(q: Quantity) -> Decimal:
    """The factor from q's unit to its normalised one (万元 1, 元 0.0001, 亩 666.6667)."""
    if not q.value or q.normalised is None:
        return Decimal(1)
    return _SCALE.plus(q.normalised / q.value)


@dataclass(frozen=True)
class Number:
    """A quantity that states a number (not 见附表 or 合规): the quantity and its value."""

    quantity: Quantity
    value: Decimal


@dataclass(frozen=True)
class Amount(Number):
    """A number that also has its normalised value (万元 for money): what a check adds, divides
    and compares as an interval. Reading one does no arithmetic: its exact value and interval
    are computed when asked, in the caller's decimal context."""

    normalised: Decimal

    def exact(self) -> Decimal:
        """The normalised value recomputed from the value as written (see normalised)."""
        return self.value * unit_scale(self.quantity)

    def interval(self) -> Interval:
        """The interval the value stands for, on its normalised scale."""
        if not self.value:
            return Interval(Decimal(0), Decimal(0))  # a zero is taken as exact (an empty amount written 0 or 0.00)
        return stated(self.value).scale(unit_scale(self.quantity))


def number(q: Quantity | None) -> Number | None:
    """q as a Number, or None when it is blank or states no number."""
    if q is None or q.value is None:
        return None
    return Number(q, q.value)


def amount(q: Quantity | None) -> Amount | None:
    """q as an Amount, or None when it has no value or no normalised one."""
    if q is None or q.value is None or q.normalised is None:
        return None
    return Amount(q, q.value, q.normalised)


def normalised(q: Quantity | None) -> Decimal | None:
    """q.normalised recomputed from the value as written, in the caller's decimal context.

    The record's own was multiplied at the process default of 28 digits, which rounds a
    30-digit amount; the reconciler works in a context wide enough for its values.
    """
    a = amount(q)
    return a.exact() if a is not None else None


def of_quantity(q: Quantity | None) -> Interval | None:
    """The interval a quantity stands for, on its normalised scale (万元 for money)."""
    a = amount(q)
    return a.interval() if a is not None else None


def total(intervals: list[Interval]) -> Interval:
    result = Interval(Decimal(0), Decimal(0))
    for i in intervals:
        result = result + i
    return result


def exact_count(a: Amount) -> Interval:
    """A whole count as the exact number it is (8段 is eight, not 7.5 to 8.5), so 8 of 10 is
    80%, not anything from 71% to 89%; other amounts as the interval their digits stand for.
    Only quotients read counts so (shares, 控制率): a 其中 list of counts may still be misread,
    and its sum is compared with the tolerance of its digits."""
    if a.quantity.kind == "count" and a.value == a.value.to_integral_value() and a.value == a.normalised:
        return Interval(a.value, a.value)
    return a.interval()


def ratio_percent(part: Interval | None, whole: Interval | None) -> Interval | None:
    """part / whole × 100 as an interval, for non-negative values; None when either is unknown."""
    if part is None or whole is None or whole.lo <= 0:
        return None
    return Interval(max(part.lo, Decimal(0)) / whole.hi * 100, part.hi / whole.lo * 100)


def _plain(d: Decimal) -> str:
    return format(d.normalize(), "f") if d == d.to_integral_value() else format(d, "f")

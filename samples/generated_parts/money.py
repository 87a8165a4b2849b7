"""Amounts of one filing. Every amount is kept in 元 (a Decimal) and shown in the unit of the
table or sentence that states it. When a filing has a table in 元 beside others in 万元, the
amounts carry a few 元 of odd change, but never 50 元 or more, so each 万元 figure is the 元 figure
rounded and parts still add up exactly at the precision they are written."""
from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from .numbers import D, plain, q, split, with_commas

TEN_THOUSAND = D(10000)


@dataclass
class Money:
    table_unit: str  # unit of the funds and overall tables: 万元 | 元
    basic_unit: str  # unit of the 基础数据表
    integer_style: bool  # 万元 amounts written as whole numbers (1626)
    commas: bool  # 元 amounts written with thousands separators
    prose_yuan: bool  # prose states some amounts in 元

    @property
    def places(self) -> str:
        return "1" if self.integer_style else "0.01"

    @property
    def has_yuan(self) -> bool:
        return "元" in (self.table_unit, self.basic_unit)

    def draw_wan(self, rng: random.Random, lo: float, hi: float) -> Decimal:
        return q(D(str(rng.uniform(lo, hi))), self.places)

    def split_wan(self, rng: random.Random, total_wan: Decimal, shares: list[float]) -> list[Decimal]:
        return split(rng, total_wan, shares, self.places)

    def leaf(self, rng: random.Random, wan: Decimal, odd: bool = True) -> Decimal:
        """An amount in 元 for a 万元 value: exact, or with a few 元 of change in a 元 filing."""
        base = wan * TEN_THOUSAND
        if not (self.has_yuan and odd) or wan == 0:
            return base.quantize(D("0.01"))
        return base + q(D(str(rng.uniform(-12, 12))))

    def wan(self, yuan: Decimal) -> Decimal:
        """The amount as a 万元 figure: two decimals, or a whole number in a filing that writes
        its (whole) amounts so (1626, beside 1.73 for a small one)."""
        w = q(yuan / TEN_THOUSAND)
        assert abs(w * TEN_THOUSAND - yuan) < D(50), (yuan, w)
        if self.integer_style and w == w.to_integral_value():
            return w.quantize(D(1))
        return w

    def shown(self, yuan: Decimal, unit: str) -> Decimal:
        return yuan.quantize(D("0.01")) if unit == "元" else self.wan(yuan)

    def cell(self, yuan: Decimal | None, unit: str) -> str:
        """The amount as a table cell in `unit`."""
        if yuan is None:
            return ""
        value = self.shown(yuan, unit)
        if unit == "元" and self.commas:
            return with_commas(value)
        return plain(value)

    def truth(self, yuan: Decimal | None, unit: str) -> str | None:
        if yuan is None:
            return None
        return f"{plain(self.shown(yuan, unit))}{unit}"

"""What every check reads: the report, its facts and the rule data. Checks never see the file."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..records import Quantity
from ..report import Report
from .facts import Fact
from ..records import Evidence
from .ruledata import RuleData


@dataclass
class CheckContext:
    report: Report
    facts: list[Fact]
    rules: RuleData

    @property
    def year(self) -> int | None:
        return self.report.meta.year


def show(value: Decimal | None, unit: str | None = None) -> str | None:
    """A Decimal as a reviewer writes it: no exponent, no trailing zeros beyond what matters."""
    if value is None:
        return None
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}{unit or ''}"


def compared(expected: Decimal, found: Decimal, unit: str | None = None) -> dict[str, str | None]:
    """A finding's expected, found and difference (found − expected), shown alike."""
    return {"expected": show(expected, unit), "found": show(found, unit), "difference": show(found - expected, unit)}


def quantity_evidence(role: str, label: str | None, q: Quantity | None, context: str | None = None) -> Evidence:
    return Evidence(role=role, label=label, text=q.raw if q else None, value=q.value if q else None,
                    where=q.where if q else None, context=context)


def round_to(value: Decimal, like: Decimal) -> Decimal:
    """Round a computed value to the number of decimals of a stated one."""
    exponent = like.as_tuple().exponent
    return value.quantize(Decimal(1).scaleb(exponent)) if isinstance(exponent, int) and exponent <= 0 else value.quantize(Decimal(1))

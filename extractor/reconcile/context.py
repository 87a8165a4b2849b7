"""What every check reads: the report, its facts and the rule data. Checks never see the file."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence, TypeVar

from ..records import Evidence, Quantity
from ..report import Report
from .facts import Fact
from .ruledata import RuleData

# How many values one finding lists in its message and evidence: a 其中 list of a thousand
# parts is still one finding, and a reviewer reads the first ones and the count of the rest.
MAX_LISTED = 50
# Beyond this many digits a number is shown in scientific notation: a value with a huge
# exponent would otherwise print as a million zeros.
_MAX_PLAIN_DIGITS = 60

T = TypeVar("T")


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
    if value.is_finite() and value and not -_MAX_PLAIN_DIGITS < value.adjusted() < _MAX_PLAIN_DIGITS:
        return f"{value:E}{unit or ''}"
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


def listed(items: Sequence[T]) -> tuple[Sequence[T], int]:
    """The items a finding lists, and how many it leaves out."""
    return items[:MAX_LISTED], max(0, len(items) - MAX_LISTED)


def more(left_out: int) -> str:
    """What a message says after a cut list: 等1000项（其余950项未列出）."""
    return f"等{left_out + MAX_LISTED}项（其余{left_out}项未列出）" if left_out else ""


def not_listed(left_out: int) -> str:
    """What a message says when its evidence lists only the first values."""
    return f"（只列出前{MAX_LISTED}项，其余{left_out}项未列出）" if left_out else ""


def round_to(value: Decimal, like: Decimal) -> Decimal:
    """Round a computed value to the number of decimals of a stated one."""
    exponent = like.as_tuple().exponent
    places = Decimal(1).scaleb(exponent) if isinstance(exponent, int) and exponent <= 0 else Decimal(1)
    return value.quantize(places)

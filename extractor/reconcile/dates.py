"""Dates against the budget year: events outside it, a fill date before its end, fill dates
that disagree across attachments."""
from __future__ import annotations

from typing import Iterator

from ..records import DateRecord
from .context import CheckContext
from ..records import Evidence, Finding


def _evidence(d: DateRecord, role: str) -> Evidence:
    return Evidence(role=role, text=d.raw, where=d.where)


def check(ctx: CheckContext) -> Iterator[Finding]:
    year = ctx.year
    if year is None:
        return
    dates = ctx.report.dates
    for d in dates:
        if d.role == "event" and d.date[:4].isdigit() and int(d.date[:4]) != year:
            yield Finding(
                rule="date.outside_year", severity="info" if d.precision == "year" else "warning",
                message=f"附件{d.where.attachment}提到{d.raw}的事项，不在评价年度{year}年内",
                expected=f"{year}年", found=d.raw, evidence=[_evidence(d, "stated")],
            )
    fills = [d for d in dates if d.role == "fill_date" and d.precision == "day"]
    for d in fills:
        if d.date <= f"{year}-12-31":
            yield Finding(
                rule="date.fill_before_year_end", severity="error",
                message=f"附件{d.where.attachment}填报日期{d.raw}早于评价年度{year}年结束",
                expected=f"晚于{year}-12-31", found=d.date, evidence=[_evidence(d, "stated")],
            )
    distinct = sorted({d.date for d in fills})
    if len(distinct) > 1:
        counts = {date: sum(d.date == date for d in fills) for date in distinct}
        usual = max(distinct, key=lambda date: counts[date])
        yield Finding(
            rule="date.fill_dates_differ", severity="warning",
            message="各附件填报日期不一致：" + "、".join(f"{date}（{counts[date]}处）" for date in distinct),
            expected=usual, found="、".join(date for date in distinct if date != usual),
            evidence=[_evidence(d, "stated") for d in fills if d.date != usual] + [_evidence(d, "usual") for d in fills if d.date == usual][:1],
        )

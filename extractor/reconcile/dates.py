"""Dates against the budget year: events before it, work reported done after the filing date,
a fill date before the year's end, fill dates that disagree across attachments.

A date after the budget year is no problem in itself: plans and next steps (role `plan`) and
the follow-up and evaluation work written up before the filing (自评于次年3月完成) fall there.
Only work reported as done (role `done`) on a date after the 填报日期 is (DOMAIN.md)."""
from __future__ import annotations

from collections import Counter
from functools import partial
from typing import Iterator

from ..records import DateRecord, Evidence, Finding
from .context import CheckContext, listed, more
from .runner import Comparison


def _evidence(d: DateRecord, role: str) -> Evidence:
    return Evidence(role=role, text=d.raw, where=d.where)


def _what(d: DateRecord) -> str:
    return f"附件{d.where.attachment}日期{d.raw}"


def check(ctx: CheckContext) -> Iterator[Comparison]:
    year = ctx.year
    if year is None:
        return
    dates = ctx.report.dates
    fills = [d for d in dates if d.role == "fill_date" and d.precision == "day"]
    filed = max((d.date for d in fills), default=None)
    for d in dates:
        if d.role in ("event", "done"):
            yield Comparison("date.outside_year", _what(d), [], partial(_outside_year, d, year, filed),
                             pairing="文中日期与评价年度" + ("及最晚的填报日期" if filed else ""))
    for d in fills:
        yield Comparison("date.fill_before_year_end", _what(d), [], partial(_before_year_end, d, year),
                         pairing="填报日期与评价年度的年末")
    if fills:
        yield Comparison("date.fill_dates_differ", "各附件填报日期", [], partial(_fill_dates_differ, fills),
                         pairing="各附件所填的填报日期")


def _outside_year(d: DateRecord, year: int, filed: str | None) -> Finding | None:
    if not d.date[:4].isdigit() or int(d.date[:4]) == year:
        return None
    if int(d.date[:4]) > year:
        return _done_after_filing(d, year, filed)
    return Finding(
        rule="date.outside_year", severity="info" if d.precision == "year" else "warning",
        message=f"附件{d.where.attachment}提到{d.raw}的事项，不在评价年度{year}年内",
        expected=f"{year}年", found=d.raw, evidence=[_evidence(d, "stated")],
    )


def _done_after_filing(d: DateRecord, year: int, filed: str | None) -> Finding | None:
    """Work reported done on a date after the filing was dated: the filing cannot know it."""
    if d.role != "done" or d.precision == "year" or filed is None or d.date[: len(filed)] <= filed[: len(d.date)]:
        return None
    return Finding(
        rule="date.outside_year", severity="error",
        message=f"附件{d.where.attachment}称于{d.raw}已完成的事项，晚于填报日期{filed}，也不在评价年度{year}年内",
        expected=f"不晚于{filed}", found=d.raw, evidence=[_evidence(d, "stated")],
    )


def _before_year_end(d: DateRecord, year: int) -> Finding | None:
    if d.date > f"{year}-12-31":
        return None
    return Finding(
        rule="date.fill_before_year_end", severity="error",
        message=f"附件{d.where.attachment}填报日期{d.raw}早于评价年度{year}年结束",
        expected=f"晚于{year}-12-31", found=d.date, evidence=[_evidence(d, "stated")],
    )


def _fill_dates_differ(fills: list[DateRecord]) -> Finding | None:
    counts = Counter(d.date for d in fills)
    distinct = sorted(counts)
    if len(distinct) < 2:
        return None
    usual = max(distinct, key=lambda date: counts[date])
    dates, dates_left = listed(distinct)
    others, others_left = listed([date for date in distinct if date != usual])
    stated, _ = listed([d for d in fills if d.date != usual])
    return Finding(
        rule="date.fill_dates_differ", severity="warning",
        message="各附件填报日期不一致：" + "、".join(f"{date}（{counts[date]}处）" for date in dates) + more(dates_left),
        expected=usual, found="、".join(others) + more(others_left),
        evidence=[_evidence(d, "stated") for d in stated] + [_evidence(d, "usual") for d in fills if d.date == usual][:1],
    )

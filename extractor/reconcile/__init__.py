"""The reconciler: reads the records of a Report and yields findings. It never reads the file.

Checks are small plug-ins with one shape (CheckContext -> findings); the relations they test
come from the filing itself and from patterns/reconcile.toml. A check that fails becomes a
finding, never a crash.
"""
from __future__ import annotations

from pathlib import Path

from ..report import Report
from . import agree, dates, rates, scores, shares, sums
from .context import CheckContext
from .facts import collect
from ..records import Evidence, Finding
from .ruledata import load_rules

CHECKS = (agree.check, agree.check_indicators, sums.check, shares.check, rates.check, scores.check, dates.check)
_ORDER = {"error": 0, "warning": 1, "info": 2}

__all__ = ["reconcile", "Finding", "Evidence", "CHECKS"]


def reconcile(report: Report, extra_rules: tuple[Path, ...] = ()) -> list[Finding]:
    ctx = CheckContext(report, collect(report), load_rules(tuple(extra_rules)))
    findings: list[Finding] = []
    for check in CHECKS:
        try:
            findings += list(check(ctx))
        except Exception as e:  # one broken check must not hide the others' findings
            findings.append(Finding(rule="internal.check_failed", severity="info",
                                    message=f"检查{check.__module__.rsplit('.', 1)[-1]}未能完成：{type(e).__name__}: {e}"))
    return sorted(findings, key=lambda f: (_ORDER[f.severity], f.rule))

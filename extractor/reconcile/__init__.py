"""The reconciler: reads the records of a Report and yields findings. It never reads the file.

Checks are small plug-ins with one shape (CheckContext -> comparisons); the relations they
test come from the filing itself and from patterns/reconcile.toml. The runner evaluates each
comparison on its own, in arithmetic wide enough for its values: one that cannot be computed
becomes a check.skipped note with its values, never a crash and never the loss of the other
comparisons of its check (see runner.py).
"""
from __future__ import annotations

from ..records import Evidence, Finding
from ..report import Report
from . import agree, dates, rates, scores, shares, sums
from .context import CheckContext
from .facts import collect
from .ruledata import RuleData, shipped_rules
from .runner import run

CHECKS = (agree.check, agree.check_indicators, agree.check_renamed_funds, sums.check, shares.check, rates.check,
          scores.check, dates.check)
_ORDER = {"error": 0, "warning": 1, "info": 2}

__all__ = ["reconcile", "Finding", "Evidence", "CHECKS"]


def reconcile(report: Report, rules: RuleData | None = None) -> list[Finding]:
    """The findings of a report under `rules` (load_rules: the shipped ones and any extra
    files, loaded once by the caller), the shipped rules alone by default."""
    ctx = CheckContext(report, collect(report), rules or shipped_rules())
    return sorted(run(CHECKS, ctx), key=lambda f: (_ORDER[f.severity], f.rule))

"""One file in, one Report out: read, then interpret. Pure, so batch can map it anywhere."""
from __future__ import annotations

from pathlib import Path

from .interpret import interpret
from .limits import DEFAULT_LIMITS, Limits
from .readers import read_document
from .reconcile import reconcile
from .reconcile.ruledata import RuleData
from .report import Funds, Report
from .structure import analyse


def extract_file(path: str | Path, limits: Limits = DEFAULT_LIMITS, rules: RuleData | None = None,
                 password: str | None = None) -> Report:
    """Read a filing, interpret it into records, and reconcile the records under `rules`
    (reconcile.ruledata.load_rules, loaded once by the caller; by default the shipped ones)."""
    path = Path(path)
    document, source = read_document(path, limits, password)
    structure = analyse(document)
    records = interpret(document, structure)
    report = Report(
        source=source,
        meta=records.meta,
        attachments=structure.attachments,
        sections=structure.sections,
        funds=Funds(rows=records.funds, breakdown=records.funds_breakdown),
        indicators=records.indicators,
        rubric=records.rubric,
        basic_data=records.basic_data,
        totals=records.totals,
        figures=records.figures,
        dates=records.dates,
        references=records.references,
        blocks=document.blocks,
        headers=document.headers,
        footers=document.footers,
    )
    report.findings = reconcile(report, rules)
    return report

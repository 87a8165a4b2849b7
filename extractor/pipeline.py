"""One file in, one Report out: read, then interpret. Pure, so batch can map it anywhere."""
from __future__ import annotations

from pathlib import Path

from .document import Document
from .errors import NoFiling
from .interpret import interpret
from .limits import DEFAULT_LIMITS, Limits
from .problems import noted
from .readers import Source, read_document
from .reconcile import reconcile
from .reconcile.ruledata import RuleData
from .records import Problem
from .report import Funds, Report
from .structure import Structure, analyse

# A saved web page is as often a news article or an index as a filing: one with nothing of a
# filing in it says so (exit 9) rather than give an empty record. A Word or PDF file named as a
# filing is read whatever it holds.
WEB_FORMATS = ("html", "mht")


def extract_file(path: str | Path, limits: Limits = DEFAULT_LIMITS, rules: RuleData | None = None,
                 password: str | None = None, ocr: bool = True) -> Report:
    """Read a filing, interpret it into records, and reconcile the records under `rules`
    (reconcile.ruledata.load_rules, loaded once by the caller; by default the shipped ones)."""
    document, source = read_document(Path(path), limits, password, ocr)
    report = report_of(document, source, rules)
    if source.format in WEB_FORMATS and not report.holds_filing():
        raise NoFiling("no filing found: a web page with no 绩效自评 table, report or attachment", str(path))
    return report


def report_of(document: Document, source: Source, rules: RuleData | None = None) -> Report:
    """The records and findings of a document already read. Never raises for what the document
    holds: a part the interpreters fail on is a Problem in the report."""
    problems: list[Problem] = [Problem(stage="read", message=note) for note in document.notes]
    structure = Structure()  # no attachments or sections, should their analysis fail
    with noted(problems, "structure"):
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
        problems=problems + records.problems,
    )
    report.findings = reconcile(report, rules)
    return report

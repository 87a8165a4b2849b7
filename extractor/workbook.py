"""Excel out: one sheet per record kind, for reviewers who live in Excel and WPS.

Each sheet has two frozen header rows: the column's name in Chinese, and under it the field name
(the column of the batch database it comes from). Amounts are numbers, shown with as many
decimals as were written (2436.00 stays 2436.00), and the text as written has its own column.
Every row says where its value stands (attachment, block, table row, page; a figure's character
offsets), and each finding links to the rows its evidence is in.

The workbook is written from a DuckDB database, sheet by sheet, streaming (batch/store.py:
`Store.export_workbook`); one filing goes through an in-memory database the same way. Written
with XlsxWriter rather than openpyxl: in `constant_memory` mode a sheet holds one row at a time
and rows go to disk as written, so 10,000 filings fit in memory (benchmarks/bench_workbook.py),
and it links a cell to a row of another sheet (openpyxl's write-only mode streams too, is
slower, and would need formulas for that).
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import regex

from .places import where_words

# Excel's limits: rows per sheet, and links per sheet (XlsxWriter refuses more, with a warning).
MAX_ROWS = 1_048_576
MAX_LINKS = 65_530
MAX_EVIDENCE_LINKS = 8  # link columns on a finding's row; a finding with more lists the rest as text
_HEADER_ROWS = 2


@dataclass(frozen=True)
class Column:
    field: str
    title: str
    kind: str = "text"  # text, number (an amount kept with its written decimals), int, link
    width: float = 12
    written: str | None = None  # for a number: the column holding it as written, whose decimals it shows


def _c(spec: str, title: str, kind: str = "text", width: float = 12, written: str | None = None) -> Column:
    return Column(spec, title, kind, width, written)


_PLACE = [_c("attachment", "附件", "int", 6), _c("block", "块", "int", 6), _c("row_index", "表格行", "int", 7),
          _c("page", "页", "int", 5)]
_FUNDS = [("budget_initial", "年初预算数"), ("budget_full", "全年预算数"), ("executed", "全年执行数"), ("weight", "分值"),
          ("rate", "执行率"), ("score", "得分")]

SHEETS: dict[str, tuple[str, list[Column]]] = {
    "filings": ("文件", [
        _c("file", "文件", width=28), _c("sha256", "内容哈希", width=16), _c("format", "格式", width=7),
        _c("department", "单位", width=24), _c("year", "年度", "int", 7), _c("projects", "项目", width=24),
        _c("filler", "填报人", width=10), _c("fill_date", "填报日期", width=11), _c("errors", "错误", "int", 6),
        _c("warnings", "警告", "int", 6), _c("infos", "提示", "int", 6), _c("problems", "未能读取的部分", "int", 8)]),
    "funds": ("资金", [
        _c("file", "文件", width=20), _c("project", "项目", width=16), _c("label", "行", width=16),
        _c("part_of", "所属", width=12),
        *[col for name, title in _FUNDS for col in (_c(name, title, "number", written=f"{name}_raw"),
                                                    _c(f"{name}_raw", f"{title}（原文）"))],
        _c("unit", "单位", width=7), *_PLACE]),
    "indicators": ("绩效指标", [
        _c("file", "文件", width=20), _c("project", "项目", width=16), _c("level1", "一级指标", width=12),
        _c("level1_weight", "一级指标分值", "number"), _c("level2", "二级指标", width=12),
        _c("level3", "三级指标", width=20), _c("target_raw", "目标值（原文）", width=14),
        _c("target_value", "目标值", "number", written="target_raw"),
        _c("target_unit", "目标单位", width=7), _c("target_comparator", "目标比较", width=6),
        _c("actual_raw", "实际值（原文）", width=14), _c("actual_value", "实际值", "number", written="actual_raw"),
        _c("actual_unit", "实际单位", width=7), _c("weight", "分值", "number"), _c("score", "得分", "number"),
        _c("deviation_reason", "偏差原因", width=24), *_PLACE]),
    "rubric": ("评分表", [
        _c("file", "文件", width=20), _c("level1", "一级指标"), _c("level1_weight", "一级分值", "number"),
        _c("level2", "二级指标"), _c("level2_weight", "二级分值", "number"), _c("level3", "三级指标"),
        _c("level3_weight", "三级分值", "number"), _c("detail", "具体指标", width=20), _c("criteria", "评价标准", width=30),
        _c("score", "自评得分", "number", written="score_raw"), _c("score_raw", "自评得分（原文）"), *_PLACE]),
    "figures": ("文字中的数字", [
        _c("file", "文件", width=20), _c("label", "标签", width=16), _c("concept", "概念", width=14), _c("raw", "原文", width=14),
        _c("value", "数值", "number", written="raw"), _c("unit", "单位", width=7), _c("normalised", "标准化数值", "number"),
        _c("normalised_unit", "标准化单位", width=7), _c("comparator", "比较", width=5), _c("relation", "关系", width=9),
        _c("relation_of", "关系对象", width=12), _c("section", "章节", width=24), _c("sentence", "句子", width=40),
        _c("attachment", "附件", "int", 6), _c("block", "块", "int", 6), _c("start_offset", "起", "int", 5),
        _c("end_offset", "止", "int", 5), _c("page", "页", "int", 5)]),
    "findings": ("问题", [
        _c("file", "文件", width=20), _c("severity", "级别", width=8), _c("rule", "规则", width=22),
        _c("message", "说明", width=48), _c("expected", "应为", width=12), _c("found", "实为", width=12),
        _c("difference", "差额", width=10), _c("diagnosis", "诊断", width=18), _c("pairing", "配对", width=30),
        *[_c(f"evidence_{k + 1}", f"证据{k + 1}", "link", 22) for k in range(MAX_EVIDENCE_LINKS)],
        _c("more_evidence", "其余证据", width=24)]),
    "problems": ("未能读取的部分", [
        _c("file", "文件", width=20), _c("stage", "阶段", width=20), _c("location", "位置", width=20),
        _c("message", "说明", width=60)]),
}
# The sheets whose rows a finding's evidence can point at, in the order a link prefers them.
LINKED_SHEETS = ("funds", "indicators", "rubric", "figures")
SEVERITY_WORDS = {"error": "错误", "warning": "警告", "info": "提示"}


def row_place(sheet: str, sha: str, row: dict[str, Any]) -> tuple:
    """What a finding's evidence names of a row: its table cell's row, or a figure's span."""
    if sheet == "figures":
        return ("span", sha, row.get("block"), row.get("start_offset"))
    return ("row", sha, row.get("block"), row.get("row_index"))


def evidence_place(sha: str, evidence: dict) -> tuple:
    w = evidence.get("where") or {}
    if w.get("row") is not None:
        return ("row", sha, w.get("block"), w.get("row"))
    return ("span", sha, w.get("block"), w.get("start"))


def finding_row(file: str, sha: str, finding: dict[str, Any], places: dict[tuple, tuple[str, int]]) -> dict[str, Any]:
    """A finding's row: its words, and a link per piece of evidence to the row it stands in."""
    severity = str(finding.get("severity"))
    row = {"file": file, "severity": SEVERITY_WORDS.get(severity, severity),
           **{k: finding.get(k) for k in ("rule", "message", "expected", "found", "difference", "diagnosis", "pairing")}}
    evidence = finding.get("evidence") or []
    if isinstance(evidence, str):
        evidence = json.loads(evidence)
    links = []
    for e in evidence:
        text = "：".join(x for x in (where_words(e.get("where")), e.get("label"), e.get("text")) if x)
        links.append((text, places.get(evidence_place(sha, e))))
    for k, link in enumerate(links[:MAX_EVIDENCE_LINKS]):
        row[f"evidence_{k + 1}"] = link
    row["more_evidence"] = "；".join(text for text, _ in links[MAX_EVIDENCE_LINKS:])
    return row


# ------------------------------------------------------------------ the workbook


@dataclass
class _Sheet:
    """One record kind's rows: continued on a sheet "funds (2)" when Excel's row limit is reached."""

    name: str
    title: str
    columns: list[Column]
    book: Any
    formats: "_Formats"
    part: int = 0
    worksheet: Any = None
    next_row: int = MAX_ROWS
    links: int = 0

    def add(self, row: dict[str, Any]) -> tuple[str, int]:
        """Write one row; where it went (sheet name, 1-based row), for links to it."""
        if self.next_row >= MAX_ROWS:
            self._open()
        r = self.next_row
        for c, column in enumerate(self.columns):
            self._cell(r, c, column, row.get(column.field), row.get(column.written) if column.written else None)
        self.next_row += 1
        return self.worksheet.get_name(), r + 1

    def _open(self) -> None:
        self.part += 1
        name = self.name if self.part == 1 else f"{self.name} ({self.part})"
        self.worksheet = self.book.add_worksheet(name)
        # row by row: with constant_memory a row is final once a later row is written
        for c, column in enumerate(self.columns):
            self.worksheet.set_column(c, c, column.width)
            self.worksheet.write_string(0, c, column.title, self.formats.header)
        for c, column in enumerate(self.columns):
            self.worksheet.write_string(1, c, column.field, self.formats.field)
        self.worksheet.freeze_panes(_HEADER_ROWS, 0)
        self.next_row, self.links = _HEADER_ROWS, 0

    def _cell(self, r: int, c: int, column: Column, value: Any, written: Any = None) -> None:
        if value is None or value == "":
            return
        if column.kind == "number":
            number = _decimal(value)
            if number is not None:
                self.worksheet.write_number(r, c, float(number), self.formats.decimals(_places(number, written)))
                return
        if column.kind == "int" and isinstance(value, int):
            self.worksheet.write_number(r, c, value)
            return
        if column.kind == "link" and isinstance(value, tuple):
            text, target = value
            if target is not None and self.links < MAX_LINKS:
                self.worksheet.write_url(r, c, f"internal:'{target[0]}'!A{target[1]}", self.formats.link, string=text)
                self.links += 1
                return
            value = text
        self.worksheet.write_string(r, c, str(value)[:32_767], self.formats.wrap if column.width >= 24 else None)


_WRITTEN_DECIMALS = regex.compile(r"\d[\d,，]*[.．](\d+)")


def _places(number: Decimal, written: Any) -> int:
    """Decimals to show: as many as the text as written has (the database keeps ten for all,
    11650.0000000000); without it, the number's own, trailing zeros dropped."""
    if isinstance(written, str):
        found = _WRITTEN_DECIMALS.search(written)
        return min(10, len(found.group(1))) if found else 0
    exponent = number.normalize().as_tuple().exponent
    return min(10, -exponent) if isinstance(exponent, int) and exponent < 0 else 0


def _decimal(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


@dataclass
class _Formats:
    book: Any
    cache: dict[int, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.header = self.book.add_format({"bold": True, "bg_color": "#DDDDDD", "border": 1, "text_wrap": True})
        self.field = self.book.add_format({"italic": True, "font_color": "#555555", "bg_color": "#F2F2F2", "border": 1})
        self.link = self.book.add_format({"font_color": "#0563C1", "underline": 1})
        self.wrap = self.book.add_format({"text_wrap": True, "valign": "top"})

    def decimals(self, places: int) -> Any:
        """The number format showing `places` decimals: 2436 -> #,##0, 2436.00 -> #,##0.00."""
        if places not in self.cache:
            pattern = "#,##0" + ("." + "0" * places if places else "")
            self.cache[places] = self.book.add_format({"num_format": pattern})
        return self.cache[places]


class Workbook:
    """Filings added one at a time, in any number; `close()` writes the file."""

    def __init__(self, path: Path):
        import xlsxwriter

        self.path = Path(path)
        # in_memory=False with constant_memory: each sheet's rows go to a temporary file as written
        self.book = xlsxwriter.Workbook(str(self.path), {"constant_memory": True, "strings_to_numbers": False,
                                                         "strings_to_formulas": False, "strings_to_urls": False})
        formats = _Formats(self.book)
        self.sheets = {name: _Sheet(name, title, columns, self.book, formats) for name, (title, columns) in SHEETS.items()}
        for sheet in self.sheets.values():
            sheet._open()  # every sheet exists, in this order, even when no filing has a row for it

    def add(self, sheet: str, row: dict[str, Any]) -> tuple[str, int]:
        """One row on a sheet; where it went (sheet name, 1-based row), for links to it."""
        return self.sheets[sheet].add(row)

    def add_failure(self, file: str, kind: str, message: str) -> None:
        """A file that could not be extracted at all, among the problems (stage "failed: kind")."""
        self.sheets["problems"].add({"file": file, "stage": f"failed: {kind}", "location": "", "message": message})

    def close(self) -> None:
        self.book.close()


def write_workbook(path: Path, fill: Callable[[Workbook], int]) -> int:
    """A workbook filled by `fill` (which returns how many filings it wrote), all or nothing."""
    from .files import replaced_atomically

    with replaced_atomically(path) as tmp:
        book = Workbook(tmp)
        try:
            n = fill(book)
        finally:
            book.close()
    return n

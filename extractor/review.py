"""The review page: one self-contained HTML file in which a reviewer reads a filing beside its
findings, clicks a finding and sees the very characters and cells it rests on.

It reads only the records (`Report`: its blocks carry the filing's text and tables, every
figure and every piece of evidence says where it stands by block, row and column or by character
offsets), so it shows exactly what the tool extracted, nothing re-read.

Everything a filing wrote is escaped before it is placed in the page, text and attributes alike:
a filing's text never becomes markup or script. The page loads nothing (no CDN, no fonts, no
images from outside), and says so to the browser with a Content-Security-Policy that forbids
every request, so even markup that slipped through could fetch nothing.
"""
from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .document import Block, Paragraph, Table
from .places import where_words
from .records import Evidence, Figure, Finding
from .report import Report
from .structure import Section

SEVERITIES = (("error", "错误", "✖"), ("warning", "警告", "⚠"), ("info", "提示", "ℹ"))
_RELATIONS = {"part_of": "其中（部分）", "share_of": "占比", "change": "增减", "base": "比较基数", "rate": "比率",
              "restatement": "复述"}
_ROLES = {"stated": "文字所述", "table": "表格", "total": "合计", "part": "分项", "whole": "整体",
          "computed": "计算值", "elsewhere": "他处"}


@dataclass
class Filing:
    """One filing on the page: its name as the reviewer knows it, and its record."""

    name: str
    report: Report


def escape(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


# ------------------------------------------------------------------ where each value stands


@dataclass
class _Marks:
    """What the page marks in a filing's blocks: figures in paragraphs, and each finding's
    evidence (in paragraphs by character span, in tables by cell)."""

    figures: dict[int, list[tuple[int, int, int]]] = field(default_factory=lambda: defaultdict(list))
    spans: dict[int, list[tuple[int, int, str]]] = field(default_factory=lambda: defaultdict(list))
    cells: dict[tuple[int, int, int], list[str]] = field(default_factory=lambda: defaultdict(list))
    # evidence id -> the element id a link to it jumps to
    targets: dict[str, str] = field(default_factory=dict)


def _evidence_id(prefix: str, finding: int, evidence: int) -> str:
    return f"{prefix}-f{finding}-e{evidence}"


def _marks(report: Report, prefix: str) -> _Marks:
    marks = _Marks()
    for k, figure in enumerate(report.figures):
        w = figure.where
        if w.block is not None and w.start is not None and w.end is not None:
            marks.figures[w.block].append((w.start, w.end, k))
    for i, finding in enumerate(report.findings):
        for j, evidence in enumerate(finding.evidence):
            _place(report, marks, evidence, _evidence_id(prefix, i, j), prefix)
    return marks


def _place(report: Report, marks: _Marks, evidence: Evidence, ev_id: str, prefix: str) -> None:
    """Where on the page one piece of evidence is: a span of a paragraph or a table cell."""
    w = evidence.where
    if w is None or w.block is None or not 0 <= w.block < len(report.blocks):
        return
    block = report.blocks[w.block]
    if isinstance(block, Table):
        origin = _origin(block, w.row, w.col)
        if origin is not None:
            marks.cells[(w.block, *origin)].append(ev_id)
            marks.targets[ev_id] = _cell_id(prefix, w.block, *origin)
    elif w.start is not None and w.end is not None and 0 <= w.start < w.end <= len(block.text):
        marks.spans[w.block].append((w.start, w.end, ev_id))
        marks.targets[ev_id] = ev_id


def _origin(table: Table, row: int | None, col: int | None) -> tuple[int, int] | None:
    """The cell covering a grid position, by its own row and column (a merged cell's first)."""
    if row is None or col is None:
        return None
    grid = table.grid()
    if not (0 <= row < len(grid) and 0 <= col < len(grid[row])):
        return None
    cell = grid[row][col]
    return None if cell is None else (cell.row, cell.col)


def _cell_id(prefix: str, block: int, row: int, col: int) -> str:
    return f"{prefix}-b{block}-r{row}-c{col}"


# ------------------------------------------------------------------ the filing


def _headings(report: Report) -> dict[int, tuple[int, str]]:
    """Blocks shown as headings: each attachment's marker and title (level 2), each section's
    heading (level 3 and deeper), with the anchor an attachment is linked by."""
    found: dict[int, tuple[int, str]] = {}

    def walk(sections: Iterable[Section]) -> None:
        for s in sections:
            if not s.run_in:
                found[s.heading_block] = (min(6, 2 + s.level), "")
            walk(s.children)

    walk(report.sections)
    for a in report.attachments:
        for b in (a.marker_block, *a.title_blocks):
            found[b] = (2, f"att{a.number}" if b == a.marker_block else "")
    return found


def _paragraph_html(text: str, block: int, report: Report, marks: _Marks) -> str:
    """A paragraph's text cut at every mark's edge; each piece carries the figures and evidence
    covering it, so a highlight falls on exactly the characters a value was read from."""
    figures = marks.figures.get(block, [])
    spans = marks.spans.get(block, [])
    edges = sorted({0, len(text), *(e for s, t, _ in figures for e in (s, t)), *(e for s, t, _ in spans for e in (s, t))})
    out = []
    first_of: set[str] = set()
    for a, b in zip(edges, edges[1:], strict=False):
        piece = escape(text[a:b]).replace("\n", "<br>")
        covering_figures = [k for s, t, k in figures if s <= a and b <= t]
        covering_evidence = [ev for s, t, ev in spans if s <= a and b <= t]
        if not covering_figures and not covering_evidence:
            out.append(piece)
            continue
        attributes = []
        new = [ev for ev in covering_evidence if ev not in first_of]
        if new:  # the first piece of a span is where a link to it jumps
            attributes.append(f'id="{escape(new[0])}"')
            first_of.update(new)
        classes = []
        if covering_figures:
            classes.append("fig")
            figure = report.figures[covering_figures[0]]
            attributes.append(f'title="{escape(_figure_note(figure))}" data-fig="{covering_figures[0]}"')
        if covering_evidence:
            classes.append("ev")
            attributes.append(f'data-ev="{escape(" ".join(covering_evidence))}"')
        out.append(f'<span class="{" ".join(classes)}" {" ".join(attributes)}>{piece}</span>')
    return "".join(out)


def _figure_note(figure: Figure) -> str:
    """What hovering a figure shows: its label, its value put on one scale, and its relation."""
    q = figure.quantity
    parts = [f"标签：{figure.label or '（无）'}"]
    if figure.concept and figure.concept != figure.label:
        parts.append(f"概念：{figure.concept}")
    if q.normalised is not None:
        comparator = "" if q.comparator == "=" else q.comparator
        parts.append(f"数值：{comparator}{q.normalised}{q.normalised_unit or ''}")
    elif q.text:
        parts.append(f"数值：{q.text}")
    if figure.relation is not None:
        of = f"（{figure.relation.of}）" if figure.relation.of else ""
        parts.append(f"关系：{_RELATIONS.get(figure.relation.kind, figure.relation.kind)}{of}")
    return "；".join(parts)


def _table_html(table: Table, block: int | None, prefix: str, marks: _Marks) -> str:
    rows: list[list[str]] = [[] for _ in range(table.n_rows)]
    for cell in table.cells:
        attributes = []
        if cell.row_span > 1:
            attributes.append(f'rowspan="{cell.row_span}"')
        if cell.col_span > 1:
            attributes.append(f'colspan="{cell.col_span}"')
        classes = []
        if block is not None:
            attributes.append(f'id="{_cell_id(prefix, block, cell.row, cell.col)}"')
            evidence = marks.cells.get((block, cell.row, cell.col))
            if evidence:
                classes.append("ev")
                attributes.append(f'data-ev="{escape(" ".join(evidence))}"')
        if classes:
            attributes.append(f'class="{" ".join(classes)}"')
        inner = escape(cell.text).replace("\n", "<br>")
        inner += "".join(_table_html(nested, None, prefix, marks) for nested in cell.tables)
        if 0 <= cell.row < table.n_rows:
            rows[cell.row].append(f"<td {' '.join(attributes)}>{inner}</td>")
    body = "".join(f"<tr>{''.join(r)}</tr>" for r in rows)
    return f'<div class="table-wrap"><table>{body}</table></div>'


def _block_html(report: Report, n: int, block: Block, prefix: str, marks: _Marks, headings: dict) -> str:
    if isinstance(block, Table):
        return _table_html(block, n, prefix, marks)
    text = _paragraph_html(block.text, n, report, marks)
    if n in headings:
        level, anchor = headings[n]
        anchor_id = f' id="{prefix}-{anchor}"' if anchor else ""
        return f'<h{level} class="block"{anchor_id} data-block="{n}">{text}</h{level}>'
    tag = "h3" if isinstance(block, Paragraph) and block.kind == "heading" else "p"  # a styled heading no section claimed
    return f'<{tag} class="block" data-block="{n}">{text}</{tag}>'


# ------------------------------------------------------------------ findings


def _where_words(evidence: Evidence) -> str:
    return where_words(evidence.where.model_dump()) if evidence.where is not None else "（无位置）"


def _evidence_item(evidence: Evidence, ev_id: str, marks: _Marks) -> str:
    role = _ROLES.get(evidence.role, evidence.role)
    what = " ".join(escape(x) for x in (evidence.label, evidence.text) if x)
    where = escape(_where_words(evidence))
    target = marks.targets.get(ev_id)
    if target is None:
        return f'<li><span class="role">{escape(role)}</span> {what} <span class="where">{where}（页面中无法定位）</span></li>'
    return (f'<li><a class="ev-link" href="#{escape(target)}" data-ev="{escape(ev_id)}"><span class="role">{escape(role)}</span> '
            f'{what} <span class="where">{where}</span></a></li>')


def _finding_html(finding: Finding, i: int, prefix: str, marks: _Marks, label: str, icon: str) -> str:
    ids = [_evidence_id(prefix, i, j) for j in range(len(finding.evidence))]
    notes = "".join(f'<p class="note"><span class="note-label">{title}：</span>{escape(value)}</p>'
                    for title, value in (("诊断", finding.diagnosis), ("应为", finding.expected), ("实为", finding.found),
                                         ("差额", finding.difference), ("配对", finding.pairing)) if value)
    evidence = "".join(_evidence_item(e, ev_id, marks) for e, ev_id in zip(finding.evidence, ids, strict=True))
    return (f'<li class="finding sev-{finding.severity}" id="{prefix}-f{i}" tabindex="0" role="button" aria-pressed="false" '
            f'data-severity="{finding.severity}" data-ev="{escape(" ".join(ids))}">'
            f'<p class="head"><span class="badge">{icon} {label}</span> <code class="rule">{escape(finding.rule)}</code></p>'
            f'<p class="msg">{escape(finding.message)}</p>{notes}'
            f'<ol class="evidence" aria-label="证据">{evidence}</ol></li>')


def _findings_html(report: Report, prefix: str, marks: _Marks) -> str:
    groups = []
    filters = []
    for severity, label, icon in SEVERITIES:
        items = [(i, f) for i, f in enumerate(report.findings) if f.severity == severity]
        filters.append(f'<label><input type="checkbox" class="sev-filter" value="{severity}" checked> {icon} {label}'
                       f'（{len(items)}）</label>')
        if not items:
            continue
        body = "".join(_finding_html(f, i, prefix, marks, label, icon) for i, f in items)
        groups.append(f'<section class="group sev-{severity}"><h2>{icon} {label}（{len(items)}）</h2><ol class="findings">'
                      f'{body}</ol></section>')
    if not groups:
        groups.append('<p class="none">未发现问题。</p>')
    problems = "".join(f"<li><code>{escape(p.stage)}</code> {escape(p.message)}</li>" for p in report.problems)
    problems_html = f'<section class="problems"><h2>未能读取的部分（{len(report.problems)}）</h2><ul>{problems}</ul></section>' \
        if problems else ""
    return (f'<aside class="panel" aria-label="发现的问题"><div class="filters" role="group" aria-label="按级别筛选">'
            f'{"".join(filters)}</div><p class="keys">按 j / k 切换上一条、下一条问题；点击问题以高亮其证据。</p>'
            f'{"".join(groups)}{problems_html}</aside>')


def _counts(report: Report) -> dict[str, int]:
    return {s: sum(f.severity == s for f in report.findings) for s, _, _ in SEVERITIES}


def _filing_html(filing: Filing, n: int) -> str:
    report, prefix = filing.report, f"d{n}"
    marks = _marks(report, prefix)
    headings = _headings(report)
    blocks = "".join(_block_html(report, k, b, prefix, marks, headings) for k, b in enumerate(report.blocks))
    counts = _counts(report)
    summary = "，".join(f"{counts[s]} 个{label}" for s, label, _ in SEVERITIES)
    toc = "".join(f'<li><a href="#{prefix}-att{a.number}">{escape(a.label)} {escape(a.title)}</a></li>'
                  for a in report.attachments)
    toc_html = f'<nav class="toc" aria-label="附件"><ol>{toc}</ol></nav>' if toc else ""
    return (f'<section class="filing" id="{prefix}" aria-labelledby="{prefix}-title">'
            f'<h1 id="{prefix}-title">{escape(filing.name)}</h1><p class="summary">{escape(summary)}；'
            f'{len(report.figures)} 个文字中的数字已标注（悬停查看标签与数值）</p>{toc_html}'
            f'<div class="layout"><article class="doc" aria-label="文件内容">{blocks}</article>'
            f'{_findings_html(report, prefix, marks)}</div></section>')


def _index_html(filings: Sequence[Filing]) -> str:
    rows = []
    for n, filing in enumerate(filings):
        c = _counts(filing.report)
        rows.append(f'<tr><td><a href="#d{n}">{escape(filing.name)}</a></td><td>{escape(filing.report.source.format)}</td>'
                    f'<td>{c["error"]}</td><td>{c["warning"]}</td><td>{c["info"]}</td></tr>')
    heads = "".join(f'<th scope="col">{h}</th>' for h in ("文件", "格式", "✖ 错误", "⚠ 警告", "ℹ 提示"))
    return (f'<section class="index" id="index" aria-labelledby="index-title">'
            f'<h1 id="index-title">审核清单（{len(filings)} 份）</h1>'
            f'<table><thead><tr>{heads}</tr></thead><tbody>{"".join(rows)}</tbody></table></section>')


def review_html(filings: Sequence[Filing], failures: Sequence[tuple[str, str]] = ()) -> str:
    """The whole page for one or more filings; `failures` are (file, why) for files that could
    not be read, listed on the index."""
    multi = len(filings) + len(failures) > 1
    index = _index_html(filings) if multi else ""
    if failures:
        items = "".join(f"<li>{escape(name)}：{escape(why)}</li>" for name, why in failures)
        index += f'<section class="failures"><h2>无法读取的文件（{len(failures)}）</h2><ul>{items}</ul></section>'
    body = "".join(_filing_html(f, n) for n, f in enumerate(filings))
    title = escape(filings[0].name if len(filings) == 1 else f"{len(filings)} 份绩效自评报告")
    return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; '
            f'script-src \'unsafe-inline\'">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>审核：{title}</title>'
            f'<style>{_CSS}</style></head><body class="{"multi" if multi else "single"}">{index}{body}'
            f'<script>{_SCRIPT}</script></body></html>')


_CSS = """
:root { --error: #b00020; --warning: #8a5a00; --info: #00587a; --mark: #fff3a8; --hl: #ffd24d; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; margin: 0; padding: 1rem;
       line-height: 1.6; color: #111; background: #fff; }
h1 { font-size: 1.4rem; margin: 0.5rem 0; }
.layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(18rem, 2fr); gap: 1.5rem; align-items: start; }
.doc { min-width: 0; }
.panel { position: sticky; top: 0.5rem; max-height: calc(100vh - 1rem); overflow: auto; border-left: 2px solid #ccc;
         padding-left: 1rem; }
@media (max-width: 60rem) { .layout { grid-template-columns: 1fr; } .panel { position: static; max-height: none;
  border-left: none; border-top: 2px solid #ccc; padding: 1rem 0 0; } }
.block { margin: 0.3rem 0; white-space: normal; overflow-wrap: anywhere; }
h2.block { font-size: 1.15rem; border-bottom: 1px solid #999; margin-top: 1.5rem; }
h3.block, h4.block, h5.block, h6.block { font-size: 1rem; margin-top: 0.8rem; }
.table-wrap { overflow-x: auto; margin: 0.5rem 0; }
table { border-collapse: collapse; font-size: 0.9rem; }
td, th { border: 1px solid #555; padding: 0.15rem 0.35rem; vertical-align: top; overflow-wrap: anywhere; }
.fig { background: var(--mark); border-bottom: 1px dotted #555; cursor: help; }
.ev.hl { background: var(--hl); outline: 3px solid #000; outline-offset: 1px; }
td.ev.hl { outline-offset: -3px; }
.ev.hl::before { content: "▶"; font-size: 0.7em; vertical-align: super; }
.finding { border: 1px solid #bbb; border-left-width: 6px; margin: 0.5rem 0; padding: 0.3rem 0.6rem; cursor: pointer; }
.finding p { margin: 0.15rem 0; }
.finding[aria-pressed="true"] { outline: 3px solid #000; background: #f4f4f4; }
.finding:focus-visible, a:focus-visible { outline: 3px dashed #000; }
.sev-error.finding { border-left-color: var(--error); } .sev-warning.finding { border-left-color: var(--warning); }
.sev-info.finding { border-left-color: var(--info); }
.badge { font-weight: bold; } .sev-error .badge { color: var(--error); } .sev-warning .badge { color: var(--warning); }
.sev-info .badge { color: var(--info); }
.group h2, .problems h2 { font-size: 1.05rem; }
ol.findings { list-style: none; padding: 0; }
.note { font-size: 0.9rem; color: #333; } .note-label { font-weight: bold; }
.evidence { font-size: 0.9rem; padding-left: 1.3rem; } .where { color: #444; } .role { font-weight: bold; }
.filters label { margin-right: 0.8rem; white-space: nowrap; } .keys { font-size: 0.85rem; color: #444; }
.index table { font-size: 1rem; } .index td, .index th { padding: 0.3rem 0.6rem; }
.multi .filing { display: none; } .multi .filing.shown { display: block; }
.toc ol { columns: 2; font-size: 0.9rem; }
@media print { .multi .filing { display: block; } .panel { position: static; max-height: none; overflow: visible; }
  .filters, .keys { display: none; } .layout { display: block; } .filing { break-before: page; }
  .fig { background: none; border-bottom: 1px dotted #000; } }
"""

# The page's behaviour. It reads only the ids and data attributes the page was written with:
# nothing from the filing's text is ever evaluated or inserted as markup.
_SCRIPT = """
(function () {
  "use strict";
  var current = null;
  function ids(el) { return (el.getAttribute("data-ev") || "").split(" ").filter(Boolean); }
  function clear() {
    document.querySelectorAll(".ev.hl").forEach(function (e) { e.classList.remove("hl"); });
    if (current) { current.setAttribute("aria-pressed", "false"); }
  }
  function marked(id) { return document.querySelectorAll('[data-ev~="' + id + '"]:not(.finding):not(.ev-link)'); }
  function select(finding, focusId) {
    clear();
    current = finding;
    finding.setAttribute("aria-pressed", "true");
    var first = null;
    ids(finding).forEach(function (id) {
      marked(id).forEach(function (e) { e.classList.add("hl"); if (!first || id === focusId) { first = e; } });
    });
    if (first) { first.scrollIntoView({block: "center"}); }
  }
  function filingOf(el) { while (el && !(el.classList && el.classList.contains("filing"))) { el = el.parentNode; } return el; }
  function show(filing) {
    document.querySelectorAll(".filing.shown").forEach(function (f) { f.classList.remove("shown"); });
    if (filing) { filing.classList.add("shown"); }
  }
  function route() {
    if (!document.body.classList.contains("multi")) { return; }
    var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    show(target ? filingOf(target) : null);
  }
  function visibleFindings() {
    var root = document.querySelector(".single .filing, .multi .filing.shown");
    if (!root) { return []; }
    return Array.prototype.filter.call(root.querySelectorAll(".finding"), function (f) { return !f.hidden; });
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.ev-link") : null;
    if (link) {
      event.preventDefault();
      select(link.closest(".finding"), link.getAttribute("data-ev"));
      return;
    }
    var finding = event.target.closest ? event.target.closest(".finding") : null;
    if (finding) { select(finding); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.target && /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName)) { return; }
    if ((event.key === "Enter" || event.key === " ") && event.target.classList &&
        event.target.classList.contains("finding")) { event.preventDefault(); select(event.target); return; }
    if (event.key !== "j" && event.key !== "k") { return; }
    var list = visibleFindings();
    if (!list.length) { return; }
    var at = list.indexOf(current);
    var next = event.key === "j" ? (at < 0 ? 0 : Math.min(list.length - 1, at + 1)) : (at < 0 ? 0 : Math.max(0, at - 1));
    list[next].focus();
    select(list[next]);
  });
  document.addEventListener("change", function (event) {
    if (!event.target.classList.contains("sev-filter")) { return; }
    var panel = event.target.closest(".panel");
    panel.querySelectorAll(".finding[data-severity='" + event.target.value + "']").forEach(function (f) {
      f.hidden = !event.target.checked;
    });
  });
  window.addEventListener("hashchange", route);
  route();
})();
"""

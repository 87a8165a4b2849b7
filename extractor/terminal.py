"""What a person reads in a terminal (rich): findings, and evaluation scores. Document text is shown inert:
control characters and terminal escape sequences from a filing are stripped, never printed."""
from __future__ import annotations

import json
import sys

import regex
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .places import where_words

_CONTROL = regex.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def inert(text: str | None) -> str:
    """Text from a document, safe to print: no control characters, no rich markup."""
    return escape(_CONTROL.sub("", text or ""))


def where_text(evidence: list[dict]) -> str:
    places = []
    for e in evidence:
        place = where_words(e.get("where"))
        if place and place not in places:
            places.append(place)
    return "；".join(places[:4]) + ("…" if len(places) > 4 else "")


def print_findings(results: list[dict], file=None) -> None:
    console = Console(file=file or sys.stdout, width=160, highlight=False)
    for result in results:
        if "error" in result:
            console.print(f"[bold]{inert(result['file'])}[/bold]: 无法读取（{inert(result['error']['message'])}）")
            continue
        findings = result["findings"]
        counts = {s: sum(f["severity"] == s for f in findings) for s in ("error", "warning", "info")}
        title = f"{inert(result['file'])}：{counts['error']} 个错误，{counts['warning']} 个警告，{counts['info']} 条提示"
        if not findings:
            console.print(f"[bold green]{title}[/bold green]")
            continue
        table = Table(title=title, show_lines=True, title_justify="left")
        table.add_column("级别", no_wrap=True)
        table.add_column("规则", no_wrap=True)
        table.add_column("说明", ratio=3, overflow="fold")
        table.add_column("位置", ratio=1, overflow="fold")
        for f in findings:
            message = inert(f["message"]) + "".join(f"\n[dim]{label}{inert(f[key])}[/dim]" for key, label in _NOTES if f.get(key))
            table.add_row(f"[{_STYLE[f['severity']]}]{f['severity']}[/]", f["rule"], message, inert(where_text(f["evidence"])))
        console.print(table)


_NOTES = (("diagnosis", ""), ("pairing", "配对："))  # under a finding's message, dimmed


def print_scores(results: list[tuple], file=None) -> None:
    """`extract eval`: precision/recall per sample and record type, and over all samples."""
    from .evaluation import RECORD_TYPES

    table = Table(title="precision / recall per record type")
    table.add_column("sample")
    for record_type in RECORD_TYPES:
        table.add_column(record_type, justify="right")
    totals = {t: [0, 0, 0] for t in RECORD_TYPES}
    for name, scores, _ in results:
        for s in scores:
            counts = (s.extracted, s.expected, s.matched)
            totals[s.record_type] = [a + b for a, b in zip(totals[s.record_type], counts, strict=True)]
        table.add_row(name, *(f"{s.precision:.2f}/{s.recall:.2f}" for s in scores))
    table.add_row("all", *(f"{(m / e if e else 1):.2f}/{(m / x if x else 1):.2f}" for e, x, m in totals.values()))
    Console(file=file or sys.stdout, width=220).print(table)


def print_differences(results: list[tuple], file=None) -> None:
    """`extract eval --show`: each truth row missed and each row extracted beyond the truth."""
    out = file or sys.stdout
    for name, _, differences in results:
        for record_type, diff in differences.items():
            for row in diff["missing"]:
                print(f"{name} {record_type} missing: {json.dumps(row, ensure_ascii=False)}", file=out)
            for row in diff["extra"]:
                print(f"{name} {record_type} extra:   {json.dumps(row, ensure_ascii=False)}", file=out)

"""The truth file of a generated filing, read from the model the generator wrote (never from an
extraction), and the checks that keep it honest: every figure's label is text of its paragraph,
no number in a narrative paragraph is left unlisted, each locator is unique in the document."""
from __future__ import annotations

import re
from dataclasses import asdict

from .model import DateSeg, Fig, Filing
from .numbers import plain
from builder import Cell, Para, Row, Table


def value_of(x) -> str | None:
    return None if x is None else x


def score(x) -> str:
    return f"{plain(x)}分"


# ------------------------------------------------------------------ tables


def funds_rows(filing: Filing) -> list[dict]:
    money = filing.layout["money"]
    unit = money.table_unit
    rows = []
    owners = ([("O", None, filing.overall)] if filing.overall else []) + [(p.key, p.name, p) for p in filing.projects]
    for key, project, owner in owners:
        att = attachment_of(filing, key)
        f = owner.funds
        for i, line in enumerate(f.lines):
            rows.append({
                "attachment": att, "project": project, "label": line.label, "part_of": line.part_of,
                "budget_initial": money.truth(line.budget_initial, unit), "budget_full": money.truth(line.budget_full, unit),
                "executed": money.truth(line.executed, unit),
                "weight": score(f.weight) if i == 0 else None,
                "rate": (f.rate if i == 0 else None), "score": score(f.score) if i == 0 else None,
            })
    return rows


def breakdown_rows(filing: Filing) -> list[dict]:
    o = filing.overall
    if o is None:
        return []
    money = filing.layout["money"]
    unit = money.table_unit
    att = attachment_of(filing, "O")
    total = money.truth(o.funds.total.executed, unit)
    rows = [{"attachment": att, "group": "按收入性质分", "label": "按收入性质分", "amount": total, "part_of": None},
            {"attachment": att, "group": "按支出性质分", "label": "按支出性质分", "amount": total, "part_of": None}]
    rows += [{"attachment": att, "group": "按收入性质分", "label": lab, "amount": money.truth(v, unit), "part_of": "按收入性质分"}
             for _, lab, v in o.income]
    rows += [{"attachment": att, "group": "按支出性质分", "label": lab, "amount": money.truth(v, unit), "part_of": "按支出性质分"}
             for _, lab, v in o.spending]
    return rows


def indicator_rows(filing: Filing) -> list[dict]:
    style = filing.layout["ind_style"]
    rows = []
    owners = ([("O", None, filing.overall)] if filing.overall else []) + [(p.key, p.name, p) for p in filing.projects]
    for key, project, owner in owners:
        att = attachment_of(filing, key)
        for l1 in owner.level1s:
            for l2, items in l1.level2s:
                for ind in items:
                    rows.append({
                        "attachment": att, "project": project, "level1": l1.name,
                        "level1_weight": plain(l1.stated_weight) if style.l1_weight_shown else None,
                        "level2": l2, "level3": ind.level3, "target": ind.target.truth(), "actual": ind.actual.truth(),
                        "weight": score(ind.weight), "score": score(ind.score), "deviation_reason": ind.reason or None,
                    })
    return rows


def totals_rows(filing: Filing) -> list[dict]:
    rows = []
    owners = ([("O", None, filing.overall)] if filing.overall else []) + [(p.key, p.name, p) for p in filing.projects]
    for key, project, owner in owners:
        rows.append({"attachment": attachment_of(filing, key), "project": project, "table_kind": "indicators",
                     "label": "总分", "weights": [score(owner.total_weight)], "score": score(owner.total_score)})
    if filing.rubric is not None:
        r = filing.rubric
        n = 3 if filing.layout["rubric_style"].full else 1
        rows.append({"attachment": attachment_of(filing, "rubric"), "project": r.project, "table_kind": "rubric", "label": "总分",
                     "weights": [score(r.total_weight)] * n, "score": score(r.total_score)})
    return rows


def rubric_rows(filing: Filing) -> list[dict]:
    r = filing.rubric
    if r is None:
        return []
    att = attachment_of(filing, "rubric")
    shown = filing.layout["rubric_style"].full or filing.layout["rubric_style"].label_weights
    return [{"attachment": att, "project": r.project, "level1": x.level1,
             "level1_weight": plain(x.level1_weight) if shown else None, "level2": x.level2,
             "level2_weight": plain(x.level2_weight) if shown else None, "level3": x.level3,
             "level3_weight": plain(x.level3_weight), "score": score(x.score)} for x in r.rows]


def basic_rows(filing: Filing) -> list[dict]:
    b = filing.basic
    if b is None:
        return []
    money = filing.layout["money"]
    att = attachment_of(filing, "basic")
    rows = [{"kind": "staffing", "attachment": att, "authorised": f"{b.authorised}人", "actual": f"{b.actual}人",
             "control_rate": b.control_rate}]
    for r in b.rows:
        rows.append({"kind": "spending", "attachment": att, "label": r.label, "parent": r.parent,
                     "values":
                         {c: money.truth(v, b.unit) for c, v in zip(b.columns, r.values, strict=True)}})
    rows.append({"kind": "note", "text": f"厉行节约保障措施：{b.note}"})
    return rows


def attachment_of(filing: Filing, key: str) -> int | None:
    for att in filing.attachments:
        if key in att.keys:
            return att.number
    return None


# ------------------------------------------------------------------ prose


def document_texts(blocks) -> list[str]:
    """Every paragraph and table cell text of the document."""
    out = []

    def cell_texts(table: Table):
        for row in table.rows:
            cells = row.cells if isinstance(row, Row) else row
            for c in cells:
                out.append(c.text if isinstance(c, Cell) else str(c))
                if isinstance(c, Cell) and c.nested is not None:
                    cell_texts(c.nested)

    for b in blocks:
        if isinstance(b, Para):
            out.append(b.text)
        elif isinstance(b, Table):
            cell_texts(b)
    return out


def locator(text: str, at: int, length: int, texts: list[str]) -> str:
    """The shortest window around a figure that occurs once in the whole document."""
    for pad in range(2, 60):
        lo, hi = max(0, at - pad), min(len(text), at + length + pad)
        window = text[lo:hi]
        if sum(t.count(window) for t in texts) == 1:
            return window
        if lo == 0 and hi == len(text):
            break
    raise AssertionError(f"no unique window for {text[at:at + length]!r} in {text!r}")


def figure_rows(filing: Filing, texts: list[str]) -> list[dict]:
    rows = []
    for r in filing.reports:
        for para in r.paras:
            text = para.text
            at = 0
            for s in para.segments:
                piece = s.raw if isinstance(s, Fig) else s.text if isinstance(s, DateSeg) else s
                if isinstance(s, Fig):
                    check_label(s, text)
                    rows.append({"attachment": r.attachment, "paragraph_text_contains": locator(text, at, len(s.raw), texts),
                                 "raw": s.raw, "value": s.value, "unit": s.unit, "label": s.label,
                                 "relation": list(s.relation) if s.relation else None})
                at += len(piece)
    return rows


def check_label(f: Fig, text: str) -> None:
    assert f.label is None or f.label in text, (f.label, text)
    if f.relation and f.relation[0] in ("part_of", "share_of", "restatement") and f.relation[1]:
        assert f.relation[1] in text, (f.relation, text)


_ALLOWED_DIGITS = re.compile(
    r"\d{4}年度?|〔\d{4}〕\d+号|^\s*\d{1,2}\s*[.、．]\s*|^[（(]\d{1,2}[）)]")
_CN_COUNT = re.compile(r"[一二三四五六七八九十两百]+(?:个|所|座|处|家|条|场|期|辆|块|项|名|批|户|人|万|亿|%)")


def check_no_stray_numbers(filing: Filing) -> None:
    """Outside the listed figures and the dates, a narrative paragraph holds no number."""
    for r in filing.reports:
        for para in r.paras:
            rest = "".join(s for s in para.segments if isinstance(s, str))
            stripped = _ALLOWED_DIGITS.sub("", rest)
            assert not re.search(r"\d", stripped), (stripped, para.text)
            assert "%" not in stripped, para.text
            assert not _CN_COUNT.search(stripped), (_CN_COUNT.search(stripped).group(0), para.text)


# ------------------------------------------------------------------ decoys


def decoys(filing: Filing) -> list[dict]:
    out = []
    owners = ([("O", filing.overall)] if filing.overall else []) + [(p.key, p) for p in filing.projects]
    for key, owner in owners:
        att = attachment_of(filing, key)
        for ind in owner.indicators():
            if ind.kind == "cost" and ind.direction == "<=" and ind.actual.dec < ind.target.dec:
                out.append({"kind": "cost_below_target", "attachment": att,
                            "what": f"{ind.level3}: {ind.actual.cell()} under {ind.target.cell()}, full marks (lower is better)"})
            if ind.kind == "satisfaction" and ind.actual.number == ind.target.number and ind.score == ind.weight:
                out.append({"kind": "target_met_exactly", "attachment": att,
                            "what": f"{ind.level3}: {ind.actual.cell()} against {ind.target.cell()} (以上 includes the number)"})
            if ind.kind == "time" and ind.score == ind.weight:
                out.append({"kind": "deadline_met", "attachment": att,
                            "what": f"{ind.level3}: {ind.actual.text} before {ind.target.text}"})
    for r in filing.reports:
        for para in r.paras:
            for s in para.segments:
                if isinstance(s, DateSeg) and s.kind in ("plan", "evaluation"):
                    out.append({"kind": "future_plan_date" if s.kind == "plan" else "evaluation_work_date",
                                "attachment": r.attachment, "what": s.text})
                if isinstance(s, Fig) and s.relation and s.relation[0] == "base" and s.relation[1] == "上年":
                    out.append({"kind": "prior_year_value", "attachment": r.attachment, "what": f"{s.label} {s.raw} (上年)"})
                if isinstance(s, Fig) and "renamed" in s.plantable:
                    out.append({"kind": "renamed_fund", "attachment": r.attachment,
                                "what": f"{s.label} {s.raw} is the table's 当年财政拨款 under another name"})
    return out


# ------------------------------------------------------------------ the file


def truth_of(filing: Filing, blocks) -> dict:
    texts = document_texts(blocks)
    check_no_stray_numbers(filing)
    prof = filing.profile
    fill_dates = []
    for att in filing.attachments:
        key = att.keys[0]
        d = filing.fill_dates.get(key, filing.fill_date)
        fill_dates.append({"attachment": att.number, "date": d.isoformat()})
    return {
        "name": filing.name,
        "seed": filing.seed,
        "consistent": not filing.planted,
        "year": filing.year,
        "unit": filing.layout["money"].table_unit,
        "department": prof.department,
        "province": prof.province,
        "shape": filing.shape,
        "fill_date": filing.fill_date.isoformat(),
        "fill_dates": fill_dates,
        "projects": [p.name for p in filing.projects],
        "attachments": [{"number": a.number, "kind": a.kind, "title": a.title, "keys": a.keys} for a in filing.attachments],
        "layout": layout_summary(filing),
        "funds": funds_rows(filing),
        "funds_breakdown": breakdown_rows(filing),
        "indicators": indicator_rows(filing),
        "totals": totals_rows(filing),
        "rubric": rubric_rows(filing),
        "basic_data": basic_rows(filing),
        "figures": figure_rows(filing, texts),
        "planted": [planted_row(p) for p in filing.planted],
        "decoys": decoys(filing),
    }


def planted_row(p) -> dict:
    d = asdict(p)
    return {k: d[k] for k in ("rule", "severity", "what", "found", "expected", "attachment", "variant", "known_miss",
                              "occurrences")}


def layout_summary(filing: Filing) -> dict:
    ist = filing.layout["ind_style"]
    st = filing.layout["style"]
    money = filing.layout["money"]
    return {
        "indicator_columns": [ist.names[c] for c in ist.columns],
        "indicator_header_rows": 2 if ist.two_row else 1,
        "merged_levels": ist.merge,
        "level1_weight_in": "column" if "l1w" in ist.columns else ("label" if ist.l1_label else None),
        "units_in_cells": ist.units_in_cells,
        "table_split": ist.split,
        "funds_separate_table": ist.separate_funds,
        "unit_stated_in": ist.funds_unit_at,
        "basic_unit": money.basic_unit,
        "marker": st.marker,
        "marker_numerals": "chinese" if st.chinese_numbers else "arabic",
        "order": st.order,
        "headings": st.heading,
        "numbering": ["一、", st.l2.format(n="一"), st.l3.format(n=1)],
        "page_header_footer": st.page_header,
        "landscape": bool(filing.layout.get("landscape")),
        "projects_in_one_attachment": st.group_tables,
    }

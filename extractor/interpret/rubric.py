"""The scoring rubric (评分表(共性)): levels with their weights, and the rules of each criterion."""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

import regex

from ..pattern_files import compile_pattern, load_toml, require
from ..records import CriterionItem, RubricRow, Threshold, TotalRow
from ..text import flatten
from ..values import parse_value
from .context import Context
from .tables import Region, clean_label, is_filler, squash, total_label_cell

_LEVELS = ("level1", "level2", "level3")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, regex.Pattern]:
    data = load_toml("rubric.toml")
    keys = ("band", "lower", "upper", "item", "deduction", "proportional", "item_marker")
    return {k: compile_pattern(require(data, k, "rubric.toml"), f"rubric.toml {k}") for k in keys}


def read_rubric(ctx: Context, regions: list[Region]) -> tuple[list[RubricRow], list[TotalRow]]:
    rows: list[RubricRow] = []
    totals: list[TotalRow] = []
    for region in regions:
        if region.template.name != "rubric":
            continue
        for r in region.rows:
            with ctx.part("interpret.rubric", region.where(r)):  # a failure loses this row only
                row = _rubric_row(ctx, region, r)
                if row is not None:
                    rows.append(row)
        with ctx.part("interpret.rubric", region.where()):
            totals += [_total(ctx, region, r) for r in region.total_rows]
    return rows, totals


def _weight(region: Region, r: int, name: str) -> Decimal | None:
    cell = region.cell(r, name)
    q = parse_value(cell.text) if cell is not None else None
    return q.value if q is not None and q.value is not None else None


def _rubric_row(ctx: Context, region: Region, r: int) -> RubricRow | None:
    level3 = region.cell(r, "level3")
    if level3 is None or is_filler(level3.text):
        return None
    levels: dict[str, str | Decimal | None] = {}  # each level's label and its weight
    for name in _LEVELS:
        cell = region.cell(r, name)
        levels[name] = clean_label(cell.text).text if cell is not None and not is_filler(cell.text) else None
        levels[f"{name}_weight"] = _weight(region, r, f"{name}_weight")
    criteria_cell = region.cell(r, "criteria")
    criteria = criteria_cell.text if criteria_cell is not None and not is_filler(criteria_cell.text) else None
    detail_cell = region.cell(r, "detail")
    score_cell = region.own_cell(r, "score")
    return RubricRow(
        attachment=region.attachment_number,
        detail=flatten(detail_cell.text) if detail_cell is not None and detail_cell.text else None,
        criteria=criteria,
        score=parse_value(score_cell.text, ctx.cell_where(region.block, region.table, score_cell), default_unit="分")
        if score_cell is not None else None,
        where=ctx.cell_where(region.block, region.table, level3).model_copy(update={"col": None}),
        **levels,
        **parse_criteria(criteria or ""),
    )


def parse_criteria(text: str) -> dict:
    """Thresholds, numbered items and the proportional rule a criterion states."""
    p = _patterns()
    squashed = squash(text)
    thresholds = _thresholds(squashed, p)
    items = []
    parts = p["item_marker"].split(squashed)[1:]
    if not parts and p["item"].match(squashed):
        parts = [squashed]  # one criterion with its points and no ① list: 具备人员、场地、设备条件(1分)
    for part in parts:
        m = p["deduction"].match(part)
        if m:
            items.append(CriterionItem(text=m.group("text"), deduct_min=Decimal(m.group("min")),
                                       deduct_max=Decimal(m.group("max") or m.group("min"))))
            continue
        m = p["item"].match(part)
        if m:
            items.append(CriterionItem(text=m.group("text"), points=Decimal(m.group("pts"))))
    return {"thresholds": thresholds, "items": items, "proportional": bool(p["proportional"].search(squashed))}


def _thresholds(text: str, p) -> list[Threshold]:
    found: list[tuple[int, Threshold]] = []
    taken: list[tuple[int, int]] = []
    for kind in ("band", "lower", "upper"):
        for m in p[kind].finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue  # a band's ends are not separate bounds
            taken.append(m.span())
            percent = "%" in m.group(0)
            found.append((m.start(), Threshold(
                lower=Decimal(m.group("lo")) if "lo" in m.groupdict() and m.group("lo") else None,
                lower_inclusive=True,
                upper=Decimal(m.group("hi")) if "hi" in m.groupdict() and m.group("hi") else None,
                upper_inclusive=kind == "upper",
                unit="%" if percent else None,
                points=Decimal(m.group("pts")) if m.group("pts") else Decimal(0),
            )))
    thresholds = [t for _, t in sorted(found, key=lambda x: x[0])]
    # 以下 includes its number in legal usage, but when the next band up starts at that same
    # number inclusively (60%(含)-70%), the rubric means "below 60".
    lowers = {t.lower for t in thresholds if t.lower is not None and t.lower_inclusive}
    return [t.model_copy(update={"upper_inclusive": False}) if t.upper in lowers else t for t in thresholds]


def _total(ctx: Context, region: Region, r: int) -> TotalRow:
    label_cell = total_label_cell(region.grid[r])
    weights = []
    for name in ("level1_weight", "level2_weight", "level3_weight"):
        cell = region.own_cell(r, name)
        if cell is not None and not is_filler(cell.text):
            weights.append(parse_value(cell.text, ctx.cell_where(region.block, region.table, cell), default_unit="分"))
    score_cell = region.own_cell(r, "score")
    return TotalRow(
        attachment=region.attachment_number, table_kind="rubric", label=squash(label_cell.text),
        weight=weights[0] if weights else None, weights=weights,
        score=parse_value(score_cell.text, ctx.cell_where(region.block, region.table, score_cell), default_unit="分")
        if score_cell is not None else None,
        where=ctx.cell_where(region.block, region.table, label_cell).model_copy(update={"col": None}),
    )

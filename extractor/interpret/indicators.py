"""Indicator rows (绩效指标): one record per 三级指标, with its 一级/二级 and values."""
from __future__ import annotations

from decimal import Decimal

from ..records import Indicator, TotalRow
from ..text import flatten
from ..values import parse_value
from .context import Context
from .tables import Region, clean_label, is_filler, project_of, squash, total_label_cell


def read_indicators(ctx: Context, regions: list[Region]) -> tuple[list[Indicator], list[TotalRow]]:
    indicators: list[Indicator] = []
    totals: list[TotalRow] = []
    carried: dict[int | None, tuple] = {}  # attachment -> the last 一级 and 二级, to carry over a page split
    for region in regions:
        if region.template.name != "indicators":
            continue
        project = project_of(ctx, region)
        last_level1, last_level2 = carried.get(region.attachment_number, ((None, None), None))
        for row in region.rows:
            with ctx.part("interpret.indicators", region.where(row)):  # a failure loses this row only
                indicator = _indicator(ctx, region, row, project, last_level1)
                if indicator is not None:
                    if indicator.level2 is None and indicator.level3 is not None and last_level2 is not None:
                        # a blank 二级 cell under a named one: the merge a PDF lost, drawn as
                        # separate cells (数量指标 over an empty cell beside 农村危房改造户数)
                        indicator.level2 = last_level2
                    if indicator.level1_weight is not None:
                        _backfill_level1_weight(indicators, indicator)
                    indicators.append(indicator)
                    last_level1 = (indicator.level1, indicator.level1_weight)
                    last_level2 = indicator.level2
        carried[region.attachment_number] = (last_level1, last_level2)
        totals += [_total(ctx, region, row, project) for row in region.total_rows]
    return indicators, totals


def _backfill_level1_weight(indicators: list[Indicator], indicator: Indicator) -> None:
    """The rows above of the same 一级 that had no weight yet take this one (产出指标 over （50分）
    in the next cell down: the weight is read a row late)."""
    for earlier in reversed(indicators):
        if earlier.where.table != indicator.where.table or earlier.level1 != indicator.level1:
            break
        if earlier.level1_weight is None:
            earlier.level1_weight = indicator.level1_weight


def _text(region: Region, row: int, name: str) -> str | None:
    cell = region.cell(row, name)
    return cell.text if cell is not None else None


def _value(ctx: Context, region: Region, row: int, name: str, default_unit: str | None = None):
    cell = region.own_cell(row, name)
    if cell is None:
        return None
    return parse_value(cell.text, ctx.cell_where(region.block, region.table, cell), default_unit=default_unit)


def _indicator(ctx: Context, region: Region, row: int, project, last_level1) -> Indicator | None:
    level3 = _text(region, row, "level3")
    unit = _text(region, row, "measure_unit")  # a 度量单位 column: the unit of bare numbers
    unit = squash(unit) if unit and not is_filler(unit) else None
    values = {name: _value(ctx, region, row, name, default_unit=unit) for name in ("target", "actual")}
    values["weight"] = _value(ctx, region, row, "weight", default_unit="分")
    values["score"] = _value(ctx, region, row, "score", default_unit="分")
    if is_filler(level3) and not any(values.values()):
        return None  # a blank filler row or a "……" row
    level1_cell = region.cell(row, "level1")
    level1, level1_weight = last_level1
    if level1_cell is not None and level1_cell.text and not is_filler(level1_cell.text):
        label = clean_label(level1_cell.text)
        if label.text or level1 is None:
            level1, level1_weight = label.text, Decimal(label.weight) if label.weight else None
        elif label.weight:  # （50分） alone under 产出指标: the rest of a label a PDF cut in two cells
            level1_weight = Decimal(label.weight)
        column_weight = _value(ctx, region, level1_cell.row, "level1_weight")
        if column_weight is not None and column_weight.value is not None:
            level1_weight = column_weight.value
        elif level1_cell is region.cell(row, "level3") and values["weight"] is not None:
            level1_weight = values["weight"].value  # one label across all levels (预算执行率): its own weight
    level2_text = _text(region, row, "level2")
    reason = _text(region, row, "deviation_reason") if region.own_cell(row, "deviation_reason") else None
    cell = region.cell(row, "level3") or next(c for c in region.grid[row] if c is not None)
    return Indicator(
        attachment=region.attachment_number,
        project=project,
        level1=level1,
        level1_weight=level1_weight,
        level2=squash(level2_text) if level2_text and not is_filler(level2_text) else None,
        level3=flatten(level3) if level3 and not is_filler(level3) else None,
        deviation_reason=flatten(reason) if reason and not is_filler(reason) else None,
        where=ctx.cell_where(region.block, region.table, cell).model_copy(update={"col": None}),
        **values,
    )


def _total(ctx: Context, region: Region, row: int, project: str | None) -> TotalRow:
    label_cell = total_label_cell(region.grid[row])
    weight = _value(ctx, region, row, "weight", default_unit="分")
    return TotalRow(
        attachment=region.attachment_number,
        project=project,
        table_kind="indicators",
        label=squash(label_cell.text),
        weight=weight,
        score=_value(ctx, region, row, "score", default_unit="分"),
        weights=[weight] if weight else [],
        where=ctx.cell_where(region.block, region.table, label_cell).model_copy(update={"col": None}),
    )

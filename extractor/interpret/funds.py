"""Funds blocks: rows of 年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分, and the
labelled amounts of breakdown cells (按收入性质分：22502.64, 其中：一般公共预算：10673.73)."""
from __future__ import annotations

from itertools import pairwise

import regex

from ..document import Cell
from ..records import FundsItem, FundsRow
from ..text import flatten
from ..values import ARABIC, parse_value
from .context import Context
from .tables import Region, clean_label, is_filler, project_of, squash, table_rules

_FIELDS = ("budget_initial", "budget_full", "executed", "weight", "rate", "score")
_UNITS = {"weight": "分", "score": "分", "rate": "%"}
# Items of a breakdown cell, in order: "其中：基本支出：29870.46" or a bracketed breakdown.
_SCAN = regex.compile(
    rf"[（(](?P<inner>[^（）()]*\d[^（）()]*)[)）]"
    rf"|(?:其中[:：]\s*)?(?P<label>[^:：（）()\d\s]+?)\s*[:：]\s*(?P<amount>{ARABIC})\s*(?:万元|元)?")
_PAIR = regex.compile(rf"(?P<label>[^\d，,、；;（）()]+?)\s*(?P<amount>{ARABIC})\s*(?:万元|元)?")
_ITEM = regex.compile(rf"^(?P<label>[^:：]*[^:：\s])\s*[:：]\s*(?P<amount>{ARABIC}\s*(?:万元|元|亿元)?)$")


def read_funds(ctx: Context, regions: list[Region]) -> tuple[list[FundsRow], list[FundsItem]]:
    rows: list[FundsRow] = []
    items: list[FundsItem] = []
    for region in regions:
        if region.template.name != "funds":
            continue
        project = project_of(ctx, region)
        parents = _Hierarchy()
        groups: dict[int, str] = {}  # first grid column of a breakdown cell -> its group label
        for r in region.rows:
            with ctx.part("interpret.funds", region.where(r)):  # a failure loses this row only
                row = _funds_row(ctx, region, r, project, parents)
                if row is not None:
                    rows.append(row)
                else:
                    items += _breakdown_items(ctx, region, r, project, groups)
    return rows, items


class _Hierarchy:
    """Which total a 其中 row belongs to: rows after 其中 stay parts until a new total."""

    def __init__(self):
        self.total: str | None = None
        self.in_parts = False

    def place(self, label) -> str | None:
        if label.is_part:
            self.in_parts = True
            return self.total
        if self.in_parts:
            return self.total
        self.total = label.text
        return None


def _label_cell(region: Region, r: int) -> Cell | None:
    first_field = min(c for cols in region.columns.values() for c in cols)
    for cell in region.grid[r][:first_field]:
        if cell is not None and cell.row == r and cell.text:
            return cell
    return None


def _funds_row(ctx: Context, region: Region, r: int, project, parents: _Hierarchy) -> FundsRow | None:
    """A row whose label stands left of the field columns and whose values sit under them."""
    label_cell = _label_cell(region, r)
    value_cells = [region.own_cell(r, name) for name in _FIELDS]
    aligned = all(c is None or c.col_span == 1 or c.col in region.columns.get(n, [])
                  for c, n in zip(value_cells, _FIELDS, strict=True))
    if label_cell is None or not aligned or _ITEM.match(table_rules().part_prefix.sub("", squash(label_cell.text))):
        return None
    label = clean_label(label_cell.text)
    where = ctx.cell_where(region.block, region.table, label_cell)
    values = {}
    for name in _FIELDS:
        cell = region.own_cell(r, name)
        if cell is not None and cell is not label_cell:
            values[name] = parse_value(cell.text, ctx.cell_where(region.block, region.table, cell),
                                       default_unit=_UNITS.get(name, region.unit))
    return FundsRow(
        attachment=region.attachment_number, project=project, label=label.text, raw_label=label_cell.text,
        part_of=parents.place(label), where=where.model_copy(update={"col": None}), **values,
    )


def _breakdown_items(ctx: Context, region: Region, r: int, project, groups: dict[int, str]) -> list[FundsItem]:
    """Labelled amounts in the cells of a row: a 按…分 item opens a group, 其中 items are its
    parts, and a bracket breaks down the item before it (其中：基本支出：29870.46（人员经费
    14325.18，公用经费15545.28））. The cell is read as one flattened text, so lines wrapped by
    a PDF read the same as Word's paragraphs."""
    items = []
    seen = set()
    for cell in region.grid[r]:
        if cell is None or id(cell) in seen or cell.row != r or is_filler(cell.text):
            continue
        seen.add(id(cell))
        where = ctx.cell_where(region.block, region.table, cell)
        group = groups.get(cell.col)
        last: FundsItem | None = None
        for m in _SCAN.finditer(flatten(cell.text)):
            if m.group("inner") is not None:
                if last is None:
                    continue
                for pair in _PAIR.finditer(m.group("inner")):
                    items.append(FundsItem(
                        attachment=region.attachment_number, project=project, group=group,
                        label=clean_label(pair.group("label")).text,
                        amount=parse_value(pair.group("amount"), where, default_unit=region.unit), part_of=last.label,
                    ))
                continue
            label = clean_label(m.group("label"))
            amount = parse_value(m.group("amount"), where, default_unit=region.unit)
            if label.text.startswith("按") and label.text.endswith("分"):
                groups[cell.col] = group = label.text  # 按收入性质分: the group's own total
                part_of = None
            else:
                part_of = group
            last = FundsItem(attachment=region.attachment_number, project=project, group=group,
                             label=label.text, amount=amount, part_of=part_of)
            items.append(last)
        for nested in cell.tables:  # a breakdown written as a small table inside the cell
            items += _nested_items(ctx, region, nested, project, group)
    return items + _pair_items(ctx, region, r, project, groups)


def _pair_items(ctx: Context, region: Region, r: int, project, groups: dict[int, str]) -> list[FundsItem]:
    """A label cell beside an amount cell under a group (a nested breakdown table that a PDF
    drew into the outer grid: 一般公共预算 | 4216.80 under 按收入性质分)."""
    row = [c for i, c in enumerate(region.grid[r]) if c is not None and c.col == i and c.row == r]
    items = []
    for label_cell, amount_cell in pairwise(row):  # each cell with the one right of it
        group = next((g for col, g in sorted(groups.items()) if col <= label_cell.col), None)
        label = clean_label(label_cell.text)
        if group is None or not label.text or _ITEM.match(squash(label_cell.text)) or is_filler(label_cell.text):
            continue
        where = ctx.cell_where(region.block, region.table, amount_cell)
        amount = parse_value(amount_cell.text, where, default_unit=region.unit)
        if amount is None or amount.value is None or amount.kind not in ("money", "number"):
            continue
        label_value = parse_value(label_cell.text)
        if label_value is None or label_value.kind != "text":
            continue  # a label that reads as empty (/, 无) or as a number is not a label
        items.append(FundsItem(attachment=region.attachment_number, project=project, group=group,
                               label=label.text, amount=amount, part_of=group))
    return items


def _nested_items(ctx: Context, region: Region, table, project, group: str | None) -> list[FundsItem]:
    items = []
    for row in table.grid():
        cells = [c for i, c in enumerate(row) if c is not None and c.col == i]
        if len(cells) < 2:
            continue
        where = ctx.cell_where(region.block, table, cells[-1])
        amount = parse_value(cells[-1].text, where, default_unit=region.unit)
        if amount is None or amount.value is None:
            continue  # the nested table's own header row
        items.append(FundsItem(attachment=region.attachment_number, project=project, group=group,
                               label=clean_label(cells[0].text).text, amount=amount, part_of=group))
    return items

"""The basic data table (基础数据表): staffing, and spending-control rows by year column."""
from __future__ import annotations

from ..document import Cell
from ..records import BasicData, SpendingRow, StaffingRecord
from ..text import flatten
from ..values import parse_value
from .context import Context
from .tables import Region, clean_label, is_filler, squash


def read_basic_data(ctx: Context, regions: list[Region]) -> BasicData:
    data = BasicData()
    for region in regions:
        with ctx.part("interpret.basic_data", region.where()):  # a failure loses this table only
            if region.template.name == "staffing":
                data.staffing += _staffing(ctx, region)
            elif region.template.name == "spending":
                spending, notes = _spending(ctx, region)
                data.spending += spending
                data.notes += notes
    return data


def _staffing(ctx: Context, region: Region) -> list[StaffingRecord]:
    records = []
    for r in region.rows:
        values = {}
        for name in ("authorised", "actual", "control_rate"):
            cell = region.own_cell(r, name)
            if cell is not None:
                unit = "%" if name == "control_rate" else "人"
                values[name] = parse_value(cell.text, ctx.cell_where(region.block, region.table, cell), default_unit=unit)
        if not any(values.values()):
            continue
        first = next((c for c in region.grid[r] if c is not None), None)
        if first is None:
            continue
        records.append(StaffingRecord(
            attachment=region.attachment_number,
            where=ctx.cell_where(region.block, region.table, first).model_copy(update={"col": None}),
            **values,
        ))
    return records


class _Parents:
    """Row hierarchy from the label markers: 一、 rows are tops, 其中 rows break down the row
    above, a marker style first seen under a row nests below it (1. 2. 3. under 三公经费), and an
    unmarked row sits beside the row before it (公车运行维护 beside 其中：公车购置)."""

    def __init__(self):
        self.stack: list[tuple[int, str]] = []  # (level, label) of the open rows
        self.style_level: dict[str, int] = {}
        self.previous_level = -1

    def place(self, label) -> str | None:
        style = _marker_style(label.marker)
        if label.is_part:
            level = self.previous_level + 1
        elif style is not None:
            level = self.style_level.setdefault(style, 0 if style == "cn" else self.previous_level + 1)
        else:
            level = max(self.previous_level, 0)
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        parent = self.stack[-1][1] if self.stack else None
        self.stack.append((level, label.text))
        self.previous_level = level
        return parent


def _marker_style(marker: str | None) -> str | None:
    if not marker:
        return None
    if marker[0] in "一二三四五六七八九十":
        return "cn"
    return "paren" if marker[0] in "(（" else "num"


def _header_texts(region: Region, columns: list[int]) -> dict[int, str]:
    """The header text over each year column."""
    headers: dict[int, str] = {}
    for c in columns:
        cell = region.grid[region.header_row][c]
        assert cell is not None  # a field names a column only where the header row has a cell
        headers[c] = squash(cell.text)
    return headers


def _text_row(cells: dict[int, Cell | None], label_cell: Cell) -> str | None:
    """The text of a row that holds one statement across the year columns (厉行节约保障措施: 严格
    按预算执行…), not a value per column: one cell merged over several of them, the others, if
    any, blank. (A table ruled by rows only draws no merge: the text spans the columns it
    fills, and the last one comes back as a blank cell of its own; reportlab producer, dev
    g007, g010, g017.)"""
    filled = {id(c): c for c in cells.values() if c is not None and c is not label_cell and c.text.strip()}
    if len(filled) != 1:
        return None
    (cell,) = filled.values()
    return cell.text if cell.col_span > 1 else None


def _spending(ctx: Context, region: Region) -> tuple[list[SpendingRow], list[str]]:
    columns = region.columns["year_column"]
    headers = _header_texts(region, columns)
    rows, notes = [], []
    parents = _Parents()
    for r in sorted(region.rows + region.total_rows):  # the 合计 row is a spending row too
        label_cell = region.grid[r][0]
        if label_cell is None or label_cell.row != r or is_filler(label_cell.text):
            continue
        cells = {c: region.grid[r][c] for c in columns}
        text = _text_row(cells, label_cell)
        if text is not None:
            notes.append(f"{squash(label_cell.text)}：{flatten(text)}")  # a text row such as 厉行节约保障措施
            continue
        label = clean_label(label_cell.text)
        values = {
            headers[c]: parse_value(cell.text, ctx.cell_where(region.block, region.table, cell), default_unit=region.unit)
            if cell is not None and cell.row == r else None
            for c, cell in cells.items()
        }
        rows.append(SpendingRow(
            attachment=region.attachment_number, label=label.text, raw_label=label_cell.text,
            parent=parents.place(label), values=values, unit=region.unit,
            where=ctx.cell_where(region.block, region.table, label_cell).model_copy(update={"col": None}),
        ))
    return rows, notes

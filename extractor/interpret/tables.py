"""Find the regions of tables that interpreters read, by their header rows, never by position.

A filing's table may hold several regions (the seed's 附件2 table has a funds block, the
annual goals and an indicator block); a region may continue in the next table (a page break
in Word, or a header repeated). A region knows which grid column holds which field, its data
rows, the total row under it, and the money unit the table states.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import regex

from ..document import Cell, Table
from ..pattern_files import compile_pattern, load_toml, require
from ..records import Where
from ..structure import Attachment
from .context import Context

_WHITE = regex.compile(r"[\s\u3000\xa0]+")
_LEVEL_FIELDS = frozenset({"level1", "level2", "level3"})  # the label columns of a form


def squash(text: str) -> str:
    """Text without any white space: how header and label cells are compared."""
    return _WHITE.sub("", text or "")


@dataclass(frozen=True)
class Column:
    field: str
    pattern: regex.Pattern
    repeat: bool = False


@dataclass(frozen=True)
class Template:
    name: str
    min_fields: int
    needs: tuple[str, ...]
    columns: tuple[Column, ...]
    positional_weights: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class TableRules:
    templates: tuple[Template, ...]
    any_header: regex.Pattern  # every column header of every template: most cells name none
    unit: regex.Pattern
    header_suffix: regex.Pattern
    part_prefix: regex.Pattern
    marker: regex.Pattern
    trailing: regex.Pattern
    weight_in_label: regex.Pattern
    total: regex.Pattern
    filler: regex.Pattern
    project_label: regex.Pattern


@lru_cache(maxsize=1)
def table_rules() -> TableRules:
    data = load_toml("tables.toml")
    where = "tables.toml"
    templates = []
    for t in require(data, "template", where):
        name = require(t, "name", where)
        columns = tuple(
            Column(
                require(c, "field", where),
                compile_pattern(require(c, "header", where), f"{where} {name}.{c.get('field')}"),
                bool(c.get("repeat")),
            )
            for c in require(t, "columns", where)
        )
        templates.append(
            Template(name, int(require(t, "min_fields", where)), tuple(require(t, "needs", where)), columns,
                     tuple((t.get("positional_weights") or {}).items()))
        )
    labels = require(data, "labels", where)
    headers = {column.pattern.pattern for t in templates for column in t.columns}
    return TableRules(
        templates=tuple(templates),
        any_header=compile_pattern("|".join(f"(?:{h})" for h in sorted(headers)), f"{where} template headers"),
        unit=compile_pattern(require(require(data, "unit", where), "pattern", where), f"{where} unit"),
        header_suffix=compile_pattern(require(require(data, "unit", where), "header_suffix", where),
                                      f"{where} unit.header_suffix"),
        part_prefix=compile_pattern(require(labels, "part_prefix", where), f"{where} labels.part_prefix"),
        marker=compile_pattern(require(labels, "marker", where), f"{where} labels.marker"),
        trailing=compile_pattern(require(labels, "trailing", where), f"{where} labels.trailing"),
        weight_in_label=compile_pattern(require(labels, "weight_in_label", where), f"{where} labels.weight_in_label"),
        total=compile_pattern(require(labels, "total", where), f"{where} labels.total"),
        filler=compile_pattern(require(labels, "filler", where), f"{where} labels.filler"),
        project_label=compile_pattern(require(require(data, "project", where), "name_label", where), f"{where} project"),
    )


@dataclass
class Region:
    template: Template
    block: int
    table: Table
    attachment: Attachment | None
    header_row: int  # -1 for a region continued from the previous table
    columns: dict[str, list[int]]  # field -> grid columns, left to right
    rows: list[int]  # data rows
    total_rows: list[int] = field(default_factory=list)
    unit: str | None = None
    continued: bool = False

    @property
    def attachment_number(self) -> int | None:
        return self.attachment.number if self.attachment else None

    def where(self, row: int | None = None) -> Where:
        """The region's table (and one of its rows), for a problem met there."""
        return Where(attachment=self.attachment_number, table=self.table.provenance.table, block=self.block, row=row)

    def cell(self, row: int, field_name: str) -> Cell | None:
        """The cell under a field in a row (the first of its columns), merged cells included. A
        cell reaching in from the left (a target merged over two grid columns, drawn without
        column rules) gives way to one that starts under the field's heading, when there is one."""
        cols = self.columns.get(field_name)
        if not cols:
            return None
        cells = self.grid[row]
        first = cells[cols[0]]
        if first is None or first.col >= cols[0] or self.header_row < 0:
            return first
        heading = self.grid[self.header_row][cols[0]]
        span = range(cols[0] + 1, cols[0] + heading.col_span) if heading is not None else range(0)
        for c in span:
            cell = cells[c] if c < len(cells) else None
            if cell is not None and cell.col >= cols[0]:
                return cell
        # ...and one that starts under another value's heading is that value, drawn wider than
        # its column (a score over the blank 偏差原因 beside it; reportlab producer, dev g020).
        # A label merged across the level columns (预算执行率 over 一级, 二级, 三级) names each.
        if any(first.col in others for name, others in self.columns.items()
               if name != field_name and name not in _LEVEL_FIELDS):
            return None
        return first

    def own_cell(self, row: int, field_name: str) -> Cell | None:
        """The cell under a field only if it starts in this row: values merged down are read once."""
        cell = self.cell(row, field_name)
        return cell if cell is not None and cell.row == row else None

    @cached_property
    def grid(self) -> list[list[Cell | None]]:
        return self.table.grid()  # held here: reading a pydantic private attribute costs a lookup per cell


def _header_texts(row: list[Cell | None]) -> list[tuple[int, str | None]]:
    """Each distinct cell of a row once, by its first grid column, as header text (unit suffix
    cut); None for a cell that names no column of any template. Blank cells are left out: one
    between 一级指标 and its 分值 (a merged header drawn without column rules comes back as a
    cell and a blank one) says nothing of what the 分值 belongs to."""
    r = table_rules()
    texts: list[tuple[int, str | None]] = []
    seen: set[int] = set()
    for c, cell in enumerate(row):
        if cell is None or id(cell) in seen or not cell.text.strip():
            continue
        seen.add(id(cell))
        text = r.header_suffix.sub("", squash(cell.text))
        texts.append((c, text if r.any_header.search(text) else None))
    return texts


def _fields_named(texts: list[tuple[int, str | None]], template: Template) -> dict[str, list[int]]:
    """Which fields of a template a row's header texts name, by grid column."""
    found: dict[str, list[int]] = {}
    previous: str | None = None
    positional = dict(template.positional_weights)
    for c, text in texts:
        name = None
        for column in template.columns if text is not None else ():
            if column.pattern.search(text):
                name = column.field
                if name == "weight" and previous in positional:
                    name = positional[previous]
                if name not in found or column.repeat:
                    found.setdefault(name, []).append(c)
                break
        previous = name
    return found


def _is_header(fields: dict[str, list[int]], template: Template) -> bool:
    return len(fields) >= template.min_fields and any(n in fields for n in template.needs)


def find_regions(ctx: Context) -> list[Region]:
    rules = table_rules()
    regions: list[Region] = []
    for block, table, attachment in ctx.tables():
        grid = table.grid()
        headers = _header_rows(grid, rules)
        if not headers:
            previous = regions[-1] if regions else None
            if previous is not None and _continues(previous, table, attachment, block):
                regions.append(_continuation(previous, block, table, attachment))
            continue
        for k, (_top, r, template, fields) in enumerate(headers):
            end = headers[k + 1][0] if k + 1 < len(headers) else table.n_rows
            end = min(end, _label_block_end(grid, r, fields, table.n_rows))
            rows = list(range(r + 1, end))
            total_rows = [i for i in rows if _is_total_row(grid[i], rules)]
            if end < table.n_rows and _is_total_row(grid[end], rules):
                total_rows.append(end)
            region = Region(template, block, table, attachment, r, fields,
                            [i for i in rows if i not in total_rows], total_rows)
            region.unit = _table_unit(ctx, block, table, grid, r, rules)
            _name_blank_weights(region)
            regions.append(region)
    return regions


_PLAIN_NUMBER = regex.compile(r"^\d{1,3}(?:\.\d+)?$")


def _name_blank_weights(region: Region) -> None:
    """A level's weight column whose heading came back blank: the column right after the level's
    heading, headed by nothing, holding a plain number in every row. A narrow 分值 written
    vertically is drawn beside its cell and clipped away by LibreOffice, so the reader sees no
    heading there (vertical producer: generated corpus dev g059; seed-7 corpus dev g015, g083,
    g092, g109, g183, g195, g200)."""
    grid, header = region.grid, region.header_row
    for level, weight in region.template.positional_weights:
        if weight in region.columns or level not in region.columns:
            continue
        heading = grid[header][region.columns[level][0]]
        c = heading.col + heading.col_span if heading is not None else -1
        if not 0 < c < len(grid[header]) or c in {x for cols in region.columns.values() for x in cols}:
            continue
        above = grid[header][c]
        cells = [(r, grid[r][c] if c < len(grid[r]) else None) for r in region.rows]
        starting = [cell for r, cell in cells if cell is not None and cell.row == r]
        if (above is None or not squash(above.text)) and len(starting) >= 2 \
                and all(cell is not None and _PLAIN_NUMBER.match(squash(cell.text)) for _, cell in cells):
            region.columns[weight] = [c]


def _header_rows(grid, rules: TableRules) -> list[tuple[int, int, Template, dict[str, list[int]]]]:
    """Each header of the table as (its first row, the row naming the columns, template, fields).

    A two-row header starts at its upper row: where a header is repeated inside one table (a
    table continued on the next page with its heading drawn again, read from a PDF as one
    table), the region above ends before both rows, not with the upper one as a row of data."""
    found: list[tuple[int, int, Template, dict[str, list[int]]]] = []
    for r, row in enumerate(grid):
        best: tuple[Template, dict[str, list[int]]] | None = None
        texts = _header_texts(row)  # cut once, matched against every template
        for template in rules.templates:
            fields = _fields_named(texts, template)
            if _is_header(fields, template) and (best is None or len(fields) > len(best[1])):
                best = (template, fields)
        if best:
            top = r
            if found and found[-1][1] == r - 1 and found[-1][2].name == best[0].name:
                top = found.pop()[0]  # a two-row header: the lower row names the columns
            found.append((top, r, best[0], best[1]))
    return found


def _label_block_end(grid, header_row: int, fields: dict, n_rows: int) -> int:
    """A block label merged down the left of a region (年度预算申请, 绩效指标) bounds it."""
    field_cols = {c for cols in fields.values() for c in cols}
    first = grid[header_row][0] if grid[header_row] else None
    if first is None or 0 in field_cols or first.row_span == 1:
        return n_rows
    return first.row + first.row_span


def total_label_cell(row: list[Cell | None]) -> Cell:
    """The 总分 / 合计 cell of a total row (not an empty cell a conversion put before it)."""
    rules = table_rules()
    return next((c for c in row if c is not None and rules.total.match(squash(c.text))),
                next(c for c in row if c is not None))


def _is_total_row(row: list[Cell | None], rules: TableRules) -> bool:
    return any(cell is not None and rules.total.match(squash(cell.text)) for cell in row)


def _continues(previous: Region, table: Table, attachment, block: int) -> bool:
    """A table without a header continues the region of the table right before it."""
    return (
        previous.attachment is attachment
        and previous.template.name in ("indicators", "rubric")
        and not previous.total_rows
        and previous.table.n_cols == table.n_cols
        and (not previous.rows or previous.rows[-1] == previous.table.n_rows - 1)
    )


def _continuation(previous: Region, block: int, table: Table, attachment) -> Region:
    grid = table.grid()
    rules = table_rules()
    rows = list(range(table.n_rows))
    totals = [i for i in rows if _is_total_row(grid[i], rules)]
    return Region(previous.template, block, table, attachment, -1, previous.columns,
                  [i for i in rows if i not in totals], totals, previous.unit, continued=True)


def _table_unit(ctx: Context, block: int, table: Table, grid, header_row: int, rules: TableRules) -> str | None:
    """The money unit the table states: in its block label or header cells, else just above it."""
    candidates = [c.text for c in grid[header_row] if c is not None]
    candidates += [c.text for c in table.cells if c.col == 0]
    for i in range(block - 1, max(block - 3, -1), -1):
        text = getattr(ctx.document.blocks[i], "text", None)
        if text:
            candidates.append(text)
    for text in candidates:
        m = rules.unit.search(squash(text))  # "(万\n元)" in a wrapped PDF cell
        if m:
            return m.group("unit") or m.group("unit2")
    return _attachment_unit(ctx, block, rules)


def _attachment_unit(ctx: Context, block: int, rules: TableRules) -> str | None:
    """A unit line stated once for an attachment ("金额单位：万元" above its first table) holds
    for its later tables too (several project forms in one attachment: generated corpus, dev)."""
    attachment = ctx.attachment_of(block)
    if attachment is None:
        return None
    # down to two blocks before the attachment: a form whose title is its table's first row
    # has its unit line above that table, before the attachment's marker (generated corpus, dev)
    for i in range(block - 1, max(attachment.start_block - 3, -1), -1):
        text = getattr(ctx.document.blocks[i], "text", None)
        m = rules.unit.search(squash(text)) if text else None
        if m and m.group("unit2"):  # a 单位：line, not a "(万元)" inside some sentence
            return m.group("unit2")
    return None


@dataclass(frozen=True)
class Label:
    text: str  # cleaned: no white space, marker, 其中 or trailing colon
    raw: str
    marker: str | None
    is_part: bool
    weight: str | None = None  # "50" from "产出指标 (50分)"


def clean_label(raw: str) -> Label:
    rules = table_rules()
    text = squash(raw)
    is_part = False
    m = rules.part_prefix.match(text)
    if m:
        is_part, text = True, text[m.end():]
    marker = None
    m = rules.marker.match(text)
    if m:
        marker, text = squash(m.group("marker")), text[m.end():]
        m2 = rules.part_prefix.match(text)
        if m2:
            is_part, text = True, text[m2.end():]
    weight = None
    m = rules.weight_in_label.search(text)
    if m:
        weight, text = m.group("weight"), (text[: m.start()] + text[m.end():])
    text = rules.trailing.sub("", text).replace("“", "").replace("”", "").replace('"', "")
    return Label(text, raw, marker, is_part, weight)


def is_filler(text: str | None) -> bool:
    return text is None or bool(table_rules().filler.match(text))


def project_of(ctx: Context, region: Region) -> str | None:
    """The project a region belongs to: the cell right of 项目名称 in its own table, else in the
    nearest table before it within the same attachment (a form continued on the next page)."""
    if region.attachment is None:
        return None
    for block, table, attachment in reversed(list(ctx.tables())):
        if block > region.block or attachment is not region.attachment:
            continue
        name = _project_name(table)
        if name:
            return name
    return None


def _project_name(table: Table) -> str | None:
    rules = table_rules()
    for row in table.grid():
        for c, cell in enumerate(row):
            if cell is not None and cell.col == c and rules.project_label.match(squash(cell.text)):
                right = next((x for x in row[c + cell.col_span:] if x is not None and x is not cell), None)
                if right is not None and right.text:
                    return squash(right.text)
    return None

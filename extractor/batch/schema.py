"""The database tables and how one extracted record becomes their rows.

Every table is keyed by the file's content hash (`sha256`), so a rerun replaces a file's rows
in one transaction and never duplicates them. Amounts are DECIMAL as written (`*_raw` keeps
the text); `normalised` puts money in 万元.

Each row is built as a mapping of column name to value and put in the table's column order in
one place (`in_column_order`), which refuses a row with a missing or an unknown column. A value
a DECIMAL column cannot hold is caught there too (`fit_decimals`), while the rows are prepared
in the worker, so it becomes NULL and a `problems` row instead of failing the writer's
transaction.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from typing import Iterator

from .results import Failure, Prepared

DEC = "DECIMAL(38, 10)"
DEC_SCALE = 10  # digits after the point DEC keeps
DEC_INTEGER_DIGITS = 38 - DEC_SCALE  # digits before the point DEC can hold

# Where a table row's values stand in the filing: its block (index in the record's blocks), its
# row in that table, and the page (formats with pages). A finding's evidence names the same.
PLACE = [("block", "INTEGER"), ("row_index", "INTEGER"), ("page", "INTEGER")]

TABLES: dict[str, list[tuple[str, str]]] = {
    "reports": [
        ("sha256", "VARCHAR PRIMARY KEY"), ("path", "VARCHAR"), ("file", "VARCHAR"), ("format", "VARCHAR"),
        ("converted", "VARCHAR"), ("department", "VARCHAR"), ("year", "INTEGER"), ("projects", "VARCHAR[]"),
        ("filler", "VARCHAR"), ("fill_date", "VARCHAR"), ("status", "VARCHAR"), ("n_findings", "INTEGER"),
        ("n_errors", "INTEGER"), ("seconds", "DOUBLE"), ("peak_rss_mb", "DOUBLE"), ("extracted_at", "TIMESTAMP"),
        ("extractor_version", "VARCHAR"), ("record", "JSON"),
    ],
    "funds": [
        ("sha256", "VARCHAR"), ("attachment", "INTEGER"), ("project", "VARCHAR"), ("label", "VARCHAR"),
        ("part_of", "VARCHAR"), ("budget_initial", DEC), ("budget_full", DEC), ("executed", DEC), ("weight", DEC),
        ("rate", DEC), ("score", DEC), ("unit", "VARCHAR"),
        ("budget_initial_raw", "VARCHAR"), ("budget_full_raw", "VARCHAR"), ("executed_raw", "VARCHAR"),
        ("weight_raw", "VARCHAR"), ("rate_raw", "VARCHAR"), ("score_raw", "VARCHAR"), *PLACE,
    ],
    "funds_breakdown": [
        ("sha256", "VARCHAR"), ("attachment", "INTEGER"), ("project", "VARCHAR"), ("grp", "VARCHAR"),
        ("label", "VARCHAR"), ("amount", DEC), ("unit", "VARCHAR"), ("part_of", "VARCHAR"),
    ],
    "indicators": [
        ("sha256", "VARCHAR"), ("attachment", "INTEGER"), ("project", "VARCHAR"), ("level1", "VARCHAR"),
        ("level1_weight", DEC), ("level2", "VARCHAR"), ("level3", "VARCHAR"), ("target_raw", "VARCHAR"),
        ("target_value", DEC), ("target_unit", "VARCHAR"), ("target_comparator", "VARCHAR"), ("actual_raw", "VARCHAR"),
        ("actual_value", DEC), ("actual_unit", "VARCHAR"), ("weight", DEC), ("score", DEC), ("deviation_reason", "VARCHAR"),
        *PLACE,
    ],
    "rubric": [
        ("sha256", "VARCHAR"), ("attachment", "INTEGER"), ("level1", "VARCHAR"), ("level1_weight", DEC),
        ("level2", "VARCHAR"), ("level2_weight", DEC), ("level3", "VARCHAR"), ("level3_weight", DEC),
        ("criteria", "VARCHAR"), ("proportional", "BOOLEAN"), ("thresholds", "JSON"), ("items", "JSON"), ("score", DEC),
        ("detail", "VARCHAR"), ("score_raw", "VARCHAR"), *PLACE,
    ],
    "basic_data": [
        ("sha256", "VARCHAR"), ("attachment", "INTEGER"), ("kind", "VARCHAR"), ("label", "VARCHAR"),
        ("parent", "VARCHAR"), ("col", "VARCHAR"), ("value", DEC), ("raw", "VARCHAR"), ("unit", "VARCHAR"),
    ],
    "totals": [
        ("sha256", "VARCHAR"), ("attachment", "INTEGER"), ("project", "VARCHAR"), ("table_kind", "VARCHAR"),
        ("label", "VARCHAR"), ("weight", DEC), ("score", DEC),
    ],
    "figures": [
        ("sha256", "VARCHAR"), ("attachment", "INTEGER"), ("block", "INTEGER"), ("start_offset", "INTEGER"),
        ("end_offset", "INTEGER"), ("raw", "VARCHAR"), ("kind", "VARCHAR"), ("value", DEC), ("unit", "VARCHAR"),
        ("normalised", DEC), ("normalised_unit", "VARCHAR"), ("comparator", "VARCHAR"), ("approx", "VARCHAR"),
        ("label", "VARCHAR"), ("concept", "VARCHAR"), ("relation", "VARCHAR"), ("relation_of", "VARCHAR"),
        ("section", "VARCHAR"), ("sentence", "VARCHAR"), ("page", "INTEGER"),
    ],
    "dates": [
        ("sha256", "VARCHAR"), ("attachment", "INTEGER"), ("raw", "VARCHAR"), ("date", "VARCHAR"),
        ("precision", "VARCHAR"), ("role", "VARCHAR"), ("year_inferred", "BOOLEAN"),
    ],
    "references": [
        ("sha256", "VARCHAR"), ("attachment", "INTEGER"), ("raw", "VARCHAR"), ("authority", "VARCHAR"),
        ("year", "INTEGER"), ("number", "VARCHAR"), ("title", "VARCHAR"), ("amount", DEC),
    ],
    "findings": [
        ("sha256", "VARCHAR"), ("rule", "VARCHAR"), ("severity", "VARCHAR"), ("message", "VARCHAR"),
        ("expected", "VARCHAR"), ("found", "VARCHAR"), ("difference", "VARCHAR"), ("diagnosis", "VARCHAR"),
        ("evidence", "JSON"), ("pairing", "VARCHAR"),
    ],
    "failures": [
        ("path", "VARCHAR"), ("sha256", "VARCHAR"), ("error_class", "VARCHAR"), ("message", "VARCHAR"),
        ("exit_code", "INTEGER"), ("failed_at", "TIMESTAMP"),
    ],
    "problems": [  # a part of a filing the extractor failed on, or a value this database cannot hold
        ("sha256", "VARCHAR"), ("stage", "VARCHAR"), ("location", "VARCHAR"), ("table_name", "VARCHAR"),
        ("column_name", "VARCHAR"), ("value", "VARCHAR"), ("message", "VARCHAR"),
    ],
    "sources": [
        ("sha256", "VARCHAR"), ("path", "VARCHAR"), ("size", "BIGINT"), ("mtime", "TIMESTAMP"), ("first_seen", "TIMESTAMP"),
    ],
}
KEYS = {"sources": ("sha256", "path")}  # one row per content and path, however often it is seen
RECORD_TABLES = ["funds", "funds_breakdown", "indicators", "rubric", "basic_data", "totals", "figures", "dates",
                 "references", "findings"]  # the tables rows_of fills from a record
# Everything a content hash owns: a file extracted again, or failing again, replaces these rows.
# `sources` is not among them: where a content was seen stays true whatever became of it.
FILE_TABLES = ["reports", *RECORD_TABLES, "problems", "failures"]

# A DECIMAL column whose text is also kept in a raw column of the same row: when the value
# cannot be held, the raw column still shows what was written.
RAW_COLUMNS = {
    ("indicators", "target_value"): "target_raw", ("indicators", "actual_value"): "actual_raw",
    ("basic_data", "value"): "raw", ("figures", "value"): "raw", ("figures", "normalised"): "raw",
    **{("funds", name): f"{name}_raw" for name in ("budget_initial", "budget_full", "executed", "weight", "rate", "score")},
    ("rubric", "score"): "score_raw",
}

Row = dict[str, object]


def ddl() -> list[str]:
    statements = []
    for name, cols in TABLES.items():
        parts = [f"{c} {t}" for c, t in cols]
        if name in KEYS:
            parts.append(f"PRIMARY KEY ({', '.join(KEYS[name])})")
        statements.append(f'CREATE TABLE IF NOT EXISTS "{name}" ({", ".join(parts)})')
        # A database made by an earlier version goes on with the columns added since (rows are
        # inserted by name, so where a column stands does not matter).
        statements += [f'ALTER TABLE "{name}" ADD COLUMN IF NOT EXISTS {c} {t}' for c, t in cols if "PRIMARY KEY" not in t]
    return statements


def column_names(table: str) -> list[str]:
    return [c for c, _ in TABLES[table]]


def in_column_order(table: str, row: Row) -> tuple:
    """The row as the tuple the table's columns take, in their order: the one place where
    names become positions. A row with a column too many or too few is a bug here, not data."""
    require_columns(table, row)
    return tuple(row[name] for name in column_names(table))


def require_columns(table: str, row: Row) -> None:
    names = set(column_names(table))
    if row.keys() != names:
        missing, unknown = sorted(names - row.keys()), sorted(row.keys() - names)
        raise ValueError(f"a {table} row with missing columns {missing} and unknown columns {unknown}")


# ---------------------------------------------------------------- values a DECIMAL column can hold

_DEC_COLUMNS = {table: [c for c, kind in cols if kind == DEC] for table, cols in TABLES.items()}
_ROUNDING = Context(prec=DEC_INTEGER_DIGITS + DEC_SCALE + 2)  # room for every digit DEC keeps, and a carry
_STEP = Decimal(1).scaleb(-DEC_SCALE)


def fit_decimal(value) -> tuple[str | None, str | None]:
    """(the value as DEC holds it, written out in plain digits; why it cannot be held).

    More than DEC_SCALE decimals are rounded half up, which is what a DECIMAL(38, 10) keeps
    and no problem; more than DEC_INTEGER_DIGITS digits before the point cannot be held at all.
    The text goes to DuckDB, which casts it to DECIMAL itself (so whatever it might still
    refuse is refused in its own words, see Store.flush)."""
    if value is None:
        return None, None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None, "not a number"
    if not number.is_finite():
        return None, "not a finite number"
    exponent = number.as_tuple().exponent  # an int for every finite number
    if isinstance(exponent, int) and exponent < -DEC_SCALE:
        number = number.quantize(_STEP, rounding=ROUND_HALF_UP, context=_ROUNDING) if _fits(number) else number
    if not _fits(number):
        digits = number.adjusted() + 1
        return None, f"{digits} digits before the decimal point; {DEC} holds {DEC_INTEGER_DIGITS}"
    return format(number, "f"), None


def _fits(number: Decimal) -> bool:
    return number.is_zero() or number.adjusted() < DEC_INTEGER_DIGITS


def fit_decimals(sha: str, table: str, row: Row) -> tuple[Row, list[Row]]:
    """The row with every DEC value as the column holds it, and a `problems` row for each
    value it cannot hold (NULL in its column, its text kept in the raw column if the table
    has one)."""
    require_columns(table, row)
    fitted, problems = dict(row), []
    for column in _DEC_COLUMNS[table]:
        value, problem = fit_decimal(row[column])
        fitted[column] = value
        if problem:
            problems.append(problem_row(sha, table, column, str(row[column]), problem))
            raw = RAW_COLUMNS.get((table, column))
            if raw and not fitted[raw]:
                fitted[raw] = str(row[column])
    return fitted, problems


# ---------------------------------------------------------------- rows by table


def _v(q: dict | None):
    return q.get("value") if q else None


def _u(q: dict | None) -> str | None:
    return q.get("unit") if q else None


def _place(where: dict | None) -> Row:
    where = where or {}
    return {"block": where.get("block"), "row_index": where.get("row"), "page": where.get("page")}


def _raw(q: dict | None) -> str | None:
    return q.get("raw") if q else None


FUNDS_COLUMNS = ("budget_initial", "budget_full", "executed", "weight", "rate", "score")


def _funds_rows(sha: str, record: dict) -> Iterator[Row]:
    for f in record["funds"]["rows"]:
        yield {"sha256": sha, "attachment": f["attachment"], "project": f["project"], "label": f["label"],
               "part_of": f["part_of"], **{name: _v(f[name]) for name in FUNDS_COLUMNS},
               **{f"{name}_raw": _raw(f[name]) for name in FUNDS_COLUMNS},
               "unit": _u(f["executed"]) or _u(f["budget_full"]) or _u(f["budget_initial"]), **_place(f.get("where"))}


def _funds_breakdown_rows(sha: str, record: dict) -> Iterator[Row]:
    for i in record["funds"]["breakdown"]:
        yield {"sha256": sha, "attachment": i["attachment"], "project": i["project"], "grp": i["group"],
               "label": i["label"], "amount": _v(i["amount"]), "unit": _u(i["amount"]), "part_of": i["part_of"]}


def _indicators_rows(sha: str, record: dict) -> Iterator[Row]:
    for i in record["indicators"]:
        target, actual = i["target"] or {}, i["actual"] or {}
        yield {"sha256": sha, "attachment": i["attachment"], "project": i["project"], "level1": i["level1"],
               "level1_weight": i["level1_weight"], "level2": i["level2"], "level3": i["level3"],
               "target_raw": target.get("raw"), "target_value": target.get("value"), "target_unit": target.get("unit"),
               "target_comparator": target.get("comparator"), "actual_raw": actual.get("raw"),
               "actual_value": actual.get("value"), "actual_unit": actual.get("unit"), "weight": _v(i["weight"]),
               "score": _v(i["score"]), "deviation_reason": i["deviation_reason"], **_place(i.get("where"))}


def _rubric_rows(sha: str, record: dict) -> Iterator[Row]:
    for r in record["rubric"]:
        yield {"sha256": sha, "attachment": r["attachment"], "level1": r["level1"], "level1_weight": r["level1_weight"],
               "level2": r["level2"], "level2_weight": r["level2_weight"], "level3": r["level3"],
               "level3_weight": r["level3_weight"], "criteria": r["criteria"], "proportional": r["proportional"],
               "thresholds": json.dumps(r["thresholds"], ensure_ascii=False),
               "items": json.dumps(r["items"], ensure_ascii=False), "score": _v(r["score"]), "detail": r.get("detail"),
               "score_raw": _raw(r["score"]), **_place(r.get("where"))}


def _basic_data_rows(sha: str, record: dict) -> Iterator[Row]:
    basic = record["basic_data"]
    blank = {"sha256": sha, "parent": None, "col": None, "value": None, "raw": None, "unit": None}
    for s in basic["staffing"]:
        for key, label in (("authorised", "编制数"), ("actual", "实际在职人数"), ("control_rate", "控制率")):
            yield {**blank, "attachment": s["attachment"], "kind": "staffing", "label": label, **_measured(s[key])}
    for s in basic["spending"]:
        for col, q in s["values"].items():
            yield {**blank, "attachment": s["attachment"], "kind": "spending", "label": s["label"], "parent": s["parent"],
                   "col": col, **_measured(q, s["unit"])}
    for note in basic["notes"]:
        yield {**blank, "attachment": None, "kind": "note", "label": note, "raw": note}


def _measured(q: dict | None, unit: str | None = None) -> Row:
    """The value, raw text and unit of a basic_data cell (the row's unit when the cell has none)."""
    return {"value": _v(q), "raw": q["raw"] if q else None, "unit": _u(q) or unit}


def _totals_rows(sha: str, record: dict) -> Iterator[Row]:
    for t in record["totals"]:
        yield {"sha256": sha, "attachment": t["attachment"], "project": t.get("project"), "table_kind": t["table_kind"],
               "label": t["label"], "weight": _v(t["weight"]), "score": _v(t["score"])}


def _figures_rows(sha: str, record: dict) -> Iterator[Row]:
    for f in record["figures"]:
        q, w, rel = f["quantity"], f["where"], f["relation"] or {}
        yield {"sha256": sha, "attachment": w["attachment"], "block": w["block"], "start_offset": w["start"],
               "end_offset": w["end"], "raw": q["raw"], "kind": q["kind"], "value": q["value"], "unit": q["unit"],
               "normalised": q["normalised"], "normalised_unit": q["normalised_unit"], "comparator": q["comparator"],
               "approx": q["approx"], "label": f["label"], "concept": f["concept"], "relation": rel.get("kind"),
               "relation_of": rel.get("of"), "section": " > ".join(w["section"] or []), "sentence": f["sentence"],
               "page": w.get("page")}


def _dates_rows(sha: str, record: dict) -> Iterator[Row]:
    for d in record["dates"]:
        yield {"sha256": sha, "attachment": d["where"]["attachment"], "raw": d["raw"], "date": d["date"],
               "precision": d["precision"], "role": d["role"], "year_inferred": d["year_inferred"]}


def _references_rows(sha: str, record: dict) -> Iterator[Row]:
    for r in record["references"]:
        yield {"sha256": sha, "attachment": r["where"]["attachment"], "raw": r["raw"], "authority": r["authority"],
               "year": r["year"], "number": r["number"], "title": r["title"], "amount": _v(r["amount"])}


def _findings_rows(sha: str, record: dict) -> Iterator[Row]:
    for f in record["findings"]:
        yield {"sha256": sha, "rule": f["rule"], "severity": f["severity"], "message": f["message"],
               "expected": f["expected"], "found": f["found"], "difference": f["difference"],
               "diagnosis": f["diagnosis"], "evidence": json.dumps(f["evidence"], ensure_ascii=False),
               "pairing": f.get("pairing")}


_RECORD_ROWS = {
    "funds": _funds_rows, "funds_breakdown": _funds_breakdown_rows, "indicators": _indicators_rows,
    "rubric": _rubric_rows, "basic_data": _basic_data_rows, "totals": _totals_rows, "figures": _figures_rows,
    "dates": _dates_rows, "references": _references_rows, "findings": _findings_rows,
}


def rows_of(sha: str, record: dict) -> dict[str, list[Row]]:
    """The rows of every record table for one extracted record (a JSON dict of a Report)."""
    return {table: list(_RECORD_ROWS[table](sha, record)) for table in RECORD_TABLES}


def report_row(path: str, record: dict, record_json: str, seconds: float, peak_rss_mb: float | None, version: str) -> Row:
    """The `reports` row; `record_json` is the record as already written for the JSONL line."""
    meta, source = record["meta"], record["source"]
    return {"sha256": source["sha256"], "path": path, "file": source["file"], "format": source["format"],
            "converted": source.get("converted"), "department": meta["department"], "year": meta["year"],
            "projects": meta["projects"], "filler": meta["filler"], "fill_date": meta["fill_date"], "status": "ok",
            "n_findings": len(record["findings"]), "n_errors": sum(f["severity"] == "error" for f in record["findings"]),
            "seconds": seconds, "peak_rss_mb": peak_rss_mb, "extracted_at": now(), "extractor_version": version,
            "record": record_json}


def failure_row(path: str, sha: str | None, failure: Failure) -> Row:
    return {"path": path, "sha256": sha, "error_class": failure.kind, "message": failure.message,
            "exit_code": failure.exit_code, "failed_at": now()}


def problem_row(sha: str, table: str, column: str, value: str, message: str) -> Row:
    """A value the database cannot hold (stage `store`)."""
    return {"sha256": sha, "stage": "store", "location": f"{table}.{column}", "table_name": table,
            "column_name": column, "value": value, "message": message}


def record_problem_rows(sha: str, record: dict) -> list[Row]:
    """The parts of the filing the extractor failed on, as the record lists them."""
    return [{"sha256": sha, "stage": p["stage"], "location": _location(p.get("where")), "table_name": None,
             "column_name": None, "value": None, "message": p["message"]} for p in record.get("problems", [])]


def _location(where: dict | None) -> str | None:
    if not where:
        return None
    keys = ("attachment", "block", "table", "row", "col")
    return ", ".join(f"{key} {where[key]}" for key in keys if where.get(key) is not None)


def source_row(sha: str, path: str, size: int | None, mtime: datetime | None, first_seen: datetime) -> Row:
    return {"sha256": sha, "path": path, "size": size, "mtime": mtime, "first_seen": first_seen}


def prepare(path: str, record: dict, seconds: float, peak_rss_mb: float | None, version: str) -> Prepared:
    """Everything the writer needs for one extracted file, made where the file was extracted
    (a worker), so the one writer only appends: the rows of every table and the JSONL line."""
    sha = record["source"]["sha256"]
    record_json = json.dumps(record, ensure_ascii=False)
    by_table = {"reports": [report_row(path, record, record_json, seconds, peak_rss_mb, version)],
                **rows_of(sha, record), "problems": record_problem_rows(sha, record)}
    return Prepared(sha, path, ordered_rows(sha, by_table), record_line(sha, path, record_json))


def record_line(sha: str, path: str, record_json: str) -> str:
    """A file's JSONL line, from its record's JSON as the `reports` row keeps it."""
    return f'{{"sha256": "{sha}", "path": {json.dumps(path, ensure_ascii=False)}, "record": {record_json}}}\n'


def ordered_rows(sha: str, by_table: dict[str, list[Row]]) -> dict[str, list[tuple]]:
    """Rows by name -> tuples in column order, every DEC value fitted, and the `problems` rows
    for the values that could not be."""
    out: dict[str, list[tuple]] = {}
    problems: list[Row] = []
    for table, rows in by_table.items():
        out[table] = []
        for row in rows:
            fitted, found = fit_decimals(sha, table, row)
            out[table].append(in_column_order(table, fitted))
            problems += found
    out["problems"] = out.get("problems", []) + [in_column_order("problems", p) for p in problems]
    return out


def now() -> datetime:
    """UTC without a zone, as the TIMESTAMP columns hold it."""
    return datetime.now(timezone.utc).replace(tzinfo=None)

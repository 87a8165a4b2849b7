"""The database tables and how one extracted record becomes their rows.

Every table is keyed by the file's content hash (`sha256`), so a rerun replaces a file's rows
in one transaction and never duplicates them. Amounts are DECIMAL as written (`*_raw` keeps
the text); `normalised` puts money in 万元.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone

DEC = "DECIMAL(38, 10)"

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
    ],
    "rubric": [
        ("sha256", "VARCHAR"), ("attachment", "INTEGER"), ("level1", "VARCHAR"), ("level1_weight", DEC),
        ("level2", "VARCHAR"), ("level2_weight", DEC), ("level3", "VARCHAR"), ("level3_weight", DEC),
        ("criteria", "VARCHAR"), ("proportional", "BOOLEAN"), ("thresholds", "JSON"), ("items", "JSON"), ("score", DEC),
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
        ("section", "VARCHAR"), ("sentence", "VARCHAR"),
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
        ("evidence", "JSON"),
    ],
    "failures": [
        ("path", "VARCHAR"), ("sha256", "VARCHAR"), ("error_class", "VARCHAR"), ("message", "VARCHAR"),
        ("exit_code", "INTEGER"), ("failed_at", "TIMESTAMP"),
    ],
}
RECORD_TABLES = [t for t in TABLES if t not in ("reports", "failures")]


def ddl() -> list[str]:
    return [f'CREATE TABLE IF NOT EXISTS "{name}" ({", ".join(f"{c} {t}" for c, t in cols)})' for name, cols in TABLES.items()]


def _v(q: dict | None) -> str | None:
    return q.get("value") if q else None


def _u(q: dict | None) -> str | None:
    return q.get("unit") if q else None


def rows_of(sha: str, record: dict) -> dict[str, list[tuple]]:
    """The rows of every record table for one extracted record (a JSON dict of a Report)."""
    out: dict[str, list[tuple]] = {t: [] for t in RECORD_TABLES}
    for f in record["funds"]["rows"]:
        out["funds"].append((sha, f["attachment"], f["project"], f["label"], f["part_of"], _v(f["budget_initial"]),
                             _v(f["budget_full"]), _v(f["executed"]), _v(f["weight"]), _v(f["rate"]), _v(f["score"]),
                             _u(f["executed"]) or _u(f["budget_full"])))
    for i in record["funds"]["breakdown"]:
        out["funds_breakdown"].append((sha, i["attachment"], i["project"], i["group"], i["label"], _v(i["amount"]),
                                       _u(i["amount"]), i["part_of"]))
    for i in record["indicators"]:
        t, a = i["target"] or {}, i["actual"] or {}
        out["indicators"].append((sha, i["attachment"], i["project"], i["level1"], i["level1_weight"], i["level2"],
                                  i["level3"], t.get("raw"), t.get("value"), t.get("unit"), t.get("comparator"),
                                  a.get("raw"), a.get("value"), a.get("unit"), _v(i["weight"]), _v(i["score"]),
                                  i["deviation_reason"]))
    for r in record["rubric"]:
        out["rubric"].append((sha, r["attachment"], r["level1"], r["level1_weight"], r["level2"], r["level2_weight"],
                              r["level3"], r["level3_weight"], r["criteria"], r["proportional"],
                              json.dumps(r["thresholds"], ensure_ascii=False), json.dumps(r["items"], ensure_ascii=False),
                              _v(r["score"])))
    basic = record["basic_data"]
    for s in basic["staffing"]:
        for key, label in (("authorised", "编制数"), ("actual", "实际在职人数"), ("control_rate", "控制率")):
            q = s[key]
            out["basic_data"].append((sha, s["attachment"], "staffing", label, None, None, _v(q), q["raw"] if q else None, _u(q)))
    for s in basic["spending"]:
        for col, q in s["values"].items():
            out["basic_data"].append((sha, s["attachment"], "spending", s["label"], s["parent"], col, _v(q),
                                      q["raw"] if q else None, _u(q) or s["unit"]))
    for note in basic["notes"]:
        out["basic_data"].append((sha, None, "note", note, None, None, None, note, None))
    for t in record["totals"]:
        out["totals"].append((sha, t["attachment"], t.get("project"), t["table_kind"], t["label"], _v(t["weight"]), _v(t["score"])))
    for f in record["figures"]:
        q, w, rel = f["quantity"], f["where"], f["relation"] or {}
        out["figures"].append((sha, w["attachment"], w["block"], w["start"], w["end"], q["raw"], q["kind"], q["value"],
                               q["unit"], q["normalised"], q["normalised_unit"], q["comparator"], q["approx"], f["label"],
                               f["concept"], rel.get("kind"), rel.get("of"), " > ".join(w["section"] or []), f["sentence"]))
    for d in record["dates"]:
        out["dates"].append((sha, d["where"]["attachment"], d["raw"], d["date"], d["precision"], d["role"], d["year_inferred"]))
    for r in record["references"]:
        out["references"].append((sha, r["where"]["attachment"], r["raw"], r["authority"], r["year"], r["number"],
                                  r["title"], _v(r["amount"])))
    for f in record["findings"]:
        out["findings"].append((sha, f["rule"], f["severity"], f["message"], f["expected"], f["found"], f["difference"],
                                f["diagnosis"], json.dumps(f["evidence"], ensure_ascii=False)))
    return out


def prepare(path: str, record: dict, seconds: float, peak_rss_mb: float | None, version: str) -> dict:
    """Everything the writer needs for one extracted file, made where the file was extracted
    (a worker), so the one writer only appends: the rows of every table and the JSONL line."""
    sha = record["source"]["sha256"]
    meta, source = record["meta"], record["source"]
    record_json = json.dumps(record, ensure_ascii=False)
    errors = sum(f["severity"] == "error" for f in record["findings"])
    rows = rows_of(sha, record)
    rows["reports"] = [(
        sha, path, source["file"], source["format"], source.get("converted"), meta["department"], meta["year"],
        meta["projects"], meta["filler"], meta["fill_date"], "ok", len(record["findings"]), errors, seconds,
        peak_rss_mb, datetime.now(timezone.utc).replace(tzinfo=None), version, record_json)]
    line = f'{{"sha256": "{sha}", "path": {json.dumps(path, ensure_ascii=False)}, "record": {record_json}}}\n'
    return {"sha256": sha, "rows": rows, "line": line}


def sha256_file(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()

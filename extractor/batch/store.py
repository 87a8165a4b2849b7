"""The one writer: a DuckDB database, each file's rows in one transaction, plus JSONL lines.

A run killed at any moment leaves either all of a file's rows or none (DuckDB commits are
atomic), and JSONL holds only whole lines (a torn last line is cut off when the run resumes).
"""
from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from .. import __version__
from .schema import RECORD_TABLES, TABLES, ddl, rows_of

_CHUNK = 400  # rows per INSERT: many-row VALUES statements are ~10x faster than executemany


class Store:
    def __init__(self, db_path: Path, jsonl: Path | None = None):
        self.con = duckdb.connect(str(db_path))
        for statement in ddl():
            self.con.execute(statement)
        self.jsonl = open_jsonl(jsonl) if jsonl else None

    def close(self) -> None:
        if self.jsonl:
            self.jsonl.close()
        self.con.close()

    # ---------------------------------------------------------------- resume

    def done(self) -> set[str]:
        return {r[0] for r in self.con.execute("SELECT sha256 FROM reports WHERE status = 'ok'").fetchall()}

    def failed(self) -> set[str]:
        return {r[0] for r in self.con.execute("SELECT sha256 FROM failures WHERE sha256 IS NOT NULL").fetchall()}

    # ---------------------------------------------------------------- writes

    def write_record(self, sha: str, path: str, record: dict, seconds: float, peak_rss_mb: float | None) -> None:
        meta, source = record["meta"], record["source"]
        errors = sum(f["severity"] == "error" for f in record["findings"])
        report_row = (sha, path, source["file"], source["format"], source.get("converted"), meta["department"],
                      meta["year"], meta["projects"], meta["filler"], meta["fill_date"], "ok", len(record["findings"]),
                      errors, seconds, peak_rss_mb, _now(), __version__, json.dumps(record, ensure_ascii=False))
        rows = rows_of(sha, record)
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._delete(sha)
            self._insert("reports", [report_row])
            for table in RECORD_TABLES:
                self._insert(table, rows[table])
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self._line({"sha256": sha, "path": path, "record": record})

    def write_failure(self, path: str, sha: str | None, error_class: str, message: str, exit_code: int) -> None:
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.execute("DELETE FROM failures WHERE path = ? OR (sha256 IS NOT NULL AND sha256 = ?)", [path, sha])
            self._insert("failures", [(path, sha, error_class, message, exit_code, _now())])
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self._line({"sha256": sha, "path": path, "error": {"class": error_class, "message": message, "exit_code": exit_code}})

    def _delete(self, sha: str) -> None:
        for table in ("reports", *RECORD_TABLES):
            self.con.execute(f'DELETE FROM "{table}" WHERE sha256 = ?', [sha])
        self.con.execute("DELETE FROM failures WHERE sha256 = ?", [sha])

    def _insert(self, table: str, rows: list[tuple]) -> None:
        width = len(TABLES[table])
        for start in range(0, len(rows), _CHUNK):
            chunk = rows[start:start + _CHUNK]
            values = ",".join(["(" + ",".join(["?"] * width) + ")"] * len(chunk))
            self.con.execute(f'INSERT INTO "{table}" VALUES {values}', [v for row in chunk for v in row])

    def _line(self, obj: dict) -> None:
        if self.jsonl:
            self.jsonl.write(json.dumps(obj, ensure_ascii=False) + "\n")
            self.jsonl.flush()

    # ---------------------------------------------------------------- export

    def export_parquet(self, directory: Path) -> list[Path]:
        directory.mkdir(parents=True, exist_ok=True)
        written = []
        for table in TABLES:
            target = directory / f"{table}.parquet"
            partial = directory / f".{table}.parquet.partial"
            self.con.execute(f"COPY (SELECT * FROM \"{table}\") TO '{_sql_path(partial)}' (FORMAT PARQUET)")
            os.replace(partial, target)
            written.append(target)
        return written


def open_jsonl(path: Path):
    """Append to a JSONL file, first cutting a torn last line a killed run may have left."""
    path = Path(path)
    if path.exists() and path.stat().st_size:
        with open(path, "rb+") as f:
            data = f.read()
            if not data.endswith(b"\n"):
                f.truncate(data.rfind(b"\n") + 1)
    return open(path, "a", encoding="utf-8")


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")

"""The one writer: a DuckDB database, each file's rows in one transaction, plus JSONL lines.

Rows are gathered for a few files (at most `group` files or `seconds` apart) and written in one
transaction through Arrow, which DuckDB ingests without binding each value (about 13x faster
than many-row INSERTs here). A file's rows are therefore always committed together with it: a
run killed at any moment leaves all of a file's rows or none, and only files in flight or not
yet committed are lost, to be extracted again on the rerun. JSONL lines are written after their
commit and are only ever whole (a torn last line is cut off when the run resumes).
"""
from __future__ import annotations

import json
import os
import time
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pyarrow as pa

from .. import __version__
from .schema import RECORD_TABLES, TABLES, ddl, prepare


class Store:
    def __init__(self, db_path: Path, jsonl: Path | None = None, group: int = 25, seconds: float = 1.0):
        self.con = duckdb.connect(str(db_path))
        for statement in ddl():
            self.con.execute(statement)
        self.jsonl = open_jsonl(jsonl) if jsonl else None
        self.group, self.seconds = group, seconds
        self.known = self.done() | self.failed()  # content already in the database: replaced, not added
        self._reset()

    def _reset(self) -> None:
        self.rows: dict[str, list[tuple]] = {t: [] for t in TABLES}
        self.replaced: set[str] = set()
        self.failed_paths: list[str] = []
        self.lines: list[str] = []
        self.last_flush = time.monotonic()

    def close(self) -> None:
        try:
            self.flush()
        finally:
            if self.jsonl:
                self.jsonl.close()
            self.con.close()

    # ---------------------------------------------------------------- resume

    def done(self) -> set[str]:
        return {r[0] for r in self.con.execute("SELECT sha256 FROM reports WHERE status = 'ok'").fetchall()}

    def failed(self) -> set[str]:
        return {r[0] for r in self.con.execute("SELECT sha256 FROM failures WHERE sha256 IS NOT NULL").fetchall()}

    # ---------------------------------------------------------------- writes

    def write_prepared(self, prepared: dict) -> None:
        """A file's rows and JSONL line as schema.prepare made them (in the worker)."""
        sha = prepared["sha256"]
        for table, rows in prepared["rows"].items():
            self.rows[table].extend(rows)
        if sha in self.known:
            self.replaced.add(sha)
        self.known.add(sha)
        self.lines.append(prepared["line"])
        self._maybe_flush()

    def write_record(self, path: str, record: dict, seconds: float = 0.0, peak_rss_mb: float | None = None) -> None:
        self.write_prepared(prepare(path, record, seconds, peak_rss_mb, __version__))

    def write_failure(self, path: str, sha: str | None, error_class: str, message: str, exit_code: int) -> None:
        self.rows["failures"].append((path, sha, error_class, message, exit_code, _now()))
        self.failed_paths.append(path)
        if sha:
            self.replaced.add(sha)
        self.lines.append(json.dumps({"sha256": sha, "path": path, "error": {
            "class": error_class, "message": message, "exit_code": exit_code}}, ensure_ascii=False) + "\n")
        self._maybe_flush()

    def _maybe_flush(self) -> None:
        if len(self.lines) >= self.group or time.monotonic() - self.last_flush >= self.seconds:
            self.flush()

    def flush(self) -> None:
        if not self.lines:
            return
        self.con.execute("BEGIN TRANSACTION")
        try:
            for sha in self.replaced:  # a file extracted again replaces its old rows
                for table in ("reports", *RECORD_TABLES, "failures"):
                    self.con.execute(f'DELETE FROM "{table}" WHERE sha256 = ?', [sha])
            for path in self.failed_paths:
                self.con.execute("DELETE FROM failures WHERE path = ?", [path])
            for table, rows in self.rows.items():
                if rows:
                    self._insert(table, rows)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        if self.jsonl:
            self.jsonl.write("".join(self.lines))
            self.jsonl.flush()
        self._reset()

    def _insert(self, table: str, rows: list[tuple]) -> None:
        names = [c for c, _ in TABLES[table]]
        arrow = pa.table({name: pa.array([row[i] for row in rows]) for i, name in enumerate(names)})
        self.con.register("incoming_rows", arrow)
        try:
            self.con.execute(f'INSERT INTO "{table}" SELECT * FROM incoming_rows')
        finally:
            self.con.unregister("incoming_rows")

    # ---------------------------------------------------------------- export

    def export_parquet(self, directory: Path) -> list[Path]:
        self.flush()
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

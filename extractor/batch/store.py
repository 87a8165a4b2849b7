"""The one writer: a DuckDB database, each file's rows in one transaction, plus JSONL lines.

Rows are gathered for a few files (at most `group` files or `seconds` apart) and written in one
transaction through Arrow, which DuckDB ingests without binding each value (about 13x faster
than many-row INSERTs here). A file's rows are therefore always committed together with it: a
run killed at any moment leaves all of a file's rows or none, and only files in flight or not
yet committed are lost, to be extracted again on the rerun. JSONL lines are written after their
commit and are only ever whole (a torn last line is cut off when the run resumes). A run killed
between a commit and its lines leaves files the database holds and the JSONL lacks; as the rerun
skips them, their lines are written from the database when the JSONL is opened.

A group the database refuses is written again one file per transaction, so one file's bad rows
cost only that file (recorded as an `unstorable` failure), never the batch.
"""
from __future__ import annotations

import json
import os
import re
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from .. import __version__
from .results import Failure, Prepared
from .schema import FILE_TABLES, KEYS, TABLES, column_names, ddl, failure_row, in_column_order, prepare, record_line

# What refuses a group's rows because of the rows themselves: the database's conversion and
# constraint errors, and Arrow's when it cannot hold a value. Anything else (an interrupt, a
# bug) rolls back and stops the run as before.
ROW_ERRORS = (duckdb.Error, pa.ArrowException)


@dataclass(frozen=True)
class Pending:
    """One file's rows waiting for the next transaction, with what they replace."""

    path: str
    sha: str | None
    rows: dict[str, list[tuple]]
    line: str
    replaces_content: bool  # the content has rows already (extracted or failed before): delete them first
    failure: Failure | None = None  # set for a failure, whose path's older failures it also replaces


class Store:
    def __init__(self, db_path: Path, jsonl: Path | None = None, group: int = 25, seconds: float = 1.0):
        self.con = duckdb.connect(str(db_path))
        for statement in ddl():
            self.con.execute(statement)
        self.jsonl = open_jsonl(jsonl) if jsonl else None
        if jsonl:
            self._catch_up_jsonl(Path(jsonl))
        self.group, self.seconds = group, seconds
        self.known = self.done() | self.failed()  # content already in the database: replaced, not added
        self.unstorable: list[Failure] = []  # files extracted whose rows the database refused
        self._reset()

    def _reset(self) -> None:
        self.pending: list[Pending] = []
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

    def _catch_up_jsonl(self, path: Path) -> None:
        """Write the line of every file the database holds and the JSONL does not: what a run
        killed between commit and write left behind, or what a run without --jsonl stored."""
        assert self.jsonl is not None
        have_shas, have_paths = jsonl_keys(path)
        cursor = self.con.cursor()  # the lines' shas are registered where they are queried
        try:
            cursor.register("jsonl_shas", pa.table({"sha256": pa.array(sorted(have_shas), pa.string())}))
            for row in _streamed(cursor, "SELECT sha256, path, record FROM reports WHERE status = 'ok' "
                                         "AND sha256 NOT IN (SELECT sha256 FROM jsonl_shas) ORDER BY rowid"):
                self.jsonl.write(record_line(row["sha256"], row["path"], row["record"]))
            for row in _streamed(cursor, "SELECT sha256, path, error_class, message, exit_code FROM failures "
                                         "WHERE sha256 IS NULL OR sha256 NOT IN (SELECT sha256 FROM jsonl_shas) "
                                         "ORDER BY rowid"):
                if row["sha256"] is None and row["path"] in have_paths:
                    continue
                failure = Failure(row["error_class"], row["message"], row["exit_code"])
                self.jsonl.write(_failure_line(row["path"], row["sha256"], failure))
        finally:
            cursor.close()
        self.jsonl.flush()

    # ---------------------------------------------------------------- writes

    def record_sources(self, rows: list[dict]) -> None:
        """Note where each content was seen (schema.source_row), in one transaction of its own.
        A (sha256, path) seen before keeps its row and first_seen; only its size and mtime are
        brought up to date, so a rerun adds no row."""
        unique = list({(r["sha256"], r["path"]): r for r in rows}.values())  # a path named twice is one row
        if not unique:
            return
        key = ", ".join(KEYS["sources"])
        with self._transaction():
            self._insert("sources", [in_column_order("sources", r) for r in unique],
                         f"ON CONFLICT ({key}) DO UPDATE SET size = excluded.size, mtime = excluded.mtime "
                         "WHERE sources.size IS DISTINCT FROM excluded.size OR sources.mtime IS DISTINCT FROM excluded.mtime")

    def write_prepared(self, prepared: Prepared) -> None:
        """A file's rows and JSONL line as schema.prepare made them (in the worker)."""
        sha = prepared.sha256
        self.pending.append(Pending(prepared.path, sha, prepared.rows, prepared.line, replaces_content=sha in self.known))
        self.known.add(sha)
        self._maybe_flush()

    def write_record(self, path: str, record: dict, seconds: float = 0.0, peak_rss_mb: float | None = None) -> None:
        self.write_prepared(prepare(path, record, seconds, peak_rss_mb, __version__))

    def write_failure(self, path: str, sha: str | None, failure: Failure) -> None:
        self.pending.append(_failure_entry(path, sha, failure))
        if sha:
            self.known.add(sha)
        self._maybe_flush()

    def _maybe_flush(self) -> None:
        if len(self.pending) >= self.group or time.monotonic() - self.last_flush >= self.seconds:
            self.flush()

    def flush(self) -> None:
        """Commit the pending files in one transaction. If the database refuses it, write them
        one at a time instead, so only a file whose own rows it refuses is lost, as an
        `unstorable` failure, and the batch goes on."""
        if not self.pending:
            return
        try:
            self._write(self.pending)
            written = self.pending
        except ROW_ERRORS:
            written = [self._write_alone(entry) for entry in self.pending]
        if self.jsonl:
            self.jsonl.write("".join(entry.line for entry in written))
            self.jsonl.flush()
        self._reset()

    def _write_alone(self, entry: Pending) -> Pending:
        """One file in its own transaction; when its rows are refused, its failure instead."""
        try:
            self._write([entry])
            return entry
        except ROW_ERRORS as e:
            if entry.failure is not None:
                raise  # not even a failure row could be written: the database itself is the problem
            failure = Failure.unstorable(entry.path, str(e))
            stand_in = _failure_entry(entry.path, entry.sha, failure)
            self._write([stand_in])
            self.unstorable.append(failure)
            return stand_in

    def _write(self, entries: list[Pending]) -> None:
        with self._transaction():
            for sha in {e.sha for e in entries if e.replaces_content}:  # a file extracted again replaces its old rows
                for table in FILE_TABLES:
                    self.con.execute(f'DELETE FROM "{table}" WHERE sha256 = ?', [sha])
            for entry in entries:
                if entry.failure is not None:
                    self.con.execute("DELETE FROM failures WHERE path = ?", [entry.path])
            for table in TABLES:
                rows = [row for entry in entries for row in entry.rows.get(table, ())]
                if rows:
                    self._insert(table, rows)

    @contextmanager
    def _transaction(self):
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    def _insert(self, table: str, rows: list[tuple], conflict: str = "") -> None:
        names = column_names(table)
        arrow = pa.table({name: pa.array([row[i] for row in rows]) for i, name in enumerate(names)})
        self.con.register("incoming_rows", arrow)
        try:
            self.con.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM incoming_rows {conflict}')
        finally:
            # In a transaction the failed INSERT aborted, unregistering fails too; the next
            # register replaces the view anyway.
            with suppress(duckdb.Error):
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

    def export_workbook(self, path: Path, rows_at_once: int = 2000) -> int:
        """Every extracted filing into an Excel workbook (workbook.py): the filings, then each
        record table as a sheet, rows streamed from the database in the order they were stored
        (a filing's rows together, filings in the order of the filings sheet), never the whole
        records. Python holds the filings' paths and, to link findings to rows, the places the
        findings name. The files that failed are listed among the problems. How many filings
        were written."""
        from ..workbook import LINKED_SHEETS, Workbook, evidence_place, finding_row, row_place, write_workbook

        self.flush()
        files = dict(self.con.execute("SELECT sha256, path FROM reports WHERE status = 'ok' ORDER BY rowid").fetchall())
        named = {evidence_place(row["sha256"], e) for row in self._dicts("SELECT sha256, evidence FROM findings", rows_at_once)
                 if row["sha256"] in files for e in json.loads(row["evidence"] or "[]")}

        def fill(book: Workbook) -> int:
            for row in self._dicts(_FILINGS_QUERY, rows_at_once):
                book.add("filings", {**row, "file": row["path"], "projects": "；".join(row["projects"] or [])})
            places: dict[tuple, tuple[str, int]] = {}
            for sheet in LINKED_SHEETS:
                for row in self._dicts(f'SELECT * FROM "{sheet}"', rows_at_once):
                    if row["sha256"] in files:
                        place = book.add(sheet, {**row, "file": files[row["sha256"]]})
                        key = row_place(sheet, row["sha256"], row)
                        if key in named:
                            places.setdefault(key, place)
            for row in self._dicts("SELECT * FROM findings", rows_at_once):
                if row["sha256"] in files:
                    book.add("findings", finding_row(files[row["sha256"]], row["sha256"], row, places))
            for row in self._dicts("SELECT * FROM problems", rows_at_once):
                if row["sha256"] in files:
                    book.add("problems", {**row, "file": files[row["sha256"]]})
            for file, kind, message in self.con.execute(
                    "SELECT path, error_class, message FROM failures ORDER BY path").fetchall():
                book.add_failure(file, kind, message)
            return len(files)

        return write_workbook(path, fill)

    def _dicts(self, query: str, rows_at_once: int):
        """A query's rows as dicts, streamed a few thousand at a time through an Arrow reader on a
        cursor of its own (an executed query would be held whole)."""
        cursor = self.con.cursor()
        try:
            yield from _streamed(cursor, query, rows_at_once)
        finally:
            cursor.close()


# The filings sheet: each stored filing with its counts of findings by severity and of problems.
_FILINGS_QUERY = """
SELECT r.sha256, r.path, r.format, r.department, r.year, r.projects, r.filler, r.fill_date,
       coalesce(f.errors, 0) AS errors, coalesce(f.warnings, 0) AS warnings, coalesce(f.infos, 0) AS infos,
       coalesce(p.problems, 0) AS problems
FROM reports r
LEFT JOIN (SELECT sha256, count(*) FILTER (WHERE severity = 'error') AS errors,
                  count(*) FILTER (WHERE severity = 'warning') AS warnings,
                  count(*) FILTER (WHERE severity = 'info') AS infos FROM findings GROUP BY sha256) f USING (sha256)
LEFT JOIN (SELECT sha256, count(*) AS problems FROM problems GROUP BY sha256) p USING (sha256)
WHERE r.status = 'ok'
ORDER BY r.rowid
"""


def _streamed(cursor, query: str, rows_at_once: int = 500):
    for batch in cursor.sql(query).to_arrow_reader(rows_at_once):
        yield from batch.to_pylist()


def _failure_entry(path: str, sha: str | None, failure: Failure) -> Pending:
    return Pending(path, sha, {"failures": [in_column_order("failures", failure_row(path, sha, failure))]},
                   _failure_line(path, sha, failure), replaces_content=sha is not None, failure=failure)


def _failure_line(path: str, sha: str | None, failure: Failure) -> str:
    return json.dumps({"sha256": sha, "path": path, "error": {
        "class": failure.kind, "message": failure.message, "exit_code": failure.exit_code}}, ensure_ascii=False) + "\n"


# Every line this module writes starts with its sha256 (or null) and path, so the keys of a long
# JSONL are read without parsing the records; a line written otherwise is parsed whole.
_LINE_KEYS = re.compile(r'\{"sha256": (?:"([0-9a-f]{64})"|null), "path": ("(?:[^"\\]|\\.)*")')


def jsonl_keys(path: Path) -> tuple[set[str], set[str]]:
    """The contents (sha256) a JSONL file has lines for, and the paths of its lines without one."""
    shas: set[str] = set()
    paths: set[str] = set()
    if not path.exists():
        return shas, paths
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            sha, where = _keys_of(line)
            if sha:
                shas.add(sha)
            elif where is not None:
                paths.add(where)
    return shas, paths


def _keys_of(line: str) -> tuple[str | None, str | None]:
    match = _LINE_KEYS.match(line)
    if match:
        return match[1], json.loads(match[2])
    try:
        entry = json.loads(line)
    except ValueError:
        return None, None  # not a line of ours: nothing it stands for
    if not isinstance(entry, dict):
        return None, None
    sha, where = entry.get("sha256"), entry.get("path")
    return (sha if isinstance(sha, str) else None), (where if isinstance(where, str) else None)


def open_jsonl(path: Path, chunk: int = 1 << 16):
    """Append to a JSONL file, first cutting a torn last line a killed run may have left. The
    file is read backwards from its end to the last line break, never whole (a JSONL of
    thousands of records runs to gigabytes)."""
    path = Path(path)
    if path.exists() and path.stat().st_size:
        with open(path, "rb+") as f:
            end = f.seek(0, os.SEEK_END)
            f.seek(end - 1)
            if f.read(1) != b"\n":
                f.truncate(_after_last_break(f, end, chunk))
    return open(path, "a", encoding="utf-8")


def _after_last_break(f, end: int, chunk: int) -> int:
    """Where the file's last line starts: just after its last line break, or 0."""
    at = end
    while at > 0:
        start = max(0, at - chunk)
        f.seek(start)
        found = f.read(at - start).rfind(b"\n")
        if found >= 0:
            return start + found + 1
        at = start
    return 0


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")

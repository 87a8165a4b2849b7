"""Batch internals: the typed results workers send back, how a failure's kind is decided (by
exception type and exit signal, never by its words), values a DECIMAL column cannot hold, rows
built by column name, and which modules may import batch."""
import ast
import copy
import faulthandler
import json
import multiprocessing
import os
import pickle
import signal
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from test_batch import batch, count

from extractor.batch import isolate
from extractor.batch.results import Extracted, Failure, Prepared
from extractor.batch.schema import (
    DEC,
    TABLES,
    column_names,
    failure_row,
    fit_decimal,
    in_column_order,
    now,
    prepare,
    report_row,
    rows_of,
    source_row,
)
from extractor.batch.store import Store
from extractor.errors import CorruptFile, TooLarge
from extractor.pipeline import extract_file

from builder import Para, Table
from conftest import ROOT, SAMPLES

THIRTY_DIGITS = "123456789012345678901234567890"
TOO_LONG = f"30 digits before the decimal point; {DEC} holds 28"


@pytest.fixture(scope="module")
def seed_record():
    return extract_file(SAMPLES / "seed.docx").model_dump(mode="json")


@pytest.fixture(scope="module")
def planted_record():
    return extract_file(SAMPLES / "p1_school_planted.docx").model_dump(mode="json")


def variant(record, sha_letter):
    """A copy of the record that the store takes for a different file."""
    other = copy.deepcopy(record)
    other["source"]["sha256"] = sha_letter * 64
    return other


# ---------------------------------------------------------------- typed results


def test_results_cross_a_process_boundary_unchanged():
    prepared = Prepared("a" * 64, "x.docx", {"reports": [("a" * 64, "x.docx")]}, '{"sha256": "aaa"}\n')
    results = [Extracted(prepared, 1.5), Failure("crashed", "x.docx: the worker died", 70, signal=9)]
    assert [pickle.loads(pickle.dumps(r)) for r in results] == results
    assert [(r.ok, r.recycles_worker) for r in results] == [(True, False), (False, True)]


def test_the_kind_of_a_failure_comes_from_the_exception_type_not_its_words():
    assert Failure.of_exception(MemoryError(), "/tmp/copy.pdf", "filings/a.pdf") == \
        Failure("out_of_memory", "filings/a.pdf: over the memory limit", 6)
    assert Failure.of_exception(ValueError("out of memory, allegedly"), "a.pdf") == \
        Failure("internal", "a.pdf: internal error: ValueError: out of memory, allegedly", 70)
    assert Failure.of_exception(TooLarge("over the memory limit of the table", "a.pdf"), "a.pdf") == \
        Failure("too_large", "a.pdf: over the memory limit of the table", 6)
    assert Failure.of_exception(CorruptFile("damaged zip container", "/tmp/copy.docx"), "/tmp/copy.docx", "b.docx") == \
        Failure("corrupt", "b.docx: damaged zip container", 4)
    recycling = {kind: Failure(kind, "memory", 6).recycles_worker
                 for kind in ("out_of_memory", "too_large", "crashed", "timeout", "internal", "unstorable")}
    assert recycling == {"out_of_memory": True, "too_large": False, "crashed": True, "timeout": True,
                         "internal": False, "unstorable": False}


def _allocate_too_much(path, options, name=None):
    return bytearray(1024 * isolate.MiB)


def test_a_memory_error_under_the_memory_cap_is_out_of_memory(monkeypatch):
    monkeypatch.setattr(isolate, "extract_payload", _allocate_too_much)  # the forked child inherits it
    assert isolate.run_isolated("a.docx", {}, timeout=60, memory_mb=64) == \
        Failure("out_of_memory", "a.docx: over the memory limit", 6)


@pytest.mark.parametrize("number, name", [(signal.SIGKILL, "SIGKILL"), (signal.SIGSEGV, "SIGSEGV")])
def test_a_child_killed_by_a_signal_is_told_by_its_signal(monkeypatch, number, name):
    def die(path, options, name=None):
        faulthandler.disable()  # pytest's would print a traceback for the SIGSEGV on its way out
        os.kill(os.getpid(), number)

    monkeypatch.setattr(isolate, "extract_payload", die)
    failure = isolate.run_isolated("/tmp/copy.docx", {}, timeout=60, memory_mb=None, name="a.docx")
    assert failure == Failure("crashed", f"a.docx: the worker died (killed by signal {int(number)}, {name})", 70,
                              signal=int(number))
    assert failure.recycles_worker


def test_a_child_that_exits_without_an_answer_is_told_by_its_exit_status(monkeypatch):
    monkeypatch.setattr(isolate, "extract_payload", lambda path, options, name=None: os._exit(3))
    assert isolate.run_isolated("a.docx", {}, timeout=60, memory_mb=None) == \
        Failure("crashed", "a.docx: the worker died (exit status 3)", 70)


class FakeConnection:
    """The worker's end of its pipe: hands out paths, keeps what is sent back."""

    def __init__(self, paths, refuse_first_send_with=None):
        self.paths, self.sent, self.closed = list(paths), [], False
        self.refuse = refuse_first_send_with

    def recv(self):
        if not self.paths:
            raise EOFError
        return self.paths.pop(0)

    def send(self, result):
        if self.refuse:
            error, self.refuse = self.refuse, None
            raise error
        self.sent.append(result)

    def close(self):
        self.closed = True


def test_a_warm_worker_leaves_after_out_of_memory_by_its_kind(monkeypatch):
    outcomes = {"limit.docx": Failure("too_large", "limit.docx: over the memory limit of 2000 pages", 6),
                "big.docx": Failure.out_of_memory("big.docx"),
                "after.docx": Failure("corrupt", "after.docx: damaged", 4)}
    monkeypatch.setattr(isolate, "extract_payload", lambda path, options, name=None: outcomes[path])
    conn = FakeConnection(["limit.docx", "big.docx", "after.docx"])
    isolate._worker_main(conn, {}, None, max_tasks=10)
    assert conn.sent == [outcomes["limit.docx"], outcomes["big.docx"]]  # "memory" in a message decides nothing
    assert conn.paths == ["after.docx"] and conn.closed


def test_a_worker_whose_result_is_too_big_to_send_reports_out_of_memory_and_leaves(monkeypatch):
    extracted = Extracted(Prepared("a" * 64, "a.docx", {}, ""), 0.1)
    monkeypatch.setattr(isolate, "extract_payload", lambda path, options, name=None: extracted)
    conn = FakeConnection(["a.docx", "b.docx"], refuse_first_send_with=MemoryError())
    isolate._worker_main(conn, {}, None, max_tasks=10)
    assert conn.sent == [Failure.out_of_memory("a.docx")] and conn.paths == ["b.docx"]


def _refuse(*args, **kwargs):
    raise AssertionError("a worker or the fork server was started")


def test_no_tasks_start_no_worker(monkeypatch):
    monkeypatch.setattr(isolate, "Worker", _refuse)
    monkeypatch.setattr(isolate, "_worker_context", _refuse)
    assert list(isolate.run_children(iter([]), 2, {}, timeout=60, memory_mb=None)) == []


def test_a_warm_worker_killed_mid_file_is_reported_by_signal_and_replaced():
    files = [str(SAMPLES / name) for name in ("seed.docx", "v1_school.docx", "v2_hospital.docx")]

    before = set(multiprocessing.active_children())

    def tasks():
        yield files[0], "first"
        # The first worker has just been handed its file: kill it, as the kernel's OOM killer would.
        (worker,) = set(multiprocessing.active_children()) - before
        os.kill(worker.pid, signal.SIGKILL)
        worker.join()
        yield files[1], "second"
        yield files[2], "third"

    results = {tag: result for tag, _, result in isolate.run_children(tasks(), 2, {}, timeout=120, memory_mb=None)}
    assert results["first"] == Failure("crashed", f"{files[0]}: the worker died (killed by signal 9, SIGKILL)", 70,
                                       signal=9)
    assert [type(results[tag]) for tag in ("second", "third")] == [Extracted, Extracted]
    assert results["third"].prepared.path == files[2]
    assert set(multiprocessing.active_children()) <= before  # every worker stopped at the end


def test_an_idle_warm_worker_that_died_between_files_is_replaced():
    files = [str(SAMPLES / name) for name in ("v1_school.docx", "v2_hospital.docx")]
    before = set(multiprocessing.active_children())

    def tasks():
        yield files[0], "first"
        # Asked for the next file, the pool has one idle worker: kill it before it is handed one.
        (worker,) = set(multiprocessing.active_children()) - before
        os.kill(worker.pid, signal.SIGKILL)
        worker.join()
        yield files[1], "second"

    results = {tag: result for tag, _, result in isolate.run_children(tasks(), 1, {}, timeout=120, memory_mb=None)}
    assert [type(results[tag]) for tag in ("first", "second")] == [Extracted, Extracted]
    assert results["second"].prepared.path == files[1]
    assert set(multiprocessing.active_children()) <= before


# ---------------------------------------------------------------- values DECIMAL(38, 10) cannot hold


@pytest.mark.parametrize("value, held, problem", [
    ("2436", "2436", None),
    ("22502.64", "22502.64", None),
    ("1E+5", "100000", None),
    ("0.00000000005", "1E-10", None),  # 11 decimals: rounded half up, no problem
    ("0.00000000004", "0E-10", None),
    ("1.123456789050", "1.1234567891", None),
    ("1234567890123456789012345678", "1234567890123456789012345678", None),  # 28 digits: held
    ("12345678901234567890123456789", None, f"29 digits before the decimal point; {DEC} holds 28"),
    (THIRTY_DIGITS, None, TOO_LONG),
    ("1.234567890123456789012345679E+29", None, TOO_LONG),
    ("9" * 28 + ".99999999995", None, f"29 digits before the decimal point; {DEC} holds 28"),  # the carry
    ("NaN", None, "not a finite number"),
    ("万元", None, "not a number"),
    (None, None, None),
])
def test_a_value_for_a_decimal_column_is_fitted(value, held, problem):
    fitted, why = fit_decimal(value)
    assert (None if fitted is None else Decimal(fitted), why) == (None if held is None else Decimal(held), problem)


def rows(db, sql, params=()):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params).fetchall()


def test_a_30_digit_amount_is_stored_as_null_and_noted_as_a_problem(seed_record, tmp_path):
    record = copy.deepcopy(seed_record)
    total = record["funds"]["rows"][0]  # 年度资金总额 of the department form, the only funds row of attachment 2
    total["executed"]["value"] = THIRTY_DIGITS
    total["budget_full"]["value"] = "22502.640000000050"  # 12 decimals: rounded half up, no problem
    db = tmp_path / "out.duckdb"
    store = Store(db)
    store.write_record("seed.docx", record)
    store.close()
    sha = record["source"]["sha256"]
    assert rows(db, "SELECT label, budget_initial, budget_full, executed FROM funds WHERE attachment = 2") == \
        [("年度资金总额", Decimal("1626"), Decimal("22502.6400000001"), None)]
    assert rows(db, "SELECT * FROM problems") == [(sha, "store", "funds.executed", "funds", "executed", THIRTY_DIGITS, TOO_LONG)]
    assert count(db, "SELECT count(*) FROM funds") == len(record["funds"]["rows"])
    assert rows(db, "SELECT status FROM reports") == [("ok",)]
    stored = json.loads(rows(db, "SELECT record FROM reports")[0][0])
    assert stored["funds"]["rows"][0]["executed"]["value"] == THIRTY_DIGITS  # the record keeps every digit


def test_a_file_whose_rows_the_database_refuses_fails_alone(seed_record, tmp_path):
    refused = variant(seed_record, "b")
    refused["references"][0]["year"] = 10 ** 12  # past what the INTEGER column holds: not a DEC value
    db, jsonl = tmp_path / "out.duckdb", tmp_path / "out.jsonl"
    store = Store(db, jsonl, group=10, seconds=3600)  # the three files in one group transaction
    for path, record in (("a.docx", seed_record), ("b.docx", refused), ("c.docx", variant(seed_record, "c"))):
        store.write_record(path, record)
    store.close()

    assert sorted(r[0] for r in rows(db, "SELECT path FROM reports")) == ["a.docx", "c.docx"]
    assert count(db, 'SELECT count(*) FROM "references"') == 2 * len(seed_record["references"])
    ((path, sha, kind, message, exit_code),) = rows(db, "SELECT path, sha256, error_class, message, exit_code FROM failures")
    assert (path, sha, kind, exit_code) == ("b.docx", "b" * 64, "unstorable", 70)
    assert message.startswith("b.docx: the database refused its rows: Conversion Error: ") and "1000000000000" in message
    assert store.unstorable == [Failure("unstorable", message, 70)]
    lines = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert [line["path"] for line in lines] == ["a.docx", "b.docx", "c.docx"]
    assert lines[1]["error"] == {"class": "unstorable", "message": message, "exit_code": 70}

    reopened = Store(db)
    assert (reopened.done(), reopened.failed()) == ({seed_record["source"]["sha256"], "c" * 64}, {"b" * 64})
    reopened.close()


def test_a_filing_with_a_30_digit_amount_goes_through_batch(make_docx, tmp_path):
    huge = make_docx([Para("附件1"), Para("2022年度部门整体支出绩效自评报告"), Para("一、基本情况"),
                      Para(f"到位资金{THIRTY_DIGITS}万元。"), Table([["编制数", "121"]])], name="huge")
    folder = tmp_path / "in"
    folder.mkdir()
    huge.rename(folder / "huge.docx")
    (folder / "seed.docx").write_bytes((SAMPLES / "seed.docx").read_bytes())
    db = tmp_path / "out.duckdb"
    proc = batch(folder, "--db", db, "--jobs", "2", check_code=0)
    assert "2 extracted, 0 failed" in proc.stderr.decode()
    figure = rows(db, "SELECT f.value, f.normalised, f.raw FROM figures f JOIN reports r USING (sha256) "
                      "WHERE r.file = 'huge.docx' AND f.raw LIKE '%万元'")
    assert figure == [(None, None, f"{THIRTY_DIGITS}万元")]
    problems = rows(db, "SELECT p.table_name, p.column_name, p.message FROM problems p JOIN reports r USING (sha256) "
                        "WHERE r.file = 'huge.docx' ORDER BY p.column_name")
    assert problems == [("figures", "normalised", TOO_LONG), ("figures", "value", TOO_LONG)]
    assert count(db, "SELECT count(*) FROM funds f JOIN reports r USING (sha256) WHERE r.file = 'seed.docx'") > 0

    proc = batch(folder, "--db", db, "--jobs", "2", check_code=0)
    assert "0 extracted, 0 failed, 2 already done" in proc.stderr.decode()
    assert count(db, "SELECT count(*) FROM problems") == 2


# ---------------------------------------------------------------- rows by column name


def test_every_row_has_exactly_its_tables_columns(seed_record, planted_record):
    made: dict[str, list[dict]] = {name: [] for name in TABLES}
    huge = copy.deepcopy(planted_record)
    huge["funds"]["rows"][0]["executed"]["value"] = THIRTY_DIGITS
    for record in (seed_record, planted_record):
        sha = record["source"]["sha256"]
        made["reports"].append(report_row("x.docx", record, json.dumps(record), 0.5, 100.0, "test"))
        for name, table_rows in rows_of(sha, record).items():
            made[name] += table_rows
    made["failures"].append(failure_row("x.docx", "d" * 64, Failure("corrupt", "x.docx: damaged", 4)))
    made["sources"].append(source_row("d" * 64, "x.docx", 10, now(), now()))
    prepared = prepare("huge.docx", huge, 0.5, 100.0, "test")
    made["problems"] += [dict(zip(column_names("problems"), row, strict=True)) for row in prepared.rows["problems"]]

    for name, table_rows in made.items():
        assert table_rows, name  # every table is checked on real rows
        for row in table_rows:
            assert sorted(row) == sorted(column_names(name)), (name, row)
    for name, tuples in prepare("seed.docx", seed_record, 0.5, 100.0, "test").rows.items():
        assert {len(t) for t in tuples} <= {len(TABLES[name])}, name


def test_a_row_with_a_wrong_column_is_refused_by_name():
    row = {"sha256": "a" * 64, "path": "x.docx", "mtime": None, "first_seen": None, "size_bytes": 10}
    with pytest.raises(ValueError, match=r"sources row with missing columns \['size'\] and unknown columns \['size_bytes'\]"):
        in_column_order("sources", row)


# ---------------------------------------------------------------- imports


def imported_modules(path: Path) -> set[str]:
    """Every module a source file imports, relative imports resolved against its package."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package if node.level else ""
            module = ".".join(p for p in (base, node.module) if p)
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}
    return found


def test_batch_is_imported_by_none_of_the_parts_it_runs():
    for folder in ("readers", "interpret", "reconcile"):
        for path in (ROOT / "extractor" / folder).rglob("*.py"):
            assert not any(m.startswith("extractor.batch") for m in imported_modules(path)), path
    batch_imports = set().union(*(imported_modules(p) for p in (ROOT / "extractor" / "batch").glob("*.py")))
    assert not any(m.startswith("extractor.cli") for m in batch_imports)
    assert "extractor.logs.quiet_libraries" in imported_modules(ROOT / "extractor" / "batch" / "isolate.py")


def test_the_parts_a_record_lost_are_stored_as_problems(seed_record, tmp_path):
    record = copy.deepcopy(seed_record)
    record["problems"] = [{"stage": "interpret.figures", "where": {"attachment": 3, "block": 40},
                           "message": "StopIteration: planted"}]
    db = tmp_path / "problems.duckdb"
    store = Store(db)
    store.write_record("seed.docx", record)
    store.close()
    with duckdb.connect(str(db), read_only=True) as con:
        stored = con.execute("SELECT stage, location, table_name, message FROM problems").fetchall()
    assert stored == [("interpret.figures", "attachment 3, block 40", None, "StopIteration: planted")]


def test_a_database_made_before_a_column_was_added_takes_new_records(seed_record, tmp_path):
    # An earlier version's findings table had no pairing column; a rerun into it must not fail.
    db = tmp_path / "out.duckdb"
    Store(db).close()
    with duckdb.connect(str(db)) as con:
        con.execute('ALTER TABLE "findings" DROP COLUMN pairing')
    store = Store(db)
    store.write_record("seed.docx", seed_record)
    store.close()
    stored = rows(db, "SELECT rule, pairing FROM findings WHERE rule = 'figure.mismatch'")
    assert [rule for rule, _ in stored] == ["figure.mismatch"] and "到位资金" in stored[0][1]


@pytest.mark.parametrize("content, kept", [
    (b'{"a": 1}\n{"b": 2}\n{"c": 3', b'{"a": 1}\n{"b": 2}\n'),  # a torn last line is cut
    (b'{"a": 1}\n{"b": 2}\n', b'{"a": 1}\n{"b": 2}\n'),  # whole lines are kept
    (b'{"torn', b""),  # nothing whole
    (b'{"a": 1}\n' + b"x" * 50, b'{"a": 1}\n'),  # the last break lies chunks back from the end
])
def test_a_jsonl_is_opened_with_its_torn_last_line_cut(tmp_path, content, kept):
    from extractor.batch.store import open_jsonl

    path = tmp_path / "out.jsonl"
    path.write_bytes(content)
    with open_jsonl(path, chunk=4) as f:
        f.write('{"d": 4}\n')
    assert path.read_bytes() == kept + b'{"d": 4}\n'

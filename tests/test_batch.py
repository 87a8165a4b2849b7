"""extract batch: the database it fills, resuming after a kill, and the same run on Dask."""
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone

import duckdb
import pytest

from conftest import SAMPLES
from copies import distinct_copies

SCHEMA_TABLES = ["reports", "funds", "funds_breakdown", "indicators", "rubric", "basic_data", "totals", "figures",
                 "dates", "references", "findings", "failures", "problems", "sources"]
VOLATILE = {"seconds", "peak_rss_mb", "extracted_at", "failed_at", "first_seen"}


def batch(*args, check_code=None):
    proc = subprocess.run([sys.executable, "-m", "extractor.cli", "batch", *map(str, args)],
                          capture_output=True, timeout=900)
    if check_code is not None:
        assert proc.returncode == check_code, proc.stderr.decode()
    return proc


def table(db, name):
    with duckdb.connect(str(db), read_only=True) as con:
        cols = [c[0] for c in con.execute(f'DESCRIBE "{name}"').fetchall() if c[0] not in VOLATILE]
        return sorted(con.execute(f'SELECT {", ".join(cols)} FROM "{name}"').fetchall(), key=repr)


def count(db, sql):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchone()[0]


@pytest.fixture(scope="module")
def filings(tmp_path_factory):
    """The sample filings and the broken ones, without the corpora that live under samples/
    (samples/real, samples/generated): what a batch over a folder of filings sees."""
    folder = tmp_path_factory.mktemp("filings")
    for path in [*SAMPLES.glob("*.docx"), *SAMPLES.glob("*.pdf"), *(SAMPLES / "broken").iterdir()]:
        target = folder / path.relative_to(SAMPLES)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return folder


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory, filings):
    db = tmp_path_factory.mktemp("batch") / "out.duckdb"
    proc = batch(filings, "--db", db, "--jsonl", db.with_suffix(".jsonl"), "--parquet", db.parent / "parquet",
                 "--jobs", "2", "--silent")
    assert proc.returncode == 1  # the broken samples failed; everything else was extracted
    return db


def test_batch_over_samples_fills_every_table(samples_db, filings):
    for name in SCHEMA_TABLES:
        if name != "problems":
            assert count(samples_db, f'SELECT count(*) FROM "{name}"') > 0, name
    assert count(samples_db, "SELECT count(*) FROM problems") == 0  # every sample value fits its column
    files = sorted(p for p in filings.rglob("*") if p.suffix in (".docx", ".pdf"))
    assert sorted(row[1] for row in table(samples_db, "sources")) == sorted(map(str, files))
    assert count(samples_db, "SELECT count(*) FROM reports WHERE status = 'ok'") == len(list(filings.glob("*.docx"))) * 2
    failures = table(samples_db, "failures")
    assert sorted((os.path.basename(f[0]), f[2], f[4]) for f in failures) == [
        ("bad-xml.docx", "corrupt", 4), ("truncated.docx", "corrupt", 4), ("truncated.pdf", "corrupt", 4)]
    lines = samples_db.with_suffix(".jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 15 and sum("error" in json.loads(line) for line in lines) == 3
    for name in SCHEMA_TABLES:
        exported = samples_db.parent / "parquet" / f"{name}.parquet"
        assert count(samples_db, f"SELECT count(*) FROM read_parquet('{exported}')") == \
            count(samples_db, f'SELECT count(*) FROM "{name}"'), name


def test_seed_rows_are_typed(samples_db):
    with duckdb.connect(str(samples_db), read_only=True) as con:
        executed = con.execute("SELECT f.executed FROM funds f JOIN reports r USING (sha256) "
                               "WHERE r.file = 'seed.docx' AND f.label = '当年财政拨款'").fetchone()[0]
        assert str(executed).rstrip("0").rstrip(".") == "2436"
        assert con.execute("SELECT count(*) FROM indicators i JOIN reports r USING (sha256) "
                           "WHERE r.file = 'seed.docx'").fetchone()[0] == 20
        mismatch = con.execute("SELECT found, expected, diagnosis FROM findings f JOIN reports r USING (sha256) "
                               "WHERE r.file = 'seed.pdf' AND f.rule = 'figure.mismatch'").fetchall()
        assert mismatch == [("2346万元", "2436万元", "数字颠倒（两位数字互换）")]


def test_rerun_skips_what_is_done_and_retries_failures_on_request(samples_db, filings, tmp_path):
    before = {name: table(samples_db, name) for name in SCHEMA_TABLES}
    proc = batch(filings, "--db", samples_db, "--jobs", "2")
    assert proc.returncode == 0 and "0 extracted, 0 failed, 15 already done" in proc.stderr.decode()
    assert {name: table(samples_db, name) for name in SCHEMA_TABLES} == before
    proc = batch(filings, "--db", samples_db, "--retry-failed", "--silent")
    assert proc.returncode == 1
    assert count(samples_db, "SELECT count(*) FROM failures") == 3



def test_lines_the_jsonl_lacks_are_written_from_the_database_on_the_rerun(samples_db, filings, tmp_path):
    """A run killed after a commit and before its JSONL lines leaves files the rerun skips: their
    lines come from the database, once, and match what the first run would have written."""
    db = tmp_path / "out.duckdb"
    shutil.copyfile(samples_db, db)
    whole = samples_db.with_suffix(".jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    ok = [line for line in whole if '"record": ' in line]
    failed = [line for line in whole if '"error": ' in line]
    assert len(ok) == 12 and len(failed) == 3
    cut = tmp_path / "out.jsonl"
    cut.write_text("".join(ok[:5] + failed[1:]) + ok[5][:40], encoding="utf-8")  # and a torn last line

    batch(filings, "--db", db, "--jsonl", cut, "--silent")
    lines = cut.read_text(encoding="utf-8").splitlines(keepends=True)
    assert sorted(lines) == sorted(whole)
    batch(filings, "--db", db, "--jsonl", cut, "--silent")
    assert sorted(cut.read_text(encoding="utf-8").splitlines(keepends=True)) == sorted(whole)

README_QUERIES = {
    "narrative contradicts a table": """
        SELECT r.department, r.year, r.file, f.found, f.expected, f.diagnosis
        FROM findings f JOIN reports r USING (sha256)
        WHERE f.rule = 'figure.mismatch'
        ORDER BY r.file, f.found""",
    "full marks despite unmet targets": """
        SELECT r.department, r.year, count(*) AS indicators
        FROM findings f JOIN reports r USING (sha256)
        WHERE f.rule = 'score.full_marks_unmet'
        GROUP BY ALL ORDER BY ALL""",
    "执行数 by department and year": """
        SELECT department, year, sum(executed) AS executed_wan_yuan
        FROM (SELECT DISTINCT r.department, r.year, f.project, f.executed
              FROM funds f JOIN reports r USING (sha256)
              WHERE f.part_of IS NULL AND f.label = '年度资金总额')
        GROUP BY ALL ORDER BY ALL""",
    "content at more than one path": """
        SELECT s.sha256, r.file, count(*) AS paths, list(s.path ORDER BY s.path) AS found_at
        FROM sources s LEFT JOIN reports r USING (sha256)
        GROUP BY s.sha256, r.file HAVING count(*) > 1
        ORDER BY r.file, s.sha256""",
}


def test_the_readme_queries(samples_db):
    readme = (SAMPLES.parent / "README.md").read_text(encoding="utf-8")
    with duckdb.connect(str(samples_db), read_only=True) as con:
        results = {name: con.execute(sql).fetchall() for name, sql in README_QUERIES.items()}
    for sql in README_QUERIES.values():
        assert " ".join(sql.split()) in " ".join(readme.split())
    contradictions = results["narrative contradicts a table"]
    assert ("华容县住房和城乡建设局", 2022, "seed.docx", "2346万元", "2436万元", "数字颠倒（两位数字互换）") in contradictions
    assert results["full marks despite unmet targets"] == [("沅北县农业农村局", 2022, 2)]  # p2, as .docx and .pdf
    executed = {(d, y): float(v) for d, y, v in results["执行数 by department and year"]}
    assert executed[("华容县住房和城乡建设局", 2022)] == 22502.64 + 5029
    assert results["content at more than one path"] == []  # every sample is a different file


def test_every_path_of_a_content_is_kept_and_a_rerun_adds_none(tmp_path):
    folder = tmp_path / "in"
    for where in ("a", "b"):
        (folder / where).mkdir(parents=True)
        shutil.copyfile(SAMPLES / "seed.docx", folder / where / "seed.docx")
    shutil.copyfile(SAMPLES / "v1_school.docx", folder / "a" / "v1_school.docx")
    db = tmp_path / "out.duckdb"
    proc = batch(folder, "--db", db, "--jobs", "1", check_code=0)
    assert "2 extracted, 0 failed, 0 already done, 1 duplicate contents" in proc.stderr.decode()
    seed_sha = hashlib.sha256((SAMPLES / "seed.docx").read_bytes()).hexdigest()
    with duckdb.connect(str(db), read_only=True) as con:
        duplicates = con.execute(README_QUERIES["content at more than one path"]).fetchall()
        first = con.execute("SELECT path, first_seen FROM sources ORDER BY path").fetchall()
    assert duplicates == [(seed_sha, "seed.docx", 2, [str(folder / "a" / "seed.docx"), str(folder / "b" / "seed.docx")])]
    assert [p for p, _ in first] == [str(folder / "a" / "seed.docx"), str(folder / "a" / "v1_school.docx"),
                                      str(folder / "b" / "seed.docx")]
    assert count(db, "SELECT count(*) FROM reports") == 2

    touched = datetime(2021, 5, 6, 7, 8, 9)
    os.utime(folder / "b" / "seed.docx", (touched.replace(tzinfo=timezone.utc).timestamp(),) * 2)
    proc = batch(folder, "--db", db, "--jobs", "1", check_code=0)
    assert "0 extracted, 0 failed, 3 already done" in proc.stderr.decode()
    with duckdb.connect(str(db), read_only=True) as con:
        again = con.execute("SELECT path, first_seen FROM sources ORDER BY path").fetchall()
        mtime = con.execute("SELECT mtime FROM sources WHERE path = ?", [str(folder / "b" / "seed.docx")]).fetchone()[0]
    assert again == first  # no row added, first_seen kept
    assert mtime == touched  # the mtime brought up to date


def test_a_rerun_with_nothing_to_do_starts_no_worker(samples_db, filings, monkeypatch):
    from extractor.batch import isolate
    from extractor.batch.runner import Options, run

    def refuse(*args, **kwargs):
        raise AssertionError("a worker or the fork server was started with nothing to do")

    monkeypatch.setattr(isolate, "Worker", refuse)
    monkeypatch.setattr(isolate, "_worker_context", refuse)
    summary = run([filings], samples_db, Options(jobs=2))
    assert (summary.extracted, summary.failed, summary.already_done) == (0, 0, 15)


def _copies(folder, n):
    distinct_copies(folder, n)
    return folder


def test_a_killed_run_resumes_without_losing_or_doubling_anything(tmp_path):
    files = _copies(tmp_path / "in", 24)
    reference = tmp_path / "reference.duckdb"
    batch(files, "--db", reference, "--jobs", "2", "--silent", check_code=0)

    db, jsonl = tmp_path / "killed.duckdb", tmp_path / "killed.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "extractor.cli", "batch", str(files), "--db", str(db),
                             "--jsonl", str(jsonl), "--jobs", "2", "--silent"], start_new_session=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and (not jsonl.exists() or jsonl.read_text(encoding="utf-8").count("\n") < 5):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert jsonl.read_text(encoding="utf-8").count("\n") < 24  # it was stopped part way

    batch(files, "--db", db, "--jsonl", jsonl, "--jobs", "2", "--silent", check_code=0)
    assert count(db, "SELECT count(*) FROM (SELECT sha256 FROM reports GROUP BY sha256 HAVING count(*) > 1)") == 0
    for name in SCHEMA_TABLES:
        if name != "reports":
            assert table(db, name) == table(reference, name), name
    assert [r[:-1] for r in table(db, "reports")] == [r[:-1] for r in table(reference, "reports")]
    lines = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert len({line["sha256"] for line in lines}) == 24


def test_dask_local_cluster_fills_the_same_database(tmp_path):
    from distributed import LocalCluster

    files = _copies(tmp_path / "in", 8)
    local_db, dask_db = tmp_path / "local.duckdb", tmp_path / "dask.duckdb"
    batch(files, "--db", local_db, "--jobs", "2", "--silent", check_code=0)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        batch(files, "--db", dask_db, "--scheduler", cluster.scheduler_address, "--silent", check_code=0)
    for name in SCHEMA_TABLES:
        assert table(dask_db, name) == table(local_db, name), name


def test_extra_rules_are_loaded_once_and_applied_in_the_workers(make_docx, tmp_path):
    from builder import Para

    path = make_docx([Para("附件1"), Para("2022年度部门整体支出绩效自评报告"), Para("一、基本情况"),
                      Para("2022年收入合计100.00万元。一般公共预算拨款50.00万元，政府性基金拨款40.00万元。")], name="income")
    rules = tmp_path / "more-rules.toml"
    rules.write_text('[[sum]]\ntotal = "收入合计"\nparts = ["一般公共预算", "政府性基金"]\n', encoding="utf-8")
    db = tmp_path / "rules.duckdb"
    batch(path, "--db", db, "--rules", rules, "--jobs", "1", "--silent", check_code=0)
    with duckdb.connect(str(db), read_only=True) as con:
        found = con.execute("SELECT rule, found, expected FROM findings").fetchall()
    assert found == [("sum.parts", "90万元", "100万元")]

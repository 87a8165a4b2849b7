"""extract batch: find the filings, skip what is done, extract the rest in isolated children
(locally or on a Dask cluster), and write every result as it arrives."""
from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from ..readers.detect import OLE2_MAGIC, ZIP_MAGIC, web_kind
from .isolate import run_children, run_isolated, warm_up
from .results import Extracted, Result
from .schema import now, source_row
from .store import Store


@dataclass
class Options:
    jobs: int = os.cpu_count() or 1
    timeout: float = 60.0
    memory_mb: int | None = 2048
    retry_failed: bool = False
    scheduler: str | None = None
    extract: dict = field(default_factory=dict)  # limits, rules (a RuleData loaded once, or None), password


@dataclass
class Summary:
    found: int = 0
    not_filings: int = 0
    already_done: int = 0
    duplicates: int = 0
    extracted: int = 0
    failed: int = 0
    seconds: float = 0.0


def looks_like_filing(path: Path) -> bool:
    """Worth trying by its first bytes: a PDF, a zip (.docx, .ofd), an OLE2 file (.doc/.wps), a
    TIFF (a scanned filing's pages in one file) or a saved web page (.html, .mht; one that holds no
    filing is then recorded as such, exit 9). A folder's .png and .jpg files are left out: each is
    one page, usually of a filing scanned page by page, not a filing of its own; named on the
    command line, they are read."""
    try:
        with open(path, "rb") as f:
            head = f.read(1024)
    except OSError:
        return False
    return (head.startswith((ZIP_MAGIC, OLE2_MAGIC, b"II*\x00", b"MM\x00*")) or b"%PDF-" in head
            or web_kind(head) is not None)


def discover(inputs: list[Path], summary: Summary) -> list[Path]:
    """Files named on the command line always; files in folders when their bytes look like one."""
    found: list[Path] = []
    for item in inputs:
        if item.is_dir():
            for path in sorted(p for p in item.rglob("*") if p.is_file() and not p.name.startswith(".")):
                if looks_like_filing(path):
                    found.append(path)
                else:
                    summary.not_filings += 1
        else:
            found.append(item)
    summary.found = len(found)
    return found


def sha256_of(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


@dataclass(frozen=True)
class Seen:
    """A file as found on disk: its content hash (None if it could not be read), size, mtime."""

    path: str
    sha256: str | None
    size: int | None = None
    mtime: datetime | None = None


def look_at(path: Path) -> Seen:
    try:
        stat = path.stat()
    except OSError:
        return Seen(str(path), None)
    mtime = datetime.fromtimestamp(stat.st_mtime, timezone.utc).replace(tzinfo=None)
    return Seen(str(path), sha256_of(path), stat.st_size, mtime)


def record_sources(seen: list[Seen], store: Store) -> None:
    """Every path at which a content was found goes into `sources`, whether that content is
    extracted now, was before, or is a duplicate of another path: so copies are found, not lost."""
    first_seen = now()
    store.record_sources([source_row(s.sha256, s.path, s.size, s.mtime, first_seen) for s in seen if s.sha256])


def plan(paths: list[Path], store: Store, options: Options, summary: Summary) -> list[tuple[str, str | None]]:
    """(path, sha256) of the files to extract now: new content only, once per content. Every
    path looked at is recorded in `sources` first."""
    files = [look_at(path) for path in paths]
    record_sources(files, store)
    done, failed = store.done(), store.failed()
    todo, seen = [], set()
    for path, sha in ((f.path, f.sha256) for f in files):
        if sha is not None and (sha in done or (sha in failed and not options.retry_failed)):
            summary.already_done += 1
            continue
        if sha is not None and sha in seen:
            summary.duplicates += 1
            continue
        seen.add(sha)
        todo.append((path, sha))
    return todo


def results_local(todo, options: Options) -> Iterator[tuple[str | None, str, Result]]:
    tasks = ((path, sha) for path, sha in todo)
    yield from run_children(tasks, max(1, options.jobs), options.extract, options.timeout, options.memory_mb)


def results_dask(todo, options: Options) -> Iterator[tuple[str | None, str, Result]]:
    """The same work on a Dask cluster: the file's bytes travel with the task (workers need
    not share a disk), a bounded number in flight, results streamed back to this writer."""
    from distributed import Client, as_completed

    with Client(options.scheduler, timeout="30s") as client:
        window = max(2, 4 * max(1, sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())))
        pending = iter(todo)
        in_flight = as_completed()

        def submit_next() -> bool:
            task = next(pending, None)
            if task is None:
                return False
            path, sha = task
            data = Path(path).read_bytes()
            in_flight.add(client.submit(extract_bytes, path, data, options.extract, options.timeout, options.memory_mb,
                                        key=f"extract-{sha or path}", pure=False))
            return True

        for _ in range(window):
            if not submit_next():
                break
        for future in in_flight:
            path, sha, result = future.result()
            future.release()
            yield sha, path, result
            submit_next()


_warm = False


def extract_bytes(path: str, data: bytes, options: dict, timeout: float, memory_mb: int | None) -> tuple[str, str, Result]:
    """A Dask task: the file's bytes into a private temporary file, extracted in a child."""
    global _warm
    if not _warm:
        warm_up()
        _warm = True
    sha = hashlib.sha256(data).hexdigest()
    with tempfile.TemporaryDirectory(prefix="extractor-dask-") as tmp:
        local = Path(tmp) / f"input{Path(path).suffix}"
        local.write_bytes(data)
        result = run_isolated(str(local), options, timeout, memory_mb, name=path)
    return path, sha, result


def run(inputs: list[Path], db: Path, options: Options, jsonl: Path | None = None, parquet: Path | None = None,
        progress=None, xlsx: Path | None = None) -> Summary:
    summary = Summary()
    start = time.perf_counter()
    store = Store(db, jsonl)
    try:
        todo = plan(discover(inputs, summary), store, options, summary)
        if todo:  # nothing to do starts no worker, fork server or cluster client
            write_results(todo, options, store, summary, progress)
        if parquet:
            store.export_parquet(parquet)
        if xlsx:
            store.export_workbook(xlsx)
    finally:
        store.close()
    count_unstorable(store, summary)
    summary.seconds = time.perf_counter() - start
    return summary


def write_results(todo, options: Options, store: Store, summary: Summary, progress=None) -> None:
    """Extract the planned files (locally or on the cluster) and hand each result to the store."""
    source = results_dask if options.scheduler else results_local
    if progress:
        progress.start(len(todo))
    try:
        for sha, path, result in source(todo, options):
            if isinstance(result, Extracted):
                store.write_prepared(result.prepared)
                summary.extracted += 1
            else:
                store.write_failure(path, sha, result)
                summary.failed += 1
            if progress:
                progress.advance(result.ok)
    finally:
        if progress:
            progress.stop()


def count_unstorable(store: Store, summary: Summary) -> None:
    """A file counted as extracted whose rows the database then refused is a failure after all."""
    summary.extracted -= len(store.unstorable)
    summary.failed += len(store.unstorable)


class Progress:
    """A rich progress bar on stderr: files done, files/s, ETA, failures so far."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled
        self.failures = 0

    def start(self, total: int) -> None:
        if not self.enabled:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as Bar

        self.started = time.perf_counter()
        self.bar = Bar(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]} 份/秒"),
                       TimeRemainingColumn(), TextColumn("失败 {task.fields[failures]}"),
                       console=Console(file=sys.stderr), transient=False)
        self.task = self.bar.add_task("batch", total=total, rate="0.0", failures=0)
        self.bar.start()

    def advance(self, ok: bool) -> None:
        if not self.enabled:
            return
        self.failures += 0 if ok else 1
        done = self.bar.tasks[0].completed + 1
        rate = done / max(time.perf_counter() - self.started, 1e-9)
        self.bar.update(self.task, advance=1, rate=f"{rate:.1f}", failures=self.failures)

    def stop(self) -> None:
        if self.enabled and hasattr(self, "bar"):
            self.bar.stop()

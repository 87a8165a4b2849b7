"""Run one file's extraction in a forked child with a time limit and a memory cap.

The parent (a batch process or a Dask worker) loads the heavy parts once (the segmenter,
patterns, PDF libraries); each file then runs in a child forked from it, which shares them copy-on-write.
A child that hangs is killed at its deadline, one that blows its memory cap fails alone, and
one that crashes is reported: the batch always goes on.
"""
from __future__ import annotations

import os
import pickle
import resource
import select
import signal
import time
from pathlib import Path
from typing import Any

from .results import Extracted, Failure, Result

MiB = 1024 * 1024


def warm_up() -> None:
    """Load what every extraction needs, so forked children start ready."""
    from ..logs import quiet_libraries

    quiet_libraries()
    from ..interpret.figures import rules as figure_rules
    from ..nlp import segment
    from ..readers import pdf  # noqa: F401 - and pdfium, which it loads on first use
    from ..reconcile.ruledata import shipped_rules
    from ..structure import rules as structure_rules
    from ..values import grammar

    try:
        import cryptography.hazmat.primitives.ciphers  # noqa: F401
    except ImportError:
        pass
    segment("预热：到位资金2436万元。")
    grammar(), structure_rules(), figure_rules(), shipped_rules()


def extract_payload(path: str, options: dict, name: str | None = None) -> Result:
    """What a worker sends back: the file's prepared rows and JSONL line (see schema.prepare),
    or its failure. `name` is the path to record when `path` is a copy."""
    from .. import __version__
    from ..limits import Limits
    from ..pipeline import extract_file
    from .schema import prepare

    start = time.perf_counter()
    try:
        report = extract_file(Path(path), Limits(**options.get("limits", {})), options.get("rules"),
                              password=options.get("password"), ocr=options.get("ocr", True))
        record = report.model_dump(mode="json")
        if name:
            record["source"]["file"] = Path(name).name
        seconds = time.perf_counter() - start
        return Extracted(prepare(name or path, record, seconds, _peak_rss_mb(), __version__), seconds)
    except Exception as e:  # one file's failure, whatever it is, must not stop the batch
        return Failure.of_exception(e, path, name)


def cap_memory(memory_mb: int | None) -> None:
    """Let this process grow by at most `memory_mb` beyond what it maps now. The cap is on
    address space, which counts what the libraries already loaded have reserved, so it is set
    above the current size rather than as an absolute number."""
    if not memory_mb:
        return
    try:
        with open("/proc/self/statm") as f:
            current = int(f.read().split()[0]) * resource.getpagesize()
    except OSError:
        current = 0
    limit = current + memory_mb * MiB
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Child:
    """One file's extraction running in a forked child; read its result through a pipe."""

    def __init__(self, path: str, options: dict, timeout: float, memory_mb: int | None, tag=None, name=None):
        self.path, self.tag = name or path, tag
        self.deadline = time.monotonic() + timeout
        self.timeout = timeout
        self.chunks: list[bytes] = []
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            _child(path, options, memory_mb, write_end, name)
        os.close(write_end)
        self.pid, self.fd = pid, read_end

    def read(self) -> bool:
        """Read what is available; True once the child has closed its end."""
        chunk = os.read(self.fd, 1 << 20)
        if chunk:
            self.chunks.append(chunk)
            return False
        return True

    def result(self) -> Result:
        os.close(self.fd)
        _, status = os.waitpid(self.pid, 0)
        if self.chunks:
            return pickle.loads(b"".join(self.chunks))
        return Failure.worker_ended(self.path, os.waitstatus_to_exitcode(status))

    def kill(self) -> Failure:
        os.kill(self.pid, signal.SIGKILL)
        os.close(self.fd)
        os.waitpid(self.pid, 0)
        return Failure.timed_out(self.path, self.timeout)


def _child(path: str, options: dict, memory_mb: int | None, fd: int, name: str | None = None) -> None:
    try:
        cap_memory(memory_mb)
        data = pickle.dumps(extract_payload(path, options, name), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException as e:  # noqa: BLE001 - the child reports everything (a MemoryError pickling too), then exits
        data = pickle.dumps(Failure.of_exception(e, path, name))
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
    finally:
        os._exit(0)


class Worker:
    """A warm process that extracts files one after another, until it is recycled.

    It is forked from the warmed-up parent, caps its own memory, and leaves after `max_tasks`
    files (so memory stays flat over a long batch) or after running out of memory (so a broken
    heap is never reused). The parent kills it when a file passes its deadline.
    """

    def __init__(self, options: dict, memory_mb: int | None, max_tasks: int):
        context = _worker_context()
        parent, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, options, memory_mb, max_tasks), daemon=True)
        self.process.start()
        child.close()
        self.conn = parent
        self.task: tuple[str, Any] | None = None  # (path, tag) being worked on
        self.deadline = float("inf")
        self.done = 0
        self.max_tasks = max_tasks

    def send(self, path: str, tag, timeout: float) -> None:
        self.task = (path, tag)
        self.deadline = time.monotonic() + timeout
        self.conn.send(path)

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


_CONTEXT = None


def _worker_context():
    """Workers come from a fork server that loaded and warmed everything once, at the start:
    forking them from the writer instead would hand each new worker the writer's memory as
    it grows (the database, results in flight), and a long batch would creep up."""
    global _CONTEXT
    if _CONTEXT is None:
        import multiprocessing

        _CONTEXT = multiprocessing.get_context("forkserver")
        _CONTEXT.set_forkserver_preload(["extractor.batch.warm"])
    return _CONTEXT


def _worker_main(conn, options: dict, memory_mb: int | None, max_tasks: int) -> None:
    cap_memory(memory_mb)
    for _ in range(max_tasks):
        try:
            path = conn.recv()
        except EOFError:
            return
        result = _send(conn, extract_payload(path, options), path)
        if result.recycles_worker:
            conn.close()
            return  # a MemoryError may have left the heap in a bad state: start afresh


def _send(conn, result: Result, path: str) -> Result:
    """Send the result; when pickling it runs out of memory (nothing was written yet), send
    that instead. Returns what was sent."""
    try:
        conn.send(result)
        return result
    except MemoryError:
        failure = Failure.out_of_memory(path)
        conn.send(failure)
        return failure


def run_children(tasks, jobs: int, options: dict, timeout: float, memory_mb: int | None, max_tasks: int = 100):
    """Run (path, tag) tasks on `jobs` warm workers; yield (tag, path, result) as each ends.

    A worker is started only for a task in hand, so no tasks start no worker (nor the fork
    server). A worker that passes a file's deadline is killed and replaced, one that dies is
    replaced, and the file is reported as a failure either way.
    """
    pool = _Pool(iter(tasks), jobs, options, timeout, memory_mb, max_tasks)
    try:
        pool.feed()
        while busy := pool.busy():
            ready = pool.wait([worker for worker, _, _ in busy])
            finished = []
            for worker, path, tag in busy:
                result = pool.outcome(worker, path, ready)
                if result is not None:
                    finished.append((tag, path, result))
            pool.feed()  # the workers start their next files before these results are written
            yield from finished
    finally:
        pool.stop()


class _Pool:
    """The warm workers of one run_children call, each busy with a file or idle."""

    def __init__(self, tasks, jobs: int, options: dict, timeout: float, memory_mb: int | None, max_tasks: int):
        self.tasks, self.jobs, self.timeout = tasks, jobs, timeout
        self.options, self.memory_mb, self.max_tasks = options, memory_mb, max_tasks
        self.workers: list[Worker] = []
        self.idle: list[Worker] = []

    def busy(self) -> list[tuple[Worker, str, Any]]:
        """(worker, path, tag) of each worker with a file in hand."""
        return [(w, *w.task) for w in self.workers if w.task]

    def feed(self) -> None:
        """Give every free worker slot its next task, starting a worker only when one is needed."""
        while len(self.workers) - len(self.idle) < self.jobs:
            task = next(self.tasks, None)
            if task is None:
                return
            self._hand(task)

    def _hand(self, task) -> None:
        """Give a task to an idle worker, replacing any that died between two files (its pipe
        is broken), else to a new one."""
        while self.idle:
            worker = self.idle.pop()
            try:
                worker.send(task[0], task[1], self.timeout)
                return
            except (BrokenPipeError, ConnectionResetError):
                worker.task = None
                self.retire(worker)
        self._start().send(task[0], task[1], self.timeout)

    def _start(self) -> Worker:
        worker = Worker(self.options, self.memory_mb, self.max_tasks)
        self.workers.append(worker)
        return worker

    def wait(self, busy: list[Worker]) -> list:
        """What is ready among the busy workers' pipes and process sentinels, waiting at most
        until the nearest deadline (and a second, so deadlines are checked)."""
        from multiprocessing.connection import wait

        until_deadline = max(0.0, min(w.deadline for w in busy) - time.monotonic())
        return wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=min(until_deadline, 1.0))

    def outcome(self, worker: Worker, path: str, ready: list) -> Result | None:
        """The result of the worker's file (`path`) if it has one now: its answer, its death,
        or its deadline passed. None while it is still working."""
        if worker.conn in ready and worker.conn.poll():
            try:
                result = worker.conn.recv()
            except (EOFError, ConnectionResetError):  # reset: it died with the path still unread
                result = _ended(path, worker)
                self.retire(worker)
                return result
            self._answered(worker, result)
            return result
        if worker.process.sentinel in ready:
            result = _ended(path, worker)
            self.retire(worker)
            return result
        if time.monotonic() >= worker.deadline:
            self.retire(worker)
            return Failure.timed_out(path, self.timeout)
        return None

    def _answered(self, worker: Worker, result: Result) -> None:
        """A worker that answered takes the next file, unless it is due to be recycled: after
        max_tasks files, or a result whose kind means its heap is spoilt."""
        worker.task = None
        worker.done += 1
        if worker.done >= worker.max_tasks or result.recycles_worker or not worker.process.is_alive():
            self.retire(worker)
        else:
            self.idle.append(worker)

    def retire(self, worker: Worker) -> None:
        worker.stop()
        self.workers.remove(worker)
        if worker in self.idle:
            self.idle.remove(worker)

    def stop(self) -> None:
        for worker in list(self.workers):
            worker.stop()


def _ended(path: str, worker: Worker) -> Failure:
    """The failure of a worker that died on `path`, told from how its process ended."""
    worker.process.join(1)
    return Failure.worker_ended(path, worker.process.exitcode)


def run_isolated(path: str, options: dict, timeout: float, memory_mb: int | None, name: str | None = None) -> Result:
    """One file in a forked child, blocking: what a Dask task does."""
    child = Child(path, options, timeout, memory_mb, name=name)
    while True:
        ready, _, _ = select.select([child.fd], [], [], max(0.0, min(child.deadline - time.monotonic(), 1.0)))
        if ready and child.read():
            return child.result()
        if time.monotonic() >= child.deadline:
            return child.kill()

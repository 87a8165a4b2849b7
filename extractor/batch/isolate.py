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
import traceback
from pathlib import Path

from ..errors import ExtractorError

MiB = 1024 * 1024


def warm_up() -> None:
    """Load what every extraction needs, so forked children start ready."""
    from ..logs import quiet_libraries

    quiet_libraries()
    from ..interpret.figures import rules as figure_rules
    from ..nlp import segment
    from ..reconcile.ruledata import load_rules
    from ..structure import rules as structure_rules
    from ..values import grammar

    import pdfminer.pdfdocument  # noqa: F401 - and the crypto it loads for encrypted PDFs
    import pdfplumber  # noqa: F401

    try:
        import cryptography.hazmat.primitives.ciphers  # noqa: F401
    except ImportError:
        pass
    segment("预热：到位资金2436万元。")
    grammar(), structure_rules(), figure_rules(), load_rules()


def extract_payload(path: str, options: dict, name: str | None = None) -> dict:
    """What a worker sends back: the prepared rows and JSONL line of the file (see
    schema.prepare), or the failure. `name` is the path to record when `path` is a copy."""
    from .. import __version__
    from ..limits import Limits
    from ..pipeline import extract_file
    from .schema import prepare

    start = time.perf_counter()
    try:
        report = extract_file(Path(path), Limits(**options.get("limits", {})), tuple(Path(p) for p in options.get("rules", ())),
                              password=options.get("password"))
        record = report.model_dump(mode="json")
        if name:
            record["source"]["file"] = Path(name).name
        seconds = time.perf_counter() - start
        return {"ok": True, "prepared": prepare(name or path, record, seconds, _peak_rss_mb(), __version__),
                "seconds": seconds}
    except ExtractorError as e:
        return {"ok": False, "error_class": e.kind, "message": e.one_line().replace(path, name or path),
                "exit_code": e.exit_code}
    except MemoryError:
        return {"ok": False, "error_class": "too_large", "message": f"{name or path}: over the memory limit", "exit_code": 6}
    except Exception as e:  # a bug in one file must not stop the batch
        last = traceback.format_exception_only(type(e), e)[-1].strip()
        return {"ok": False, "error_class": "internal", "message": f"{name or path}: internal error: {last}", "exit_code": 70}


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

    def result(self) -> dict:
        os.close(self.fd)
        _, status = os.waitpid(self.pid, 0)
        if self.chunks:
            return pickle.loads(b"".join(self.chunks))
        how = f"killed by signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit status {os.WEXITSTATUS(status)}"
        return {"ok": False, "error_class": "crashed", "exit_code": 70,
                "message": f"{self.path}: the worker died ({how}), probably out of memory"}

    def kill(self) -> dict:
        os.kill(self.pid, signal.SIGKILL)
        os.close(self.fd)
        os.waitpid(self.pid, 0)
        return {"ok": False, "error_class": "timeout", "exit_code": 7,
                "message": f"{self.path}: timed out after {self.timeout:g} s"}


def _child(path: str, options: dict, memory_mb: int | None, fd: int, name: str | None = None) -> None:
    try:
        cap_memory(memory_mb)
        data = pickle.dumps(extract_payload(path, options, name), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException as e:  # noqa: BLE001 - the child reports everything, then exits
        data = pickle.dumps({"ok": False, "error_class": "internal", "message": f"{path}: {e!r}", "exit_code": 70})
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
        self.task = None  # (path, tag) being worked on
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
        result = extract_payload(path, options)
        conn.send(result)
        if result.get("error_class") == "too_large" and "memory" in result.get("message", ""):
            conn.close()
            return  # a MemoryError may have left the heap in a bad state: start afresh


def run_children(tasks, jobs: int, options: dict, timeout: float, memory_mb: int | None, max_tasks: int = 100):
    """Run (path, tag) tasks on `jobs` warm workers; yield (tag, path, result) as each ends.

    A worker that passes a file's deadline is killed and replaced, one that dies is replaced,
    and the file is reported as a failure either way.
    """
    from multiprocessing.connection import wait

    tasks = iter(tasks)
    workers: list[Worker] = []
    idle: list[Worker] = []
    exhausted = False

    def feed() -> None:
        nonlocal exhausted
        while not exhausted:
            worker = idle.pop() if idle else (Worker(options, memory_mb, max_tasks) if len(workers) < jobs else None)
            if worker is None:
                return
            if worker not in workers:
                workers.append(worker)
            task = next(tasks, None)
            if task is None:
                exhausted = True
                idle.append(worker)
                return
            worker.send(task[0], task[1], timeout)

    def retire(worker: Worker) -> None:
        worker.stop()
        workers.remove(worker)
        if worker in idle:
            idle.remove(worker)

    try:
        feed()
        while any(w.task for w in workers):
            busy = [w for w in workers if w.task]
            wait_for = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=min(wait_for, 1.0))
            finished = []
            for worker in busy:
                path, tag = worker.task
                if worker.conn in ready and worker.conn.poll():
                    try:
                        result = worker.conn.recv()
                    except EOFError:
                        result = _died(path, worker)
                        retire(worker)
                    else:
                        worker.task = None
                        worker.done += 1
                        out_of_memory = result.get("error_class") == "too_large" and "memory" in result.get("message", "")
                        if worker.done >= worker.max_tasks or out_of_memory or not worker.process.is_alive():
                            retire(worker)  # recycled: it leaves after max_tasks files
                        else:
                            idle.append(worker)
                    finished.append((tag, path, result))
                elif worker.process.sentinel in ready:
                    finished.append((tag, path, _died(path, worker)))
                    retire(worker)
                elif time.monotonic() >= worker.deadline:
                    retire(worker)
                    finished.append((tag, path, {"ok": False, "error_class": "timeout", "exit_code": 7,
                                                 "message": f"{path}: timed out after {timeout:g} s"}))
            feed()  # the workers start their next files before this one's results are written
            yield from finished
    finally:
        for worker in list(workers):
            worker.stop()


def _died(path: str, worker: Worker) -> dict:
    worker.process.join(1)
    code = worker.process.exitcode
    how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit status {code}"
    return {"ok": False, "error_class": "crashed", "exit_code": 70,
            "message": f"{path}: the worker died ({how}), probably out of memory"}


def run_isolated(path: str, options: dict, timeout: float, memory_mb: int | None, name: str | None = None) -> dict:
    """One file in a forked child, blocking: what a Dask task does."""
    child = Child(path, options, timeout, memory_mb, name=name)
    while True:
        ready, _, _ = select.select([child.fd], [], [], max(0.0, min(child.deadline - time.monotonic(), 1.0)))
        if ready and child.read():
            return child.result()
        if time.monotonic() >= child.deadline:
            return child.kill()

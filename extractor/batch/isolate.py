"""Run one file's extraction in a forked child with a time limit and a memory cap.

The parent (a batch process or a Dask worker) loads the heavy parts once (spaCy, jieba,
patterns); each file then runs in a child forked from it, which shares them copy-on-write.
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
    from ..interpret.figures import rules as figure_rules
    from ..nlp import pipeline, tokens
    from ..reconcile.ruledata import load_rules
    from ..structure import rules as structure_rules
    from ..values import grammar

    pipeline()
    tokens("预热：到位资金2436万元。")
    grammar(), structure_rules(), figure_rules(), load_rules()


def extract_payload(path: str, options: dict) -> dict:
    """What a child sends back: the record as JSON types, or the failure."""
    from ..limits import Limits
    from ..pipeline import extract_file

    start = time.perf_counter()
    try:
        report = extract_file(Path(path), Limits(**options.get("limits", {})), tuple(Path(p) for p in options.get("rules", ())),
                              password=options.get("password"))
        record = report.model_dump(mode="json")
        return {"ok": True, "record": record, "seconds": time.perf_counter() - start, "peak_rss_mb": _peak_rss_mb()}
    except ExtractorError as e:
        return {"ok": False, "error_class": e.kind, "message": e.one_line(), "exit_code": e.exit_code}
    except MemoryError:
        return {"ok": False, "error_class": "too_large", "message": f"{path}: over the memory limit", "exit_code": 6}
    except Exception as e:  # a bug in one file must not stop the batch
        last = traceback.format_exception_only(type(e), e)[-1].strip()
        return {"ok": False, "error_class": "internal", "message": f"{path}: internal error: {last}", "exit_code": 70}


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Child:
    """One file's extraction running in a forked child; read its result through a pipe."""

    def __init__(self, path: str, options: dict, timeout: float, memory_mb: int | None, tag=None):
        self.path, self.tag = path, tag
        self.deadline = time.monotonic() + timeout
        self.timeout = timeout
        self.chunks: list[bytes] = []
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            _child(path, options, memory_mb, write_end)
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


def _child(path: str, options: dict, memory_mb: int | None, fd: int) -> None:
    try:
        if memory_mb:
            limit = memory_mb * MiB
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        data = pickle.dumps(extract_payload(path, options), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException as e:  # noqa: BLE001 - the child reports everything, then exits
        data = pickle.dumps({"ok": False, "error_class": "internal", "message": f"{path}: {e!r}", "exit_code": 70})
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
    finally:
        os._exit(0)


def run_children(tasks, jobs: int, options: dict, timeout: float, memory_mb: int | None):
    """Run (path, tag) tasks in up to `jobs` children at once; yield (tag, path, result) as they end."""
    tasks = iter(tasks)
    running: dict[int, Child] = {}
    exhausted = False
    while running or not exhausted:
        while not exhausted and len(running) < jobs:
            task = next(tasks, None)
            if task is None:
                exhausted = True
                break
            child = Child(task[0], options, timeout, memory_mb, tag=task[1])
            running[child.fd] = child
        if not running:
            break
        now = time.monotonic()
        wait = max(0.0, min(c.deadline for c in running.values()) - now)
        ready, _, _ = select.select(list(running), [], [], min(wait, 1.0))
        for fd in ready:
            child = running[fd]
            if child.read():
                del running[fd]
                yield child.tag, child.path, child.result()
        now = time.monotonic()
        for fd, child in list(running.items()):
            if now >= child.deadline:
                del running[fd]
                yield child.tag, child.path, child.kill()


def run_isolated(path: str, options: dict, timeout: float, memory_mb: int | None) -> dict:
    """One file in a child, blocking: what a Dask task does."""
    for _, _, result in run_children([(path, None)], 1, options, timeout, memory_mb):
        return result
    raise RuntimeError("no result")  # unreachable: run_children yields once per task

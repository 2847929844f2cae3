"""Render download PDFs in a helper process, so a web worker's other threads keep running.

WeasyPrint's layout is 1-4 s of pure Python: rendered in a gthread worker it holds the GIL, and
every other request of that worker (`GET /api/v1/me`, a sync batch) waits for the GIL at each
step. With `PDF_RENDER_PROCESSES` = N > 0 each web worker process renders in its own pool of N
processes (forkserver, pre-loaded with WeasyPrint, lower CPU priority); the request thread only
waits on a pipe. 0 renders in the calling thread (the default under TESTING, so tests can spy on
the renderer). Only plain data crosses the pipe: the review dict and the photo bytes.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")
#: Render processes run at this (lower) CPU priority: interactive requests win the cores.
NICENESS = 10

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_owner: int | None = None


def _init() -> None:
    from server.reports import render

    with contextlib.suppress(OSError):
        os.nice(NICENESS)
    render.warm_up()


def _executor(processes: int) -> ProcessPoolExecutor:
    global _pool, _owner
    with _lock:
        if _pool is None or _owner != os.getpid():  # a forked web worker builds its own
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["server.reports.render", "weasyprint"])
            _pool = ProcessPoolExecutor(max_workers=processes, mp_context=ctx, initializer=_init)
            _owner = os.getpid()
        return _pool


def _discard(pool: ProcessPoolExecutor) -> None:
    global _pool
    with _lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


def call(processes: int, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """fn(*args, **kwargs) in the pool (or here when `processes` is 0); a pool whose process
    died (OOM, killed) is replaced and the call retried once."""
    if processes <= 0:
        return fn(*args, **kwargs)
    for attempt in range(2):
        pool = _executor(processes)
        try:
            return pool.submit(fn, *args, **kwargs).result()
        except BrokenProcessPool:
            _discard(pool)
            if attempt == 1:
                raise
    raise AssertionError("unreachable")

"""The index stage in a forked process, so that it runs beside the site stage: both are single-threaded
Python, and neither needs the other's output."""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import time
import traceback
from contextlib import contextmanager

from . import build_index

PR_SET_PDEATHSIG = 1


class IndexStageFailed(RuntimeError):
    pass


@contextmanager
def index_beside(documents, analyses, index_dir):
    """Run `build_index` in a forked child while the caller goes on; yields a function that waits for it and
    returns (documents reindexed, seconds taken). Leaving the block early kills the child.

    The child inherits the documents and analyses (fork: nothing is copied up front) and dies with the
    build if the build is killed. Without fork (Windows) the index is built when waited for.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        yield lambda: _timed(build_index, documents, analyses, index_dir)
        return
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, os.getpid(), documents, analyses, index_dir), daemon=True)
    child.start()
    send.close()

    answered = []

    def wait() -> tuple[int, float]:
        try:
            status, value, seconds = receive.recv()
            answered.append(status)
        except EOFError:
            status, value, seconds = "error", f"the index process ended with exit code {child.exitcode}", 0.0
        if status != "ok":
            raise IndexStageFailed(value)
        return value, seconds

    try:
        yield wait
    finally:
        if not answered:
            child.kill()
        child.join()
        receive.close()


def _timed(function, *args):
    start = time.perf_counter()
    return function(*args), time.perf_counter() - start


def _child(send, parent: int, documents, analyses, index_dir) -> None:
    if sys.platform.startswith("linux"):  # die with the build, so a killed build leaves no index writer behind
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:
            os._exit(1)
    try:
        send.send(("ok", *_timed(build_index, documents, analyses, index_dir)))
    except BaseException:
        send.send(("error", traceback.format_exc(), 0.0))

"""The index stage in a forked process, so that it runs beside the site stage: both are single-threaded
Python, and neither needs the other's output."""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
import traceback
from contextlib import contextmanager
from typing import NamedTuple

from common.processes import die_with_parent, release_held_signals, signals_held

from . import build_index


class IndexStageFailed(RuntimeError):
    pass


class Indexed(NamedTuple):
    reindexed: int  # documents reindexed (the others were unchanged)
    seconds: float


@contextmanager
def index_beside(documents, analyses, index_dir):
    """Run `build_index` in a forked child while the caller goes on; yields a function that waits for it and
    returns what it Indexed. Leaving the block early kills the child.

    The child inherits the documents and analyses (fork: nothing is copied up front) and dies with the
    build if the build is killed. Elsewhere than on Linux (no PR_SET_PDEATHSIG; fork unsafe on macOS) the
    index is built when waited for.
    """
    if not sys.platform.startswith("linux"):
        yield lambda: Indexed(*_timed(build_index, documents, analyses, index_dir))
        return
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    # not a daemon, so that it can fork the segment writers; it is killed below, and dies with the build
    child = context.Process(target=_child, args=(send, os.getpid(), documents, analyses, index_dir))

    answered = []

    def wait() -> Indexed:
        while not receive.poll(1):
            if not child.is_alive() and not receive.poll():
                child.join()
                raise IndexStageFailed(f"the index process ended without a result ({_how(child.exitcode)})")
        status, value, seconds = receive.recv()
        answered.append(status)
        if status != "ok":
            raise IndexStageFailed(value)
        return Indexed(value, seconds)

    try:
        with signals_held():  # a signal held during the fork arrives here, and the child is killed
            child.start()
        send.close()
        yield wait
    finally:
        if not answered and child.pid is not None:
            child.kill()
        if child.pid is not None:
            child.join()
        receive.close()


def _how(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        return f"killed by {signal.Signals(-exitcode).name}"
    return f"exit code {exitcode}"


def _timed(function, *args):
    start = time.perf_counter()
    return function(*args), time.perf_counter() - start


def _child(send, parent: int, documents, analyses, index_dir) -> None:
    die_with_parent(parent)
    release_held_signals()
    try:
        send.send(("ok", *_timed(build_index, documents, analyses, index_dir)))
    except BaseException:
        send.send(("error", traceback.format_exc(), 0.0))

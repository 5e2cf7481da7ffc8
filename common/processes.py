"""Worker processes that end with the build: a killed build leaves no analysis or index writer behind."""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when `parent` (the build) ends (Linux); end now if it already has."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


def exit_with_this_process():
    """A `preexec_fn` for subprocess.Popen that has the kernel kill the command when this process ends (Linux;
    elsewhere None). The C function is looked up here, before the fork."""
    if not sys.platform.startswith("linux"):
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl

    def in_child():
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        release_held_signals()  # a command spawned under signals_held() must not keep them blocked
    return in_child


@contextmanager
def signals_held():
    """Hold SIGINT and SIGTERM while a process is forked or spawned: a signal that lands in Python's at-fork
    callbacks raises there, where the interpreter ignores the exception, and the build would carry on as if
    never stopped. Held, it arrives once the new process exists, and the build stops as usual."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def release_held_signals() -> None:
    """In a process started under signals_held(): receive SIGINT and SIGTERM again."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


def can_fork() -> bool:
    """Whether workers can be forked, inheriting what this process holds (not on Windows or macOS' default)."""
    return "fork" in multiprocessing.get_all_start_methods()


_SHARED: dict = {}  # what `sharing` gives the workers: forked ones inherit it


@contextmanager
def sharing(**data):
    """Within the block, `shared()` holds `data` in this process and in the workers forked from it meanwhile
    (they inherit it, nothing is pickled): how a pool's tasks reach a pipeline, a document or a matrix."""
    _SHARED.update(data)
    try:
        yield
    finally:
        for key in data:
            _SHARED.pop(key, None)


def shared() -> dict:
    """What `sharing` holds (a worker that is not forked fills it in its initializer)."""
    return _SHARED


def forked_pool(jobs: int) -> ProcessPoolExecutor:
    """`jobs` workers forked from this process (they inherit what `sharing` holds), ending with it."""
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=die_with_parent,
                               initargs=(os.getpid(),))

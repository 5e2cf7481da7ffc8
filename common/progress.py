"""Progress on stderr, one plain line each: our modules log to `logger(__name__)`, and one handler on each
of our packages prints the records of the chosen level and up (build.main sets it from --quiet/--verbose).
A loop over documents counts with `counting`: a tqdm bar on a terminal, else a line now and then."""
from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from contextlib import contextmanager

PACKAGES = ("builder", "common", "corpus", "index", "nlp", "site_builder")


class StderrHandler(logging.StreamHandler):
    """Writes to sys.stderr as it is when a record comes (a test's capture replaces it)."""

    stream = property(lambda self: sys.stderr, lambda self, value: None)

    def __init__(self):
        super().__init__()
        self.setFormatter(logging.Formatter("%(message)s"))


def show_progress(level: int = logging.INFO) -> None:
    """Print our packages' log records of `level` and up on stderr."""
    handler = StderrHandler()
    for name in PACKAGES:
        log = logging.getLogger(name)
        log.handlers[:] = [handler]
        log.setLevel(level)
        log.propagate = False


def logger(name: str) -> logging.Logger:
    """logging.getLogger(name), taken through here so that this module, and with it the default handler, is loaded."""
    return logging.getLogger(name)


@contextmanager
def counting(log: logging.Logger, total: int, line: Callable[[int], str], every: int, unit: str = "document"):
    """Yield a function to call once per thing done of `total`. On a terminal a tqdm bar shows them (log records
    print above it) and `line(total)` is logged at the end; elsewhere `line(count)` every `every` and at the last."""
    if not (total and sys.stderr.isatty() and log.isEnabledFor(logging.INFO)):
        done = 0

        def advance() -> None:
            nonlocal done
            done += 1
            if done % every == 0 or done == total:
                log.info(line(done))
        yield advance
        return
    from tqdm import tqdm
    from tqdm.contrib.logging import logging_redirect_tqdm

    with logging_redirect_tqdm([logging.getLogger(name) for name in PACKAGES]), \
            tqdm(total=total, unit=unit, leave=False, file=sys.stderr, dynamic_ncols=True) as bar:
        yield lambda: bar.update(1)
        finished = bar.n == total
    if finished:
        log.info(line(total))


show_progress()  # progress shows too when a stage's function runs without build.main (a script, a test's child)

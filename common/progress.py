"""Progress on stderr, one plain line each: our modules log to `logger(__name__)`, and one handler on each
of our packages prints the records of the chosen level and up (build.main sets it from --quiet/--verbose)."""
from __future__ import annotations

import logging
import sys

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
    """The logger of module `name`, shown as set by show_progress."""
    return logging.getLogger(name)


show_progress()  # progress shows too when a stage's function runs without build.main (a script, a test's child)

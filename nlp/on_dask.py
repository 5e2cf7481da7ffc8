"""Tasks on Dask: on the workers of the scheduler in Dask's configuration, or on a local cluster.

The scheduler's address is Dask's `scheduler-address` setting (`DASK_SCHEDULER_ADDRESS=tcp://host:8786`,
or a Dask configuration file); without one, a cluster of `jobs` worker processes starts on this machine.
"""
from __future__ import annotations

import contextlib
import logging
import os

from corpus import CorpusError

IN_FLIGHT = 2  # tasks per worker thread submitted ahead: the workers never wait, and few documents sit in memory


def map_on_dask(function, items: list, args: tuple, jobs: int):
    """(n, `function(items[n], *args)`) for every item, run as Dask tasks and yielded as they finish; at most
    IN_FLIGHT tasks per worker thread are submitted at a time, the next one as soon as one finishes."""
    from distributed import as_completed

    with _client(jobs) as client:
        window = IN_FLIGHT * max(sum(client.nthreads().values()), 1)
        numbers = {}

        def submit(n):
            future = client.submit(function, items[n], *args, pure=False)
            numbers[future.key] = n
            return future

        running = as_completed([submit(n) for n in range(min(window, len(items)))])
        following = iter(range(window, len(items)))
        for future in running:
            n = next(following, None)
            if n is not None:
                running.add(submit(n))
            yield numbers.pop(future.key), future.result()


@contextlib.contextmanager
def _client(jobs: int):
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError:
        raise CorpusError("--executor dask", "needs Dask's distributed scheduler: pip install 'beleidsvergelijker[cluster]'") from None
    address = dask.config.get("scheduler-address", None)
    if not address:
        with _environment_kept(), LocalCluster(n_workers=max(jobs, 1), threads_per_worker=1, processes=True, dashboard_address=None,
                                               silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(address)
        client.wait_for_workers(1, timeout=dask.config.get("distributed.comm.timeouts.connect"))
    except (OSError, TimeoutError, ValueError) as err:  # refused, timed out, a malformed address, no workers
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise CorpusError(address, f"no Dask scheduler with workers answers there ({reason})", field="DASK_SCHEDULER_ADDRESS") from None
    with client:
        yield client


@contextlib.contextmanager
def _environment_kept():
    """os.environ as it was before: starting a LocalCluster leaves its workers' variables in it
    (PYTHONHASHSEED, OMP_NUM_THREADS, ...), which the rest of the build and its subprocesses would inherit."""
    saved = dict(os.environ)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)

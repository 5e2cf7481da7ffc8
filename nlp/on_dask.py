"""Tasks on Dask: on the workers of the scheduler in Dask's configuration, or on a local cluster.

The scheduler's address is Dask's `scheduler-address` setting (`DASK_SCHEDULER_ADDRESS=tcp://host:8786`,
or a Dask configuration file); without one, a cluster of `jobs` worker processes starts on this machine.
"""
from __future__ import annotations

import contextlib
import logging
from collections import deque

from corpus import CorpusError

IN_FLIGHT = 2  # tasks per worker thread submitted ahead: the workers never wait, and few documents sit in memory


def map_on_dask(function, items, args: tuple, jobs: int):
    """`function(item, *args)` for every item as a Dask task, the results in the items' order; at most
    IN_FLIGHT tasks per worker thread are submitted at a time."""
    with _client(jobs) as client:
        window = IN_FLIGHT * max(sum(client.nthreads().values()), 1)
        futures = deque()
        for item in items:
            futures.append(client.submit(function, item, *args, pure=False))
            if len(futures) >= window:
                yield futures.popleft().result()
        while futures:
            yield futures.popleft().result()


@contextlib.contextmanager
def _client(jobs: int):
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError:
        raise CorpusError("--executor dask", "needs Dask's distributed scheduler: pip install 'beleidsvergelijker[cluster]'") from None
    address = dask.config.get("scheduler-address", None)
    if not address:
        with LocalCluster(n_workers=max(jobs, 1), threads_per_worker=1, processes=True, dashboard_address=None,
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

"""Detection and attribution on a Dask cluster, for when one machine is not enough.

The same split as ``core.parallel``: this process reads the input, skips what
is stored, sends batches of articles (the partitions) to the cluster's
workers and stores what comes back, in input order, through its one writer.
Only the analysis travels, so the articles need only be readable here; the
workers need quotedesk and the spaCy pipeline installed. A bounded number of
partitions is in flight, so this process's memory stays flat.

Needs ``dask[distributed]`` (``pip install 'quotedesk[dask]'``).
"""

from __future__ import annotations

import collections
import threading
from typing import Callable, Iterable, Iterator

from .errors import QuotedeskError
from .parallel import analyse

#: Pipelines loaded on this worker, by name; the lock keeps one analysis at a
#: time per worker process (a spaCy pipeline is not made to be shared
#: between threads), so start workers with one thread each.
_loaded: dict = {}
_lock = threading.Lock()
#: How long to wait for a scheduler before saying it cannot be reached.
CONNECT_TIMEOUT = "10s"


def _analyse_on_worker(articles: list, model_name: str | None) -> list:
    with _lock:
        if model_name not in _loaded:
            from .nlp import load_nlp
            from .ranker import load_model

            _loaded[model_name] = (load_nlp(model_name), load_model())
        nlp, model = _loaded[model_name]
        return analyse(nlp, model, articles)


def connect(address: str):
    """A client for ``address`` (``tcp://host:8786``), or for a cluster of
    this machine's cores started here when ``address`` is ``local``."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise QuotedeskError("--dask needs dask.distributed; install it with pip install 'quotedesk[dask]'") from None
    if address == "local":
        from .parallel import default_workers

        cluster = LocalCluster(n_workers=default_workers(), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        return Client(cluster), cluster
    try:
        return Client(address, timeout=CONNECT_TIMEOUT), None
    except (OSError, TimeoutError, ValueError) as exc:
        raise QuotedeskError(f"--dask {address}: cannot reach the Dask scheduler ({exc})") from None


def run_on_dask(segments: Iterable, key: Callable, *, address: str, model_name: str | None) -> Iterator:
    """``(segment, results)`` in order, like ``core.parallel.run``."""
    client, cluster = connect(address)
    pending: collections.deque = collections.deque()
    try:
        window = 2 * max(1, sum(client.nthreads().values()))
        for seg in segments:
            articles = key(seg)
            fut = client.submit(_analyse_on_worker, articles, model_name, pure=False) if articles else None
            pending.append((seg, fut))
            while len(pending) > window or (pending and pending[0][1] is None):
                yield _next(pending)
        while pending:
            yield _next(pending)
    finally:
        for _, fut in pending:
            if fut is not None:
                fut.cancel()
        client.close()
        if cluster is not None:
            cluster.close()


def _next(pending):
    seg, fut = pending.popleft()
    return seg, fut.result() if fut is not None else []

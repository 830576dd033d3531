"""Detection and attribution of batches of articles, here or in worker processes.

Parsing and attribution are pure functions of an article's text, so they can
run anywhere; storing cannot: SQLite takes one writer at a time, and speaker
ids are handed out in the order articles are stored. So the work goes out in
batches and the results come back *in order* to the one process that writes
(``core.pipeline``), which stores them exactly as it would have stored its
own. A batch is also what ``nlp.pipe`` parses in one go.

``run`` picks the engine: this process for one worker or a small input, a
pool of ``workers`` processes otherwise (each loads the pipeline once). Only a
bounded number of batches is in flight, so memory stays flat however long the
input is.
"""

from __future__ import annotations

import collections
import itertools
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable, Iterator

from .candidates import Attribution
from .components import COMPONENTS, add_components, finish, given
from .detect import find_quotes
from .errors import QuotedeskError
from .ingest import Article
from .layout import PARSE_PIECE, bounded, parse
from .nlp import with_text
from .partial_parse import parse_docs, plan, quiet_spans

#: Articles parsed together: enough for ``nlp.pipe`` to batch (32 parse 2-6%
#: cheaper than 8 on PolNeAR train), few enough that progress moves and little
#: is held in memory.
BATCH = 32

def analyse(nlp, articles: list[Article]) -> list[list[Attribution] | str]:
    """Quotes and speakers of each article; a too-long article gets its
    problem (one line) instead."""
    add_components(nlp)  # a pipeline handed in by a caller may lack them
    limit = getattr(nlp, "max_length", None)
    out: list = [None] * len(articles)
    todo = []
    for i, a in enumerate(articles):
        if limit and len(a.text) > limit:
            # spaCy refuses such a text (E088); one huge article must not stop the run.
            out[i] = f"article too long ({len(a.text):,} characters; the spaCy pipeline takes at most {limit:,})"
        else:
            todo.append(i)
    quotes = [find_quotes(articles[i].text) for i in todo]
    # What attribution reads: the text with line breaks where a sentence or a
    # paragraph runs on beyond any newsroom's (core.layout), same length and
    # offsets. Ordinary articles go through nlp.pipe together; one too long
    # to parse at once is parsed in pieces, so the parser's memory stays flat.
    views = [bounded(articles[i].text, q) for i, q in zip(todo, quotes)]
    short = [k for k, v in enumerate(views) if len(v) <= PARSE_PIECE]
    made = [given(with_text(nlp.make_doc(views[k]), views[k]), quotes[k]) for k in short]
    ours = tuple(n for n in COMPONENTS if n in nlp.pipe_names)
    parsed = parse_docs(nlp, made, [plan(views[k], quotes[k]) for k in short], skip=ours,
                        quiet=[quiet_spans(quotes[k]) for k in short])
    docs = {k: finish(nlp, doc) for k, doc in zip(short, parsed)}
    for k, i in enumerate(todo):
        doc = docs[k] if k in docs else parse(nlp, views[k], quotes[k])
        out[i] = doc._.attributions
    return out


def run(segments: Iterable, key: Callable, *, workers: int, load_nlp: Callable, model_name: str | None,
        dask: str | None = None) -> Iterator:
    """``(segment, results)`` for every segment, in order; ``key(segment)`` is
    its list of articles (maybe empty: nothing to analyse, only to pass on).

    Worker processes pay off only when there is work for all of them: until
    ``workers`` batches are seen, nothing starts, and a smaller input is
    analysed here. With ``dask`` (a scheduler address, or ``local``) the
    batches go to a Dask cluster instead (``core.cluster``)."""
    if dask:
        from .cluster import run_on_dask

        yield from run_on_dask(segments, key, address=dask, model_name=model_name)
        return
    it = iter(segments)
    head = []
    if workers > 1:
        for seg in it:
            head.append(seg)
            if sum(1 for s in head if key(s)) >= workers:
                break
    rest = itertools.chain(head, it)
    if workers > 1 and sum(1 for s in head if key(s)) >= workers:
        yield from _pooled(rest, key, workers, model_name)
    else:
        yield from _here(rest, key, load_nlp, model_name)


def _here(segments, key, load_nlp, model_name) -> Iterator:
    nlp = None
    for seg in segments:
        articles = key(seg)
        if not articles:
            yield seg, []
            continue
        if nlp is None:  # spaCy loads only when some article needs it
            nlp = load_nlp(model_name)
        yield seg, analyse(nlp, articles)


_worker: dict = {}


def _start_worker(model_name: str | None, parent: int) -> None:
    # Ctrl-C reaches the whole process group; the parent alone answers it
    # (one line, exit 130) and ends the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_orphaned, args=(parent,), daemon=True).start()
    from .nlp import load_nlp

    try:
        _worker["nlp"] = load_nlp(model_name)
    except Exception as exc:  # noqa: BLE001 - told to the parent with the first batch
        # A failing initializer only breaks the pool ("BrokenProcessPool");
        # raised from a batch, the error itself reaches the parent, which
        # gives its one line ("spaCy pipeline 'x' is not installed").
        _worker["error"] = exc


def _orphaned(parent: int) -> None:
    """End this worker once the parent is gone (killed with SIGKILL, say):
    nobody would read its results, and it would wait for work forever.
    ``parent`` comes from the parent: a worker slow to start may find
    itself orphaned before it could ask."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _work(articles: list[Article]) -> list:
    if "error" in _worker:
        raise _worker["error"]
    return analyse(_worker["nlp"], articles)


#: Batches a worker analyses before it is replaced by a fresh one. A parsing
#: process grows slowly with every article it has seen (allocator
#: fragmentation more than anything held), so workers are recycled to keep
#: memory flat on a long ingest; a new pool loads while the old one drains.
RECYCLE = 10  # batches of BATCH: 320 articles a worker


def _pooled(segments, key, workers: int, model_name: str | None) -> Iterator:
    pools = [_new_pool(workers, model_name)]
    retired: list = []  # processes of drained pools, which forget them on shutdown
    pending: collections.deque = collections.deque()
    window = 2 * workers
    sent = 0
    try:
        for seg in segments:
            articles = key(seg)
            fut = None
            if articles:
                if sent and sent % (RECYCLE * workers) == 0:
                    retired.extend((getattr(pools[-1], "_processes", None) or {}).values())
                    pools[-1].shutdown(wait=False)  # finishes what it has, then its workers end
                    pools.append(_new_pool(workers, model_name))
                fut = pools[-1].submit(_work, articles)
                sent += 1
            pending.append((seg, fut))
            while len(pending) > window or (pending and pending[0][1] is None):
                yield _next(pending)
        while pending:
            yield _next(pending)
    except BaseException:
        for proc in retired:
            proc.terminate()
        for pool in pools:
            _stop(pool)
        raise
    for pool in pools:
        pool.shutdown(wait=True)
    for proc in retired:
        proc.join()


def _new_pool(workers: int, model_name: str | None) -> ProcessPoolExecutor:
    # spawn, not fork: the parent holds an open SQLite connection, which a
    # forked child must never carry; a fresh interpreter carries nothing.
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start_worker, initargs=(model_name, os.getpid()))


def _next(pending):
    seg, fut = pending.popleft()
    try:
        return seg, fut.result() if fut is not None else []
    except BrokenProcessPool:
        raise QuotedeskError("a worker process died (out of memory, or killed); everything stored so far is "
                             "kept: run the command again to resume, with fewer --workers if memory is short") from None


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the workers now: queued batches are dropped, a batch being parsed
    is abandoned (nothing of it was stored)."""
    # The executor forgets its processes on shutdown and offers no way to
    # end them before Python 3.14 (terminate_workers): take them first.
    procs = list((getattr(pool, "_processes", None) or {}).values())
    for proc in procs:
        proc.terminate()
    # Waiting is short now: the executor's thread sees its workers gone,
    # ends any it spawned meanwhile and joins them all.
    pool.shutdown(wait=True, cancel_futures=True)
    for proc in procs:
        proc.join(5)


def default_workers() -> int:
    """The cores this process may run on (fewer than the machine's under a CPU limit)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, multiprocessing.cpu_count())

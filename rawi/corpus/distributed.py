"""Analyse many articles on Dask distributed, with results in input order.

Why Dask and not a home-made pool: a ten-year archive (a million articles) outgrows one
machine, and Dask runs the very same Python functions on a laptop ``LocalCluster`` or on an
existing cluster (``dask://HOST:PORT``) without changing them. The worker runs exactly
:func:`rawi.pipeline.analyze` (the same stage functions as a single-process run); the
results come back in input order, so storing them gives the same database as
:func:`analyze_many_local`, the in-process reference.

Memory stays flat on any corpus size: the input iterator is read lazily, items go to the
cluster in batches (one task per batch, so per-task overhead is paid once per
``batch_size`` articles) and only a bounded number of batches is in flight at a time.

An article that cannot be read (bad bytes, empty, no text in the HTML) is reported as
``(item, None, reason)``; it never stops the batch or the run. An article that kills its
worker process (memory, a crash in C code) is found by retrying its batch one article at a
time and reported as ``"worker failed: ..."``; Dask restarts the worker.

Wiring: ``rawi ingest --scheduler/--workers`` calls :func:`ingest_many`, which is
:func:`rawi.corpus.ingest.ingest` with this analysis loop.
"""
from __future__ import annotations

import contextlib
import itertools
from collections import deque
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Union

from ..io import InputError
from ..schema import Analysis
from .slim import pack

Item = dict[str, Any]
Result = tuple[Item, Optional[Analysis], Optional[str]]

__all__ = ["analyze_many", "analyze_many_local", "analyze_item", "analyze_items", "ingest_many", "local_cluster",
           "scheduler_address"]


def analyze_item(item: Item, disable: tuple[str, ...] = ()) -> tuple[Optional[Analysis], Optional[str]]:
    """(Analysis, None) for a readable article, (None, reason) otherwise.

    ``item`` is ``{"key": ..., "text": str | bytes, "meta": {url, title, outlet, published, path}}``.
    Any failure of one article becomes its reason so that one odd page never kills a
    million-article run; :class:`InputError` gives its own reason, anything else is
    prefixed with the exception type so bugs stay visible.
    """
    return analyze_items([item], disable)[0]


RESULTS = ("analysis", "json", "rows")


def analyze_items(items: list[Item], disable: tuple[str, ...] = ()) -> list[tuple[Optional[Analysis], Optional[str]]]:
    """:func:`analyze_item` for each item, the readable ones analysed together.

    Why together: :func:`rawi.pipeline.analyze_docs` runs each component over every Doc
    before the next component, which keeps its code and lexicons in the CPU caches (~8 % less
    CPU for 25 articles). The output is the same as one at a time; if the batch raises, the
    Docs are analysed one by one so that only the faulty article is reported.
    """
    from ..pipeline import analyze_doc, analyze_docs, make_doc

    out: list[tuple[Optional[Analysis], Optional[str]]] = [(None, None)] * len(items)
    docs, where = [], []
    for i, it in enumerate(items):
        try:
            docs.append(make_doc(it.get("text"), **dict(it.get("meta") or {})))
            where.append(i)
        except InputError as e:
            out[i] = (None, e.reason)
        except Exception as e:  # noqa: BLE001 - one article must not stop the corpus
            out[i] = (None, f"internal error: {type(e).__name__}: {e}")
    try:
        analyses = analyze_docs(docs, disable=disable)
    except Exception:  # noqa: BLE001 - find the article that fails, analyse the others
        analyses = []
        for doc in docs:
            try:
                analyses.append(analyze_doc(doc, disable=disable))
            except Exception as e:  # noqa: BLE001 - InputError included
                analyses.append(e)
    for i, a in zip(where, analyses):
        if isinstance(a, InputError):
            out[i] = (None, a.reason)
        elif isinstance(a, Exception):
            out[i] = (None, f"internal error: {type(a).__name__}: {a}")
        else:
            out[i] = (a, None)
    return out


RESULTS = ("analysis", "json", "rows")


def _analyze_batch(items: list[Item], disable: tuple[str, ...] = (), result: str = "analysis") -> list[tuple[Any, Optional[str]]]:
    """One Dask task: a batch of articles, analysed on one worker (:func:`analyze_items`), each
    returned as JSON (result "analysis" or "json") or as the store's rows (result "rows").

    Why not the pydantic objects: the client is one process that receives every result, so
    its per-article cost caps the scaling. Unpickling an Analysis costs the client ~1.1 ms;
    ``model_validate_json`` of the same Analysis ~0.26 ms, and a consumer that only writes
    JSON (``rawi analyze --format jsonl``) needs no decoding at all. For ``rawi ingest`` the
    worker also computes everything the store derives from an analysis (MinHash, LSH bands,
    folded text, claim keys: :func:`rawi.corpus.rows.article_rows`), so the process that owns
    the database only runs SQL. The raw text is not sent back (the client has it).
    """
    out: list[tuple[Any, Optional[str]]] = []
    for it, (a, err) in zip(items, analyze_items(items, disable)):
        if a is None:
            out.append((None, err))
            continue
        if result == "rows":
            from .rows import article_rows

            out.append((article_rows(a, content_hash=it.get("hash")), None))
        else:
            out.append((a.model_dump_json(), None))
    return out


def _finish(payload: Any, item: Item, result: str) -> Any:
    """A worker's payload as the caller asked for it (decoded Analysis, JSON text, or rows)."""
    if payload is None:
        return None
    if result == "analysis":
        return Analysis.model_validate_json(payload)
    if result == "rows":
        payload.article["raw_z"] = pack(item.get("text")) if isinstance(item.get("text"), str) else None
    return payload


M_MMAP_THRESHOLD = -3  # glibc mallopt parameter (malloc.h)


def tune_worker_malloc(threshold: int = 32 * 1024 * 1024) -> bool:
    """Let glibc serve blocks below ``threshold`` from the heap instead of fresh mmaps.

    Why: Dask's nanny starts workers with ``MALLOC_TRIM_THRESHOLD_=65536``, and setting any
    malloc tunable turns off glibc's adaptive mmap threshold; every array above 128 KB (the
    NER's per-article activations) is then mmap'd, page-faulted and unmapped again. Measured on
    600 Fars articles in one process: 10.4 ms/article with Dask's setting, 7.4 with it plus this
    threshold, 7.8 with neither. Dask's trimming (memory returned to the OS) is kept. A no-op
    where there is no glibc.
    """
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.mallopt(M_MMAP_THRESHOLD, int(threshold)))
    except (OSError, AttributeError):
        return False


def _register_tuning(client: Any) -> None:
    """Tune malloc on every worker, also on workers that join or restart later (a plugin)."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class _MallocTuning(WorkerPlugin):
        name = "rawi-malloc-tuning"

        def setup(self, worker: Any) -> None:  # noqa: ARG002 - WorkerPlugin interface
            tune_worker_malloc()

    try:
        client.register_plugin(_MallocTuning())
    except Exception:  # noqa: BLE001 - tuning is an optimisation; _warm applies it anyway
        pass


def _warm() -> bool:
    """Load every pipeline component (and its models) once per worker, before timing starts."""
    from ..pipeline import analyze

    tune_worker_malloc()

    try:
        analyze("منابع آگاه روز دوشنبه در تهران گفتند که ۳ نفر کشته شدند.")
    except Exception:  # noqa: BLE001 - warming is best effort; real errors show per item
        pass
    return True


# Dask settings for the clusters rawi starts itself. The system monitor samples host metrics
# (CPU, memory, network and disk counters through psutil) for the dashboard every 500 ms in the
# scheduler and in each worker; here it runs every 2 s. Measured with 1 worker on 300 Fars
# articles (three alternating rounds): the client + scheduler process used 0.38-0.59 ms of CPU
# per article instead of 0.69-0.81, CPU a 2-worker run takes from the workers on 2 cores.
# Dask's statistical profiler (a thread sampling each worker's stack every 10 ms, for the
# dashboard's profile page) is off: 1 worker, 400 articles, 5 alternating rounds, median worker
# CPU 13.30 ms/article without it vs 13.92 with it (faster in 4 of 5 rounds).
LOCAL_CLUSTER_CONFIG = {
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.profile.enabled": False,
    # the event-loop watchdog (it only logs a loop blocked for > 3 s) every second, not every
    # 20 ms: the client + scheduler process idles at ~11 instead of ~21 ms of CPU per second
    "distributed.admin.tick.interval": "1s",
}


def local_cluster(workers: int) -> Any:
    """A ``LocalCluster`` of ``workers`` processes with one thread each (rawi's settings)."""
    import dask
    from distributed import LocalCluster

    if workers < 1:
        raise ValueError("workers must be >= 1")
    with dask.config.set(LOCAL_CLUSTER_CONFIG):
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                            dashboard_address=":0", silence_logs=40)


def analyze_many_local(items: Iterable[Item], *, disable: Iterable[str] = (), batch_size: int = 1) -> Iterator[Result]:
    """The in-process reference: same function, same order, no Dask (``batch_size`` > 1:
    :func:`analyze_items` on that many articles at a time)."""
    dis = tuple(disable)
    for chunk in _batches(items, max(1, batch_size)):
        for it, (a, err) in zip(chunk, analyze_items(chunk, dis)):
            yield it, a, err


def scheduler_address(scheduler: str) -> str:
    """``dask://host:port`` (our spelling) or any address Dask understands → a Dask address."""
    if scheduler.startswith("dask://"):
        return "tcp://" + scheduler[len("dask://"):]
    if "://" not in scheduler:
        return "tcp://" + scheduler
    return scheduler


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while True:
        chunk = list(itertools.islice(it, size))
        if not chunk:
            return
        yield chunk


def analyze_many(
    items: Iterable[Item],
    *,
    scheduler: Optional[str] = None,
    workers: int = 1,
    batch_size: int = 50,
    max_in_flight: Optional[int] = None,
    disable: Iterable[str] = (),
    result: str = "analysis",
) -> Iterator[Result]:
    """Analyse ``items`` on Dask; yield ``(item, Analysis | None, reason | None)`` in input order.

    result: "analysis" yields Analysis objects; "json" their JSON text (nothing decoded on the
        client: for JSON-lines output); "rows" the store's :class:`~rawi.corpus.rows.ArticleRows`
        (for ``Store.add_rows``; ``item["hash"]`` is used as the content hash when present).

    scheduler: ``dask://HOST:PORT`` / ``tcp://HOST:PORT`` of a running cluster (rawi must be
        installed on its workers); when None a ``LocalCluster`` with ``workers`` processes of
        one thread each is started here and shut down at the end.
    batch_size: articles per Dask task.
    max_in_flight: batches submitted but not yet yielded (default: 3 per worker thread);
        bounds memory whatever the corpus size.
    """
    from distributed import Client

    if batch_size < 1:
        raise ValueError("batch_size must be >= 1")
    if result not in RESULTS:
        raise ValueError(f"result must be one of {RESULTS}")
    dis = tuple(disable)
    cluster = None
    if scheduler:
        client = Client(scheduler_address(scheduler))
    else:
        cluster = local_cluster(workers)
        client = Client(cluster)
    try:
        _register_tuning(client)
        client.run(_warm)
        threads = sum(client.nthreads().values()) or 1
        limit = max_in_flight or max(2, 3 * threads)
        pending: deque[tuple[list[Item], Any]] = deque()
        for chunk in _batches(items, batch_size):
            pending.append((chunk, client.submit(_analyze_batch, chunk, dis, result, pure=False)))
            while len(pending) >= limit:
                yield from _collect(client, *pending.popleft(), dis, result)
        while pending:
            yield from _collect(client, *pending.popleft(), dis, result)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _collect(client: Any, chunk: list[Item], future: Any, dis: tuple[str, ...], result: str = "analysis") -> Iterator[Result]:
    """Results of one batch. If the batch itself failed (a worker died on it: out of memory,
    a crash in a C extension), its articles are retried one at a time, so that only the
    article that kills a worker is reported and the others are analysed."""
    try:
        results = future.result()
    except Exception:  # noqa: BLE001 - KilledWorker, CommClosedError, ...
        future.release()
        for it in chunk:
            a, err = _alone(client, it, dis, result)
            yield it, a, err
        return
    future.release()
    for it, (payload, err) in zip(chunk, results):
        yield it, _finish(payload, it, result), err


def _alone(client: Any, item: Item, dis: tuple[str, ...], result: str = "analysis", attempts: int = 2) -> tuple[Any, Optional[str]]:
    """One article in a task of its own, waited for. Tried twice: when a worker dies, the
    scheduler also fails innocent tasks that were queued on it."""
    error: Optional[BaseException] = None
    for _ in range(attempts):
        f = client.submit(_analyze_batch, [item], dis, result, pure=False)
        try:
            [(payload, err)] = f.result()
            return _finish(payload, item, result), err
        except Exception as e:  # noqa: BLE001
            error = e
        finally:
            f.release()
    return None, f"worker failed: {type(error).__name__}: {error}"


def ingest_many(
    sources: Iterable[Union[str, Path]],
    store: Any,
    *,
    scheduler: Optional[str] = None,
    workers: int = 1,
    batch_size: int = 50,
    disable: Iterable[str] = (),
    progress: bool = False,
) -> Any:
    """:func:`rawi.corpus.ingest.ingest` with the analysis on Dask; the same database results.

    Sources are read lazily (a million-article archive never sits in memory); articles
    already stored are skipped before they are sent; results are stored in input order, one
    transaction each, so ids, near-duplicate clusters and claims come out as in a serial
    run. A repeated article inside one run is analysed twice but stored once (the store is
    idempotent on the content hash and we check it again before adding).
    Returns the ingest module's ``IngestReport``.
    """
    import time

    from .ingest import IngestReport, Skipped, read_source

    try:
        from .ingest import _progress  # the ingest command's progress bar
    except ImportError:  # pragma: no cover - only if ingest.py drops it
        _progress = None

    report = IngestReport()

    def todo() -> Iterator[dict[str, Any]]:
        for src in sources:
            for rec in read_source(src):
                if isinstance(rec, Skipped):
                    report.skipped.append(rec)
                    continue
                h = rec.hash
                if store.has(h) is not None:
                    report.existing += 1
                    continue
                yield {"key": rec.name, "text": rec.text, "meta": dict(rec.meta), "hash": h}

    t0 = time.perf_counter()
    bar = _progress(progress, None) if _progress is not None else contextlib.nullcontext(lambda added: None)
    with bar as advance:
        for item, rows, err in analyze_many(todo(), scheduler=scheduler, workers=workers,
                                             batch_size=batch_size, disable=disable, result="rows"):
            if rows is None:
                report.skipped.append(Skipped(item["key"], f"analysis failed ({err})"))
                advance(False)
                continue
            if store.has(item["hash"]) is not None:
                report.existing += 1
                advance(False)
                continue
            report.ids.append(store.add_rows(rows))
            if getattr(store, "last_add_new", True):
                report.added += 1
            else:  # a concurrent ingest stored it between our check and our insert
                report.existing += 1
            advance(True)
    report.seconds = time.perf_counter() - t0
    return report

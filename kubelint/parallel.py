"""Loading many files with `--jobs N`: worker processes parse, the results come back in order.

Parsing YAML is the bulk of a large run. With more than one job, when the manifest files are
large together (and the platform forks), the files are cut into contiguous runs of about equal
size — a few per job, so a slow run does not hold the others up — and a pool of N forked
workers parses them. Each parsed file is also `inspect`ed where it was parsed (the engine runs
the rules that need nothing but the object there: work the workers share instead of leaving it
to this process after the parse). Each worker sends back the parsed files (text, documents'
data, problems; YAML nodes are composed later, and only for the documents with findings) with
what inspecting them gave, and this process takes them in input order, exactly as a sequential
load makes them. An unreadable file raises the same error it raises sequentially (the earliest
in input order). A worker that dies (killed, out of memory) does not hang the run: the files it
held are parsed here.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from kubelint.errors import KubelintError
from kubelint.inputs import STDIN_NAME, ManifestInput
from kubelint.yamlload import Limits, LoadedFile, load

# Below this many bytes, starting workers costs more than it saves.
PARALLEL_BYTES = 1_000_000
CHUNKS_PER_JOB = 4

T = TypeVar("T")
Inspect = Callable[[LoadedFile], T]
# A file parsed and inspected, or the error that stopped the load at it.
Loaded = tuple[LoadedFile, Any] | KubelintError


def default_jobs() -> int:
    """One job per core this process may run on (a container's CPU set, where there is one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _load_one(item: ManifestInput, limits: Limits, inspect: Inspect[Any]) -> Loaded:
    try:
        loaded = load(item.name, item.read(), limits)
    except KubelintError as exc:
        return exc
    return loaded, inspect(loaded)


# What a worker inspects its files with: set when it starts (a forked worker inherits it; it
# is never pickled, so it may hold anything).
_worker: dict[str, Inspect[Any]] = {}


def _load_chunk(
    items: Sequence[ManifestInput], limits: Limits, inspect: Inspect[Any] | None = None
) -> list[Loaded]:
    """Parse a run of files (in a worker: inspected with what the worker was started with)."""
    check = inspect or _worker["inspect"]
    out: list[Loaded] = []
    for item in items:
        out.append(_load_one(item, limits, check))
        if isinstance(out[-1], KubelintError):
            break  # a sequential load stops here too
        gc.freeze()  # what was parsed lives until sent: spare it the collector's full scans
    return out


def _sizes(items: Sequence[ManifestInput]) -> list[int] | None:
    """The size of each file, or None when one is stdin or cannot be sized (load reports it)."""
    sizes = []
    for item in items:
        if item.name == STDIN_NAME:
            return None
        try:
            sizes.append(os.stat(item.name).st_size)
        except OSError:
            return None
    return sizes


def _can_fork() -> bool:
    return sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()


def chunks(
    items: Sequence[ManifestInput], sizes: Sequence[int], count: int
) -> list[Sequence[ManifestInput]]:
    """`items` cut into at most `count` contiguous, non-empty runs of about equal size."""
    target = max(sum(sizes) / count, 1)  # empty files count for nothing
    out: list[Sequence[ManifestInput]] = []
    start, total = 0, 0
    for i, size in enumerate(sizes[:-1]):
        total += size
        if len(out) < count - 1 and total >= target * (len(out) + 1):
            out.append(items[start : i + 1])
            start = i + 1
    out.append(items[start:])
    return out


def load_files(
    items: Sequence[ManifestInput],
    limits: Limits,
    inspect: Inspect[T],
    jobs: int = 1,
    advance: Callable[[int], None] = lambda steps: None,
    meanwhile: Callable[[], object] = lambda: None,
) -> list[tuple[LoadedFile, T]]:
    """Every file parsed, in order, each with what `inspect` found in it; by `jobs` worker
    processes when they are large enough together. `advance` is told how many files each step
    loaded. `meanwhile` is work for this process while workers parse (not called without
    them)."""
    sizes = _sizes(items) if jobs > 1 and len(items) > 1 and _can_fork() else None
    if sizes is None or sum(sizes) < PARALLEL_BYTES:
        results: Generator[tuple[list[Loaded], int], None, None] = (
            ([_load_one(item, limits, inspect)], 1) for item in items
        )
    else:
        runs = chunks(items, sizes, jobs * CHUNKS_PER_JOB)
        results = _in_workers(runs, limits, jobs, inspect, meanwhile)
    loaded: list[tuple[LoadedFile, T]] = []
    with contextlib.closing(results):  # on an error, the workers stop before it is raised
        for batch, count in results:
            for result in batch:
                if isinstance(result, KubelintError):
                    raise result
                loaded.append(result)
            advance(count)
    return loaded


def _start_worker(inspect: Inspect[Any]) -> None:
    _worker["inspect"] = inspect
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is this process's to handle


def _in_workers(
    runs: list[Sequence[ManifestInput]],
    limits: Limits,
    jobs: int,
    inspect: Inspect[Any],
    meanwhile: Callable[[], object] = lambda: None,
) -> Generator[tuple[list[Loaded], int], None, None]:
    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(runs)),
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(inspect,),
    )
    try:
        # The workers fork at the first submit. Frozen, this process's objects stay out of
        # their garbage collections, which would otherwise touch (and copy) every page.
        gc.freeze()
        try:
            futures = [pool.submit(_load_chunk, run, limits) for run in runs]
        finally:
            gc.unfreeze()
        meanwhile()
        for run, future in zip(runs, futures, strict=True):
            try:
                batch = future.result()
            except BrokenProcessPool:  # a worker died: parse its files here
                batch = _load_chunk(run, limits, inspect)
            yield batch, len(run)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)

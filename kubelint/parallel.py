"""Loading many files with `--jobs N`: worker processes parse them, then inspect what they parsed.

Parsing YAML is the bulk of a large run. With more than one job, when the manifest files are
large together (and the platform forks), the files are cut into contiguous runs of about equal
size — a few per job, so a slow run does not hold the others up — and N forked workers take
the runs one after another. A worker sends back each run as soon as it is parsed (text,
documents' data with their compact tables of positions, problems; no YAML nodes), so this
process can index the files and run its own checks while the workers go on. When no run is
left to parse, each worker `inspect`s the files it parsed (the engine runs the rules that need
nothing but their object there, and sends their findings with positions resolved): that work
overlaps this process's checks instead of coming before them.

`Loading.files()` gives the files in input order, exactly as a sequential load makes them; an
unreadable file raises the same error it raises sequentially (the earliest in input order).
`Loading.inspected()` then gives what inspecting each file gave, in the same order. A worker
that dies (killed, out of memory, or failing) does not hang the run: the files it held are
parsed, or inspected, here — where a failure that is not the worker's own happens again.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from kubelint.errors import KubelintError, UsageError
from kubelint.inputs import STDIN_NAME, ManifestInput
from kubelint.limits import Limits
from kubelint.yamlload import LoadedFile, load

if TYPE_CHECKING:  # multiprocessing (and the socket, pickle and threading modules it loads)
    # is imported when workers start: a lint of a few files parses them here
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

# Below this many bytes, starting workers costs more than it saves.
PARALLEL_BYTES = 1_000_000
CHUNKS_PER_JOB = 4
# Runs sent to a worker ahead of the one it parses: it never waits for this process to answer.
AHEAD = 2

T = TypeVar("T")
Inspect = Callable[[LoadedFile], T]
# A run of files parsed, ending at the error that stopped the load there (if one did).
Parsed = list[LoadedFile | KubelintError]
_PARSED, _INSPECTED = "parsed", "inspected"


def default_jobs() -> int:
    """One job per core this process may run on (a container's CPU set, where there is one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def worker_count(requested: int | None, configured: int | None, limits: Limits) -> int:
    """The worker processes to start: `--jobs`, else the configuration's `jobs:`, else one per
    core; one asked for over `max-jobs` is an error (a hostile `jobs: 100000` forks nothing)."""
    count = requested or configured
    if count is None:
        return min(default_jobs(), limits.max_jobs)
    if count > limits.max_jobs:
        what = f"{'--jobs' if requested else 'jobs:'} {count} is too many worker processes"
        raise UsageError(limits.exceeded("max_jobs", what))
    return count


def parse_run(items: Sequence[ManifestInput], limits: Limits) -> Parsed:
    """Parse a run of files, stopping at one that cannot be read (a sequential load does)."""
    out: Parsed = []
    for item in items:
        try:
            out.append(load(item.name, item.read(), limits))
        except KubelintError as exc:
            out.append(exc)
            break
        gc.freeze()  # what was parsed lives on: spare it the collector's full scans
    return out


def _serve(
    conn: Connection,
    others: list[Connection],
    runs: list[Sequence[ManifestInput]],
    limits: Limits,
    inspect: Inspect[Any],
) -> None:
    """A worker: parse each run it is sent until it is sent None, then inspect what it parsed.
    `others` are the main process's ends of pipes, inherited: closed, so that the worker sees
    the end of its own pipe if the main process dies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    for other in others:
        other.close()
    try:
        held: list[tuple[int, Parsed]] = []
        while (run := conn.recv()) is not None:
            parsed = parse_run(runs[run], limits)
            conn.send((_PARSED, run, parsed))
            held.append((run, parsed))
        # every run inspected before any is sent: the main process reads them only after its own
        # checks are done, and a send would block on the full pipe meanwhile
        done = [
            (run, [inspect(f) for f in parsed if isinstance(f, LoadedFile)]) for run, parsed in held
        ]
        for run, found in done:
            conn.send((_INSPECTED, run, found))
        # Then it waits, idle, until the main process closes its end of the pipe (or ends): a
        # process ending frees its memory, which keeps a core busy for 10 ms or more, better
        # spent after the main process's reports than while it records and reports findings.
        with contextlib.suppress(EOFError):
            conn.recv()
    except BaseException:  # whatever it is: the main process does the work again, and reports
        os._exit(1)


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
    import multiprocessing

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


class _Worker:
    """A worker process and this process's end of its pipe."""

    __slots__ = ("conn", "done", "live", "process")

    def __init__(self, process: BaseProcess, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.live = True
        self.done = False  # told that no run is left


class Loading(Generic[T]):
    """Files being loaded, run by run, by worker processes or here. Close it to stop the
    workers."""

    def __init__(
        self,
        runs: list[Sequence[ManifestInput]],
        limits: Limits,
        inspect: Inspect[T],
        advance: Callable[[int], None],
    ) -> None:
        self._runs = runs
        self._limits = limits
        self._inspect = inspect
        self._advance = advance
        self._parsed: dict[int, Parsed] = {}
        self._inspected: dict[int, list[T]] = {}
        self._workers: list[_Worker] = []  # the live ones
        self._holder: dict[int, _Worker] = {}  # the worker each run was sent to
        self._sent = 0  # runs sent out: 0 .. _sent - 1

    def start(self, jobs: int) -> None:
        """Fork the workers and send each its first runs."""
        import multiprocessing

        context = multiprocessing.get_context("fork")
        # Frozen, this process's objects stay out of the workers' garbage collections, which
        # would otherwise touch (and copy) every page.
        gc.freeze()
        try:
            for _ in range(min(jobs, len(self._runs))):
                mine, theirs = context.Pipe()
                ours = [w.conn for w in self._workers]
                process = context.Process(
                    target=_serve,
                    args=(theirs, [mine, *ours], self._runs, self._limits, self._inspect),
                    daemon=True,
                )
                process.start()
                theirs.close()
                worker = _Worker(process, mine)
                self._workers.append(worker)
                for _ in range(AHEAD):
                    self._send(worker)
        finally:
            gc.unfreeze()

    def files(self) -> list[LoadedFile]:
        """Every file parsed, in input order (raises the first unreadable file's error)."""
        out: list[LoadedFile] = []
        for run, items in enumerate(self._runs):
            while run not in self._parsed and self._elsewhere(run):
                self._receive()
            if run not in self._parsed:
                self._parsed[run] = parse_run(items, self._limits)
            self._advance(len(items))
            for result in self._parsed[run]:
                if isinstance(result, KubelintError):
                    raise result
                out.append(result)
        return out

    def inspected(self) -> list[T | None]:
        """What a worker's inspection gave for each file, in the order of `files()`; None for a
        file no worker inspected (parsed here, or its worker died): the caller's to inspect."""
        out: list[T | None] = []
        for run in range(len(self._runs)):
            while run not in self._inspected and self._elsewhere(run):
                self._receive()
            if run in self._inspected:
                out.extend(self._inspected[run])
            else:
                out.extend(None for f in self._parsed[run] if isinstance(f, LoadedFile))
        return out

    @property
    def parallel(self) -> bool:
        """Whether workers load the files (and their findings are still to come)."""
        return bool(self._workers)

    def close(self) -> None:
        """Stop the workers (`contextlib.closing`)."""
        for worker in list(self._workers):
            self._gone(worker)

    @contextlib.contextmanager
    def closing_on_error(self) -> Iterator[Loading[T]]:
        """The loading, closed if the block fails. Once every file is `inspected`, its workers
        wait, idle, until it is freed (which closes this process's ends of their pipes) or this
        process ends: they end then, not while this process goes on (see `_serve`)."""
        try:
            yield self
        except BaseException:
            self.close()
            raise

    def _elsewhere(self, run: int) -> bool:
        """Whether a live worker holds the run, or will be sent it."""
        holder = self._holder.get(run)
        return holder.live if holder is not None else bool(self._workers)

    def _send(self, worker: _Worker) -> None:
        """Send the worker the next run, or tell it none is left."""
        if worker.done:
            return
        run: int | None = None
        if self._sent < len(self._runs):
            run = self._sent
            self._sent += 1
            self._holder[run] = worker
        worker.done = run is None
        with contextlib.suppress(OSError):  # it died: its sentinel says so, and what it held
            worker.conn.send(run)  # is done here

    def _receive(self) -> None:
        """Take what the workers sent, or note that one ended."""
        from multiprocessing.connection import wait

        ready = wait([h for w in self._workers for h in (w.conn, w.process.sentinel)])
        for worker in list(self._workers):
            try:
                if worker.conn in ready:
                    self._take(worker)
                    continue
                if worker.process.sentinel not in ready:
                    continue
                while worker.conn.poll():  # it ended: what it sent before
                    self._take(worker)
            except (EOFError, OSError):
                pass
            self._gone(worker)

    def _take(self, worker: _Worker) -> None:
        kind, run, payload = worker.conn.recv()
        if kind == _PARSED:
            self._parsed[run] = payload
            self._send(worker)
        else:
            self._inspected[run] = payload

    def _gone(self, worker: _Worker) -> None:
        worker.live = False
        worker.process.terminate()  # if it has not ended
        self._workers.remove(worker)
        worker.process.join()
        worker.conn.close()


def load_files(
    items: Sequence[ManifestInput],
    limits: Limits,
    inspect: Inspect[T],
    jobs: int = 1,
    advance: Callable[[int], None] = lambda steps: None,
    meanwhile: Callable[[], object] = lambda: None,
) -> Loading[T]:
    """Start loading the files, each to be inspected with `inspect`; by `jobs` worker processes
    when they are large enough together. `advance` is told how many files each step loaded.
    `meanwhile` is work for this process while workers parse (not called without them)."""
    sizes = _sizes(items) if jobs > 1 and len(items) > 1 else None
    if sizes is None or sum(sizes) < PARALLEL_BYTES or not _can_fork():
        return Loading([[item] for item in items], limits, inspect, advance)
    loading = Loading(chunks(items, sizes, jobs * CHUNKS_PER_JOB), limits, inspect, advance)
    loading.start(jobs)
    try:
        meanwhile()
    except BaseException:
        loading.close()
        raise
    return loading

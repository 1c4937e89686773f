"""Loading many files on two cores: a forked worker parses the second half of the inputs.

Parsing YAML dominates a large run. When the manifest files are large together (and the
platform forks), a child process parses the second half, by size, while this process parses
the first; the parsed files come back in input order, exactly as a sequential load makes them.
An unreadable file raises the same error it raises sequentially (the earliest in input order).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Sequence
from multiprocessing.connection import Connection

from kubelint.errors import KubelintError
from kubelint.inputs import STDIN_NAME, ManifestInput
from kubelint.yamlload import Limits, LoadedFile, load

# Below this many bytes, a second process costs more than it saves.
PARALLEL_BYTES = 2_000_000

Loaded = LoadedFile | KubelintError


def _load(items: Sequence[ManifestInput], limits: Limits) -> list[Loaded]:
    out: list[Loaded] = []
    for item in items:
        try:
            out.append(load(item.name, item.read(), limits))
        except KubelintError as exc:
            out.append(exc)
            break  # a sequential load stops here too
    return out


def _child(items: Sequence[ManifestInput], limits: Limits, conn: Connection) -> None:
    conn.send(_load(items, limits))
    conn.close()


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
    return (
        sys.platform == "linux"
        and (os.cpu_count() or 1) > 1
        and "fork" in multiprocessing.get_all_start_methods()
    )


def load_files(items: Sequence[ManifestInput], limits: Limits) -> list[LoadedFile]:
    """Every file parsed, in order; on two cores when they are large enough together."""
    sizes = _sizes(items) if len(items) > 1 and _can_fork() else None
    if sizes is None or sum(sizes) < PARALLEL_BYTES:
        results = _load(items, limits)
    else:
        half, total, split = sum(sizes) / 2, 0, len(items) - 1
        for i, size in enumerate(sizes):
            total += size
            if total >= half:
                split = i + 1
                break
        results = _in_two(items[:split], items[split:], limits)
    loaded: list[LoadedFile] = []
    for result in results:
        if isinstance(result, KubelintError):
            raise result
        loaded.append(result)
    return loaded


def _in_two(
    first: Sequence[ManifestInput], second: Sequence[ManifestInput], limits: Limits
) -> list[Loaded]:
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_child, args=(second, limits, sender), daemon=True)
    worker.start()
    sender.close()
    theirs: list[Loaded] | None = None
    try:
        mine = _load(first, limits)
        if mine and isinstance(mine[-1], KubelintError):
            return mine  # the run stops at this error: the second half does not matter
        try:
            theirs = receiver.recv()
        except EOFError:  # the worker died (killed, out of memory): parse its half here
            theirs = _load(second, limits)
    finally:
        receiver.close()
        if theirs is None:
            worker.terminate()
        worker.join()
    return mine + theirs

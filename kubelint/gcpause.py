"""Pausing the cyclic garbage collector while a large tree of objects is built."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def uncollected(kept: bool = False) -> Iterator[None]:
    """No cyclic garbage collection meanwhile: a tree being built (a parsed file, unpickled
    data) keeps its many new containers alive, and collections while it grows would only walk
    them again and again. Cycles made meanwhile are collected after; with `kept`, what lives
    on is frozen instead, out of every later collection's scan (what lives until a run ends)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if kept:
            gc.freeze()
        if enabled:
            gc.enable()

"""Where a chart's random values come from (`randAlphaNum`, `randInt`, `uuidv4`, `shuffle`, …).

`kubelint template` draws them from the system's generator, as Helm does. While `kubelint lint`
renders a chart they come from a generator seeded with the chart's name and version instead
(`reproducible`): a name made with `randAlphaNum 5` is then the same in every lint of the chart,
so its findings keep their fingerprints and a baseline keeps hiding them (the `chart-
nondeterministic` rule still reports the call). Keys and certificates stay random either way.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_SYSTEM = secrets.SystemRandom()
_SOURCE: ContextVar[random.Random | None] = ContextVar("chance", default=None)


def source() -> random.Random:
    """The generator of the render under way."""
    return _SOURCE.get() or _SYSTEM


@contextmanager
def reproducible(seed: str) -> Iterator[None]:
    """Random values drawn inside this block repeat from one run to the next."""
    token = _SOURCE.set(random.Random(seed))
    try:
        yield
    finally:
        _SOURCE.reset(token)

"""Progress on long runs: a Rich bar on stderr, only where a person is watching.

The bar is drawn only when stderr is a terminal (never in CI logs, pipes or tests), never on
stdout (machine formats stay clean), not with `--no-progress`, and only once the run has taken
more than `DELAY` seconds: a quick run never flickers a bar. It is transient: once the run
ends it disappears, leaving the report as it would be without it. It is redrawn from the
engine's own steps, at most every `REFRESH` seconds, with no thread of its own (the engine
forks workers, which a running thread would make unsafe).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress

DELAY = 0.5  # seconds a run takes before a bar is worth drawing
REFRESH = 0.1  # seconds between redraws


class Progress(Protocol):
    """What the engine reports: phases of known length, advanced step by step."""

    def phase(self, name: str, total: int) -> None: ...

    def advance(self, steps: int = 1) -> None: ...


class Silent:
    """No progress shown."""

    def phase(self, name: str, total: int) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        pass


def wanted(enabled: bool, stream: TextIO) -> bool:
    """A bar only on a real terminal, unless turned off."""
    if not enabled or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Bar:
    """A Rich bar on `stream`, drawn from the first step after `delay` seconds."""

    def __init__(
        self,
        stream: TextIO,
        delay: float = DELAY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream, self._clock = stream, clock
        self._due = clock() + delay
        self._bar: RichProgress | None = None
        self._drawn = 0.0
        self._name, self._total, self._done = "", 0, 0

    def phase(self, name: str, total: int) -> None:
        self._name, self._total, self._done = name, total, 0
        self._draw(force=True)

    def advance(self, steps: int = 1) -> None:
        self._done += steps
        self._draw()

    def _draw(self, force: bool = False) -> None:
        now = self._clock()
        if self._bar is None:
            if now < self._due:
                return
            # imported when a bar is first drawn: most runs end before the delay
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as RichProgress

            from kubelint.console import console

            self._bar = RichProgress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console(self._stream),
                auto_refresh=False,
                transient=True,
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self._bar.add_task(self._name, total=self._total, completed=self._done)
            self._bar.start()
        elif not force and now - self._drawn < REFRESH:
            return
        task = self._bar.task_ids[0]
        self._bar.update(task, description=self._name, total=self._total, completed=self._done)
        self._bar.refresh()
        self._drawn = now

    def __enter__(self) -> Bar:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()


@contextlib.contextmanager
def progress(enabled: bool, stream: TextIO) -> Iterator[Progress]:
    """A bar on `stream` when one is wanted there, otherwise silence."""
    if not wanted(enabled, stream):
        yield Silent()
        return
    with Bar(stream) as bar:
        yield bar

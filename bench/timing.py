"""What the benchmarks share: the best of several timings, and the floor of parsing YAML."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import yaml


def best(
    repeat: int, work: Callable[[], object], clock: Callable[[], float] = time.perf_counter
) -> float:
    """The shortest of `repeat` timings of `work` (wall time unless `clock` says otherwise)."""
    times = []
    for _ in range(repeat):
        start = clock()
        work()
        times.append(clock() - start)
    return min(times)


def parse_floor(files: list[Path]) -> None:
    """Parse every document of `files` with libyaml and nothing else: the floor lint is held to."""
    for path in files:
        for _ in yaml.load_all(path.read_bytes(), Loader=yaml.CSafeLoader):
            pass

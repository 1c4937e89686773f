"""Run the real CLI in a subprocess, within a time and memory budget, for hostile inputs."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest

R = TypeVar("R")

TIMEOUT = 10.0  # seconds one run may take; the slowest measured is far below
MEMORY = 2 * 1024**3  # bytes of address space one run may use
USAGE_FILE = "usage"  # where the child writes its peak memory (resident KiB) and processor time
# `python -m kubelint ARGS…`, under a memory cap set in the child itself (a `preexec_fn` is not
# safe while a pool's threads run); at exit it writes what it used to USAGE_FILE in its HOME,
# also when the console script ends the process at once (os._exit, kubelint.entry).
# Its peak memory is Linux's VmHWM, its own: `ru_maxrss` keeps the peak of the process it was
# forked from (the test run) across exec.
LAUNCHER = f"""\
import os, resource, runpy, sys
resource.setrlimit(resource.RLIMIT_AS, ({MEMORY}, {MEMORY}))
sys.argv[0] = 'kubelint'
launcher, end = os.getpid(), os._exit
def used():
    own, workers = (resource.getrusage(r) for r in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    cpu = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
    with open('/proc/self/status') as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith('VmHWM:'))
    with open(os.path.join(os.environ['HOME'], '{USAGE_FILE}'), 'w') as usage:
        usage.write(f"{{max(peak, workers.ru_maxrss)}} {{cpu}}")
def ended(code):
    if os.getpid() == launcher:  # not a worker it forked
        used()
    end(code)
os._exit = ended
try:
    runpy.run_module('kubelint', run_name='__main__', alter_sys=True)
finally:
    used()
"""


@dataclass(frozen=True)
class Ran:
    code: int | None  # None: killed at the timeout; negative: killed by that signal
    stdout: str
    stderr: str
    seconds: float
    # What the process used, unless it was killed: peak resident memory, processor time (a
    # busy machine's wall time says little about the work a run does).
    peak_mb: float | None = None
    cpu_seconds: float | None = None

    @property
    def said(self) -> str:
        return self.stdout + self.stderr

    def check_finished(self) -> None:
        """What every run owes: an answer in time, an exit code (not a signal, not 3 for a
        bug), no traceback, and at most one line on stderr: `kubelint: error: …`."""
        assert self.code is not None, f"no answer within {self.seconds:.0f} s"
        assert self.code >= 0, f"killed by signal {-self.code}: {self.stderr[-2000:]}"
        assert self.code != 3, self.stderr
        assert "Traceback" not in self.said
        if self.stderr:
            (line,) = self.stderr.splitlines()
            assert line.startswith("kubelint: error: "), line


def run_cli(args: tuple[str, ...], cwd: Path, timeout: float = TIMEOUT) -> Ran:
    """`kubelint ARGS…` in `cwd`, with an empty HOME there and no input on stdin."""
    home = cwd / "home"
    home.mkdir(exist_ok=True)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "OPENBLAS_NUM_THREADS": "1",
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    start = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-c", LAUNCHER, *args],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
        code: int | None = done.returncode
        stdout, stderr = done.stdout, done.stderr
    except subprocess.TimeoutExpired as exc:
        code, stdout, stderr = None, exc.stdout or b"", exc.stderr or b""
    usage = home / USAGE_FILE
    peak, cpu = usage.read_text().split() if usage.exists() else (None, None)
    return Ran(
        code,
        stdout.decode("utf-8", "replace"),
        stderr.decode("utf-8", "replace"),
        time.monotonic() - start,
        int(peak) / 1024 if peak else None,
        float(cpu) if cpu else None,
    )


def run_selected(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    name: Callable[[Any], str],
    run: Callable[[Any, Path], R],
) -> Iterator[dict[str, Future[R]]]:
    """For a module-scoped fixture: run every case the session selected from the module (its
    `case` parameter) at once, each in a folder of its own, by `name`. The runs are
    subprocesses, so threads run them in parallel, one per core."""
    selected = [
        item.callspec.params["case"]
        for item in request.session.items
        if item.module is request.module
        and hasattr(item, "callspec")
        and "case" in item.callspec.params
    ]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        yield {
            name(case): pool.submit(run, case, tmp_path_factory.mktemp(name(case)))
            for case in selected
        }

"""Run the real CLI in a subprocess, within a time and memory budget, for hostile inputs."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

TIMEOUT = 10.0  # seconds one run may take; the slowest measured is far below
MEMORY = 2 * 1024**3  # bytes of address space one run may use
# `python -m kubelint ARGS…`, under a memory cap set in the child itself (a `preexec_fn` is not
# safe while a pool's threads run).
LAUNCHER = (
    "import resource, runpy, sys; "
    f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY}, {MEMORY})); "
    "sys.argv[0] = 'kubelint'; "
    "runpy.run_module('kubelint', run_name='__main__', alter_sys=True)"
)


@dataclass(frozen=True)
class Ran:
    code: int | None  # None: killed at the timeout; negative: killed by that signal
    stdout: str
    stderr: str
    seconds: float

    @property
    def said(self) -> str:
        return self.stdout + self.stderr

    def check_finished(self) -> None:
        """What every run owes: an answer in time, an exit code (not a signal, not 3 for a
        bug), no traceback, and at most one line on stderr: `kubelint: error: …`."""
        assert self.code is not None, f"no answer within {TIMEOUT} s"
        assert self.code >= 0, f"killed by signal {-self.code}: {self.stderr[-2000:]}"
        assert self.code != 3, self.stderr
        assert "Traceback" not in self.said
        if self.stderr:
            (line,) = self.stderr.splitlines()
            assert line.startswith("kubelint: error: "), line


def run_cli(args: tuple[str, ...], cwd: Path) -> Ran:
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
            timeout=TIMEOUT,
            check=False,
        )
        code: int | None = done.returncode
        stdout, stderr = done.stdout, done.stderr
    except subprocess.TimeoutExpired as exc:
        code, stdout, stderr = None, exc.stdout or b"", exc.stderr or b""
    return Ran(
        code,
        stdout.decode("utf-8", "replace"),
        stderr.decode("utf-8", "replace"),
        time.monotonic() - start,
    )

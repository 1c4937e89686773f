"""The progress bar: on a terminal's stderr only, after a moment, never on stdout."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kubelint import progress
from kubelint.progress import Bar, Silent, wanted
from tests.conftest import kubelint, write


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("enabled", "stream", "term", "expected"),
    [
        (True, Terminal(), "xterm", True),
        (False, Terminal(), "xterm", False),  # --no-progress
        (True, io.StringIO(), "xterm", False),  # a pipe, a file, a CI log
        (True, Terminal(), "dumb", False),
    ],
)
def test_a_bar_only_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, enabled: bool, stream: io.StringIO, term: str, expected: bool
) -> None:
    monkeypatch.setenv("TERM", term)
    assert wanted(enabled, stream) is expected
    with progress.progress(enabled, stream) as shown:
        assert isinstance(shown, Bar) is expected
        assert isinstance(shown, Silent) is not expected


def test_the_bar_waits_for_a_slow_run() -> None:
    stream, clock = Terminal(), Clock()
    with Bar(stream, delay=0.5, clock=clock) as bar:
        bar.phase("reading", 10)
        for _ in range(5):
            bar.advance()
            clock.now += 0.09
        assert stream.getvalue() == ""  # 0.45 s: a quick run draws nothing
        clock.now += 0.1
        bar.advance()
        assert "reading" in stream.getvalue()
        assert "6/10" in stream.getvalue()
        bar.phase("checking", 3)
        assert "checking" in stream.getvalue()
        assert "0/3" in stream.getvalue()


def test_redraws_are_spaced() -> None:
    stream, clock = Terminal(), Clock()
    with Bar(stream, delay=0, clock=clock) as bar:
        bar.phase("reading", 1000)
        drawn = len(stream.getvalue())
        for _ in range(100):
            bar.advance()
        assert len(stream.getvalue()) == drawn  # within REFRESH: not redrawn
        clock.now += 2 * progress.REFRESH
        bar.advance()
        assert "101/1000" in stream.getvalue()
    assert "/100 " not in stream.getvalue()  # no frame before the phase is known


def test_the_cli_draws_no_bar_off_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress, "DELAY", 0)
    write(tmp_path, "a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")
    run = kubelint("lint", "a.yaml", "--format", "json")
    assert run.exit_code == 0
    assert run.stderr == ""
    assert run.json()["findings"] == []
    assert kubelint("lint", "a.yaml", "--no-progress").exit_code == 0

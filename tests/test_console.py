"""`colourless` says "no colour" only where Rich would write none: Rich is then not imported."""

from __future__ import annotations

import io

import pytest

from kubelint.console import colourless, console

ENVIRONMENTS = [
    {},
    {"NO_COLOR": "1"},
    {"NO_COLOR": ""},
    {"FORCE_COLOR": "1"},
    {"FORCE_COLOR": ""},
    {"TTY_COMPATIBLE": "1"},
    {"TTY_COMPATIBLE": "0"},
    {"TERM": "dumb"},
    {"FORCE_COLOR": "1", "NO_COLOR": "1"},
]


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@pytest.mark.parametrize("environment", ENVIRONMENTS)
@pytest.mark.parametrize("tty", [True, False])
@pytest.mark.parametrize("plain", [True, False])
def test_colourless_only_where_rich_writes_no_colour(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], tty: bool, plain: bool
) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    stream = _Stream(tty)
    if colourless(stream, plain=plain):
        assert console(stream, plain=plain).color_system is None


def test_a_file_or_a_pipe_is_colourless_a_terminal_or_a_forced_colour_is_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    assert colourless(_Stream(tty=False))
    assert colourless(io.StringIO())
    assert not colourless(_Stream(tty=True))
    assert colourless(_Stream(tty=True), plain=True)
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert not colourless(_Stream(tty=False))
    monkeypatch.setenv("NO_COLOR", "1")
    assert colourless(_Stream(tty=True))

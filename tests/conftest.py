"""Shared test helpers: run the real CLI, and read findings back."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kubelint.cli import app

ROOT = Path(__file__).resolve().parents[1]
# Compiled chart templates are not kept on disk by tests, nor by the processes they start
# (tests/chart/test_codecache.py turns the cache on in a temporary folder).
os.environ["KUBELINT_CACHE_DIR"] = ""
FIXTURES = Path(__file__).parent / "rules" / "fixtures"


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def kubelint(*args: str, stdin: str | bytes | None = None) -> Run:
    """Run `kubelint ARGS…` in-process, through the real Typer app."""
    result = CliRunner().invoke(app, list(args), input=stdin)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


@pytest.fixture(autouse=True)
def _isolated_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every test in its own empty folder: the repository's own configuration stays out."""
    monkeypatch.chdir(tmp_path)


def write(directory: Path, name: str, text: str | bytes) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    return path

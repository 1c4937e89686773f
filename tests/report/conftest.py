"""The input every report test reads: `input/`, copied into the test's working folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

INPUT = Path(__file__).parent / "input"


@pytest.fixture
def copied(tmp_path: Path) -> Path:
    shutil.copytree(INPUT, tmp_path, dirs_exist_ok=True)
    return tmp_path

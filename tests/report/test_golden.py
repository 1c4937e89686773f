"""Every report format over the same input, compared with its golden file.

The input (`input/`) is a manifest with findings at known lines (one about a file, some about
objects, messages with characters each format must escape), a clean manifest, and a chart whose
finding is mapped to its template. `KUBELINT_UPDATE_GOLDEN=1 python -m pytest tests/report` rewrites the goldens.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kubelint.report import FORMATS
from tests.conftest import kubelint

GOLDEN = Path(__file__).parent / "golden"
SUFFIXES = {"text": ".txt", "json": ".json", "sarif": ".sarif", "junit": ".xml", "github": ".txt"}
# The one value that changes from run to run of the same input: kubelint's own version.
_VERSION = re.compile(r'("name": "kubelint",\s*"version": )"[^"]*"')


def _stable(output: str) -> str:
    return _VERSION.sub(r'\1"<version>"', output)


@pytest.mark.usefixtures("copied")
@pytest.mark.parametrize("name", FORMATS)
def test_report_matches_its_golden_file(name: str) -> None:
    run = kubelint("lint", "clean.yaml", "deploy.yaml", "web", "--format", name)
    assert run.exit_code == 1, run.stderr
    golden = GOLDEN / f"{name}{SUFFIXES[name]}"
    output = _stable(run.stdout)
    if os.environ.get("KUBELINT_UPDATE_GOLDEN") == "1":
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8")


def test_goldens_hold_the_findings_at_their_lines() -> None:
    """The goldens are what they claim: each format names the same five findings."""
    github = (GOLDEN / "github.txt").read_text(encoding="utf-8").splitlines()
    assert [line.split("::")[1].split(",title=")[0] for line in github] == [
        "error file=deploy.yaml,line=9,col=3",
        "warning file=deploy.yaml,line=17,col=3",
        "error file=deploy.yaml,line=20,col=17",
        "notice file=web/Chart.yaml,line=1,col=1",
        "error file=web/templates/service.yaml,line=9,col=17",
    ]

"""Every command over every bad input, through the real CLI in a subprocess: a clear refusal
(exit 1 or 2, the file and line named, no traceback) or a normal run, within a time and memory
budget, and every input file byte-for-byte unchanged.

The runs are independent subprocesses, so they run in parallel (one per core): the module's
fixture starts every selected case at once and each test waits for its own.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.hostile.corpus import DEFECTS, GOOD, PWNED, TEMPLATE, Defect, Flavour
from tests.hostile.runner import Ran, run_cli, run_selected


@dataclass(frozen=True)
class Slot:
    """A way a command reads a file: `target` is where the defect goes in the workspace."""

    id: str
    flavour: Flavour
    target: str
    args: tuple[str, ...]


SLOTS = (
    Slot("lint", "manifest", "manifest.yaml", ("lint", "manifest.yaml")),
    Slot("lint-folder", "manifest", "deploy/manifest.yaml", ("lint", "deploy")),
    Slot("schedule", "manifest", "manifest.yaml", ("schedule", "manifest.yaml")),
    Slot("schedule-cluster", "cluster", "cluster.yaml", ("schedule", "--cluster", "cluster.yaml", "app.yaml")),
    Slot("template-values", "values", "values.yaml", ("template", "chart", "-f", "values.yaml")),
    Slot("template-chart-yaml", "chart", "chart/Chart.yaml", ("template", "chart")),
    Slot("template-values-yaml", "values", "chart/values.yaml", ("template", "chart")),
    Slot("lint-chart-yaml", "chart", "chart/Chart.yaml", ("lint", "chart")),
)  # fmt: skip


@dataclass(frozen=True)
class Case:
    defect: Defect
    slot: Slot

    @property
    def id(self) -> str:
        return f"{self.defect.id}-{self.slot.id}"


CASES = [Case(defect, slot) for defect in DEFECTS for slot in SLOTS]


@dataclass(frozen=True)
class Outcome:
    workspace: Path
    ran: Ran
    before: dict[str, str]
    after: dict[str, str]


def _fingerprint(path: Path) -> str:
    """What must not change about a path: its type, mode, and content or link target."""
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode):
        return f"link {os.readlink(path)}"
    if stat.S_ISREG(info.st_mode) and os.access(path, os.R_OK):
        digest = hashlib.blake2b(path.read_bytes()).hexdigest()
        return f"file {info.st_mode:o} {digest}"
    return f"{stat.filemode(info.st_mode)} {info.st_size}"


def _snapshot(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): _fingerprint(path)
        for path in sorted(root.rglob("*"))
        if not path.is_relative_to(root / "home")
    }


def _workspace(case: Case, root: Path) -> None:
    (root / "app.yaml").write_text(GOOD["manifest"])
    chart = root / "chart"
    (chart / "templates").mkdir(parents=True)
    (chart / "templates" / "config.yaml").write_text(TEMPLATE)
    (chart / "Chart.yaml").write_text(GOOD["chart"])
    (chart / "values.yaml").write_text(GOOD["values"])
    target = root / case.slot.target
    target.parent.mkdir(exist_ok=True)
    if target.exists():
        target.unlink()
    case.defect.make(target, case.slot.flavour)


def _run(case: Case, root: Path) -> Outcome:
    _workspace(case, root)
    before = _snapshot(root)
    ran = run_cli(case.slot.args, root)
    return Outcome(root, ran, before, _snapshot(root))


@pytest.fixture(scope="module")
def runs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Future[Outcome]]]:
    yield from run_selected(request, tmp_path_factory, lambda case: case.id, _run)


def _accepted(case: Case) -> bool:
    if case.defect.id == "unreadable":  # as root, a mode of 000 does not stop reading
        return os.geteuid() == 0
    return bool({case.slot.flavour, case.slot.id} & case.defect.accepted)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input(case: Case, runs: dict[str, Future[Outcome]]) -> None:
    outcome = runs[case.id].result()
    ran = outcome.ran
    ran.check_finished()
    assert outcome.after == outcome.before, "an input changed"
    assert not (outcome.workspace / PWNED).exists()
    if _accepted(case):
        assert ran.code in (0, 1), ran.said
        assert ran.stderr == ""  # a report (findings or not), not a refusal
        return
    assert ran.code in (1, 2), ran.said
    target = case.slot.target
    where = f"{target}:{case.defect.line}" if case.defect.line else target
    assert where in ran.said, ran.said

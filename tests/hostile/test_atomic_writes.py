"""A write that fails half-way (a full disk, a crash before the rename) leaves the previous
output in place, whole: `template --output-dir` through the CLI."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from tests.chart.charts import make_chart
from tests.conftest import kubelint

TEMPLATE = (
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {v: {{ Values.v | quote }}}\n"
)


def _full_disk(*_args: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_a_failed_write_leaves_the_previous_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    chart = make_chart(tmp_path, {"templates/cm.yaml": TEMPLATE, "values.yaml": "v: old\n"})
    out = tmp_path / "out"
    assert kubelint("template", str(chart), "--output-dir", str(out)).exit_code == 0
    written = out / "mychart" / "templates" / "cm.yaml"
    before = written.read_bytes()
    assert b'v: "old"' in before
    monkeypatch.setattr(os, step, _full_disk)
    run = kubelint("template", str(chart), "--output-dir", str(out), "--set", "v=new")
    assert run.exit_code == 2
    assert run.stderr == f"kubelint: error: {written}: cannot write: No space left on device\n"
    assert written.read_bytes() == before
    assert [p.name for p in written.parent.iterdir()] == ["cm.yaml"]  # no temporary left


def test_a_folder_in_the_way_is_refused_and_left_alone(tmp_path: Path) -> None:
    chart = make_chart(tmp_path, {"templates/cm.yaml": TEMPLATE, "values.yaml": "v: old\n"})
    blocker = tmp_path / "out" / "mychart" / "templates" / "cm.yaml"
    blocker.mkdir(parents=True)
    (blocker / "keep").write_text("mine")
    run = kubelint("template", str(chart), "--output-dir", str(tmp_path / "out"))
    assert run.exit_code == 2
    assert run.stderr == f"kubelint: error: {blocker}: cannot write: Is a directory\n"
    assert (blocker / "keep").read_text() == "mine"

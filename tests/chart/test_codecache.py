"""Compiled templates kept on disk: a new process renders a chart it rendered before without
compiling it again, with the same output and the same error positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from kubelint.chart import codecache, engine
from kubelint.chart.engine import HelmEnvironment, RenderError
from kubelint.chart.model import load_chart
from kubelint.chart.options import ChartOptions, ValueOptions
from kubelint.chart.render import manifests, output, render
from kubelint.fileio import read_file
from tests.chart.charts import make_chart

TEMPLATE = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ Release.Name }}
data:
  a: {{ Values.a | default("x") | quote }}
  b: {{ fail("stop") if Values.stop else "go" }}
"""


def _render(chart: Path, *sets: str) -> str:
    options = ChartOptions(values=ValueOptions(set=sets))
    return output(manifests(render(load_chart(str(chart)), options)))


def _new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget what this process compiled and read, and refuse to compile anything again."""
    monkeypatch.setattr(engine, "_CODE_CACHE", {})
    monkeypatch.setattr(codecache, "_READ", {})

    def no_compiling(*args: object, **kwargs: object) -> str:
        raise AssertionError("compiled again")

    monkeypatch.setattr(HelmEnvironment, "compile", no_compiling)


def _rendered_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str, Path]:
    """A chart rendered with the cache in a temporary folder: the chart, its output, its pack."""
    monkeypatch.setenv("KUBELINT_CACHE_DIR", str(tmp_path / "cache"))
    chart = make_chart(tmp_path / "charts", {"templates/cm.yaml": TEMPLATE})
    first = _render(chart)
    (pack,) = (tmp_path / "cache" / "templates").glob("*.pack")
    return chart, first, pack


def test_a_chart_rendered_before_is_not_compiled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chart, first, pack = _rendered_once(tmp_path, monkeypatch)
    _new_process(monkeypatch)
    assert _render(chart) == first
    with pytest.raises(RenderError) as caught:
        _render(chart, "stop=true")
    assert (caught.value.file, caught.value.line) == (f"{chart.as_posix()}/templates/cm.yaml", 7)
    pack.write_bytes(b"not a pack")  # unreadable: ignored, compiled afresh
    monkeypatch.undo()
    monkeypatch.setenv("KUBELINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(engine, "_CODE_CACHE", {})
    assert _render(chart) == first


def test_no_cache_folder_when_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUBELINT_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    chart = make_chart(tmp_path / "charts", {"templates/cm.yaml": TEMPLATE})
    _render(chart)
    assert not (tmp_path / "xdg").exists()
    monkeypatch.delenv("KUBELINT_CACHE_DIR")
    _render(chart)
    assert len(list((tmp_path / "xdg" / "kubelint" / "templates").glob("*.pack"))) == 1


def test_a_pack_others_may_change_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chart, first, pack = _rendered_once(tmp_path, monkeypatch)
    assert pack.parent.stat().st_mode & 0o777 == 0o700
    pack.chmod(0o666)
    _new_process(monkeypatch)
    with pytest.raises(AssertionError, match="compiled again"):
        _render(chart)
    monkeypatch.undo()
    assert _render(chart) == first


def test_a_process_reads_a_pack_once_while_it_is_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chart, first, pack = _rendered_once(tmp_path, monkeypatch)
    _new_process(monkeypatch)
    reads: list[Path] = []

    def counted(path: Path) -> bytes:
        reads.append(path)
        return read_file(path)

    monkeypatch.setattr(codecache, "read_file", counted)
    assert _render(chart) == _render(chart) == first
    assert reads == [pack]
    pack.write_bytes(b"not a pack")  # changed since: read again (and ignored)
    assert _render(chart) == first
    assert reads == [pack, pack]


def test_a_giant_template_is_not_written_to_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KUBELINT_CACHE_DIR", str(tmp_path / "cache"))
    giant = "a: " + "x" * 9_000_000 + "\n"
    chart = make_chart(
        tmp_path / "charts", {"templates/cm.yaml": TEMPLATE, "templates/g.yaml": giant}
    )
    assert giant in _render(chart)
    (pack,) = (tmp_path / "cache" / "templates").glob("*.pack")
    assert pack.stat().st_size < 100_000  # the small template only
    _new_process(monkeypatch)
    monkeypatch.undo()  # the giant one is compiled again: allowed
    monkeypatch.setenv("KUBELINT_CACHE_DIR", str(tmp_path / "cache"))
    assert giant in _render(chart)

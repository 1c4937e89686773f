"""Parsed Go templates kept on disk: a new process renders a Go chart it rendered before without
parsing it again, with the same output and the same error positions; a pack that is unreadable
or that others may change is not used."""

from __future__ import annotations

from pathlib import Path

import pytest

from kubelint.chart import codecache
from kubelint.chart.engine import RenderError
from kubelint.chart.gotmpl import chart as go_chart
from kubelint.chart.model import load_chart
from kubelint.chart.options import ChartOptions, ValueOptions
from kubelint.chart.render import manifests, output, render
from tests.chart.charts import make_chart

TEMPLATE = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "web.name" . }}
data:
  {{- range $k, $v := .Values.data }}
  {{ $k }}: {{ $v | quote }}
  {{- end }}
  b: {{ if .Values.stop }}{{ fail "stop" }}{{ else }}go{{ end }}
"""
HELPERS = '{{- define "web.name" -}}{{ .Release.Name }}-{{ .Chart.Name }}{{- end }}\n'


def _render(chart: Path, *sets: str) -> str:
    options = ChartOptions(values=ValueOptions(set=sets))
    return output(manifests(render(load_chart(str(chart)), options)))


def _new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget what this process parsed and read, and refuse to parse anything again."""
    monkeypatch.setattr(go_chart, "_PARSED", {})
    monkeypatch.setattr(codecache, "_READ", {})

    def no_parsing(*args: object, **kwargs: object) -> object:
        raise AssertionError("parsed again")

    monkeypatch.setattr(go_chart, "parse", no_parsing)


def _rendered_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str, Path]:
    monkeypatch.setenv("KUBELINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(go_chart, "_PARSED", {})
    files = {
        "templates/cm.yaml": TEMPLATE,
        "templates/_helpers.tpl": HELPERS,
        "values.yaml": "data: {x: 1, y: two}\n",
    }
    chart = make_chart(tmp_path / "charts", files, name="web")
    first = _render(chart)
    (pack,) = (tmp_path / "cache" / "templates").glob("*.trees")
    return chart, first, pack


def test_a_go_chart_rendered_before_is_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chart, first, _ = _rendered_once(tmp_path, monkeypatch)
    assert "name: release-name-web" in first
    assert 'x: "1"' in first
    _new_process(monkeypatch)
    assert _render(chart) == first
    with pytest.raises(RenderError) as caught:
        _render(chart, "stop=true")
    assert (caught.value.file, caught.value.line) == (f"{chart.as_posix()}/templates/cm.yaml", 9)
    assert "execution error at (web/templates/cm.yaml:9:29): stop" in str(caught.value)


def test_an_unreadable_or_shared_tree_pack_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chart, first, pack = _rendered_once(tmp_path, monkeypatch)
    pack.write_bytes(b"not a pack")
    _new_process(monkeypatch)
    with pytest.raises(AssertionError, match="parsed again"):
        _render(chart)
    monkeypatch.undo()
    monkeypatch.setenv("KUBELINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(go_chart, "_PARSED", {})
    assert _render(chart) == first  # parsed afresh, and the pack written again
    pack.chmod(0o666)
    _new_process(monkeypatch)
    with pytest.raises(AssertionError, match="parsed again"):
        _render(chart)


def test_a_chart_rendered_twice_in_a_process_keeps_its_trees_for_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chart, first, _ = _rendered_once(tmp_path, monkeypatch)
    assert _render(chart) == first  # parsed trees found in memory: the pack still has them
    _new_process(monkeypatch)
    assert _render(chart) == first

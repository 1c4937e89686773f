"""Templates that fail: kubelint stops with Helm's own message (Go's, on one line), and the
chart-render finding points at the template line and column."""

from __future__ import annotations

from pathlib import Path

import helm_python
import pytest

from kubelint.chart.engine import RenderError
from kubelint.chart.model import load_chart
from kubelint.chart.options import ChartOptions
from kubelint.chart.render import render
from tests.chart.charts import make_chart
from tests.chart.gotmpl.oracle import GO_CHART, both, one_line

VALUES = "name: web\ncount: 3\nnested: {a: 1}\n"
CASES = {
    "nil-pointer": "{{ .Values.nope.b }}",
    "field-of-string": "x\n  {{ .Values.name.b }}",
    "fail": 'a\n{{ fail "boom" }}',
    "required": '{{ required "need x" .Values.x }}',
    "required-empty": '{{ "" | required "need it" }}',
    "missing-value": "a\n{{ if }}",
    "unknown-function": "{{ foo 1 }}",
    "undefined-variable": "{{ $x := 1 }}{{ $y }}",
    "unexpected-end": "{{ end }}",
    "unclosed-action": "a\n{{ .Values.name ",
    "missing-end": "{{ if .Values.name }}x",
    "bad-number": "{{ 3x }}",
    "break-outside": "{{ break }}",
    "unterminated-string": '{{ "abc }}',
    "comment-unclosed": "{{/* x */ 1 }}",
    "incompatible": "{{ .Values.count | eq 1 }}",
    "index-nil": '{{ index .Values.nope "a" }}',
    "len-int": "{{ len 3 }}",
    "include-missing": '{{ include "nope" . }}',
    "include-failing": '{{ define "h" }}\n  {{ .Values.a.b }}{{ end }}x: {{ include "h" . }}',
    "include-fail": '{{ define "h" }}{{ fail "inner" }}{{ end }}{{ include "h" . }}',
    "template-missing": '{{ template "nope" }}',
    "wrong-args": '{{ include "x" }}',
    "range-float": "{{ range .Values.count }}{{ end }}",
    "nil-command": "{{ nil }}",
    "arguments-to-field": "{{ .Values.name 1 }}",
    "tpl-parse": '{{ tpl "{{ .x" . }}',
    "tpl-exec": '{{ tpl "{{ .a.b }}" . }}',
    "non-executable": "{{ 1 | 2 }}",
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_fails_as_helm(tmp_path: Path, case: str) -> None:
    ours, helm = both(tmp_path, CASES[case], VALUES)
    assert helm.startswith("ERROR: ")
    assert ours == helm


@pytest.mark.parametrize(
    ("template", "line", "column"),
    [
        ("a: 1\nb: {{ .Values.nope.x }}\n", 2, 14),  # the failing field
        ('a: 1\n\n  c: {{ fail "no" }}\n', 3, 9),  # the call
        (
            '{{ define "h" }}\n    {{ .Values.a.b }}{{ end }}{{ include "h" . }}',
            2,
            15,
        ),  # in the helper
        ("a\n{{ if }}\n", 2, None),  # a parse error has a line only
    ],
)
def test_error_position(tmp_path: Path, template: str, line: int, column: int | None) -> None:
    chart = make_chart(tmp_path, {"Chart.yaml": GO_CHART, "templates/t.yaml": template})
    with pytest.raises(RenderError) as caught:
        render(load_chart(str(chart)), ChartOptions())
    assert caught.value.file == f"{chart.as_posix()}/templates/t.yaml"
    assert (caught.value.line, caught.value.column) == (line, column)


def test_strict_makes_a_missing_key_an_error(tmp_path: Path) -> None:
    chart = make_chart(
        tmp_path, {"Chart.yaml": GO_CHART, "templates/t.yaml": "a: {{ .Values.nope }}\n"}
    )
    assert render(load_chart(str(chart)), ChartOptions()).templates[0].text == "a: \n"
    with pytest.raises(RenderError) as caught:
        render(load_chart(str(chart)), ChartOptions(strict=True))
    assert caught.value.reason == (
        'template: mychart/templates/t.yaml:1:13: executing "mychart/templates/t.yaml" at'
        ' <.Values.nope>: map has no entry for key "nope"'
    )


@pytest.mark.parametrize("notes", ["templates/NOTES.txt", "charts/sub/templates/NOTES.txt"])
def test_a_failure_in_the_notes_fails_the_render_as_in_helm(tmp_path: Path, notes: str) -> None:
    """Helm renders every chart's NOTES.txt, printed or not: a `fail` there (opentelemetry-
    collector's, when `image.repository` is unset) fails `helm template` and `helm lint`."""
    chart = make_chart(
        tmp_path,
        {
            "Chart.yaml": GO_CHART,
            "templates/t.yaml": "a: 1\n",
            "charts/sub/Chart.yaml": GO_CHART.replace("mychart", "sub"),
            notes: '\n  {{ fail "set image.repository" }}\n',
        },
    )
    with pytest.raises(helm_python.HelmError) as helm:
        helm_python.Chart.load(chart).render({})
    with pytest.raises(RenderError) as ours:
        render(load_chart(str(chart)), ChartOptions())
    assert ours.value.reason == one_line(str(helm.value))
    assert (ours.value.file, ours.value.line) == (f"{chart.as_posix()}/{notes}", 2)

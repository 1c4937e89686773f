"""Go-template charts through the real commands: `template`, `lint` (findings at template
lines), errors with exit 1; and how a chart's dialect is decided."""

from __future__ import annotations

from pathlib import Path

import pytest

from kubelint.chart.dialect import dialect
from kubelint.chart.model import load_chart
from tests.chart.charts import chart_yaml, make_chart
from tests.conftest import kubelint

SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: {{ include "web.name" . }}
  {{- /* a comment */}}
spec:
  type: {{ .Values.type }}
  ports:
    {{- range $i, $port := .Values.ports }}
    - port: {{ $port }}
      nodePort: {{ $.Values.nodePort }}
    {{- end }}
"""
HELPERS = '{{- define "web.name" -}}\n{{ .Release.Name }}-{{ .Chart.Name }}\n{{- end }}\n'
VALUES = "type: NodePort\nports: [80]\nnodePort: 80\n"


def _chart(root: Path, **extra: str) -> Path:
    files = {
        "templates/svc.yaml": SERVICE,
        "templates/_helpers.tpl": HELPERS,
        "values.yaml": VALUES,
    }
    return make_chart(root, {**files, **extra}, name="web")


def test_template_renders_a_go_chart(tmp_path: Path) -> None:
    run = kubelint("template", str(_chart(tmp_path)), "--name", "prod")
    assert run.exit_code == 0, run.stderr
    assert run.stdout == (
        "---\n# Source: web/templates/svc.yaml\napiVersion: v1\nkind: Service\nmetadata:\n"
        "  name: prod-web\nspec:\n  type: NodePort\n  ports:\n    - port: 80\n"
        "      nodePort: 80\n"
    )


def test_lint_points_at_the_go_template_line(tmp_path: Path) -> None:
    chart = _chart(tmp_path)
    run = kubelint("lint", str(chart), "--format", "json")
    (finding,) = [f for f in run.json()["findings"] if f["rule"] == "service-nodeport-range"]
    assert finding["file"] == f"{chart.as_posix()}/templates/svc.yaml"
    assert (finding["line"], finding["column"]) == (11, 17)  # `{{ $.Values.nodePort }}`
    assert finding["rendered"]["file"] == "web/templates/svc.yaml"


def test_a_failing_go_template_is_a_chart_render_finding_and_exit_1(tmp_path: Path) -> None:
    chart = _chart(tmp_path, **{"templates/bad.yaml": "a: 1\nb: {{ .Values.nope.deeper }}\n"})
    run = kubelint("template", str(chart))
    assert run.exit_code == 1
    assert run.stderr == (
        f"kubelint: error: {chart.as_posix()}/templates/bad.yaml:2: template:"
        ' web/templates/bad.yaml:2:13: executing "web/templates/bad.yaml" at'
        " <.Values.nope.deeper>: nil pointer evaluating interface {}.deeper\n"
    )
    run = kubelint("lint", str(chart), "--format", "json")
    assert run.exit_code == 1
    (finding,) = [f for f in run.json()["findings"] if f["rule"] == "chart-render"]
    assert (finding["file"], finding["line"], finding["column"]) == (
        f"{chart.as_posix()}/templates/bad.yaml",
        2,
        14,
    )


def test_parse_errors_use_helms_words(tmp_path: Path) -> None:
    chart = _chart(tmp_path, **{"templates/bad.yaml": "a: 1\n{{ if .Values.type }}\n"})
    run = kubelint("template", str(chart))
    assert run.exit_code == 1
    assert run.stderr.endswith("parse error at (web/templates/bad.yaml:3): unexpected EOF\n")


def test_an_umbrella_chart_mixes_dialects(tmp_path: Path) -> None:
    chart = _chart(
        tmp_path,
        **{
            "charts/db/Chart.yaml": chart_yaml("db"),
            "charts/db/values.yaml": "size: 1Gi\n",
            "charts/db/templates/cm.yaml": (
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ Release.Name }}-db\n"
                "{% if Values.size %}data:\n  size: {{ Values.size }}\n{% endif %}"
            ),
        },
    )
    run = kubelint("template", str(chart))
    assert run.exit_code == 0, run.stderr
    assert "# Source: web/charts/db/templates/cm.yaml" in run.stdout
    assert "  size: 1Gi" in run.stdout
    assert "  name: release-name-web" in run.stdout


def test_documents_split_at_every_line_that_starts_with_three_dashes(tmp_path: Path) -> None:
    template = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---# the second\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: {{ .Release.Name }}}\n"
    chart = make_chart(tmp_path, {"templates/cm.yaml": template}, name="web")
    run = kubelint("template", str(chart))
    assert run.exit_code == 0, run.stderr
    assert run.stdout.count("# Source: web/templates/cm.yaml") == 2
    assert "name: release-name" in run.stdout


@pytest.mark.parametrize(
    ("templates", "annotation", "expected"),
    [
        ({"a.yaml": "x: {{ .Values.x }}"}, None, "go"),
        ({"a.yaml": "{{- $x := 1 }}"}, None, "go"),
        ({"_h.tpl": '{{ define "x" }}{{ end }}'}, None, "go"),
        ({"a.yaml": "x: {{ toYaml .Values.x }}"}, None, "go"),
        ({"a.yaml": 'n: "${#list[@]}" {{ .Values.x }}'}, None, "go"),
        ({"a.yaml": '{{ printf "%s-{%d...%d}" .Values.x 1 2 }}'}, None, "go"),
        ({"a.yaml": "x: {{ range(3) | list }}"}, None, "jinja2"),
        ({"a.yaml": "x: {{ Values.x }}"}, None, "jinja2"),
        ({"a.yaml": "{% if Values.x %}{{ .Values }}{% endif %}"}, None, "jinja2"),
        ({"a.yaml": "plain: yaml"}, None, "jinja2"),
        ({"a.yaml": "x: {{ 1 }}"}, "go", "go"),
        ({"a.yaml": "x: {{ .Values.x }}"}, "jinja2", "jinja2"),
    ],
)
def test_dialect_rule(
    tmp_path: Path, templates: dict[str, str], annotation: str | None, expected: str
) -> None:
    extra = f"annotations:\n  kubelint.io/dialect: {annotation}\n" if annotation else ""
    files = {f"templates/{name}": text for name, text in templates.items()}
    chart = make_chart(tmp_path, {"Chart.yaml": chart_yaml("c") + extra, **files}, name="c")
    assert dialect(load_chart(str(chart))) == expected


def test_an_unknown_dialect_annotation_is_an_error(tmp_path: Path) -> None:
    chart = _chart(
        tmp_path,
        **{"Chart.yaml": chart_yaml("web") + "annotations:\n  kubelint.io/dialect: mustache\n"},
    )
    run = kubelint("template", str(chart))
    assert run.exit_code == 1
    assert "annotation kubelint.io/dialect: expected go or jinja2, found 'mustache'" in run.stderr


def test_the_same_template_in_two_subcharts_keeps_its_own_name(tmp_path: Path) -> None:
    template = 'a: {{ .Template.Name }}\n{{ if .Values.bad }}{{ fail "bad values" }}{{ end }}\n'
    files = {
        "Chart.yaml": chart_yaml("web"),
        "templates/x.yaml": "x: {{ .Values.x }}\n",
        "values.yaml": "x: 1\none: {bad: true}\ntwo: {}\n",
    }
    for sub in ("one", "two"):
        files[f"charts/{sub}/Chart.yaml"] = chart_yaml(sub)
        files[f"charts/{sub}/templates/t.yaml"] = template
    chart = make_chart(tmp_path, files, name="web")
    run = kubelint("template", str(chart))
    assert run.exit_code == 1
    assert run.stderr == (
        f"kubelint: error: {chart.as_posix()}/charts/one/templates/t.yaml:2:"
        " execution error at (web/charts/one/templates/t.yaml:2:23): bad values\n"
    )
    run = kubelint("template", str(chart), "--set", "one.bad=false")
    assert "a: web/charts/one/templates/t.yaml" in run.stdout
    assert "a: web/charts/two/templates/t.yaml" in run.stdout

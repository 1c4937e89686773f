"""Each Go construct: the Jinja2 text it becomes, and both renders the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.chart.convert.helpers import one_template

HELPERS = '{{- define "c.name" -}}\n{{ .Chart.Name }}-x\n{{- end }}\n'
CASES = [
    # (Go, Jinja2, values)
    ("v: {{ .Values.image.tag }}\n", "v: {{ Values.image.tag }}\n", "image: {tag: '1.2'}"),
    ("v: {{ .Release.Name }}-{{ .Chart.Name }}\n", "v: {{ Release.Name }}-{{ Chart.Name }}\n", ""),
    (
        "{{- if .Values.a }}\nv: a\n{{- else if .Values.b }}\nv: b\n{{- else }}\nv: c\n{{- end }}\n",
        "{%- if Values.a %}\nv: a\n{%- elif Values.b %}\nv: b\n{%- else %}\nv: c\n{%- endif %}\n",
        "a: false\nb: true",
    ),
    ('v: {{ ternary "a" "b" .Values.on }}\n', 'v: {{ "a" if Values.on else "b" }}\n', "on: true"),
    ('v: {{ default "x" .Values.y }}\n', 'v: {{ Values.y | default("x") }}\n', ""),
    (
        "m:\n  {{- .Values.m | toYaml | nindent 2 }}\n",
        "m:\n  {{- Values.m | toYaml | nindent(2) }}\n",
        "m: {b: 1, a: 2}",
    ),
    (
        "m:\n{{ toYaml .Values.m | indent 2 }}\n",
        "m:\n{{ Values.m | toYaml | indent(2) }}\n",
        "m: {b: 1, a: 2}",
    ),
    (  # Go visits a map's keys sorted; Jinja2 would follow the file
        "v: {{ range $k, $v := .Values.env }}{{ $k }}={{ $v }} {{ end }}\n",
        "v: {% for k, v in Values.env | go_items %}{{ k }}={{ v }} {% endfor %}\n",
        "env: {zeta: 1, alpha: 2}",
    ),
    (
        "l:\n{{- range .Values.hosts }}\n  - {{ . }}\n{{- end }}\n",
        "l:\n{%- for host in Values.hosts %}\n  - {{ host }}\n{%- endfor %}\n",
        "hosts: [a, b]",
    ),
    (
        "{{- with .Values.svc }}\nport: {{ .port }}\n{{- end }}\n",
        "{%- if Values.svc %}\nport: {{ Values.svc.port }}\n{%- endif %}\n",
        "svc: {port: 80}",
    ),
    (
        "{{- with $p := .Values.svc.port }}\nport: {{ $p }}\n{{- end }}\n",
        "{%- set p = Values.svc.port %}{% if p %}\nport: {{ p }}\n{%- endif %}\n",
        "svc: {port: 80}",
    ),
    (
        '{{- if eq .Values.kind "a" }}\nv: 1\n{{- end }}\n',
        '{%- if Values.kind == "a" %}\nv: 1\n{%- endif %}\n',
        "kind: a",
    ),
    (  # types unknown: Go's eq (an error for a number and a string)
        "{{- if eq .Values.a .Values.b }}\nv: 1\n{{- end }}\n",
        "{%- if go_eq(Values.a, Values.b) %}\nv: 1\n{%- endif %}\n",
        "a: x\nb: x",
    ),
    (
        "v: {{ and .Values.a .Values.b }}\n{{- if or (not .Values.a) .Values.b }}\nw: 1\n{{- end }}\n",
        "v: {{ Values.a and Values.b }}\n{%- if not Values.a or Values.b %}\nw: 1\n{%- endif %}\n",
        "a: 1\nb: two",
    ),
    ('v: {{ index .Values.m "a-b" }}\n', 'v: {{ Values.m["a-b"] }}\n', "m: {a-b: 3}"),
    ("{{/* a note */}}\nv: 1\n", "{# a note #}\nv: 1\n", ""),
    (  # assigned in a loop, read after it: a namespace
        "{{- $last := 0 }}\n{{- range .Values.l }}{{ $last = . }}{{ end }}\nv: {{ $last }}\n",
        "{%- set last = namespace(value=0) %}\n"
        "{%- for item in Values.l %}{% set last.value = item %}{% endfor %}\n"
        "v: {{ last.value }}\n",
        "l: [1, 2, 3]",
    ),
    ('v: {{ include "c.name" . }}\n', "v: {{ c_name() }}\n", ""),
    (  # a helper given another value than the top takes it as `dot`
        'v: {{ include "c.name" . }} {{ .Values.n | include "c.name" }}\n',
        "v: {{ c_name() }} {{ c_name(Values.n) }}\n",
        "n: {a: 1}",
    ),
    ("v: {{ .Values.m }}\n", "v: {{ Values.m | toString }}\n", "m: {a: 1}"),  # map[a:1]
    ("v: {{ .Values.n }}\n", "v: {{ Values.n | go_float }}\n", "n: 1000000"),  # 1e+06
    (  # an action over several lines stays on as many lines
        'v: {{ printf "%s-%s"\n  .Values.a\n  .Values.b }}\nw: 1\n',
        'v: {{ printf("%s-%s", Values.a, Values.b) \n\n}}\nw: 1\n',
        "a: x\nb: y",
    ),
    ("# {#x} {%y\nv: 1\n", '# {{ "{#" }}x} {{ "{%" }}y\nv: 1\n', ""),  # Jinja2's syntax as text
    (
        "{{- if eq .Values.x nil }}\nv: 1\n{{- end }}\n",
        "{%- if Values.x is undefined or Values.x is none %}\nv: 1\n{%- endif %}\n",
        "",
    ),
    (  # "is this a template?": Jinja2's statements are templates too
        'v: {{ if contains "{{" .Values.t }}yes{{ end }}\n',
        'v: {% if contains("{{", Values.t) or contains("{%", Values.t) %}yes{% endif %}\n',
        "t: 'a {{ b'",
    ),
    (  # a variable holding a list made by a function: a plain loop
        '{{- $l := list "a" "b" }}\n{{- range $l }}\n- {{ . }}\n{{- end }}\n',
        '{%- set l = list("a", "b") %}\n{%- for item in l %}\n- {{ item }}\n{%- endfor %}\n',
        "",
    ),
    (  # declared again in an `if`: a new variable until the `end`, as in Go
        '{{- $n := "out" }}\n{{- if true }}{{ $n := "in" }}{{ end }}\nv: {{ $n }}\n',
        '{%- set n = "out" %}\n{%- if true %}{% set n_ = "in" %}{% endif %}\nv: {{ n }}\n',
        "",
    ),
    ("v: {{ .Nothing }}\n", "v: {{ go_root().Nothing }}\n", ""),  # a missing key of Go's `.`
    ("v: {{ (.Values.r.limits).cpu }}\n", "v: {{ (Values.r.limits or {}).cpu }}\n", "r: {}"),
    (
        "{{- range $i, $e := .Values.l }}\n{{ $i }}: {{ $e | quote }}\n{{- end }}\n",
        "{%- for e in Values.l %}\n{{ loop.index0 }}: {{ e | quote }}\n{%- endfor %}\n",
        "l: [a, b]",
    ),
]


@pytest.mark.parametrize(("go", "jinja", "values"), CASES, ids=[c[1][:40] for c in CASES])
def test_construct_converts_and_renders_the_same(
    tmp_path: Path, go: str, jinja: str, values: str
) -> None:
    converted, _, differences = one_template(tmp_path, go, values, templates___helpers__tpl=HELPERS)
    assert converted == jinja
    assert not differences, differences
    assert converted.count("\n") == go.count("\n")  # line N is line N


def test_a_template_included_by_name_renders_the_same(tmp_path: Path) -> None:
    go = 'v: {{ include (print $.Template.BasePath "/cm.yaml") . | sha256sum }}\n'
    config = {"templates__cm.yaml": "kind: ConfigMap\nname: {{ .Release.Name }}\n"}
    converted, _, differences = one_template(tmp_path, go, "", **config)
    assert converted == 'v: {{ include(print(Template.BasePath, "/cm.yaml")) | sha256sum }}\n'
    assert not differences, differences


@pytest.mark.parametrize(
    ("go", "jinja"),
    [  # where the two dialects' objects and functions had to agree
        ('v: {{ printf "%s:5432" .Values.host }}\n', 'v: {{ printf("%s:5432", Values.host) }}\n'),
        (
            "v: {{ .Capabilities.HelmVersion.Version }}\n",
            "v: {{ Capabilities.HelmVersion.Version }}\n",
        ),
    ],
)
def test_the_dialects_agree(tmp_path: Path, go: str, jinja: str) -> None:
    converted, _, differences = one_template(tmp_path, go)
    assert converted == jinja
    assert not differences, differences

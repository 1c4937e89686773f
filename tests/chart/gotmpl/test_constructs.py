"""Each construct of Go's text/template, rendered by kubelint and by Helm's own engine: the
outputs must be the same, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.chart.gotmpl.oracle import both

VALUES = """\
name: web
count: 3
big: 1000000
ratio: 1.5
tiny: 0.00001
zero: 0
enabled: true
disabled: false
empty: ""
list: [b, a, c]
nums: [3, 1, 2]
map: {z: 1, a: two, m: [x, w]}
nested: {inner: {deep: value}}
nothing: null
html: <a href="x">'&'</a>
"""

CASES = {
    # text, trim markers and comments
    "text": "plain text\n",
    "trim": "a  \n  {{- 1 -}}  \n  b\n{{- /* comment */ -}}\nc {{/* inline */}}d\n",
    "trim-keeps-minus": "{{ 3 -1 }}|{{-3}}|{{ -3 }}",
    "raw-and-escapes": '{{ `raw\\n` }}|{{ "tab\\tq\\"" }}|{{ \'a\' }}|{{ "\\u00e9\\x41\\101" }}',
    "numbers": "{{ 0x1F }} {{ 1e3 }} {{ 1.50 }} {{ 1_000 }} {{ 0o17 }} {{ 017 }} {{ 0b101 }}",
    # values and Go's formatting
    "values": "{{ .Values.name }} {{ .Values.count }} {{ .Values.big }} {{ .Values.ratio }}",
    "small-float": "{{ .Values.tiny }} {{ .Values.zero }} {{ .Values.nothing }}",
    "containers": "{{ .Values.list }} {{ .Values.map }} {{ .Values.nested }} {{ .Values }}",
    "missing": '[{{ .Values.nope }}] [{{ .Values.nested.nope }}] [{{ index .Values "nope" }}]',
    "bool-print": "{{ .Values.enabled }} {{ true }} {{ not .Values.enabled }}",
    "print": '{{ print 1 2 "a" "b" 3 nil .Values.list }}|{{ println 1 "x" }}|',
    "printf-verbs": (
        '{{ printf "%s|%v|%d|%q|%x|%X|%t|%T|%T|%T" "s" .Values.map 42 "q" "hi" 255 true'
        " .Values.count 1 .Values.list }}"
    ),
    "printf-floats": '{{ printf "%f|%.2f|%e|%g|%v|%5.1f|%-6.2f|" 1.5 3.14159 1e6 .Values.big .Values.big 2.25 1.0 }}',
    "printf-padding": '{{ printf "[%5s][%-5s][%05d][%+d][%x][%o][%b][%c][%U]" "ab" "ab" 42 7 "é" 8 5 65 65 }}',
    "printf-bad": '{{ printf "%d|%s|%d" .Values.ratio .Values.count "x" }}|{{ printf "%s" }}|{{ printf "%d" 1 2 "x" }}|{{ printf "%!" 1 }}',
    "printf-lists": '{{ printf "%s" .Values.list }}|{{ printf "%d" .Values.nums }}|{{ printf "%q" .Values.list }}',
    "printf-nil": '{{ printf "%v|%s|%d" nil .Values.nope nil }}',
    # control flow
    "if-else": "{{ if .Values.enabled }}yes{{ else }}no{{ end }}|{{ if .Values.disabled }}yes{{ else if .Values.count }}count{{ end }}",
    "truth": (
        "{{ if .Values.zero }}z{{ end }}{{ if .Values.empty }}e{{ end }}"
        "{{ if .Values.nothing }}n{{ end }}{{ if .Values.list }}l{{ end }}{{ if .Values.map }}m{{ end }}"
        "{{ if list }}L{{ end }}{{ if dict }}D{{ end }}{{ if 0.0 }}F{{ end }}"
    ),
    "with": "{{ with .Values.nested.inner }}{{ .deep }}{{ end }}|{{ with .Values.nope }}x{{ else with .Values.name }}{{ . }}{{ end }}",
    "range-list": "{{ range .Values.list }}[{{ . }}]{{ end }}|{{ range $i, $v := .Values.list }}{{ $i }}={{ $v }},{{ end }}",
    "range-map-sorted": "{{ range $k, $v := .Values.map }}{{ $k }}:{{ $v }};{{ end }}",
    "range-one-var": "{{ range $v := .Values.list }}{{ $v }}{{ end }}",
    "range-else": "{{ range .Values.nope }}x{{ else }}none{{ end }}|{{ range list }}x{{ else }}empty{{ end }}",
    "range-int": "{{ range 3 }}{{ . }}{{ end }}|{{ range $i := 2 }}{{ $i }}{{ end }}",
    "break-continue": "{{ range $i, $v := .Values.nums }}{{ if eq $i 2 }}{{ break }}{{ end }}{{ if eq $v 3.0 }}{{ continue }}{{ end }}{{ $v }}{{ end }}",
    "variables": "{{ $x := 1 }}{{ $x }}{{ $x = 2 }}{{ $x }}{{ range .Values.list }}{{ $x = . }}{{ end }}{{ $x }}|{{ $.Values.name }}",
    "variable-scope": '{{ $x := "outer" }}{{ if true }}{{ $x := "inner" }}{{ $x }}{{ end }}{{ $x }}',
    "dot-in-range": "{{ range .Values.list }}{{ $.Values.name }}-{{ . }} {{ end }}",
    "define-template": '{{ define "x" }}[{{ . }}]{{ end }}{{ template "x" "arg" }}{{ template "x" }}',
    "block": '{{ block "b" .Values.name }}<{{ . }}>{{ end }}',
    "parens-and-chain": '{{ (.Values.nested).inner.deep }} {{ (index .Values "nested").inner.deep }} {{ (dict "a" 1).a }}',
    "pipeline": '{{ .Values.name | printf "%s-%s" "pre" }} {{ "x" | printf "%s%s" "y" | len }}',
    # functions of Go
    "and-or": '{{ and 1 0 2 }} {{ and 1 2 }} {{ or 0 "" .Values.name }} {{ or 0 false }} {{ and .Values.nope .Values.nope.x }}',
    "comparisons": '{{ eq 1 1 }} {{ eq "a" "b" "a" }} {{ ne 1 2 }} {{ lt 1 2 }} {{ le 2 2 }} {{ gt "b" "a" }} {{ ge 1.5 2.5 }} {{ eq .Values.nope "x" }} {{ eq .Values.count 3.0 }}',
    "index-len": '{{ index .Values.list 1 }} {{ index .Values.map "a" }} {{ index .Values.nested "inner" "deep" }} {{ len .Values.list }} {{ len .Values.map }} {{ len "héllo" }} {{ index "abc" 1 }}',
    "escapers": '{{ html .Values.html }}|{{ js .Values.html }}|{{ urlquery "a b&c/d" }}|{{ js "\\n\\t=" }}',
    # Helm's functions
    "include": '{{ define "h" }}name={{ .Values.name }}{{ end }}{{ include "h" . | upper }}|{{ include "h" . | quote }}',
    "tpl": '{{ tpl "{{ .Values.name }}-{{ .Release.Name }}" . }}|{{ tpl "{{ define \\"t\\" }}in{{ end }}{{ include \\"t\\" . }}" . }}|{{ tpl "" . }}',
    "required-ok": '{{ required "need name" .Values.name }}',
    # (toYaml writes 1e-05 as 0.00001: kubelint's one deliberate difference, see goyaml)
    "to-yaml": '{{ toYaml .Values.map }}\n{{ omit .Values "tiny" | toYaml | nindent 2 }}\n{{ .Values.nested | toJson }} {{ toJson .Values.big }}',
    "to-yaml-pretty": (
        '{{ toYamlPretty .Values }}\n{{ toYamlPretty (list 1 2.5 "yes" "on" "1e3" "0777" " lead" "a: b"'
        ' "" "x\\ny\\n" (dict "k" (list 1 (dict "j" (list true)))) (repeat 30 "long ")) }}'
        '|{{ toYamlPretty "s" }}|{{ toYamlPretty nil }}|{{ toYamlPretty (dict) }}'
    ),
    "from-yaml": '{{ $m := fromYaml "a: 1\\nb: [x]" }}{{ $m.a }} {{ $m.b }} {{ (fromJson "{\\"k\\": 2}").k }}',
    "sprig": (
        '{{ .Values.name | upper | quote }} {{ default "d" .Values.nope }} {{ .Values.list | join "," }}'
        ' {{ trunc 2 .Values.name }} {{ .Values.name | trimSuffix "b" | title }} {{ list 1 2 | toJson }}'
        ' {{ dict "b" 1 "a" 2 }} {{ add 1 .Values.count }} {{ .Values.big | int }} {{ int64 .Values.ratio }}'
        ' {{ ternary "y" "n" .Values.enabled }} {{ .Values.count | toString }} {{ .Values.big | toString }}'
        ' {{ keys .Values.map | sortAlpha }} {{ hasKey .Values "name" }} {{ b64enc "x" }} {{ sha256sum "x" }}'
        ' {{ semverCompare ">=1.2.0" .Chart.AppVersion }} {{ kindOf .Values.count }} {{ typeOf .Values.big }}'
        ' {{ typeOf 1 }} {{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }} {{ .Values.list | first }}'
        ' {{ until 3 }} {{ splitList "," "a,b" }} {{ nindent 2 "x" }}|{{ indent 2 "a\\nb" }} {{ lookup "v1" "Pod" "" "" }}'
    ),
    "from-yaml-first-document": '{{ (fromYaml "a: 1\\n---\\nb: 2").a }} {{ fromYaml "# c\\n---\\nc: 3" }}',
    "join-scalar": '{{ join "," .Values.name }} {{ join "," .Values.nope }} {{ join "-" .Values.nums }}',
    "helm-version": '{{ semverCompare ">=3.9.0-0" .Capabilities.HelmVersion.Version }}',
    "to-toml": '{{ toToml .Values }}|{{ toToml (dict "a" (dict "b" 1) "t" (list (dict "n" 1) (dict "n" 2)) "e" (dict)) }}',
    "dict-set": '{{ $d := dict "a" 1 }}{{ $_ := set $d "b" 2 }}{{ $d }} {{ $d.b }} {{ get $d "a" }} {{ pluck "a" $d }}',
    # objects
    "release-chart-template": "{{ .Release.Name }} {{ .Release.Namespace }} {{ .Release.Service }} {{ .Release.IsInstall }} {{ .Release.Revision }} {{ .Chart.Name }} {{ .Chart.Version }} {{ .Chart.AppVersion }} {{ .Chart.IsRoot }} {{ .Template.Name }} {{ .Template.BasePath }} {{ .Release }} {{ .Template }}",
    "files": '{{ .Files.Get "files/a.txt" }}|{{ range $path, $_ := .Files.Glob "files/*" }}{{ $path }} {{ end }}|{{ (.Files.Glob "files/*").AsConfig }}|{{ .Files.Get "nope" }}|{{ .Files.GetBytes "files/a.txt" | toString }}',
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_renders_as_helm(tmp_path: Path, case: str) -> None:
    files = {"files/a.txt": "hello\n", "files/b.txt": "second"}
    ours, helm = both(tmp_path, CASES[case], VALUES, files)
    assert ours == helm


def test_subcharts_object_as_helm(tmp_path: Path) -> None:
    files = {
        "charts/db/Chart.yaml": "apiVersion: v2\nname: db\nversion: 1.0.0\n",
        "charts/db/values.yaml": "size: 5\n",
    }
    template = (
        "{{ .Subcharts.db.Values.size }} {{ .Subcharts.db.Chart.Name }} {{ .Values.db.size }}"
    )
    ours, helm = both(tmp_path, template, "db: {size: 7}\n", files)
    assert ours == helm

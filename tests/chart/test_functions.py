"""Helm's functions, as templates use them: Sprig's semantics where they differ from Jinja2's."""

from __future__ import annotations

from pathlib import Path

import pytest

from kubelint.chart.engine import RenderError
from kubelint.chart.funcs import base
from kubelint.chart.funcs.base import format_float, kind_of
from kubelint.chart.funcs.encodings import to_yaml
from kubelint.chart.model import load_chart
from kubelint.chart.options import ChartOptions
from kubelint.chart.render import render
from tests.chart.charts import make_chart

VALUES = """\
zero: 0
empty: ""
none: null
list: [b, a]
map: {z: 1, a: {y: 2, x: 1}}
big: 1234567.0
items: the value named items
keys: k
get: g
update: u
values: v
text: "line one\\nline two"
name: web
"""


def _render(tmp_path: Path, template: str, strict: bool = False, values: str = VALUES) -> str:
    root = make_chart(
        tmp_path,
        {
            "values.yaml": values,
            "templates/t.yaml": template,
            "templates/_helpers.tpl": (
                "{% macro fullname() %}{{ Release.Name }}-{{ Chart.Name }}{% endmacro %}\n"
                "{% macro greet(who) %}hello {{ who }}{% endmacro %}\n"
            ),
            "files/a.txt": "A\n",
            "files/b.txt": "B\n",
        },
    )
    (rendered,) = render(load_chart(str(root)), ChartOptions(strict=strict)).templates
    return rendered.text


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ('{{ Values.zero | default("d") }}', "d"),
        ('{{ Values.empty | default("d") }}', "d"),
        ('{{ Values.none | default("d") }}', "d"),
        ('{{ Values.missing | default("d") }}', "d"),
        ('{{ default("d", Values.name) }}', "web"),
        ("{{ empty(Values.zero) }} {{ empty(Values.list) }} {{ empty(false) }}", "true false true"),
        ("{{ Values.text | indent(2) }}", "  line one\n  line two"),
        ("x:{{ Values.name | nindent(4) }}", "x:\n    web"),
        ("{{ Values.none | quote }}|{{ Values.missing | quote }}|{{ 3 | quote }}", '||"3"'),
        ("{{ quote(true, 1.5) }} {{ Values.name | squote }}", "\"true\" \"1.5\" 'web'"),
        ("{{ Values.map | toYaml }}", 'a:\n  x: 1\n  "y": 2\nz: 1'),  # "y" is a bool to yaml.v2
        ("{{ Values.big | toYaml }}|{{ Values.big }}", "1234567|1234567"),
        ("{{ Values.name | toYaml }}", "web"),
        ("{{ Values.map | toJson }}", '{"a":{"x":1,"y":2},"z":1}'),
        ('{{ "abcdef" | trunc(3) }} {{ "abcdef" | trunc(-2) }}', "abc ef"),
        ('{{ "web-" | trimSuffix("-") }} {{ trimPrefix("x", "xy") }}', "web y"),
        ("{{ Values.name | b64enc }} {{ 'd2Vi' | b64dec }}", "d2Vi web"),
        ("{{ 'web' | sha256sum | trunc(8) }}", "4b5e57f6"),
        ("{{ fromYaml('a: [1, 2]').a[1] }}", "2"),
        ("{{ fromYaml('a: [').Error is defined }}", "true"),
        ('{{ printf("%s-%d-%v", "a", 5, true) }}', "a-5-true"),
        ("{{ Values.items }}|{{ Values.keys }}|{{ Values.get }}|{{ Values.values }}", "the value named items|k|g|v"),
        ("{{ Values.update }}|{{ Values['items'] }}", "u|the value named items"),
        ("{% for k, v in Values.map | items %}{{ k }}{% endfor %}", "za"),
        ("{{ Values.list | sortAlpha | join(',') }}", "a,b"),
        ("{{ Values | hasKey('name') }} {{ Values | hasKey('nope') }}", "true false"),
        ("{{ dict('a', 1, 'b', 2) | toJson }} {{ list(1, 2) | toJson }}", '{"a":1,"b":2} [1,2]'),
        ('{{ ternary("y", "n", Values.zero == 0) }} {{ coalesce(Values.none, "", "c") }}', "y c"),
        ("{{ fullname() }} {{ include('fullname') }} {{ include('greet', 'you') }}", "release-name-mychart release-name-mychart hello you"),
        ("{{ include('greet', 'x') | upper }}", "HELLO X"),
        ("{{ tpl('{{ Values.name }}-{{ Chart.Name }}') }}", "web-mychart"),
        ("{{ lookup('v1', 'Secret', 'default', 'x') | length }}", "0"),
        ("{{ Files.Get('files/a.txt') }}{{ Files.Glob('files/*.txt') | list | join(',') }}", "A\nfiles/a.txt,files/b.txt"),
        ("{{ Files.Glob('files/*').AsConfig() }}", 'a.txt: |\n  A\nb.txt: |\n  B'),
        ("{{ Files.Lines('files/a.txt') | length }} {{ Files.Get('nope') | length }}", "2 0"),
        ("{{ Release.Name }} {{ Release.Namespace }} {{ Release.Service }} {{ Release.IsInstall }} {{ Release.Revision }}", "release-name default Helm true 1"),
        ("{{ Chart.Name }} {{ Chart.Version }} {{ Chart.IsRoot }}", "mychart 0.1.0 true"),
        ("{{ Template.Name }} {{ Template.BasePath }}", "mychart/templates/t.yaml mychart/templates"),
        ("{{ Capabilities.APIVersions.Has('apps/v1') }} {{ Capabilities.APIVersions.Has('nope/v9') }}", "true false"),
        ("{{ semverCompare('>=1.20.0-0', Capabilities.KubeVersion.Version) }}", "true"),
        ("{{ randAlphaNum(12) | length }} {{ uuidv4() | length }}", "12 36"),
        ("{{ add(1, 2) }} {{ sub(5, 2) }} {{ mul(2, 3) }} {{ div(7, 2) }} {{ max(1, 9, 3) }}", "3 3 6 3 9"),
        ("{{ 'MyApp' | kebabcase }} {{ 'my-app' | camelcase }} {{ 'x' | repeat(3) }}", "my-app MyApp xxx"),
        ("{{ regexReplaceAll('a(x*)b', '-ab-axxb-', '${1}W') }}", "-W-xxW-"),
    ],
)  # fmt: skip
def test_function(tmp_path: Path, template: str, expected: str) -> None:
    assert _render(tmp_path, template) == expected


def test_required_names_the_template_and_line(tmp_path: Path) -> None:
    with pytest.raises(RenderError) as caught:
        _render(tmp_path, 'a: 1\nb: {{ required("image.tag is required", Values.image) }}\n')
    assert str(caught.value.file).endswith("mychart/templates/t.yaml")
    assert caught.value.line == 2
    assert caught.value.column == 4
    assert caught.value.reason == "image.tag is required"


def test_fail_inside_a_helper_names_the_helper_and_the_caller(tmp_path: Path) -> None:
    root = make_chart(
        tmp_path,
        {
            "templates/_helpers.tpl": "\n{% macro boom() %}{{ fail('no way') }}{% endmacro %}\n",
            "templates/t.yaml": "a: 1\n\nb: {{ boom() }}\n",
        },
    )
    with pytest.raises(RenderError) as caught:
        render(load_chart(str(root)), ChartOptions())
    assert caught.value.file == f"{root.as_posix()}/templates/_helpers.tpl"
    assert caught.value.line == 2
    assert (
        caught.value.reason == f"no way (in a helper used at {root.as_posix()}/templates/t.yaml:3)"
    )


def test_strict_makes_any_missing_value_an_error(tmp_path: Path) -> None:
    assert _render(tmp_path, "a: {{ Values.missing }}") == "a: "
    with pytest.raises(RenderError, match=r"Values\.missing is not defined"):
        _render(tmp_path, "a: {{ Values.missing }}", strict=True)
    with pytest.raises(RenderError, match=r"Values\.missing is not defined"):
        _render(tmp_path, "a: {{ Values.missing | quote }}", strict=True)
    assert _render(tmp_path, '{{ Values.missing | default("d") }}', strict=True) == "d"


def test_missing_parent_is_an_error_like_helm_nil_pointer(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match=r"t.yaml:1: Values.image is not defined"):
        _render(tmp_path, "{{ Values.image.tag }}")


@pytest.mark.parametrize(
    ("value", "text"),
    [(1234567.0, "1234567"), (1e20, "100000000000000000000"), (1.5, "1.5"), (1e-7, "0.0000001")],
)
def test_format_float_never_uses_scientific_notation(value: float, text: str) -> None:
    assert format_float(value) == text


def test_to_yaml() -> None:
    assert to_yaml({"b": 1, "a": [1, {"d": 2, "c": 1e7}]}) == "a:\n- 1\n- c: 10000000\n  d: 2\nb: 1"
    assert to_yaml(None) == "null"
    assert to_yaml({}) == "{}"
    assert to_yaml({"s": "two\nlines\n"}) == "s: |\n  two\n  lines"
    assert to_yaml({"a10": 1, "a2": 2, "b": 1e21, "y": "y", "n": 0.5}) == (
        'a2: 2\na10: 1\nb: 1000000000000000000000\n"n": 0.5\n"y": "y"'
    )


@pytest.mark.parametrize(
    ("value", "kind", "go_type"),
    [
        (None, "invalid", "<nil>"),
        (True, "bool", "bool"),
        (3, "int64", "int"),
        (1.5, "float64", "float64"),
        ("a", "string", "string"),
        ({"a": 1}, "map", "map[string]interface {}"),
        ([1], "slice", "[]interface {}"),
        ((1,), "slice", "[]interface {}"),
    ],
)
def test_kind_of_and_type_of_name_go_kinds_and_types(
    value: object, kind: str, go_type: str
) -> None:
    assert (kind_of(value), base.go_type(value)) == (kind, go_type)

"""Rendering like `helm template`: documents, order, `# Source:` lines, subcharts, line maps."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from kubelint.chart.engine import RenderError
from kubelint.chart.model import load_chart
from kubelint.chart.options import ChartOptions
from kubelint.chart.render import manifests, output, render, split_documents
from tests.chart.charts import chart_yaml, make_chart


def _doc(kind: str, name: str) -> str:
    return f"apiVersion: v1\nkind: {kind}\nmetadata:\n  name: {name}\n"


def test_install_order_is_by_kind_stable_and_unknown_kinds_last(tmp_path: Path) -> None:
    chart = make_chart(
        tmp_path,
        {
            "templates/a.yaml": _doc("Deployment", "d1") + "---\n" + _doc("Widget", "w"),
            "templates/b.yaml": _doc("Service", "s") + "---\n" + _doc("Deployment", "d2"),
            "templates/c.yaml": _doc("Namespace", "n") + "---\n" + _doc("Gadget", "g"),
            "templates/d.yaml": _doc("ConfigMap", "hook").replace(
                "  name: hook\n", "  name: hook\n  annotations: {helm.sh/hook: pre-install}\n"
            ),
        },
    )
    found = manifests(render(load_chart(str(chart)), ChartOptions()))
    names = [m.content.rsplit("name: ", 1)[1].split("\n")[0] for m in found]
    assert names == ["n", "s", "d1", "d2", "g", "w", "hook"]


def test_source_lines_and_dropped_documents(tmp_path: Path) -> None:
    chart = make_chart(
        tmp_path,
        {
            "templates/cm.yaml": "---\n" + _doc("ConfigMap", "a") + "---\n\n---\n  \n",
            "templates/empty.yaml": "{% if false %}x: 1{% endif %}\n",
            "templates/_helpers.tpl": "{% macro x() %}{% endmacro %}\nkind: Nope\n",
            "templates/NOTES.txt": "kind: NotAManifest\n",
            "charts/sub/Chart.yaml": chart_yaml("sub"),
            "charts/sub/templates/s.yaml": _doc("Secret", "s"),
        },
    )
    text = output(manifests(render(load_chart(str(chart)), ChartOptions())))
    assert text == (
        "---\n# Source: mychart/charts/sub/templates/s.yaml\n" + _doc("Secret", "s")
        + "---\n# Source: mychart/templates/cm.yaml\n" + _doc("ConfigMap", "a")
    )  # fmt: skip


def test_split_documents_keeps_the_rendered_line_of_each() -> None:
    text = "\n# c\na: 1\n---\nb: 2\n---   \n\n\nc: 3\n"
    assert list(split_documents(text)) == [("# c\na: 1", 1), ("b: 2", 4), ("c: 3", 8)]


def test_split_documents_splits_a_separator_glued_to_content_as_helm_does() -> None:
    text = "a: 1\n---apiVersion: v1\nkind: Service\n--- b: 2\n"
    assert list(split_documents(text)) == [
        ("a: 1", 0),
        ("apiVersion: v1\nkind: Service", 1),
        ("b: 2", 3),
    ]


def test_line_map_points_static_lines_at_themselves_and_expressions_at_their_line(
    tmp_path: Path,
) -> None:
    template = (
        "a: 1\n"  # 1
        "{%- if true %}\n"  # 2
        "b:{{ Values.m | toYaml | nindent(2) }}\n"  # 3
        "{% endif %}\n"  # 4
        "{% for i in [1, 2] %}\n"  # 5
        "- {{ i }}\n"  # 6
        "{% endfor %}\n"  # 7
        "c: static\n"  # 8
    )
    chart = make_chart(tmp_path, {"templates/t.yaml": template, "values.yaml": "m: {x: 1, z: 2}\n"})
    (rendered,) = render(load_chart(str(chart)), ChartOptions()).templates
    lines = rendered.text.split("\n")
    origin = dict(zip(lines, rendered.lines, strict=False))
    assert origin["a: 1"] == (1, 0)
    assert origin["b:"] == (3, 0)
    assert origin["  x: 1"] == (3, 3)
    assert origin["  z: 2"] == (3, 3)
    assert origin["- 1"] == (6, 0)
    assert origin["c: static"] == (8, 0)


def test_render_is_deterministic(tmp_path: Path) -> None:
    chart = make_chart(
        tmp_path,
        {"templates/t.yaml": "{{ Values | toYaml }}\n", "values.yaml": "b: 1\na: {d: 1, c: 2}\n"},
    )
    outputs = {output(manifests(render(load_chart(str(chart)), ChartOptions()))) for _ in range(3)}
    assert len(outputs) == 1


def test_archived_subchart_and_helmignore(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, text in {
            "packed/Chart.yaml": chart_yaml("packed"),
            "packed/values.yaml": "port: 9\n",
            "packed/templates/p.yaml": "port: {{ Values.port }}\n",
        }.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    chart = make_chart(
        tmp_path,
        {
            ".helmignore": "*.bak\nsecret/\n",
            "templates/t.yaml": "n: {{ Files | list | join(',') }}\n",
            "templates/old.yaml.bak": "{{ broken\n",
            "secret/key": "k",
            "data.txt": "d",
        },
    )
    (chart / "charts").mkdir()
    (chart / "charts" / "packed-0.1.0.tgz").write_bytes(buffer.getvalue())
    rendering = render(load_chart(str(chart)), ChartOptions())
    assert [(t.source, t.text) for t in rendering.templates] == [
        ("mychart/charts/packed/templates/p.yaml", "port: 9\n"),
        ("mychart/templates/t.yaml", "n: .helmignore,data.txt\n"),
    ]


def test_helpers_are_one_namespace_where_the_parent_wins(tmp_path: Path) -> None:
    chart = make_chart(
        tmp_path,
        {
            "templates/_helpers.tpl": (
                "{% macro who() %}parent:{{ Chart.Name }}{% endmacro %}\n"
                "{% macro where() %}{{ Template.Name }}{% endmacro %}\n"
            ),
            "templates/a.yaml": "a: {{ who() }} {{ shared() }}\n",
            "charts/sub/Chart.yaml": chart_yaml("sub"),
            "charts/sub/templates/_helpers.tpl": (
                "{% macro who() %}sub{% endmacro %}\n"
                "{% macro shared() %}from-sub:{{ Values.x }}{% endmacro %}\n"
            ),
            "charts/sub/values.yaml": "x: 1\n",
            "charts/sub/templates/b.yaml": "b: {{ who() }} {{ shared() }} {{ where() }}\n",
        },
    )
    texts = [t.text for t in render(load_chart(str(chart)), ChartOptions()).templates]
    assert texts == [
        "b: parent:sub from-sub:1 mychart/charts/sub/templates/b.yaml\n",
        "a: parent:mychart from-sub:\n",
    ]


def test_a_jinja2_subchart_under_two_aliases_renders_under_each(tmp_path: Path) -> None:
    deps = "dependencies:\n  - {name: db, version: 0.1.0, alias: one}\n"
    deps += "  - {name: db, version: 0.1.0, alias: two}\n"
    chart = make_chart(
        tmp_path,
        {
            "Chart.yaml": chart_yaml("app") + deps,
            "charts/db/Chart.yaml": chart_yaml("db"),
            "charts/db/templates/cm.yaml": "kind: ConfigMap\nname: {{ Chart.Name }}\n",
        },
        name="app",
    )
    rendering = render(load_chart(str(chart)), ChartOptions())
    assert [(t.source, t.text) for t in rendering.templates] == [
        ("app/charts/one/templates/cm.yaml", "kind: ConfigMap\nname: one\n"),
        ("app/charts/two/templates/cm.yaml", "kind: ConfigMap\nname: two\n"),
    ]


@pytest.mark.parametrize("notes", ["templates/NOTES.txt", "charts/sub/templates/NOTES.txt"])
def test_a_failure_in_any_notes_fails_the_render(tmp_path: Path, notes: str) -> None:
    """As Helm, every chart's NOTES.txt is rendered, printed or not (the Jinja2 dialect too)."""
    chart = make_chart(
        tmp_path,
        {
            "templates/cm.yaml": _doc("ConfigMap", "a"),
            "charts/sub/Chart.yaml": chart_yaml("sub"),
            notes: '{{ fail("set image.repository") }}\n',
        },
    )
    with pytest.raises(RenderError) as caught:
        render(load_chart(str(chart)), ChartOptions())
    assert caught.value.file == f"{chart.as_posix()}/{notes}"
    assert "set image.repository" in caught.value.reason

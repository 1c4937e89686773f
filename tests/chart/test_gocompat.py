"""The Jinja2 dialect's Go compatibility helpers, as converted templates use them."""

from __future__ import annotations

from pathlib import Path

import pytest

from kubelint.chart.engine import RenderError
from kubelint.chart.model import load_chart
from kubelint.chart.options import ChartOptions
from kubelint.chart.render import render
from tests.chart.charts import make_chart

VALUES = "m: {b: 2, a: 1, C: 3}\nl: [x, y]\nn: 1000000\ns: '1'\n"


def _render(root: Path, template: str) -> str:
    chart = make_chart(root, {"templates/t.yaml": template, "values.yaml": VALUES}, name="c")
    (rendered,) = render(load_chart(str(chart)), ChartOptions()).templates
    return rendered.text


@pytest.mark.parametrize(
    ("template", "text"),
    [
        ("{% for k, v in Values.m | go_items %}{{ k }}={{ v }} {% endfor %}", "C=3 a=1 b=2 "),
        ("{% for i, v in Values.l | go_items %}{{ i }}={{ v }} {% endfor %}", "0=x 1=y "),
        ("{% for v in Values.m | go_range %}{{ v }} {% endfor %}", "3 1 2 "),
        ("{% for v in Values.missing | go_range %}{{ v }}{% endfor %}.", "."),
        ("{{ go_eq(Values.s, '1') }} {{ go_eq(Values.missing, none) }}", "true true"),
        ("{{ go_ne(Values.s, '2') }} {{ Values.n | go_float }}", "true 1e+06"),
        ("{{ go_root().Values.l | toString }} {{ go_root().Release.Name }}", "[x y] release-name"),
        ("{{ go_urlquery('a b&c') }} {{ go_html('<a>') }}", "a+b%26c &lt;a&gt;"),
    ],
)
def test_helper(tmp_path: Path, template: str, text: str) -> None:
    assert _render(tmp_path, template) == text


def test_go_eq_refuses_values_of_different_kinds_as_helm_does(tmp_path: Path) -> None:
    with pytest.raises(
        RenderError, match="go_eq: incompatible types for comparison: string and int"
    ):
        _render(tmp_path, "{{ go_eq(Values.s, 1) }}")

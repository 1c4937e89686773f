"""The README's template reference is generated from the code (tests/test_docgen.py keeps it
current); here: it names every function the engine registers and every field of the objects a
template sees."""

from __future__ import annotations

import json
import re
from pathlib import Path

from jinja2.sandbox import SandboxedEnvironment

from kubelint import docgen
from kubelint.chart import reference
from kubelint.chart.engine import HelmEnvironment
from kubelint.chart.functions import FUNCTIONS
from kubelint.chart.model import load_chart
from kubelint.chart.options import ChartOptions
from kubelint.chart.render import render
from tests.chart.charts import make_chart


def _block(name: str) -> str:
    text = docgen.README.read_text()
    match = re.search(rf"<!-- {name}:start -->\n(.*?)<!-- {name}:end -->", text, re.DOTALL)
    assert match is not None
    return match.group(1)


def test_every_registered_function_is_in_the_readme() -> None:
    environment = HelmEnvironment()
    jinja = SandboxedEnvironment()
    registered = set(environment.globals) | set(environment.filters)
    ours = (registered - set(jinja.globals) - set(jinja.filters)) | set(FUNCTIONS)
    documented = set(re.findall(r"^\| `(\w+)\(", _block("template-functions"), re.MULTILINE))
    assert ours - documented == set()
    assert documented - registered == set()


def test_the_names_table_lists_every_field_rendering_builds(tmp_path: Path) -> None:
    template = (
        "{{ Release | toJson }}\n{{ Template | toJson }}\n{{ Chart | toJson }}\n"
        "{{ Capabilities | list | toJson }}\n"
    )
    chart = make_chart(tmp_path, {"templates/t.yaml": template})
    (rendered,) = render(load_chart(str(chart)), ChartOptions()).templates
    release, template_object, chart_object, capabilities = map(
        json.loads, rendered.text.splitlines()
    )
    assert set(release) == set(reference.RELEASE_FIELDS)
    assert set(template_object) == set(reference.TEMPLATE_FIELDS)
    assert set(chart_object) <= set(reference.CHART_FIELDS)
    assert set(capabilities) == set(reference.CAPABILITIES_FIELDS)
    names = _block("template-names")
    for name in ("Values", "Release", "Chart", "Capabilities", "Template", "Files"):
        assert f"| `{name}` |" in names
    for method in ("Get", "GetBytes", "Lines", "Glob", "AsConfig", "AsSecrets"):
        assert f"`Files.{method}(" in names

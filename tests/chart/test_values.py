"""Values: user flags in Helm's order, coalescing with defaults, subcharts, globals,
conditions, tags, aliases and values.schema.json."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kubelint.chart.model import load_chart
from kubelint.chart.options import ValueOptions
from kubelint.chart.values import (
    coalesce_tables,
    merge_maps,
    resolve,
    user_values,
)
from kubelint.errors import ChartError, InputError, UsageError
from tests.chart.charts import chart_yaml, make_chart
from tests.conftest import write


def test_merge_maps_merges_maps_and_replaces_lists_and_scalars() -> None:
    a = {"m": {"x": 1, "y": [1, 2]}, "s": "a", "keep": True}
    b = {"m": {"y": [3], "z": None}, "s": {"now": "a map"}}
    assert merge_maps(a, b) == {
        "m": {"x": 1, "y": [3], "z": None},
        "s": {"now": "a map"},
        "keep": True,
    }
    assert a["m"] == {"x": 1, "y": [1, 2]}  # inputs untouched


def test_coalesce_null_deletes_and_user_wins() -> None:
    defaults = {"a": 1, "b": {"c": 2, "d": 3}, "e": [1, 2], "f": {"g": 1}}
    user: dict[str, Any] = {"a": None, "b": {"d": None, "x": 9}, "e": [5], "f": "scalar"}
    assert coalesce_tables(user, defaults) == {"b": {"c": 2, "x": 9}, "e": [5], "f": "scalar"}


def test_user_values_order_files_then_json_set_string_file_literal(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml", "a: 1\nb: {c: 1, d: 1}\nlist: [1, 2]\n")
    second = write(tmp_path, "b.yaml", "b: {d: 2}\nlist: [3]\n")
    content = write(tmp_path, "content.txt", "from a file\n")
    options = ValueOptions(
        files=(str(first), str(second)),
        set_json=('j={"k": [1, 2]},a=2',),
        set=("a=3,s=10",),
        set_string=("s=10",),
        set_file=(f"file={content}",),
        set_literal=("lit=x,y",),
    )
    assert user_values(options) == {
        "a": 3,
        "b": {"c": 1, "d": 2},
        "list": [3],
        "j": {"k": [1, 2]},
        "s": "10",
        "file": "from a file\n",
        "lit": "x,y",
    }


def test_user_values_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"failed parsing --set data 'a': key \"a\" has no value"):
        user_values(ValueOptions(set=("a",)))
    with pytest.raises(InputError, match=r"values file .*missing\.yaml: cannot read"):
        user_values(ValueOptions(files=(str(tmp_path / "missing.yaml"),)))
    bad = write(tmp_path, "bad.yaml", "a: [\n")
    with pytest.raises(InputError, match=r"failed to parse .*bad.yaml:\d+: "):
        user_values(ValueOptions(files=(str(bad),)))
    scalar = write(tmp_path, "scalar.yaml", "just text\n")
    with pytest.raises(InputError, match="expected a mapping, found the string 'just text'"):
        user_values(ValueOptions(files=(str(scalar),)))


def _parent(tmp_path: Path, dependencies: str, values: str) -> Path:
    return make_chart(
        tmp_path,
        {
            "Chart.yaml": chart_yaml("parent") + dependencies,
            "values.yaml": values,
            "charts/sub/Chart.yaml": chart_yaml("sub"),
            "charts/sub/values.yaml": "port: 80\nglobal: {region: eu, team: sub}\nown: x\n",
        },
        name="parent",
    )


def test_subchart_sees_its_section_and_globals(tmp_path: Path) -> None:
    root = _parent(
        tmp_path,
        "dependencies:\n  - name: sub\n    version: 0.1.0\n",
        "global: {region: us}\nsub: {port: 8080}\n",
    )
    tree, values = resolve(load_chart(str(root)), {"sub": {"own": None}})
    assert [child.name for child in tree.children] == ["sub"]
    assert values["sub"] == {"port": 8080, "global": {"region": "us", "team": "sub"}}
    assert values["global"] == {"region": "us"}


@pytest.mark.parametrize(
    ("dependency", "given", "enabled"),
    [
        ("condition: sub.enabled", {}, True),
        ("condition: sub.enabled", {"sub": {"enabled": False}}, False),
        ("condition: nope.x,sub.enabled", {"sub": {"enabled": False}}, False),
        ("condition: flags.sub", {"flags": {"sub": "yes"}}, True),  # not a bool: ignored
        ("tags: [db]", {"tags": {"db": False}}, False),
        ("tags: [db, cache]", {"tags": {"db": False, "cache": True}}, True),
        ("tags: [db]\n    condition: sub.enabled", {"tags": {"db": False}, "sub": {"enabled": True}}, True),
    ],
)  # fmt: skip
def test_conditions_and_tags(
    tmp_path: Path, dependency: str, given: dict[str, Any], enabled: bool
) -> None:
    root = _parent(tmp_path, f"dependencies:\n  - name: sub\n    {dependency}\n", "")
    tree, _ = resolve(load_chart(str(root)), given)
    assert bool(tree.children) is enabled


def test_alias_renames_the_subchart_and_its_values(tmp_path: Path) -> None:
    root = _parent(
        tmp_path,
        "dependencies:\n  - name: sub\n    alias: first\n  - name: sub\n    alias: second\n",
        "second: {port: 2}\n",
    )
    tree, values = resolve(load_chart(str(root)), {})
    assert [child.name for child in tree.children] == ["first", "second"]
    assert values["first"]["port"] == 80
    assert values["second"]["port"] == 2


def test_subchart_section_must_be_a_mapping(tmp_path: Path) -> None:
    root = _parent(tmp_path, "", "sub: 3\n")
    with pytest.raises(ChartError, match="type mismatch on sub"):
        resolve(load_chart(str(root)), {})


def test_values_schema_names_the_field(tmp_path: Path) -> None:
    schema = (
        '{"type": "object", "required": ["image"], "properties": {"replicas": {"type":'
        ' "integer"}, "image": {"type": "object"}}}'
    )
    root = make_chart(tmp_path, {"values.yaml": "replicas: 1\n", "values.schema.json": schema})
    with pytest.raises(ChartError) as caught:
        resolve(load_chart(str(root)), {"replicas": "three"})
    message = str(caught.value)
    assert message.startswith("values don't meet the specifications of the schema(s): ")
    assert 'mychart: replicas: "three" is not of type "integer"' in message
    assert 'mychart: (root): "image" is a required property' in message

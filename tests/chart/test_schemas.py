"""values.schema.json is compiled offline: a reference to a file or a URL is refused, never read
or fetched; references within the schema and the drafts' meta-schemas work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.chart.charts import make_chart
from tests.conftest import kubelint
from tests.loopback import listening

SECRET = "SECRET-IN-A-FILE-3f9a"


def _chart(root: Path, schema: object) -> Path:
    files = {"values.yaml": "a: 1\n", "values.schema.json": json.dumps(schema)}
    return make_chart(root, {**files, "templates/t.yaml": "a: {{ Values.a }}\n"})


@pytest.mark.parametrize(
    "schema",
    [
        {"properties": {"a": {"$ref": "{url}/x.json"}}},
        {"$ref": "{url}/x.json#/type"},
        {"$schema": "{url}/meta.json"},
        {"$id": "{url}/root.json", "properties": {"a": {"$ref": "other.json"}}},
        {"$defs": {"x": {"$dynamicRef": "{url}/x.json"}}, "properties": {"a": {"$ref": "#/$defs/x"}}},
    ],
)  # fmt: skip
def test_no_request_is_made(tmp_path: Path, schema: object) -> None:
    with listening() as (url, requests):
        chart = _chart(tmp_path, json.loads(json.dumps(schema).replace("{url}", url)))
        run = kubelint("template", str(chart))
        lint = kubelint("lint", str(chart), "--format", "json")
    assert requests == []
    assert run.exit_code == 1
    (line,) = run.stderr.splitlines()
    assert line.startswith(f"kubelint: error: {chart}/values.schema.json: ")
    assert (
        "kubelint reads no file and makes no request" in line or "not present in a registry" in line
    )
    assert "FETCHED" not in run.stdout + run.stderr + lint.stdout
    (finding,) = lint.json()["findings"]
    assert (lint.exit_code, finding["file"]) == (1, f"{chart}/values.schema.json")


def test_no_file_is_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.json"
    secret.write_text(json.dumps({"a": SECRET}))
    chart = _chart(tmp_path, {"properties": {"a": {"$ref": f"file://{secret}#/a"}}})
    run = kubelint("template", str(chart))
    assert run.exit_code == 1
    assert run.stderr == (
        f"kubelint: error: {chart}/values.schema.json: the schema refers to"
        f' "file://{secret}", outside itself; kubelint reads no file and makes no request for a'
        " schema (keep definitions under $defs)\n"
    )


def test_references_within_the_schema_work(tmp_path: Path) -> None:
    schema = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://charts.example.com/values.schema.json",
        "definitions": {"n": {"type": "string"}},
        "properties": {"a": {"$ref": "#/definitions/n"}},
    }
    run = kubelint("template", str(_chart(tmp_path, schema)))
    assert run.exit_code == 1
    assert run.stderr == (
        "kubelint: error: values don't meet the specifications of the schema(s):"
        ' mychart: a: 1 is not of type "string"\n'
    )


@pytest.mark.parametrize("depth", [300, 5000])
def test_deep_nesting_is_an_error(tmp_path: Path, depth: int) -> None:
    chart = make_chart(tmp_path, {"templates/t.yaml": "a: 1\n"})
    nested = '{"properties": {"a": ' * depth + "{}" + "}}" * depth
    (chart / "values.schema.json").write_text(nested)
    run = kubelint("template", str(chart))
    assert run.exit_code == 1
    assert run.stderr.startswith(f"kubelint: error: {chart}/values.schema.json: ")
    assert len(run.stderr.splitlines()) == 1

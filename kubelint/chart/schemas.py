"""A chart's `values.schema.json` (and kubelint's schema of Chart.yaml), compiled offline.

A schema from a chart is untrusted: a `$ref`, `$id` or `$schema` naming a file (`file:///…`) or
a URL (`http://…`) would make the validator read that file or fetch that URL, and quote what it
got in its messages. Retrieval is off: such a reference is refused when the schema is compiled,
with an error naming the chart's file; nothing is read or fetched. References within the schema
(`#/$defs/…`) and the drafts' own meta-schemas work as usual.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any

import jsonschema_rs

from kubelint.bundled import load_schema
from kubelint.dataload import DataError, json_loads
from kubelint.errors import ChartError
from kubelint.yamlload import format_path

Validator = jsonschema_rs.Validator


def parse_schema(raw: bytes, where: str) -> Any:
    """The JSON of a values.schema.json, read within bounds (kubelint.dataload); ChartError
    naming `where` (and the line) when it is not JSON."""
    try:
        return json_loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ChartError(f"{where}: not valid JSON: not UTF-8 text") from None
    except DataError as exc:
        raise ChartError(f"{exc.where(where)}: not valid JSON: {exc}") from None


def compile_schema(document: Any, where: str) -> Validator:
    """A validator for the JSON schema `document`, that never reads a file or makes a request:
    a reference out of the document is a ChartError naming `where`."""
    refused: list[str] = []

    def retrieve(uri: str) -> Any:
        refused.append(uri)
        raise ValueError("retrieval is off")

    try:
        return jsonschema_rs.validator_for(document, retriever=retrieve)
    except (ValueError, jsonschema_rs.ValidationError) as exc:
        if refused:
            raise ChartError(
                f"{where}: the schema refers to {json.dumps(refused[0])}, outside itself; kubelint"
                " reads no file and makes no request for a schema (keep definitions under $defs)"
            ) from None
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ChartError(f"{where}: invalid JSON schema: {reason}") from None


def violations(validator: Validator, instance: Any) -> list[str]:
    """Every violation of the schema by `instance`, as `field.path: message`, sorted."""
    found = sorted(
        (format_path(tuple(e.instance_path)) or "(root)", e.message)
        for e in validator.iter_errors(instance)
    )
    return [f"{path}: {message}" for path, message in found]


@functools.cache
def _chart_schema() -> Validator:
    return compile_schema(load_schema("chart.schema.json"), "chart.schema.json")


def chart_yaml_violations(metadata: Mapping[str, Any]) -> list[str]:
    """Violations of kubelint's schema of Chart.yaml (`schemas/chart.schema.json`)."""
    return violations(_chart_schema(), dict(metadata))

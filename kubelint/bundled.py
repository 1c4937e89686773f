"""Data files shipped with kubelint: the JSON schemas of the top-level `schemas/` folder."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jsonschema_rs
    from jsonschema.protocols import Validator

_PACKAGE = Path(__file__).resolve().parent
# A wheel carries `schemas/` as `kubelint/_schemas/` (pyproject's force-include); a source tree
# or an editable install reads the folder beside the package.
_SCHEMA_FOLDERS = (_PACKAGE / "_schemas", _PACKAGE.parent / "schemas")


@functools.cache
def load_schema(name: str) -> dict[str, Any]:
    """The JSON schema `name` (e.g. `cluster.schema.json`), from the package or source tree."""
    for folder in _SCHEMA_FOLDERS:
        path = folder / name
        if path.is_file():
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            return data
    raise FileNotFoundError(f"schema {name} is not installed with kubelint")


def offline_validator(schema: dict[str, Any], *, formats: bool = False) -> Validator:
    """A draft 2020-12 validator of one of kubelint's own schemas (the configuration's, the
    cluster file's) that retrieves nothing: its registry is empty, so a reference out of the
    schema is an error, never a file read or a request (jsonschema would fetch `http://`).
    `formats`: check `format` keywords too (the configuration's `regex` options)."""
    import jsonschema  # imported only when there is a file to check
    from referencing import Registry

    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER if formats else None
    return jsonschema.Draft202012Validator(schema, registry=Registry(), format_checker=checker)


@functools.cache
def compiled_validator(name: str) -> jsonschema_rs.Validator:
    """The compiled (jsonschema-rs) validator of kubelint's own schema `name`, retrieving
    nothing: a reference out of the schema fails to compile instead of reading or fetching.
    Tens of times faster than `offline_validator`, whose errors read as the messages kubelint
    prints: check with this one, and explain a failure with that one."""
    import jsonschema_rs

    def refuse(uri: str) -> Any:
        raise ValueError(f"kubelint's schema {name} refers to {uri}: retrieval is off")

    return jsonschema_rs.Draft202012Validator(load_schema(name), retriever=refuse)

"""YAML, JSON and TOML in and out, base64, and the checksums."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import tomllib
import zlib
from collections.abc import Callable
from typing import Any

from jinja2 import Undefined

from kubelint.chart import goyaml, goyaml3
from kubelint.chart.funcs.base import HelmFunction, TemplateFailure, affordable, go_str
from kubelint.yamlload import LoadFailure, load_single

# -- YAML and JSON ---------------------------------------------------------------------------
_YAML_CACHE: dict[str, str] = {}  # charts print the same values into many templates


def to_yaml(value: Any) -> str:
    """Helm's `toYaml` (see `goyaml`); the same values printed again come from a cache."""
    affordable(value)
    key = repr(value)  # tells 1 from "1" and 1.0, unlike JSON
    if len(key) > 65536 or " at 0x" in key:  # big, or not plain data: no caching
        return goyaml.dump(value)
    text = _YAML_CACHE.get(key)
    if text is None:
        if len(_YAML_CACHE) > 1024:
            _YAML_CACHE.clear()
        text = _YAML_CACHE[key] = goyaml.dump(value)
    return text


def to_yaml_pretty(value: Any) -> str:
    """Helm's `toYamlPretty` (see `goyaml3`)."""
    affordable(value)
    return goyaml3.dump_pretty(value)


def _json_default(value: Any) -> Any:
    if isinstance(value, Undefined):
        return None
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def to_json(value: Any) -> str:
    affordable(value)
    text = json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default
    )
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def to_pretty_json(value: Any) -> str:
    affordable(value)
    return json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False, default=_json_default)


def to_raw_json(value: Any) -> str:
    affordable(value)
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default
    )


_DOCUMENT_START = re.compile(r"^---(?:[ \t]|$)", re.MULTILINE)


def _first_document(text: str) -> str:
    """The first document of a YAML stream, which is all Go's yaml.Unmarshal reads."""
    for part in _DOCUMENT_START.split(text):
        if any(line.strip() and not line.lstrip().startswith("#") for line in part.split("\n")):
            return part
    return ""


def from_yaml(text: str) -> Any:
    try:
        data = load_single(str(text).encode())  # within the input limits: no alias bomb
    except LoadFailure as exc:
        first = _first_document(str(text))
        if "another document" not in exc.problem.message or first == str(text):
            return {"Error": exc.problem.message}
        return from_yaml(first)
    return data if isinstance(data, dict) else {} if data is None else {"Error": "not a mapping"}


def from_yaml_array(text: str) -> Any:
    try:
        data = load_single(str(text).encode())
    except LoadFailure as exc:
        return [exc.problem.message]
    return data if isinstance(data, list) else []


def from_json(text: str) -> Any:
    try:
        data = json.loads(text)
    except ValueError as exc:
        return {"Error": str(exc)}
    return data if isinstance(data, dict) else {"Error": "not a JSON object"}


def from_json_array(text: str) -> Any:
    try:
        data = json.loads(text)
    except ValueError as exc:
        return [str(exc)]
    return data if isinstance(data, list) else []


def b64enc(text: Any) -> str:
    data = text if isinstance(text, bytes) else go_str(text).encode()
    return base64.b64encode(data).decode()


def b64dec(text: str) -> str:
    try:
        return base64.b64decode(text, validate=True).decode("utf-8", "replace")
    except (binascii.Error, ValueError) as exc:
        raise TemplateFailure(f"b64dec: not base64: {exc}") from None


def _digest(name: str) -> Callable[[Any], str]:
    def digest(text: Any) -> str:
        return hashlib.new(name, go_str(text).encode()).hexdigest()

    return digest


def adler32sum(text: Any) -> str:
    return str(zlib.adler32(go_str(text).encode()))


def must_from_json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise TemplateFailure(f"mustFromJson: {exc}") from None


def from_toml(text: str) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return {"Error": str(exc)}


GROUP: dict[str, HelmFunction] = {
    "b64enc": HelmFunction(b64enc, "text", "base64"),
    "b64dec": HelmFunction(b64dec, "text", "decoded from base64 (bad input is an error)"),
    "b32enc": HelmFunction(
        lambda s: base64.b32encode(go_str(s).encode()).decode(), "text", "base32"
    ),
    "b32dec": HelmFunction(
        lambda s: base64.b32decode(go_str(s)).decode("utf-8", "replace"),
        "text",
        "decoded from base32",
    ),
    "sha1sum": HelmFunction(_digest("sha1"), "text", "SHA-1, in hex"),
    "sha256sum": HelmFunction(_digest("sha256"), "text", "SHA-256, in hex"),
    "adler32sum": HelmFunction(adler32sum, "text", "Adler-32, in decimal"),
    "toYaml": HelmFunction(
        to_yaml,
        "value",
        "YAML as Helm writes it: sorted keys, Go's quoting, no final newline, no exponents",
    ),
    "mustToYaml": HelmFunction(to_yaml, "value", "`toYaml`"),
    "toYamlPretty": HelmFunction(
        to_yaml_pretty,
        "value",
        "YAML as Helm's yaml.v3 writes it: lists indented under their key, no folding",
    ),
    "toJson": HelmFunction(to_json, "value", "compact JSON, sorted keys, `<>&` escaped as Go does"),
    "mustToJson": HelmFunction(to_json, "value", "`toJson`"),
    "toPrettyJson": HelmFunction(to_pretty_json, "value", "JSON indented by 2"),
    "mustToPrettyJson": HelmFunction(to_pretty_json, "value", "`toPrettyJson`"),
    "toRawJson": HelmFunction(to_raw_json, "value", "compact JSON without HTML escaping"),
    "mustToRawJson": HelmFunction(to_raw_json, "value", "`toRawJson`"),
    "fromYaml": HelmFunction(
        from_yaml, "text", 'a mapping from YAML; bad input gives `{"Error": …}`'
    ),
    "fromYamlArray": HelmFunction(from_yaml_array, "text", "a list from YAML"),
    "fromJson": HelmFunction(
        from_json, "text", 'a mapping from JSON; bad input gives `{"Error": …}`'
    ),
    "mustFromJson": HelmFunction(
        must_from_json, "text", "a value from JSON; bad input is an error"
    ),
    "fromJsonArray": HelmFunction(from_json_array, "text", "a list from JSON"),
    "fromToml": HelmFunction(
        from_toml, "text", 'a mapping from TOML; bad input gives `{"Error": …}`'
    ),
}

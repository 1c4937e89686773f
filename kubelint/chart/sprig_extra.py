"""Sprig functions that Helm ships and `functions` does not have yet, in its style: each with
Go's argument order (the piped value last)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from typing import Any

from kubelint.chart.funcs.base import go_str
from kubelint.chart.gotmpl.gotypes import Float64, format_float


def sha512sum(text: Any) -> str:
    return hashlib.sha512(go_str(text).encode()).hexdigest()


def get_host_by_name(name: str) -> str:
    """Helm without `--enable-dns`: no lookup, an empty string."""
    return ""


# -- TOML, as Helm's `toToml` writes it (BurntSushi's encoder) -------------------------------
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_TOML_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _toml_string(key)


def _toml_string(text: str) -> str:
    out = []
    for char in text:
        if char in _TOML_ESCAPES:
            out.append(_TOML_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Float64 | float):
        text = format_float(float(value))
        return text if "." in text or "e" in text or "N" in text or "I" in text else text + ".0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value if v is not None) + "]"
    if isinstance(value, Mapping):
        items = sorted((str(k), v) for k, v in value.items() if v is not None)
        return "{" + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in items) + "}"
    return _toml_string(go_str(value))


def _is_table_array(value: Any) -> bool:
    return (
        isinstance(value, list | tuple)
        and bool(value)
        and all(isinstance(v, Mapping) for v in value)
    )


class _TomlWriter:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def newline(self) -> None:
        if self.lines:
            self.lines.append("")

    def table(self, path: list[str], table: Mapping[str, Any]) -> None:
        """The keys of `table` (at `path`), then its tables and arrays of tables."""
        indent = "  " * len(path)
        items = sorted((str(k), v) for k, v in table.items() if v is not None)
        for key, value in items:
            if not isinstance(value, Mapping) and not _is_table_array(value):
                self.lines.append(f"{indent}{_toml_key(key)} = {_toml_value(value)}")
        for key, value in items:
            header = ".".join(_toml_key(p) for p in [*path, key])
            if isinstance(value, Mapping):
                if not path:  # a blank line between top-level tables
                    self.newline()
                self.lines.append(f"{indent}[{header}]")
                self.table([*path, key], value)
            elif _is_table_array(value):
                for element in value:
                    self.newline()
                    self.lines.append(f"{indent}[[{header}]]")
                    self.table([*path, key], element)


def to_toml(value: Any) -> str:
    """Helm's `toToml`: tables as `[a.b]` sections after the keys of their parent, keys sorted,
    nested sections indented, numbers from values as floats (`1.0`)."""
    if not isinstance(value, Mapping):
        return "toml: top-level values must be Go maps or structs"
    writer = _TomlWriter()
    writer.table([], value)
    return "\n".join(writer.lines) + "\n" if writer.lines else ""


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "toToml": to_toml,
    "mustToToml": to_toml,
    "sha512sum": sha512sum,
    "getHostByName": get_host_by_name,
}

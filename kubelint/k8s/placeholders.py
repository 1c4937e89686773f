"""Placeholders left for text substitution before a manifest is applied.

Sample repositories ship manifests meant for `envsubst` or `sed`: `${KSA_NAME}`, `$PROJECT`,
`{{uid}}`, `<ADD LUN ID Here>`, `PV_NAME`; Kustomize bases use vars: `$(kfp-namespace)`. A
value that is such a placeholder is not the value that will be applied, so what a check says
about it as written is premature: the engine reports it once as a `placeholder` instead
(kubelint.rules.placeholder).
"""

from __future__ import annotations

import re

from kubelint.k8s.data import is_mapping
from kubelint.printable import quote
from kubelint.yamlload import JsonPath

PLACEHOLDER = "placeholder"  # the rule that reports them

# ${VAR}, ${VAR:-default} (the shell's and envsubst's forms), $VAR, and $(var) (a Kustomize
# var, which a Kustomization that did not build left as written), anywhere in the value
_SHELL = (
    r"\$\{[A-Za-z_][A-Za-z0-9_]*(?:[:?+=-][^{}]{0,256})?\}|\$[A-Z_][A-Z0-9_]*\b"
    r"|\$\([A-Za-z_][A-Za-z0-9_.-]*\)"
)
# {{uid}}, {{ .Values.x }}: Mustache or a Go template, anywhere in the value
_BRACES = r"\{\{\s*[A-Za-z_.][\w.]*\s*\}\}"
_INSIDE = re.compile(f"{_SHELL}|{_BRACES}")
# the whole value: <KSA_NAME>, <ADD LUN ID Here>
_ANGLED = re.compile(r"<[^<>\n]+>")
# PV_NAME, FILESTORE_CAPACITY, PORT: a placeholder where a name, a quantity, a port or an image is
# expected (none of which has upper-case letters), but elsewhere a value in its own right
# (the capability NET_ADMIN, the variable LOG_LEVEL, the protocol TCP)
_UPPER = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*")
_QUANTITIES = frozenset({"capacity", "requests", "limits"})
# ports, and images (a repository name is lower-case)
_PORTS = frozenset({"port", "containerPort", "targetPort", "nodePort", "hostPort", "image"})


def is_placeholder(value: object, named: bool = False) -> bool:
    """Whether a scalar is (or holds) a placeholder meant to be substituted; `named`: where
    a name, a quantity or a port is expected, so an upper-case word is one too."""
    if not isinstance(value, str):
        return False
    # (what the two patterns need, tested first: most values hold none of it)
    if ("$" in value or "{{" in value or value.startswith("<")) and (
        _ANGLED.fullmatch(value) or _INSIDE.search(value)
    ):
        return True
    return named and len(value) > 1 and _UPPER.fullmatch(value) is not None


def _lower_case_only(path: JsonPath) -> bool:
    """Whether the field holds a name, a quantity or a port: never upper-case letters."""
    last = path[-1] if path else None
    return (
        path in (("metadata", "name"), ("metadata", "namespace"))
        or (isinstance(last, str) and (last.endswith("Name") or last in _PORTS))
        or (len(path) > 1 and path[-2] in _QUANTITIES)
    )


def placeholder_at(data: object, path: JsonPath) -> str | None:
    """The placeholder the value at `path` of `data` is (or holds), if it is one."""
    value = data
    for part in path:
        if isinstance(part, int) and isinstance(value, list) and 0 <= part < len(value):
            value = value[part]
        elif isinstance(part, str) and is_mapping(value):
            value = value.get(part)
        else:
            return None
    if not isinstance(value, str) or not is_placeholder(value, named=True):
        return None
    # an upper-case word is one only where a name, a quantity or a port is expected
    return value if is_placeholder(value) or _lower_case_only(path) else None


def placeholder_message(value: str) -> str:
    return (
        f"{quote(value)} looks like a placeholder for text substitution (envsubst, sed): "
        "it is not checked as written; lint the substituted manifest"
    )

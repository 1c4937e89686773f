"""`kubelint explain-field`: `kubectl explain`, offline, from the bundled schemas.

`deployment.spec.strategy` names a kind (any case) and a field path; lists are stepped through
(`pod.spec.containers.ports`). The text gives the field's type the way kubectl prints it
(`<integer>`, `<[]Container>`, `<map[string]string>`, `<ObjectMeta>`), its description and its
fields; `--recursive` prints the whole tree of field names below it.
"""

from __future__ import annotations

import difflib
import re
import textwrap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from kubelint.errors import UsageError
from kubelint.schema.store import INT_OR_STRING, QUANTITY, SchemaStore

_NAMED_SCALARS = (QUANTITY, INT_OR_STRING)  # shown by name, like kubectl: <Quantity>
_WIDTH = 80


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    schema: Mapping[str, Any]  # the property node (with its description), refs not resolved
    required: bool = False


def _rank(api_version: str) -> tuple[int, bool, tuple[int, ...], str]:
    """GA before beta before alpha, the core group first, the newest version first."""
    version = api_version.rpartition("/")[2]
    level = 2 if "alpha" in version else 1 if "beta" in version else 0
    newest = tuple(-int(n) for n in re.findall(r"[0-9]+", version))
    return (level, "/" in api_version, newest, api_version)


def pick_kind(
    store: SchemaStore, version: str, kind: str, api_version: str | None
) -> tuple[str, str]:
    """The (apiVersion, kind) a user means by `kind` (any case) and an optional apiVersion."""
    found = store.similar(version, kind)
    exact = [(a, k) for a, k in found if k.lower() == kind.lower()]
    if api_version is not None:
        exact = [(a, k) for a, k in exact if a == api_version]
    if not exact:
        where = f" in apiVersion {api_version}" if api_version else ""
        hint = f' (did you mean "{found[0][1]}"?)' if found and found[0][1] != kind else ""
        raise UsageError(f'no kind "{kind}"{where} in Kubernetes {version}{hint}')
    return min(exact, key=lambda pair: _rank(pair[0]))


class Explainer:
    """Walks one kind's schema, resolving `$ref`s into the version's definitions."""

    def __init__(self, root: Mapping[str, Any], definitions: Mapping[str, Any]) -> None:
        self.root = root
        self.definitions = definitions

    def resolve(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        ref = node.get("$ref")
        if isinstance(ref, str):
            return self.resolve(self.definitions.get(ref.rpartition("/")[2], {}))
        return node

    def _element(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        """Lists are stepped through to their items, as kubectl does."""
        resolved = self.resolve(node)
        items = resolved.get("items")
        return self.resolve(items) if _types(resolved) == ["array"] and items else resolved

    def fields(self, node: Mapping[str, Any]) -> list[Field]:
        element = self._element(node)
        required = set(element.get("required") or ())
        properties = element.get("properties") or {}
        return [Field(n, s, n in required) for n, s in sorted(properties.items())]

    def find(self, path: list[str]) -> Field:
        current = Field("", self.root)
        for part in path:
            children = {f.name: f for f in self.fields(current.schema)}
            if part not in children:
                close = difflib.get_close_matches(part, list(children), n=1)
                hint = f' (did you mean "{close[0]}"?)' if close else ""
                where = current.name or "the kind"
                raise UsageError(f'field "{part}" does not exist in {where}{hint}')
            current = children[part]
        return current

    def type_name(self, node: Mapping[str, Any]) -> str:
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = ref.rpartition("/")[2]
            target = self.definitions.get(name, {})
            if name in _NAMED_SCALARS or target.get("properties") or "type" not in target:
                return _short(ref)
            return self.type_name(target)
        types = _types(node)
        if types == ["array"]:
            return f"[]{self.type_name(node.get('items') or {})}"
        if types == ["object"] and isinstance(node.get("additionalProperties"), Mapping):
            return f"map[string]{self.type_name(node['additionalProperties'])}"
        if types == ["object"]:
            return "Object"
        return " or ".join(types) or "Object"

    def tree(self, node: Mapping[str, Any], depth: int, seen: frozenset[str]) -> Iterator[str]:
        for field in self.fields(node):
            ref = self._ref_of(field.schema)
            suffix = " -required-" if field.required else ""
            yield f"{'  ' * depth}{field.name}\t<{self.type_name(field.schema)}>{suffix}"
            if ref not in seen:
                yield from self.tree(field.schema, depth + 1, seen | {ref})

    def _ref_of(self, node: Mapping[str, Any]) -> str:
        items = node.get("items")
        inner = items if isinstance(items, Mapping) else node
        ref = inner.get("$ref")
        return ref if isinstance(ref, str) else ""


def _types(node: Mapping[str, Any]) -> list[str]:
    kind = node.get("type")
    found = [kind] if isinstance(kind, str) else list(kind or [])
    return [t for t in found if t != "null"]


def _short(ref: str) -> str:
    return ref.rpartition(".")[2]


def _wrap(text: str, indent: str) -> str:
    paragraphs = [p for p in text.strip().split("\n") if p.strip()]
    return "\n".join(
        textwrap.fill(
            p,
            _WIDTH,
            initial_indent=indent,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
        for p in paragraphs
    )


def explain(
    store: SchemaStore,
    version: str,
    target: str,
    api_version: str | None = None,
    recursive: bool = False,
) -> str:
    """The text `kubelint explain-field TARGET` prints."""
    kind_text, *path = target.split(".")
    chosen_version, kind = pick_kind(store, version, kind_text, api_version)
    root = store.document(version, chosen_version, kind)
    assert root is not None  # pick_kind only returns kinds that have a schema
    explainer = Explainer(root, store.definitions(version))
    field = explainer.find(path)
    lines = [f"KIND:       {kind}", f"VERSION:    {chosen_version}", ""]
    if path:
        lines += [f"FIELD: {field.name} <{explainer.type_name(field.schema)}>", ""]
    description = field.schema.get("description") or explainer.resolve(field.schema).get(
        "description", ""
    )
    lines += ["DESCRIPTION:", _wrap(description or "(no description)", "    "), ""]
    children = explainer.fields(field.schema)
    if children:
        lines.append("FIELDS:")
        if recursive:
            lines.extend(explainer.tree(field.schema, 1, frozenset()))
        else:
            for child in children:
                suffix = " -required-" if child.required else ""
                lines.append(f"  {child.name}\t<{explainer.type_name(child.schema)}>{suffix}")
                text = child.schema.get("description") or ""
                if text:
                    lines.append(_wrap(text, "    "))
                lines.append("")
    return "\n".join(lines).rstrip() + "\n"

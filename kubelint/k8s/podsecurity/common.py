"""What every Pod Security Standards check works on: a pod (its metadata, spec and containers,
with their JSON paths) and what a failed check says (the admission controller's reason and
detail) and where."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from kubelint.k8s.data import dig, mapping
from kubelint.k8s.workloads import Container
from kubelint.yamlload import JsonPath


class Pod(NamedTuple):
    """A pod template as the checks see it (a named tuple: made for every pod, a frozen
    dataclass of these fields takes twice as long to make)."""

    meta: Mapping[str, Any]
    meta_path: JsonPath
    spec: Mapping[str, Any]
    spec_path: JsonPath
    # Init, app and ephemeral containers, in the order the admission library visits them.
    containers: tuple[Container, ...]
    # The pod's securityContext, and each container's ({} where unset); read by most checks,
    # so taken once per pod rather than once per check.
    security: Mapping[str, Any]
    contexts: tuple[tuple[Container, Mapping[str, Any]], ...]
    # The containers that set a securityContext (most checks look at no other): most set none.
    secured: tuple[tuple[Container, Mapping[str, Any]], ...]

    @classmethod
    def of(
        cls,
        meta: Mapping[str, Any],
        meta_path: JsonPath,
        spec: Mapping[str, Any],
        spec_path: JsonPath,
        containers: tuple[Container, ...],
    ) -> Pod:
        contexts = tuple([(c, security(c)) for c in containers])
        secured = tuple([pair for pair in contexts if pair[1]])
        security_context = mapping(spec.get("securityContext"))
        return cls(
            meta, meta_path, spec, spec_path, containers, security_context, contexts, secured
        )

    def at(self, *path: str | int) -> JsonPath:
        return (*self.spec_path, *path)

    @property
    def windows(self) -> bool:
        return bool(dig(self.spec, "os", "name") == "windows")

    @property
    def user_namespace(self) -> bool:
        """`hostUsers: false`: the pod runs in its own user namespace, which relaxes some checks
        from policy v1.35."""
        return self.spec.get("hostUsers") is False


class Violation(NamedTuple):
    """A failed check, worded as the admission controller words it, and the offending fields
    (the finding is reported at the first)."""

    reason: str
    detail: str
    paths: tuple[JsonPath, ...]

    def text(self) -> str:
        return f"{self.reason} ({self.detail})" if self.detail else self.reason


def plural(singular: str, many: str, count: int) -> str:
    return singular if count == 1 else many


def quoted(items: Iterable[str]) -> str:
    """`"a", "b"` (the library's joinQuote)."""
    listed = list(items)
    return '"' + '", "'.join(listed) + '"' if listed else ""


def containers_named(names: list[str]) -> str:
    """`container "a"` / `containers "a", "b"`."""
    return f"{plural('container', 'containers', len(names))} {quoted(names)}"


def security(container: Container) -> Mapping[str, Any]:
    return mapping(container.data.get("securityContext"))


def field_or_name(container: Container, *path: str) -> JsonPath:
    """The container's `securityContext.<path>` when it is set, else its name: where a finding
    about a field the container must set goes."""
    if dig(container.data, "securityContext", *path) is not None:
        return (*container.path, "securityContext", *path)
    return (*container.path, "name") if "name" in container.data else container.path


def text(value: Any) -> str:
    """A value as Go would print the string it unmarshals to."""
    if isinstance(value, bool):
        return str(value).lower()
    return "" if value is None else str(value)

"""Where a pod spec names a ConfigMap or a Secret: env, envFrom, volumes, projected volumes."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from kubelint.k8s.data import entries, mapping, text
from kubelint.k8s.workloads import containers, pod_spec

JsonPath = tuple[str | int, ...]
# (field, kind) of the references an `env[].valueFrom` and an `envFrom[]` entry may hold.
ENV_REFERENCES = (("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret"))
ENV_FROM_REFERENCES = (("configMapRef", "ConfigMap"), ("secretRef", "Secret"))


class ConfigReference(NamedTuple):
    """A ConfigMap or Secret a pod reads (a named tuple: made for every reference of every
    workload, a frozen dataclass takes twice as long to make)."""

    kind: str  # "ConfigMap" or "Secret"
    name: str
    keys: tuple[tuple[str, JsonPath], ...]  # the keys it needs, each with the path naming it
    optional: bool
    path: JsonPath  # the path of the field holding the name


def config_references(obj: Mapping[str, Any]) -> tuple[ConfigReference, ...]:
    """Every ConfigMap and Secret a workload's pods read."""
    out: list[ConfigReference] = []
    for container in containers(obj):
        data = container.data
        for i, env in entries(data.get("env")):
            if "valueFrom" not in env:
                continue  # most variables are plain values
            source = mapping(env["valueFrom"])
            for field, kind in ENV_REFERENCES:
                if field in source:
                    path = (*container.path, "env", i, "valueFrom", field)
                    _add_key(out, kind, mapping(source[field]), path)
        if "envFrom" in data:
            for i, env_from in entries(data["envFrom"]):
                for field, kind in ENV_FROM_REFERENCES:
                    if field in env_from:
                        path = (*container.path, "envFrom", i, field)
                        _add(out, kind, mapping(env_from[field]), path, "name")
    found = pod_spec(obj)
    if found is not None and "volumes" in found[1]:
        spec_path, spec = found
        for i, volume in entries(spec["volumes"]):
            at: JsonPath = (*spec_path, "volumes", i)
            sources = [(volume, at)]
            if "projected" in volume:
                sources += [
                    (source, (*at, "projected", "sources", j))
                    for j, source in entries(mapping(volume["projected"]).get("sources"))
                ]
            for source, path in sources:
                if "configMap" in source:
                    _add(
                        out, "ConfigMap", mapping(source["configMap"]), (*path, "configMap"), "name"
                    )
                if "secret" in source:
                    name_field = "secretName" if source is volume else "name"
                    _add(out, "Secret", mapping(source["secret"]), (*path, "secret"), name_field)
    return tuple(out)


def _add_key(out: list[ConfigReference], kind: str, ref: Mapping[str, Any], path: JsonPath) -> None:
    """Record a reference to one key (`configMapKeyRef`, `secretKeyRef`), even without a name
    (the API validation reports that)."""
    key = text(ref.get("key"))
    keys: tuple[tuple[str, JsonPath], ...] = ((key, (*path, "key")),) if key else ()
    name = text(ref.get("name"))
    out.append(
        ConfigReference(kind, name or "", keys, ref.get("optional") is True, (*path, "name"))
    )


def _add(
    out: list[ConfigReference],
    kind: str,
    ref: Mapping[str, Any],
    path: JsonPath,
    name_field: str,
) -> None:
    """Record a reference to a whole object or a volume's items: only with a name."""
    name = text(ref.get(name_field))
    if not name:
        return
    items = ref.get("items")
    keys: tuple[tuple[str, JsonPath], ...] = (
        tuple(
            (key, (*path, "items", i, "key"))
            for i, item in entries(items)
            if (key := text(item.get("key")))
        )
        if items is not None
        else ()
    )
    out.append(ConfigReference(kind, name, keys, ref.get("optional") is True, (*path, name_field)))


class Backend(NamedTuple):
    """A Service an Ingress sends traffic to."""

    name: str
    port: Any  # a number, a port name, or None
    path: JsonPath  # of the backend's service name
    port_path: JsonPath


def ingress_backends(obj: Mapping[str, Any]) -> Iterator[Backend]:
    """The Service backends of an Ingress: the default backend and every rule path's
    (`networking.k8s.io/v1`, and the `serviceName`/`servicePort` of the old beta APIs)."""
    spec = mapping(obj.get("spec"))
    found: list[tuple[Mapping[str, Any], JsonPath]] = []
    for field in ("defaultBackend", "backend"):
        if field in spec:
            found.append((mapping(spec[field]), ("spec", field)))
    for i, rule in entries(spec.get("rules")):
        for j, item in entries(mapping(rule.get("http")).get("paths")):
            at: JsonPath = ("spec", "rules", i, "http", "paths", j, "backend")
            found.append((mapping(item.get("backend")), at))
    for backend, path in found:
        service = mapping(backend.get("service"))
        if name := text(service.get("name")):
            port = mapping(service.get("port"))
            field = "number" if "number" in port else "name"
            yield Backend(
                name, port.get(field), (*path, "service", "name"), (*path, "service", "port", field)
            )
        elif name := text(backend.get("serviceName")):
            yield Backend(
                name, backend.get("servicePort"), (*path, "serviceName"), (*path, "servicePort")
            )

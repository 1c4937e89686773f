"""The built-in transformers of a Kustomization: namespace, name prefix and suffix, labels,
annotations, images and replicas, each over the fields its field specs name.

Each records in the object's trace the Kustomization node that set a field (`namespace:`,
an entry of `images:`…), so a finding on that field points there.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import partial
from typing import Any

from kubelint.kustomize.fieldspecs import Config, FieldSpec, JsonPath, visit
from kubelint.kustomize.model import BuildError, Gvk, Res
from kubelint.kustomize.trace import Site
from kubelint.yamlload import Document

_NO_PREFIX = (
    Gvk("", "", "CustomResourceDefinition"),
    Gvk("apiregistration.k8s.io", "", "APIService"),
    Gvk("", "", "Namespace"),
)
_BINDINGS = ("RoleBinding", "ClusterRoleBinding")


def _string(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return "" if value is None else str(value)


def namespace(objects: list[Res], config: Config, document: Document) -> None:
    value = document.data.get("namespace")
    if not isinstance(value, str) or not value:
        return
    site = Site(document, ("namespace",))
    specs = [s for s in config.of("namespace") if s.path != ("metadata", "namespace")]
    for obj in objects:
        obj.store_previous()
        gvk = obj.gvk
        set_value = partial(_set_namespace, obj, value, site)
        if not gvk.cluster_scoped:
            visit(
                obj.data,
                FieldSpec(Gvk("", "", ""), ("metadata", "namespace"), True),
                set_value,
                str,
            )
        for spec in specs:
            if spec.path == ("metadata", "name") and obj.data.get("apiVersion") != "v1":
                continue
            if gvk.kind in _BINDINGS and spec.path == ("subjects", "namespace"):
                continue
            visit(obj.data, spec, set_value, str)
        if gvk.kind in _BINDINGS and isinstance(obj.data.get("subjects"), list):
            for i, subject in enumerate(obj.data["subjects"]):
                if isinstance(subject, dict) and subject.get("name") == "default":
                    subject["namespace"] = value
                    obj.trace.set(("subjects", i, "namespace"), site)
    ids = [o.cur_id() for o in objects]
    for i, one in enumerate(ids):
        if any(one.equals(other) for other in ids[:i]):
            raise BuildError(
                f"namespace transformation produces ID conflict: {one}",
                document.source.name,
                ("namespace",),
            )


def _set_namespace(obj: Res, value: str, site: Site, node: Any, key: Any, path: JsonPath) -> None:
    if isinstance(node[key], Mapping | list):
        raise BuildError("namespace field specs must target scalar nodes")
    node[key] = value
    obj.trace.set(path, site)


def affix(objects: list[Res], config: Config, document: Document, key: str) -> None:
    """`namePrefix` (key) or `nameSuffix`: on the names (and other fields) its specs name."""
    value = document.data.get(key)
    if not isinstance(value, str) or not value:
        return
    prefix = key == "namePrefix"
    for obj in objects:
        org = obj.org_id()
        if any(org.gvk.selected_by(skip) for skip in _NO_PREFIX):
            continue
        for spec in config.of(key):
            if not org.gvk.selected_by(spec.gvk):
                continue
            if spec.path == ("metadata", "name"):
                (obj.prefixes if prefix else obj.suffixes).append(value)
                obj.store_previous()
            visit(obj.data, spec, partial(_set_affix, value, prefix))


def _set_affix(value: str, prefix: bool, node: Any, key: Any, path: JsonPath) -> None:
    node[key] = value + _string(node[key]) if prefix else _string(node[key]) + value


def labels(objects: list[Res], config: Config, document: Document) -> None:
    """`labels:` entries, then `commonLabels`."""
    data = document.data
    for i, entry in enumerate(data.get("labels") or ()):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("pairs"), Mapping):
            continue
        specs = [FieldSpec.parse(s) for s in entry.get("fields") or ()] + config.of("labels")
        if entry.get("includeSelectors"):
            specs += config.of("commonLabels")
        else:
            if entry.get("includeTemplates"):
                specs += config.of("templateLabels")
            if entry.get("includeVolumeClaimTemplates"):
                specs += config.of("volumeClaimTemplateLabels")
            specs.append(FieldSpec(Gvk("", "", ""), ("metadata", "labels"), True))
        _set_map(objects, _unique(specs), entry["pairs"], document, ("labels", i, "pairs"))
    common = data.get("commonLabels")
    if isinstance(common, Mapping):
        _set_map(objects, config.of("commonLabels"), common, document, ("commonLabels",))


def common_annotations(objects: list[Res], config: Config, document: Document) -> None:
    common = document.data.get("commonAnnotations")
    if isinstance(common, Mapping):
        _set_map(objects, config.of("commonAnnotations"), common, document, ("commonAnnotations",))


def _unique(specs: list[FieldSpec]) -> list[FieldSpec]:
    return list(dict.fromkeys(specs))


def _set_map(
    objects: list[Res],
    specs: list[FieldSpec],
    pairs: Mapping[Any, Any],
    document: Document,
    at: JsonPath,
) -> None:
    for obj in objects:
        for name, raw in sorted((str(k), v) for k, v in pairs.items()):
            set_value = partial(_set_entry, obj, name, _string(raw), Site(document, (*at, name)))
            for spec in specs:
                try:
                    visit(obj.data, spec, set_value, dict)
                except BuildError as exc:
                    raise BuildError(exc.message, at=exc.at or at) from None


def _set_entry(
    obj: Res, name: str, value: str, site: Site, node: Any, key: Any, path: JsonPath
) -> None:
    if not isinstance(node[key], dict):
        raise BuildError(f"expected a mapping at {'/'.join(map(str, path))} to set {name!r}")
    node[key][name] = value
    obj.trace.set((*path, name), site)


def images(objects: list[Res], config: Config, document: Document) -> None:
    for i, entry in enumerate(document.data.get("images") or ()):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str):
            continue
        site = Site(document, ("images", i))
        for obj in objects:
            if obj.gvk.kind == "CustomResourceDefinition":
                continue

            set_value = partial(_set_image, obj, entry, site)
            _containers(obj.data, (), set_value)
            for spec in config.of("images"):
                visit(obj.data, spec, set_value)


def _set_image(
    obj: Res, entry: Mapping[str, Any], site: Site, node: Any, key: Any, path: JsonPath
) -> None:
    new = _new_image(node[key], entry)
    if new is not None:
        node[key] = new
        obj.trace.set(path, site)


def _containers(node: Any, at: JsonPath, set_value: Any) -> None:
    """Every `containers` and `initContainers` list anywhere in the object: each item's image."""
    if isinstance(node, dict):
        for key, value in node.items():
            _containers(value, (*at, key), set_value)
            if key in ("containers", "initContainers") and isinstance(value, list):
                for j, item in enumerate(value):
                    if isinstance(item, dict) and "image" in item:
                        set_value(item, "image", (*at, key, j, "image"))
    elif isinstance(node, list):
        for j, item in enumerate(node):
            _containers(item, (*at, j), set_value)


def _new_image(value: Any, entry: Mapping[str, Any]) -> str | None:
    if not isinstance(value, str):
        return None
    pattern = (
        "^"
        + entry["name"]
        + r"(:[a-zA-Z0-9_.{}-]*)?(@[a-zA-Z0-9]+([.+_-][a-zA-Z0-9]+)*:[a-zA-Z0-9_.{}-]*)?$"
    )
    try:
        if not re.match(pattern, value):
            return None
    except re.error:
        return None
    name, tag, digest = split_image(value)
    new_name, new_tag = _string(entry.get("newName")), _string(entry.get("newTag"))
    new_digest, suffix = _string(entry.get("digest")), _string(entry.get("tagSuffix"))
    name = new_name or name
    if new_tag and new_digest:
        tag, digest = new_tag, new_digest
    elif new_tag:
        tag, digest = new_tag, ""
    elif new_digest:
        tag, digest = "", new_digest
    elif suffix:
        tag, digest = tag + suffix, ""
    return name + (f":{tag}" if tag else "") + (f"@{digest}" if digest else "")


def split_image(image: str) -> tuple[str, str, str]:
    """`registry:5000/app:1.2@sha256:…` → (name, tag, digest), kustomize's way."""
    slash = image.find("/")
    offset = slash if slash > 0 else 0
    search = image[offset:]
    at, colon = search.find("@"), search.find(":")
    if at < 0 and colon < 0:
        return image, "", ""
    if at >= 0 and (at < colon or colon < 0):
        return image[: offset + at], "", image[offset + at + 1 :]
    if at >= 0:
        return (
            image[: offset + colon],
            image[offset + colon + 1 : offset + at],
            image[offset + at + 1 :],
        )
    return image[: offset + colon], image[offset + colon + 1 :], ""


def replicas(objects: list[Res], config: Config, document: Document) -> None:
    for i, entry in enumerate(document.data.get("replicas") or ()):
        if not isinstance(entry, Mapping):
            continue
        name, count = entry.get("name"), entry.get("count")
        site = Site(document, ("replicas", i, "count"))
        found = False
        for spec in config.of("replicas"):
            for obj in objects:
                if not any(i.name == name and i.gvk.selected_by(spec.gvk) for i in obj.all_ids()):
                    continue
                found = True
                visit(obj.data, spec, partial(_set_count, obj, count, site), int)
        if not found:
            kinds = " ".join(str(s.gvk) for s in config.of("replicas"))
            raise BuildError(
                f"resource with name {name} does not match a config with the following GVK"
                f" [{kinds}]",
                document.source.name,
                ("replicas", i),
            )


def _set_count(obj: Res, count: Any, site: Site, node: Any, key: Any, path: JsonPath) -> None:
    node[key] = count
    obj.trace.set(path, site)

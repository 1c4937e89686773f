"""The schema store: file naming, lazy loading, compile-once caching, the rewritten definitions."""

from __future__ import annotations

import json

import pytest

from kubelint.k8s.deprecations import version_key
from kubelint.k8s.versions import supported_versions
from kubelint.schema.store import INT_OR_STRING, QUANTITY, SchemaStore, folder, schema_file

NEWEST = supported_versions()[-1]
# Every kind of these groups must load a schema: the kinds a team writes by hand.
GROUPS = {
    "apps/v1": ["ControllerRevision", "DaemonSet", "Deployment", "ReplicaSet", "StatefulSet"],
    "batch/v1": ["CronJob", "Job"],
    "v1": [
        "Binding", "ConfigMap", "Endpoints", "Event", "LimitRange", "Namespace", "Node",
        "PersistentVolume", "PersistentVolumeClaim", "Pod", "PodTemplate",
        "ReplicationController", "ResourceQuota", "Secret", "Service", "ServiceAccount",
    ],
    "networking.k8s.io/v1": ["Ingress", "IngressClass", "NetworkPolicy"],
    "policy/v1": ["Eviction", "PodDisruptionBudget"],
    "autoscaling/v2": ["HorizontalPodAutoscaler"],
    "rbac.authorization.k8s.io/v1": ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"],
    "storage.k8s.io/v1": [
        "CSIDriver", "CSINode", "CSIStorageCapacity", "StorageClass", "VolumeAttachment",
    ],
}  # fmt: skip
# Kinds of these groups that arrived after the oldest bundled version: (apiVersion, kind, since).
NEWER = [
    ("networking.k8s.io/v1", "IPAddress", "1.33"),
    ("networking.k8s.io/v1", "ServiceCIDR", "1.33"),
    ("storage.k8s.io/v1", "VolumeAttributesClass", "1.34"),
]
META = {"APIGroup", "APIVersions", "ComponentStatus", "DeleteOptions", "Status", "WatchEvent"}
KINDS = [(api_version, kind) for api_version, kinds in GROUPS.items() for kind in kinds]
CASES = [(v, a, k) for v in supported_versions() for a, k in KINDS] + [
    (v, a, k)
    for a, k, since in NEWER
    for v in supported_versions()
    if version_key(v) >= version_key(since)
]


@pytest.mark.parametrize(("version", "api_version", "kind"), CASES)
def test_every_kind_of_the_common_groups_loads_a_schema(
    version: str, api_version: str, kind: str
) -> None:
    store = SchemaStore()
    schema = store.builtin(version, True, api_version, kind)
    assert schema is not None
    minimal = {"apiVersion": api_version, "kind": kind, "metadata": {"name": "x"}}
    assert not schema.validator.is_valid({**minimal, "notAField": 1})


def test_the_common_groups_are_listed_completely() -> None:
    listed = set(KINDS) | {(a, k) for a, k, _ in NEWER}
    shipped = set()
    for path in folder(NEWEST, True).glob("*.json"):
        if path.name.startswith("_") or path.name == "all.json":
            continue
        for gvk in json.loads(path.read_bytes()).get("x-kubernetes-group-version-kind") or []:
            group, version, kind = gvk["group"], gvk["version"], gvk["kind"]
            api_version = f"{group}/{version}" if group else version
            if api_version in GROUPS and not kind.endswith("List") and kind not in META:
                shipped.add((api_version, kind))
    assert shipped == listed


def test_schema_file_names() -> None:
    assert schema_file("apps/v1", "Deployment") == "deployment-apps-v1.json"
    assert schema_file("v1", "Service") == "service-v1.json"
    assert schema_file("networking.k8s.io/v1", "Ingress") == "ingress-networking-v1.json"
    assert (
        schema_file("internal.apiserver.k8s.io/v1alpha1", "StorageVersion")
        == "storageversion-apiserverinternal-v1alpha1.json"
    )
    assert schema_file("../../etc/v1", "Passwd") is None
    assert schema_file("v1", "../x") is None


def test_a_file_that_declares_another_kind_is_no_schema() -> None:
    store = SchemaStore()
    # container-v1.json exists, but a Container is no object of the API.
    assert (folder(NEWEST, True) / "container-v1.json").is_file()
    assert store.builtin(NEWEST, True, "v1", "Container") is None
    assert store.builtin(NEWEST, True, "v1", "deployment") is None
    assert store.builtin(NEWEST, True, "example.com/v1", "Backup") is None


def test_compiled_once_per_version_strictness_and_kind() -> None:
    store = SchemaStore()
    first = store.builtin(NEWEST, True, "apps/v1", "Deployment")
    assert store.builtin(NEWEST, True, "apps/v1", "Deployment") is first
    relaxed = store.builtin(NEWEST, False, "apps/v1", "Deployment")
    assert relaxed is not None
    assert relaxed is not first
    data = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"}, "x": 1}
    data["spec"] = {"selector": {}, "template": {}}
    assert first is not None
    assert not first.validator.is_valid(data)
    assert relaxed.validator.is_valid(data)


def test_stores_are_independent() -> None:
    one, two = SchemaStore(), SchemaStore()
    assert one.builtin(NEWEST, True, "v1", "Pod") is not two.builtin(NEWEST, True, "v1", "Pod")


def test_quantity_and_int_or_string_are_rewritten() -> None:
    defs = SchemaStore().definitions(NEWEST)
    assert defs[QUANTITY]["type"] == ["string", "number", "null"]
    assert "pattern" in defs[QUANTITY]
    assert defs[INT_OR_STRING]["type"] == ["integer", "string", "null"]
    original = json.loads((folder(NEWEST, True) / "_definitions.json").read_bytes())
    assert "oneOf" in original["$defs"][QUANTITY]


@pytest.mark.parametrize(
    ("replicas", "valid"),
    [(2**31 - 1, True), (2**31, False), (-(2**31), True), (-(2**31) - 1, False)],
)
def test_int32_fields_are_bounded(replicas: int, valid: bool) -> None:
    defs = SchemaStore().definitions(NEWEST)
    spec = defs["io.k8s.api.apps.v1.DeploymentSpec"]["properties"]["replicas"]
    assert (spec["minimum"], spec["maximum"]) == (-(2**31), 2**31 - 1)
    schema = SchemaStore().builtin(NEWEST, False, "apps/v1", "Deployment")
    assert schema is not None
    data = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"}}
    data["spec"] = {"replicas": replicas, "selector": {}, "template": {}}
    assert schema.validator.is_valid(data) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [("500m", True), ("1Gi", True), ("1.5e3", True), (2, True), (0.5, True), (None, True),
     ("10GB", False), ("1gi", False), ("1.5.0", False), ("", False), ([1], False)],
)  # fmt: skip
def test_quantities_validate_like_the_api_server(value: object, valid: bool) -> None:
    schema = SchemaStore().builtin(NEWEST, True, "v1", "ResourceQuota")
    assert schema is not None
    data = {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "q"}}
    data["spec"] = {"hard": {"cpu": value}}
    assert schema.validator.is_valid(data) is valid


def test_similar_kinds() -> None:
    store = SchemaStore()
    assert store.similar(NEWEST, "service") == [("v1", "Service")]
    assert store.similar(NEWEST, "Deploymnet") == [("apps/v1", "Deployment")]
    assert store.similar(NEWEST, "Backup") == []


def test_loading_reads_only_what_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    import pathlib

    read: list[str] = []
    original = pathlib.Path.read_bytes

    def spy(self: pathlib.Path) -> bytes:
        read.append(self.name)
        return original(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", spy)
    store = SchemaStore()
    store.builtin(NEWEST, True, "apps/v1", "Deployment")
    store.builtin(NEWEST, True, "apps/v1", "Deployment")
    store.builtin(NEWEST, True, "v1", "Service")
    assert sorted(read) == ["_definitions.json", "deployment-apps-v1.json", "service-v1.json"]

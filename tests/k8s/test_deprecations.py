"""The deprecation table agrees with the bundled schemas of every supported version."""

from __future__ import annotations

import pytest

from kubelint.k8s.deprecations import KUBERNETES, Deprecation, table, version_key
from kubelint.k8s.versions import supported_versions
from kubelint.schema.store import SchemaStore

VERSIONS = supported_versions()
STORE = SchemaStore()


def _served(version: str, api_version: str, kind: str) -> bool:
    return STORE.document(version, api_version, kind) is not None


KUBERNETES_ENTRIES = [e for e in table().values() if e.component == KUBERNETES]


@pytest.mark.parametrize("entry", KUBERNETES_ENTRIES, ids=lambda e: f"{e.api_version}-{e.kind}")
def test_removed_apis_are_not_served_from_their_removal_on(entry: Deprecation) -> None:
    for version in VERSIONS:
        if version_key(version) >= version_key(entry.removed):
            assert not _served(version, entry.api_version, entry.kind), version
    before = [v for v in VERSIONS if version_key(v) < version_key(entry.removed)]
    if before:  # the release before the removal still serves it
        assert _served(before[-1], entry.api_version, entry.kind), before[-1]
    assert entry.replacements or entry.note
    newest = VERSIONS[-1]
    if entry.replacements:  # the first replacement is the newest, still served today
        assert _served(newest, entry.replacements[0], entry.kind)


def test_deprecated_comes_before_removed() -> None:
    for entry in table().values():
        if entry.deprecated is not None:
            assert version_key(entry.deprecated) < version_key(entry.removed)


def test_version_key_orders_numerically() -> None:
    assert version_key("1.9") < version_key("1.16") < version_key("1.25")


def test_removed_and_deprecated_in() -> None:
    entry = table()[("autoscaling/v2beta2", "HorizontalPodAutoscaler")]
    assert entry.deprecated_in("1.25")
    assert not entry.removed_in("1.25")
    assert entry.removed_in("1.26")
    assert table()[("extensions/v1beta1", "Ingress")].replacements == ("networking.k8s.io/v1",)


def test_pluto_list_is_covered() -> None:
    """Removals of pluto's list without a bundled schema are in the table (a sample per group)."""
    for key in [
        ("scheduling.k8s.io/v1alpha1", "PriorityClass"),
        ("rbac.authorization.k8s.io/v1alpha1", "ClusterRoleBinding"),
        ("rbac.authorization.k8s.io/v1beta1", "RoleBindingList"),
        ("apps/v1beta1", "ReplicaSet"),
        ("batch/v1beta1", "CronJobList"),
        ("cert-manager.io/v1alpha2", "Certificate"),
        ("authentication.istio.io/v1alpha1", "Policy"),
    ]:
        assert key in table(), key


def test_add_on_apis_are_removed_whatever_the_kubernetes_version() -> None:
    entry = table()[("cert-manager.io/v1alpha3", "Issuer")]
    assert entry.component == "cert-manager"
    assert entry.removed_in(VERSIONS[0])
    assert entry.removed_in(VERSIONS[-1])

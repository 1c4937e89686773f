"""The object index: look-ups by name, by label selector, and per-object derived data."""

from __future__ import annotations

from typing import Any

from kubelint.k8s.workloads import containers
from kubelint.objects import ObjectIndex, Resource, expand
from kubelint.yamlload import load

MANIFESTS = b"""
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  template:
    metadata: {labels: {app: web, tier: front}}
    spec: {containers: [{name: web, image: web:1}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: prod}
spec:
  template:
    metadata: {labels: {app: api, tier: front}}
    spec: {containers: [{name: api, image: api:1}]}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api, namespace: prod}
spec:
  scaleTargetRef: {kind: Deployment, name: api}
  minReplicas: 4
  maxReplicas: 9
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv}
"""


def _index() -> ObjectIndex:
    resources: list[Resource] = []
    for document in load("m.yaml", MANIFESTS).documents:
        resources.extend(expand(document, "default")[0])
    return ObjectIndex(resources)


def _names(found: list[Resource]) -> list[Any]:
    return [r.ref.name for r in found]


def test_get_by_kind_namespace_and_name() -> None:
    index = _index()
    assert index.get("Deployment", "default", "web") is not None
    assert index.get("Deployment", "default", "api") is None
    assert index.get("PersistentVolume", None, "pv") is not None


def test_selection_stays_in_its_namespace() -> None:
    index = _index()
    assert _names(index.selected_by_map("default", {"tier": "front"})) == ["web"]
    assert _names(index.selected_by_map("prod", {"tier": "front", "app": "api"})) == ["api"]
    assert index.selected_by_map("default", {}) == []
    expressions = {"matchExpressions": [{"key": "app", "operator": "In", "values": ["api", "x"]}]}
    assert _names(index.selected("prod", expressions)) == ["api"]
    assert _names(index.selected("default", {})) == ["web"]


def test_autoscaler_sets_the_fewest_replicas() -> None:
    index = _index()
    web, api = index.of_kind("Deployment")
    assert index.autoscaler(api) is not None
    assert index.least_replicas(api) == 4
    assert index.least_replicas(web) == 3


def test_derived_data_is_computed_once() -> None:
    web = _index().of_kind("Deployment")[0]
    assert web.derived(containers) is web.derived(containers)


def test_expand_gives_a_lists_items_and_what_is_no_object() -> None:
    text = b"""
apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}
- just text
---
[a, b]
---
apiVersion: v1
kind: ConfigList
items: {not: a list}
"""
    found = [expand(d, "default", skip_foreign=False) for d in load("m.yaml", text).documents]
    (items, wrong), (none, listed), (one, fine) = found
    assert [(r.path, r.ref.name) for r in items] == [(("items", 0), "a")]
    assert [(p.line, m) for p, m in wrong] == [
        (6, "expected a Kubernetes object (a mapping), found the string 'just text'")
    ]
    assert none == []
    assert [m for _, m in listed] == ["expected a Kubernetes object (a mapping), found a list"]
    assert [(r.path, r.kind) for r in one] == [((), "ConfigList")]
    assert fine == []

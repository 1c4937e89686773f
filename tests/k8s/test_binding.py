"""The binding plan follows the persistent-volume controller's choices."""

from __future__ import annotations

import json
from typing import Any

from kubelint.k8s.binding import (
    MAX_ORDINALS,
    Binding,
    claim_from,
    class_from,
    plan,
    run_claims,
    statefulset_claims,
    volume_from,
)
from kubelint.objects import Resource, expand
from kubelint.yamlload import load


def _pv(name: str, size: str, modes: list[str], cls: str | None = None, **spec: Any) -> Any:
    body: dict[str, Any] = {"capacity": {"storage": size}, "accessModes": modes, **spec}
    if cls is not None:
        body["storageClassName"] = cls
    return volume_from({"metadata": {"name": name, "labels": {"disk": name}}, "spec": body})


def _pvc(name: str, size: str, modes: list[str], cls: str | None = None, **spec: Any) -> Any:
    body: dict[str, Any] = {"resources": {"requests": {"storage": size}}, "accessModes": modes}
    body.update(spec)
    if cls is not None:
        body["storageClassName"] = cls
    return claim_from({"metadata": {"name": name}, "spec": body}, "default")


def _bound(bindings: list[Binding]) -> list[str | None]:
    return [b.volume.name if b.volume else None for b in bindings]


RWO, RWX = ["ReadWriteOnce"], ["ReadWriteMany"]


def test_smallest_volume_that_fits_wins() -> None:
    volumes = [_pv("big", "100Gi", RWO), _pv("small", "10Gi", RWO), _pv("tiny", "1Gi", RWO)]
    assert _bound(plan([_pvc("c", "5Gi", RWO)], volumes, [])) == ["small"]


def test_fewest_access_modes_win_before_capacity() -> None:
    volumes = [_pv("multi", "5Gi", ["ReadWriteOnce", "ReadWriteMany"]), _pv("one", "50Gi", RWO)]
    assert _bound(plan([_pvc("c", "5Gi", RWO)], volumes, [])) == ["one"]


def test_each_volume_binds_once_in_input_order() -> None:
    claims = [_pvc("a", "1Gi", RWO), _pvc("b", "1Gi", RWO)]
    result = plan(claims, [_pv("pv", "1Gi", RWO)], [])
    assert _bound(result) == ["pv", None]
    assert (
        result[1].problems[-1].message
        == "no storageClassName, and no default StorageClass in the input"
    )


def test_prebinding_is_settled_first() -> None:
    claims = [_pvc("a", "1Gi", RWO), _pvc("b", "1Gi", RWO, volumeName="pv")]
    assert _bound(plan(claims, [_pv("pv", "1Gi", RWO)], [])) == [None, "pv"]
    reserved = _pv("pv", "1Gi", RWO, claimRef={"namespace": "default", "name": "b"})
    claims = [_pvc("a", "1Gi", RWO), _pvc("b", "1Gi", RWO)]
    assert _bound(plan(claims, [reserved], [])) == [None, "pv"]


def test_closest_volume_of_the_class_explains() -> None:
    result = plan([_pvc("c", "5Gi", RWX, "manual")], [_pv("pv-1", "10Gi", RWO, "manual")], [])
    assert (
        result[0].problems[0].message == 'PV "pv-1" offers ReadWriteOnce, claim asks ReadWriteMany'
    )
    assert result[0].problems[0].field == ("spec", "accessModes")


def test_default_class_provisions_unset_claims_only() -> None:
    default = class_from(
        {
            "metadata": {
                "name": "std",
                "annotations": {"storageclass.kubernetes.io/is-default-class": "true"},
            },
            "provisioner": "ebs.csi.aws.com",
        }
    )
    unset, empty = _pvc("a", "1Gi", RWO), _pvc("b", "1Gi", RWO, "")
    result = plan([unset, empty], [], [default])
    assert result[0].provisioned_by == default
    assert result[1].pending


def test_selector_filters_and_prevents_provisioning() -> None:
    claim = _pvc("c", "1Gi", RWO, "manual", selector={"matchLabels": {"disk": "b"}})
    volumes = [_pv("a", "1Gi", RWO, "manual"), _pv("b", "2Gi", RWO, "manual")]
    assert _bound(plan([claim], volumes, [])) == ["b"]
    assert plan([claim], volumes[:1], [])[0].problems[-1].field == ("spec", "selector")


def test_unknown_cluster_classes_are_assumed() -> None:
    result = plan([_pvc("c", "1Gi", RWO, "gp3")], [_pv("pv", "1Gi", RWO, "manual")], [])
    assert result[0].assumed
    assert not result[0].pending
    assert "left to the cluster" in result[0].describe()


def _statefulset(replicas: object, *templates: str) -> Resource:
    data = {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": {"name": "web", "namespace": "shop"},
        "spec": {
            "replicas": replicas,
            "volumeClaimTemplates": [
                {
                    "metadata": {"name": name},
                    "spec": {
                        "accessModes": RWO,
                        "resources": {"requests": {"storage": "1Gi"}},
                    },
                }
                for name in templates
            ],
        },
    }
    document = load("sts.yaml", json.dumps(data).encode()).documents[0]
    return expand(document, "default")[0][0]


def test_statefulset_claims_are_named_per_template_and_replica() -> None:
    claims = list(statefulset_claims(_statefulset(2, "data", "logs")))
    assert [(c.claim.key, c.path, c.ordinal) for c in claims] == [
        ("shop/data-web-0", ("spec", "volumeClaimTemplates", 0), 0),
        ("shop/logs-web-0", ("spec", "volumeClaimTemplates", 1), 0),
        ("shop/data-web-1", ("spec", "volumeClaimTemplates", 0), 1),
        ("shop/logs-web-1", ("spec", "volumeClaimTemplates", 1), 1),
    ]
    assert claims[0].claim.access_modes == ("ReadWriteOnce",)


def test_statefulset_replicas_default_to_one_and_are_bounded() -> None:
    assert len(list(statefulset_claims(_statefulset("three", "data")))) == 1
    assert len(list(statefulset_claims(_statefulset(0, "data")))) == 0
    assert len(list(statefulset_claims(_statefulset(10**9, "data")))) == MAX_ORDINALS


def test_run_claims_plan_the_claim_objects_before_the_templates() -> None:
    statefulset = _statefulset(1, "data")
    claims = run_claims([], [statefulset])
    volume = _pv("pv", "1Gi", RWO)
    assert _bound(plan([c.claim for c in claims], [volume], [])) == ["pv"]


def test_a_claim_of_the_input_stands_for_the_replica_claim_of_its_name() -> None:
    pvc = {"kind": "PersistentVolumeClaim", "metadata": {"name": "data-web-0", "namespace": "shop"}}
    (claim,), _ = expand(load("pvc.yaml", json.dumps(pvc).encode()).documents[0], "default")
    claims = run_claims([claim], [_statefulset(2, "data")])
    assert [(c.claim.key, c.ordinal) for c in claims] == [
        ("shop/data-web-0", None),
        ("shop/data-web-1", 1),
    ]


def test_classes_the_input_lacks_are_doubtful_while_the_cluster_is_unknown() -> None:
    shipped = class_from({"metadata": {"name": "fast"}, "provisioner": "ebs.csi.aws.com"})
    claims = [_pvc("a", "1Gi", RWO, "gp3"), _pvc("b", "1Gi", RWO)]
    result = plan(claims, [], [shipped])
    assert [(b.doubtful, b.pending) for b in result] == [(True, False), (True, False)]
    assert result[0].describe() == (
        'stays Pending unless the cluster provides it: StorageClass "gp3" is not in the input'
    )
    known = plan(claims, [], [shipped], classes_known=True)
    assert [(b.doubtful, b.pending) for b in known] == [(False, True), (False, True)]

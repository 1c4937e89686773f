"""VolumeBinding and VolumeZone through the pipeline: claims, volumes, classes → nodes."""

from __future__ import annotations

from kubelint.schedule.cluster import Cluster
from kubelint.schedule.report import verdicts
from kubelint.schedule.run import simulate

from .helpers import node, resources

ZONE = "topology.kubernetes.io/zone"
NODES = [
    node("a1", labels={ZONE: "a"}),
    node("b1", labels={ZONE: "b"}),
]
POD = """
---
apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  containers: [{name: c}]
  volumes: [{name: v, persistentVolumeClaim: {claimName: data}}]
"""
CLAIM = """
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  storageClassName: %s
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
"""
LOCAL_PV = """
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: local-b, labels: {topology.kubernetes.io/zone: %s}}
spec:
  storageClassName: local
  capacity: {storage: 10Gi}
  accessModes: [ReadWriteOnce]
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [b1]}]
"""
LOCAL_CLASS = """
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: local}
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
"""


def place(text: str, version: str | None = None) -> tuple[str | None, str | None]:
    cluster = Cluster(list(NODES), [], "test")
    result = simulate(resources(text), cluster, "default", kube_version=version)
    (placement,) = result.placements
    return placement.node, placement.reason


def test_claim_bound_to_a_local_volume_pins_the_pod() -> None:
    assert place(CLAIM % "local" + LOCAL_PV % "b" + LOCAL_CLASS + POD) == ("b1", None)


def test_volume_zone_conflict() -> None:
    prebound = CLAIM % "local" + "  volumeName: local-b\n"
    node, reason = place(prebound + LOCAL_PV % "c" + LOCAL_CLASS + POD)
    assert node is None
    assert reason == (
        "0/2 nodes are available: 1 node(s) had no available volume zone, "
        "1 node(s) had volume node affinity conflict. "
        "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling."
    )


def test_zone_labels_of_a_volume_bound_only_at_scheduling_are_not_checked() -> None:
    # VolumeZone looks at bound claims only; VolumeBinding checks the node affinity alone
    assert place(CLAIM % "local" + LOCAL_PV % "c" + LOCAL_CLASS + POD) == ("b1", None)


def test_wait_for_first_consumer_claim_with_nothing_to_bind() -> None:
    node, reason = place(CLAIM % "local" + LOCAL_CLASS + POD)
    assert node is None
    assert reason == (
        "0/2 nodes are available: 2 node(s) didn't find available persistent volumes to bind. "
        "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling."
    )


def test_immediate_claim_that_stays_unbound_fails_before_any_node() -> None:
    nothing = """
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: manual}
provisioner: kubernetes.io/no-provisioner
"""
    node, reason = place(CLAIM % "manual" + nothing + POD, "1.33")
    assert node is None
    assert (
        reason == "0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. "
        "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling."
    )
    # From 1.34, DynamicResources' PostFilter finds no state of its PreFilter (VolumeBinding's
    # rejected the pod first) and errs with "not found", which ends the message; preemption
    # is not tried (kube's events read so: `…PersistentVolumeClaims. not found`)
    node, reason = place(CLAIM % "manual" + nothing + POD)
    assert (node, reason) == (
        None,
        "0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. not found",
    )


def test_explaining_a_pod_with_an_unbound_immediate_claim() -> None:
    nothing = (
        "\n---\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: manual}\n"
        "provisioner: kubernetes.io/no-provisioner\n"
    )
    cluster = Cluster(list(NODES), [], "test")
    result = simulate(
        resources(CLAIM % "manual" + nothing + POD), cluster, "default", explain="app"
    )
    (placement,) = result.placements
    assert placement.hint is not None
    assert placement.hint.startswith("its PersistentVolumeClaims bind no volume usable there")
    rows = verdicts(result, result.explained[1]) if result.explained else []
    assert [(row["filter"], row["reasons"]) for row in rows] == [
        ("VolumeBinding", ["pod has unbound immediate PersistentVolumeClaims"])
    ] * 2


def test_provisioned_claim_and_claims_outside_the_input_ask_nothing() -> None:
    provisioned = """
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: fast}
provisioner: ebs.csi.aws.com
"""
    assert place(CLAIM % "fast" + provisioned + POD)[0] == "a1"
    assert place(POD)[0] == "a1"


STATEFULSET = """
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: c}]}
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      storageClassName: local
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
"""


def test_statefulset_claim_templates_bind_volumes() -> None:
    assert place(STATEFULSET + LOCAL_PV % "b" + LOCAL_CLASS) == ("b1", None)


def test_a_statefulset_adopts_the_claim_of_its_name_in_the_input() -> None:
    """`data-db-0` exists: the StatefulSet controller uses it rather than make another, so the
    one volume is not asked for twice (as `lint --explain-storage` plans it)."""
    existing = (CLAIM % "local").replace("name: data}", "name: data-db-0}")
    assert place(STATEFULSET + "---\n" + existing + LOCAL_PV % "b" + LOCAL_CLASS) == ("b1", None)


def test_a_node_without_zone_labels_passes_volume_zone() -> None:
    zoned_pv = """
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: zoned, labels: {topology.kubernetes.io/zone: c}}
spec:
  storageClassName: manual
  capacity: {storage: 10Gi}
  accessModes: [ReadWriteOnce]
"""
    text = CLAIM % "manual" + zoned_pv + POD
    cluster = Cluster([node("zoneless"), *NODES], [], "test")
    (placement,) = simulate(resources(text), cluster, "default").placements
    assert placement.node == "zoneless"


PROVISIONING_CLASS = """
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: local}
provisioner: example.com/csi
volumeBindingMode: WaitForFirstConsumer
"""


def test_a_class_provisions_only_in_its_allowed_topologies() -> None:
    allowed = f"allowedTopologies: [{{matchLabelExpressions: [{{key: {ZONE}, values: [b]}}]}}]\n"
    assert place(CLAIM % "local" + PROVISIONING_CLASS + allowed + POD) == ("b1", None)
    nowhere = allowed.replace("[b]", "[c]")
    node, reason = place(CLAIM % "local" + PROVISIONING_CLASS + nowhere + POD)
    assert node is None
    assert reason is not None
    assert reason.startswith(
        "0/2 nodes are available: 2 node(s) didn't find available persistent volumes to bind."
    )


def test_a_node_without_a_fitting_volume_can_still_have_one_provisioned() -> None:
    # the claim fits the local volume of b1, and its class provisions one anywhere else
    assert place(CLAIM % "local" + LOCAL_PV % "b" + PROVISIONING_CLASS + POD) == ("a1", None)

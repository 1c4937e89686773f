"""kube-scheduler's NodeVolumeLimits tests, translated (`nodevolumelimits/csi_test.go`,
TestCSILimits, with its fixtures: claims `csi-<driver>-<n>` bound to volumes of that driver —
in-tree EBS volumes for `kubernetes.io/aws-ebs`, hostPath ones for `kubernetes.io/hostpath` —,
`csi-4` pending in class `csi-sc`, `csi-5` of no class, `csi-6` bound to a missing volume; the
node's CSINode gives each driver the limit, and lists the migrated plugins).

Not translated: the cases that count VolumeAttachment objects (a cluster file holds none), and
those of a claim missing from the API (one the input lacks may exist in the cluster).
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from kubelint.errors import InputError
from kubelint.schedule.cluster import Cluster, Node, load_cluster, with_csi_node
from kubelint.schedule.pods import Pod
from kubelint.schedule.run import simulate
from kubelint.schedule.volumes import plan_volumes

from .helpers import make_pod, node, resources, verdicts

EXCEEDED = "node(s) exceed max volume count"
EBS = "ebs.csi.aws.com"
GCE = "pd.csi.storage.gke.io"
EBS_IN_TREE = "kubernetes.io/aws-ebs"
HOSTPATH = "kubernetes.io/hostpath"
NODE = "node-for-max-pd-test-1"


def fixtures(drivers: list[str]) -> list[dict[str, Any]]:
    """Upstream's volumes, claims and class for these drivers (the class provisions with the
    first)."""
    out: list[dict[str, Any]] = []
    for driver in drivers:
        for n in range(4):
            name = f"csi-{driver}-{n}"
            if driver == EBS_IN_TREE:
                source: dict[str, Any] = {"awsElasticBlockStore": {"volumeID": name}}
            elif driver == HOSTPATH:
                source = {"hostPath": {"path": "/tmp"}}
            else:
                source = {"csi": {"driver": driver, "volumeHandle": name}}
            out.append(
                {
                    "apiVersion": "v1",
                    "kind": "PersistentVolume",
                    "metadata": {"name": name},
                    "spec": source,
                }
            )
            out.append(claim(name, volumeName=name))
    out += [
        claim("csi-4", storageClassName="csi-sc"),
        claim("csi-5"),
        claim("csi-6", storageClassName="csi-sc", volumeName="missing-in-action"),
        {
            "apiVersion": "storage.k8s.io/v1",
            "kind": "StorageClass",
            "metadata": {"name": "csi-sc"},
            "provisioner": drivers[0],
        },
    ]
    return out


def claim(name: str, **spec: str) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "PersistentVolumeClaim",
        "metadata": {"name": name},
        "spec": spec,
    }


def limited(drivers: list[str], limit: int | None, migrated: bool) -> Node:
    """The node, and its CSINode: each driver with `limit` (None: none reported)."""
    entries = [
        {"name": d, **({"allocatable": {"count": limit}} if limit is not None else {})}
        for d in drivers
    ]
    metadata: dict[str, Any] = {"name": NODE}
    if migrated:
        metadata["annotations"] = {"storage.alpha.kubernetes.io/migrated-plugins": EBS_IN_TREE}
    return with_csi_node(node(NODE), {"metadata": metadata, "spec": {"drivers": entries}})


def claims(name: str, *names: str) -> Pod:
    volumes = [
        {"name": f"v{i}", "persistentVolumeClaim": {"claimName": c}} for i, c in enumerate(names)
    ]
    return make_pod({"volumes": volumes}, name)


def inline_ebs(name: str, volume_id: str) -> Pod:
    return make_pod(
        {"volumes": [{"name": "v", "awsElasticBlockStore": {"volumeID": volume_id}}]}, name
    )


PODS = {
    "running": lambda n: claims(n, f"csi-{EBS}-3"),
    "pending": lambda n: claims(n, "csi-4"),
    "unbound2": lambda n: claims(n, "csi-4"),
    "missingPV": lambda n: claims(n, "csi-6"),
    "noSC": lambda n: claims(n, "csi-5"),
    "gceTwo": lambda n: claims(n, f"csi-{GCE}-1", f"csi-{GCE}-2"),
    "inTreeOne": lambda n: claims(n, f"csi-{EBS_IN_TREE}-0"),
    "inTreeTwo": lambda n: claims(n, f"csi-{EBS_IN_TREE}-1", f"csi-{EBS_IN_TREE}-2"),
    "ebsOne": lambda n: claims(n, f"csi-{EBS}-0"),
    "ebsTwo": lambda n: claims(n, f"csi-{EBS}-1", f"csi-{EBS}-2"),
    "hostpathOne": lambda n: claims(n, f"csi-{HOSTPATH}-0"),
    "inline": lambda n: inline_ebs(n, "aws-inline1"),
    "inlineSameID": lambda n: inline_ebs(n, f"csi-{EBS}-1"),
}

# (name, new pod, existing pods, drivers, limit (None: not reported; "none": no CSINode),
#  migration enabled, fails)
CSI_LIMITS: list[tuple[str, str, list[str], list[str], Any, bool, bool]] = [
    (
        "fits when node volume limit >= new pods CSI volume",
        "ebsOne",
        ["running", "ebsTwo"],
        [EBS],
        4,
        False,
        False,
    ),
    (
        "doesn't when node volume limit <= pods CSI volume",
        "ebsOne",
        ["running", "ebsTwo"],
        [EBS],
        2,
        False,
        True,
    ),
    (
        "should when driver does not support volume limits",
        "ebsOne",
        ["running", "ebsTwo"],
        [EBS],
        None,
        False,
        False,
    ),
    (
        "count pending PVCs towards volume limit <= pods CSI volume",
        "ebsOne",
        ["pending", "ebsTwo"],
        [EBS],
        2,
        False,
        True,
    ),
    (
        "count multiple pending pvcs towards volume limit >= pods CSI volume",
        "ebsOne",
        ["pending", "unbound2", "ebsTwo"],
        [EBS],
        4,
        False,
        False,
    ),
    (
        "should count PVCs with invalid PV name but valid SC",
        "ebsOne",
        ["missingPV", "ebsTwo"],
        [EBS],
        2,
        False,
        True,
    ),
    (
        "don't count pvcs with missing SC towards volume limit",
        "ebsOne",
        ["running", "noSC"],
        [EBS],
        2,
        False,
        False,
    ),
    (
        "count pvcs with the same type towards volume limit",
        "ebsOne",
        ["gceTwo", "ebsTwo"],
        [EBS, GCE],
        2,
        False,
        True,
    ),
    (
        "don't count pvcs with different type towards volume limit",
        "gceTwo",
        ["ebsTwo", "running"],
        [EBS, GCE],
        2,
        False,
        False,
    ),
    (
        "should count in-tree volumes if migration is enabled",
        "inTreeOne",
        ["inTreeTwo"],
        [EBS_IN_TREE, EBS],
        2,
        True,
        True,
    ),
    ("nil csi node", "inline", ["inTreeTwo"], [EBS_IN_TREE, EBS], "none", True, False),
    (
        "should count unbound in-tree volumes if migration is enabled",
        "pending",
        ["inTreeTwo"],
        [EBS_IN_TREE, EBS],
        2,
        True,
        True,
    ),
    (
        "should not limit pod if volume used does not report limits",
        "inTreeOne",
        ["inTreeTwo"],
        [EBS_IN_TREE, EBS],
        None,
        True,
        False,
    ),
    (
        "should not count non-migratable in-tree volumes",
        "hostpathOne",
        ["ebsTwo"],
        [HOSTPATH, EBS],
        2,
        True,
        False,
    ),
    (
        "should count in-tree inline volumes if migration is enabled",
        "inline",
        ["inTreeTwo"],
        [EBS_IN_TREE, EBS],
        2,
        True,
        True,
    ),
    (
        "should count in-tree and csi volumes if migration is enabled (when scheduling in-tree volumes)",
        "inTreeOne",
        ["ebsTwo"],
        [EBS_IN_TREE, EBS],
        2,
        True,
        True,
    ),
    (
        "should count in-tree, inline and csi volumes if migration is enabled (when scheduling in-tree volumes)",
        "inline",
        ["ebsTwo", "inTreeOne"],
        [EBS_IN_TREE, EBS],
        3,
        True,
        True,
    ),
    (
        "should not count in-tree, inline and csi volumes if migration is enabled (when scheduling in-tree volumes)",
        "inlineSameID",
        ["ebsTwo", "inTreeOne"],
        [EBS_IN_TREE, EBS],
        3,
        True,
        False,
    ),
    (
        "in-tree volumes are not counted where the plugin is not migrated",
        "inTreeOne",
        ["inTreeTwo"],
        [EBS_IN_TREE, EBS],
        2,
        False,
        False,
    ),
]


@pytest.mark.parametrize(
    ("new", "existing", "drivers", "limit", "migrated", "fails"),
    [pytest.param(*case[1:], id=case[0]) for case in CSI_LIMITS],
)
def test_csi_limits(
    new: str, existing: list[str], drivers: list[str], limit: Any, migrated: bool, fails: bool
) -> None:
    host = node(NODE) if limit == "none" else limited(drivers, limit, migrated)
    incoming = PODS[new]("new")
    placed = [PODS[name](f"existing-{i}") for i, name in enumerate(existing)]
    needs = plan_volumes(resources(yaml.safe_dump_all(fixtures(drivers))), [incoming, *placed])
    found = verdicts([host], [(NODE, p) for p in placed], incoming, needs)
    assert found == {NODE: EXCEEDED if fails else None}


CLUSTER = """
apiVersion: v1
kind: Node
metadata: {name: n1}
status: {allocatable: {cpu: "4", memory: 8Gi, pods: "110"}}
---
apiVersion: storage.k8s.io/v1
kind: CSINode
metadata:
  name: %s
  annotations: {storage.alpha.kubernetes.io/migrated-plugins: "kubernetes.io/aws-ebs,kubernetes.io/gce-pd"}
spec:
  drivers:
  - {name: ebs.csi.aws.com, nodeID: i-1, allocatable: {count: 25}}
  - {name: efs.csi.aws.com, nodeID: i-1}
"""


def test_a_cluster_file_carries_csi_nodes() -> None:
    (found,) = load_cluster("c.yaml", (CLUSTER % "n1").encode(), "default").nodes
    assert found.volume_limits == {EBS: 25}
    assert found.migrated == {EBS_IN_TREE, "kubernetes.io/gce-pd"}


def test_a_csi_node_of_no_node_is_an_error() -> None:
    with pytest.raises(InputError, match=r"c.yaml:10:9: CSINode of no node in the file"):
        load_cluster("c.yaml", (CLUSTER % "n2").encode(), "default")


def test_node_allocatable_attach_limits_count_too() -> None:
    host = node("n", **{"attachable-volumes-csi-ebs.csi.aws.com": "1"})
    incoming, other = claims("new", f"csi-{EBS}-0"), claims("other", f"csi-{EBS}-1")
    needs = plan_volumes(resources(yaml.safe_dump_all(fixtures([EBS]))), [incoming, other])
    assert verdicts([host], [("n", other)], incoming, needs) == {"n": EXCEEDED}


def test_a_statefulsets_claims_count_against_the_limit() -> None:
    text = """
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: gp3}
provisioner: ebs.csi.aws.com
volumeBindingMode: WaitForFirstConsumer
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: c, image: postgres}]}
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {storageClassName: gp3, accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
"""
    host = with_csi_node(
        node("n1"), {"spec": {"drivers": [{"name": EBS, "allocatable": {"count": 1}}]}}
    )
    result = simulate(resources(text), Cluster([host], [], "test"), "default")
    assert [(p.pod.name, p.node) for p in result.placements] == [("db-0", "n1"), ("db-1", None)]
    assert result.placements[1].reason is not None
    assert result.placements[1].reason.startswith(f"0/1 nodes are available: 1 {EXCEEDED}.")


def test_volumes_of_running_pods_count() -> None:
    cluster = f"""
apiVersion: v1
kind: Node
metadata: {{name: n1}}
status: {{allocatable: {{cpu: "4", memory: 8Gi, pods: "110"}}}}
---
apiVersion: storage.k8s.io/v1
kind: CSINode
metadata:
  name: n1
  annotations: {{storage.alpha.kubernetes.io/migrated-plugins: {EBS_IN_TREE}}}
spec: {{drivers: [{{name: {EBS}, allocatable: {{count: 1}}}}]}}
---
apiVersion: v1
kind: Pod
metadata: {{name: old}}
spec:
  nodeName: n1
  containers: [{{name: c}}]
  volumes: [{{name: v, awsElasticBlockStore: {{volumeID: vol-1}}}}]
"""
    text = "apiVersion: v1\nkind: Pod\nmetadata: {name: new}\nspec:\n  containers: [{name: c}]\n"
    text += "  volumes: [{name: v, awsElasticBlockStore: {volumeID: vol-2}}]\n"
    loaded = load_cluster("c.yaml", cluster.encode(), "default")
    (placement,) = simulate(resources(text), loaded, "default").placements
    assert placement.node is None
    assert placement.reason is not None
    assert EXCEEDED in placement.reason

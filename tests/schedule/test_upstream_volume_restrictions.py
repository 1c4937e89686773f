"""kube-scheduler's VolumeRestrictions tests, translated
(`volumerestrictions/volume_restrictions_test.go`: TestGCEDiskConflicts, TestAWSDiskConflicts,
TestRBDDiskConflicts, TestISCSIDiskConflicts, TestAccessModeConflicts): the pod to place, the
pods on the node, and the node's verdict. Not translated: a claim missing from the API
(`persistentvolumeclaim "…" not found`): one the input lacks may exist in the cluster."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from kubelint.schedule.pods import Pod
from kubelint.schedule.volumes import plan_volumes

from .helpers import make_pod, node, resources, verdicts

DISK = "node(s) had no available disk"
RWOP = (
    "node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode"
)

GCE = {"gcePersistentDisk": {"pdName": "foo"}}
GCE_2 = {"gcePersistentDisk": {"pdName": "bar"}}
AWS = {"awsElasticBlockStore": {"volumeID": "foo"}}
AWS_2 = {"awsElasticBlockStore": {"volumeID": "bar"}}
RBD = {"rbd": {"monitors": ["a", "b"], "pool": "foo", "image": "bar", "fsType": "ext4"}}
RBD_2 = {"rbd": {"monitors": ["c", "d"], "pool": "foo", "image": "bar", "fsType": "ext4"}}
PORTAL = "127.0.0.1:3260"
ISCSI = {"iscsi": {"targetPortal": PORTAL, "iqn": "iqn.2016-12.server:storage.target01", "lun": 0}}
ISCSI_2 = {
    "iscsi": {"targetPortal": PORTAL, "iqn": "iqn.2017-12.server:storage.target01", "lun": 0}
}


def with_volume(source: dict[str, Any] | None, name: str = "p") -> Pod:
    volumes = [{"name": "v", **source}] if source is not None else []
    return make_pod({"volumes": volumes}, name)


def disk_cases(kind: str, state: Any, other: Any) -> list[Any]:
    return [
        pytest.param(None, None, None, id=f"{kind}: nothing"),
        pytest.param(None, state, None, id=f"{kind}: one state"),
        pytest.param(state, state, DISK, id=f"{kind}: same state"),
        pytest.param(other, state, None, id=f"{kind}: different state"),
    ]


@pytest.mark.parametrize(
    ("incoming", "existing", "expected"),
    [
        *disk_cases("GCE", GCE, GCE_2),
        pytest.param(
            {"emptyDir": {}}, None, None, id="GCE: pod with a volume that doesn't have restrictions"
        ),
        *disk_cases("AWS", AWS, AWS_2),
        *disk_cases("RBD", RBD, RBD_2),
        *disk_cases("ISCSI", ISCSI, ISCSI_2),
        # the plugin's rule: GCE PDs, iSCSI targets and RBD images may be shared read-only
        pytest.param(
            {"gcePersistentDisk": {"pdName": "foo", "readOnly": True}},
            {"gcePersistentDisk": {"pdName": "foo", "readOnly": True}},
            None,
            id="GCE: both read-only",
        ),
        pytest.param(
            {"awsElasticBlockStore": {"volumeID": "foo", "readOnly": True}},
            {"awsElasticBlockStore": {"volumeID": "foo", "readOnly": True}},
            DISK,
            id="AWS: read-only still conflicts",
        ),
    ],
)
def test_disk_conflicts(incoming: Any, existing: Any, expected: str | None) -> None:
    placed = [("node", with_volume(existing, "existing"))] if existing is not None else []
    assert verdicts([node("node")], placed, with_volume(incoming)) == {"node": expected}


def claim(name: str, mode: str) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "PersistentVolumeClaim",
        "metadata": {"name": name},
        "spec": {"accessModes": [mode], "resources": {"requests": {"storage": "1Gi"}}},
    }


CLAIMS = [
    claim("claim-with-rwop-1", "ReadWriteOncePod"),
    claim("claim-with-rwop-2", "ReadWriteOncePod"),
    claim("claim-with-rwx", "ReadWriteMany"),
]


def using(name: str, *claims: str) -> Pod:
    volumes = [
        {"name": f"v{i}", "persistentVolumeClaim": {"claimName": c}} for i, c in enumerate(claims)
    ]
    return make_pod({"volumes": volumes}, name)


ACCESS_MODES = [
    ("nothing", (), [], None),
    (
        "no access mode conflict",
        ("claim-with-rwop-1",),
        [("pod-with-rwx", ("claim-with-rwx",))],
        None,
    ),
    (
        "access mode conflict, unschedulable",
        ("claim-with-rwop-1",),
        [("pod-with-one-pvc", ("claim-with-rwop-1",)), ("pod-with-rwx", ("claim-with-rwx",))],
        RWOP,
    ),
    (
        "two conflicts, unschedulable",
        ("claim-with-rwop-1", "claim-with-rwop-2"),
        [
            ("pod-with-two-pvcs", ("claim-with-rwop-1", "claim-with-rwop-2")),
            ("pod-with-rwx", ("claim-with-rwx",)),
        ],
        RWOP,
    ),
]


@pytest.mark.parametrize(
    ("claims", "existing", "expected"),
    [pytest.param(c, e, x, id=n) for n, c, e, x in ACCESS_MODES],
)
def test_access_mode_conflicts(
    claims: tuple[str, ...], existing: list[tuple[str, tuple[str, ...]]], expected: str | None
) -> None:
    incoming = using("pod", *claims)
    needs = plan_volumes(resources(yaml.safe_dump_all(CLAIMS)), [incoming])
    placed = [("node-1", using(name, *held)) for name, held in existing]
    assert verdicts([node("node-1")], placed, incoming, needs) == {"node-1": expected}


def test_a_read_write_once_pod_claim_in_use_anywhere_rules_out_every_node() -> None:
    incoming = using("pod", "claim-with-rwop-1")
    needs = plan_volumes(resources(yaml.safe_dump_all(CLAIMS)), [incoming])
    placed = [("node-1", using("holder", "claim-with-rwop-1"))]
    found = verdicts([node("node-1"), node("node-2")], placed, incoming, needs)
    assert found == {"node-1": RWOP, "node-2": RWOP}

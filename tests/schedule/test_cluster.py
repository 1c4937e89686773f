"""Cluster files, the default cluster and `--nodes` specs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kubelint.bundled import load_schema
from kubelint.errors import InputError
from kubelint.k8s.quantity import QUANTITY_PATTERN
from kubelint.schedule.cluster import (
    CONTROL_PLANE,
    HOSTNAME,
    default_cluster,
    load_cluster,
    nodes_from_spec,
)
from tests.conftest import ROOT

NODES = """apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Node
  metadata:
    name: n1
    labels: {topology.kubernetes.io/zone: a}
  spec:
    unschedulable: true
    taints:
    - {key: gpu, value: "true", effect: NoSchedule}
  status:
    capacity: {cpu: "8", memory: 32Gi}
    allocatable: {cpu: 7500m, memory: 30Gi, pods: "50", nvidia.com/gpu: "2"}
    images:
    - names: [nginx:1.27, docker.io/library/nginx:1.27]
      sizeBytes: 50000000
- apiVersion: v1
  kind: Node
  metadata: {name: n2}
  status:
    capacity: {cpu: 4, memory: 16Gi}
---
apiVersion: v1
kind: Pod
metadata: {name: running, namespace: kube-system}
spec:
  nodeName: n2
  containers: [{name: c, resources: {requests: {cpu: 500m}}}]
"""


def test_cluster_file_nodes_and_running_pods() -> None:
    cluster = load_cluster("c.yaml", NODES.encode(), "default")
    n1, n2 = cluster.nodes
    assert n1.allocatable == {"cpu": 7500, "memory": 30 * 2**30, "pods": 50, "nvidia.com/gpu": 2}
    assert n1.unschedulable
    assert [str(t) for t in n1.taints] == ["gpu=true:NoSchedule"]
    assert n1.images == {"nginx:1.27": 50000000, "docker.io/library/nginx:1.27": 50000000}
    assert n1.labels[HOSTNAME] == "n1"
    assert n2.allocatable == {
        "cpu": 4000,
        "memory": 16 * 2**30,
        "pods": 110,
    }  # capacity, default pods
    assert [p.ref.name for p in cluster.running] == ["running"]
    assert cluster.description == "c.yaml (2 nodes)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "kind: Node\nmetadata: {name: n}\nstatus:\n  allocatable: {cpu: lots}\n",
            r"c.yaml:4:22: status.allocatable.cpu: 'lots' is not a quantity",
        ),
        (
            "kind: Node\nmetadata: {name: n}\nspec:\n  taints:\n  - {key: a, value: b}\n",
            r"c.yaml:5:5: spec.taints\[0\]: 'effect' is a required property",
        ),
        (
            "kind: Deployment\nmetadata: {name: n}\n",
            r"c.yaml:1:7: kind: 'Deployment' cannot be in a cluster file: "
            "expected kind Node, Pod or CSINode",
        ),
        (
            "kind: Node\nmetadata: {labels: {a: b}}\n",
            r"c.yaml:2:1: metadata: 'name' is a required property",
        ),
        (
            "kind: Node\nmetadata: {name: n, labels: {zone: 1}}\n",
            r"c.yaml:2:36: metadata.labels.zone: 1 is not of type 'string'",
        ),
        (
            "kind: Pod\nmetadata: {name: p}\nspec: {containers: []}\n",
            r"c.yaml:3:1: spec: 'nodeName' is a required property",
        ),
        (
            "kind: Node\nmetadata: {name: n}\n---\nkind: Pod\nmetadata: {name: p}\n"
            "spec: {nodeName: m, containers: []}\n",
            r"c.yaml:6:18: spec.nodeName: no node 'm' in the file",
        ),
        (
            "kind: Node\nmetadata: {name: n}\n---\nkind: Node\nmetadata: {name: n}\n",
            r"c.yaml:5:18: node 'n' is listed twice",
        ),
        ("kind: Pod\nmetadata: {name: p}\nspec: {nodeName: m, containers: []}\n", r"holds no Node"),
        ("kind: Node\nmetadata: {name: [\n", r"c.yaml:\d+:\d+: "),
        ("- a\n- b\n", r"c.yaml:1:1: expected a Kubernetes object"),
    ],
)
def test_invalid_cluster_files(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        load_cluster("c.yaml", text.encode(), "default")


def test_schema_quantity_pattern_is_the_parser_grammar() -> None:
    schema = load_schema("cluster.schema.json")
    assert schema["$defs"]["quantity"]["pattern"] == QUANTITY_PATTERN


def test_default_cluster() -> None:
    cluster = default_cluster()
    assert [n.name for n in cluster.nodes] == ["control-plane", "worker-1", "worker-2"]
    control = cluster.nodes[0]
    assert [t.key for t in control.taints] == [CONTROL_PLANE]
    assert {n.labels["topology.kubernetes.io/zone"] for n in cluster.nodes} == {"zone-a", "zone-b"}
    assert "built-in default" in cluster.description


def test_nodes_spec() -> None:
    cluster = nodes_from_spec(["2x4cpu,16Gi", "8,32Gi,20"])
    assert [n.allocatable["cpu"] for n in cluster.nodes] == [4000, 4000, 8000]
    assert cluster.nodes[2].allocatable["pods"] == 20
    assert cluster.nodes[2].labels["topology.kubernetes.io/zone"] == "zone-c"
    with pytest.raises(InputError, match="expected COUNTxCPU,MEMORY"):
        nodes_from_spec(["lots"])
    with pytest.raises(InputError, match="quantity"):
        nodes_from_spec(["2xmany,16Gi"])


def test_a_valid_cluster_file_is_checked_by_the_compiled_validator_alone(tmp_path: Path) -> None:
    """The interpreted validator (jsonschema), whose messages kubelint prints, is loaded only
    to explain an object the compiled one rejects."""
    program = (
        "import sys\n"
        "from kubelint.schedule.cluster import load_cluster\n"
        "raw = b'kind: Node\\nmetadata: {name: a}\\nstatus: {allocatable: {cpu: 500m}}\\n'\n"
        "assert len(load_cluster('c.yaml', raw, 'default').nodes) == 1\n"
        "print('jsonschema' in sys.modules)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert run.stdout.strip() == "False"

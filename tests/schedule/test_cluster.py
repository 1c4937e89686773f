"""Cluster files, the default cluster and `--nodes` specs."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kubelint import yamlpieces
from kubelint.bundled import load_schema
from kubelint.errors import InputError
from kubelint.k8s.quantity import QUANTITY_PATTERN
from kubelint.limits import DEFAULT_LIMITS
from kubelint.schedule import cluster
from kubelint.schedule.cluster import (
    CONTROL_PLANE,
    HOSTNAME,
    ZONE,
    _read_json,
    begin_cluster,
    default_cluster,
    load_cluster,
    nodes_from_spec,
)
from kubelint.yamlload import load
from kubelint.yamlpieces import PIECES_BYTES
from tests.conftest import ROOT, kubelint, write

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
            "expected kind Node, Pod, CSINode, ResourceSlice, DeviceClass or ResourceClaim",
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


def test_a_json_cluster_file_reads_as_its_yaml_twin() -> None:
    documents = list(yaml.safe_load_all(NODES))
    nodes = documents[0]
    as_json = load_cluster("c.json", json.dumps(nodes, indent=4).encode(), "default")
    as_yaml = load_cluster("c.yaml", yaml.safe_dump(nodes).encode(), "default")
    assert as_json.nodes == as_yaml.nodes
    assert as_json.description == "c.json (2 nodes)"


JSON_NODE = '{\n  "kind": "Node",\n  "metadata": {"name": "n", "labels": %s},\n  "status": %s\n}\n'


@pytest.mark.parametrize(
    ("labels", "status", "message"),
    [
        ("{}", '{"allocatable": {"cpu": "lots"}}', r"c.json:4:37: status.allocatable.cpu: 'lots'"),
        ('{"a": "b", "a": "c"}', "{}", r"c.json:3:\d+: duplicate key \"a\""),
        ("{}", "[" * 150 + "]" * 150, r"max-depth"),
    ],
)
def test_a_json_cluster_file_fails_as_yaml_would(labels: str, status: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        load_cluster("c.json", (JSON_NODE % (labels, status)).encode(), "default")


@pytest.mark.parametrize(
    "value",
    [
        "1e3",
        "1.5E3",
        "-0.5",
        "12",
        "1e999",
        '"x\\u0085y"',
        '"caf\u00e9"',
        '"x\u2028"',
        "true",
        "null",
    ],
)
def test_json_is_read_as_yaml_reads_it(value: str) -> None:
    raw = (JSON_NODE % (f'{{"size": {value}}}', "{}")).encode()
    loaded = _read_json("c.json", raw, DEFAULT_LIMITS)
    assert loaded is not None
    assert loaded.documents[0].data == load("c.json", raw).documents[0].data


@pytest.mark.parametrize(
    "value", ["NaN", "-Infinity", '"\\ud83d\\ude00"', '"\x7f"', '"\x85"', '{"a": 1, "a": 2}']
)
def test_json_that_yaml_reads_otherwise_is_read_as_yaml(value: str) -> None:
    raw = (JSON_NODE % (f'{{"size": {value}}}', "{}")).encode()
    assert _read_json("c.json", raw, DEFAULT_LIMITS) is None


@functools.cache
def _large_cluster_file(count: int) -> str:
    """`kubectl get nodes -o yaml` of `count` Nodes, over a megabyte: parsed in pieces."""
    items = [
        {
            "apiVersion": "v1",
            "kind": "Node",
            "metadata": {"name": f"node-{i}", "labels": {ZONE: f"zone-{i % 3}"}},
            "spec": {"taints": [{"key": "k", "effect": "NoSchedule"}]} if i % 5 == 0 else {},
            "status": {
                "allocatable": {"cpu": f"{4 + i % 8}", "memory": "16Gi", "pods": "110"},
                "images": [{"names": [f"registry.example/image-{j}:1"]} for j in range(6)],
            },
        }
        for i in range(count)
    ]
    data = {"apiVersion": "v1", "items": items, "kind": "List"}
    return yaml.dump(data, Dumper=yaml.CSafeDumper)


def test_a_large_yaml_cluster_file_reads_in_pieces_as_it_reads_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    raw = _large_cluster_file(2100).encode()
    assert len(raw) > PIECES_BYTES
    whole = load_cluster("c.yaml", raw, "default")
    monkeypatch.setattr(cluster, "load", None)  # not parsed whole again
    in_pieces = load_cluster("c.yaml", raw, "default")
    assert in_pieces.nodes == whole.nodes
    assert len(in_pieces.nodes) == 2100
    assert in_pieces.description == "c.yaml (2100 nodes)"


def test_a_mistake_in_a_large_yaml_cluster_file_names_its_line() -> None:
    text = _large_cluster_file(2100).replace("name: node-2099\n", "name: node-7\n")
    line = text[: text.index("name: node-7\n", text.index("node-2098"))].count("\n") + 1
    with pytest.raises(InputError, match=rf"^c.yaml:{line}:\d+: node 'node-7' is listed twice"):
        load_cluster("c.yaml", text.encode(), "default")


def test_a_large_yaml_cluster_file_begun_is_parsed_by_workers_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "c.yaml", _large_cluster_file(2100))
    whole = load_cluster("c.yaml", path.read_bytes(), "default")
    monkeypatch.setattr(cluster, "load", None)  # not parsed whole again
    parsed_here: list[object] = []  # what this process parses (a forked worker's list is its own)
    parse = yamlpieces.parse
    monkeypatch.setattr(yamlpieces, "parse", lambda *given: parsed_here.append(1) or parse(*given))
    cluster_of = begin_cluster(str(path), [], "default")  # every piece has a worker
    begun = cluster_of()
    assert parsed_here == []
    assert begun.nodes == whole.nodes
    assert begun.description == f"{path} (2100 nodes)"


def test_a_mistake_in_a_large_cluster_file_is_reported_before_the_workloads(
    tmp_path: Path,
) -> None:
    text = _large_cluster_file(2100).replace("name: node-2099\n", "name: node-7\n")
    write(tmp_path, "c.yaml", text)
    write(tmp_path, "w.yaml", "kind: [\n")  # a syntax error too
    run = kubelint("schedule", "w.yaml", "--cluster", "c.yaml")
    assert run.exit_code == 2
    assert "node 'node-7' is listed twice" in run.stderr
    assert "w.yaml" not in run.stderr

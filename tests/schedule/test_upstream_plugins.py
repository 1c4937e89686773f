"""kube-scheduler's plugin tests, translated: the cases of
`pkg/scheduler/framework/plugins/{nodeports,tainttoleration,nodeaffinity,podtopologyspread,
interpodaffinity,noderesources}/*_test.go`, each with its nodes, the pods already on them and
the pod to place; every node's verdict (None: it passes every filter, else the reason the
first failing filter gives) must be upstream's."""

from __future__ import annotations

from typing import Any

import pytest

from kubelint.schedule.pods import Pod

from .helpers import make_pod, node, verdicts

PORTS = "node(s) didn't have free ports for the requested pod ports"
AFFINITY = "node(s) didn't match Pod's node affinity/selector"
SPREAD = "node(s) didn't match pod topology spread constraints"
SPREAD_LABEL = "node(s) didn't match pod topology spread constraints (missing required label)"
POD_AFFINITY = "node(s) didn't match pod affinity rules"
POD_ANTI = "node(s) didn't match pod anti-affinity rules"
EXISTING_ANTI = "node(s) didn't satisfy existing pods anti-affinity rules"


def ports(*entries: str) -> list[dict[str, Any]]:
    """Container ports from `PROTOCOL/HOSTIP/PORT` (hostIP may be empty)."""
    out = []
    for entry in entries:
        protocol, host_ip, port = entry.split("/")
        found: dict[str, Any] = {"containerPort": int(port), "hostPort": int(port)}
        found["protocol"] = protocol
        if host_ip:
            found["hostIP"] = host_ip
        out.append(found)
    return out


def with_ports(*entries: str) -> dict[str, Any]:
    return {"containers": [{"name": "c", "image": "i", "ports": ports(*entries)}]}


# (name, incoming pod spec, existing pod spec on the node, expected reason)
NODE_PORTS = [
    ("nothing running", with_ports("TCP//8080"), None, None),
    ("other port", with_ports("UDP/127.0.0.1/8080"), with_ports("UDP/127.0.0.1/9090"), None),
    ("same udp port", with_ports("UDP/127.0.0.1/8080"), with_ports("UDP/127.0.0.1/8080"), PORTS),
    ("same tcp port", with_ports("TCP/127.0.0.1/8080"), with_ports("TCP/127.0.0.1/8080"), PORTS),
    ("different host ip", with_ports("TCP/127.0.0.1/8080"), with_ports("TCP/127.0.0.2/8080"), None),
    (
        "different protocol",
        with_ports("UDP/127.0.0.1/8080"),
        with_ports("TCP/127.0.0.1/8080"),
        None,
    ),
    (
        "second udp port conflict",
        with_ports("TCP/127.0.0.1/8000", "UDP/127.0.0.1/8080"),
        with_ports("UDP/127.0.0.1/8080"),
        PORTS,
    ),
    (
        "first tcp port conflict",
        with_ports("TCP/127.0.0.1/8001", "UDP/127.0.0.1/8080"),
        with_ports("TCP/127.0.0.1/8001", "UDP/127.0.0.1/8081"),
        PORTS,
    ),
    (
        "first tcp port conflict due to 0.0.0.0 hostIP",
        with_ports("TCP/0.0.0.0/8001"),
        with_ports("TCP/127.0.0.1/8001"),
        PORTS,
    ),
    (
        "TCP hostPort conflict due to 0.0.0.0 hostIP",
        with_ports("TCP/10.0.10.10/8001", "TCP/0.0.0.0/8001"),
        with_ports("TCP/0.0.0.0/8001"),
        PORTS,
    ),
    (
        "second tcp port conflict to 0.0.0.0 hostIP",
        with_ports("TCP/10.0.10.10/8001", "TCP/0.0.0.0/8001"),
        with_ports("TCP/127.0.0.1/8001"),
        PORTS,
    ),
    (
        "second different protocol",
        with_ports("UDP/0.0.0.0/8001"),
        with_ports("TCP/127.0.0.1/8001"),
        None,
    ),
    (
        "UDP hostPort conflict due to 0.0.0.0 hostIP",
        with_ports("UDP/0.0.0.0/8001"),
        with_ports("UDP/127.0.0.1/8001", "TCP/127.0.0.1/8001"),
        PORTS,
    ),
    (
        "hostPort conflict with a sidecar init container of the pod in place",
        with_ports("TCP//8080"),
        {
            "initContainers": [
                {"name": "s", "image": "i", "restartPolicy": "Always", "ports": ports("TCP//8080")}
            ]
        },
        PORTS,
    ),
    (
        "hostPort of the incoming pod's sidecar init container conflicts",
        {
            "initContainers": [
                {"name": "s", "image": "i", "restartPolicy": "Always", "ports": ports("TCP//8080")}
            ]
        },
        with_ports("TCP//8080"),
        PORTS,
    ),
    (
        "a regular init container's hostPort is not held",
        with_ports("TCP//8080"),
        {"initContainers": [{"name": "s", "image": "i", "ports": ports("TCP//8080")}]},
        None,
    ),
]


@pytest.mark.parametrize(
    ("incoming", "existing", "expected"),
    [pytest.param(i, e, x, id=n) for n, i, e, x in NODE_PORTS],
)
def test_node_ports(incoming: Any, existing: Any, expected: str | None) -> None:
    placed = [("node", make_pod(existing, "existing"))] if existing is not None else []
    assert verdicts([node("node")], placed, make_pod(incoming)) == {"node": expected}


def taint(key: str, value: str, effect: str) -> dict[str, str]:
    return {"key": key, "value": value, "effect": effect}


TAINTS = [
    (
        "A pod having no tolerations can't be scheduled onto a node with nonempty taints",
        [],
        [taint("dedicated", "user1", "NoSchedule")],
        "node(s) had untolerated taint {dedicated: user1}",
    ),
    (
        "A pod which can be scheduled on a dedicated node assigned to user1 with effect NoSchedule",
        [{"key": "dedicated", "value": "user1", "effect": "NoSchedule"}],
        [taint("dedicated", "user1", "NoSchedule")],
        None,
    ),
    (
        "A pod which can't be scheduled on a dedicated node assigned to user2 with effect "
        "NoSchedule",
        [{"key": "dedicated", "operator": "Equal", "value": "user2", "effect": "NoSchedule"}],
        [taint("dedicated", "user1", "NoSchedule")],
        "node(s) had untolerated taint {dedicated: user1}",
    ),
    (
        "A pod can be scheduled onto the node, with a toleration uses operator Exists that "
        "tolerates the taints on the node",
        [{"key": "foo", "operator": "Exists", "effect": "NoSchedule"}],
        [taint("foo", "bar", "NoSchedule")],
        None,
    ),
    (
        "A pod has multiple tolerations, node has multiple taints, all the taints are tolerated",
        [
            {"key": "dedicated", "operator": "Equal", "value": "user2", "effect": "NoSchedule"},
            {"key": "foo", "operator": "Exists", "effect": "NoSchedule"},
        ],
        [taint("dedicated", "user2", "NoSchedule"), taint("foo", "bar", "NoSchedule")],
        None,
    ),
    (
        "A pod has a toleration that keys and values match the taint on the node, but (non-empty)"
        " effect doesn't match, can't be scheduled onto the node",
        [{"key": "foo", "operator": "Equal", "value": "bar", "effect": "PreferNoSchedule"}],
        [taint("foo", "bar", "NoSchedule")],
        "node(s) had untolerated taint {foo: bar}",
    ),
    (
        "The pod has a toleration that keys and values match the taint on the node, the effect "
        "of toleration is empty, and the effect of taint is NoSchedule. Pod can be scheduled",
        [{"key": "foo", "operator": "Equal", "value": "bar"}],
        [taint("foo", "bar", "NoSchedule")],
        None,
    ),
    (
        "The pod has a toleration that key and value don't match the taint on the node, but the "
        "effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node",
        [{"key": "dedicated", "operator": "Equal", "value": "user2", "effect": "NoSchedule"}],
        [taint("dedicated", "user1", "PreferNoSchedule")],
        None,
    ),
    (
        "The pod has no toleration, but the effect of taint on node is PreferNoSchedule. Pod "
        "can be scheduled onto the node",
        [],
        [taint("dedicated", "user1", "PreferNoSchedule")],
        None,
    ),
    (
        "A NoExecute taint is tolerated by an Exists toleration without a key",
        [{"operator": "Exists"}],
        [taint("dedicated", "user1", "NoExecute")],
        None,
    ),
    (
        "A NoExecute taint filters a pod that does not tolerate it",
        [],
        [taint("dedicated", "user1", "NoExecute")],
        "node(s) had untolerated taint {dedicated: user1}",
    ),
]


@pytest.mark.parametrize(
    ("tolerations", "taints", "expected"),
    [pytest.param(t, n, x, id=name) for name, t, n, x in TAINTS],
)
def test_taint_toleration(tolerations: Any, taints: Any, expected: str | None) -> None:
    incoming = make_pod({"tolerations": tolerations})
    assert verdicts([node("node", taints=taints)], [], incoming) == {"node": expected}


def required(*terms: dict[str, Any]) -> dict[str, Any]:
    hard = {"nodeSelectorTerms": list(terms)}
    return {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": hard}}}


def expr(key: str, operator: str, *values: str) -> dict[str, Any]:
    found: dict[str, Any] = {"key": key, "operator": operator}
    if values:
        found["values"] = list(values)
    return found


NODE_AFFINITY = [
    ("no selector", {}, {}, None),
    ("missing labels", {"nodeSelector": {"foo": "bar"}}, {}, AFFINITY),
    ("same labels", {"nodeSelector": {"foo": "bar"}}, {"foo": "bar"}, None),
    (
        "node labels are superset",
        {"nodeSelector": {"foo": "bar"}},
        {"foo": "bar", "baz": "blah"},
        None,
    ),
    (
        "node labels are subset",
        {"nodeSelector": {"foo": "bar", "baz": "blah"}},
        {"foo": "bar"},
        AFFINITY,
    ),
    (
        "Pod with matchExpressions using In operator that matches the existing node",
        required({"matchExpressions": [expr("foo", "In", "bar", "value2")]}),
        {"foo": "bar"},
        None,
    ),
    (
        "Pod with matchExpressions using Gt operator that matches the existing node",
        required({"matchExpressions": [expr("kernel-version", "Gt", "0204")]}),
        {"kernel-version": "0206"},
        None,
    ),
    (
        "Pod with matchExpressions using NotIn operator that matches the existing node",
        required({"matchExpressions": [expr("mem-type", "NotIn", "DDR", "DDR2")]}),
        {"mem-type": "DDR3"},
        None,
    ),
    (
        "Pod with matchExpressions using Exists operator that matches the existing node",
        required({"matchExpressions": [expr("GPU", "Exists")]}),
        {"GPU": "NVIDIA-GRID-K1"},
        None,
    ),
    (
        "Pod with affinity that don't match node's labels won't schedule onto the node",
        required({"matchExpressions": [expr("foo", "In", "value1", "value2")]}),
        {"foo": "bar"},
        AFFINITY,
    ),
    (
        "Pod with empty MatchExpressions is not a valid value will match no objects and won't "
        "schedule onto the node",
        required({"matchExpressions": []}),
        {"foo": "bar"},
        AFFINITY,
    ),
    ("Pod with no Affinity will schedule onto a node", {}, {"foo": "bar"}, None),
    (
        "Pod with Affinity but nil NodeSelector will schedule onto a node",
        {"affinity": {"nodeAffinity": {}}},
        {"foo": "bar"},
        None,
    ),
    (
        "Pod with multiple matchExpressions ANDed that matches the existing node",
        required(
            {"matchExpressions": [expr("GPU", "Exists"), expr("GPU", "NotIn", "AMD", "INTER")]}
        ),
        {"GPU": "NVIDIA-GRID-K1"},
        None,
    ),
    (
        "Pod with multiple matchExpressions ANDed that doesn't match the existing node",
        required({"matchExpressions": [expr("GPU", "Exists"), expr("GPU", "In", "AMD", "INTER")]}),
        {"GPU": "NVIDIA-GRID-K1"},
        AFFINITY,
    ),
    (
        "Pod with multiple NodeSelectorTerms ORed in affinity, matches the node's labels and will "
        "schedule onto the node",
        required(
            {"matchExpressions": [expr("foo", "In", "bar", "value2")]},
            {"matchExpressions": [expr("diffkey", "In", "wrong", "value2")]},
        ),
        {"foo": "bar"},
        None,
    ),
    (
        "Pod with an Affinity and a PodSpec.NodeSelector(the old thing that we are deprecating) "
        "both are satisfied, will schedule onto the node",
        {"nodeSelector": {"foo": "bar"}, **required({"matchExpressions": [expr("foo", "Exists")]})},
        {"foo": "bar"},
        None,
    ),
    (
        "Pod with an Affinity matches node's labels but the PodSpec.NodeSelector(the old thing "
        "that we are deprecating) is not satisfied, won't schedule onto the node",
        {"nodeSelector": {"foo": "bar"}, **required({"matchExpressions": [expr("foo", "Exists")]})},
        {"foo": "barrrrrr"},
        AFFINITY,
    ),
    (
        "Pod with an invalid value in Affinity term won't be scheduled onto the node",
        required({"matchExpressions": [expr("foo", "NotIn", "invalid value: ___@#$%^")]}),
        {"foo": "bar"},
        AFFINITY,
    ),
    (
        "Pod with a Gt term whose value is not an integer won't be scheduled onto the node",
        required({"matchExpressions": [expr("foo", "Gt", "1.5")]}),
        {"foo": "2"},
        AFFINITY,
    ),
    (
        "An invalid term does not match even where another requirement of it would not matter",
        required({"matchExpressions": [expr("Not A Key!", "DoesNotExist")]}),
        {},
        AFFINITY,
    ),
    (
        "Pod with matchFields using In operator that matches the existing node",
        required({"matchFields": [expr("metadata.name", "In", "node")]}),
        {},
        None,
    ),
    (
        "Pod with matchFields using In operator that does not match the existing node",
        required({"matchFields": [expr("metadata.name", "In", "node_2")]}),
        {},
        AFFINITY,
    ),
    (
        "Pod with two terms: matchFields does not match, but matchExpressions matches",
        required(
            {"matchFields": [expr("metadata.name", "In", "node_2")]},
            {"matchExpressions": [expr("foo", "In", "bar")]},
        ),
        {"foo": "bar"},
        None,
    ),
    (
        "Pod with one term: matchFields does not match, but matchExpressions matches",
        required(
            {
                "matchFields": [expr("metadata.name", "In", "node_2")],
                "matchExpressions": [expr("foo", "In", "bar")],
            }
        ),
        {"foo": "bar"},
        AFFINITY,
    ),
    (
        "Pod with one term: both matchFields and matchExpressions match",
        required(
            {
                "matchFields": [expr("metadata.name", "In", "node")],
                "matchExpressions": [expr("foo", "In", "bar")],
            }
        ),
        {"foo": "bar"},
        None,
    ),
    (
        "Pod with two terms: both matchFields and matchExpressions do not match",
        required(
            {"matchFields": [expr("metadata.name", "In", "node_2")]},
            {"matchExpressions": [expr("foo", "In", "not-match-to-bar")]},
        ),
        {"foo": "bar"},
        AFFINITY,
    ),
]


@pytest.mark.parametrize(
    ("spec", "labels", "expected"),
    [pytest.param(s, lab, x, id=name) for name, s, lab, x in NODE_AFFINITY],
)
def test_node_affinity(spec: Any, labels: Any, expected: str | None) -> None:
    assert verdicts([node("node", labels=labels)], [], make_pod(spec)) == {"node": expected}


ZONE_NODES = [("node-a", "zone1"), ("node-b", "zone1"), ("node-x", "zone2"), ("node-y", "zone2")]


def zone_nodes() -> list[Any]:
    return [node(n, labels={"zone": z, "node": n}) for n, z in ZONE_NODES]


def spread(key: str, max_skew: int = 1, **extra: Any) -> dict[str, Any]:
    constraint = {
        "maxSkew": max_skew,
        "topologyKey": key,
        "whenUnsatisfiable": "DoNotSchedule",
        "labelSelector": {"matchExpressions": [{"key": "foo", "operator": "Exists"}]},
        **extra,
    }
    return {"topologySpreadConstraints": [constraint]}


def foo_pods(layout: dict[str, int], **meta: Any) -> list[tuple[str, Pod]]:
    out = []
    for node_name, count in layout.items():
        for i in range(count):
            name = f"p-{node_name}-{i}"
            out.append((node_name, make_pod({}, name, labels={"foo": ""}, **meta)))
    return out


def test_spread_no_existing_pods_all_nodes_fit() -> None:
    incoming = make_pod(spread("zone"), labels={"foo": ""})
    assert set(verdicts(zone_nodes(), [], incoming).values()) == {None}


def test_spread_incoming_pod_that_does_not_match_itself() -> None:
    incoming = make_pod(spread("zone"), labels={"bar": ""})
    assert set(verdicts(zone_nodes(), [], incoming).values()) == {None}


def test_spread_existing_pods_in_a_different_namespace_do_not_count() -> None:
    existing = foo_pods({"node-a": 1, "node-b": 1}, namespace="ns1")
    existing += foo_pods({"node-x": 2})
    incoming = make_pod(spread("zone"), labels={"foo": ""})
    found = verdicts(zone_nodes(), existing, incoming)
    assert found == {"node-a": None, "node-b": None, "node-x": SPREAD, "node-y": SPREAD}


def test_spread_pods_across_zones_as_3_3_all_nodes_fit() -> None:
    existing = foo_pods({"node-a": 1, "node-b": 2, "node-x": 1, "node-y": 2})
    incoming = make_pod(spread("zone"), labels={"foo": ""})
    assert set(verdicts(zone_nodes(), existing, incoming).values()) == {None}


def test_spread_pods_across_nodes_as_2_1_0_3_only_node_x_fits() -> None:
    existing = foo_pods({"node-a": 2, "node-b": 1, "node-y": 3})
    incoming = make_pod(spread("node"), labels={"foo": ""})
    found = verdicts(zone_nodes(), existing, incoming)
    assert found == {"node-a": SPREAD, "node-b": SPREAD, "node-x": None, "node-y": SPREAD}


def test_spread_pods_across_nodes_as_2_1_0_3_max_skew_2() -> None:
    existing = foo_pods({"node-a": 2, "node-b": 1, "node-y": 3})
    incoming = make_pod(spread("node", max_skew=2), labels={"foo": ""})
    found = verdicts(zone_nodes(), existing, incoming)
    assert found == {"node-a": SPREAD, "node-b": None, "node-x": None, "node-y": SPREAD}


def test_spread_all_nodes_lack_the_topology_key() -> None:
    incoming = make_pod(spread("rack"), labels={"foo": ""})
    assert set(verdicts(zone_nodes(), [], incoming).values()) == {SPREAD_LABEL}


def test_spread_terminating_pods_are_excluded() -> None:
    nodes = [node("node-a", labels={"node": "node-a"}), node("node-b", labels={"node": "node-b"})]
    gone = "2024-01-01T00:00:00Z"
    existing = [
        ("node-a", make_pod({}, "p-a", labels={"foo": ""}, deletionTimestamp=gone)),
        ("node-b", make_pod({}, "p-b", labels={"foo": ""})),
    ]
    incoming = make_pod(spread("node"), labels={"foo": ""})
    assert verdicts(nodes, existing, incoming) == {"node-a": None, "node-b": SPREAD}


def test_spread_min_domains_greater_than_domains_counts_the_minimum_as_zero() -> None:
    existing = foo_pods({"node-a": 1, "node-x": 1})
    incoming = make_pod(spread("zone", minDomains=3), labels={"foo": ""})
    assert set(verdicts(zone_nodes(), existing, incoming).values()) == {SPREAD}


def test_spread_node_affinity_policy_honor_leaves_out_unmatched_nodes() -> None:
    existing = foo_pods({"node-y": 2})
    spec = {
        **spread("zone", nodeAffinityPolicy="Honor"),
        "nodeSelector": {"zone": "zone1"},
    }
    incoming = make_pod(spec, labels={"foo": ""})
    found = verdicts(zone_nodes(), existing, incoming)
    assert found == {"node-a": None, "node-b": None, "node-x": AFFINITY, "node-y": AFFINITY}


def anti(key: str, selector: dict[str, str]) -> dict[str, Any]:
    term = {"labelSelector": {"matchLabels": selector}, "topologyKey": key}
    return {
        "affinity": {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [term]}}
    }


def affine(key: str, selector: dict[str, str]) -> dict[str, Any]:
    term = {"labelSelector": {"matchLabels": selector}, "topologyKey": key}
    return {"affinity": {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [term]}}}


def test_affinity_satisfied_by_a_pod_in_the_same_zone() -> None:
    existing = [("node-a", make_pod({}, "web", labels={"service": "securityscan"}))]
    incoming = make_pod(affine("zone", {"service": "securityscan"}))
    found = verdicts(zone_nodes(), existing, incoming)
    assert found == {"node-a": None, "node-b": None, "node-x": POD_AFFINITY, "node-y": POD_AFFINITY}


def test_affinity_with_no_matching_pod_anywhere_and_not_self_matching() -> None:
    incoming = make_pod(affine("zone", {"service": "securityscan"}))
    assert set(verdicts(zone_nodes(), [], incoming).values()) == {POD_AFFINITY}


def test_affinity_first_pod_of_a_self_matching_group_fits_anywhere() -> None:
    incoming = make_pod(affine("zone", {"service": "web"}), labels={"service": "web"})
    assert set(verdicts(zone_nodes(), [], incoming).values()) == {None}


def test_anti_affinity_keeps_off_the_zone_of_a_matching_pod() -> None:
    existing = [("node-x", make_pod({}, "db", labels={"service": "db"}))]
    incoming = make_pod(anti("zone", {"service": "db"}))
    found = verdicts(zone_nodes(), existing, incoming)
    assert found == {"node-a": None, "node-b": None, "node-x": POD_ANTI, "node-y": POD_ANTI}


def test_existing_pods_anti_affinity_keeps_the_incoming_pod_away() -> None:
    holder = make_pod(anti("node", {"security": "S1"}), "holder", labels={"app": "x"})
    incoming = make_pod({}, labels={"security": "S1"})
    found = verdicts(zone_nodes(), [("node-b", holder)], incoming)
    assert found == {"node-a": None, "node-b": EXISTING_ANTI, "node-x": None, "node-y": None}


def test_anti_affinity_by_a_pod_in_another_namespace_does_not_apply() -> None:
    existing = [("node-x", make_pod({}, "db", labels={"service": "db"}, namespace="other"))]
    incoming = make_pod(anti("zone", {"service": "db"}))
    assert set(verdicts(zone_nodes(), existing, incoming).values()) == {None}


def requests(cpu: str, memory: str = "0") -> dict[str, Any]:
    resources = {"requests": {"cpu": cpu, "memory": memory}}
    return {"containers": [{"name": "c", "image": "i", "resources": resources}]}


FIT = [
    ("no resources requested always fits", {}, requests("10", "20"), None),
    ("too many resources fails", requests("1", "1"), requests("10", "20"), "Insufficient cpu"),
    ("equal edge case", requests("5", "19"), requests("5", "1"), None),
    ("too many cpu", requests("2"), requests("9"), "Insufficient cpu"),
    ("too many memory", requests("1", "2"), requests("5", "19"), "Insufficient memory"),
    (
        "init container fits because it's the max, not sum, of containers and init containers",
        {
            "containers": [{"name": "c", "image": "i", "resources": {"requests": {"cpu": "1"}}}],
            "initContainers": [
                {"name": "i", "image": "i", "resources": {"requests": {"cpu": "3"}}}
            ],
        },
        requests("5"),
        None,
    ),
    (
        "a sidecar's requests add to the app containers'",
        {
            "containers": [{"name": "c", "image": "i", "resources": {"requests": {"cpu": "3"}}}],
            "initContainers": [
                {
                    "name": "s",
                    "image": "i",
                    "restartPolicy": "Always",
                    "resources": {"requests": {"cpu": "3"}},
                }
            ],
        },
        requests("5"),
        "Insufficient cpu",
    ),
]


@pytest.mark.parametrize(
    ("incoming", "existing", "expected"),
    [pytest.param(i, e, x, id=name) for name, i, e, x in FIT],
)
def test_node_resources_fit(incoming: Any, existing: Any, expected: str | None) -> None:
    placed = [("node", make_pod(existing, "existing"))]
    found = verdicts([node("node", cpu="10", memory="20")], placed, make_pod(incoming))
    assert found == {"node": expected}

"""The placement loop: dynamic filters, the FitError message, and choices by score."""

from __future__ import annotations

from typing import Any

import pytest

from kubelint.k8s.selectors import matches
from kubelint.schedule.cluster import node_from
from kubelint.schedule.controllers import daemon_pod
from kubelint.schedule.pods import Pod
from kubelint.schedule.scheduler import Scheduler
from kubelint.schedule.selecting import has_needed, needed_labels

from .helpers import deployment, node, pod, pods

CP_TAINT = {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}


def requesting(
    cpu: str, name: str = "p", memory: str = "0", spec: str = "", labels: str = "{}"
) -> Pod:
    return pod(
        f"containers: [{{name: c, resources: {{requests: {{cpu: '{cpu}', memory: '{memory}'}}}}}}]\n{spec}",
        labels,
        name,
    )


def test_fit_error_message_counts_and_sorts_reasons() -> None:
    s = Scheduler([node("cp", taints=[CP_TAINT]), node("w1", cpu="1"), node("w2", cpu="1")])
    outcome = s.schedule(requesting("2"))
    assert outcome.node is None
    assert outcome.message == (
        "0/3 nodes are available: 1 node(s) had untolerated taint "
        "{node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. "
        "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."
    )


def test_a_node_short_of_two_resources_counts_under_both() -> None:
    s = Scheduler([node("w1", cpu="1", memory="1Gi")])
    outcome = s.schedule(requesting("2", memory="2Gi"))
    assert (
        outcome.message == "0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. "
        "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."
    )


def test_sorting_is_by_string_like_the_scheduler() -> None:
    nodes = [node(f"t{i}", taints=[CP_TAINT]) for i in range(10)]
    nodes += [node("w1", cpu="1"), node("w2", cpu="1")]
    outcome = Scheduler(nodes).schedule(requesting("2"))
    assert outcome.message is not None
    # "10 …" sorts before "2 …" as strings
    assert outcome.message.index("10 node(s)") < outcome.message.index("2 Insufficient cpu")


def test_too_many_pods() -> None:
    s = Scheduler([node("w", pods=1)])
    assert s.schedule(pod(name="a")).node == 0
    assert (
        s.schedule(pod(name="b")).message == "0/1 nodes are available: 1 Too many pods. "
        "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."
    )


def test_extended_resources_the_node_lacks() -> None:
    gpu = pod("containers: [{name: c, resources: {limits: {nvidia.com/gpu: 1}}}]")
    s = Scheduler([node("plain"), node("gpu", **{"nvidia.com/gpu": "1"})])
    assert s.schedule(gpu).node == 1
    assert (
        s.schedule(gpu).message == "0/2 nodes are available: 2 Insufficient nvidia.com/gpu. "
        "preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling."
    )


def test_least_allocated_prefers_the_emptier_node_and_most_allocated_packs() -> None:
    nodes = [node("big", cpu="8", memory="16Gi"), node("small", cpu="2", memory="4Gi")]
    assert Scheduler(nodes).schedule(requesting("1", memory="1Gi")).node == 0
    assert Scheduler(nodes, "most-allocated").schedule(requesting("1", memory="1Gi")).node == 1


def test_ties_go_to_the_first_node_and_are_counted() -> None:
    outcome = Scheduler([node("a"), node("b"), node("c")]).schedule(requesting("1"))
    assert (outcome.node, outcome.tied) == (0, 3)


def test_prefer_no_schedule_taint_steers_pods_away() -> None:
    spot = {"key": "spot", "value": "true", "effect": "PreferNoSchedule"}
    s = Scheduler([node("spot", taints=[spot]), node("plain")])
    assert s.schedule(requesting("1")).node == 1


def test_preferred_node_affinity_wins_over_resources() -> None:
    spec = """affinity:
  nodeAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 50
      preference: {matchExpressions: [{key: disk, operator: In, values: [ssd]}]}"""
    s = Scheduler([node("hdd", cpu="16"), node("ssd", labels={"disk": "ssd"})])
    assert s.schedule(requesting("1", spec=spec)).node == 1


def test_host_ports_conflict_with_placed_pods() -> None:
    spec = "containers: [{name: c, ports: [{containerPort: 80, hostPort: 80}]}]"
    s = Scheduler([node("a")])
    assert s.schedule(pod(spec, name="one")).node == 0
    outcome = s.schedule(pod(spec, name="two"))
    assert outcome.message == (
        "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports. "
        "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."
    )


ANTI = """affinity:
  podAntiAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
    - labelSelector: {matchLabels: {app: web}}
      topologyKey: kubernetes.io/hostname"""


def test_required_anti_affinity_puts_one_pod_per_node() -> None:
    s = Scheduler([node("a"), node("b")])
    placed = [s.schedule(pod(ANTI, "{app: web}", f"w{i}")).node for i in range(2)]
    assert set(placed) == {0, 1}
    outcome = s.schedule(pod(ANTI, "{app: web}", "w2"))
    assert (
        outcome.message
        == "0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules. "
        "preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod."
    )


def test_existing_pods_anti_affinity_is_symmetric() -> None:
    s = Scheduler([node("a"), node("b", cpu="1")])
    holder = pod(ANTI.replace("app: web", "app: db"), "{app: web-holder}", "holder")
    assert s.schedule(holder).node == 0
    outcome = s.schedule(requesting("2", labels="{app: db}"))
    assert outcome.message == (
        "0/2 nodes are available: 1 Insufficient cpu, "
        "1 node(s) didn't satisfy existing pods anti-affinity rules. "
        "preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling."
    )


AFFINITY = """affinity:
  podAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
    - labelSelector: {matchLabels: {app: cache}}
      topologyKey: topology.kubernetes.io/zone"""


def test_pod_affinity_follows_matching_pods_into_their_zone() -> None:
    zone = "topology.kubernetes.io/zone"
    s = Scheduler([node("a", labels={zone: "a"}), node("b", labels={zone: "b"}, cpu="16")])
    alone = s.schedule(pod(AFFINITY, "{app: web}", "web0"))
    assert (
        alone.message == "0/2 nodes are available: 2 node(s) didn't match pod affinity rules. "
        "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling."
    )
    s.bind(pod(labels="{app: cache}", name="cache"), 0)
    assert s.schedule(pod(AFFINITY, "{app: web}", "web1")).node == 0


def test_first_pod_of_a_self_affine_group_may_go_anywhere() -> None:
    zone = "topology.kubernetes.io/zone"
    s = Scheduler([node("a", labels={zone: "a"}), node("b", labels={zone: "b"}, cpu="16")])
    first = s.schedule(pod(AFFINITY, "{app: cache}", "c0"))
    assert first.node == 1
    s2 = Scheduler([node("nolabel")])
    assert s2.schedule(pod(AFFINITY, "{app: cache}", "c0")).message == (
        "0/1 nodes are available: 1 node(s) didn't match pod affinity rules. "
        "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."
    )


SPREAD = """topologySpreadConstraints:
- maxSkew: 1
  topologyKey: topology.kubernetes.io/zone
  whenUnsatisfiable: DoNotSchedule
  labelSelector: {matchLabels: {app: web}}"""


def test_topology_spread_keeps_skew_within_max_skew() -> None:
    zone = "topology.kubernetes.io/zone"
    s = Scheduler(
        [node("a1", labels={zone: "a"}, cpu="64"), node("b1", labels={zone: "b"}, cpu="1")]
    )
    placed = [
        s.schedule(requesting("600m", f"w{i}", spec=SPREAD, labels="{app: web}")) for i in range(4)
    ]
    assert {o.node for o in placed[:2]} == {0, 1}
    assert placed[2].node == 0  # b1 is full; zone a at 2 against b's 1 is a skew of 1
    # a fourth in zone a would make the skew 3 - 1 > 1
    assert placed[3].message == (
        "0/2 nodes are available: 1 Insufficient cpu, "
        "1 node(s) didn't match pod topology spread constraints. "
        "preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod."
    )


def test_topology_spread_needs_the_label() -> None:
    s = Scheduler([node("bare")])
    outcome = s.schedule(pod(SPREAD, "{app: web}"))
    assert outcome.message == (
        "0/1 nodes are available: 1 node(s) didn't match pod topology spread constraints "
        "(missing required label). "
        "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."
    )


def test_min_domains_treats_the_global_minimum_as_zero() -> None:
    zone = "topology.kubernetes.io/zone"
    spec = SPREAD + "\n  minDomains: 3"
    s = Scheduler([node("a", labels={zone: "a"}), node("b", labels={zone: "b"})])
    for i in range(2):
        assert s.schedule(pod(spec, "{app: web}", f"w{i}")).node is not None
    # two domains < minDomains 3: the minimum counts as 0, so 1 + 1 - 0 > 1 everywhere
    assert s.schedule(pod(spec, "{app: web}", "w2")).node is None


def test_default_spreading_spreads_replicas_over_zones() -> None:
    zone = "topology.kubernetes.io/zone"
    nodes = [
        node("a1", labels={zone: "a"}),
        node("a2", labels={zone: "a"}),
        node("b1", labels={zone: "b"}),
    ]
    made = pods(deployment(requests="{cpu: 100m, memory: 100Mi}"))
    s = Scheduler(nodes)
    placed = [s.schedule(p).node for p in made]
    assert placed == [0, 2]


def test_cordoned_node() -> None:
    s = Scheduler([node("a", unschedulable=True)])
    assert (
        s.schedule(pod()).message == "0/1 nodes are available: 1 node(s) were unschedulable. "
        "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."
    )


def test_daemon_pod_is_pinned_to_its_node() -> None:
    (template,) = pods("""
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: c, resources: {requests: {cpu: "2"}}}]}
""")
    s = Scheduler([node("a", cpu="1"), node("b", cpu="4")])
    assert s.schedule(daemon_pod(template, "b")).node == 1
    outcome = s.schedule(daemon_pod(template, "a"))
    assert outcome.message == (
        "0/2 nodes are available: 1 Insufficient cpu, "
        "1 node(s) didn't match Pod's node affinity/selector. "
        "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling."
    )


AWAY = (
    "affinity: {podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 50,"
    " podAffinityTerm: {labelSelector: {matchLabels: {app: d%d}}, topologyKey: kubernetes.io/hostname}}]}}"
)


@pytest.mark.parametrize("count", [24, 300])  # all nodes scored; 100 of them, in turn
def test_fast_path_places_exactly_like_the_full_filters(count: int) -> None:
    """Pods whose only placed-pod-dependent filter is resources take a cached fast path, and
    every pod's resource scores come from the same cache (brought up to date on the nodes
    where pods landed, those outside the scored ones too); it must choose the same nodes,
    ties and scores included, as the full filter and score run."""
    zone = "topology.kubernetes.io/zone"
    spot = {"key": "spot", "value": "true", "effect": "PreferNoSchedule"}
    gpu = {"key": "gpu", "value": "true", "effect": "NoSchedule"}
    nodes = [
        node(
            f"n{i}",
            cpu=str(2 + i % 3 * 2),
            memory=f"{4 + i % 4 * 4}Gi",
            labels={zone: f"z{i % 3}", "type": "ab"[i % 2]},
            taints=[spot] if i % 5 == 0 else [gpu] if i % 7 == 0 else [],
        )
        for i in range(count)
    ]
    text = "".join(
        f"""
---
apiVersion: apps/v1
kind: Deployment
metadata: {{name: d{d}}}
spec:
  replicas: {(12 + 3 * d) * count // 24}
  selector: {{matchLabels: {{app: d{d}}}}}
  template:
    metadata: {{labels: {{app: d{d}}}}}
    spec:
      {"nodeSelector: {type: a}" if d % 3 == 0 else ""}
      {"tolerations: [{key: gpu, operator: Exists}]" if d % 2 else ""}
      {AWAY % d if d % 4 == 1 else ""}
      containers:
      - name: c
        image: app-{d}
        resources: {{requests: {{cpu: {100 + d * 150}m, memory: {128 * (1 + d % 4)}Mi}}}}
"""
        for d in range(8)
    )
    made = pods(text)

    def run(fast: bool) -> list[tuple[int | None, int, str | None, list[list[int]]]]:
        s = Scheduler(nodes)
        s.fast = fast
        return [
            (o.node, o.tied, o.message, [v.tolist() for v in o.breakdown.values()])
            for o in map(s.schedule, made)
        ]

    slow = run(False)
    assert any(node is None for node, _, _, _ in slow)  # some fill the cluster up
    assert run(True) == slow


PREFER = """affinity:
  %s:
    preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      podAffinityTerm:
        labelSelector: {matchLabels: {app: %s}}
        topologyKey: kubernetes.io/hostname"""


def test_preferred_pod_affinity_draws_the_pod_to_matching_pods() -> None:
    s = Scheduler([node("a"), node("b"), node("c")])
    s.bind(pod(labels="{app: cache}", name="cache"), 2)
    outcome = s.schedule(pod(PREFER % ("podAffinity", "cache"), "{app: web}", "web"))
    assert outcome.node == 2
    assert int(outcome.breakdown["InterPodAffinity"].max()) == 100


def test_placed_pods_preferred_anti_affinity_pushes_new_pods_away() -> None:
    s = Scheduler([node("a"), node("b")])
    s.bind(pod(PREFER % ("podAntiAffinity", "noisy"), "{app: quiet}", "quiet"), 0)
    s.bind(pod(labels="{app: other}", name="other"), 1)  # equal load on both nodes
    assert s.schedule(pod(labels="{app: noisy}", name="noisy")).node == 1


def test_placed_pods_required_affinity_scores_with_weight_one() -> None:
    s = Scheduler([node("a"), node("b")])
    follower = """affinity:
  podAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
    - labelSelector: {matchLabels: {app: leader}}
      topologyKey: kubernetes.io/hostname"""
    s.bind(pod(follower, "{app: follower}", "f"), 1)
    s.bind(pod(labels="{app: other}", name="other"), 0)
    outcome = s.schedule(pod(labels="{app: leader}", name="leader"))
    assert outcome.node == 1
    assert outcome.breakdown["InterPodAffinity"].tolist() == [0, 100]


def test_a_required_affinity_term_without_selector_selects_no_pod() -> None:
    spec = """affinity:
  podAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
    - topologyKey: kubernetes.io/hostname"""
    outcome = Scheduler([node("a")]).schedule(pod(spec, "{app: web}"))
    assert (
        outcome.message == "0/1 nodes are available: 1 node(s) didn't match pod affinity rules. "
        "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."
    )


def test_a_resource_no_node_has_gets_its_own_column() -> None:
    foo = pod("containers: [{name: c, resources: {limits: {example.com/foo: 1}}}]")
    assert Scheduler([node("a")]).schedule(foo).message == (
        "0/1 nodes are available: 1 Insufficient example.com/foo. "
        "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."
    )


def test_a_pod_taken_off_a_node_frees_its_host_port() -> None:
    port = "containers: [{name: c, ports: [{containerPort: 80, hostPort: 80}]}]"
    s = Scheduler([node("a")])
    first = pod(port, name="first")
    s.bind(first, 0)
    assert s.schedule(pod(port, name="second")).node is None
    s.unbind(first, 0)
    assert s.schedule(pod(port, name="third")).node == 0


def test_spread_node_taints_policy_honor_leaves_tainted_domains_out() -> None:
    zone = "topology.kubernetes.io/zone"
    taint = {"key": "spot", "value": "", "effect": "NoSchedule"}
    nodes = [node("a", labels={zone: "a"}), node("b", labels={zone: "b"}, taints=[taint])]
    for policy, second in (("Ignore", None), ("Honor", 0)):
        s = Scheduler(nodes)
        spec = SPREAD + f"\n  nodeTaintsPolicy: {policy}"
        assert s.schedule(pod(spec, "{app: web}", "w0")).node == 0
        # Ignore: zone b counts with 0 pods, so a second pod in zone a skews by 2
        assert s.schedule(pod(spec, "{app: web}", "w1")).node == second


# ---- preemption: what DefaultPreemption adds to the message --------------------------------


def prioritized(cpu: str, priority: int, name: str, extra: str = "") -> Pod:
    return requesting(cpu, name, spec=f"priority: {priority}\n{extra}")


def test_preemption_evicts_the_fewest_lower_priority_pods() -> None:
    s = Scheduler([node("a", cpu="4")])
    low_a, low_b = prioritized("2", 1, "low-a"), prioritized("1", 2, "low-b")
    s.bind(low_a, 0)
    s.bind(low_b, 0)
    outcome = s.schedule(prioritized("2", 10, "high"))
    assert outcome.node is None
    # kube nominates the node: the event carries the FitError alone
    assert outcome.message == "0/1 nodes are available: 1 Insufficient cpu."
    # low-b (the higher of the two) is put back: the pod fits beside it
    assert outcome.preempt == (0, [low_a])
    assert s.placed[0] == [low_a, low_b]  # the dry run leaves the node as it was
    assert s.free[0, 0] == 1000


def test_no_victims_and_victims_that_do_not_help() -> None:
    s = Scheduler([node("a", cpu="4")])
    s.bind(prioritized("3", 20, "higher"), 0)
    s.bind(prioritized("1", 0, "lower"), 0)
    outcome = s.schedule(prioritized("2", 10, "mid"))
    # without "lower", 1 cpu is still free: the node's reason after the dry run
    assert outcome.message == (
        "0/1 nodes are available: 1 Insufficient cpu. "
        "preemption: 0/1 nodes are available: 1 Insufficient cpu."
    )
    assert outcome.preempt is None
    equal = s.schedule(prioritized("2", 0, "equal"))
    assert equal.message == (
        "0/1 nodes are available: 1 Insufficient cpu. "
        "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."
    )


def test_preemption_policy_never() -> None:
    s = Scheduler([node("a", cpu="1")])
    s.bind(prioritized("1", 0, "low"), 0)
    outcome = s.schedule(prioritized("1", 10, "high", "preemptionPolicy: Never"))
    assert outcome.message == (
        "0/1 nodes are available: 1 Insufficient cpu. "
        "preemption: not eligible due to preemptionPolicy=Never."
    )
    assert outcome.preempt is None


def test_image_locality_prefers_the_node_that_has_the_image() -> None:
    cached = node_from(
        {
            "metadata": {"name": "cached"},
            "status": {
                "allocatable": {"cpu": "4", "memory": "8Gi"},
                "images": [{"names": ["registry/app:1"], "sizeBytes": 500 * 2**20}],
            },
        }
    )
    s = Scheduler([node("plain"), cached])
    app = pod("containers: [{name: c, image: registry/app:1}]")
    outcome = s.schedule(app, explain=True)
    assert outcome.node == 1
    # 500MB on 1 of 2 nodes: 250MB, between the 23MB and 1000MB thresholds
    assert list(outcome.breakdown["ImageLocality"]) == [0, 23]


def test_schedule_anyway_spread_scores_zones_and_leaves_unlabelled_nodes_out() -> None:
    zone = "topology.kubernetes.io/zone"
    soft = SPREAD.replace("DoNotSchedule", "ScheduleAnyway")
    s = Scheduler([node("a", labels={zone: "a"}), node("b", labels={zone: "b"}), node("bare")])
    first = s.schedule(pod(soft, "{app: web}", "w0"), explain=True)
    assert first.node == 0
    assert list(first.breakdown["PodTopologySpread"]) == [100, 100, 0]  # "bare" is ignored
    second = s.schedule(pod(soft, "{app: web}", "w1"), explain=True)
    assert second.node == 1
    assert list(second.breakdown["PodTopologySpread"]) == [0, 100, 0]


def test_default_spreading_of_a_replication_controller_uses_its_selector() -> None:
    zone = "topology.kubernetes.io/zone"
    made = pods("""
apiVersion: v1
kind: ReplicationController
metadata: {name: web}
spec:
  replicas: 2
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, resources: {requests: {cpu: 100m, memory: 100Mi}}}]}
""")
    assert made[0].default_spread is not None
    assert made[0].default_spread.selects("default", {"app": "web"})
    s = Scheduler(
        [
            node("a1", labels={zone: "a"}),
            node("a2", labels={zone: "a"}),
            node("b1", labels={zone: "b"}),
        ]
    )
    assert [s.schedule(p).node for p in made] == [0, 2]


@pytest.mark.parametrize(
    ("selector", "labels", "needed"),
    [
        ({"matchLabels": {"app": "web"}}, {"app": "web"}, True),
        ({"matchLabels": {"app": "web"}}, {"app": "api"}, False),
        (
            {"matchExpressions": [{"key": "app", "operator": "In", "values": ["a", 1]}]},
            {"app": "1"},
            True,
        ),
        ({"matchExpressions": [{"key": "app", "operator": "In", "values": ["a"]}]}, {}, False),
        ({"matchExpressions": [{"key": "app", "operator": "NotIn", "values": ["a"]}]}, {}, True),
        ({}, {"x": "y"}, True),
    ],
)
def test_needed_labels_never_turn_down_a_pod_the_selector_selects(
    selector: dict[str, Any], labels: dict[str, str], needed: bool
) -> None:
    needs = needed_labels([selector])
    assert needs is not None
    assert has_needed(needs, labels) is needed
    if matches(selector, labels):
        assert needed


def test_a_malformed_selector_gets_no_quick_test() -> None:
    bad = {"matchExpressions": [{"key": "app", "operator": "Exists", "values": ["a"]}]}
    assert needed_labels([bad]) is None
    assert needed_labels([None]) is None

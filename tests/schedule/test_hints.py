"""The plain-language hint for a pod left Pending, and the obstacle a finding points at."""

from __future__ import annotations

import pytest

from kubelint.schedule.cluster import Node
from kubelint.schedule.hints import Diagnosis, diagnose
from kubelint.schedule.pods import Pod
from kubelint.schedule.scheduler import Scheduler

from .helpers import node, pod

GPU = {"key": "gpu", "value": "true", "effect": "NoSchedule"}
ZONE = "topology.kubernetes.io/zone"


def diagnosed(s: Scheduler, p: Pod) -> Diagnosis:
    assert s.schedule(p).node is None
    return diagnose(s, p, s.stages(p))


def test_resources_name_the_closest_node_and_the_first_resource_it_lacks() -> None:
    s = Scheduler([node("big", cpu="2", memory="1Gi"), node("small", cpu="1", memory="1Gi")])
    asks = pod("containers: [{name: c, resources: {requests: {cpu: '3', memory: 2Gi}}}]")
    assert diagnosed(s, asks) == Diagnosis(
        "needs 1 more cpu and 1Gi more memory on big (the closest fit)", "NodeResourcesFit", "cpu"
    )


def test_the_most_common_obstacle_comes_first() -> None:
    s = Scheduler(
        [node("g1", taints=[GPU]), node("g2", taints=[GPU]), node("c", unschedulable=True)]
    )
    found = diagnosed(s, pod())
    assert found.plugin == "TaintToleration"
    assert found.hint == (
        "add a toleration for gpu=true:NoSchedule; 1 node(s) are cordoned (spec.unschedulable)"
    )


@pytest.mark.parametrize(
    ("nodes", "spec", "plugin", "hint"),
    [
        (
            [node("a")],
            "nodeSelector: {disk: ssd}",
            "NodeAffinity",
            "1 node(s) lack the labels its nodeSelector or node affinity asks for",
        ),
        (
            [node("a")],
            "topologySpreadConstraints: [{maxSkew: 1, topologyKey: rack, whenUnsatisfiable: "
            "DoNotSchedule, labelSelector: {matchLabels: {app: web}}}]",
            "PodTopologySpread",
            "its topology spread cannot hold: add nodes in more domains, raise maxSkew or use "
            "whenUnsatisfiable: ScheduleAnyway",
        ),
        (
            [node("a")],
            "affinity: {podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: "
            "[{topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: db}}}]}}",
            "InterPodAffinity",
            "pod (anti-)affinity rules out every remaining node: add nodes or domains, or make "
            "the rule preferred",
        ),
    ],
)
def test_each_filter_has_its_hint(nodes: list[Node], spec: str, plugin: str, hint: str) -> None:
    found = diagnosed(Scheduler(nodes), pod(spec, "{app: web}"))
    assert (found.plugin, found.hint, found.resource) == (plugin, hint, None)


def test_host_port_hint() -> None:
    port = "containers: [{name: c, ports: [{containerPort: 80, hostPort: 8080}]}]"
    s = Scheduler([node("a")])
    s.bind(pod(port, name="first"), 0)
    assert diagnosed(s, pod(port, name="second")) == Diagnosis(
        "hostPort 8080 is already taken on 1 node(s)", "NodePorts"
    )

"""The node-only filters against worked examples of kube-scheduler's semantics."""

from __future__ import annotations

import pytest

from kubelint.schedule import filters
from kubelint.schedule.cluster import Taint
from kubelint.schedule.pods import Toleration

from .helpers import node, pod

GPU = {"key": "gpu", "value": "true", "effect": "NoSchedule"}


@pytest.mark.parametrize(
    ("toleration", "expected"),
    [
        (Toleration("gpu", "Equal", "true", "NoSchedule"), True),
        (Toleration("gpu", "Equal", "false", "NoSchedule"), False),
        (Toleration("gpu", "Exists", "", "NoSchedule"), True),
        (Toleration("gpu", "Exists", "", ""), True),  # empty effect: every effect
        (Toleration("gpu", "Exists", "", "NoExecute"), False),
        (Toleration("", "Exists", "", ""), True),  # empty key + Exists: every taint
        (Toleration("other", "Exists", "", ""), False),
        (Toleration("gpu", "Contains", "true", ""), False),  # an unknown operator: no match
    ],
)
def test_toleration_matching(toleration: Toleration, expected: bool) -> None:
    assert toleration.tolerates("gpu", "true", "NoSchedule") is expected


def test_untolerated_taint_names_key_and_value() -> None:
    tainted = node("n", taints=[GPU])
    assert filters.taint_toleration(pod(), tainted) == "node(s) had untolerated taint {gpu: true}"
    tolerant = pod("tolerations: [{key: gpu, operator: Exists}]")
    assert filters.taint_toleration(tolerant, tainted) is None


def test_prefer_no_schedule_taints_do_not_filter() -> None:
    soft = node("n", taints=[{"key": "spot", "value": "", "effect": "PreferNoSchedule"}])
    assert filters.taint_toleration(pod(), soft) is None


def test_control_plane_taint_with_empty_value() -> None:
    control = node(
        "cp", taints=[{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}]
    )
    reason = filters.taint_toleration(pod(), control)
    assert reason == "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"


def test_unschedulable_node_takes_only_pods_tolerating_it() -> None:
    cordoned = node("n", unschedulable=True)
    assert filters.node_unschedulable(pod(), cordoned) == "node(s) were unschedulable"
    tolerant = pod(
        "tolerations: [{key: node.kubernetes.io/unschedulable, operator: Exists, effect: NoSchedule}]"
    )
    assert filters.node_unschedulable(tolerant, cordoned) is None


def test_static_filter_reports_the_first_plugin_in_order() -> None:
    both = node("n", taints=[GPU], unschedulable=True)
    assert filters.static_filter(pod(), both) == ("NodeUnschedulable", filters.UNSCHEDULABLE)


LABELS = {"zone": "a", "cores": "8", "disk": "ssd"}


@pytest.mark.parametrize(
    ("requirement", "expected"),
    [
        ({"key": "zone", "operator": "In", "values": ["a", "b"]}, True),
        ({"key": "zone", "operator": "In", "values": ["b"]}, False),
        ({"key": "zone", "operator": "NotIn", "values": ["b"]}, True),
        ({"key": "rack", "operator": "NotIn", "values": ["b"]}, True),  # absent key: not in
        ({"key": "disk", "operator": "Exists"}, True),
        ({"key": "gpu", "operator": "Exists"}, False),
        ({"key": "gpu", "operator": "DoesNotExist"}, True),
        ({"key": "cores", "operator": "Gt", "values": ["4"]}, True),
        ({"key": "cores", "operator": "Gt", "values": ["8"]}, False),
        ({"key": "cores", "operator": "Lt", "values": ["16"]}, True),
        ({"key": "zone", "operator": "Gt", "values": ["1"]}, False),  # not an integer
        ({"key": "gpu", "operator": "Lt", "values": ["1"]}, False),  # absent
    ],
)
def test_node_selector_requirements(requirement: dict[str, object], expected: bool) -> None:
    assert filters.requirement_matches(requirement, LABELS) is expected


def test_node_affinity_terms_are_ored_and_expressions_anded() -> None:
    n = node("n", labels=LABELS)
    terms = """
affinity:
  nodeAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      nodeSelectorTerms:
      - matchExpressions: [{key: zone, operator: In, values: [b]}]
      - matchExpressions:
        - {key: zone, operator: In, values: [a]}
        - {key: disk, operator: In, values: [%s]}
"""
    assert filters.node_affinity(pod(terms % "ssd"), n) is None
    assert filters.node_affinity(pod(terms % "hdd"), n) == filters.NODE_AFFINITY


def test_node_selector_and_required_terms_both_apply() -> None:
    n = node("n", labels=LABELS)
    spec = """
nodeSelector: {disk: %s}
affinity:
  nodeAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: In, values: [a]}]}]
"""
    assert filters.node_affinity(pod(spec % "ssd"), n) is None
    assert filters.node_affinity(pod(spec % "hdd"), n) == filters.NODE_AFFINITY


def test_match_fields_select_by_node_name_and_empty_terms_match_nothing() -> None:
    spec = """
affinity:
  nodeAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      nodeSelectorTerms: [%s]
"""
    by_name = pod(spec % "{matchFields: [{key: metadata.name, operator: In, values: [n1]}]}")
    assert by_name.uses_node_name
    assert filters.node_affinity(by_name, node("n1")) is None
    assert filters.node_affinity(by_name, node("n2")) == filters.NODE_AFFINITY
    assert filters.node_affinity(pod(spec % "{}"), node("n1")) == filters.NODE_AFFINITY


@pytest.mark.parametrize(
    ("wanted", "used", "conflict"),
    [
        (("0.0.0.0", "TCP", 80), ("10.0.0.1", "TCP", 80), True),
        (("10.0.0.1", "TCP", 80), ("10.0.0.2", "TCP", 80), False),
        (("10.0.0.1", "TCP", 80), ("10.0.0.1", "TCP", 80), True),
        (("0.0.0.0", "UDP", 80), ("0.0.0.0", "TCP", 80), False),
        (("0.0.0.0", "TCP", 81), ("0.0.0.0", "TCP", 80), False),
    ],
)
def test_host_port_conflicts(
    wanted: tuple[str, str, int], used: tuple[str, str, int], conflict: bool
) -> None:
    assert filters.ports_conflict([wanted], [used]) is conflict


def test_taint_text() -> None:
    assert str(Taint("a", "b", "NoSchedule")) == "a=b:NoSchedule"
    assert str(Taint("a", "", "NoExecute")) == "a:NoExecute"

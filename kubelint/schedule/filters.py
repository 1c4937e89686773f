"""kube-scheduler's filters, one node and one pod at a time, with its exact reason strings.

The node-only filters (NodeUnschedulable, NodeName, TaintToleration, NodeAffinity) live here as
plain functions; the scheduler evaluates them once per pod template and node class. The filters
that depend on what is already placed (NodePorts, NodeResourcesFit, VolumeRestrictions,
PodTopologySpread, InterPodAffinity) are evaluated over all nodes at once in `scheduler.py`,
with the reasons below.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from kubelint.k8s import names
from kubelint.k8s.data import entries
from kubelint.k8s.selectors import matches_map
from kubelint.schedule.cluster import Node, Taint
from kubelint.schedule.pods import Disk, Pod, Toleration

UNSCHEDULABLE = "node(s) were unschedulable"
NODE_NAME = "node(s) didn't match the requested node name"
NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector"
NODE_PORTS = "node(s) didn't have free ports for the requested pod ports"
TOO_MANY_PODS = "Too many pods"
SPREAD = "node(s) didn't match pod topology spread constraints"
SPREAD_LABEL = "node(s) didn't match pod topology spread constraints (missing required label)"
AFFINITY = "node(s) didn't match pod affinity rules"
ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules"
EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules"
DISK_CONFLICT = "node(s) had no available disk"
READ_WRITE_ONCE_POD = (
    "node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode"
)
UNSCHEDULABLE_TAINT = Taint("node.kubernetes.io/unschedulable", "", "NoSchedule")
# The plugins in the order the default profile runs them (a node reports the first that fails).
FILTER_ORDER = (
    "NodeUnschedulable",
    "NodeName",
    "TaintToleration",
    "NodeAffinity",
    "NodePorts",
    "NodeResourcesFit",
    "VolumeRestrictions",
    "NodeVolumeLimits",
    "VolumeBinding",
    "VolumeZone",
    "PodTopologySpread",
    "InterPodAffinity",
    "DynamicResources",  # from 1.34, for pods with resourceClaims
)


def insufficient(resource: str) -> str:
    return f"Insufficient {resource}"


def untolerated(taint: Taint) -> str:
    return f"node(s) had untolerated taint {{{taint.key}: {taint.value}}}"


def tolerated(taint: Taint, tolerations: Iterable[Toleration]) -> bool:
    return any(t.tolerates(taint.key, taint.value, taint.effect) for t in tolerations)


def scheduling_gates(pod: Pod) -> str | None:
    """SchedulingGates (PreEnqueue): a pod with `spec.schedulingGates` is not tried at all
    until they are removed."""
    gates = [str(g.get("name")) for _, g in entries(pod.spec.get("schedulingGates"))]
    return f"waiting for scheduling gates: [{' '.join(gates)}]" if gates else None


def node_unschedulable(pod: Pod, node: Node) -> str | None:
    """A cordoned node takes only pods that tolerate `node.kubernetes.io/unschedulable`."""
    if node.unschedulable and not tolerated(UNSCHEDULABLE_TAINT, pod.tolerations):
        return UNSCHEDULABLE
    return None


def node_name(pod: Pod, node: Node) -> str | None:
    """A pod that names its node (`spec.nodeName`) fits that node alone."""
    if pod.node_name is not None and pod.node_name != node.name:
        return NODE_NAME
    return None


def untolerated_taint(taints: Sequence[Taint], tolerations: Sequence[Toleration]) -> Taint | None:
    """The first NoSchedule or NoExecute taint that no toleration tolerates."""
    for taint in taints:
        if taint.effect in ("NoSchedule", "NoExecute") and not tolerated(taint, tolerations):
            return taint
    return None


def taint_toleration(pod: Pod, node: Node) -> str | None:
    taint = untolerated_taint(node.taints, pod.tolerations)
    return untolerated(taint) if taint else None


def _integer(value: Any) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def requirement_matches(req: Mapping[str, Any], values: Mapping[str, str]) -> bool:
    """One node selector requirement (In, NotIn, Exists, DoesNotExist, Gt, Lt) against a
    node's labels (or its fields)."""
    key, operator = req.get("key"), req.get("operator")
    wanted = [str(v) for v in req.get("values") or ()]
    present = key in values
    value = values.get(str(key))
    if operator == "In":
        return present and value in wanted
    if operator == "NotIn":
        return not present or value not in wanted
    if operator == "Exists":
        return present
    if operator == "DoesNotExist":
        return not present
    if operator in ("Gt", "Lt") and present and len(wanted) == 1:
        have, bound = _integer(value), _integer(wanted[0])
        if have is None or bound is None:
            return False
        return have > bound if operator == "Gt" else have < bound
    return False


def requirement_valid(req: Mapping[str, Any]) -> bool:
    """Whether a label requirement parses as a selector (`labels.NewRequirement`): a qualified
    key, label values, the number of values its operator takes, integers for Gt and Lt. A term
    with one that does not matches no node."""
    key, operator, values = req.get("key"), req.get("operator"), req.get("values") or []
    if not isinstance(key, str) or names.qualified_name(key) or not isinstance(values, list):
        return False
    if operator in ("In", "NotIn"):
        count_ok = len(values) > 0
    elif operator in ("Exists", "DoesNotExist"):
        count_ok = not values
    elif operator in ("Gt", "Lt"):
        count_ok = len(values) == 1 and _integer(values[0]) is not None
    else:
        return False
    return count_ok and not any(names.label_value(str(v)) for v in values)


def term_matches(term: Mapping[str, Any], node: Node) -> bool:
    """A NodeSelectorTerm: its expressions and fields ANDed; an empty term matches nothing, nor
    does one with an expression that is no valid selector."""
    expressions = term.get("matchExpressions") or []
    fields = term.get("matchFields") or []
    if not expressions and not fields:
        return False
    if not all(requirement_valid(r) for r in expressions):
        return False
    node_fields = {"metadata.name": node.name}
    return all(requirement_matches(r, node.labels) for r in expressions) and all(
        requirement_matches(r, node_fields) for r in fields
    )


def node_affinity(pod: Pod, node: Node) -> str | None:
    """nodeSelector AND the required terms (ORed)."""
    if not matches_map(pod.node_selector, node.labels):
        return NODE_AFFINITY
    terms = pod.required_terms
    if terms is not None and not any(term_matches(t, node) for t in terms):
        return NODE_AFFINITY
    return None


def static_filter(pod: Pod, node: Node) -> tuple[str, str] | None:
    """`(plugin, reason)` of the first node-only filter the node fails, or None."""
    for plugin, check in (
        ("NodeUnschedulable", node_unschedulable),
        ("NodeName", node_name),
        ("TaintToleration", taint_toleration),
        ("NodeAffinity", node_affinity),
    ):
        reason = check(pod, node)
        if reason is not None:
            return plugin, reason
    return None


def ports_conflict(
    wanted: Iterable[tuple[str, str, int]], used: Iterable[tuple[str, str, int]]
) -> bool:
    """NodePorts: the same protocol and port conflict when either host IP is 0.0.0.0 or both
    are equal."""
    used_list = list(used)
    for ip, protocol, port in wanted:
        for other_ip, other_protocol, other_port in used_list:
            same_port = port == other_port and protocol == other_protocol
            if same_port and (ip == other_ip or "0.0.0.0" in (ip, other_ip)):
                return True
    return False


def disk_conflict(wanted: Iterable[Disk], used: Iterable[Disk]) -> bool:
    """VolumeRestrictions: the same GCE PD, iSCSI target or RBD image (on a shared monitor)
    conflicts unless both mount it read-only; the same EBS volume always does."""
    used_list = list(used)
    for disk in wanted:
        for other in used_list:
            if (disk.kind, disk.key) != (other.kind, other.key):
                continue
            if disk.kind == "aws":
                return True
            if disk.kind == "rbd" and not disk.monitors & other.monitors:
                continue
            if not (disk.read_only and other.read_only):
                return True
    return False

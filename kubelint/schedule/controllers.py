"""The pods a change creates, as the workload controllers would create them.

Deployment, ReplicaSet and ReplicationController: `replicas` (default 1) — or an HPA's
`minReplicas` (`maxReplicas` with `at_max`); StatefulSet: ordinals `<name>-0…` with their
volumeClaimTemplates as claims; Job: `parallelism` capped by `completions`; CronJob: one Job;
DaemonSet: a template the scheduler copies onto every node it should run on; bare Pods as given.
API defaulting comes first (a container's requests default to its limits). Pods are ordered by
priority (PriorityClass in the input), then input order.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kubelint.k8s.data import dig, entries, integer, mapping, text
from kubelint.k8s.selectors import SelectorError, matches, matches_map
from kubelint.k8s.workloads import declared_replicas, pod_spec, pod_template
from kubelint.limits import DEFAULT_LIMITS, Limits
from kubelint.objects import Resource, describe
from kubelint.schedule.podrequests import container_asks
from kubelint.schedule.pods import Disk, Pod, PodError, PodTerm, Spread, Toleration

MAX_REPLICAS = 10_000  # pods one workload may stamp out in a dry run (10,000 take seconds)
SYSTEM_PRIORITIES = {"system-node-critical": 2000001000, "system-cluster-critical": 2000000000}
# The tolerations the DaemonSet controller adds to every daemon pod.
DAEMON_TOLERATIONS: tuple[Mapping[str, str], ...] = (
    {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"},
    {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute"},
    {"key": "node.kubernetes.io/disk-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/memory-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/pid-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"},
)
HOST_NETWORK_TOLERATION = {
    "key": "node.kubernetes.io/network-unavailable",
    "operator": "Exists",
    "effect": "NoSchedule",
}
_TEMPLATES = itertools.count()  # numbers each pod template: the scheduler caches per template
SCALABLE_KINDS = ("Deployment", "ReplicaSet", "ReplicationController", "StatefulSet")


def _disks(volumes: Any) -> tuple[Disk, ...]:
    out: list[Disk] = []
    for _, volume in entries(volumes):
        for kind, field_name, key in (
            ("gce", "gcePersistentDisk", "pdName"),
            ("aws", "awsElasticBlockStore", "volumeID"),
            ("iscsi", "iscsi", "iqn"),
            ("rbd", "rbd", "image"),
        ):
            source = volume.get(field_name)
            if not isinstance(source, Mapping):
                continue
            name = str(source.get(key) or "")
            if kind == "rbd":
                name = f"{source.get('pool') or 'rbd'}/{name}"
            monitors = frozenset(str(m) for m in source.get("monitors") or ())
            out.append(Disk(kind, name, source.get("readOnly") is True, monitors))
    return tuple(out)


def _tolerations(value: Any) -> tuple[Toleration, ...]:
    return tuple(
        Toleration(
            str(t.get("key") or ""),
            str(t.get("operator") or "Equal"),
            str(t.get("value") or ""),
            str(t.get("effect") or ""),
        )
        for _, t in entries(value)
    )


class _Namespaces:
    """Resolves an affinity term's namespaces: its list, its namespaceSelector (against the
    Namespace objects of the input; `{}` is every namespace), or else the pod's own."""

    def __init__(self, resources: Iterable[Resource]) -> None:
        self.labels = {
            r.ref.name: mapping(r.metadata.get("labels"))
            for r in resources
            if r.kind == "Namespace" and r.ref.name
        }

    def resolve(self, term: Mapping[str, Any], own: str) -> frozenset[str] | None:
        listed = frozenset(str(n) for n in term.get("namespaces") or ())
        selector = term.get("namespaceSelector")
        if isinstance(selector, Mapping):
            if not selector:
                return None
            listed |= {name for name, labels in self.labels.items() if matches(selector, labels)}
        elif not listed:
            listed = frozenset({own})
        return listed


def _pod_terms(
    value: Any, namespace: str, namespaces: _Namespaces, weighted: bool
) -> list[tuple[int, PodTerm]]:
    out: list[tuple[int, PodTerm]] = []
    for _, item in entries(value):
        weight = (integer(item.get("weight")) or 0) if weighted else 0
        term = mapping(item.get("podAffinityTerm")) if weighted else item
        selector = term.get("labelSelector")
        key = text(term.get("topologyKey"))
        if key is None:
            continue  # the API server rejects it
        selector = selector if isinstance(selector, Mapping) else None
        out.append((weight, PodTerm(selector, namespaces.resolve(term, namespace), key)))
    return out


def _spread(value: Any, namespace: str, labels: Mapping[str, str]) -> tuple[Spread, ...]:
    out: list[Spread] = []
    for _, item in entries(value):
        key = text(item.get("topologyKey"))
        selector = item.get("labelSelector")
        if key is None:
            continue  # the API server rejects it
        selector = selector if isinstance(selector, Mapping) else None
        extra = [
            {"key": k, "operator": "In", "values": [labels[k]]}
            for k in item.get("matchLabelKeys") or ()
            if k in labels
        ]
        if extra and selector is not None:
            expressions = [*(selector.get("matchExpressions") or ()), *extra]
            selector = {**selector, "matchExpressions": expressions}
        out.append(
            Spread(
                max_skew=integer(item.get("maxSkew")) or 1,
                topology_key=key,
                hard=item.get("whenUnsatisfiable", "DoNotSchedule") == "DoNotSchedule",
                term=PodTerm(selector, frozenset({namespace}), key),
                min_domains=integer(item.get("minDomains")) or 1,
                honor_affinity=item.get("nodeAffinityPolicy", "Honor") == "Honor",
                honor_taints=item.get("nodeTaintsPolicy", "Ignore") == "Honor",
            )
        )
    return tuple(out)


@dataclass(slots=True)
class _Inputs:
    """The objects besides workloads that shape pods: priorities, HPAs, namespaces, services."""

    priorities: dict[str, int]
    default_priority: int
    never_preempt: set[str]  # PriorityClasses with preemptionPolicy: Never
    scale: dict[tuple[str, str | None, str], tuple[int, int]]
    namespaces: _Namespaces
    services: list[tuple[str, Mapping[str, Any]]]


def _inputs(resources: Sequence[Resource]) -> _Inputs:
    priorities = dict(SYSTEM_PRIORITIES)
    default_priority = 0
    never_preempt: set[str] = set()
    scale: dict[tuple[str, str | None, str], tuple[int, int]] = {}
    services: list[tuple[str, Mapping[str, Any]]] = []
    for r in resources:
        if r.kind == "PriorityClass" and r.ref.name:
            value = integer(r.data.get("value")) or 0
            priorities[r.ref.name] = value
            if r.data.get("globalDefault") is True:
                default_priority = value
            if r.data.get("preemptionPolicy") == "Never":
                never_preempt.add(r.ref.name)
        elif r.kind == "HorizontalPodAutoscaler":
            target = mapping(dig(r.data, "spec", "scaleTargetRef"))
            kind, name = text(target.get("kind")), text(target.get("name"))
            if kind and name:
                spec = mapping(r.data.get("spec"))
                low = integer(spec.get("minReplicas")) or 1
                scale[(kind, r.ref.namespace, name)] = (
                    low,
                    integer(spec.get("maxReplicas")) or low,
                )
        elif r.kind == "Service":
            selector = mapping(dig(r.data, "spec", "selector"))
            if selector and r.ref.namespace:
                services.append((r.ref.namespace, selector))
    namespaces = _Namespaces(resources)
    return _Inputs(priorities, default_priority, never_preempt, scale, namespaces, services)


def _short_hash(data: Any) -> str:
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
    return digest[:5]


def _replica_names(resource: Resource, inputs: _Inputs, at_max: bool) -> list[str]:
    """The names of the pods a workload creates (DaemonSets: one template, named later)."""
    kind, name, spec = resource.kind, resource.ref.name or "pod", mapping(resource.data.get("spec"))
    if kind == "Pod":
        return [name]
    if kind == "DaemonSet":
        return [name]
    if kind in ("Job", "CronJob"):
        job = mapping(dig(spec, "jobTemplate", "spec")) if kind == "CronJob" else spec
        parallelism = declared_replicas({"kind": "Job", "spec": job})
        count = 1 if parallelism is None else parallelism
        completions = integer(job.get("completions"))
        if completions is not None:
            count = min(count, completions)
        prefix = f"{name}-{_short_hash(name)}" if kind == "CronJob" else name
        where = ("spec", "jobTemplate", "spec") if kind == "CronJob" else ("spec",)
        _bound(resource, (*where, "parallelism"), count)
        return [f"{prefix}-{i}" for i in range(count)]
    replicas = declared_replicas(resource.data)
    if replicas is None and spec.get("replicas") is not None:
        raise PodError(resource, ("spec", "replicas"), f"{describe(spec['replicas'])} is no count")
    count = 1 if replicas is None else replicas
    scaled = inputs.scale.get((str(kind), resource.ref.namespace, name))
    if scaled is not None:
        count = scaled[1] if at_max else scaled[0]
    _bound(resource, ("spec", "replicas"), count)
    if kind == "Deployment":
        template_hash = _short_hash(spec.get("template"))
        return [f"{name}-{template_hash}-{i}" for i in range(count)]
    return [f"{name}-{i}" for i in range(count)]


def _bound(resource: Resource, path: tuple[str | int, ...], count: int) -> None:
    if count > MAX_REPLICAS:
        raise PodError(
            resource,
            path,
            f"{count:,} replicas: more than the {MAX_REPLICAS:,} pods a dry run places for one"
            " workload",
        )


def _owner_selector(
    resource: Resource, labels: Mapping[str, str], inputs: _Inputs
) -> PodTerm | None:
    """The selector of kube's default soft spreading: the owning ReplicaSet / RC /
    StatefulSet's selector, ANDed with those of the Services that select the pod."""
    namespace = resource.ref.namespace or "default"
    expressions: list[Mapping[str, Any]] = []
    if resource.kind in SCALABLE_KINDS:
        selector = dig(resource.data, "spec", "selector")
        if resource.kind == "ReplicationController":
            selector = {"matchLabels": mapping(selector) or labels}
        selector = mapping(selector)
        for key, value in mapping(selector.get("matchLabels")).items():
            expressions.append({"key": key, "operator": "In", "values": [str(value)]})
        expressions.extend(selector.get("matchExpressions") or ())
    for service_namespace, selector in inputs.services:
        if service_namespace == namespace and matches_map(selector, labels):
            expressions.extend(
                {"key": k, "operator": "In", "values": [str(v)]} for k, v in selector.items()
            )
    if not expressions:
        return None
    return PodTerm({"matchExpressions": expressions}, frozenset({namespace}), "")


def _template_pod(resource: Resource, inputs: _Inputs, namespace: str) -> Pod:
    found, spec_found = pod_template(resource.data), pod_spec(resource.data)
    assert found is not None
    assert spec_found is not None
    spec = spec_found[1]
    labels = {str(k): str(v) for k, v in mapping(dig(found[1], "metadata", "labels")).items()}
    asks = container_asks(resource)
    affinity = mapping(spec.get("affinity"))
    node_affinity = mapping(affinity.get("nodeAffinity"))
    required = dig(node_affinity, "requiredDuringSchedulingIgnoredDuringExecution")
    terms = dig(required, "nodeSelectorTerms") if isinstance(required, Mapping) else None
    preferred = tuple(
        (integer(p.get("weight")) or 0, mapping(p.get("preference")))
        for _, p in entries(node_affinity.get("preferredDuringSchedulingIgnoredDuringExecution"))
    )
    pod_affinity = mapping(affinity.get("podAffinity"))
    pod_anti = mapping(affinity.get("podAntiAffinity"))
    required_key = "requiredDuringSchedulingIgnoredDuringExecution"
    preferred_key = "preferredDuringSchedulingIgnoredDuringExecution"
    ns = inputs.namespaces
    priority = integer(spec.get("priority"))
    class_name = text(spec.get("priorityClassName"))
    if priority is None:
        priority = inputs.priorities.get(class_name or "", inputs.default_priority)
    tolerations = _tolerations(spec.get("tolerations"))
    if resource.kind == "DaemonSet":
        extra = [*DAEMON_TOLERATIONS]
        if spec.get("hostNetwork") is True:
            extra.append(HOST_NETWORK_TOLERATION)
        tolerations += _tolerations(extra)
    spread = _spread(spec.get("topologySpreadConstraints"), namespace, labels)
    claims = [
        str(dig(v, "persistentVolumeClaim", "claimName"))
        for _, v in entries(spec.get("volumes"))
        if text(dig(v, "persistentVolumeClaim", "claimName"))
    ]
    return Pod(
        name=resource.ref.name or "pod",
        namespace=namespace,
        owner=str(resource.ref),
        source=resource,
        labels=labels,
        spec=spec,
        group=f"{resource.ref}#{next(_TEMPLATES)}",
        priority=priority,
        preempts=spec.get("preemptionPolicy", "PreemptLowerPriority") != "Never"
        and (class_name or "") not in inputs.never_preempt,
        node_name=text(spec.get("nodeName")),
        requests=asks.requests,
        nonzero=(asks.nonzero.get("cpu", 0), asks.nonzero.get("memory", 0)),
        tolerations=tolerations,
        node_selector={str(k): str(v) for k, v in mapping(spec.get("nodeSelector")).items()},
        required_terms=tuple(m for _, m in entries(terms)) if isinstance(terms, list) else None,
        preferred_terms=preferred,
        ports=tuple(asks.ports),
        affinity=tuple(
            t for _, t in _pod_terms(pod_affinity.get(required_key), namespace, ns, False)
        ),
        anti_affinity=tuple(
            t for _, t in _pod_terms(pod_anti.get(required_key), namespace, ns, False)
        ),
        preferred_affinity=(
            *_pod_terms(pod_affinity.get(preferred_key), namespace, ns, True),
            *((-w, t) for w, t in _pod_terms(pod_anti.get(preferred_key), namespace, ns, True)),
        ),
        spread=spread,
        default_spread=None if spread else _owner_selector(resource, labels, inputs),
        images=tuple(asks.images),
        claims=tuple(claims),
        resource_claims=tuple(
            (
                str(c.get("name") or ""),
                text(c.get("resourceClaimName")),
                text(c.get("resourceClaimTemplateName")),
            )
            for _, c in entries(spec.get("resourceClaims"))
        ),
        disks=_disks(spec.get("volumes")),
        daemon=resource.kind == "DaemonSet",
        terminating=resource.kind == "Pod"
        and dig(resource.data, "metadata", "deletionTimestamp") is not None,
    )


def _copy(template: Pod, name: str, claims: tuple[str, ...]) -> Pod:
    return dataclasses.replace(template, name=name, claims=claims)


def workload_pods(
    resources: Sequence[Resource],
    default_namespace: str,
    at_max: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> list[Pod]:
    """Every pod the workloads in `resources` create, highest priority first, then input order.
    Raises PodError for a field that cannot be read (a quantity such as `cpu: lots`), and at
    the workload whose pods take the total over `max-schedule-pods`."""
    inputs = _inputs(resources)
    pods: list[Pod] = []
    for resource in resources:
        if pod_spec(resource.data) is None:
            continue
        template = _checked_template(resource, inputs, default_namespace)
        claim_templates = [
            text(dig(t, "metadata", "name"))
            for _, t in entries(dig(resource.data, "spec", "volumeClaimTemplates"))
        ]
        for name in _replica_names(resource, inputs, at_max):
            claims = template.claims
            if resource.kind == "StatefulSet":
                claims += tuple(f"{t}-{name}" for t in claim_templates if t)
            pods.append(_copy(template, name, claims))
        if len(pods) > limits.max_schedule_pods:
            what = limits.exceeded("max_schedule_pods", "the workloads make too many pods together")
            raise PodError(resource, ("spec", "replicas"), what)
    return sorted(pods, key=lambda p: -p.priority)


def _checked_template(resource: Resource, inputs: _Inputs, default_namespace: str) -> Pod:
    namespace = resource.ref.namespace or default_namespace
    try:
        template = _template_pod(resource, inputs, namespace)
        terms = [*template.affinity, *template.anti_affinity, *(s.term for s in template.spread)]
        terms.extend(term for _, term in template.preferred_affinity)
        for term in terms:
            matches(term.selector, {})  # the API server rejects an invalid selector up front
    except SelectorError as exc:
        raise PodError(resource, (), f"invalid label selector: {exc}") from None
    return template


def template_pod(resource: Resource, resources: Sequence[Resource], default_namespace: str) -> Pod:
    """The pod a workload stamps out, named after the workload (for what-ifs that add more)."""
    return _checked_template(resource, _inputs(resources), default_namespace)


def daemon_pod(template: Pod, node: str) -> Pod:
    """The DaemonSet controller's pod for one node: pinned there by node affinity."""
    name = f"{template.name}-{node}"
    return dataclasses.replace(template, name=name, pinned=node, daemon=False)

"""## What it does
Runs the API server's own validation that no JSON schema carries (the checks of
`pkg/apis/core/validation` and `pkg/apis/apps/validation`, with their wording and limits):

- `metadata.name`: a DNS-1123 subdomain for most kinds, a DNS-1123 label for a Namespace, a
  DNS-1035 label for a Service, at most 52 characters for a CronJob; `metadata.namespace` a
  DNS-1123 label;
- label keys and values, annotation keys and their total size (256 KiB), on the object, its pod
  template and its selector;
- container, volume and port names (a port name is an IANA service name: at most 15 lower-case
  letters, digits and hyphens, with a letter), unique container names in a pod, unique port names
  in a container, `imagePullPolicy`, `protocol` and `restartPolicy` values;
- int-or-string ports the way the API server reads them: a number from 1 to 65535 or an IANA
  service name (container ports, probe ports, Service `port` and `targetPort`), and Service port
  names that are DNS-1123 labels;
- every `volumeMounts` entry names a volume of the pod;
- `resources.requests` at most `resources.limits` for each resource;
- a probe has exactly one handler (`exec`, `httpGet`, `tcpSocket` or `grpc`);
- a Deployment, ReplicaSet, StatefulSet or DaemonSet selector is not empty and matches the pod
  template's labels; a rolling update's `maxSurge` and `maxUnavailable` are not both 0 and
  percentages are valid;
- the pods of a Job or CronJob have `restartPolicy` `OnFailure` or `Never`, those of other
  workloads `Always`;
- a CronJob `schedule` is valid cron syntax (and has no `TZ=`: use `timeZone`).

## Why is this bad?
The API server refuses the object (`kubectl apply` fails with `Invalid value`), even though it
passes schema validation: these rules live in the server's code, not in its OpenAPI document.

## Example
```yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: My_App}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports: [{name: http-metrics-port, containerPort: 9090}]
          volumeMounts: [{name: config, mountPath: /etc/web}]
          resources: {requests: {cpu: "2"}, limits: {cpu: "1"}}
```

## Use instead
```yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: my-app}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports: [{name: metrics, containerPort: 9090}]
          volumeMounts: [{name: config, mountPath: /etc/web}]
          resources: {requests: {cpu: "1"}, limits: {cpu: "2"}}
      volumes: [{name: config, configMap: {name: web}}]
```
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from kubelint.findings import Severity
from kubelint.k8s import names
from kubelint.k8s.cron import schedule_error
from kubelint.k8s.data import dig, digits, entries, integer, is_mapping, mapping
from kubelint.k8s.quantity import QuantityError, parse_quantity
from kubelint.k8s.selectors import SelectorError, matches
from kubelint.k8s.workloads import WORKLOAD_KINDS, Container, containers, pod_spec, pod_template
from kubelint.objects import Resource
from kubelint.printable import json_quote
from kubelint.rules.base import Context, Problem, Rule
from kubelint.yamlload import JsonPath, format_path

# The checks append what they find to one list (`out`) instead of yielding it: most objects have
# no problem at all, and generators nested per part of an object were a large share of the cost.

# metadata.name: the kinds the API server checks against another rule than a DNS subdomain.
NAME_CHECKS: dict[str, names.Check] = {
    "Namespace": names.dns1123_label,
    "Service": names.dns1035_label,
}
# Kinds whose names are path segments (RBAC: `system:controller:foo` is a valid name).
PATH_SEGMENT_KINDS = frozenset({"ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"})
# Built-in kinds checked as DNS subdomains (custom resources and the rest are left alone).
SUBDOMAIN_KINDS = frozenset(
    {
        "ConfigMap", "CronJob", "CSIDriver", "DaemonSet", "Deployment", "Endpoints",
        "HorizontalPodAutoscaler", "Ingress", "IngressClass", "Job", "LimitRange",
        "NetworkPolicy", "Node", "PersistentVolume", "PersistentVolumeClaim", "Pod",
        "PodDisruptionBudget", "PodTemplate", "PriorityClass", "ReplicaSet",
        "ReplicationController", "ResourceQuota", "RuntimeClass", "Secret", "ServiceAccount",
        "StatefulSet", "StorageClass",
    }
)  # fmt: skip
CRONJOB_NAME_MAX = 52  # the Job names it creates add 11 characters
SELECTOR_KINDS = ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet")
ROLLING_KINDS = ("Deployment", "DaemonSet")
RUN_TO_COMPLETION = ("Job", "CronJob")
# The kinds whose `spec` has checks of its own (besides a pod's).
SPEC_KINDS = frozenset({"Service", "CronJob", *SELECTOR_KINDS, *ROLLING_KINDS})
HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")
PROBES = ("livenessProbe", "readinessProbe", "startupProbe")
VALUES = {
    "imagePullPolicy": ("Always", "IfNotPresent", "Never"),
    "protocol": ("TCP", "UDP", "SCTP"),
    "restartPolicy": ("Always", "OnFailure", "Never"),
}


def _invalid(path: JsonPath, value: object, reasons: Sequence[str], key: bool = False) -> Problem:
    where = format_path(path)
    return Problem(f"{where}: invalid value {json_quote(value)}: {'; '.join(reasons)}", path, key)


def _unsupported(path: JsonPath, value: object, allowed: tuple[str, ...]) -> Problem:
    supported = ", ".join(json.dumps(v) for v in allowed)
    message = f"{format_path(path)}: unsupported value {json_quote(value)}: supported values: "
    return Problem(message + supported, path)


def _path_segment(value: str) -> names.Reasons:
    if value in (".", ".."):
        return (f"may not be '{value}'",)
    return tuple(f"may not contain '{c}'" for c in "/%" if c in value)


# kind → the check of its `metadata.name`
_NAME_CHECK_OF_KIND: dict[str, names.Check] = {
    **dict.fromkeys(SUBDOMAIN_KINDS, names.dns1123_subdomain),
    **dict.fromkeys(PATH_SEGMENT_KINDS, _path_segment),
    **NAME_CHECKS,
}


def _metadata(data: Mapping[str, Any], kind: str | None) -> list[Problem]:
    out: list[Problem] = []
    meta = data.get("metadata")
    if not is_mapping(meta):
        return out
    name = meta.get("name")
    check = _NAME_CHECK_OF_KIND.get(kind) if kind else None
    if check is not None and isinstance(name, str) and name:
        reasons = check(name)
        if kind == "CronJob":
            reasons += names.too_long(name, CRONJOB_NAME_MAX)
        if reasons:
            out.append(_invalid(("metadata", "name"), name, reasons))
    namespace = meta.get("namespace")
    if isinstance(namespace, str) and namespace and (reasons := names.dns1123_label(namespace)):
        out.append(_invalid(("metadata", "namespace"), namespace, reasons))
    _labels(meta.get("labels"), ("metadata", "labels"), out)
    _annotations(meta.get("annotations"), ("metadata", "annotations"), out)
    return out


def _labels(labels: Any, path: JsonPath, out: list[Problem]) -> None:
    if not labels or not is_mapping(labels):
        return
    for key, value in labels.items():
        if isinstance(key, str) and (reasons := names.qualified_name(key)):
            out.append(_invalid((*path, key), key, reasons, key=True))
        if isinstance(value, str) and (reasons := names.label_value(value)):
            out.append(_invalid((*path, key), value, reasons))


def _annotations(annotations: Any, path: JsonPath, out: list[Problem]) -> None:
    if not annotations or not is_mapping(annotations):
        return
    characters = 0  # of the keys and values (as text), at most 4 bytes each in UTF-8
    for key, value in annotations.items():
        if isinstance(key, str) and (reasons := names.qualified_name(key)):
            out.append(_invalid((*path, key), key, reasons, key=True))
        characters += len(str(key)) + len(str(value))
    if characters * 4 <= names.ANNOTATIONS_MAX:
        return  # the exact size in bytes only matters near the limit
    size = sum(len(str(k).encode()) + len(str(v).encode()) for k, v in annotations.items())
    if size > names.ANNOTATIONS_MAX:
        out.append(
            Problem(
                f"{format_path(path)}: too long: must have at most {names.ANNOTATIONS_MAX} "
                f"bytes (it has {size})",
                path,
                key=True,
            )
        )


def _selector(selector: Mapping[str, Any], path: JsonPath, out: list[Problem]) -> None:
    _labels(selector.get("matchLabels"), (*path, "matchLabels"), out)
    if expressions := selector.get("matchExpressions"):
        for i, expression in entries(expressions):
            key = expression.get("key")
            if isinstance(key, str) and (reasons := names.qualified_name(key)):
                out.append(_invalid((*path, "matchExpressions", i, "key"), key, reasons))


def _container(container: Container, volumes: set[str], out: list[Problem]) -> None:
    data, path = container.data, container.path
    name = data.get("name")
    if isinstance(name, str) and name and (reasons := names.dns1123_label(name)):
        out.append(_invalid((*path, "name"), name, reasons))
    policy = data.get("imagePullPolicy")
    if isinstance(policy, str) and policy not in VALUES["imagePullPolicy"]:
        out.append(_unsupported((*path, "imagePullPolicy"), policy, VALUES["imagePullPolicy"]))
    if ports := data.get("ports"):
        _ports(ports, path, out)
    for field in ("volumeMounts", "volumeDevices"):
        if mounts := data.get(field):
            _mounts(mounts, volumes, (*path, field), out)
    if resources := data.get("resources"):
        _resources(mapping(resources), path, out)
    for probe in PROBES:
        handlers = data.get(probe)
        if is_mapping(handlers):
            _handlers(handlers, (*path, probe), out)


def _mounts(mounts: Any, volumes: set[str], path: JsonPath, out: list[Problem]) -> None:
    for i, mount in entries(mounts):
        volume = mount.get("name")
        if isinstance(volume, str) and volume not in volumes:
            where = format_path((*path, i, "name"))
            message = f'{where}: not found: "{volume}" (no volume of the pod has this name)'
            out.append(Problem(message, (*path, i, "name")))


def _ports(ports: Any, container: JsonPath, out: list[Problem]) -> None:
    seen: set[str] = set()
    for i, port in entries(ports):
        path = (*container, "ports", i)
        name = port.get("name")
        if isinstance(name, str):
            if reasons := names.port_name(name):
                out.append(_invalid((*path, "name"), name, reasons))
            elif name in seen:
                where = (*path, "name")
                out.append(Problem(f'{format_path(where)}: duplicate value "{name}"', where))
            seen.add(name)
        if problem := _port(port.get("containerPort"), path, "containerPort", False):
            out.append(problem)
        host = port.get("hostPort")
        if host not in (None, 0) and (problem := _port(host, path, "hostPort", False)):
            out.append(problem)  # (0: no host port)
        protocol = port.get("protocol")
        if isinstance(protocol, str) and protocol not in VALUES["protocol"]:
            out.append(_unsupported((*path, "protocol"), protocol, VALUES["protocol"]))


def _resources(resources: Mapping[str, Any], container: JsonPath, out: list[Problem]) -> None:
    requests, limits = mapping(resources.get("requests")), mapping(resources.get("limits"))
    for resource, request in requests.items():
        if resource not in limits:
            continue
        try:
            too_much = parse_quantity(request) > parse_quantity(limits[resource])
        except QuantityError:
            continue  # the schema rule reports an invalid quantity
        if too_much:
            where = (*container, "resources", "requests", resource)
            message = (
                f"{format_path(where)}: invalid value {json.dumps(request)}: must be less than or "
                f"equal to {resource} limit of {limits[resource]}"
            )
            out.append(Problem(message, where))


def _port(value: Any, parent: JsonPath, field: str, names_allowed: bool = True) -> Problem | None:
    """What is wrong with an int-or-string port (`parent.field`) as the API server reads it:
    1-65535, or an IANA service name."""
    if isinstance(value, str) and names_allowed:
        if reasons := names.port_name(value):
            return _invalid((*parent, field), value, reasons)
    elif (number := integer(value)) is not None and not 1 <= number <= 65535:
        path = (*parent, field)
        message = f"{format_path(path)}: invalid value {number}: must be between 1 and 65535"
        return Problem(message + ", inclusive", path)
    return None


def _handlers(probe: Mapping[str, Any], path: JsonPath, out: list[Problem]) -> None:
    for handler in ("httpGet", "tcpSocket", "grpc"):
        if handler in probe:
            port = mapping(probe[handler]).get("port")
            if problem := _port(port, (*path, handler), "port", names_allowed=handler != "grpc"):
                out.append(problem)
    found = [key for key, value in probe.items() if key in HANDLERS and value is not None]
    if not found:
        out.append(
            Problem(
                f"{format_path(path)}: must specify a handler type (one of {', '.join(HANDLERS)})",
                path,
                key=True,
            )
        )
    for extra in found[1:]:
        out.append(
            Problem(
                f"{format_path((*path, extra))}: may not specify more than 1 handler type "
                f"(it also has {found[0]})",
                (*path, extra),
                key=True,
            )
        )


def _pod(obj: Resource, kind: str) -> list[Problem]:
    out: list[Problem] = []
    found = obj.derived(pod_spec)
    if found is None:
        return out
    path, spec = found
    volumes: set[str] = set()
    for i, volume in entries(spec.get("volumes")):
        name = volume.get("name")
        if not isinstance(name, str):
            continue
        if reasons := names.dns1123_label(name):
            out.append(_invalid((*path, "volumes", i, "name"), name, reasons))
        elif name in volumes:
            where: JsonPath = (*path, "volumes", i, "name")
            out.append(Problem(f'{format_path(where)}: duplicate value "{name}"', where))
        volumes.add(name)
    if kind == "StatefulSet":  # each claim template is a volume of the pods
        for _, claim in entries(dig(obj.data, "spec", "volumeClaimTemplates")):
            claim_name = dig(claim, "metadata", "name")
            if isinstance(claim_name, str):
                volumes.add(claim_name)
    seen: set[str] = set()
    for container in obj.derived(containers):
        _container(container, volumes, out)
        name = container.data.get("name")
        if isinstance(name, str):
            if name in seen:
                where = (*container.path, "name")
                out.append(Problem(f'{format_path(where)}: duplicate value "{name}"', where))
            seen.add(name)
    _restart_policy(spec, path, kind, out)
    return out


def _restart_policy(spec: Mapping[str, Any], path: JsonPath, kind: str, out: list[Problem]) -> None:
    policy = spec.get("restartPolicy")
    if kind in RUN_TO_COMPLETION:
        allowed: tuple[str, ...] = ("OnFailure", "Never")
        if policy is None:
            message = (
                f'{format_path(path)}: missing required field "restartPolicy" (a {kind} needs '
            )
            out.append(
                Problem(
                    message + 'OnFailure or Never; "Always" is not allowed)',
                    (*path, "restartPolicy"),
                    True,
                )
            )
            return
    elif kind == "Pod":
        allowed = VALUES["restartPolicy"]
    else:
        allowed = ("Always",)
    if isinstance(policy, str) and policy not in allowed:
        out.append(_unsupported((*path, "restartPolicy"), policy, allowed))


def _service_ports(spec: Mapping[str, Any], out: list[Problem]) -> None:
    for i, port in entries(spec.get("ports")):
        path: JsonPath = ("spec", "ports", i)
        name = port.get("name")
        if isinstance(name, str) and name and (reasons := names.dns1123_label(name)):
            out.append(_invalid((*path, "name"), name, reasons))
        if problem := _port(port.get("port"), path, "port", names_allowed=False):
            out.append(problem)
        target = port.get("targetPort")
        if target not in (None, 0) and (problem := _port(target, path, "targetPort")):
            out.append(problem)  # (0: the same as `port`)
        protocol = port.get("protocol")
        if isinstance(protocol, str) and protocol not in VALUES["protocol"]:
            out.append(_unsupported((*path, "protocol"), protocol, VALUES["protocol"]))


def _workload(
    data: Mapping[str, Any], kind: str, template: Mapping[str, Any] | None
) -> list[Problem]:
    out: list[Problem] = []
    if kind not in SPEC_KINDS:
        return out
    spec = mapping(data.get("spec"))
    if kind == "Service":
        _service_ports(spec, out)
    selector = spec.get("selector")
    if kind in SELECTOR_KINDS and is_mapping(selector):
        _selector_matches(selector, kind, template, out)
    if kind in ROLLING_KINDS:
        field = "strategy" if kind == "Deployment" else "updateStrategy"
        rolling = dig(spec, field, "rollingUpdate")
        if is_mapping(rolling):
            _rolling_update(rolling, ("spec", field, "rollingUpdate"), out)
    if kind == "CronJob" and isinstance(spec.get("schedule"), str):
        error = schedule_error(spec["schedule"])
        if error:
            out.append(_invalid(("spec", "schedule"), spec["schedule"], [error]))
    return out


def _selector_matches(
    selector: Mapping[str, Any], kind: str, template: Mapping[str, Any] | None, out: list[Problem]
) -> None:
    path: JsonPath = ("spec", "selector")
    _selector(selector, path, out)
    if not selector.get("matchLabels") and not selector.get("matchExpressions"):
        out.append(
            Problem(f"spec.selector: empty selector is invalid for {kind.lower()}", path, True)
        )
        return
    labels = mapping(dig(template, "metadata", "labels"))
    try:
        selected = matches(selector, labels)
    except SelectorError as exc:
        out.append(Problem(f"spec.selector: {exc}", path, key=True))
        return
    if not selected:
        message = "spec.template.metadata.labels: invalid value: `selector` does not match "
        out.append(
            Problem(message + "template `labels`", ("spec", "template", "metadata", "labels"))
        )


_PERCENT = re.compile(r"[0-9]+%")


def _rolling_update(rolling: Mapping[str, Any], path: JsonPath, out: list[Problem]) -> None:
    zero: dict[str, bool] = {}
    for field in ("maxSurge", "maxUnavailable"):
        value = rolling.get(field)
        if isinstance(value, str):
            if not _PERCENT.fullmatch(value):
                out.append(_invalid((*path, field), value, [
                    "a valid percent string must be a numeric string followed by an ending '%' "
                    "(e.g. '1%', or '93%', regex used for validation is '[0-9]+%')"
                ]))  # fmt: skip
                continue
            share = digits(value[:-1])
            if share is None or share > 100:
                out.append(_invalid((*path, field), value, ["must not be greater than 100%"]))
            zero[field] = share == 0
        elif (number := integer(value)) is not None:
            if number < 0:
                reasons = ["must be greater than or equal to 0"]
                out.append(_invalid((*path, field), number, reasons))
            zero[field] = number == 0
    if zero.get("maxSurge") and zero.get("maxUnavailable"):
        where = (*path, "maxUnavailable")
        out.append(
            _invalid(where, rolling["maxUnavailable"], ["may not be 0 when `maxSurge` is 0"])
        )


def check(obj: Resource, ctx: Context) -> list[Problem]:
    kind = obj.kind
    data = obj.data
    problems = _metadata(data, kind)
    if kind is None:
        return problems
    template = obj.derived(pod_template) if kind in WORKLOAD_KINDS else None
    if template is not None:
        path, found = template
        if path:  # a Pod's metadata is its own, checked above
            meta = found.get("metadata")
            if is_mapping(meta):
                _labels(meta.get("labels"), (*path, "metadata", "labels"), problems)
                _annotations(meta.get("annotations"), (*path, "metadata", "annotations"), problems)
        problems += _pod(obj, kind)
    problems += _workload(data, kind, template[1] if template else None)
    return problems


RULE = Rule(
    id="api-validation",
    severity=Severity.ERROR,
    summary="The API server's own validation: names, labels, ports, volumes, selectors, probes",
    doc=__doc__ or "",
    peers=("kube-linter:mismatching-selector",),
    check=check,
    local=True,
)

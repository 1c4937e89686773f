"""## What it does
Reports a Service whose `spec.selector` matches the pod template of no workload (Deployment,
StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, ReplicationController or Pod) in its
namespace. A Service without a selector (its endpoints are managed by hand) and an ExternalName
Service are not checked.

Nor is one whose selector a custom resource of its namespace carries among its labels (its
own, or a `labels` map in its spec): an operator may make the pods from it, as
prometheus-operator makes a Prometheus's pods with the Prometheus's labels. A StatefulSet's pods
also carry the labels its controller gives each one (`statefulset.kubernetes.io/pod-name:
redis-2`, `apps.kubernetes.io/pod-index: "2"`), so a Service for one pod of it matches.

## Why is this bad?
A Service that selects no pod has no endpoints: every connection to it is refused. It is almost
always a typo in a label, or a label changed on one side only.

## Example
```yaml
kind: Service
metadata: {name: web}
spec:
  selector: {app: wbe}
  ports: [{port: 80}]
```

## Use instead
```yaml
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}   # the labels of the Deployment's pod template
  ports: [{port: 80}]
```
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from kubelint.findings import Severity
from kubelint.k8s.data import mapping
from kubelint.k8s.selectors import format_selector
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    spec = mapping(obj.data.get("spec"))
    selector = spec.get("selector")
    if not isinstance(selector, Mapping) or not selector or spec.get("type") == "ExternalName":
        return
    namespace = obj.ref.namespace
    if not ctx.index.selected_by_map(namespace, selector) and not (
        ctx.index.labelled_custom_resources(namespace, {"matchLabels": selector})
    ):
        yield Problem(
            f'selector "{format_selector(selector)}" matches no pod template in namespace '
            f'"{obj.ref.namespace}"',
            ("spec", "selector"),
            key=True,
        )


RULE = Rule(
    id="service-selector-matches",
    severity=Severity.WARNING,
    summary="A Service's selector matches at least one pod template",
    doc=__doc__ or "",
    peers=("kube-linter:dangling-service", "kube-score:service-targets-pod"),
    kinds=frozenset({"Service"}),
    check=check,
)

"""## What it does
Reports a pod that shares a namespace of its node: `hostNetwork`, `hostPID` or `hostIPC` set to
true.

## Why is this bad?
With the host's network a pod can sniff and bind every interface of the node and bypasses
NetworkPolicies and service-mesh encryption; with the host's PID or IPC namespace it sees, and
can signal or read the memory of, every process on the node.

## Example
```yaml
spec:
  hostNetwork: true
```

## Use instead
```yaml
spec:
  containers:
    - name: web
      ports: [{containerPort: 8080}]   # expose it through a Service
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.workloads import WORKLOAD_KINDS, pod_spec
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule

FIELDS = {"hostNetwork": "network", "hostPID": "process IDs", "hostIPC": "IPC"}


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    found = obj.derived(pod_spec)
    if found is None:
        return
    path, spec = found
    for field, what in FIELDS.items():
        if spec.get(field) is True:
            yield Problem(f"{field} shares the node's {what} with the pod", (*path, field))


RULE = Rule(
    id="host-namespaces",
    severity=Severity.WARNING,
    summary="Pods do not share the node's network, PID or IPC namespace",
    doc=__doc__ or "",
    peers=(
        "kube-linter:host-network",
        "kube-linter:host-pid",
        "kube-linter:host-ipc",
        "polaris:hostNetworkSet",
        "polaris:hostPIDSet",
        "polaris:hostIPCSet",
    ),
    kinds=WORKLOAD_KINDS,
    check=check,
    local=True,
)

"""## What it does
Runs the API server's own validation of built-in kinds, the checks no JSON schema carries:
`pkg/apis/*/validation` of kubernetes/kubernetes, ported to `kubelint/validation/` with the
server's field paths and wording, for the target `--kubernetes-version`:

```
spec.template.spec.containers[0].image: Required value
spec.replicas: Invalid value: -1: must be greater than or equal to 0
spec.containers[0].ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", …
spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without …
spec.template.spec.containers[1].name: Duplicate value: "web"
spec.template.spec.containers[0].volumeMounts[0].name: Not found: "config"
```

- every kind: name (a DNS subdomain; a DNS label for a Namespace, DNS-1035 for a Service, a
  path segment for RBAC objects), namespace, label and annotation syntax and size;
- pods and the pod templates of every workload: containers, init (and sidecar) containers,
  ephemeral containers, ports and host-port conflicts, env and envFrom, volume mounts and devices,
  probes and lifecycle handlers, resources (names, quantities, requests within limits), resize
  policies, pod-level resources, security contexts (and what a Windows or Linux pod, or a user
  namespace, rules out), volumes (exactly one source, each source's fields, ephemeral claim
  templates), affinity, tolerations, topology spread constraints, DNS config, host aliases, host
  network, restart policy, the pod annotations the server reads (mirror pod, deletion cost,
  seccomp);
- Service (ports, cluster IPs and families, external IPs, ExternalName, source ranges, traffic
  policies and distribution, session affinity), PersistentVolume (and the mount-options
  annotation per volume type), PersistentVolumeClaim, ConfigMap, Secret,
  ReplicationController, ResourceQuota (scopes, scope selectors), LimitRange (min, defaults,
  max and ratios in order), Node (taints, pod CIDRs), Endpoints, EndpointSlice;
- Deployment, ReplicaSet, StatefulSet, DaemonSet (selectors that select their template, update
  strategies, progress deadline), ControllerRevision; Job and CronJob (restart policy, completion
  mode and its limits, pod failure and success policies, managedBy, schedule, time zone);
  PodDisruptionBudget; HorizontalPodAutoscaler; NetworkPolicy, Ingress, IngressClass; Role,
  ClusterRole and bindings; PriorityClass, RuntimeClass; StorageClass, CSIDriver, CSINode,
  VolumeAttachment; Validating and Mutating WebhookConfigurations (rules, client config, match
  conditions), Validating and MutatingAdmissionPolicy and their bindings (mutations, patch
  types, reinvocation policy; every CEL expression compile-checked: syntax errors and
  undeclared variables such as `params` without a `paramKind`, in cel-go's words);
- IPAddress (named by a canonical IP), ServiceCIDR (one CIDR, or one per family, canonical);
  VolumeAttributesClass, CSIStorageCapacity;
- dynamic resource allocation (`resource.k8s.io/v1`, and `v1beta2`): ResourceClaim,
  ResourceClaimTemplate and DeviceClass (requests `exactly` or `firstAvailable`, allocation
  modes, device selectors whose CEL must compile, constraints, opaque configuration), and
  ResourceSlice (driver, pool, exactly one node selection, device names, attribute and capacity
  names, values and limits, taints, counters).

Values are printed as the target version's server prints them: maps, lists and structs in Go
syntax up to 1.33 (`map[string]string{"app":"api"}`), as JSON from 1.34 (`{"app":"api"}`).

A kind introduced in a later release than the target `--kubernetes-version` is checked only at
the versions serving it (ResourceClaim `v1` from 1.34, `v1beta2` from 1.33; ServiceCIDR
`v1beta1` until 1.36).

A manifest is read as the server reads it after defaulting: a field left out takes its default
(a Job's pods default to `restartPolicy: Always`, which a Job refuses; a Deployment's
`progressDeadlineSeconds` to 600), so only what is written, or a default it contradicts, is
reported. Custom resources are left to `schema`.

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
          image: ""
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

import functools

from kubelint.findings import Severity
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule
from kubelint.validation import Options, validate


@functools.cache  # a run has one target version; a check asks for each object
def options_for(version: str) -> Options:
    """Validation options for a target version such as "1.31"."""
    try:
        return Options(minor=int(version.split(".")[1]))
    except (IndexError, ValueError):
        return Options()


def check(obj: Resource, ctx: Context) -> list[Problem]:
    options = options_for(ctx.settings.kubernetes_version)
    return [Problem(e.message(options.minor), e.where, e.key) for e in validate(obj.data, options)]


RULE = Rule(
    id="api-validation",
    severity=Severity.ERROR,
    summary="The API server's own validation of built-in kinds, in its own words",
    doc=__doc__ or "",
    peers=("kube-linter:mismatching-selector",),
    check=check,
    local=True,
)

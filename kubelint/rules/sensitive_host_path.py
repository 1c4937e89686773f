"""## What it does
Reports a `hostPath` volume of a sensitive path of the node: the root, system folders (`/etc`,
`/proc`, `/sys`, …), the kubelet's state, and container runtime sockets (`docker.sock`,
`containerd.sock`, `crio.sock`).

## Why is this bad?
Mounting the runtime socket lets the pod start privileged containers on the node; system
folders expose credentials and let the pod change the node itself.

## Example
```yaml
volumes:
  - name: docker
    hostPath: {path: /var/run/docker.sock}
```

## Use instead
```yaml
volumes:
  - name: cache
    emptyDir: {}
```

## Options
- `paths` (list of shell patterns): the host paths that may not be mounted (`*` matches `/`).
"""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import entries, mapping
from kubelint.k8s.workloads import WORKLOAD_KINDS, pod_spec
from kubelint.objects import Resource
from kubelint.rules.base import Context, Option, Problem, Rule

SENSITIVE = [
    "/",
    "/boot",
    "/dev",
    "/etc",
    "/lib",
    "/proc",
    "/root",
    "/sys",
    "/usr",
    "/var/lib/kubelet",
    "*/docker.sock",
    "*/containerd.sock",
    "*/crio.sock",
]


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    found = obj.derived(pod_spec)
    if found is None:
        return
    spec_path, spec = found
    for i, volume in entries(spec.get("volumes")):
        path = mapping(volume.get("hostPath")).get("path")
        if not isinstance(path, str) or not path:
            continue
        normal = posixpath.normpath(path)
        if any(fnmatch.fnmatchcase(normal, pattern) for pattern in ctx.options["paths"]):
            yield Problem(
                f'hostPath "{path}" mounts a sensitive path of the node',
                (*spec_path, "volumes", i, "hostPath", "path"),
            )


RULE = Rule(
    id="sensitive-host-path",
    severity=Severity.WARNING,
    summary="Pods mount no sensitive host path or container runtime socket",
    doc=__doc__ or "",
    peers=(
        "kube-linter:sensitive-host-mounts",
        "kube-linter:docker-sock",
    ),
    options={
        "paths": Option(
            {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
            SENSITIVE,
            "host paths that may not be mounted (shell patterns)",
        )
    },
    kinds=WORKLOAD_KINDS,
    check=check,
    local=True,
)

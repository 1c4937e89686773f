"""## What it does
Reports a container that does not drop all Linux capabilities (`capabilities.drop: [ALL]`), and
one that adds a dangerous capability back (`SYS_ADMIN`, `NET_ADMIN`, `ALL`, … see the options).

## Why is this bad?
The default capability set of a container runtime includes `NET_RAW` (spoofed packets), `CHOWN`,
`SETUID` and more that a typical app never needs; `SYS_ADMIN` is nearly root on the node. Drop
everything and add back only what the app needs (`NET_BIND_SERVICE` for ports below 1024).

## Example
```yaml
securityContext:
  capabilities: {add: [SYS_ADMIN]}
```

## Use instead
```yaml
securityContext:
  capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}
```

## Options
- `forbidden` (list of capability names): capabilities that may not be added.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import dig
from kubelint.k8s.workloads import WORKLOAD_KINDS, hardenable_containers
from kubelint.objects import Resource
from kubelint.rules.base import Context, Option, Problem, Rule


def _name(capability: object) -> str:
    return str(capability).upper().removeprefix("CAP_")


@functools.lru_cache(maxsize=16)  # a run has one list; each workload is checked against it
def _forbidden(names: tuple[object, ...]) -> frozenset[str]:
    return frozenset(_name(c) for c in names)


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    forbidden = _forbidden(tuple(ctx.options["forbidden"]))
    for container, _ in obj.derived(hardenable_containers):
        at = (*container.path, "securityContext", "capabilities")
        drop = dig(container.data, "securityContext", "capabilities", "drop")
        if not isinstance(drop, list) or "ALL" not in {_name(c) for c in drop}:
            yield Problem(
                f'container "{container.name}" does not drop all capabilities: set '
                "securityContext.capabilities.drop: [ALL]",
                (*at, "drop") if isinstance(drop, list) else (*container.path, "name"),
            )
        add = dig(container.data, "securityContext", "capabilities", "add")
        for i, capability in enumerate(add if isinstance(add, list) else []):
            if _name(capability) in forbidden:
                yield Problem(
                    f'container "{container.name}" adds the capability {capability}',
                    (*at, "add", i),
                )


RULE = Rule(
    id="capabilities-dropped",
    severity=Severity.WARNING,
    summary="Containers drop all capabilities and add back no dangerous one",
    doc=__doc__ or "",
    peers=(
        "kube-linter:drop-net-raw-capability",
        "polaris:insecureCapabilities",
        "polaris:dangerousCapabilities",
    ),
    options={
        "forbidden": Option(
            {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
            ["ALL", "SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "SYS_MODULE", "NET_RAW", "BPF"],
            "capabilities that may not be added",
        )
    },
    kinds=WORKLOAD_KINDS,
    check=check,
    local=True,
)

"""## What it does
Reports an environment variable defined twice in one container's `env`.

## Why is this bad?
The last definition silently wins: whoever edits the first one changes nothing, and a merge
(Kustomize, Helm values) that appends a value meant to override may not.

## Example
```yaml
env:
  - {name: LOG_LEVEL, value: info}
  - {name: LOG_LEVEL, value: debug}
```

## Use instead
```yaml
env:
  - {name: LOG_LEVEL, value: debug}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import entries
from kubelint.k8s.workloads import WORKLOAD_KINDS, containers
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    for container in obj.derived(containers):
        first: dict[str, int] = {}
        for i, env in entries(container.data.get("env")):
            name = env.get("name")
            if isinstance(name, str) and first.setdefault(name, i) != i:
                yield Problem(
                    f'environment variable "{name}" of container "{container.name}" is already '
                    f"defined by env[{first[name]}]; the last one wins",
                    (*container.path, "env", i, "name"),
                )


RULE = Rule(
    id="duplicate-env",
    severity=Severity.WARNING,
    summary="A container defines each environment variable once",
    doc=__doc__ or "",
    peers=("kube-linter:duplicate-env-var", "kube-score:environment-variable-key-duplication"),
    kinds=WORKLOAD_KINDS,
    check=check,
    local=True,
)

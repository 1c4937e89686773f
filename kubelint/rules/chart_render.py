"""## What it does
Reports a chart that cannot be rendered, at the template line that failed: a Jinja2 syntax
error, a missing value used further (or any missing value with `--strict-undefined`), a
`required(...)` value that is not given, a `fail(...)`, a values file that violates
`values.schema.json`, an invalid `Chart.yaml`, a `kubeVersion` the target version does not
satisfy, or a template that the sandbox stops (private attributes, files outside the chart,
endless recursion, huge ranges or output). The other inputs of the run are still checked.

A template whose output is not valid YAML renders, and is reported by `yaml-syntax` at the
template line that produced the bad line. A library chart (`type: library`) renders nothing on
its own, as `helm lint` reads it: it only provides helpers (`kubelint template` refuses it, as
`helm template` does).

## Why is this bad?
`helm install` (and `kubelint template`) stops at the first such error: nothing of the chart is
deployed.

## Example
```yaml
# templates/deployment.yaml
spec:
  replicas: {{ Values.replicaCount }}
  template:
    spec:
      containers:
        - image: {{ required("image.repository is required", Values.image.repository) }}
```

## Use instead
```yaml
# values.yaml
replicaCount: 2
image:
  repository: nginx
```
"""

from __future__ import annotations

from kubelint.findings import Severity
from kubelint.rules.base import Rule

RULE = Rule(
    id="chart-render",
    severity=Severity.ERROR,
    summary="The chart cannot be rendered",
    doc=__doc__ or "",
    peers=("helm:lint",),
)

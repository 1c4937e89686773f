"""## What it does
Reports a chart template that calls a function whose result changes on every render: `now`,
`randAlphaNum`, `randAlpha`, `randNumeric`, `randAscii`, `uuidv4`.

## Why is this bad?
The chart's output is different each time it is rendered, so `helm diff`, GitOps tools and
reviews always see a change, and every upgrade restarts what depends on the value (a random
password rotates, a timestamp annotation rolls every pod).

## Example
```yaml
data:
  password: {{ randAlphaNum(24) | b64enc }}
```

## Use instead
```yaml
data:
  password: {{ required("set auth.password", Values.auth.password) | b64enc }}
```
"""

from __future__ import annotations

from kubelint.findings import Severity
from kubelint.rules.base import Rule

RULE = Rule(
    id="chart-nondeterministic",
    severity=Severity.WARNING,
    summary="A chart template calls a function that changes on every render",
    doc=__doc__ or "",
)

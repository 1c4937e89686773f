"""## What it does
Reports a file that is not valid YAML (or JSON), at the line and column the parser stopped,
and a file that is not text at all (not UTF-8, or UTF-16/32 without a byte-order mark).

## Why is this bad?
`kubectl apply` rejects the whole file, so nothing in it is deployed. Other files of the same run
are still checked.

## Example
```yaml
metadata:
  labels: {app: web
spec: {}
```

## Use instead
```yaml
metadata:
  labels: {app: web}
spec: {}
```
"""

from __future__ import annotations

from kubelint.findings import Severity
from kubelint.rules.base import Rule

RULE = Rule(
    id="yaml-syntax",
    severity=Severity.ERROR,
    summary="The file is not valid YAML",
    doc=__doc__ or "",
)

"""## What it does
Reports a key that appears twice in the same mapping.

## Why is this bad?
YAML parsers silently keep the last value, so the first one is lost without a word, while the
API server's strict decoder (`kubectl apply --validate=strict`, the default) rejects the object.
Either way the manifest does not say what its author meant.

## Example
```yaml
metadata:
  name: web
  labels:
    app: web
  name: api
```

## Use instead
```yaml
metadata:
  name: web
  labels:
    app: web
```
"""

from __future__ import annotations

from kubelint.findings import Severity
from kubelint.rules.base import Rule

RULE = Rule(
    id="duplicate-key",
    severity=Severity.ERROR,
    summary="A mapping has the same key twice",
    doc=__doc__ or "",
)

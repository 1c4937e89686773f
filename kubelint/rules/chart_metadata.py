"""## What it does
Checks a chart the way `helm lint` does beyond rendering: Chart.yaml names an `icon` (shown by
chart repositories and Artifact Hub), each maintainer has a `name` and a well-formed `email`,
`home`, `icon` and `sources` are URLs, and every file in `templates/` ends in `.yaml`, `.yml`,
`.tpl` or `.txt`.

## Why is this bad?
A chart without an icon or maintainer contact is harder to trust and to reach in a repository;
a template with another extension (`deployment.yml.bak`, `notes.md`) is rendered and installed
all the same, usually by mistake.

## Example
```yaml
# Chart.yaml
apiVersion: v2
name: web
version: 1.0.0
maintainers:
  - email: not-an-address
```

## Use instead
```yaml
# Chart.yaml
apiVersion: v2
name: web
version: 1.0.0
icon: https://example.com/web.png
maintainers:
  - name: Web team
    email: web@example.com
```
"""

from __future__ import annotations

from kubelint.findings import Severity
from kubelint.rules.base import Rule

RULE = Rule(
    id="chart-metadata",
    severity=Severity.INFO,
    summary="Chart.yaml and the templates folder follow helm lint's conventions",
    doc=__doc__ or "",
    peers=("helm:lint",),
)

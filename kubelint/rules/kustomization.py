"""## What it does
Checks Kustomize's files: a `kustomization.yaml` (also `.yml`, or a file named
`Kustomization`) against Kustomize's own schema (`Kustomization`,
`kustomize.config.k8s.io/v1beta1`, and `Component`, `v1alpha1`), and that the files and
folders it names exist, relative to its folder: `resources`, `bases`, `components`, `crds`,
patch paths and generator files. A folder among the resources holds a kustomization of its own.
The files named by `patchesJson6902`, or by `patches` when they hold a list, are checked as JSON
patches: operations `add`, `remove`, `replace`, `move`, `copy` and `test`, each with what it
needs.

Each root is then built as `kustomize build` builds it (its objects are what the other rules
check): where it does not build, the finding is at the line at fault (`does not build: …`, a
patch with no target, a `replicas` entry naming nothing, two objects of one id). A remote
resource (URLs, `github.com/…`) is never fetched: a note (info), and the root is linted file
by file; so is one using what kubelint does not build yet (`helmCharts`, plugins).

Files named as patches are not objects: the rules across objects do not see them, and the
`schema` rule checks their fields' names and types only (no field is required; `$patch`,
`$setElementOrder/…`, `$retainKeys`, `$deleteFromPrimitiveList/…` and null are allowed).

## Why is this bad?
`kustomize build` (and `kubectl apply -k`) stops at the first unknown field, missing file or
malformed patch; nothing of the root is applied.

## Example
```yaml
resources:
  - deployment.yaml
  - servcie.yaml        # no such file
patchesStrategicMerge:
  - replicas.yaml
imagess:                # unknown field
  - name: web
    newTag: "1.27"
```

## Use instead
```yaml
resources:
  - deployment.yaml
  - service.yaml
patches:
  - path: replicas.yaml
images:
  - name: web
    newTag: "1.27"
```
"""

from __future__ import annotations

from kubelint.findings import Severity
from kubelint.rules.base import Rule

RULE = Rule(
    id="kustomization",
    severity=Severity.ERROR,
    summary="A kustomization.yaml matches Kustomize's schema and names files that exist",
    doc=__doc__ or "",
)

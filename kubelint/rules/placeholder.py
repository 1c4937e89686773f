"""## What it does
Reports a value that is a placeholder left for text substitution (`${KSA_NAME}`,
`${PORT:-8080}`, `$PROJECT`, `{{uid}}`, `<ADD LUN ID Here>`; an upper-case word such as
`PV_NAME` or `PORT` where a name, a quantity, a port or an image is expected) where another check
would have reported the value as written: a `schema` type error, an `api-validation` name or
label error, a target port that names no port. The placeholder is reported once, at warning
level, instead of those findings. Turn the rule off to check such values as written.

## Why is this bad?
A manifest meant for `envsubst` or `sed` is not the manifest that is applied: its placeholders
are replaced first. Reporting `"${KSA_NAME}"` as an invalid name says nothing about the
applied object; it is worth knowing, though, that the file cannot be applied as it stands.
Lint the substituted output to check the values.

## Example
```yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${KSA_NAME}
```

## Use instead
```sh
envsubst < serviceaccount.yaml | kubelint lint -
```
"""

from __future__ import annotations

from kubelint.findings import Severity
from kubelint.k8s.placeholders import PLACEHOLDER
from kubelint.rules.base import Rule

RULE = Rule(
    id=PLACEHOLDER,
    severity=Severity.WARNING,
    summary="A value is a placeholder for text substitution (envsubst, sed)",
    doc=__doc__ or "",
)

"""## What it does
Reports a Secret that a pod reads (from `env[].valueFrom.secretKeyRef`, `envFrom[].secretRef`,
a `secret` volume or a projected volume's `secret` source) and that is not in the input, in the
workload's namespace. References marked `optional: true` are not checked. A Secret an operator
makes from a custom resource of the input is in it: a cert-manager Certificate's `secretName`,
an ExternalSecret's target, a SealedSecret's own name, a SecretProviderClass's `secretObjects`;
so is the Secret a Job of the input writes with `create --secret-name NAME` (kube-webhook-certgen,
the admission webhook's hook Job of ingress-nginx's and prometheus-operator's charts).

## Why is this bad?
The container cannot start (`CreateContainerConfigError`, or a volume that never mounts) until
the Secret exists. Secrets are often created outside the manifests (sealed secrets, an external
secrets operator): then lower the rule's severity or turn it off.

## Example
```yaml
env:
  - name: DB_PASSWORD
    valueFrom:
      secretKeyRef: {name: db, key: password}   # no Secret "db"
```

## Use instead
```yaml
apiVersion: v1
kind: Secret
metadata: {name: db}
stringData: {password: change-me}
```

## Options
- `assume-exist` (list of shell patterns, default none): names of objects that exist in the
  cluster though not in the input; they are not reported.
"""

from __future__ import annotations

from kubelint.findings import Severity
from kubelint.k8s.workloads import WORKLOAD_KINDS
from kubelint.rules.assumed import ASSUME_EXIST
from kubelint.rules.base import Rule
from kubelint.rules.configmap_ref_exists import missing

RULE = Rule(
    id="secret-ref-exists",
    severity=Severity.WARNING,
    summary="A Secret a pod reads is in the input (unless optional)",
    doc=__doc__ or "",
    options={"assume-exist": ASSUME_EXIST},
    kinds=WORKLOAD_KINDS,
    check=missing("Secret"),
)

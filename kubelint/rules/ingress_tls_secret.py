"""## What it does
Reports an Ingress `tls` entry whose `secretName` names a Secret that is not in the input, in
the Ingress's namespace. An Ingress annotated for a certificate issuer (by default
cert-manager's `cert-manager.io/cluster-issuer` and `cert-manager.io/issuer`, and
`kubernetes.io/tls-acme`) is not checked: the issuer creates the Secret. Nor is a Secret that a
custom resource of the input makes (a cert-manager Certificate's `secretName`, see
`secret-ref-exists`).

## Why is this bad?
Without the Secret, the ingress controller serves its default, self-signed certificate for the
host, and browsers and clients reject the connection.

## Example
```yaml
tls:
  - hosts: [web.example.com]
    secretName: web-tls       # no such Secret
```

## Use instead
```yaml
metadata:
  annotations:
    cert-manager.io/cluster-issuer: letsencrypt
spec:
  tls:
    - hosts: [web.example.com]
      secretName: web-tls
```

## Options
- `assume-exist` (list of shell patterns, default none): names of Secrets that exist in the
  cluster though not in the input; they are not reported.
- `issuer-annotations` (list of strings): annotations that mean a controller creates the
  certificate Secret.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import entries, mapping, text
from kubelint.objects import Resource
from kubelint.rules.assumed import ASSUME_EXIST, assumed
from kubelint.rules.base import Context, Option, Problem, Rule


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    annotations = mapping(obj.metadata.get("annotations"))
    if any(name in annotations for name in ctx.options["issuer-annotations"]):
        return
    for i, tls in entries(mapping(obj.data.get("spec")).get("tls")):
        name = text(tls.get("secretName"))
        if (
            name
            and ctx.index.get("Secret", obj.ref.namespace, name) is None
            and ctx.index.maker("Secret", obj.ref.namespace, name) is None
            and not assumed(ctx, name)
        ):
            yield Problem(
                f'TLS Secret "{name}" is not in namespace "{obj.ref.namespace}" of the input',
                ("spec", "tls", i, "secretName"),
            )


RULE = Rule(
    id="ingress-tls-secret",
    severity=Severity.WARNING,
    summary="An Ingress's TLS secretName names a Secret of the input (or an issuer makes it)",
    doc=__doc__ or "",
    options={
        "assume-exist": ASSUME_EXIST,
        "issuer-annotations": Option(
            schema={"type": "array", "items": {"type": "string"}, "uniqueItems": True},
            default=[
                "cert-manager.io/cluster-issuer",
                "cert-manager.io/issuer",
                "kubernetes.io/tls-acme",
            ],
            help="annotations that mean a controller creates the certificate Secret",
        ),
    },
    kinds=frozenset({"Ingress"}),
    check=check,
)

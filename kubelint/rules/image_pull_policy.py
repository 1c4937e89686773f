"""## What it does
Reports an `imagePullPolicy` of `IfNotPresent` or `Never` on an image without a tag or tagged
`latest` (pinned by digest is fine).

## Why is this bad?
A moving tag is only useful if it is pulled again: with `IfNotPresent`, a node that pulled
`latest` once keeps running that old image forever, so nodes drift apart. Either pin the image
(and keep `IfNotPresent`), or leave the policy unset (it is then `Always` for `latest`).

## Example
```yaml
image: web:latest
imagePullPolicy: IfNotPresent
```

## Use instead
```yaml
image: web:1.4.2
imagePullPolicy: IfNotPresent
```
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.workloads import WORKLOAD_KINDS, containers, image_tag
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    for container in obj.derived(containers):
        image, policy = container.data.get("image"), container.data.get("imagePullPolicy")
        if not isinstance(image, str) or policy not in ("IfNotPresent", "Never"):
            continue
        tag, digest = image_tag(image)
        if not digest and tag in (None, "latest"):
            yield Problem(
                f'imagePullPolicy {policy} with the moving tag of "{image}": nodes keep whatever '
                "they pulled first; pin the image or use Always",
                (*container.path, "imagePullPolicy"),
            )


RULE = Rule(
    id="image-pull-policy",
    severity=Severity.WARNING,
    summary="imagePullPolicy fits the image tag: no IfNotPresent or Never on latest",
    doc=__doc__ or "",
    kinds=WORKLOAD_KINDS,
    check=check,
    local=True,
)

"""## What it does
Reports a container image without a tag, or tagged `latest` (an image pinned by digest,
`@sha256:…`, is fine). A `ko://import/path` reference is no image yet: `ko resolve` builds it and
writes the image's digest in its place (Knative's and Tekton's `config/`).

## Why is this bad?
`latest` (which an image without a tag means) names whatever was pushed last: two nodes can run
different code under one Deployment, a restart can upgrade silently, and a rollback has nothing
to roll back to.

## Example
```yaml
image: registry.example.com/web
```

## Use instead
```yaml
image: registry.example.com/web:1.4.2
```

## Options
- `forbidden-tags` (list, default `[latest]`): tags treated like no tag.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.workloads import WORKLOAD_KINDS, containers, image_tag
from kubelint.objects import Resource
from kubelint.rules.base import Context, Option, Problem, Rule

KO = "ko://"  # a Go import path ko builds and replaces with the image, by digest


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    for container in obj.derived(containers):
        image = container.data.get("image")
        if not isinstance(image, str) or not image or image.startswith(KO):
            continue
        tag, digest = image_tag(image)
        if digest:
            continue
        if tag is None:
            yield Problem(
                f'image "{image}" has no tag (it means :latest); pin a version',
                (*container.path, "image"),
            )
        elif tag in ctx.options["forbidden-tags"]:
            yield Problem(
                f'image "{image}" uses the tag "{tag}"; pin a version', (*container.path, "image")
            )


RULE = Rule(
    id="image-tag",
    severity=Severity.WARNING,
    summary="Container images are pinned to a version tag or a digest",
    doc=__doc__ or "",
    peers=("kube-linter:latest-tag", "kube-score:container-image-tag", "polaris:tagNotSpecified"),
    options={
        "forbidden-tags": Option(
            {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
            ["latest"],
            "tags treated like no tag",
        )
    },
    kinds=WORKLOAD_KINDS,
    check=check,
    local=True,
)

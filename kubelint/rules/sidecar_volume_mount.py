"""## What it does
In a pod of several containers (app containers, and sidecars: init containers with
`restartPolicy: Always`), reports a path that a container's `command`, `args` or `env` values
name inside a volume that another container mounts, when the container itself does not mount
that volume there. That is the usual shape of a log shipper, a proxy reading certificates, or a
reloader watching configuration, pointed at a folder it never mounted.

## Why is this bad?
Each container has its own filesystem: the sidecar reads an empty (or missing) folder of its
own while the app writes into the shared volume. Nothing fails loudly; logs are not shipped,
certificates not found, reloads never happen.

## Example
```yaml
containers:
  - name: app
    volumeMounts: [{name: logs, mountPath: /var/log/app}]
  - name: shipper
    args: ["--path=/var/log/app/*.log"]     # but no volumeMount
```

## Use instead
```yaml
  - name: shipper
    args: ["--path=/var/log/app/*.log"]
    volumeMounts: [{name: logs, mountPath: /var/log/app, readOnly: true}]
```
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import entries
from kubelint.k8s.workloads import WORKLOAD_KINDS, Container, containers
from kubelint.objects import Resource
from kubelint.rules.base import Context, Problem, Rule
from kubelint.yamlload import JsonPath

_PATH = re.compile(r"(?<![\w.:/])(/[\w.\-/*]+)")


def _mounts(container: Container) -> list[tuple[str, str]]:
    """`(volume, mountPath)` of a container's mounts, normalised."""
    return [
        (str(m.get("name")), posixpath.normpath(str(m["mountPath"])))
        for _, m in entries(container.data.get("volumeMounts"))
        if isinstance(m.get("mountPath"), str) and m["mountPath"].startswith("/")
    ]


def _under(path: str, folder: str) -> bool:
    return folder != "/" and (path == folder or path.startswith(folder + "/"))


def _texts(container: Container) -> Iterator[tuple[str, JsonPath]]:
    for field in ("command", "args"):
        value = container.data.get(field)
        for i, item in enumerate(value if isinstance(value, list) else []):
            if isinstance(item, str):
                yield item, (*container.path, field, i)
    for i, env in entries(container.data.get("env")):
        if isinstance(env.get("value"), str):
            yield env["value"], (*container.path, "env", i, "value")


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    running = [c for c in obj.derived(containers) if c.runs]
    if len(running) < 2:
        return
    mounts = {id(c): _mounts(c) for c in running}
    for reader in running:
        own = mounts[id(reader)]
        for text, path in _texts(reader):
            if "/" not in text:  # (what the pattern needs: most values hold none)
                continue
            for found in _PATH.findall(text):
                target = posixpath.normpath(found)
                if any(_under(target, folder) for _, folder in own):
                    continue
                owner = next(
                    (
                        (other, volume, folder)
                        for other in running
                        if other is not reader
                        for volume, folder in mounts[id(other)]
                        if _under(target, folder)
                    ),
                    None,
                )
                if owner is not None:
                    other, volume, folder = owner
                    yield Problem(
                        f'container "{reader.name}" names {found}, inside volume "{volume}" '
                        f'that container "{other.name}" mounts at {folder}; "{reader.name}" '
                        "does not mount it and sees its own, empty folder",
                        path,
                    )
                    break


RULE = Rule(
    id="sidecar-volume-mount",
    severity=Severity.WARNING,
    summary="A container naming a path in another container's volume mounts that volume too",
    doc=__doc__ or "",
    kinds=WORKLOAD_KINDS,
    check=check,
    local=True,
)

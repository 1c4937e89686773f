"""## What it does
Reports a secret written in plain text: a container environment variable with a literal
`value` whose name says it holds a secret (`password`, `token`, `secret`, `bearer`, a cloud
provider's key variable; see the `names` option), or whose value is a private key; and a
ConfigMap key of such a name, or a value that is a private key. Values that are file paths
(`/run/secrets/db`), empty, or references (`$(OTHER_VAR)`) are not secrets, nor are names
that point at one (`…_FILE`, `…_PATH`, `…_NAME`, `…_REF`, `…_NAMESPACE`, with `_`, `-` or `.`
as in a ConfigMap's `api-token-secret-namespace`, or in camelCase: `tokenSecretName`).

## Why is this bad?
A manifest is read by everyone who can read the repository, the CI logs and (for a pod
spec) `kubectl get -o yaml`: a password in it is no longer secret, and rotating it means a
commit. A Secret is stored and granted apart, and can come from a secret manager.

## Example
```yaml
env:
  - name: DB_PASSWORD
    value: hunter2
```

## Use instead
```yaml
env:
  - name: DB_PASSWORD
    valueFrom: {secretKeyRef: {name: db, key: password}}
```

## Options
- `names` (list of regular expressions, case-insensitive, searched in the name): the names
  of secrets.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from kubelint.findings import Severity
from kubelint.k8s.data import entries, mapping
from kubelint.k8s.workloads import WORKLOAD_KINDS, containers
from kubelint.objects import Resource
from kubelint.rules.base import Context, Option, Problem, Rule

NAMES = [
    "password",
    "passwd",
    "secret",
    "token",
    "bearer",
    "^AWS_SECRET_ACCESS_KEY$",
    "^AZURE_.+KEY$",
    "^OCI_CLI_KEY_CONTENT$",
]
PRIVATE_KEY = re.compile(r"-BEGIN[ A-Z]*PRIVATE KEY-")
# A name that points at a secret: its file, its name, its namespace, separated by `_`, `-` or
# `.` (`DB_PASSWORD_FILE`, `api-token-secret-namespace`) or in camelCase (`tokenSecretName`)
POINTER = re.compile(
    r"(?:[-_.](?i:file|path|dir|name|ref|namespace)|[a-z0-9](?:File|Path|Dir|Name|Ref|Namespace))$"
)
NOT_SECRET = re.compile(r"^(/|\$\(|\$\{|\{\{)|^(true|false|[0-9]+)$", re.IGNORECASE)


@functools.lru_cache(maxsize=16)  # a run has one list of names; every object is checked
def _compiled(names: tuple[str, ...]) -> list[re.Pattern[str]]:
    return [re.compile(name, re.IGNORECASE) for name in names]


@functools.lru_cache(maxsize=4096)  # the same variable names recur across a run's containers
def _named_like_secret(name: str, names: tuple[str, ...]) -> bool:
    """Whether a name matches one of the secret-name patterns, and is no pointer to one."""
    return not POINTER.search(name) and any(p.search(name) for p in _compiled(names))


def secret(name: str, value: object, names: tuple[str, ...]) -> str | None:
    """Why a name and literal value look like a secret (by the patterns `names`), or None."""
    if not isinstance(value, str) or not value or value.isspace():  # (no copy of a large value)
        return None
    if PRIVATE_KEY.search(value):
        return "is a private key"
    if not _named_like_secret(name, names) or NOT_SECRET.search(value.strip()):
        return None  # (the name first: it is remembered, and rarely like a secret's)
    return "is named like a secret"


def check(obj: Resource, ctx: Context) -> Iterator[Problem]:
    names = tuple(ctx.options["names"])
    if obj.kind == "ConfigMap":
        for key, value in mapping(obj.data.get("data")).items():
            if why := secret(str(key), value, names):
                yield Problem(
                    f'ConfigMap key "{key}" {why}: keep it in a Secret', ("data", key), key=True
                )
        return
    for container in obj.derived(containers):
        for i, env in entries(container.data.get("env")):
            name = str(env.get("name"))
            if why := secret(name, env.get("value"), names):
                yield Problem(
                    f'environment variable {name} of container "{container.name}" {why} and '
                    "has a literal value: read it from a Secret (valueFrom.secretKeyRef)",
                    (*container.path, "env", i, "value"),
                )


RULE = Rule(
    id="plaintext-secret",
    severity=Severity.WARNING,
    summary="No secret in plain text: environment variable values and ConfigMap data",
    doc=__doc__ or "",
    options={
        "names": Option(
            {"type": "array", "items": {"type": "string", "format": "regex"}},
            NAMES,
            "regular expressions (case-insensitive) of the names of secrets",
        )
    },
    peers=(
        "kube-linter:env-var-secret",
        "polaris:sensitiveContainerEnvVar",
        "polaris:sensitiveConfigmapContent",
    ),
    kinds=WORKLOAD_KINDS | {"ConfigMap"},
    check=check,
    local=True,
)

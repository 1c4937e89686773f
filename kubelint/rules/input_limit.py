"""## What it does
Reports an input that exceeds one of kubelint's safety limits, and is therefore not checked:
a file larger than `limits.max-file-size` (default 50,000,000 bytes), a document whose YAML
aliases expand it by more than `limits.max-alias-nodes` nodes (default 100,000) — the "billion
laughs" attack, a few hundred bytes that expand to gigabytes —, or one whose mappings and lists
nest more than `limits.max-depth` levels deep (default 100; the YAML parser itself stops at
1,000).

## Why is this bad?
A CI gate reads whatever a pull request contains. Such input would make every tool that reads
it (including the API server's YAML decoder, which has similar limits) slow or run out of
memory; it is either an attack or a mistake. The run fails instead of passing unchecked input.

## Example
```yaml
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
# … and so on, each line nine times the one before
```

## Use instead
Write the values out, or use a templating tool. If a legitimate file is larger than the limit,
raise it in the configuration:
```yaml
limits:
  max-file-size: 200000000
  max-alias-nodes: 1000000
  max-depth: 200
```
"""

from __future__ import annotations

from kubelint.findings import Severity
from kubelint.rules.base import Rule

RULE = Rule(
    id="input-limit",
    severity=Severity.ERROR,
    summary="An input exceeds a safety limit (file size, aliases, nesting) and is not checked",
    doc=__doc__ or "",
)

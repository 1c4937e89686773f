"""The bad inputs: each a defect of a file that kubelint reads, in every role a file plays.

A file plays one of four roles (`Flavour`): a manifest (`lint`, `schedule`), a chart's Chart.yaml,
a values file (`-f`, or a chart's values.yaml) and a cluster file (`schedule --cluster`). A
syntactic defect (a tab, an unclosed quote, invalid UTF-8, …) is the same bytes in every role; a
semantic one (a number where a string belongs, …) is written for each role. Large inputs are
generated at test time, never committed.
"""

from __future__ import annotations

import os
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Flavour = Literal["manifest", "chart", "values", "cluster"]
FLAVOURS: tuple[Flavour, ...] = ("manifest", "chart", "values", "cluster")
# A file that the run must not create: the Python-tag case would, if it ran os.system.
PWNED = "pwned"

GOOD: dict[Flavour, str] = {
    "manifest": """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        resources: {requests: {cpu: 100m, memory: 64Mi}}
""",
    "chart": "apiVersion: v2\nname: demo\nversion: 0.1.0\n",
    "values": "replicas: 1\nimage: nginx:1.27\n",
    "cluster": """\
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Node
  metadata: {name: node-a}
  status: {allocatable: {cpu: "4", memory: 8Gi, pods: "110"}}
""",
}

# A chart's one template: every value it reads has a default, so any values mapping renders.
TEMPLATE = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ Release.Name }}-{{ Chart.Name }}
data:
  replicas: {{ Values.replicas | default(1) | quote }}
"""


def _deep(depth: int) -> str:
    """A value nested `depth` levels deep: flow mappings in a list, for a role's `spec`."""
    return "{a: " * depth + "1" + "}" * depth


def _alias_bomb() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        items = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{items}]")
    return "\n".join(lines) + "\n"


def _binary() -> bytes:
    rng = random.Random(8)
    return b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(65536))


_MADE: list[Path] = []  # the 100 MB file, written once and linked into every workspace


_MAKING = threading.Lock()


def _hundred_megabytes(path: Path) -> None:
    with _MAKING:
        if _MADE and _MADE[0].exists():
            os.link(_MADE[0], path)
            return
        line = b"# " + b"x" * 1021 + b"\n"  # 1 KiB: a valid (if empty) YAML file of comments
        block = line * 1024
        with path.open("wb") as out:
            for _ in range(100):
                out.write(block)
        _MADE[:] = [path]


def _long_line(flavour: Flavour) -> str:
    """A valid file whose one line is 5 MB long (JSON is YAML)."""
    text = "x" * 5_000_000
    if flavour == "manifest":
        return (
            '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "big"},'
            f' "data": {{"k": "{text}"}}}}\n'
        )
    if flavour == "chart":
        return (
            f'{{"apiVersion": "v2", "name": "demo", "version": "0.1.0", "description": "{text}"}}\n'
        )
    if flavour == "cluster":
        return (
            '{"apiVersion": "v1", "kind": "Node", "metadata": {"name": "node-a",'
            f' "annotations": {{"a": "{text}"}}}}, "status": {{"allocatable": {{"cpu": "4",'
            ' "memory": "8Gi", "pods": "110"}}}\n'
        )
    return f'{{"replicas": 1, "blob": "{text}"}}\n'


Maker = Callable[[Path, Flavour], None]


def _text(content: str | bytes | dict[Flavour, str]) -> Maker:
    def make(path: Path, flavour: Flavour) -> None:
        data = content[flavour] if isinstance(content, dict) else content
        path.write_bytes(data.encode() if isinstance(data, str) else data)

    return make


def _fifo(path: Path, flavour: Flavour) -> None:
    os.mkfifo(path)


def _directory(path: Path, flavour: Flavour) -> None:
    path.mkdir()


def _unreadable(path: Path, flavour: Flavour) -> None:
    path.write_text(GOOD[flavour])
    path.chmod(0)


def _symlink_loop(path: Path, flavour: Flavour) -> None:
    other = path.with_name(f"{path.name}.loop")
    os.symlink(other.name, path)
    os.symlink(path.name, other)


@dataclass(frozen=True)
class Defect:
    """One bad input. `accepted`: the roles (or the commands, by slot id) for which it is input to
    take (the run proceeds: exit 0, or 1 for findings); elsewhere it must be refused with exit 1
    or 2 and a message naming the file, at `line` when the defect has one."""

    id: str
    make: Maker
    line: int | None = None
    accepted: frozenset[str] = field(default_factory=frozenset)


ALL: frozenset[str] = frozenset(FLAVOURS)
ONLY_VALUES: frozenset[str] = frozenset({"values"})
# `schedule` places workloads: a kind it does not know, or a name or an image of the wrong type,
# does not change where pods go (`lint` reports them).
SCHEDULE_IGNORES: frozenset[str] = frozenset({"values", "schedule"})

DEFECTS: tuple[Defect, ...] = (
    Defect("tab-indentation", _text("apiVersion: v1\nkind: Pod\nmetadata:\n\tname: web\n"), 4),
    Defect(
        "bad-indentation",
        _text("apiVersion: v1\nkind: Pod\nmetadata:\n    name: web\n  labels: {}\n"),
        5,
    ),
    Defect(
        "unclosed-double-quote", _text('apiVersion: v1\nkind: Pod\nmetadata:\n  name: "web\n'), 4
    ),
    Defect(
        "unclosed-single-quote", _text("apiVersion: v1\nkind: Pod\nmetadata:\n  name: 'web\n"), 4
    ),
    Defect("unclosed-flow-mapping", _text("apiVersion: v1\nkind: Pod\nmetadata: {name: web\n"), 3),
    Defect("unclosed-flow-sequence", _text("apiVersion: v1\nkind: Pod\nitems: [a, b\n"), 3),
    Defect("alias-bomb", _text(_alias_bomb()), 1),
    Defect("nesting-10000-flow", _text("a: " + "[" * 10_000 + "]" * 10_000 + "\n"), 1),
    Defect("nesting-10000-block", _text("a:\n" + "- " * 10_000 + "x\n"), 2),
    Defect("nesting-900", _text("a: " + "[" * 900 + "]" * 900 + "\n"), 1),
    Defect(
        "nesting-at-limit",
        _text(
            {
                "manifest": "apiVersion: example.com/v1\nkind: Deep\nmetadata: {name: deep}\n"
                f"spec: {_deep(97)}\n",
                "chart": f"apiVersion: v2\nname: demo\nversion: 0.1.0\nannotations: {_deep(98)}\n",
                "values": f"replicas: 1\ndeep: {_deep(98)}\n",
                "cluster": GOOD["cluster"] + f"  spec: {{deep: {_deep(94)}}}\n",
            }
        ),
        accepted=frozenset({"manifest", "values", "cluster"}),
    ),
    Defect("file-100mb", lambda path, flavour: _hundred_megabytes(path)),
    Defect(
        "long-line",
        lambda path, flavour: path.write_text(_long_line(flavour)),
        accepted=ALL,
    ),
    Defect("binary", _text(_binary())),
    Defect("invalid-utf8", _text(b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: caf\xe9\n"), 4),
    Defect("nul-byte", _text(b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\x00b\n"), 4),
    Defect(
        "utf8-bom",
        lambda path, flavour: path.write_bytes(b"\xef\xbb\xbf" + GOOD[flavour].encode()),
        accepted=ALL,
    ),
    Defect(
        "utf16-bom",
        lambda path, flavour: path.write_bytes(GOOD[flavour].encode("utf-16")),
        accepted=ALL,
    ),
    Defect(
        "utf16-without-bom",
        lambda path, flavour: path.write_bytes(GOOD[flavour].encode("utf-16-le")),
        1,
    ),
    Defect(
        "python-tag",
        _text(f"apiVersion: v1\nkind: !!python/object/apply:os.system ['touch {PWNED}']\n"),
        2,
    ),
    # a manifest that is a bare string is no Kubernetes object: skipped, and counted
    Defect(
        "scalar-document",
        _text("just a string\n"),
        accepted=frozenset({"lint", "lint-folder", "schedule"}),
    ),
    Defect("list-document", _text("- apiVersion: v1\n- kind: Pod\n")),
    Defect(
        "wrong-type-kind-apiversion",
        _text(
            {
                "manifest": "apiVersion: {group: apps}\nkind: [Deployment]\nmetadata: {name: web}\n",
                "chart": "apiVersion: [v2]\nname: demo\nversion: 0.1.0\n",
                "values": "apiVersion: {group: apps}\nkind: [Deployment]\n",
                "cluster": "apiVersion: v1\nkind: [Node]\nmetadata: {name: node-a}\n",
            }
        ),
        accepted=SCHEDULE_IGNORES,
    ),
    Defect(
        "numbers-for-strings",
        _text(
            {
                "manifest": GOOD["manifest"]
                .replace("name: web}", "name: 12345}")
                .replace("nginx:1.27", "1.5"),
                "chart": "apiVersion: v2\nname: 12345\nversion: 0.1.0\n",
                "values": "replicas: 1\nimage: 1.5\n",
                "cluster": GOOD["cluster"].replace("name: node-a", "name: 5"),
            }
        ),
        accepted=SCHEDULE_IGNORES,
    ),
    Defect(
        "strings-for-numbers",
        _text(
            {
                "manifest": GOOD["manifest"].replace("replicas: 2", 'replicas: "three"'),
                "chart": "apiVersion: v2\nname: demo\nversion: 0.1.0\nmaintainers: nobody\n",
                "values": 'replicas: "three"\n',
                "cluster": GOOD["cluster"].replace('pods: "110"', "pods: many"),
            }
        ),
        accepted=ONLY_VALUES,
    ),
    Defect(
        "huge-integers",
        _text(
            {
                "manifest": GOOD["manifest"].replace(
                    "replicas: 2", "replicas: 99999999999999999999999"
                ),
                "chart": "apiVersion: v2\nname: demo\nversion: 99999999999999999999999.0.0\n",
                "values": "replicas: 99999999999999999999999\n",
                "cluster": GOOD["cluster"].replace('pods: "110"', "pods: 99999999999999999999999"),
            }
        ),
        # a version number beyond a uint64 is no version for Helm (Masterminds/semver) either
        accepted=ONLY_VALUES,
    ),
    Defect(  # Python reads no longer integer: once a crash (exit 3) in every role
        "integer-over-4300-digits",
        lambda path, flavour: path.write_text(f"big: {'9' * 5000}\n{GOOD[flavour]}"),
        1,
    ),
    Defect(
        "huge-quantities",
        _text(
            {
                "manifest": GOOD["manifest"].replace("cpu: 100m", "cpu: 1e1000000"),
                "chart": "apiVersion: v2\nname: demo\nversion: 0.1.0\nkubeVersion: '>= 1e1000000'\n",
                "values": "replicas: 1e1000000\n",
                "cluster": GOOD["cluster"].replace("memory: 8Gi", "memory: 1e50"),
            }
        ),
        # lint checks a quantity's syntax, not its size (schedule counts it, and refuses)
        accepted=frozenset({"values", "lint", "lint-folder"}),
    ),
    Defect("empty", _text(b""), accepted=frozenset({"manifest", "values"})),
    # a folder named values.yaml in a chart holds no values: the chart's defaults are empty
    Defect("directory", _directory, accepted=frozenset({"manifest", "template-values-yaml"})),
    Defect("fifo", _fifo),
    Defect("unreadable", _unreadable),
    Defect("symlink-loop", _symlink_loop),
)

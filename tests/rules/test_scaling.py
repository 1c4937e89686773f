"""Rules across objects query the index: their work grows linearly with the input.

The clean app bundle is copied into N namespaces, then 2N, and linted with every rule. What the
rules look at is counted, not timed: every object handed out by the index (`of_kind`,
`workloads`, `resources`, the candidates of a selector) and every label-selector comparison. A
rule that scanned all objects for each object would do four times the work on twice the input.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from kubelint import objects
from kubelint.objects import ObjectIndex, Resource
from tests.conftest import kubelint

BUNDLE = Path(__file__).parent / "bundle" / "clean"


class _Counter:
    def __init__(self) -> None:
        self.work = 0


class _Counted(list[Resource]):
    """A list of objects that counts each object iterated over."""

    counter: _Counter

    def __iter__(self) -> Iterator[Resource]:
        self.counter.work += len(self)
        return super().__iter__()


def _copies(root: Path, copies: int) -> Path:
    """The namespaced part of the bundle (the web shop and the database), once per namespace."""
    documents = [
        doc
        for name in ("web.yaml", "db.yaml")
        for doc in yaml.safe_load_all((BUNDLE / name).read_text())
        if doc["kind"] != "IngressClass"  # cluster-scoped: one per cluster, not per team
    ]
    out = root / f"x{copies}"
    out.mkdir()
    for i in range(copies):
        for doc in documents:
            doc["metadata"]["namespace"] = f"team-{i}"
        (out / f"team-{i}.yaml").write_text(yaml.safe_dump_all(documents))
    return out


def _work(folder: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    counter = _Counter()

    def counted(found: list[Resource]) -> _Counted:
        out = _Counted(found)
        out.counter = counter
        return out

    def wrap(method: Any) -> Any:
        def wrapper(self: ObjectIndex, *args: Any) -> _Counted:
            return counted(method(self, *args))

        return wrapper

    def comparing(match: Any) -> Any:
        def wrapper(*args: Any) -> Any:
            counter.work += 1
            return match(*args)

        return wrapper

    init = ObjectIndex.__init__

    def index_init(self: ObjectIndex, resources: Any, *args: Any, **kwargs: Any) -> None:
        init(self, resources, *args, **kwargs)
        self.resources = counted(self.resources)

    with monkeypatch.context() as patch:
        patch.setattr(ObjectIndex, "__init__", index_init)
        for name in ("of_kind", "workloads", "selected", "selected_by_map"):
            patch.setattr(ObjectIndex, name, wrap(getattr(ObjectIndex, name)))
        patch.setattr(objects, "matches", comparing(objects.matches))
        patch.setattr(objects, "matches_map", comparing(objects.matches_map))
        run = kubelint("lint", str(folder), "--format", "json")
    assert run.exit_code == 0, run.stdout + run.stderr
    return counter.work


def test_rules_across_objects_do_linear_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = _work(_copies(tmp_path, 20), monkeypatch)
    large = _work(_copies(tmp_path, 40), monkeypatch)
    assert small > 0
    assert large <= 2.2 * small, (small, large)

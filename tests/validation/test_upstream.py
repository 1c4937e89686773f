"""The API server's own validation tests, translated: every case of `tests/validation/cases/`
goes through the `api-validation` rule and must get the upstream answer.

Each case file names the upstream test table it translates (`pkg/apis/*/validation/
validation_test.go`), a `base` object and its `cases`: a `patch` merged into the base (mappings
merge, anything else replaces; `null` removes) and the `errors` upstream expects, each the start
of a message, `<field>: <error type>[: <value>: <detail>]`; a case may name the target
`version` (`--kubernetes-version`, default the newest) where upstream's answer depends on it. A
case with no errors must pass clean; an invalid one must report each expected error, and nothing on any other field. Every
finding must carry a line.

Upstream cases that only exist before defaulting (an empty `imagePullPolicy`, `protocol` or
`terminationMessagePolicy`, which a manifest cannot leave empty) are not translated.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

import pytest
import yaml

from kubelint.config import default_config
from kubelint.k8s.versions import resolve_version
from kubelint.objects import ObjectIndex, expand
from kubelint.rules.api_validation import RULE
from kubelint.rules.base import Context, Settings
from kubelint.yamlload import load

CASES = Path(__file__).parent / "cases"


def merge(base: Any, patch: Any) -> Any:
    if not isinstance(base, Mapping) or not isinstance(patch, Mapping):
        return copy.deepcopy(patch)
    out = dict(base)
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge(base.get(key), value)
    return out


def _cases() -> list[Any]:
    found = []
    for path in sorted(CASES.glob("*.yaml")):
        table = yaml.safe_load(path.read_text())
        for case in table["cases"]:
            obj = merge(table["base"], case.get("patch") or {})
            errors = case.get("errors") or []
            version = resolve_version(case.get("version"))
            found.append(pytest.param(obj, errors, version, id=f"{path.stem}: {case['name']}"))
    return found


def _messages(obj: Mapping[str, Any], version: str) -> list[tuple[str, int | None]]:
    text = yaml.safe_dump(dict(obj), sort_keys=False)
    loaded = load("case.yaml", text.encode())
    [document] = loaded.documents
    [resource] = expand(document, "default")[0]
    options = default_config().rules[RULE.id].options
    ctx = Context(options, cast(ObjectIndex, None), Settings(version))
    assert RULE.check is not None
    return [(p.message, resource.position(p.path, p.key).line) for p in RULE.check(resource, ctx)]


@pytest.mark.parametrize(("obj", "expected", "version"), _cases())
def test_upstream_case(obj: Mapping[str, Any], expected: list[str], version: str) -> None:
    found = _messages(obj, version)
    messages = [message for message, _ in found]
    if not expected:
        assert messages == []
        return
    for error in expected:
        assert any(m.startswith(error) for m in messages), f"{error!r} not in {messages}"
    fields = {error.split(": ", 1)[0] for error in expected}
    assert {m.split(": ", 1)[0] for m in messages} <= fields, messages
    assert all(line is not None for _, line in found)


def test_there_are_enough_cases() -> None:
    valid = sum(1 for case in _cases() if not case.values[1])
    assert len(_cases()) >= 400
    assert valid >= 100

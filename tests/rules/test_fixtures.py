"""Every rule against its fixtures, through the real CLI.

`tests/rules/fixtures/<rule-id>/` holds `pass*` and `fail*` fixtures: YAML files, or folders of
them for rules across objects. A line of a fail fixture that must carry a finding ends with a
comment `# expect: <rule-id>:<column>`; the rule must report exactly those lines and columns.
Only the rule under test runs, so fixtures need not be clean for every other rule. An opt-in
rule's options for its fixtures are in `tests/rules/fixtures/<rule-id>/options.yaml`.
A rule that reports what other rules find (`placeholder`) runs with them (`WITH`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kubelint.rules import REGISTRY
from tests.conftest import FIXTURES, kubelint

# the rules whose findings a rule takes over, so they run with it
WITH = {"placeholder": ("schema", "api-validation", "pvc-exists")}
EXPECT = re.compile(r"#\s*expect:\s*([a-z0-9-]+):(\d+)")


def _cases(prefix: str) -> list[tuple[str, Path]]:
    return sorted(
        (rule_dir.name, case)
        for rule_dir in FIXTURES.iterdir()
        if rule_dir.is_dir()
        for case in rule_dir.iterdir()
        if case.name.startswith(prefix)
    )


def _files(case: Path) -> list[Path]:
    return sorted(case.rglob("*")) if case.is_dir() else [case]


def _only(rule: str, tmp_path: Path) -> str:
    config = tmp_path / "kubelint.yaml"
    on = {rule, *WITH.get(rule, ())}
    lines = ["rules:"] + [f"  {other}: off" for other in REGISTRY if other not in on]
    options = FIXTURES / rule / "options.yaml"
    if options.is_file():
        lines += [f"  {rule}:", "    options:"]
        lines += [f"      {line}" for line in options.read_text().splitlines()]
    config.write_text("\n".join(lines) + "\n")
    return str(config)


def _found(rule: str, case: Path, tmp_path: Path) -> tuple[int, set[tuple[str, int, int]]]:
    run = kubelint("lint", str(case), "--format", "json", "--config", _only(rule, tmp_path))
    assert run.exit_code in (0, 1), run.stderr
    found = {(Path(f["file"]).name, f["line"], f["column"]) for f in run.json()["findings"]}
    assert all(f["rule"] == rule for f in run.json()["findings"])
    return run.exit_code, found


@pytest.mark.parametrize(("rule", "case"), _cases("pass"), ids=lambda v: getattr(v, "name", v))
def test_pass_fixture_has_no_finding(rule: str, case: Path, tmp_path: Path) -> None:
    exit_code, found = _found(rule, case, tmp_path)
    assert found == set()
    assert exit_code == 0


@pytest.mark.parametrize(("rule", "case"), _cases("fail"), ids=lambda v: getattr(v, "name", v))
def test_fail_fixture_has_expected_findings(rule: str, case: Path, tmp_path: Path) -> None:
    expected = set()
    for path in _files(case):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", "replace")
            for number, line in enumerate(text.splitlines(), start=1):
                for match in EXPECT.finditer(line):
                    assert match.group(1) == rule, f"{path}:{number} expects another rule"
                    expected.add((path.name, number, int(match.group(2))))
    assert expected, f"{case} marks no expected finding"
    _, found = _found(rule, case, tmp_path)
    assert found == expected


def test_every_rule_has_pass_and_fail_fixtures() -> None:
    for rule in REGISTRY:
        names = [p.name for p in (FIXTURES / rule).iterdir()] if (FIXTURES / rule).is_dir() else []
        assert any(n.startswith("pass") for n in names), f"{rule} has no pass fixture"
        assert any(n.startswith("fail") for n in names), f"{rule} has no fail fixture"


def test_every_fixture_folder_names_a_rule() -> None:
    for rule_dir in FIXTURES.iterdir():
        assert rule_dir.name in REGISTRY, f"fixtures for unknown rule {rule_dir.name}"

"""Configuration: found, validated against the registry, applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from kubelint.config import load_config
from kubelint.errors import ConfigError
from kubelint.findings import Severity
from tests.conftest import write


def test_defaults_when_no_file(tmp_path: Path) -> None:
    config = load_config(cwd=tmp_path)
    assert config.source is None
    assert config.rules["duplicate-key"].enabled
    assert config.rules["duplicate-key"].severity is Severity.ERROR


def test_kubelint_yaml_is_found_and_applied(tmp_path: Path) -> None:
    write(
        tmp_path,
        ".kubelint.yaml",
        "fail-on: warning\nexclude: [vendor/]\nrules:\n"
        "  duplicate-object: off\n  duplicate-key: warning\n"
        "  required-fields:\n    exclude: [legacy/]\n    options:\n      spec-kinds: [Pod]\n",
    )
    config = load_config(cwd=tmp_path)
    assert config.fail_on is Severity.WARNING
    assert not config.rules["duplicate-object"].enabled
    assert config.rules["duplicate-key"].severity is Severity.WARNING
    assert config.rules["required-fields"].options == {"spec-kinds": ["Pod"]}
    assert config.excludes(str(tmp_path / "vendor" / "x.yaml"))
    assert not config.excludes(str(tmp_path / "app" / "x.yaml"))
    assert config.excludes(str(tmp_path / "legacy" / "x.yaml"), "required-fields")
    assert not config.excludes(str(tmp_path / "legacy" / "x.yaml"), "duplicate-key")


def test_yaml_false_turns_a_rule_off(tmp_path: Path) -> None:
    # `off` unquoted is the boolean false in YAML 1.1; both spellings turn the rule off
    write(tmp_path, "c.yaml", "rules:\n  duplicate-key: false\n  duplicate-object: 'off'\n")
    config = load_config(str(tmp_path / "c.yaml"))
    assert not config.rules["duplicate-key"].enabled
    assert not config.rules["duplicate-object"].enabled


def test_pyproject_table(tmp_path: Path) -> None:
    write(
        tmp_path,
        "pyproject.toml",
        '[tool.kubelint]\nfail-on = "info"\n[tool.kubelint.rules]\nduplicate-key = "info"\n',
    )
    config = load_config(cwd=tmp_path)
    assert config.fail_on is Severity.INFO
    assert config.rules["duplicate-key"].severity is Severity.INFO


def test_pyproject_without_table_means_defaults(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", "[project]\nname = 'x'\n")
    assert load_config(cwd=tmp_path).source is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rulez: {}\n", 'c.yaml:1:1: rulez: unknown key (did you mean "rules"?)'),
        (
            "rules:\n  duplicate-objekt: off\n",
            'c.yaml:2:3: rules.duplicate-objekt: unknown rule (did you mean "duplicate-object"?)',
        ),
        (
            "rules:\n  required-fields:\n    options:\n      spec-kind: []\n",
            'c.yaml:4:7: rules.required-fields.options.spec-kind: unknown key (did you mean "spec-kinds"?)',
        ),
        (
            "rules:\n  required-fields:\n    options:\n      spec-kinds: Pod\n",
            "c.yaml:4:7: rules.required-fields.options.spec-kinds: 'Pod' is not of type 'array'",
        ),
        (
            "rules:\n  duplicate-key: loud\n",
            "c.yaml:2:3: rules.duplicate-key: expected off, error, warning, info",
        ),
        (
            "fail-on: never\n",
            "c.yaml:1:1: fail-on: 'never' is not one of ['error', 'warning', 'info']",
        ),
        (
            "kubernetes-version: 1.30\n",
            "c.yaml:1:1: kubernetes-version: 1.3 is not of type 'string'",
        ),
        ("- a\n", "c.yaml:1:1: configuration: ['a'] is not of type 'object'"),
        ("rules: {a: [\n", "c.yaml:2:1: did not find expected node content"),
    ],
)
def test_config_errors_name_the_key_and_line(tmp_path: Path, text: str, message: str) -> None:
    write(tmp_path, "c.yaml", text)
    with pytest.raises(ConfigError) as error:
        load_config(str(tmp_path / "c.yaml"))
    assert str(error.value).startswith(str(tmp_path / message))


def test_missing_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read configuration"):
        load_config(str(tmp_path / "nope.yaml"))


def test_invalid_toml_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", "[tool.kubelint\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(cwd=tmp_path)


def test_limits_are_configurable(tmp_path: Path) -> None:
    write(tmp_path, "c.yaml", "limits:\n  max-file-size: 1000\n  max-alias-nodes: 5\n")
    limits = load_config(str(tmp_path / "c.yaml")).limits
    assert (limits.max_file_size, limits.max_alias_nodes) == (1000, 5)

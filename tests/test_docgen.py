"""Generated files are current: run `python -m kubelint.docgen` when this fails."""

from __future__ import annotations

from kubelint import docgen
from kubelint.report.sarif import rule_url
from kubelint.rules import REGISTRY


def test_readme_rule_table_is_current() -> None:
    text = docgen.README.read_text()
    assert docgen.readme(text) == text


def test_config_schema_file_is_current() -> None:
    assert docgen.CONFIG_SCHEMA.read_text() == docgen.config_schema()


def test_every_rules_help_uri_lands_on_its_row_of_the_readme() -> None:
    text = docgen.README.read_text()
    for rule_id in REGISTRY:
        fragment = rule_url(rule_id).split("#", 1)[1]
        assert f'<a id="{fragment}"></a>`{rule_id}`' in text

"""Generated files are current: run `python -m kubelint.docgen` when this fails."""

from __future__ import annotations

from kubelint import docgen


def test_readme_rule_table_is_current() -> None:
    text = docgen.README.read_text()
    assert docgen.readme(text) == text


def test_config_schema_file_is_current() -> None:
    assert docgen.CONFIG_SCHEMA.read_text() == docgen.config_schema()

"""Which template language a chart is written in: kubelint's Jinja2 dialect or Helm's Go
text/template. Each chart of a tree decides for itself, so an umbrella chart may mix them.

The rule: the Chart.yaml annotation `kubelint.io/dialect` (`go` or `jinja2`) when present;
otherwise Go when a template uses Go-only syntax (an action that starts with `.`, `$`, a
comment `/*`, or a keyword: `{{ .Values.x }}`, `{{- $name := … }}`, `{{/* … */}}`,
`{{ define "x" }}`, `{{ end }}`, or names `.Values`, `.Release`, … inside an action) and none
uses Jinja2's statements (`{% … %}`) or comments (`{# … #}`), with a space after the opening
(`{%d` in a format string or a shell's `${#x}` is neither); otherwise Jinja2.
"""

from __future__ import annotations

import re
from typing import Literal

from kubelint.chart.model import Chart
from kubelint.errors import ChartError

Dialect = Literal["go", "jinja2"]
ANNOTATION = "kubelint.io/dialect"
_GO = re.compile(
    r"\{\{-?\s*(?:[.$]|/\*|(?:end|else|define|with|template|block|if)\b)"
    r"|\{\{(?:[^}]|\}(?!\}))*?\s\.(?:Values|Release|Chart|Capabilities|Files|Template)\b"
)
# `{% if … %}`, `{# … #}`; not a format's `"{%d...%d}"` nor (`_is_jinja`) a shell's `${#list[@]}`.
_JINJA = re.compile(r"\{[%#][-+]?\s")


def dialect(chart: Chart) -> Dialect:
    annotations = chart.metadata.get("annotations") or {}
    chosen = annotations.get(ANNOTATION) if isinstance(annotations, dict) else None
    if chosen is not None:
        if chosen not in ("go", "jinja2"):
            raise ChartError(
                f"{chart.location}/Chart.yaml: annotation {ANNOTATION}: expected go or jinja2,"
                f" found {chosen!r}"
            )
        return "go" if chosen == "go" else "jinja2"
    texts = chart.templates.values()
    if any(_GO.search(text) for text in texts) and not any(map(_is_jinja, texts)):
        return "go"
    return "jinja2"


def _is_jinja(text: str) -> bool:
    """Whether `text` has a Jinja2 statement or comment (not after a `$`): searched without a
    look-behind, which would keep the engine from skipping to each `{` (a whole chart's text is
    searched on each render)."""
    return any(
        found.start() == 0 or text[found.start() - 1] != "$" for found in _JINJA.finditer(text)
    )

"""Helm's template functions, one module per family, each with its `GROUP` of registry entries;
`kubelint.chart.functions` assembles them into the registry and adapts them for Jinja2."""

"""The template reference of README.md, written from the code: the names a template sees and
every function of the engine, with its arguments and one line each (`python -m kubelint.docgen`
rewrites it; a test keeps it current and checks that every registered function is in it)."""

from __future__ import annotations

import inspect

from kubelint.chart.files import Files
from kubelint.chart.functions import GROUPS
from kubelint.chart.gocompat import DOCS

# The fields of the objects a template sees; tests check them against what rendering builds.
RELEASE_FIELDS = {
    "Name": "the release name (`--name`; default `release-name`)",
    "Namespace": "`-n/--namespace` (default `default`)",
    "Service": '`"Helm"`, so charts\' `managed-by` labels keep working',
    "IsInstall": "true",
    "IsUpgrade": "false",
    "Revision": "1",
}
CHART_FIELDS = (
    "Name", "Version", "AppVersion", "Description", "Type", "KubeVersion", "APIVersion",
    "Keywords", "Home", "Sources", "Maintainers", "Icon", "Annotations", "Dependencies",
    "Deprecated", "IsRoot",
)  # fmt: skip
CAPABILITIES_FIELDS = {
    "KubeVersion": "`.Version` and `.GitVersion` (`v1.31.0`), `.Major`, `.Minor`: the target "
    "version (`--kube-version`)",
    "APIVersions": '`.Has("apps/v1")` (or `"apps/v1/Deployment"`): the bundled API of the target '
    "version plus `--api-versions`",
    "HelmVersion": '`.Version` (`"v3.19.0"`, as in the Go dialect)',
}
TEMPLATE_FIELDS = {
    "Name": "the template's path (`web/templates/service.yaml`)",
    "BasePath": "its folder (`web/templates`)",
}
# The functions the engine itself provides (they need the rendering context).
TEMPLATE_FUNCTIONS = {
    "include": (
        "name, args…",
        "the text of helper macro `name` (Helm's `web.fullname` calls `web_fullname`), with "
        "`args` passed to it; or of the chart tree's template `name` (`web/templates/cm.yaml`)",
    ),
    "tpl": (
        "text[, names]",
        "`text` rendered as a template with the caller's names (and `names` over them), in the "
        "same sandbox",
    ),
    "lookup": ("api_version, kind, namespace, name", "offline, as `helm template`: always `{}`"),
    "format": ("values…", "the filter only: `text % values`, bounded by the sandbox"),
}


def _sentence(doc: str) -> str:
    text = doc.replace("\n", " ").rstrip(".")
    return text[:1].lower() + text[1:]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _fields(fields: dict[str, str]) -> str:
    return "; ".join(f"`{name}`: {doc}" for name, doc in fields.items())


def names_table() -> str:
    files = "; ".join(
        f"`Files.{name}({', '.join(list(inspect.signature(method).parameters)[1:])})`: "
        + _sentence(inspect.getdoc(method) or "")
        for name, method in vars(Files).items()
        if name[:1].isupper() and callable(method)
    )
    rows = [
        ("Values", "the chart's values (a subchart: its section of the parent's, plus `global`)"),
        ("Release", _fields(RELEASE_FIELDS)),
        (
            "Chart",
            "the Chart.yaml fields, capitalised as in Helm: "
            + ", ".join(f"`{name}`" for name in CHART_FIELDS)
            + " (`IsRoot`: not a subchart)",
        ),
        ("Capabilities", _fields(CAPABILITIES_FIELDS)),
        ("Template", _fields(TEMPLATE_FIELDS)),
        ("Files", "the chart's own files, read when it was loaded — " + files),
    ]
    lines = ["| name | what it is |", "|---|---|"]
    lines += [f"| `{name}` | {doc} |" for name, doc in rows]
    return "\n".join(lines) + "\n"


def functions_table() -> str:
    sections = [("Templates", TEMPLATE_FUNCTIONS)] + [
        (group, {name: (f.args, f.doc) for name, f in entries.items()})
        for group, entries in GROUPS.items()
    ]
    sections.append(("Go compatibility (what `kubelint convert` writes where Go differs)", DOCS))
    lines: list[str] = []
    for title, entries in sections:
        lines += ["", f"**{title}**", "", "| function | gives |", "|---|---|"]
        lines += [f"| `{name}({args})` | {_cell(doc)} |" for name, (args, doc) in entries.items()]
    return "\n".join(lines[1:]) + "\n"

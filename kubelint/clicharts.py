"""The commands that do what `helm` and `kustomize` do, for chart and Kustomization authors:
`template` (render a chart), `build` (a Kustomization), `convert` (a Go-template chart to the
Jinja2 dialect), `create`, `package` and `repo index`. Each parses its options and calls one
function of `kubelint.chart` or `kubelint.kustomize`, imported only when the command runs."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from kubelint.clishared import (
    ConfigOpt,
    ReleaseOpt,
    SetFileOpt,
    SetJsonOpt,
    SetLiteralOpt,
    SetOpt,
    SetStringOpt,
    ValuesOpt,
    guarded,
    say,
)
from kubelint.config import load_config
from kubelint.errors import EXIT_OK, UsageError
from kubelint.lintcommand import chart_options


@guarded
def template(
    chart: Annotated[str, typer.Argument(help="A chart folder (with Chart.yaml) or .tgz.")],
    values: ValuesOpt = None,
    set_: SetOpt = None,
    set_string: SetStringOpt = None,
    set_file: SetFileOpt = None,
    set_json: SetJsonOpt = None,
    set_literal: SetLiteralOpt = None,
    release: ReleaseOpt = "release-name",
    namespace: Annotated[
        str, typer.Option("-n", "--namespace", help="Release.Namespace.")
    ] = "default",
    output_dir: Annotated[
        str | None, typer.Option("--output-dir", help="Write one file per template there.")
    ] = None,
    show_only: Annotated[
        list[str] | None,
        typer.Option(
            "--show-only", "-s", help="Only this template (templates/x.yaml; repeatable)."
        ),
    ] = None,
    kube_version: Annotated[
        str | None,
        typer.Option("--kube-version", help="Capabilities.KubeVersion (default: newest bundled)."),
    ] = None,
    api_versions: Annotated[
        list[str] | None,
        typer.Option("--api-versions", "-a", help="Add to Capabilities.APIVersions (repeatable)."),
    ] = None,
    include_crds: Annotated[
        bool, typer.Option("--include-crds", help="Print the crds/ folder's files first.")
    ] = False,
    notes: Annotated[bool, typer.Option("--notes", help="Print the rendered NOTES.txt.")] = False,
    strict: Annotated[
        bool,
        typer.Option("--strict", "--strict-undefined", help="A missing value used is an error."),
    ] = False,
    no_hooks: Annotated[
        bool, typer.Option("--no-hooks", help="Leave out hooks (helm.sh/hook documents).")
    ] = False,
    skip_tests: Annotated[
        bool, typer.Option("--skip-tests", help="Leave out test hooks (helm.sh/hook: test).")
    ] = False,
    config_file: ConfigOpt = None,
) -> int:
    """Render a chart like `helm template`; exit 1 when it does not render."""
    from kubelint.chart.command import TemplateRequest, write_output_dir
    from kubelint.chart.command import template as render_template

    options = chart_options(
        values,
        set_,
        set_string,
        set_file,
        set_json,
        set_literal,
        release=release,
        namespace=namespace,
        kube_version=kube_version,
        api_versions=tuple(api_versions or ()),
        strict=strict,
        limits=load_config(config_file).limits,
    )
    request = TemplateRequest(
        chart, options, tuple(show_only or ()), include_crds, notes, no_hooks, skip_tests
    )
    text, by_file = render_template(request)
    if output_dir is None:
        sys.stdout.write(text)
    else:
        for path in write_output_dir(output_dir, by_file):
            say(f"wrote {path}")
    return EXIT_OK


@guarded
def build(
    directory: Annotated[str, typer.Argument(help="A folder with a kustomization.yaml.")],
    reorder: Annotated[
        str,
        typer.Option(
            "--reorder",
            help="Output order: legacy (kustomize build's default) or none (as read).",
        ),
    ] = "legacy",
    load_restrictor: Annotated[
        str,
        typer.Option(
            "--load-restrictor",
            help="LoadRestrictionsRootOnly (default): files in or below their Kustomization's"
            " folder; LoadRestrictionsNone: anywhere below the working folder.",
        ),
    ] = "LoadRestrictionsRootOnly",
    config_file: ConfigOpt = None,
) -> int:
    """Build a Kustomization like `kustomize build`; exit 1 when it does not build."""
    from kubelint.kustomize.command import build_text

    if reorder not in ("legacy", "none"):
        raise UsageError(f"--reorder: {reorder!r} is not one of legacy, none")
    restrictors = ("LoadRestrictionsRootOnly", "LoadRestrictionsNone")
    if load_restrictor not in restrictors:
        raise UsageError(
            f"--load-restrictor: {load_restrictor!r} is not one of {', '.join(restrictors)}"
        )
    root_only = load_restrictor == restrictors[0]
    sys.stdout.write(build_text(directory, reorder, root_only, load_config(config_file).limits))
    return EXIT_OK


@guarded
def convert(
    chart: Annotated[str, typer.Argument(help="A Go-template chart folder (with Chart.yaml).")],
    out: Annotated[str, typer.Argument(help="The new chart's folder (new, or empty).")],
    values: ValuesOpt = None,
    release: ReleaseOpt = "release-name",
    namespace: Annotated[
        str, typer.Option("-n", "--namespace", help="Release.Namespace.")
    ] = "default",
    config_file: ConfigOpt = None,
) -> int:
    """Convert a Go-template chart to the Jinja2 dialect; exit 1 when it renders differently."""
    from kubelint.chart.convert.command import run

    options = chart_options(
        values, None, None, None, None, None,
        release=release, namespace=namespace, limits=load_config(config_file).limits,
    )  # fmt: skip
    lines, code = run(chart, out, options)
    for message in lines:
        say(message)
    return code


@guarded
def create(
    name: Annotated[str, typer.Argument(help="The new chart's folder; its name is the chart's.")],
    dialect: Annotated[
        str,
        typer.Option(
            "--dialect", help="The templates' language: jinja2 (kubelint's) or go (Helm's)."
        ),
    ] = "jinja2",
) -> int:
    """Create a chart like `helm create`, whose output passes `kubelint lint`."""
    from kubelint.chart.scaffold import create as create_chart

    for path in create_chart(name, dialect):
        say(f"wrote {path}")
    return EXIT_OK


@guarded
def package(
    charts: Annotated[list[str], typer.Argument(help="Chart folders.")],
    destination: Annotated[
        str, typer.Option("-d", "--destination", help="Where to write the archives.")
    ] = ".",
) -> int:
    """Write each chart as `<name>-<version>.tgz`, like `helm package`."""
    from kubelint.chart.package import package as package_chart

    for chart in charts:
        path = package_chart(chart, destination)
        say(f"Successfully packaged chart and saved it to: {path}")
    return EXIT_OK


@guarded
def repo_index(
    directory: Annotated[str, typer.Argument(help="A folder of chart archives.")],
    url: Annotated[
        str | None, typer.Option("--url", help="The repository's URL, prefixed to each archive.")
    ] = None,
) -> int:
    """Write DIR/index.yaml for the chart archives in DIR, like `helm repo index`."""
    from kubelint.chart.package import index

    say(f"wrote {index(directory, url)}")
    return EXIT_OK

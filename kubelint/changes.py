"""Changed files: what they stand for (their manifests, the charts they belong to), and what
changed relative to a git ref.

A file inside a chart stands for the chart: a template, a helper, `values.yaml` or a file the
templates read only matter through the rendered chart, so the chart is rendered whole, once.
A subchart (`<chart>/charts/<sub>/`) is rendered with its parent's values and never on its own,
so its files stand for the outermost chart that renders it.

`--changed-since REF` wants what a pull request would merge: the changes since the merge base
of REF and HEAD (`git diff REF...HEAD`), plus what is not committed yet — staged, unstaged and
untracked files — so a developer sees the same before pushing as the gate after. In CI the
checkout is clean and this is exactly the pull request's diff. Deleted files are dropped. git
only reads the local repository; nothing is fetched.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Literal

from kubelint.errors import UsageError
from kubelint.inputs import MANIFEST_SUFFIXES, STDIN, Input, discover, is_chart

Scope = Literal["manifests", "charts", "all"]


class _Charts:
    """The chart each folder belongs to, remembered per folder (a hook may pass thousands of
    files of the same few folders)."""

    def __init__(self) -> None:
        self._of_dir: dict[str, str | None] = {}

    def of(self, path: str) -> str | None:
        """The chart folder `path` belongs to, named relative to the current folder (absolute
        when `path` is), or None for a file of no chart."""
        folder = path if os.path.isdir(path) else os.path.dirname(path) or "."
        chart = self._chart(os.path.abspath(folder))
        if chart is None or os.path.isabs(path):
            return chart
        return os.path.relpath(chart)

    def _chart(self, folder: str) -> str | None:
        if folder not in self._of_dir:
            parent = os.path.dirname(folder)
            if is_chart(Path(folder)):
                self._of_dir[folder] = self._outermost(folder)
            else:
                self._of_dir[folder] = None if parent == folder else self._chart(parent)
        return self._of_dir[folder]

    @staticmethod
    def _outermost(chart: str) -> str:
        holder = os.path.dirname(chart)  # <parent>/charts
        while os.path.basename(holder) == "charts" and is_chart(Path(os.path.dirname(holder))):
            chart = os.path.dirname(holder)
            holder = os.path.dirname(chart)
        return chart


def affected(paths: Iterable[str], scope: Scope) -> list[str]:
    """What changed files stand for, in their order, without repeats: the manifest files
    (`*.yaml`, `*.yml`, `*.json`) of no chart (scope `manifests`), the charts the files belong
    to (`charts`), or both (`all`). Other files are dropped."""
    charts = _Charts()
    found: dict[str, None] = {}
    for path in paths:
        chart = charts.of(path)
        if chart is not None and scope != "manifests":
            found[chart] = None
        elif chart is None and scope != "charts" and path.endswith(MANIFEST_SUFFIXES):
            found[path] = None
    return list(found)


def only_changed(inputs: Sequence[Input], changed: Iterable[str]) -> list[Input]:
    """The inputs that changed: a manifest file among `changed`, a chart holding one of them
    (or a chart archive among them)."""
    charts = _Charts()
    touched: set[str] = set()
    for path in changed:
        touched.add(os.path.abspath(path))
        chart = charts.of(path)
        if chart is not None:
            touched.add(os.path.abspath(chart))
    return [item for item in inputs if os.path.abspath(item.name) in touched]


def select(
    paths: Sequence[str],
    excluded: Callable[[str], bool],
    changed_since: str | None,
    changed_files: Scope | None,
) -> list[Input]:
    """The inputs of a run: `paths` as given, or what they stand for as changed files, and of
    those only what changed since a git ref."""
    if (changed_since is not None or changed_files is not None) and STDIN in paths:
        raise UsageError("'-' (stdin) cannot be combined with --changed-since or --changed-files")
    if changed_files is not None:
        paths = affected(paths, changed_files)
    inputs = discover(paths, excluded)
    if changed_since is not None:
        inputs = only_changed(inputs, changed_since_ref(changed_since))
    return inputs


def nothing_to_check(changed_since: str | None, changed_files: Scope | None) -> str:
    """Why a run with these options has no input (for stderr)."""
    reasons = []
    if changed_files is not None:
        reasons.append(
            {
                "manifests": "none of the files given is a manifest outside a chart",
                "charts": "none of the files given belongs to a chart",
                "all": "none of the files given is a manifest or belongs to a chart",
            }[changed_files]
        )
    if changed_since is not None:
        reasons.append(f"no manifest or chart among the paths given changed since {changed_since}")
    return "nothing to check: " + ("; ".join(reasons) or "no input")


def changed_since_ref(ref: str) -> list[str]:
    """The files changed since the merge base of `ref` and HEAD, committed or not, untracked
    included, deleted ones dropped; relative to the current folder, in git's order."""
    top = _git(ref, ["rev-parse", "--show-toplevel"], f"{os.getcwd()} is not in a git repository")
    top = top.strip()
    commit = _git(
        ref,
        ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"],
        f'no commit named "{ref}" in this repository (fetch it first?)',
        top,
    ).strip()
    base = _git(
        ref,
        ["merge-base", commit, "HEAD"],
        f'"{ref}" and HEAD have no common commit (a shallow clone? fetch the history, '
        "e.g. actions/checkout with fetch-depth: 0)",
        top,
    ).strip()
    # Renames count as a new file; the diff is against the working tree: staged and unstaged.
    names = _git(
        ref, ["diff", "--name-only", "--no-renames", "--diff-filter=ACM", "-z", base], None, top
    )
    names += _git(ref, ["ls-files", "--others", "--exclude-standard", "-z"], None, top)
    return [os.path.relpath(os.path.join(top, name)) for name in names.split("\0") if name]


def _git(ref: str, args: list[str], failure: str | None, cwd: str | None = None) -> str:
    """git's output; a failure is a usage error naming the ref (`failure`, or git's words)."""
    import subprocess  # (only --changed-since runs git: not loaded at every start)

    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
        )
    except FileNotFoundError:
        raise UsageError(f"--changed-since {ref}: git is not installed") from None
    if done.returncode != 0:
        reason = failure or f"git {args[0]}: " + (done.stderr.strip().splitlines() or ["failed"])[0]
        raise UsageError(f"--changed-since {ref}: {reason}")
    return done.stdout

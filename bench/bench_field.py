"""Whole `kubelint` processes, as a user runs them, against the parse floor in the same run.

    python bench/bench_field.py [--documents 5000] [--repeat 3] [--repos DIR]
                                [--only corpora,reports,startup]

Two generated corpora (bench/corpus.py): the careful one (nearly no findings) and the `field`
one, with at least 3 findings per document, mostly of the hardening and reference rules, as in
public repositories. For each, in turn, best of --repeat with the spread (min-max):

- the floor: a Python process that imports PyYAML and parses every file with the C loader;
- `kubelint lint DIR --format json --output FILE`, the whole process;
- its peak memory: the largest process's peak resident set (workers included, sampled).

Then what a report costs with that many findings (each format rendered in process from the field
run's result), the start-up of `kubelint lint one.yaml`, and, with --repos, the wall time and
MB/s of `kubelint lint` over each folder of DIR (fetched public repositories, kept out of the
project). Targets (the performance issue): field corpus at most 1.0x the floor, clean at most
0.8x; JSON and SARIF add at most 0.2 s with 20,000 findings; start-up at most 0.25 s; peak memory
at most 3x the corpus's size plus 100 MB a process.
"""

from __future__ import annotations

import argparse
import compileall
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import generate

FLOOR = (
    "import sys, pathlib, yaml\n"
    "for name in sys.argv[1:]:\n"
    "    for _ in yaml.load_all(pathlib.Path(name).read_bytes(), Loader=yaml.CSafeLoader):\n"
    "        pass\n"
)


def timed(command: list[str]) -> tuple[float, float]:
    """(wall seconds, peak resident MB of its largest process) of one run of `command`: each
    process's high-water mark (VmHWM), sampled every 10 ms while it runs, and the kernel's own
    figure for the main process once it ends."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    while True:
        pid, _, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        for each in _tree(process.pid):
            peak = max(peak, _high_water(each))
        time.sleep(0.01)
    wall = time.perf_counter() - start
    process.returncode = 0  # reaped above
    return wall, max(peak, usage.ru_maxrss / 1024)


def _tree(pid: int) -> list[int]:
    """A process and its descendants (Linux: /proc/PID/task/TID/children)."""
    out, todo = [], [pid]
    while todo:
        each = todo.pop()
        out.append(each)
        try:
            children = Path(f"/proc/{each}/task/{each}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(child) for child in children)
    return out


def _high_water(pid: int) -> float:
    """A process's peak resident set so far, in MB (0 when it is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def spread(repeat: int, run: Callable[[], float]) -> tuple[float, float]:
    times = [run() for _ in range(repeat)]
    return min(times), max(times)


def figures(repeat: int, run: Callable[[], float]) -> str:
    """`repeat` timings of `run`: best and median, with the spread."""
    times = sorted(run() for _ in range(repeat))
    low, median, high = times[0], times[len(times) // 2], times[-1]
    return f"{low:.3f} s, median {median:.3f} s (spread {low:.3f}-{high:.3f})"


def kubelint(*args: str) -> list[str]:
    """The `kubelint` console script a user runs (beside this Python), else `-m kubelint`."""
    script = Path(sys.executable).parent / "kubelint"
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "kubelint", *args]


def compiled() -> None:
    """Byte-compile kubelint, as pip does when it installs a package: a run with
    PYTHONDONTWRITEBYTECODE and no caches would time the compiler, not kubelint."""
    import kubelint

    compileall.compile_dir(Path(kubelint.__file__).parent, quiet=1)


def corpus_figures(root: Path, files: list[Path], repeat: int, out: Path) -> tuple[float, float]:
    """Print the floor and lint figures of one corpus; return (floor, lint) best times."""
    size = sum(path.stat().st_size for path in files) / 1e6
    floor = spread(repeat, lambda: timed([sys.executable, "-c", FLOOR, *map(str, files)])[0])
    peak = 0.0

    def lint() -> float:
        nonlocal peak
        wall, rss = timed(kubelint("lint", str(root), "--format", "json", "--output", str(out)))
        peak = max(peak, rss)
        return wall

    ours = spread(repeat, lint)
    report = json.loads(out.read_text())
    documents = report["summary"]["documents"]
    print(f"  {documents} documents, {len(files)} files, {size:.1f} MB")
    findings = len(report["findings"])
    print(f"  findings: {findings} ({findings / documents:.2f} a document)")
    print(f"  parse floor, whole process: {floor[0]:.2f} s (spread {floor[0]:.2f}-{floor[1]:.2f})")
    print(f"  kubelint lint --format json: {ours[0]:.2f} s (spread {ours[0]:.2f}-{ours[1]:.2f})")
    print(f"  ratio: {ours[0] / floor[0]:.2f}x the floor")
    print(
        f"  peak memory (largest process of a run): {peak:.0f} MB; bound 3x size + 100 = "
        f"{3 * size + 100:.0f} MB"
    )
    return floor[0], ours[0]


REPORTED = 20_000  # findings a report is timed with (the performance issue's figure)


def report_costs(root: Path, repeat: int) -> None:
    """Render each report format of a lint result in process: what the findings cost to print.
    The field run's findings are taken up to REPORTED, as more files of the same kind would
    give them: each further round a copy of each file (its name prefixed `copyN-`)."""

    from kubelint.config import default_config
    from kubelint.engine import lint
    from kubelint.inputs import discover
    from kubelint.k8s.versions import resolve_version
    from kubelint.report import FORMATS
    from kubelint.rules.base import Settings

    config = default_config()
    result = lint(discover([str(root)], config.excludes), config, Settings(resolve_version(None)))
    found = result.findings
    findings = list(found[:REPORTED])
    copy = 0
    while len(findings) < REPORTED:
        copy += 1
        findings += [
            f._replace(
                file=str(Path(f.file or "").with_name(f"copy{copy}-{Path(f.file or '').name}"))
            )
            for f in found[: REPORTED - len(findings)]
        ]
    result = result.with_findings(findings)
    print(f"  reports of {len(findings)} findings ({len(found)} of the field run), in process:")
    for name in ("json", "sarif", "text"):
        render = FORMATS[name]  # as the command writes it: the findings made printable first

        def run(render: Callable[..., None] = render) -> float:
            start = time.perf_counter()
            render(result, io.StringIO())
            return time.perf_counter() - start

        print(f"    {name:6} {figures(repeat, run)}")


def start_up(corpus: Path, one: Path, repeat: int) -> None:
    """`kubelint lint one.yaml`, whole process: min and median, beside a bare Python's."""
    one.write_text(next(corpus.rglob("*.yaml")).read_text())
    python = min(timed([sys.executable, "-c", "pass"])[0] for _ in range(repeat))
    lint = figures(repeat, lambda: timed(kubelint("lint", str(one)))[0])
    print(f"start-up, kubelint lint one.yaml: {lint}; python -c pass: {python:.3f} s")


def repositories(folder: Path) -> None:
    for repo in sorted(path for path in folder.iterdir() if path.is_dir()):
        size = sum(p.stat().st_size for p in repo.rglob("*") if p.is_file()) / 1e6
        wall, _ = timed(kubelint("lint", str(repo), "--format", "json", "--output", "/dev/null"))
        print(f"  {repo.name}: {wall:.2f} s, {size / wall:.1f} MB/s ({size:.1f} MB on disk)")


SECTIONS = ("corpora", "reports", "startup")
NEEDS = {"clean": {"corpora", "startup"}, "field": {"corpora", "reports"}}  # corpus: sections


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--repos", type=Path, help="a folder of fetched public repositories")
    parser.add_argument(
        "--only",
        type=lambda text: set(text.split(",")),
        default=set(SECTIONS),
        help=f"the sections to run, comma-separated (default: all of {','.join(SECTIONS)})",
    )
    args = parser.parse_args()
    compiled()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        for label, field in (("clean", False), ("field", True)):
            root = Path(tmp) / label
            if not NEEDS[label] & args.only:
                continue
            files = sorted(generate(root, args.documents, field=field))
            if "corpora" in args.only:
                print(f"{label} corpus:")
                corpus_figures(root, files, args.repeat, out)
        if "reports" in args.only:
            report_costs(Path(tmp) / "field", args.repeat)
        if "startup" in args.only:
            start_up(Path(tmp) / "clean", Path(tmp) / "one.yaml", args.repeat)
    if args.repos:
        print(f"repositories under {args.repos}:")
        repositories(args.repos)


if __name__ == "__main__":
    main()

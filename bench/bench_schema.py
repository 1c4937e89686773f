"""Time schema validation: kubelint against kubernetes-validate --strict and the parse floor.

    python bench/bench_schema.py [--documents 5000] [--repeat 3] [--kv-documents 1000]

In one run, on one generated corpus (bench/corpus.py):

- the floor: parsing every file with PyYAML's `yaml.CSafeLoader`, in this process;
- `kubelint lint` as a whole process (interpreter start-up and imports included), with every
  rule: every object is validated strictly against the schemas of the newest bundled Kubernetes
  version, among the other checks;
- the `schema` rule alone, in this process, on the parsed corpus: the cost of validation itself
  (schemas loaded and compiled, every object validated);
- `kubernetes-validate --strict` (the CLI of the package whose schemas kubelint uses) on the same
  files. It takes seconds per hundred documents, so by default it runs on the first files of the
  corpus (sorted) holding at least --kv-documents documents, and its rate is extrapolated to the
  whole corpus; the output says so. `--kv-documents 0` runs it on everything.

Targets (issue 3): kubelint at least 30x the documents per second of kubernetes-validate, and
kubelint's wall time no more than the single-process parse floor.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from corpus import generate
from timing import best, parse_floor

SCHEMA_RULES = ("schema", "unknown-kind", "deprecated-api", "api-validation")


def documents(files: list[Path]) -> int:
    return sum(
        1
        for path in files
        for doc in yaml.load_all(path.read_bytes(), Loader=yaml.CSafeLoader)
        if doc is not None
    )


def kubelint(root: Path) -> dict[str, object]:
    args = [sys.executable, "-m", "kubelint", "lint", str(root), "--format", "json"]
    run = subprocess.run(args, capture_output=True, text=True, check=False)
    if run.returncode not in (0, 1):
        raise SystemExit(f"kubelint failed: {run.stderr}")
    result: dict[str, object] = json.loads(run.stdout)
    return result


def schema_rule(files: list[Path]) -> float:
    """Seconds the `schema` rule takes over the parsed corpus, with a fresh schema store."""
    from kubelint.config import default_config
    from kubelint.k8s.versions import resolve_version
    from kubelint.objects import ObjectIndex, expand
    from kubelint.rules import schema
    from kubelint.rules.base import Context, Settings
    from kubelint.yamlload import load

    resources = [
        obj
        for path in files
        for document in load(str(path), path.read_bytes()).documents
        for obj in expand(document, "default")[0]
    ]
    index = ObjectIndex(resources)
    options = default_config().rules["schema"].options
    start = time.perf_counter()
    found = list(schema.check_all(index, Context(options, index, Settings(resolve_version(None)))))
    seconds = time.perf_counter() - start
    assert not found, found[:3]
    return seconds


def kubernetes_validate(files: list[Path]) -> None:
    run = subprocess.run(
        ["kubernetes-validate", "--strict", "--quiet", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode != 0:
        raise SystemExit(f"kubernetes-validate rejected the corpus: {run.stdout}{run.stderr}")


def sample(files: list[Path], wanted: int) -> list[Path]:
    if wanted <= 0:
        return files
    chosen: list[Path] = []
    count = 0
    for path in files:
        chosen.append(path)
        count += documents([path])
        if count >= wanted:
            break
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--kv-documents", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        files = sorted(generate(root, args.documents))
        total = documents(files)
        floor = best(args.repeat, lambda: parse_floor(files))
        report: dict[str, object] = {}

        def run() -> None:
            report.update(kubelint(root))

        ours = best(args.repeat, run)
        validation = min(schema_rule(files) for _ in range(args.repeat))
        kv_files = sample(files, args.kv_documents)
        kv_docs = documents(kv_files)
        kv = best(min(2, args.repeat), lambda: kubernetes_validate(kv_files))
        size = sum(p.stat().st_size for p in files) / 1e6

    kv_rate = kv_docs / kv
    print(f"corpus: {total} documents, {len(files)} files, {size:.1f} MB")
    for label, seconds in (
        ("parse floor (CSafeLoader, in process)", floor),
        ("kubelint lint (whole process)", ours),
    ):
        print(f"{label:40s} {seconds:7.3f} s  {total / seconds:9,.0f} docs/s")
    scope = "all files" if kv_docs == total else f"{kv_docs} documents in {len(kv_files)} files"
    extrapolated = "" if kv_docs == total else f"; {total / kv_rate:.0f} s for the corpus"
    print(
        f"{'kubernetes-validate --strict (process)':40s} {kv:7.3f} s  {kv_rate:9,.0f} docs/s"
        f"  (measured on {scope}{extrapolated})"
    )
    print(
        f"the schema rule alone (in process): {validation:.3f} s, "
        f"{validation / total * 1e6:.0f} µs a document"
    )
    ratio = total / ours / kv_rate
    print(f"kubelint: {ratio:.0f}x the docs/s of kubernetes-validate (target >= 30x)")
    print(f"kubelint: {ours / floor:.2f}x the parse floor's wall time (target <= 1.00x)")
    schema_findings = [
        f
        for f in report["findings"]  # type: ignore[attr-defined]
        if f["rule"] in SCHEMA_RULES
    ]
    print(f"findings of the schema rules on the corpus: {len(schema_findings)}")


if __name__ == "__main__":
    main()

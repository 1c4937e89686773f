"""Time `kubelint lint` against the floor of parsing the same files with yaml.CSafeLoader.

    python bench/bench_lint.py [--documents 5000] [--repeat 3]

Both are measured in the same run, on the same generated corpus (bench/corpus.py), so a noisy
shared machine slows both alike. Reported: the in-process time of the lint pipeline (files parsed
by one worker per core, the CLI's default `--jobs`) and of the parse floor (best of --repeat),
their ratio, and the whole `kubelint lint` process's wall time (start-up and imports included).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import generate
from timing import best, parse_floor

from kubelint.config import default_config
from kubelint.engine import lint
from kubelint.inputs import discover
from kubelint.k8s.versions import resolve_version
from kubelint.parallel import default_jobs
from kubelint.rules.base import Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        files = sorted(generate(root, args.documents))
        settings = Settings(resolve_version(None))
        config = default_config()

        def run_lint() -> None:
            inputs = discover([str(root)], config.excludes)
            result = lint(inputs, config, settings, jobs=default_jobs())  # as the CLI does
            assert result.documents == args.documents, result.documents

        floor = best(args.repeat, lambda: parse_floor(files))
        ours = best(args.repeat, run_lint)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "kubelint", "lint", str(root)], check=False, capture_output=True
        )
        process = time.perf_counter() - start
        size = sum(p.stat().st_size for p in files) / 1e6
    print(f"corpus: {args.documents} documents, {len(files)} files, {size:.1f} MB")
    print(f"parse floor (CSafeLoader):  {floor:.3f} s  ({args.documents / floor:,.0f} docs/s)")
    print(f"kubelint lint, in process:  {ours:.3f} s  ({args.documents / ours:,.0f} docs/s)")
    print(f"kubelint lint, whole process: {process:.3f} s")
    print(f"ratio lint / parse floor: {ours / floor:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()

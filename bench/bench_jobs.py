"""Time `kubelint lint --jobs 1` against `--jobs N` on the generated corpus, in one run.

    python bench/bench_jobs.py [--documents 5000] [--jobs 2] [--repeat 5]

Both are measured in the same run, alternating, on the same corpus (bench/corpus.py), so a
noisy shared machine slows both alike; the best of --repeat is reported for each, with the
speed-up and the load average of the machine during the run. Each run checks that both give
the same findings.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import generate

from kubelint.config import default_config
from kubelint.engine import lint
from kubelint.findings import Finding
from kubelint.inputs import discover
from kubelint.k8s.versions import resolve_version
from kubelint.rules.base import Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        files = generate(root, args.documents)
        size = sum(p.stat().st_size for p in files) / 1e6
        settings = Settings(resolve_version(None))
        config = default_config()
        inputs = discover([str(root)], config.excludes)

        def run(jobs: int) -> tuple[float, list[Finding]]:
            start = time.perf_counter()
            result = lint(inputs, config, settings, jobs=jobs)
            assert result.documents == args.documents, result.documents
            return time.perf_counter() - start, result.findings

        times: dict[int, list[float]] = {1: [], args.jobs: []}
        loads = []
        for _ in range(args.repeat):
            one, expected = run(1)
            many, findings = run(args.jobs)
            assert findings == expected, "--jobs changed the findings"
            times[1].append(one)
            times[args.jobs].append(many)
            loads.append(os.getloadavg()[0])
    sequential, parallel = min(times[1]), min(times[args.jobs])
    print(f"corpus: {args.documents} documents, {len(files)} files, {size:.1f} MB")
    print(
        f"cores: {os.cpu_count()}, load average during the run: {min(loads):.1f}-{max(loads):.1f}"
    )
    print(f"--jobs 1:  {sequential:.3f} s  (best of {args.repeat})")
    print(f"--jobs {args.jobs}:  {parallel:.3f} s  (best of {args.repeat})")
    print(f"speed-up: {sequential / parallel:.2f}x")


if __name__ == "__main__":
    main()

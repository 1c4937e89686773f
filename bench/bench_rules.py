"""Time `kubelint lint` with every rule on against every rule off, in one run.

    python bench/bench_rules.py [--documents 5000] [--repeat 5] [--per-rule]

Both runs read, parse and index the same generated corpus (bench/corpus.py), so the difference
is what the rules cost; the two are timed in turn, best of --repeat each. Target: all rules
at most 1.3x no rules. With --per-rule, each rule is
also timed alone (best of --repeat, minus the no-rule run), slowest first.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import generate

from kubelint.config import Config, default_config
from kubelint.engine import Result, lint
from kubelint.inputs import discover
from kubelint.k8s.versions import resolve_version
from kubelint.rules.base import Settings


def best(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def only(config: Config, enabled: set[str]) -> Config:
    rules = {
        rule: dataclasses.replace(settings, enabled=rule in enabled)
        for rule, settings in config.rules.items()
    }
    return dataclasses.replace(config, rules=rules)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--per-rule", action="store_true")
    args = parser.parse_args()
    settings = Settings(resolve_version(None))
    every = default_config()
    none = only(every, set())
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        generate(root, args.documents)

        def run(config: Config) -> Result:
            return lint(discover([str(root)], config.excludes), config, settings)

        findings = run(every).findings
        floor, full = float("inf"), float("inf")
        for _ in range(args.repeat):  # interleaved, so a change of load hits both alike
            floor = min(floor, best(1, lambda: run(none)))
            full = min(full, best(1, lambda: run(every)))
        costs = (
            {
                rule: best(args.repeat, lambda rule=rule: run(only(every, {rule}))) - floor
                for rule in every.rules
            }
            if args.per_rule
            else {}
        )
    print(f"corpus: {args.documents} documents; findings with every rule on: {len(findings)}")
    print(f"no rules:  {floor:.3f} s")
    print(f"all rules: {full:.3f} s ({len(every.rules)} rules)")
    print(f"ratio all / none: {full / floor:.2f}x (target <= 1.3x)")
    for rule, cost in sorted(costs.items(), key=lambda item: -item[1]):
        print(f"  {rule:32} {cost * 1000:+8.1f} ms")


if __name__ == "__main__":
    main()

"""Time `kubelint lint` with every rule on against every rule off, in one run.

    python bench/bench_rules.py [--documents 5000] [--repeat 5] [--jobs N] [--per-rule]

Both runs read, parse and index the same generated corpus (bench/corpus.py) with the same
worker processes as the CLI (`--jobs`, default one per core) and, like each CLI run, settings
of their own (the schemas are compiled again each run), so the difference is what the rules
cost; the two are timed in turn, best of --repeat each, in wall time and in CPU time (this
process and its workers: what other work on a busy machine changes least). Target: all rules at
most 1.3x no rules. The local rules (`Rule.local`) run in the workers on the files each parsed,
while this process runs the others over every object. With --per-rule, each rule is also timed
alone over the corpus's objects in this process (best of --repeat), slowest first: alone, a rule
pays for what it derives from objects (their containers, references) and the index parts it asks
for, which in a run the first rule that asks pays for the others.
"""

from __future__ import annotations

import argparse
import os
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
from kubelint.objects import ObjectIndex, Resource
from kubelint.parallel import default_jobs
from kubelint.rules import REGISTRY
from kubelint.rules.base import Context, Rule, Settings


def _cpu() -> float:
    """CPU seconds of this process and of its finished workers."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def measure(work: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one call."""
    wall, cpu = time.perf_counter(), _cpu()
    work()
    return time.perf_counter() - wall, _cpu() - cpu


def only(config: Config, enabled: set[str]) -> Config:
    rules = {
        rule: settings._replace(enabled=rule in enabled) for rule, settings in config.rules.items()
    }
    return config._replace(rules=rules)


def alone(rule: Rule, resources: list[Resource], config: Config, settings: Settings) -> float:
    """Seconds one rule takes over the objects, deriving everything it asks for itself."""
    for resource in resources:
        resource._derived.clear()
    start = time.perf_counter()
    index = ObjectIndex(resources)
    ctx = Context(config.rules[rule.id].options, index, settings)
    if rule.check is not None:
        for obj in index.of_kind(*rule.kinds) if rule.kinds else resources:
            for _ in rule.check(obj, ctx):
                pass
    if rule.check_all is not None:
        for _ in rule.check_all(index, ctx):
            pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--per-rule", action="store_true")
    args = parser.parse_args()
    settings = Settings(resolve_version(None))
    every = default_config()
    none = only(every, set())
    enabled = [REGISTRY[rule] for rule in REGISTRY if every.rules[rule].enabled]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        generate(root, args.documents)

        def run(config: Config) -> Result:
            inputs = discover([str(root)], config.excludes)
            return lint(inputs, config, Settings(resolve_version(None)), jobs=args.jobs)

        result = run(every)
        floor, full = [float("inf")] * 2, [float("inf")] * 2  # best (wall, CPU) of each
        for _ in range(args.repeat):  # interleaved, so a change of load hits both alike
            floor = list(map(min, floor, measure(lambda: run(none))))
            full = list(map(min, full, measure(lambda: run(every))))
    local = sum(rule.local for rule in enabled)
    print(f"corpus: {args.documents} documents; findings, every rule on: {len(result.findings)}")
    print(f"jobs: {args.jobs}")
    print(f"no rules:  {floor[0]:.3f} s wall, {floor[1]:.3f} s CPU")
    print(
        f"all rules: {full[0]:.3f} s wall, {full[1]:.3f} s CPU ({len(enabled)} rules, {local} "
        "local)"
    )
    print(
        f"ratio all / none: {full[0] / floor[0]:.2f}x wall, {full[1] / floor[1]:.2f}x CPU "
        "(target <= 1.3x)"
    )
    if args.per_rule:
        costs = [
            (rule, min(alone(rule, result.objects, every, settings) for _ in range(args.repeat)))
            for rule in enabled
        ]
        for group, title in ((True, "local (in the workers)"), (False, "the rest (after parse)")):
            mine = [(rule, cost) for rule, cost in costs if rule.local == group]
            print(f"{title}, each alone: {sum(cost for _, cost in mine) * 1000:.1f} ms")
            for rule, cost in sorted(mine, key=lambda item: -item[1]):
                print(f"  {rule.id:32} {cost * 1000:8.1f} ms")


if __name__ == "__main__":
    main()

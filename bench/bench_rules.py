"""Time `kubelint lint` with every rule on against every rule off, in one run.

    python bench/bench_rules.py [--documents 5000] [--repeat 5] [--jobs N] [--per-rule]

Both runs read, parse and index the same generated corpus (bench/corpus.py) with the same
worker processes as the CLI (`--jobs`, default one per core), so the difference is what the
rules cost; the two are timed in turn, best of --repeat each, in wall time and in CPU time (this
process and its workers: what other work on a busy machine changes least). Target: all rules at
most 1.3x no rules. With --per-rule, the all-rules runs also time each rule's own step of the
checking phase (best of --repeat), slowest first: what objects derive once (their containers,
references) is paid by the first rule that asks for it.
"""

from __future__ import annotations

import argparse
import dataclasses
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
from kubelint.parallel import default_jobs
from kubelint.rules import REGISTRY
from kubelint.rules.base import Settings


class RuleClock:
    """A progress listener that times each step of the engine's checking phase: one a rule."""

    def __init__(self) -> None:
        self.steps: list[float] = []
        self._checking = False
        self._last = 0.0

    def phase(self, name: str, total: int) -> None:
        self._checking = name == "checking"
        self.steps = []
        self._last = time.perf_counter()

    def advance(self, steps: int = 1) -> None:
        if self._checking:
            now = time.perf_counter()
            self.steps.append(now - self._last)
            self._last = now


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
        rule: dataclasses.replace(settings, enabled=rule in enabled)
        for rule, settings in config.rules.items()
    }
    return dataclasses.replace(config, rules=rules)


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
    enabled = [rule for rule in REGISTRY if every.rules[rule].enabled]
    costs = dict.fromkeys(enabled, float("inf"))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        generate(root, args.documents)

        def run(config: Config, clock: RuleClock | None = None) -> Result:
            inputs = discover([str(root)], config.excludes)
            return lint(inputs, config, settings, jobs=args.jobs, progress=clock)

        findings = run(every).findings
        floor, full = [float("inf")] * 2, [float("inf")] * 2  # best (wall, CPU) of each
        clock = RuleClock() if args.per_rule else None
        for _ in range(args.repeat):  # interleaved, so a change of load hits both alike
            floor = list(map(min, floor, measure(lambda: run(none))))
            full = list(map(min, full, measure(lambda: run(every, clock))))
            for rule, cost in zip(enabled, clock.steps if clock else (), strict=False):
                costs[rule] = min(costs[rule], cost)
    print(f"corpus: {args.documents} documents; findings with every rule on: {len(findings)}")
    print(f"jobs: {args.jobs}")
    print(f"no rules:  {floor[0]:.3f} s wall, {floor[1]:.3f} s CPU")
    print(f"all rules: {full[0]:.3f} s wall, {full[1]:.3f} s CPU ({len(enabled)} rules)")
    print(
        f"ratio all / none: {full[0] / floor[0]:.2f}x wall, {full[1] / floor[1]:.2f}x CPU "
        "(target <= 1.3x)"
    )
    if args.per_rule:
        print(f"checking phase, sum of each rule's best: {sum(costs.values()) * 1000:.1f} ms")
        for rule, cost in sorted(costs.items(), key=lambda item: -item[1]):
            print(f"  {rule:32} {cost * 1000:8.1f} ms")


if __name__ == "__main__":
    main()

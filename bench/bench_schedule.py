"""Time the whole `kubelint schedule` process on a realistic cluster file and workload.

    python bench/bench_schedule.py [--nodes 5000,500] [--pods 10000] [--repeat 3]
                                   [--formats yaml,json] [--compare-nodes 500] [--stages]

Writes (bench/schedule_corpus.py) the cluster file per node count as `kubectl get nodes -o yaml`
and as `-o json` print it, and 200 Deployments making `--pods` pods, then runs `kubelint
schedule WORKLOADS --cluster NODES --format json` as a user does, `--repeat` times per node
count and cluster file format. Reported per run: wall time and the process's CPU time (min and
median; on a shared machine the CPU time is the steadier; the CPU time of a cluster file parsed
in pieces includes its workers'), pods per second from each, how many pods were placed, the
share of nodes that got at least one pod; beside it, in the same run, the floor of a process
that only parses both files (yaml.CSafeLoader, or json). `--stages` adds one in-process run
split into its stages (cluster file, workloads, placement, report).

`--compare-nodes N` then runs, per format, N nodes against the first `--nodes` count (the
reference, 5,000 by default): once with the same workload and once with one scaled as the nodes
are (10,000 pods of 200 Deployments onto 5,000 → 1,000 of 20 onto 500), and prints each one's
median wall and CPU time as a share of the reference's.

What "at 500 nodes at most a tenth of the time at 5,000" can mean: kube-scheduler scores only
the feasible nodes its search finds (percentageOfNodesToScore, kubelint.schedule.sampling):
500 of 5,000 nodes (10%), 230 of 500 (46%). The work per pod hardly depends on the cluster's
size, so the same 10,000 pods onto 500 nodes take most of the time they take onto 5,000; what
shrinks with the cluster is the cluster file and the length of each array operation. A tenth
can only be asked of the scaled workload, a cluster and its pods both ten times smaller, and
there the start-up of a Python process with numpy is a floor (0.3 s of CPU) beside a tenth.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from schedule_corpus import write

FLOOR = (
    "import json, sys, yaml\n"
    "for path in sys.argv[1:]:\n"
    "    raw = open(path, 'rb').read()\n"
    "    if path.endswith('.json'):\n"
    "        json.loads(raw)\n"
    "    else:\n"
    "        list(yaml.load_all(raw, Loader=yaml.CSafeLoader))\n"
)


def _timed(command: list[str]) -> tuple[float, float, subprocess.CompletedProcess[bytes]]:
    """Wall time and CPU time (user and system) of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, check=False, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu, done


def _spread(values: list[float]) -> str:
    return f"{min(values):5.2f}/{statistics.median(values):5.2f} s"


def _rates(pods: int, times: list[float]) -> str:
    return f"{pods / min(times):.0f}/{pods / statistics.median(times):.0f}"


def measure(
    cluster_file: Path, manifests: Path, pods: int, repeat: int
) -> tuple[list[float], list[float]]:
    """Run `kubelint schedule` `repeat` times; print and return the wall and CPU times."""
    command = [sys.executable, "-m", "kubelint", "schedule", str(manifests)]
    command += ["--cluster", str(cluster_file), "--format", "json"]
    floor = [_timed([sys.executable, "-c", FLOOR, str(cluster_file), str(manifests)])]
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu, done = _timed(command)
        if done.returncode not in (0, 1):
            sys.exit(f"kubelint schedule failed ({done.returncode}): {done.stderr.decode()}")
        walls.append(wall)
        cpus.append(cpu)
    floor.append(_timed([sys.executable, "-c", FLOOR, str(cluster_file), str(manifests)]))
    report = json.loads(done.stdout)
    summary = report["summary"]
    assert summary["pods"] == pods, summary
    nodes = report["nodes"]
    used = sum(1 for n in nodes if n["pods"]) / len(nodes)
    print(
        f"{len(nodes):>5} nodes ({cluster_file.suffix[1:]:>4}), {pods} pods: wall "
        f"{_spread(walls)}, cpu {_spread(cpus)} (min/median) = {_rates(pods, walls)} pods/s by "
        f"wall, {_rates(pods, cpus)} by cpu (best/median); {summary['scheduled']} placed, "
        f"{summary['unschedulable']} pending, {used:.0%} of nodes used | parse floor: "
        f"wall {min(f[0] for f in floor):.2f} s, cpu {min(f[1] for f in floor):.2f} s",
        flush=True,
    )
    return walls, cpus


def compare(
    root: Path, args: argparse.Namespace, suffix: str, reference: tuple[list[float], list[float]]
) -> None:
    """`--compare-nodes`: the same workload, then one scaled as the nodes (its Deployments and
    pods), against the reference."""
    first = int(args.nodes.split(",")[0])
    ratio = args.compare_nodes / first
    scaled = (round(args.deployments * ratio), round(args.pods * ratio))
    for deployments, pods in ((args.deployments, args.pods), scaled):
        cluster_file, manifests = write(root, args.compare_nodes, deployments, pods, suffix)
        walls, cpus = measure(cluster_file, manifests, pods, args.repeat)
        shares = [
            statistics.median(mine) / statistics.median(theirs)
            for mine, theirs in zip((walls, cpus), reference, strict=True)
        ]
        print(
            f"  {pods} pods onto {args.compare_nodes} nodes / {args.pods} onto {first} ({suffix}):"
            f" {shares[0]:.2f} of the wall time, {shares[1]:.2f} of the cpu time (medians;"
            f" the line asks at most 0.10)",
            flush=True,
        )


def stages(cluster_file: Path, manifests: Path) -> None:
    """One in-process run, stage by stage (imports excluded)."""
    from kubelint.config import default_config
    from kubelint.inputs import ManifestInput
    from kubelint.schedule import report, run
    from kubelint.schedule.cluster import load_cluster_choice

    config = default_config()
    clock = time.perf_counter()
    cluster = load_cluster_choice(str(cluster_file), [], "default", config.limits)
    loaded = time.perf_counter()
    resources, _ = run.read_resources([ManifestInput(str(manifests))], "default")
    read = time.perf_counter()
    result = run.simulate(resources, cluster, "default", limits=config.limits)
    placed = time.perf_counter()
    json.dumps(report.to_json(result))
    reported = time.perf_counter()
    print(
        f"  stages at {len(cluster.nodes)} nodes: cluster file {loaded - clock:.2f} s, "
        f"workloads {read - loaded:.2f} s, placement {placed - read:.2f} s "
        f"({len(result.placements) / (placed - read):.0f} pods/s), report {reported - placed:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", default="5000,500")
    parser.add_argument("--pods", type=int, default=10_000)
    parser.add_argument("--deployments", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", default="yaml,json", help="cluster file formats")
    parser.add_argument("--compare-nodes", type=int, metavar="N", help="see the docstring")
    parser.add_argument("--stages", action="store_true")
    parser.add_argument("--keep", metavar="DIR", help="write the files here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(args.keep or tmp)
        first = args.nodes.split(",")[0]
        for count in (int(n) for n in args.nodes.split(",")):
            for suffix in args.formats.split(","):
                cluster_file, manifests = write(root, count, args.deployments, args.pods, suffix)
                measured = measure(cluster_file, manifests, args.pods, args.repeat)
                if args.stages:
                    stages(cluster_file, manifests)
                if args.compare_nodes and str(count) == first:
                    compare(root, args, suffix, measured)


if __name__ == "__main__":
    main()

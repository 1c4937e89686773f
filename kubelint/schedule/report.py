"""The schedule report: text for people (nodes as bars, placements, reasons) and JSON, both
with what came from the input escaped (kubelint.printable), like lint's reports."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from kubelint import engine
from kubelint.config import Config
from kubelint.objects import Resource
from kubelint.printable import line, printable_data
from kubelint.report import FORMATS, indented
from kubelint.rules.unschedulable import RULE, pending_problems
from kubelint.schedule.filters import FILTER_ORDER
from kubelint.schedule.hints import amount
from kubelint.schedule.pods import Pod
from kubelint.schedule.records import Outcome
from kubelint.schedule.run import Placement, Result
from kubelint.schedule.scheduler import CPU, MEMORY, PODS
from kubelint.schedule.scores import WEIGHTS
from kubelint.schedule.whatif import Capacity, Drain

BAR = 20
NOT_SCORED = "kube-scheduler had found the feasible nodes it scores: percentageOfNodesToScore"
LIST_LIMIT = 10  # pods listed one by one per workload; more are summarised
NODE_LIMIT = 50  # nodes drawn in the text report's table


def _usage(result: Result, node: int, after: bool = False) -> tuple[int, int, int, int, int, int]:
    """Pods, cpu and memory used and allocatable: once everything was placed (or after the
    what-ifs)."""
    s = result.scheduler
    free = s.free if after or result.usage is None else result.usage
    alloc, free = s.allocatable[node], free[node]
    return (
        int(alloc[PODS] - free[PODS]),
        int(alloc[PODS]),
        int(alloc[CPU] - free[CPU]),
        int(alloc[CPU]),
        int(alloc[MEMORY] - free[MEMORY]),
        int(alloc[MEMORY]),
    )


def to_json(result: Result) -> dict[str, Any]:
    nodes = []
    for i, node in enumerate(result.scheduler.nodes):
        pods, max_pods, cpu, cpu_alloc, memory, memory_alloc = _usage(result, i)
        nodes.append(
            {
                "name": node.name,
                "pods": pods,
                "requested": {"cpu": cpu, "memory": memory},
                "allocatable": {"cpu": cpu_alloc, "memory": memory_alloc, "pods": max_pods},
            }
        )
    placements = [
        {"pod": p.pod.key, "owner": p.pod.owner, "node": p.node, "reason": p.reason}
        for p in result.placements
    ]
    total = len(result.placements)
    out: dict[str, Any] = {
        "placements": placements,
        "nodes": nodes,
        "summary": {
            "pods": total,
            "scheduled": total - result.pending,
            "unschedulable": result.pending,
        },
        "cluster": result.cluster.description,
    }
    if result.explained is not None:
        pod, outcome = result.explained
        chosen = None if outcome.node is None else result.scheduler.nodes[outcome.node].name
        out["explain"] = {
            "pod": pod.key,
            "node": chosen,
            "reason": outcome.message,
            "nodes": verdicts(result, outcome),
        }
    if result.drain is not None:
        out["drain"] = _drain_json(result.drain)
    if result.capacity is not None:
        c = result.capacity
        out["capacity"] = {
            "workload": c.workload,
            "additional": c.added,
            "limit": c.limit,
            "reasons": [{"reason": r, "nodes": n} for r, n in c.short],
        }
    return out


def _drain_json(drain: Drain) -> dict[str, Any]:
    return {
        "nodes": drain.nodes,
        "evicted": [
            {
                "pod": e.pod.key,
                "owner": e.pod.owner,
                "from": e.source,
                "node": e.node,
                "reason": e.reason,
            }
            for e in drain.evictions
        ],
        "blocking": [p.key for p in drain.blocking],
        "deleted": [p.key for p in drain.deleted],
        "budgets": [
            {
                "name": b.name,
                "healthy": b.healthy,
                "required": b.desired,
                "allowed": b.allowed,
                "evicted": b.evicted,
                "problem": b.problem,
            }
            for b in drain.budgets
        ],
    }


def _drain_text(drain: Drain) -> list[str]:
    lines = [f"Drain {', '.join(drain.nodes)} (cordoned; DaemonSet pods stay):"]
    if drain.blocking:
        names = ", ".join(p.key for p in drain.blocking)
        lines.append(
            f"  blocked: {names} not managed by a controller (kubectl drain needs --force; "
            "they would be deleted, not re-created)"
        )
    for e in drain.evictions:
        where = e.node if e.node is not None else f"Pending: {e.reason}"
        lines.append(f"  {e.pod.key} ({e.pod.owner}): {e.source} -> {where}")
    lines.extend(f"  {p.key}: deleted (--force), nothing re-creates it" for p in drain.deleted)
    for b in drain.budgets:
        verdict = b.problem or f"ok ({b.allowed} disruption(s) allowed, {b.evicted} evicted)"
        lines.append(f"  PodDisruptionBudget {b.name}: {verdict}")
    if not (drain.blocking or drain.evictions or drain.deleted):
        lines.append("  nothing to evict")
    return lines


def _capacity_text(c: Capacity) -> list[str]:
    if c.limit is None:
        return [f"Capacity of {c.workload}: at least {c.added} more replica(s) fit"]
    resources = [r for r in c.short if r[0].startswith(("Insufficient", "Too many"))]
    top = (resources or c.short)[:1]
    first = f"; what runs out first: {top[0][0]} ({top[0][1]} node(s))" if top else ""
    return [
        f"Capacity of {c.workload}: {c.added} more replica(s) fit{first}",
        f"  the next one: {c.limit}",
    ]


def write_json(result: Result, out: TextIO) -> None:
    out.write(indented.dumps(printable_data(to_json(result))) + "\n")


def as_findings(
    result: Result, resources: Sequence[Resource], files: int, config: Config
) -> engine.Result:
    """The pods left Pending as the findings `lint --schedule` reports (rule `unschedulable`,
    configuration and suppressions applied), for lint's reporters."""
    findings = engine.findings_of(RULE.id, pending_problems(result), config)
    documents = len({id(r.document) for r in resources})
    return engine.Result(findings, files=files, documents=documents, objects=list(resources))


def renderer(
    result: Result, resources: Sequence[Resource], files: int, config: Config
) -> Callable[[str, TextIO], None]:
    """Writes the report in a format: `text` and `json` are schedule's own; `sarif`, `junit`
    and `github` are lint's, over the pods left Pending."""
    converted: list[engine.Result] = []

    def render(name: str, out: TextIO) -> None:
        if name == "text":
            write_text(result, out)
        elif name == "json":
            write_json(result, out)
        else:
            if not converted:
                converted.append(as_findings(result, resources, files, config))
            FORMATS[name](converted[0], out)

    return render


def _bar(used: int, total: int) -> str:
    filled = min(BAR, round(BAR * used / total)) if total else 0
    return "█" * filled + "░" * (BAR - filled)


def _nodes(result: Result, after: bool = False) -> list[str]:
    names = [n.name for n in result.scheduler.nodes]
    width = max(len("NODE"), *map(len, names))
    lines = [f"{'NODE':<{width}}  {'PODS':>9}  {'CPU requested':<34}  MEMORY requested"]
    for i, name in enumerate(names[:NODE_LIMIT]):
        pods, max_pods, cpu, cpu_alloc, memory, memory_alloc = _usage(result, i, after)
        cpu_text = f"{amount('cpu', cpu)}/{amount('cpu', cpu_alloc)}"
        memory_text = f"{amount('memory', memory)}/{amount('memory', memory_alloc)}"
        lines.append(
            f"{name:<{width}}  {f'{pods}/{max_pods}':>9}  {_bar(cpu, cpu_alloc)} {cpu_text:<13}"
            f"  {_bar(memory, memory_alloc)} {memory_text}"
        )
    if len(names) > NODE_LIMIT:
        lines.append(f"… and {len(names) - NODE_LIMIT} more nodes (--format json lists them all)")
    return lines


def _workload(owner: str, placements: list[Placement]) -> list[str]:
    placed = [p for p in placements if p.node is not None]
    lines = [f"{owner}: {len(placed)} of {len(placements)} pod(s) placed"]
    width = max(len(p.pod.name) for p in placements)
    if len(placed) <= LIST_LIMIT:
        for p in placed:
            tie = f"  ({p.tied} nodes tied; the first in node order won)" if p.tied > 1 else ""
            lines.append(f"  {p.pod.name:<{width}}  {p.node}{tie}")
    elif placed:
        per_node = Counter(p.node for p in placed)
        spread = ", ".join(f"{node} x{n}" for node, n in per_node.most_common(5))
        more = f", … ({len(per_node)} nodes)" if len(per_node) > 5 else ""
        lines.append(f"  placed on {spread}{more}")
    pending: dict[tuple[str | None, str | None], list[Placement]] = defaultdict(list)
    for p in placements:
        if p.node is None:
            pending[(p.reason, p.hint)].append(p)
    for (reason, hint), group in pending.items():
        names = [p.pod.name for p in group]
        who = ", ".join(names) if len(names) <= 3 else f"{names[0]} and {len(names) - 1} more"
        lines.append(f"  {who}  Pending: {reason}")
        if hint:
            lines.append(f"  {' ' * len(who)}  hint: {hint}")
    return lines


def write_text(result: Result, out: TextIO) -> None:
    lines = [f"Cluster: {result.cluster.description}", "", *_nodes(result), ""]
    by_owner: dict[str, list[Placement]] = defaultdict(list)
    for p in result.placements:
        by_owner[p.pod.owner].append(p)
    for owner, placements in by_owner.items():
        lines.extend(_workload(owner, placements))
    if not by_owner:
        lines.append("No pods to place: the inputs hold no workload.")
    lines.extend(f"note: {note}" for note in result.notes)
    if result.explained is not None:
        lines.extend(["", *explanation(result, *result.explained)])
    if result.drain is not None:
        lines.extend(
            ["", *_drain_text(result.drain), "", "After the drain:", *_nodes(result, True)]
        )
    if result.capacity is not None:
        lines.extend(["", *_capacity_text(result.capacity)])
    total = len(result.placements)
    lines.append("")
    lines.append(
        f"{total} pod(s): {total - result.pending} scheduled, {result.pending} unschedulable"
    )
    out.write("".join(line(text) + "\n" for text in lines))


def verdicts(result: Result, outcome: Outcome) -> list[dict[str, Any]]:
    """Every node's filter verdict for the explained pod and, where it passes, each score."""
    s = result.scheduler
    feasible = (
        {} if outcome.feasible is None else {int(n): i for i, n in enumerate(outcome.feasible)}
    )
    out: list[dict[str, Any]] = []
    for node_index, node in enumerate(s.nodes):
        row: dict[str, Any] = {"node": node.name, "filter": None, "reasons": []}
        failed = next((st for st in outcome.stages if st.fails[node_index]), None)
        if failed is not None:
            row["filter"] = failed.plugin
            row["reasons"] = [r for r, mask in failed.reasons() if mask[node_index]]
        elif node_index not in feasible:  # kube-scheduler's search stopped before it
            row["scored"] = False
        else:
            i = feasible[node_index]
            row["scores"] = {
                p: int(outcome.breakdown[p][i]) for p in WEIGHTS if p in outcome.breakdown
            }
            row["total"] = sum(n * WEIGHTS[p] for p, n in row["scores"].items())
            row["chosen"] = outcome.node == node_index
        out.append(row)
    return out


def explanation(result: Result, pod: Pod, outcome: Outcome) -> list[str]:
    lines = [f"Explain {pod.key} ({pod.owner}):"]
    for row in verdicts(result, outcome):
        if row["filter"] is not None:
            reasons = "; ".join(row["reasons"])
            lines.append(f"  {row['node']}: filtered out by {row['filter']}: {reasons}")
            continue
        if "scores" not in row:
            lines.append(f"  {row['node']}: passes all filters; not scored ({NOT_SCORED})")
            continue
        parts = ", ".join(f"{p} {n}*{WEIGHTS[p]}" for p, n in row["scores"].items())
        chosen = "  ← chosen" if row["chosen"] else ""
        lines.append(f"  {row['node']}: passes all filters; score {row['total']} = {parts}{chosen}")
    if outcome.node is None:
        lines.append(f"  → Pending: {outcome.message}")
    lines.append(f"  (filters in order: {', '.join(FILTER_ORDER)})")
    return lines

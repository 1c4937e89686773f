"""The peers' check lists (kubelint/peers.py) and the rules' `peers` metadata agree: every
default check is covered by a rule or explained, once; every peer id a rule names exists."""

from __future__ import annotations

from kubelint.docgen import covering_rules
from kubelint.peers import PEERS
from kubelint.rules import REGISTRY


def test_the_peers_default_check_counts() -> None:
    assert {p.name: len(p.defaults) for p in PEERS} == {
        "kube-linter": 31,
        "kube-score": 39,
        "polaris": 44,
    }


def test_every_default_check_is_covered_by_a_rule_or_explained_not_both() -> None:
    covered = covering_rules()
    for peer in PEERS:
        for check, gap in peer.defaults.items():
            rules = covered.get(f"{peer.name}:{check}")
            if gap is None:
                assert rules, f"{peer.name}:{check}: no rule names it and no reason is given"
            else:
                assert not rules, f"{peer.name}:{check}: covered by {rules}, yet explained"
                assert gap.why
                assert gap.rule is None or gap.rule in REGISTRY, gap.rule


def test_every_peer_id_in_rule_metadata_is_a_real_check() -> None:
    known = {f"{peer.name}:{check}" for peer in PEERS for check in (*peer.defaults, *peer.others)}
    tools = {peer.name for peer in PEERS}
    for rule in REGISTRY.values():
        for peer_id in rule.peers:
            if peer_id.split(":", 1)[0] in tools:
                assert peer_id in known, f"{rule.id} names {peer_id}, which is no such check"

"""Kubernetes knowledge shared by the rules, the validator and the scheduler."""

"""Property-based tests: reproducible (derandomised) and small enough for every CI run."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

settings.register_profile(
    "kubelint",
    max_examples=100,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("kubelint")

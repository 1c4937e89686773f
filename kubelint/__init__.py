"""kubelint: catch what would break a Kubernetes deployment before it reaches a cluster."""

from __future__ import annotations

__version__ = "0.1.0"

"""The Kubernetes API as JSON schemas: the bundled per-version schemas, CRDs, and messages."""

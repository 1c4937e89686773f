"""The core (`v1`) group: `pkg/apis/core/validation` of kubernetes/kubernetes."""

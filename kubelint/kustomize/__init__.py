"""Kustomize: Kustomization files checked (kubelint.kustomize.checks) and built in Python as
`kustomize build` builds them (kubelint.kustomize.build), each built object tracing its fields
to the file and line that set them (kubelint.kustomize.trace)."""

from kubelint.kustomize.checks import (
    FILE_NAMES,
    OPERATIONS,
    KustomizeProblem,
    Layout,
    analyse,
    convert_all,
    is_kustomization,
    is_remote,
    json_patch_problems,
    patch_problems,
    strategic_problems,
)

__all__ = [
    "FILE_NAMES",
    "OPERATIONS",
    "KustomizeProblem",
    "Layout",
    "analyse",
    "convert_all",
    "is_kustomization",
    "is_remote",
    "json_patch_problems",
    "patch_problems",
    "strategic_problems",
]

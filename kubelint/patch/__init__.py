"""Patches as the Kubernetes tools apply them: strategic merge patch (`strategic`), JSON merge
patch (RFC 7386, within `strategic` for kinds without a schema) and JSON patch (`json6902`).

Pure functions on plain dicts and lists: no file, no Kustomize knowledge. A patch that cannot be
applied raises `PatchError`, whose message is one line.
"""

"""Name references: once a build is done, every field that names an object by a name it had
(a prefix, a suffix, a hash or a namespace later) is updated to the name it has now.

Which fields name which kinds is the `nameReference` field specs (a Deployment's
`configMapRef.name` names a ConfigMap). Of the objects a field may name, kustomize's sieve
picks one: one of the kind that once had that name, in a namespace the referrer sees, then
the one whose prefixes and suffixes match the referrer's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kubelint.kustomize.fieldspecs import Config, FieldSpec, visit
from kubelint.kustomize.model import BuildError, Gvk, Res


def fix(objects: list[Res], config: Config) -> None:
    work: list[tuple[Res, FieldSpec, Gvk]] = []
    # each object's original kind once, and each field spec (hundreds) matched against the
    # few kinds there are, not against each object
    originals = [obj.org_id().gvk for obj in objects]
    kinds = dict.fromkeys(originals)
    for back in config.name_reference:
        for spec in back.referrers:
            wanted = {gvk for gvk in kinds if gvk.selected_by(spec.gvk)}
            if wanted:
                pairs = zip(objects, originals, strict=True)
                work.extend((obj, spec, back.gvk) for obj, gvk in pairs if gvk in wanted)
    # the objects that had each name, in order (a referral looks at those only, not at every
    # object it sees; names had do not change here)
    had: dict[str, list[Res]] = {}
    for obj in objects:
        for name in dict.fromkeys(name for _, name, _ in obj.previous):
            had.setdefault(name, []).append(obj)
    visible: dict[int, list[Res]] = {}  # by referrer: the same for each of its fields
    for referrer, spec, target in work:
        candidates = visible.get(id(referrer))
        if candidates is None:
            candidates = visible[id(referrer)] = _visible(objects, referrer)
        # the spec applies to the referrer as it is now
        current = FieldSpec(referrer.gvk, spec.path, False)
        _Fix(referrer, spec, target, candidates, had).visit(current)


def _visible(objects: list[Res], referrer: Res) -> list[Res]:
    """The objects a referrer may name: all for a cluster-scoped one, else those of its
    namespace, cluster-scoped ones, and for a RoleBinding those of its subjects' namespaces."""
    me = referrer.cur_id()
    if me.gvk.cluster_scoped:
        return objects
    spaces = set()
    if me.gvk.kind == "RoleBinding":
        subjects = referrer.data.get("subjects")
        for subject in subjects if isinstance(subjects, list) else ():
            if (
                isinstance(subject, dict)
                and subject.get("kind") == "ServiceAccount"
                and "namespace" in subject
            ):
                if not isinstance(subject["namespace"], str):
                    raise BuildError(f"Invalid Input: namespace is blank for resource {me}")
                spaces.add(subject["namespace"])
    out = []
    for obj in objects:
        them = obj.cur_id()
        if (
            them.gvk.cluster_scoped
            or them.effective_namespace == me.effective_namespace
            or obj.namespace in spaces
        ):
            out.append(obj)
    return out


class _Fix:
    def __init__(
        self,
        referrer: Res,
        spec: FieldSpec,
        target: Gvk,
        candidates: list[Res],
        had: dict[str, list[Res]],
    ) -> None:
        self.referrer, self.spec, self.target, self.candidates = referrer, spec, target, candidates
        self.had = had

    def visit(self, current: FieldSpec) -> None:
        visit(self.referrer.data, current, self.set)

    def set(self, node: Any, key: Any, path: Any) -> None:
        value = node[key]
        if value is None:
            return
        if isinstance(value, list):
            for i, item in enumerate(value):
                if item is not None:
                    self.one(value, i)
        else:
            self.one(node, key)

    def one(self, node: Any, key: Any) -> None:
        value = node[key]
        if isinstance(value, dict):
            self.mapping(value)
        elif isinstance(value, str | int | float | bool):
            referral = self.select(str(value), self.candidates, _same_names)
            if referral is not None and referral.name != str(value):
                node[key] = referral.name
        else:
            raise BuildError(f"{value!r} is expected to be either a string or a map of string")

    def mapping(self, node: dict[str, Any]) -> None:
        if "name" not in node:
            raise BuildError("path config error; no 'name' field in node")
        candidates = self.candidates
        if "namespace" in node:
            space = str(node["namespace"])
            by_origin = [
                c
                for c in candidates
                if c.org_id().effective_namespace == space and not c.gvk.cluster_scoped
            ]
            candidates = by_origin or [
                c
                for c in candidates
                if c.cur_id().effective_namespace == space and not c.gvk.cluster_scoped
            ]
        old = str(node["name"])
        referral = self.select(old, candidates, _same_names_and_namespaces)
        if referral is None or (referral.name == old and not referral.namespace):
            return
        node["name"] = referral.name
        if referral.namespace:
            node["namespace"] = referral.namespace

    def select(
        self, old: str, candidates: list[Res], identical: Callable[[list[Res]], bool]
    ) -> Res | None:
        # (the names first: most candidates never had this one; both lists are in build order)
        seen = {id(c) for c in candidates}
        found = [c for c in self.had.get(old, ()) if id(c) in seen]
        found = [c for c in found if any(i.gvk.selected_by(self.target) for i in c.prev_ids())]
        role = self._role_ref()
        if role is not None:
            found = [c for c in found if any(i.gvk.selected_by(role) for i in c.prev_ids())]
        found = [c for c in found if self._same_namespace(c)]
        if len(found) == 1:
            return found[0]
        found = [c for c in found if _affixes_equal(c, self.referrer, True)]
        if len(found) > 1:
            found = [c for c in found if _affixes_equal(c, self.referrer, False)]
        if len(found) == 1:
            return found[0]
        if not found:
            return None
        if identical(found):
            return found[0]
        ids = ", ".join(str(c.cur_id()) for c in found)
        raise BuildError(f"found multiple possible referrals: {ids}")

    def _role_ref(self) -> Gvk | None:
        if self.spec.path[-2:] != ("roleRef", "name"):
            return None
        ref = self.referrer.data.get("roleRef")
        if not isinstance(ref, dict) or "apiGroup" not in ref or "kind" not in ref:
            return None
        return Gvk(str(ref["apiGroup"]), "", str(ref["kind"]))

    def _same_namespace(self, candidate: Res) -> bool:
        me = self.referrer.cur_id()
        if me.gvk.cluster_scoped:
            return True
        them = candidate.cur_id()
        return (
            them.gvk.cluster_scoped
            or them.gvk.kind == "ServiceAccount"
            or them.effective_namespace == me.effective_namespace
        )


def _same_names(found: list[Res]) -> bool:
    return len({c.name for c in found}) == 1


def _same_names_and_namespaces(found: list[Res]) -> bool:
    return len({(c.name, c.namespace) for c in found}) == 1


def _affixes_equal(one: Res, other: Res, allow_empty: bool) -> bool:
    if allow_empty:
        prefixes = (
            not one.prefixes or not other.prefixes or _same_ending(one.prefixes, other.prefixes)
        )
        suffixes = (
            not one.suffixes or not other.suffixes or _same_ending(one.suffixes, other.suffixes)
        )
        return prefixes and suffixes
    return _same_ending(one.prefixes, other.prefixes) and _same_ending(one.suffixes, other.suffixes)


def _same_ending(one: list[str], other: list[str]) -> bool:
    short, long = sorted((one, other), key=len)
    if not short:
        return not long
    return long[len(long) - len(short) :] == short

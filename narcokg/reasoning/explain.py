"""Which entities make the data inconsistent, when the structural check has not named them:
QuickXplain (Junker 2004) over the data's subjects, each asked of HermiT with the ontology.
It finds a minimal set of entities whose statements, with the ontology, are inconsistent,
in about 2k·log(n/k) reasoner runs for a culprit set of k among n entities."""

from __future__ import annotations

from collections.abc import Callable


def group_by_subject(triples) -> dict[str, list]:
    out: dict[str, list] = {}
    for t in triples:
        out.setdefault(t.subject.value, []).append(t)
    return out


class Budget(Exception):
    """The reasoner runs allowed for an explanation are spent."""


def culprits(ontology: list, data: list, consistent: Callable[[list], bool | None],
             max_runs: int = 60) -> list[str] | None:
    """A minimal set of subjects of ``data`` whose statements make ``ontology`` inconsistent;
    [] when the ontology alone is, None when the budget ran out or the reasoner did not
    decide."""
    groups = group_by_subject(data)
    runs = [0]

    def bad(subjects) -> bool:
        runs[0] += 1
        if runs[0] > max_runs:
            raise Budget
        verdict = consistent([*ontology, *(t for s in subjects for t in groups[s])])
        if verdict is None:
            raise Budget
        return not verdict

    def qx(background: list[str], delta: bool, candidates: list[str]) -> list[str]:
        if delta and bad(background):
            return []
        if len(candidates) == 1:
            return candidates
        half = len(candidates) // 2
        c1, c2 = candidates[:half], candidates[half:]
        d2 = qx(background + c1, bool(c1), c2)
        d1 = qx(background + d2, bool(d2), c1)
        return d1 + d2

    try:
        if bad([]):
            return []
        return sorted(qx([], False, sorted(groups)))
    except Budget:
        return None

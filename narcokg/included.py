"""N-Quads dumps included in a build (``narcokg build --include``): a synthetic benchmark
graph, or a large list converted elsewhere. They are bulk-loaded first, into the empty build
store, so the graph index then names exactly the graphs they filled: the build's own graphs
are checked against it, not against a scan or a count of every quad."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from narcokg.errors import InputError


def refuse_unlabelled(paths: list[Path]) -> None:
    """Before any work: ``--include`` takes N-Quads only (N-Triples have no graph)."""
    from narcokg import bulk

    for path in paths:
        if bulk.dump_format(path) != ox.RdfFormat.N_QUADS:
            raise InputError("--include takes N-Quads (.nq) with one named graph per source; "
                             "N-Triples have no graph, so no provenance", str(path))


def load(db: ox.Store, paths: list[Path], log: Callable[[str], None]) -> set:
    """Bulk-load N-Quads dumps into the fresh store, before anything else, and return the
    graphs they filled (read from the graph index, not from a scan). Refuse triples without a
    graph: they would lose the provenance of what was loaded."""
    from narcokg import bulk

    t = time.perf_counter()
    size = bulk.load_dumps(db, paths)
    log(f"included {len(paths)} dump(s), {size / 1e6:.0f} MB, in {time.perf_counter() - t:.1f} s")
    if db.query("ASK { ?s ?p ?o }"):  # the default graph only: named graphs are not in it
        raise InputError("statements in the default graph: every included quad needs a named "
                         "graph (its source)", ", ".join(map(str, paths)))
    return set(db.named_graphs())


def load_beside(db: ox.Store, paths: list[Path], log: Callable[[str], None],
                work: Callable[[], list]) -> tuple[set, list]:
    """``load`` the dumps while ``work`` runs on another thread: reading the curated sources is
    Python on one core, the load is Rust with the GIL released. ``work`` must not write to
    ``db`` (the graphs returned are those of the dumps alone). An error of either is raised
    once both have stopped, the load's first."""
    from narcokg.beside import beside

    return beside(work, lambda: load(db, paths, log), "narcokg-collect")


class OwnedGraphs:
    """The graphs the build fills must hold only what the build put there: since the dumps
    were loaded first into an empty store, a graph the build writes that a dump already
    filled means the dump wrote into it (even a quad the build also has)."""

    def __init__(self, included: set, paths: list[Path]):
        self.included, self.paths = included, paths

    def check(self, quads) -> None:
        if not self.included:
            return
        clash = self.included & {q.graph_name for q in quads}
        if clash:
            raise InputError("included quads go into graphs the build owns: "
                             f"{', '.join(sorted(g.value for g in clash))}; use graphs of your "
                             "own", ", ".join(map(str, self.paths)))

"""``narcokg add``: validate entries in the store's context, then write them into their named
graphs in one SPARQL UPDATE (one transaction). An entry replaces every quad of the subjects
it owns (its root IRI and every IRI under ``root/``) in all graphs except graph/meta and
graph/ontology. On any violation or error nothing is written."""

from __future__ import annotations

import gc
from dataclasses import dataclass

import pyoxigraph as ox

from narcokg import store as stores
from narcokg.build import source_meta_quads
from narcokg.namespaces import GRAPH
from narcokg.validate import ValidationResult, load_entries, validate_loaded

SOURCE_GRAPHS = GRAPH + "source/"


@dataclass
class AddOutcome:
    path: str
    root: str
    status: str  # added | replaced | unchanged
    removed: int = 0
    added: int = 0

    def describe(self) -> str:
        if self.status == "unchanged":
            return f"unchanged: {self.root} ({self.path})"
        if self.status == "replaced":
            return (f"replaced: {self.root} ({self.path}): {self.removed} quads removed, "
                    f"{self.added} added")
        return f"added: {self.root} ({self.path}): {self.added} quads"


OWNED = """SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
  FILTER(STRSTARTS(STR(?g), "{graphs}"))
  FILTER(?s = <{root}> || STRSTARTS(STR(?s), "{root}/")) }}"""


def owned_quads(store: ox.Store, root: str) -> set[ox.Quad]:
    """The quads an entry owns: about its root or any record under ``<root>/``, and only in
    the curated source graphs, never in the loaders' graphs (states, ports) or meta/ontology,
    so replacing an entry about a port cannot delete what UN/LOCODE says of it."""
    rows = store.query(OWNED.format(graphs=SOURCE_GRAPHS, root=root))
    return {ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows}


def _data_block(quads) -> str:
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        by_graph.setdefault(str(q.graph_name), []).append(
            f"{q.subject} {q.predicate} {q.object} .")
    return " ".join(f"GRAPH {g} {{ {' '.join(lines)} }}" for g, lines in by_graph.items())


def update_text(delete: set[ox.Quad], insert: set[ox.Quad]) -> str:
    parts = []
    if delete:
        parts.append(f"DELETE DATA {{ {_data_block(delete)} }}")
    if insert:
        parts.append(f"INSERT DATA {{ {_data_block(insert)} }}")
    return " ;\n".join(parts)


def add_entries(paths, store_path=None, registry=None
                ) -> tuple[ValidationResult, list[AddOutcome]]:
    """Validate, then commit. Returns the validation result and, if it conforms, what was
    done per entry; on violations nothing is written and the outcome list is empty."""
    entries = load_entries(paths, registry)  # InputError before anything is opened
    with stores.open_store(store_path, write=True) as db:
        done = _validate_and_commit(db, entries)
        del db
        gc.collect()  # pyshacl's caught exceptions keep frames (and the store) in cycles
    return done


def _validate_and_commit(store: ox.Store, entries):
    result = validate_loaded(entries, store)
    if not result.conforms:
        return result, []
    outcomes, delete, insert = [], set(), set()
    for entry in entries:
        old = owned_quads(store, entry.root)
        new = set(entry.quads)
        status = "unchanged" if old == new else ("replaced" if old else "added")
        outcomes.append(AddOutcome(entry.path, entry.root, status, len(old - new),
                                   len(new - old)))
        delete |= old - new
        insert |= new - old
    meta = {q for q in source_meta_quads(
        {s.key: s for e in entries for s in e.sources.values()}.values())
        if q not in store}
    insert |= meta
    if delete or insert:
        store.update(update_text(delete, insert))
    return result, outcomes

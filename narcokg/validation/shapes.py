"""What every engine validates with and against: the shapes graph, the ontology (as oxigraph
triples and as an rdflib graph), and the store's data as one graph (an oxigraph store for the
fast engine, an rdflib graph for pySHACL). Engines call ``shapes.shapes_graph()`` through this
module, so a test can swap the shapes in one place."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Namespace, URIRef

from narcokg import resources
from narcokg.namespaces import GRAPH_META, PREFIXES

SH = Namespace(PREFIXES["sh"])
SKOS_PREF = URIRef(PREFIXES["skos"] + "prefLabel")

# An ill-typed literal ("17/10/1969"^^xsd:date) is a validation result, not a log event: rdflib
# logs it with a traceback whose frames keep every caller alive, the open store included
# (a later writer in the same process then finds RocksDB's lock still held).
logging.getLogger("rdflib.term").setLevel(logging.ERROR)


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    g = Graph()
    for path in resources.shape_files():
        g.parse(path, format="turtle")
    return g


@lru_cache(maxsize=1)
def ontology_triples() -> tuple[ox.Triple, ...]:
    out = []
    for path in resources.ontology_files():
        out.extend(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    return tuple(out)


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    return to_rdflib(ontology_triples())


def to_rdflib(triples, base: Graph | None = None) -> Graph:
    """oxigraph triples (or quads: graph names dropped) -> one rdflib graph (a copy of
    ``base`` plus the triples)."""
    triples = [ox.Triple(t.subject, t.predicate, t.object) for t in triples]
    g = Graph()
    if base is not None:
        for t in base:
            g.add(t)
    if triples:
        g.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return g


def labels_of(data: Graph, focuses) -> dict:
    out = {}
    for f in focuses:
        out[f] = {getattr(lab, "language", None) or "": str(lab)
                  for lab in data.objects(URIRef(f), SKOS_PREF)}
    return out


ALL_QUERY = f"""CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
  FILTER(?g != <{GRAPH_META}>) }}"""


def data_store(store: ox.Store) -> ox.Store:
    """An in-memory copy of the data pyshacl validates (every graph except graph/meta) in
    its default graph: exact, and SPARQL on it is ~3x faster than a union of on-disk graphs."""
    import tempfile

    mem = ox.Store()
    with tempfile.TemporaryDirectory(prefix="narcokg-validate-") as tmp:
        dump = Path(tmp) / "graph.nt"  # through a file: a 10M-quad graph is a 2 GB string
        for g in store.named_graphs():
            if g.value != GRAPH_META:
                store.dump(output=str(dump), format=ox.RdfFormat.N_TRIPLES, from_graph=g)
                mem.bulk_load(path=str(dump), format=ox.RdfFormat.N_TRIPLES)
    return mem


def store_graph(store: ox.Store) -> Graph:
    """The union of the store's graphs except graph/meta (the ontology graph included)."""
    g = Graph()
    g.parse(data=store.query(ALL_QUERY).serialize(format=ox.RdfFormat.N_TRIPLES),
            format="nt")
    return g


"""The context of a new entry: the few store triples the shapes read about what the entry
references (see ``narcokg.validation.api``), found by index lookups, never a scan."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from narcokg import resources
from narcokg.namespaces import NKG, PREFIXES, is_loader_graph


def _owned(iri: str, root: str) -> bool:
    return iri == root or iri.startswith(root + "/")


def values_clause(iris) -> str:
    return " ".join(f"<{i}>" for i in sorted(iris))


DEMAND_CHAIN_QUERY = """
PREFIX nkg: <{nkg}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  {{ VALUES ?r {{ {refs} }} ?r (^nkg:hasDemand)* ?x . ?s nkg:hasDemand ?x .
     BIND(nkg:hasDemand AS ?p) BIND(?x AS ?o) }}
  UNION {{ VALUES ?r {{ {refs} }} ?r (^nkg:hasDemand)+ ?s . ?s a ?o . BIND(rdf:type AS ?p) }}
}}"""
RDF_TYPE_IRI = PREFIXES["rdf"] + "type"
REF_PREDICATES = [ox.NamedNode(p) for p in (RDF_TYPE_IRI, NKG + "party", NKG + "legalBasis",
                                            NKG + "hasDemand", NKG + "country",
                                            NKG + "situatedIn", NKG + "belongsToState")]
EVENT_OWNER_PREDICATES = [ox.NamedNode(p) for p in (RDF_TYPE_IRI, NKG + "party",
                                                    NKG + "hasEvent")]


def _about(store: ox.Store, subject: ox.NamedNode, predicates) -> set[ox.Triple]:
    """Index lookups (subject and predicate bound): a SPARQL ``VALUES ?p`` before ``?s ?p ?o``
    made Oxigraph read every rdf:type triple of the store (measured 4-5 s at 1M triples)."""
    return {q.triple for p in predicates for q in store.quads_for_pattern(subject, p, None, None)}


def context_triples(store: ox.Store, entry, batch=()) -> list[ox.Triple]:
    """The store as it would be after the entry is committed, as far as the shapes read it:
    - what the entry references: types, parties, legal bases and demand links, the demand
      chain up to its document, and the instruments that hold the entry's events;
    - what stays about the entry's own subjects once its previous version is replaced (the
      statements of loader graphs: a state's pycountry names, a port's UN/LOCODE data), so
      an extra label on a state is seen next to the labels it already has;
    - the other entries of the same batch (``batch``), which are committed together."""
    subjects = entry.subjects
    refs = {q.object.value for q in entry.quads if isinstance(q.object, ox.NamedNode)
            and not _owned(q.object.value, entry.root)}
    others = [q for e in batch if e is not entry for q in e.quads]
    if not refs and not subjects:
        return [q.triple for q in others]
    found: set[ox.Triple] = set()
    for ref in refs:
        found |= _about(store, ox.NamedNode(ref), REF_PREDICATES)
    has_event = ox.NamedNode(NKG + "hasEvent")
    for event in subjects:
        for q in store.quads_for_pattern(None, has_event, ox.NamedNode(event), None):
            found |= _about(store, q.subject, EVENT_OWNER_PREDICATES)
    if refs:
        query = DEMAND_CHAIN_QUERY.format(nkg=NKG, refs=values_clause(refs))
        found |= set(store.query(query, use_default_graph_as_union=True))
    found = {t for t in found if not _owned(t.subject.value, entry.root)}
    found |= remaining_about(store, subjects)
    found |= {q.triple for q in others}
    return list(found)


def remaining_about(store: ox.Store, subjects) -> set[ox.Triple]:
    """Store statements about ``subjects`` that a replacing entry leaves in place: those of
    every graph except the curated source graphs (which the entry replaces) and graph/meta."""
    out = set()
    for s in subjects:
        for q in store.quads_for_pattern(ox.NamedNode(s), None, None, None):
            g = q.graph_name
            if isinstance(g, ox.NamedNode) and is_loader_graph(g.value):
                out.add(q.triple)
    return out


def load_entries(paths, registry=None):
    from narcokg.loaders.entries import load_entry_file
    from narcokg.loaders.sources import SourceRegistry

    if registry is None:
        registry = SourceRegistry.from_dir(resources.data_dir() / "sources")
    return [load_entry_file(Path(p), registry) for p in paths]

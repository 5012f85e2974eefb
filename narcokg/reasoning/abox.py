"""The part of the data a reasoner needs to decide consistency, and nothing more.

A statement ``x P o`` can take part in an inconsistency only through an axiom that mentions
P (a domain, a range, a sub- or equivalent property, an inverse, a restriction, a key, a
chain, a property characteristic). So the reasoner is given the ontology, every rdf:type
statement, and the statements of properties some logical axiom mentions; statements of
other properties (labels, sources, codes, coordinates: the bulk of the data) are left out.
Leaving them out cannot hide an inconsistency: a property that no axiom mentions can hold
any value in a model, so adding its statements back to a consistent ontology keeps it
consistent. Statements in the OWL vocabulary (owl:sameAs, owl:differentFrom, axioms an
included dump may hold) and RDFS axioms found in data graphs are always given. Literals
outside the OWL 2 datatype map are left out too (``datatypes``)."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from narcokg.namespaces import GRAPH_ONTOLOGY, PREFIXES
from narcokg.reasoning import datatypes

OWL, RDF, RDFS = (PREFIXES[k] for k in ("owl", "rdf", "rdfs"))

# predicates whose subject (and, for the property-to-property ones, object) is a property
# some logical axiom constrains
ABOUT_PROPERTY = {RDFS + "domain", RDFS + "range", OWL + "propertyDisjointWith",
                  OWL + "propertyChainAxiom"}
BETWEEN_PROPERTIES = {RDFS + "subPropertyOf", OWL + "equivalentProperty", OWL + "inverseOf"}
CHARACTERISTICS = {OWL + c for c in (
    "FunctionalProperty", "InverseFunctionalProperty", "TransitiveProperty",
    "SymmetricProperty", "AsymmetricProperty", "ReflexiveProperty", "IrreflexiveProperty")}
IN_LISTS = {OWL + "propertyChainAxiom", OWL + "hasKey"}
TOP_PROPERTIES = {OWL + "topObjectProperty", OWL + "topDataProperty"}
# statements that are logical whatever property they are about: owl:sameAs, owl:differentFrom,
# negative assertions, and axioms written in a data graph (an included dump may hold some)
LOGICAL_QUERY = """SELECT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{ontology}>)
  FILTER(STRSTARTS(STR(?p), "{owl}") || ?p IN (<{rdfs}subClassOf>, <{rdfs}subPropertyOf>,
    <{rdfs}domain>, <{rdfs}range>, <{rdf}first>, <{rdf}rest>)) }}"""


def constrained_properties(ontology) -> set[str]:
    """Every property a logical axiom of ``ontology`` mentions (never fewer: a list under
    owl:propertyChainAxiom or owl:hasKey contributes all its members)."""
    ontology = list(ontology)
    out = {RDF + "type"}
    first = {t.subject: t.object for t in ontology if t.predicate.value == RDF + "first"}
    rest = {t.subject: t.object for t in ontology if t.predicate.value == RDF + "rest"}
    for t in ontology:
        p, s, o = t.predicate.value, t.subject, t.object
        if p in ABOUT_PROPERTY or p in BETWEEN_PROPERTIES:
            out.add(s.value)
        if p in BETWEEN_PROPERTIES or p in (OWL + "onProperty", OWL + "assertionProperty"):
            out.add(o.value)
        if p == RDF + "type" and o.value in CHARACTERISTICS:
            out.add(s.value)
        if p in IN_LISTS:
            node = o
            while node in first:
                out.add(first[node].value)
                node = rest.get(node)
    return {p for p in out if p}


@dataclass
class ReasonerInput:
    """What the reasoner is given, with the figures the report gives."""
    triples: list
    data_triples: int  # statements in the data graphs
    kept: int  # of which given to the reasoner
    left_out: datatypes.LeftOut


def ontology_triples(store: ox.Store) -> list:
    return [q.triple for q in store.quads_for_pattern(None, None, None,
                                                      ox.NamedNode(GRAPH_ONTOLOGY))]


def reasoner_input(store: ox.Store, ontology: list | None = None) -> ReasonerInput:
    """The store's ontology graph in full, and from every other named graph the statements
    a logical axiom can reach (index lookups per property), literals the reasoner cannot
    read left out."""
    ontology = ontology_triples(store) if ontology is None else ontology
    query = LOGICAL_QUERY.format(ontology=GRAPH_ONTOLOGY, owl=OWL, rdf=RDF, rdfs=RDFS)
    kept = [ox.Triple(r["s"], r["p"], r["o"]) for r in store.query(query)]
    wanted = constrained_properties([*ontology, *kept])
    if wanted & TOP_PROPERTIES:  # an axiom about every property: every statement counts
        wanted |= {r["p"].value for r in store.query("SELECT DISTINCT ?p { GRAPH ?g "
                                                      "{ ?s ?p ?o } }")}
    for prop in sorted(wanted):
        for q in store.quads_for_pattern(None, ox.NamedNode(prop), None):
            if q.graph_name.value != GRAPH_ONTOLOGY and datatypes.reasoner_can_read(q.object):
                kept.append(q.triple)
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} " \
            f"FILTER(?g != <{GRAPH_ONTOLOGY}>) }}"
    data = int(next(iter(store.query(count)))["n"].value)
    kept = list(dict.fromkeys(kept))  # a statement in several graphs is given once
    return ReasonerInput([*ontology, *kept], data, len(kept),
                         datatypes.left_out(store, ontology))

"""The exact structural check: every entity's types (asserted, and implied by the domains and
ranges of the object and datatype properties it is used with), closed under the class
hierarchy, against every disjointness axiom of the ontology. Index lookups on the store, so
it takes about a second on the curated build, and each finding names the entity, the two
types and the axiom. It is sound (each finding is an inconsistency HermiT would find too);
HermiT remains the judge of everything else."""

from __future__ import annotations

import pyoxigraph as ox

from narcokg.namespaces import RDF_TYPE
from narcokg.reasoning.axioms import Axioms, Clash


def entity_types(triples, axioms: Axioms) -> dict[str, dict[str, str]]:
    """Entity IRI -> {class: "" if asserted, else the domain/range axiom implying it}."""
    out: dict[str, dict[str, str]] = {}
    implied: dict[str, tuple] = {}
    for t in triples:
        p = t.predicate.value
        if p == RDF_TYPE:
            if isinstance(t.object, ox.NamedNode):
                out.setdefault(t.subject.value, {})[t.object.value] = ""
            continue
        if p not in implied:
            implied[p] = axioms.implied_types(p)
        of_subject, of_object = implied[p]
        for c, why in of_subject.items():
            out.setdefault(t.subject.value, {}).setdefault(c, why)
        if of_object and not isinstance(t.object, ox.Literal):
            for c, why in of_object.items():
                out.setdefault(t.object.value, {}).setdefault(c, why)
    return out


def typing_triples(store: ox.Store, axioms: Axioms) -> list[ox.Triple]:
    """The statements of ``store`` that give an entity a type: rdf:type and the object and
    datatype properties (index lookups, not a scan of the store)."""
    out = []
    for p in [RDF_TYPE, *sorted(axioms.kinds)]:
        if p == RDF_TYPE or any(axioms.implied_types(p)):
            out += [q.triple for q in store.quads_for_pattern(None, ox.NamedNode(p), None)]
    return out


def clashes(triples, axioms: Axioms) -> list[Clash]:
    """Every entity of ``triples`` whose types fall under a disjointness axiom."""
    found = []
    for entity, types in sorted(entity_types(triples, axioms).items()):
        if len(types) > 1:
            found += axioms.clashes(entity, types)
    return found

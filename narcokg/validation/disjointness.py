"""Entries break no disjointness axiom of the ontology.

An entity's types (asserted, and implied by the domains and ranges of the properties the
entry uses it with), with all their superclasses, must not fall under an
owl:AllDisjointClasses, owl:disjointWith or owl:disjointUnionOf axiom: an entry typed
nkg:Agency and nkg:Person is refused, naming the entity, the two classes and the axiom.

The axioms are read from the ontology (``narcokg.reasoning.axioms``), so a new one is
enforced without a code change. The check runs outside SHACL, in ``validation.api``, after
whichever engine ran: pySHACL and the fast engine say the same because neither says it.
"""

from __future__ import annotations

import pyoxigraph as ox

from narcokg.reasoning import structural
from narcokg.reasoning.axioms import Axioms, Clash, shipped
from narcokg.validation.problems import Problem

CHECK = "urn:narcokg:axioms:DisjointClasses"
ADVICE = {
    "en": ": nothing can be both; keep the type that fits the source",
    "nl": ": niets kan beide zijn; behoud het type dat bij de bron past",
    "fr": " : rien ne peut être les deux ; gardez le type qui correspond à la source",
}


def problem(clash: Clash) -> Problem:
    from rdflib import URIRef

    messages = {lang: clash.why(lang) + advice for lang, advice in ADVICE.items()}
    return Problem(clash.entity, None, URIRef(clash.disjoint.second), CHECK, "Violation",
                   messages, CHECK)


def entry_problems(subjects, triples, axioms: Axioms | None = None) -> list[Problem]:
    """The clashes of the entry's ``subjects`` in ``triples`` (the entry and its store
    context), as Violations."""
    axioms = axioms or shipped()
    types = structural.entity_types(triples, axioms)
    out = []
    for s in sorted(subjects):
        if len(types.get(s, ())) > 1:
            out += [problem(c) for c in axioms.clashes(s, types[s])]
    return out


def store_problems(store: ox.Store) -> list[Problem]:
    """The clashes of every entity of ``store``, against the ontology it was built with."""
    from narcokg.reasoning.abox import ontology_triples

    axioms = Axioms(ontology_triples(store))
    return [problem(c) for c in structural.clashes(structural.typing_triples(store, axioms),
                                                   axioms)]


"""The entities of a store that may break a disjointness axiom, found by the store itself.

An entity breaks an axiom only if its types (asserted, or implied by the domain or range of
a property it is used with), closed under the class hierarchy, reach two different member
classes of it. So for each axiom the store collects, per member class, the entities that
some statement places under it (each once: DISTINCT; a type under two members counts for
both), and counts them against the distinct entities: equal when no entity falls under two
members (the common case, one query); else a second query returns the entities counted
twice. Statements are read by index scans and counted inside Oxigraph: no term is decoded
and nothing is done in Python per statement, only per entity found. The result is a
superset of the entities that clash; ``structural`` checks each of them exactly.

The queries read the union of all graphs, as ``structural`` does. Their object patterns
have no ``FILTER(!isLiteral(?x))`` (it costs more than the scan): a literal found is
dropped here."""

from __future__ import annotations

import pyoxigraph as ox

from narcokg.namespaces import RDF_TYPE
from narcokg.reasoning.axioms import Axioms

SUBJECT, OBJECT, TYPE = "subject", "object", "type"


def sources(axioms: Axioms) -> list[tuple[str, str, frozenset[str]]]:
    """What can give an entity a type, as (kind, IRI, the classes it gives, with their
    superclasses): an rdf:type of a class the ontology places in its hierarchy, the
    subject of a property with a domain, the object of an object property with a range."""
    classes = set(axioms.parents) | {c for d in axioms.disjoint for c in (d.first, d.second)}
    out = [(TYPE, c, axioms.up(c)) for c in sorted(classes)]
    for p in sorted(axioms.kinds):
        of_subject, of_object = axioms.implied_types(p)
        for kind, implied in ((SUBJECT, of_subject), (OBJECT, of_object)):
            if implied:
                out.append((kind, p, frozenset().union(*map(axioms.up, implied))))
    return out


def member_sets(axioms: Axioms) -> dict[str, list[str]]:
    """Each disjointness axiom (as written) -> its member classes."""
    out: dict[str, set[str]] = {}
    for d in axioms.disjoint:
        out.setdefault(d.axiom, set()).update((d.first, d.second))
    return {axiom: sorted(members) for axiom, members in out.items()}


def by_member(members: list[str], typing) -> list[list[str]]:
    """For each member class that some source reaches, the graph patterns of those sources
    (binding ?x to the entity typed); a source that reaches two members is in both."""
    patterns: dict[str, list[str]] = {}
    for kind, iri, classes in typing:
        pattern = {TYPE: f"?x <{RDF_TYPE}> <{iri}>", SUBJECT: f"?x <{iri}> ?o",
                   OBJECT: f"?o <{iri}> ?x"}[kind]
        for m in members:
            if m in classes:
                patterns.setdefault(m, []).append(pattern)
    return [patterns[m] for m in members if m in patterns]


def _members(patterns: list[list[str]]) -> str:
    """Each member's entities, once each (DISTINCT), as one UNION: an entity comes out once
    per member it falls under."""
    return " UNION ".join("{ SELECT DISTINCT ?x WHERE { "
                          + " UNION ".join(f"{{ {p} }}" for p in member) + " } }"
                          for member in patterns)


def count_query(patterns: list[list[str]]) -> str:
    """How many (entity, member) pairs there are, and how many entities: equal when no
    entity falls under two members. The cheap test for the common case (a clean store)."""
    return (f"SELECT (COUNT(*) AS ?pairs) (COUNT(DISTINCT ?x) AS ?entities) WHERE {{ "
            f"{_members(patterns)} }}")


def find_query(patterns: list[list[str]]) -> str:
    """The entities that fall under two members."""
    return f"SELECT ?x WHERE {{ {_members(patterns)} }} GROUP BY ?x HAVING (COUNT(*) > 1)"


def any_query(patterns: list[str]) -> str:
    """The entities of a class disjoint with itself: every one of them clashes."""
    return "SELECT DISTINCT ?x WHERE { " + " UNION ".join(f"{{ {p} }}" for p in patterns) + " }"


def candidates(store: ox.Store, axioms: Axioms) -> list:
    """The entities (named or blank nodes) of ``store`` that may break a disjointness
    axiom of ``axioms``, sorted by IRI. Every entity that does is among them."""
    typing = sources(axioms)
    found: dict = {}
    for members in member_sets(axioms).values():
        patterns = by_member(members, typing)
        if len(patterns) > 1 and not _none_twice(store, patterns):
            found.update(dict.fromkeys(_entities(store, find_query(patterns))))
    for cls in sorted({d.first for d in axioms.disjoint if d.first == d.second}):
        for patterns in by_member([cls], typing):
            found.update(dict.fromkeys(_entities(store, any_query(patterns))))
    return sorted(found, key=lambda x: (x.value, isinstance(x, ox.BlankNode)))


def _none_twice(store: ox.Store, patterns: list[list[str]]) -> bool:
    (counts,) = store.query(count_query(patterns), use_default_graph_as_union=True)
    return counts["pairs"] == counts["entities"]


def _entities(store: ox.Store, text: str):
    for row in store.query(text, use_default_graph_as_union=True):
        if isinstance(row["x"], (ox.NamedNode, ox.BlankNode)):
            yield row["x"]

"""The axioms a structural check can test exactly, read from the ontology (never a hand-kept
list): the class hierarchy (rdfs:subClassOf, owl:equivalentClass between named classes),
every disjointness axiom (owl:AllDisjointClasses, owl:disjointWith, owl:disjointUnionOf) and
the named-class domains and ranges of properties. A new axiom in the ontology is enforced
without a code change."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox

from narcokg.namespaces import PREFIXES

OWL, RDF, RDFS = (PREFIXES[k] for k in ("owl", "rdf", "rdfs"))


def short(iri: str) -> str:
    """nkg:Person for a term under a known prefix, else <iri>."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


@dataclass(frozen=True)
class Disjoint:
    """Two classes that share no member, and the axiom that says so (as written)."""
    first: str
    second: str
    axiom: str


@dataclass(frozen=True)
class Clash:
    """An entity whose types fall under a disjointness axiom: ``via`` are the entity's own
    types (asserted, or from a domain/range) that bring in ``disjoint.first`` and
    ``disjoint.second``."""
    entity: str
    via: tuple[str, str]
    disjoint: Disjoint
    origins: tuple[str, str] = ("", "")  # "" (asserted) or the axiom that implies the type

    def why(self, lang: str = "en") -> str:
        a, b = (short(t) + (f" ({o})" if o else "") for t, o in
                zip(self.via, self.origins, strict=True))
        d = self.disjoint
        if lang == "nl":
            return (f"{short(self.entity)} is zowel {a} als {b}; {short(d.first)} en "
                    f"{short(d.second)} zijn disjunct ({d.axiom})")
        if lang == "fr":
            return (f"{short(self.entity)} est à la fois {a} et {b} ; {short(d.first)} et "
                    f"{short(d.second)} sont disjointes ({d.axiom})")
        return (f"{short(self.entity)} is both {a} and {b}; {short(d.first)} and "
                f"{short(d.second)} are disjoint ({d.axiom})")


class Axioms:
    """The ontology's hierarchy, disjointness, domains and ranges, over named classes."""

    def __init__(self, triples) -> None:
        triples = list(triples)
        self.parents: dict[str, set[str]] = {}
        self.domains: dict[str, set[str]] = {}
        self.ranges: dict[str, set[str]] = {}
        self.disjoint: list[Disjoint] = []
        self.prop_parents: dict[str, set[str]] = {}
        self.kinds: dict[str, str] = {}  # property -> ObjectProperty | DatatypeProperty
        self._read(triples)
        self._by_class: dict[str, list[Disjoint]] = {}
        for d in self.disjoint:
            self._by_class.setdefault(d.first, []).append(d)
            self._by_class.setdefault(d.second, []).append(d)
        self._up: dict[str, frozenset[str]] = {}

    def _read(self, triples) -> None:
        lists = _lists(triples)
        all_disjoint = {t.subject for t in triples if t.predicate.value == RDF + "type"
                        and t.object.value == OWL + "AllDisjointClasses"}
        for t in triples:
            s, p, o = t.subject, t.predicate.value, t.object
            named = isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode)
            if p == RDFS + "subClassOf" and named:
                self.parents.setdefault(s.value, set()).add(o.value)
            elif p == OWL + "equivalentClass" and named:
                self.parents.setdefault(s.value, set()).add(o.value)
                self.parents.setdefault(o.value, set()).add(s.value)
            elif p == RDF + "type" and o.value in (OWL + "ObjectProperty",
                                                    OWL + "DatatypeProperty"):
                self.kinds[s.value] = o.value[len(OWL):]
            elif p == RDFS + "subPropertyOf" and named:
                self.prop_parents.setdefault(s.value, set()).add(o.value)
            elif p in (RDFS + "domain", RDFS + "range") and named:
                into = self.domains if p.endswith("domain") else self.ranges
                into.setdefault(s.value, set()).add(o.value)
            elif p == OWL + "disjointWith" and named:
                self._pairs([s.value, o.value], f"{short(s.value)} owl:disjointWith "
                            f"{short(o.value)}")
            elif p == OWL + "members" and s in all_disjoint:
                members = lists.get(o, [])
                self._pairs(members, f"AllDisjointClasses({' '.join(map(short, members))})")
            elif p == OWL + "disjointUnionOf" and isinstance(s, ox.NamedNode):
                members = lists.get(o, [])
                for m in members:
                    self.parents.setdefault(m, set()).add(s.value)
                self._pairs(members, f"{short(s.value)} owl:disjointUnionOf "
                            f"({' '.join(map(short, members))})")

    def _pairs(self, members: list[str], axiom: str) -> None:
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                self.disjoint.append(Disjoint(a, b, axiom))

    def up(self, cls: str) -> frozenset[str]:
        """``cls`` and every class above it."""
        if cls not in self._up:
            seen, todo = {cls}, [cls]
            while todo:
                for parent in self.parents.get(todo.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            self._up[cls] = frozenset(seen)
        return self._up[cls]

    def _props_up(self, prop: str) -> set[str]:
        seen, todo = {prop}, [prop]
        while todo:
            for parent in self.prop_parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    def implied_types(self, prop: str) -> tuple[dict[str, str], dict[str, str]]:
        """The classes a statement of ``prop`` gives its subject (domains) and its object
        (ranges, object properties only), each with the axiom it comes from. Annotation
        properties have none: their domain and range carry no meaning in OWL 2."""
        if prop not in self.kinds:
            return {}, {}
        subject, obj = {}, {}
        for p in sorted(self._props_up(prop)):
            for c in self.domains.get(p, ()):
                subject.setdefault(c, f"rdfs:domain of {short(p)}")
            if self.kinds.get(p) == "ObjectProperty":
                for c in self.ranges.get(p, ()):
                    obj.setdefault(c, f"rdfs:range of {short(p)}")
        return subject, obj

    def clashes(self, entity: str, types) -> list[Clash]:
        """Every disjointness axiom ``types`` (with their superclasses) fall under, once per
        pair of disjoint classes, named by the first pair of the entity's types that meets
        it. ``types``: class IRIs, or a dict class -> where the type comes from."""
        origin = dict(types) if isinstance(types, dict) else dict.fromkeys(types, "")
        types = sorted(origin)
        closure = {t: self.up(t) for t in types}
        found: dict[Disjoint, Clash] = {}
        for i, a in enumerate(types):
            for b in types[i:]:
                for c in closure[a]:
                    for d in self._by_class.get(c, ()):
                        other = d.second if d.first == c else d.first
                        if other in closure[b] and d not in found:
                            found[d] = Clash(entity, (a, b), d, (origin[a], origin[b]))
        return sorted(found.values(), key=lambda c: (c.via, c.disjoint.first,
                                                     c.disjoint.second))


def _lists(triples) -> dict:
    """RDF collections: head node -> its members (named nodes, in order)."""
    first = {t.subject: t.object for t in triples if t.predicate.value == RDF + "first"}
    rest = {t.subject: t.object for t in triples if t.predicate.value == RDF + "rest"}
    out = {}
    for head in first:
        members, node = [], head
        while node in first:
            if isinstance(first[node], ox.NamedNode):
                members.append(first[node].value)
            node = rest.get(node)
        out[head] = members
    return out


@lru_cache(maxsize=1)
def shipped() -> Axioms:
    """The axioms of the shipped ontology and vocabularies."""
    from narcokg.validation.shapes import ontology_triples

    return Axioms(ontology_triples())

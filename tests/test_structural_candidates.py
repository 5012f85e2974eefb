"""The structural check lets the store find the entities that may clash, then checks only
those: it must say exactly what the check of every entity says (the same ``Clash`` objects:
entity, the two types, the axiom, the domain or range that implies a type). ``reference``
below is that check as it was, reading every typing statement of the store; it is compared
with ``structural`` on the examples, on a generated graph with planted clashes of every
kind, and on the curated build."""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest

from narcokg.build import ontology_quads
from narcokg.errors import InputError
from narcokg.loaders.sources import SourceRegistry
from narcokg.namespaces import GRAPH_ONTOLOGY, RDF_TYPE
from narcokg.reasoning import structural
from narcokg.reasoning.abox import ontology_triples
from narcokg.reasoning.axioms import Axioms, Clash, shipped
from narcokg.reasoning.candidates import candidates
from narcokg.validation.context import load_entries

try:  # tests/ may or may not be a package
    from .test_validate import EXAMPLES, example_files, make_fixture_store
except ImportError:
    from test_validate import EXAMPLES, example_files, make_fixture_store

NKG = "https://w3id.org/narcokg/ontology#"
GEN = "https://w3id.org/narcokg/id/generated/"
TYPE = ox.NamedNode(RDF_TYPE)


def reference(store: ox.Store, axioms: Axioms) -> list[Clash]:
    """The check of every entity: every rdf:type statement and every statement of every
    property with a domain or range, in store order (the code before candidates)."""
    triples = []
    for p in [RDF_TYPE, *sorted(axioms.kinds)]:
        if p == RDF_TYPE or any(axioms.implied_types(p)):
            triples += [q.triple for q in store.quads_for_pattern(None, ox.NamedNode(p), None)]
    return structural.clashes(triples, axioms)


def both_ways(path: Path) -> list[Clash]:
    """The clashes of the store at ``path``, asserting that both checks find the same."""
    store = ox.Store.read_only(str(path))
    axioms = Axioms(ontology_triples(store))
    found = structural.clashes(structural.typing_triples(store, axioms), axioms)
    assert found == reference(store, axioms)
    return found


def test_the_examples(tmp_path):
    """The example store with every example entry (valid and invalid) that can be read."""
    path = make_fixture_store(tmp_path / "store")
    registry = SourceRegistry.from_dir(EXAMPLES)
    store = ox.Store(str(path))
    for i, example in enumerate(example_files()):
        try:
            (entry,) = load_entries([example], registry)
        except InputError:
            continue
        graph = ox.NamedNode(f"https://w3id.org/narcokg/graph/source/example-{i}")
        store.extend([ox.Quad(q.subject, q.predicate, q.object, graph) for q in entry.quads])
    store.flush()
    del store
    found = both_ways(path)
    entities = {c.entity for c in found}
    assert "https://w3id.org/narcokg/id/org/example-three-kinds" in entities  # agency-igo-person
    assert len(entities) >= 2


def test_the_tiny_axiom_stores(tmp_path):
    """The stores of tests/fixtures/axioms (one asserted clash, none, ...)."""
    fixtures = Path(__file__).parent / "fixtures" / "axioms"
    for i, trig in enumerate(sorted(fixtures.glob("*.trig"))):
        path = tmp_path / f"s{i}"
        store = ox.Store(str(path))
        store.bulk_extend(list(ontology_quads()))
        store.bulk_extend(list(ox.parse(path=str(trig), format=ox.RdfFormat.TRIG)))
        store.flush()
        del store
        both_ways(path)


TOY = """@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix : <https://example.org/toy#> .
:A owl:disjointWith :A .
[] a owl:AllDisjointClasses ; owl:members ( :C :C :D ) .
:U owl:disjointUnionOf ( :F :G ) .
:E owl:equivalentClass :F .
:G2 rdfs:subClassOf :G .
:p a owl:ObjectProperty ; rdfs:domain :E ; rdfs:range :D .
:q a owl:ObjectProperty ; rdfs:subPropertyOf :p .
:r a owl:DatatypeProperty ; rdfs:domain :G2 .
"""


def test_every_kind_of_axiom_of_a_toy_ontology(tmp_path):
    """A class disjoint with itself, a member listed twice, a disjoint union, an equivalent
    class, a sub-property: each clash of the reference is found, and only those. (The
    check looks at entities with two types or more, so one type alone never clashes.)"""
    toy = "https://example.org/toy#"
    data = f"""@prefix : <{toy}> .
:a a :A ; :r "3" .
:c a :C ; :r "4" .
:cd a :C . :x0 :q :cd .
:fg :r "1" . :fg :p :x .
_:b :p :y . _:b :r "2" .
:clean a :F ; :p :d .
"""
    path = tmp_path / "store"
    store = ox.Store(str(path))
    store.bulk_extend([ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(GRAPH_ONTOLOGY))
                       for t in ox.parse(TOY, format=ox.RdfFormat.TURTLE)])
    store.bulk_extend([ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(GEN + "g"))
                       for t in ox.parse(data, format=ox.RdfFormat.TURTLE)])
    store.flush()
    del store
    found = both_ways(path)
    entities = {c.entity for c in found}
    assert {toy + "a", toy + "c", toy + "cd", toy + "fg"} <= entities
    assert toy + "clean" not in entities and len(entities) == 5  # and the blank node
    assert f"rdfs:range of <{toy}p>" in {o for c in found for o in c.origins}


class Generated:
    """A random graph under the shipped ontology: entities of one kind each, used only with
    properties their kind allows, and planted clashes of every kind the check reads."""

    def __init__(self, seed: int = 7, size: int = 1500) -> None:
        self.rng = random.Random(seed)
        self.ax = shipped()
        self.quads: list[ox.Quad] = []
        self.planted: set[str] = set()
        self.graphs = [ox.DefaultGraph(), *(ox.NamedNode(f"{GEN}graph/{g}") for g in "abc")]
        kinds = sorted({c for d in self.ax.disjoint for c in (d.first, d.second)}
                       | set(self.ax.parents))
        self.props = [p for p in sorted(self.ax.kinds) if any(self.ax.implied_types(p))]
        self.kind = {self.node(i): self.rng.choice(kinds) for i in range(size)}
        self._fits: dict = {}
        self._fitting: dict = {}
        for x, k in self.kind.items():
            self.add(x, TYPE, ox.NamedNode(k))
            for _ in range(self.rng.randint(0, 4)):
                self.use(x, k)

    def node(self, i: int):
        return ox.BlankNode(f"gen{i}") if i % 17 == 0 else ox.NamedNode(f"{GEN}e{i}")

    def fits(self, *classes) -> bool:
        key = frozenset(classes)
        if key not in self._fits:
            self._fits[key] = not self.ax.clashes("x", key)
        return self._fits[key]

    def add(self, s, p, o, copies: int = 1) -> None:
        for g in self.rng.sample(self.graphs, copies):
            self.quads.append(ox.Quad(s, p, o, g))

    def use(self, x, k) -> None:
        """A statement with ``x`` as subject that its kind allows, to an object that fits."""
        p = self.rng.choice(self.props)
        of_subject, of_object = self.ax.implied_types(p)
        if not self.fits(k, *of_subject):
            return
        if p not in self._fitting:
            self._fitting[p] = [y for y, ky in self.kind.items() if self.fits(ky, *of_object)]
        fitting = self._fitting[p]
        o = self.rng.choice(fitting) if of_object or self.rng.random() < .5 else ox.Literal("v")
        self.add(x, ox.NamedNode(p), o, copies=self.rng.choice((1, 1, 2)))

    def plant(self, count: int = 40) -> None:
        entities = list(self.kind)
        for _ in range(count):
            x = self.rng.choice(entities)
            k = self.kind[x]
            how = self.rng.choice(("type", "domain", "range"))
            if how == "type":
                other = [c for c in {d.first for d in self.ax.disjoint} | set(self.ax.parents)
                         if not self.fits(k, c)]
                if other:
                    self.add(x, TYPE, ox.NamedNode(self.rng.choice(sorted(other))))
                    self.planted.add(x.value)
                continue
            side = 0 if how == "domain" else 1
            bad = [p for p in self.props if self.ax.implied_types(p)[side]
                   and not self.fits(k, *self.ax.implied_types(p)[side])]
            if not bad:
                continue
            p, y = ox.NamedNode(self.rng.choice(bad)), self.rng.choice(entities)
            self.add(*((x, p, y) if side == 0 else (y, p, x)))
            self.planted.add(x.value)

    def plant_special(self) -> None:
        """Untyped entities whose two implied types clash; an entity on both sides of a
        property whose domain and range are one class (which of the two is named depends on
        the store's order); a literal where an object property wants an entity."""
        party, clause = ox.NamedNode(NKG + "party"), ox.NamedNode(NKG + "hasClause")
        supersedes = ox.NamedNode(NKG + "supersedes")
        things = list(self.kind)
        for i in range(12):
            u = ox.NamedNode(f"{GEN}untyped{i}") if i % 3 else ox.BlankNode(f"untyped{i}")
            self.add(u, clause, self.rng.choice(things))  # an Instrument (domain) ...
            self.add(self.rng.choice(things), party, u)  # ... and an Actor (range)
            self.planted.add(u.value)
        people = [x for x, k in self.kind.items() if not self.fits(k, NKG + "Instrument")]
        for i, x in enumerate(people[:12]):
            self.add(x, supersedes, self.rng.choice(things))
            self.add(self.rng.choice(things), supersedes, x)
            if i % 2:
                self.add(x, supersedes, x)
            self.planted.add(x.value)
        self.add(self.rng.choice(things), party, ox.Literal("Belgium"))

    def store(self, path: Path) -> Path:
        store = ox.Store(str(path))
        store.bulk_extend(list(ontology_quads()))
        store.bulk_extend(self.quads)
        store.flush()
        del store
        return path


@pytest.mark.parametrize("seed", [7, 8])
def test_a_generated_graph_with_planted_clashes(tmp_path, seed):
    graph = Generated(seed)
    graph.plant()
    graph.plant_special()
    found = both_ways(graph.store(tmp_path / "store"))
    entities = {c.entity for c in found}
    assert graph.planted <= entities
    origins = {o for c in found for o in c.origins}
    assert {"rdfs:domain of nkg:supersedes", "rdfs:range of nkg:supersedes",
            "rdfs:range of nkg:party", "rdfs:domain of nkg:hasClause"} <= origins
    assert "Belgium" not in entities


def test_the_candidates_are_the_entities_that_clash(tmp_path):
    """Every axiom of the shipped ontology is a set of pairwise disjoint classes, so an
    entity under two of its members clashes: the candidates are exactly the clashing
    entities, with no literal among them."""
    store = ox.Store.read_only(str(Generated(9).store(tmp_path / "store")))
    found = {c.entity for c in reference(store, shipped())}
    assert found and {x.value for x in candidates(store, shipped())} == found


@pytest.mark.slow
def test_the_curated_build(tmp_path):
    from narcokg.build import build

    build(tmp_path / "store")
    assert both_ways(tmp_path / "store") == []

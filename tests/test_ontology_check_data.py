"""`narcokg ontology check --data`: the store's data meets the ontology's axioms. Tiny stores
(tests/fixtures/axioms/*.trig with the shipped ontology) that break an axiom, or hold a date
HermiT cannot read; the curated build passes (slow)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from narcokg.build import ontology_quads
from narcokg.cli import main
from narcokg.reasoning import hermit
from narcokg.reasoning.axioms import Axioms
from narcokg.reasoning.data import check_data

FIXTURES = Path(__file__).parent / "fixtures" / "axioms"
NKG = "https://w3id.org/narcokg/ontology#"
ID = "https://w3id.org/narcokg/id/"


def make_store(path: Path, fixture: str) -> Path:
    store = ox.Store(str(path))
    store.bulk_extend(list(ontology_quads()))
    store.bulk_extend(list(ox.parse(path=str(FIXTURES / f"{fixture}.trig"),
                                    format=ox.RdfFormat.TRIG)))
    store.flush()
    del store
    return path


def test_a_clash_names_the_entity_the_classes_and_the_axiom(tmp_path):
    r = check_data(make_store(tmp_path / "store", "clash"))
    assert r.consistent is False and not r.ok
    (clash,) = r.clashes
    assert clash.entity == ID + "org/x"
    assert {clash.disjoint.first, clash.disjoint.second} == {NKG + "PublicBody", NKG + "Person"}
    why = clash.why()
    assert why.startswith("id:org/x is both nkg:Agency and nkg:Person; ")
    assert "are disjoint (AllDisjointClasses(nkg:State " in why
    assert r.culprits is None  # the structural check named it: no search needed


def test_the_cli_reports_it_and_exits_1(tmp_path, capsys):
    store = make_store(tmp_path / "store", "clash")
    assert main(["ontology", "check", "--data", "--store", str(store)]) == 1
    out = capsys.readouterr().out
    assert "disjointness (structural check): 1 clash(es)" in out
    assert "id:org/x is both nkg:Agency and nkg:Person" in out
    assert "reasoner on ontology + data: HermiT: INCONSISTENT" in out
    assert out.rstrip().endswith("PROBLEMS FOUND")


def test_an_axiom_only_hermit_reads_is_explained_by_entity(tmp_path):
    """The store's own ontology graph is what the data is checked against; an irreflexive
    property the structural check does not read is still found, and the entity named."""
    r = check_data(make_store(tmp_path / "store", "irreflexive"))
    assert r.clashes == []
    assert r.consistent is False
    assert r.culprits == [ID + "org/x"]


def test_a_gyear_literal_does_not_stop_the_reasoner(tmp_path):
    r = check_data(make_store(tmp_path / "store", "gyear"))
    assert r.reasoner_error is None
    assert r.consistent is True and r.ok
    assert r.left_out.total == 1
    assert "1 xsd:gYear" in r.left_out.summary()


def test_hermit_itself_stops_on_a_gyear(tmp_path):
    """Why the literal is left out: given to HermiT as it is, the run ends in an error."""
    quads = [*ontology_quads(), *ox.parse(path=str(FIXTURES / "gyear.trig"),
                                          format=ox.RdfFormat.TRIG)]
    verdict = hermit.consistent([q.triple for q in quads])
    assert verdict.consistent is None
    assert "datatype" in (verdict.error or "").lower()


def test_every_kind_of_disjointness_axiom_is_read():
    ttl = """@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix : <https://example.org/toy#> .
:A owl:disjointWith :B .
[] a owl:AllDisjointClasses ; owl:members ( :C :D :E ) .
:U owl:disjointUnionOf ( :F :G ) .
:A2 rdfs:subClassOf :A .
:p a owl:ObjectProperty ; rdfs:range :B .
"""
    axioms = Axioms(ox.parse(ttl, format=ox.RdfFormat.TURTLE))
    toy = "https://example.org/toy#"
    pairs = {(d.first[len(toy):], d.second[len(toy):]) for d in axioms.disjoint}
    assert pairs == {("A", "B"), ("C", "D"), ("C", "E"), ("D", "E"), ("F", "G")}
    assert axioms.up(toy + "F") >= {toy + "F", toy + "U"}
    (clash,) = axioms.clashes("x", {toy + "A2": "", toy + "B": "rdfs:range of <p>"})
    assert "(rdfs:range of <p>)" in clash.why()


@pytest.mark.slow
def test_the_curated_build_meets_the_axioms(tmp_path):
    from narcokg.build import build

    store = tmp_path / "store"
    build(store)
    r = check_data(store)
    assert r.clashes == [], [c.why() for c in r.clashes]
    assert r.reasoner_error is None
    assert r.consistent is True


def test_owl_same_as_reaches_the_reasoner_and_both_entities_are_named(tmp_path):
    """Labels are left out of the reasoner's input, owl:sameAs never is."""
    r = check_data(make_store(tmp_path / "store", "sameas"))
    assert r.reasoned_triples == 4  # three types and the owl:sameAs; no label
    assert r.clashes == [] and r.consistent is False
    assert r.culprits == [ID + "org/a", ID + "person/b"]

"""The ontology parses, is consistent under HermiT, and every term is documented."""

from importlib.metadata import version
from pathlib import Path

import pytest
import rdflib

from narcokg import resources
from narcokg.ontology_check import check_ontology

ONTOLOGY_TTL = sorted(Path(resources.ontology_dir()).rglob("*.ttl"))


@pytest.mark.parametrize("path", ONTOLOGY_TTL, ids=lambda p: p.name)
def test_every_ontology_file_parses(path):
    assert len(rdflib.Graph().parse(path, format="turtle")) > 0


@pytest.fixture(scope="module")
def report():
    return check_ontology()


def test_hermit_finds_the_ontology_consistent(report):
    assert report.consistent is True, report.reasoner_error
    assert report.unsatisfiable == []


def test_every_term_has_three_labels_and_a_definition(report):
    assert report.missing == []


def test_version_iri_matches_the_package_version(report):
    assert report.version_iri == f"https://w3id.org/narcokg/ontology/{version('narcokg')}"
    assert report.ok


def test_hermit_really_runs_and_catches_an_inconsistent_addition(tmp_path):
    toy = tmp_path / "toy.ttl"
    toy.write_text("""@prefix nkg: <https://w3id.org/narcokg/ontology#> .
<https://w3id.org/narcokg/id/treaty/toy> a nkg:Treaty , nkg:MemorandumOfUnderstanding .
""")
    r = check_ontology([toy])
    assert r.consistent is False
    assert not r.ok


def test_hermit_reports_an_unsatisfiable_class(tmp_path):
    toy = tmp_path / "toy.ttl"
    toy.write_text("""@prefix nkg: <https://w3id.org/narcokg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
nkg:ToyBoth a owl:Class ; rdfs:subClassOf nkg:BilateralTreaty , nkg:MultilateralTreaty ;
  rdfs:label "toy"@en , "toy"@nl , "toy"@fr ; skos:definition "toy"@en .
""")
    r = check_ontology([toy])
    assert r.consistent is True
    assert "https://w3id.org/narcokg/ontology#ToyBoth" in r.unsatisfiable


def test_a_missing_label_is_reported(tmp_path):
    toy = tmp_path / "toy.ttl"
    toy.write_text("""@prefix nkg: <https://w3id.org/narcokg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
nkg:Undocumented a owl:Class ; rdfs:label "undocumented"@en .
""")
    r = check_ontology([toy], reason=False)
    assert any("Undocumented: no label in nl, fr" in m for m in r.missing)
    assert any("Undocumented: no skos:definition" in m for m in r.missing)

"""Terms narcokg did not mint are left as their owners define them (issue 15, design rule 1).

No rdfs:domain, rdfs:range or restriction on a foaf:, geo:, dcterms:, org:, eli:, skos:, prov:
(or any other non-narcokg) term: such rules live in SHACL. Data that is valid for the standard
term must not make ontology + data inconsistent under HermiT.
"""

from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import OWL, RDFS

from narcokg import resources
from narcokg.ontology_check import check_ontology

OURS = "https://w3id.org/narcokg/"
NARROWING = (RDFS.domain, RDFS.range, OWL.equivalentClass, OWL.equivalentProperty,
             OWL.propertyChainAxiom, OWL.inverseOf, OWL.disjointWith)
# Sub-class/sub-property axioms the reused vocabulary states itself: restating them narrows nothing.
STATED_BY_OWNER = {
    ("http://www.w3.org/ns/org#Organization", "http://xmlns.com/foaf/0.1/Agent"),  # ORG 2.1
    ("http://www.w3.org/ns/org#FormalOrganization", "http://www.w3.org/ns/org#Organization"),
    ("http://www.w3.org/ns/org#Role", "http://www.w3.org/2004/02/skos/core#Concept"),  # ORG
    ("http://xmlns.com/foaf/0.1/Person", "http://xmlns.com/foaf/0.1/Agent"),  # FOAF
    ("http://www.w3.org/2004/02/skos/core#topConceptOf",
     "http://www.w3.org/2004/02/skos/core#inScheme"),  # SKOS S8
}


@pytest.fixture(scope="module")
def ontology():
    g = rdflib.Graph()
    for path in resources.ontology_files():
        g.parse(path, format="turtle")
    return g


def _reused(term) -> bool:
    return isinstance(term, rdflib.URIRef) and not str(term).startswith(OURS)


def test_no_domain_range_or_restriction_on_a_reused_term(ontology):
    found = [(s.n3(), p.n3(), o.n3()) for s, p, o in ontology
             if _reused(s) and p in NARROWING]
    assert found == []


def test_reused_terms_keep_only_their_owners_hierarchy(ontology):
    found = {(str(s), str(o)) for p in (RDFS.subClassOf, RDFS.subPropertyOf)
             for s, o in ontology.subject_objects(p) if _reused(s)}
    assert found <= STATED_BY_OWNER, found - STATED_BY_OWNER
    assert not [s for s, o in ontology.subject_objects(RDFS.subClassOf)
                if _reused(s) and isinstance(o, rdflib.BNode)]


@pytest.fixture(scope="module")
def standard_data(tmp_path_factory) -> Path:
    """Values valid for the standard terms that a narrowed ontology once rejected."""
    path = tmp_path_factory.mktemp("reused") / "data.ttl"
    path.write_text("""@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix org: <http://www.w3.org/ns/org#> .
ex:someone foaf:name "Jan"@nl , "Jan" .
ex:place geo:lat "51.22"^^xsd:decimal , "51.22"^^xsd:double ;
    geo:long "4.40"^^xsd:decimal , "4.4E0"^^xsd:double .
ex:report dcterms:creator ex:a-group ; dcterms:publisher ex:a-printer ;
    dcterms:source ex:a-web-page .
ex:a-post org:postIn ex:a-thing .
""", encoding="utf-8")
    return path


def test_data_valid_for_the_standard_terms_is_consistent(standard_data):
    report = check_ontology([standard_data])
    assert report.consistent is True, report.reasoner_error

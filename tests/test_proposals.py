"""A proposal is not an agent and not a status (issue 15): one class, nkg:Proposal, for what a
document or an office holder asks to be set up; the "proposed" status concepts are deprecated."""

import re
from pathlib import Path

import pytest
import rdflib
import yaml
from rdflib.namespace import OWL

from narcokg import resources
from narcokg.ontology_check import check_ontology

DATA = Path(__file__).resolve().parent.parent / "data"
NKG = rdflib.Namespace("https://w3id.org/narcokg/ontology#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
VOCAB = "https://w3id.org/narcokg/vocab/"
PROPOSED_IN_LABEL = re.compile(r"\((proposed|proposée?|voorgesteld)\)|^(Proposed|Voorgestelde?) ")


def _entries():
    for path in sorted(DATA.rglob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(doc, dict):
            yield path, doc


@pytest.mark.parametrize("scheme", ["body-status", "instrument-status", "response-status",
                                    "claim-status"])
def test_proposed_status_concepts_are_deprecated_for_the_class(scheme):
    g = rdflib.Graph()
    for path in resources.ontology_files():
        g.parse(path, format="turtle")
    concept = rdflib.URIRef(f"{VOCAB}{scheme}/proposed")
    assert g.value(concept, OWL.deprecated) == rdflib.Literal(True)
    assert g.value(concept, DCT.isReplacedBy) == NKG.Proposal


def test_a_proposal_that_is_also_an_agency_is_inconsistent(tmp_path):
    toy = tmp_path / "toy.ttl"
    toy.write_text("""@prefix nkg: <https://w3id.org/narcokg/ontology#> .
<http://example.org/agency> a nkg:Proposal , nkg:Agency .
""", encoding="utf-8")
    assert check_ontology([toy]).consistent is False


def test_curated_proposals_are_typed_proposal_without_a_status():
    proposals = {doc["id"]: doc for _, doc in _entries() if doc.get("type") == "Proposal"}
    assert {"org/benelux-anti-drug-agency", "org/be-liaison-network-south-american-ports",
            "reporting-obligation/be-annual-drug-report"} <= set(proposals)
    for key, doc in proposals.items():
        assert "establishmentStatus" not in doc and "hasStatus" not in doc, key


def test_no_curated_entry_says_proposed_in_a_label_or_a_status():
    for path, doc in _entries():
        labels = doc.get("prefLabel") or {}
        for text in (labels.values() if isinstance(labels, dict) else [labels]):
            assert not PROPOSED_IN_LABEL.search(str(text)), (path, text)
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(establishmentStatus|status|responseStatus|claimStatus):"
                             r"\s*proposed\s*$", text, re.M), path

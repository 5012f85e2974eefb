"""Every term narcokg mints is documented in en, nl and fr: one label and one real definition
per language. A definition says what the thing is: it does not repeat the label and does not
merely cite a demand of the resolution ("(demand 3.1)"); such references belong in
rdfs:comment or skos:scopeNote, and the demand -> concept links are data already."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from narcokg import resources

LANGS = ("en", "nl", "fr")
NKG = "https://w3id.org/narcokg/ontology#"
VOCAB = "https://w3id.org/narcokg/vocab/"
OWL_TERMS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
SKOS_TERMS = {SKOS.Concept, SKOS.ConceptScheme}
DEMAND_CITATION = re.compile(r"\(\s*(demands?|verzoeken|verzoek|demandes?)\s+\d", re.I)
ONLY_A_CITATION = re.compile(r"^\W*(demands?|verzoeken|verzoek|demandes?)\s+[\d.]+"
                             r"(\s*(and|en|et|,)\s*[\d.]+)*\W*$", re.I)


def minted_terms(graph: rdflib.Graph) -> dict[rdflib.URIRef, list[rdflib.URIRef]]:
    """Terms minted by narcokg, each with the label properties it must carry."""
    terms = {}
    for s in set(graph.subjects(RDF.type, None)):
        types = set(graph.objects(s, RDF.type))
        if str(s).startswith(NKG) and types & OWL_TERMS:
            terms[s] = [RDFS.label]
        elif str(s).startswith(VOCAB) and types & SKOS_TERMS:
            terms[s] = [SKOS.prefLabel] + ([RDFS.label] if (s, RDFS.label, None) in graph else [])
    return terms


def by_lang(graph, s, p) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for o in graph.objects(s, p):
        out.setdefault(getattr(o, "language", None) or "", []).append(str(o))
    return out


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def problems(files: list[Path], langs=LANGS) -> list[str]:
    graph = rdflib.Graph()
    for f in files:
        graph.parse(f)
    found = []
    for s, label_props in sorted(minted_terms(graph).items()):
        definitions = by_lang(graph, s, SKOS.definition)
        for p in label_props:
            labels = by_lang(graph, s, p)
            for lang in langs:
                n = len(labels.get(lang, []))
                if n != 1:
                    found.append(f"{s}: {n} {p.n3(graph.namespace_manager)} in {lang}")
        for lang in langs:
            defs = definitions.get(lang, [])
            if len(defs) != 1:
                found.append(f"{s}: {len(defs)} skos:definition in {lang}")
                continue
            text = defs[0]
            label = (by_lang(graph, s, label_props[0]).get(lang) or [""])[0]
            if _norm(text) == _norm(label):
                found.append(f"{s}: the {lang} definition repeats the label ({text!r})")
            if ONLY_A_CITATION.match(text) or DEMAND_CITATION.search(text):
                found.append(f"{s}: the {lang} definition cites a demand, not a meaning ({text!r})")
    return found


def test_every_minted_term_has_one_label_and_a_real_definition_in_en_nl_fr():
    assert problems(resources.ontology_files()) == []


TOY = """@prefix nkg: <https://w3id.org/narcokg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
nkg:Good a owl:Class ; rdfs:label "good"@en , "goed"@nl , "bon"@fr ;
    skos:definition "A thing that passes."@en , "Iets wat slaagt."@nl , "Une chose qui passe."@fr .
"""


@pytest.mark.parametrize("extra,expected", [
    ("", None),
    ('nkg:Taut a owl:Class ; rdfs:label "cocaine"@en , "cocaïne"@nl , "cocaïne"@fr ;\n'
     '  skos:definition "Cocaine."@en , "Een drug."@nl , "Une drogue."@fr .', "repeats the label"),
    ('nkg:Cite a owl:Class ; rdfs:label "x"@en , "x"@nl , "x"@fr ;\n'
     '  skos:definition "Demand 3.1."@en , "Iets."@nl , "Quelque chose."@fr .', "cites a demand"),
    ('nkg:Paren a owl:Class ; rdfs:label "x"@en , "x"@nl , "x"@fr ;\n'
     '  skos:definition "A customs expert (demand 6)."@en , "Iets."@nl , "Quelque chose."@fr .',
     "cites a demand"),
    ('nkg:NoFr a owl:Class ; rdfs:label "x"@en , "x"@nl , "x"@fr ;\n'
     '  skos:definition "Something."@en , "Iets."@nl .', "0 skos:definition in fr"),
    ('nkg:TwoNl a owl:Class ; rdfs:label "x"@en , "x"@nl , "y"@nl , "x"@fr ;\n'
     '  skos:definition "Something."@en , "Iets."@nl , "Chose."@fr .', "2 rdfs:label in nl"),
    ('<https://w3id.org/narcokg/vocab/toy/c> a skos:Concept ; skos:prefLabel "c"@en , "c"@nl ;\n'
     '  skos:definition "Something."@en , "Iets."@nl , "Chose."@fr .', "0 skos:prefLabel in fr"),
    ('<http://xmlns.com/foaf/0.1/Agent> a owl:Class ; rdfs:label "agent"@en .', None),  # not minted
])
def test_the_check_catches_undocumented_terms(tmp_path, extra, expected):
    path = tmp_path / "toy.ttl"
    path.write_text(TOY + extra + "\n", encoding="utf-8")
    found = problems([path])
    if expected is None:
        assert found == []
    else:
        assert len(found) == 1 and expected in found[0], found

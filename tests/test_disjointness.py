"""Entries break no disjointness axiom: `validate` and `add` refuse an entity whose types fall
under one, with both engines, naming entity, classes and axiom in en, nl and fr; and
`validate --all` finds such an entity in a store."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from narcokg.add import add_entries
from narcokg.cli import main
from narcokg.validation import validate_all, validate_entries
from narcokg.validation.disjointness import CHECK, entry_problems

try:  # tests/ may or may not be a package
    from .test_add import registry, store  # noqa: F401  (fixtures)
    from .test_validate import EXAMPLES
except ImportError:
    from test_add import registry, store  # noqa: F401  (fixtures)
    from test_validate import EXAMPLES

ENTRY = EXAMPLES / "invalid" / "agency-igo-person.yaml"
NKG = "https://w3id.org/narcokg/ontology#"
ID = "https://w3id.org/narcokg/id/"
MESSAGES = {
    "en": "id:org/example-three-kinds is both nkg:Agency and nkg:Person; nkg:PublicBody and "
          "nkg:Person are disjoint (AllDisjointClasses(",
    "nl": "id:org/example-three-kinds is zowel nkg:Agency als nkg:Person; nkg:PublicBody en "
          "nkg:Person zijn disjunct (AllDisjointClasses(",
    "fr": "id:org/example-three-kinds est à la fois nkg:Agency et nkg:Person ; nkg:PublicBody "
          "et nkg:Person sont disjointes (AllDisjointClasses(",
}


def clashes(result) -> set[tuple[str, str]]:
    return {(p.focus, str(p.value)) for p in result.problems if p.component == CHECK}


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_both_engines_refuse_disjoint_types(store, registry, engine):
    result = validate_entries([ENTRY], store, registry=registry, engine=engine)
    assert not result.conforms
    entity = ID + "org/example-three-kinds"
    assert clashes(result) == {(entity, NKG + "PublicBody"), (entity, NKG + "Person")}


def test_without_a_store_too(tmp_path, registry):
    result = validate_entries([ENTRY], tmp_path / "none", registry=registry)
    assert not result.conforms and clashes(result)


@pytest.mark.parametrize("lang", ["en", "nl", "fr"])
def test_validate_says_it_in_three_languages(store, lang, capsys, tmp_path):
    entry = tmp_path / ENTRY.name  # the CLI reads data/sources: cite the source by its URL
    entry.write_text(ENTRY.read_text(encoding="utf-8").replace(
        "source: ex-doc", "source: https://example.org/doc"), encoding="utf-8")
    code = main(["validate", str(entry), "--store", str(store), "--lang", lang])
    out = capsys.readouterr().out
    assert code == 1
    assert MESSAGES[lang] in out


def test_add_refuses_and_writes_nothing(store, registry):
    before = set(ox.Store.read_only(str(store)))
    result, outcomes = add_entries([ENTRY], store, registry)
    assert not result.conforms and outcomes == []
    assert any(MESSAGES["en"] in p.message("en") for p in result.problems)
    assert set(ox.Store.read_only(str(store))) == before


def test_a_type_implied_by_a_domain_counts():
    """An entity used as the subject of a property whose domain is disjoint with its type."""
    s, p = ox.NamedNode(ID + "treaty/t"), ox.NamedNode(NKG + "hasEvent")
    triples = [ox.Triple(s, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                         ox.NamedNode(NKG + "Person")),
               ox.Triple(s, p, ox.NamedNode(ID + "treaty/t/event/e"))]
    problems = entry_problems({s.value}, triples)
    assert problems and all("rdfs:domain of nkg:hasEvent" in x.message("en") for x in problems)


def test_validate_all_finds_a_clash_in_the_store(store):
    db = ox.Store(str(store))
    db.add(ox.Quad(ox.NamedNode(ID + "org/clash"),
                   ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                   ox.NamedNode(NKG + "Treaty"),
                   ox.NamedNode("https://w3id.org/narcokg/graph/source/ex-doc")))
    db.add(ox.Quad(ox.NamedNode(ID + "org/clash"),
                   ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                   ox.NamedNode(NKG + "MemorandumOfUnderstanding"),
                   ox.NamedNode("https://w3id.org/narcokg/graph/source/ex-doc")))
    db.flush()
    del db
    result = validate_all(store)
    assert clashes(result) == {(ID + "org/clash", NKG + "MemorandumOfUnderstanding")}
    assert not result.conforms

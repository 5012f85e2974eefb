"""The full build: every source in its own named graph, provenance everywhere, the resolution
complete in nl and fr, facts only where a source saw them."""

import csv
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from narcokg.build import build
from narcokg.namespaces import GRAPH, GRAPH_META, GRAPH_ONTOLOGY

pytestmark = pytest.mark.slow
P = """PREFIX nkg: <https://w3id.org/narcokg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX id: <https://w3id.org/narcokg/id/>
"""
DOC = "https://w3id.org/narcokg/id/document/be-chamber-resolution-2026-01-21"
FACTS = Path(__file__).resolve().parents[2] / "shared" / "sources" / "facts.tsv"


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "store"
    summary = build(path)
    store = ox.Store.read_only(str(path))
    yield summary, store
    del store


def rows(store, query):
    return [tuple(x.value if x is not None else None for x in solution)
            for solution in store.query(P + query, use_default_graph_as_union=True)]


def ask(store, query):
    return bool(store.query(P + query, use_default_graph_as_union=True))


def test_one_named_graph_per_source_plus_ontology_and_meta(built):
    summary, _ = built
    graphs = set(summary.triples_per_graph)
    for g in (GRAPH_ONTOLOGY, GRAPH_META, GRAPH + "pycountry", GRAPH + "unlocode",
              GRAPH + "country-converter", GRAPH + "source/resolution-2026-01-21"):
        assert g in graphs
    assert sum(1 for g in graphs if g.startswith(GRAPH + "source/")) >= 20


def test_every_data_triple_sits_in_a_graph_whose_source_is_described(built):
    _, store = built
    undescribed = rows(store, f"""SELECT DISTINCT ?g WHERE {{
      GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{GRAPH_META}>)
      FILTER NOT EXISTS {{ GRAPH <{GRAPH_META}> {{ ?g dcterms:source ?doc }} }} }}""")
    assert undescribed == []


def test_every_subject_cites_its_document_in_its_graph(built):
    _, store = built
    missing = rows(store, f"""SELECT ?g ?s WHERE {{
      GRAPH ?g {{ ?s ?p ?o }} FILTER(?g NOT IN (<{GRAPH_META}>, <{GRAPH_ONTOLOGY}>))
      FILTER NOT EXISTS {{ GRAPH ?g {{ ?s dcterms:source ?d }} }} }} LIMIT 5""")
    assert missing == []


def test_resolution_has_eleven_considerations_in_nl_and_fr(built):
    _, store = built
    n = rows(store, f"""SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{
      <{DOC}> nkg:hasConsideration ?c . ?c nkg:text ?nl , ?fr .
      FILTER(lang(?nl) = "nl" && lang(?fr) = "fr") }}""")
    assert n == [("11",)]


def test_resolution_has_all_demands_and_sub_items_in_nl_and_fr(built):
    _, store = built
    found = {r[0] for r in rows(store, f"""SELECT ?n WHERE {{
      ?d a nkg:Demand ; skos:notation ?n ; nkg:text ?nl , ?fr .
      FILTER(STRSTARTS(STR(?d), "{DOC}/demand/"))
      FILTER(lang(?nl) = "nl" && lang(?fr) = "fr") }}""")}
    expected = {str(i) for i in range(1, 10)} | {"3.1", "3.2", "3.3", "5.1", "5.2", "5.3",
                                                 "5.4", "6.1", "6.2", "6.3", "9.1", "9.2",
                                                 "9.3", "9.4"}
    assert found == expected


def test_demand_5_3_text_in_both_languages(built):
    _, store = built
    texts = dict((lang, v) for v, lang in [
        (r[0], r[1]) for r in rows(store, f"""SELECT ?t (lang(?t) AS ?l) WHERE {{
          <{DOC}/demand/5.3> nkg:text ?t }}""")])
    assert "containercontroles" in texts["nl"]
    assert "conteneurs" in texts["fr"]


def test_belgium_is_belgie_in_dutch(built):
    _, store = built
    assert ask(store, 'ASK { <https://w3id.org/narcokg/id/state/BE> skos:prefLabel "België"@nl }')


def test_antwerp_is_a_port_in_belgium(built):
    _, store = built
    assert ask(store, """ASK { <https://w3id.org/narcokg/id/port/BEANR> a nkg:Port ;
        nkg:situatedIn <https://w3id.org/narcokg/id/state/BE> ; nkg:unlocode "BEANR" }""")


def test_belgian_ratification_of_1988_convention_with_its_source(built):
    _, store = built
    r = rows(store, """SELECT ?date ?src WHERE {
      GRAPH ?g { <https://w3id.org/narcokg/id/treaty/un-illicit-traffic-1988> nkg:hasEvent ?e .
      }
      GRAPH ?h { ?e nkg:participant <https://w3id.org/narcokg/id/state/BE> ;
          nkg:eventType <https://w3id.org/narcokg/vocab/event-type/ratification> ;
          nkg:date ?date ; dcterms:source ?src } }""")
    assert len(r) == 1
    assert r[0][0] == "1995-10-25"
    assert r[0][1].startswith("https://")


def _facts():
    if not FACTS.exists():
        pytest.skip("shared/sources/facts.tsv is not beside the checkout")
    with FACTS.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _url(cell: str) -> str:
    return cell.split()[0] if cell.startswith("http") else ""


def test_at_least_forty_records_cite_a_found_fact_source(built):
    _, store = built
    found_urls = {_url(r["source_url_or_reference"]) for r in _facts()
                  if r["confidence"] == "found"} - {""}
    cited = rows(store, """SELECT ?s ?src WHERE {
      GRAPH ?g { ?s dcterms:source ?src } FILTER(STRSTARTS(STR(?g),
      "https://w3id.org/narcokg/graph/source/")) }""")
    records = {s for s, src in cited if src in found_urls}
    assert len(records) >= 40, len(records)


def test_no_recalled_date_is_asserted(built):
    _, store = built
    facts = _facts()
    dates = lambda rs: {d for r in rs for d in re.findall(r"\d{4}-\d{2}-\d{2}",  # noqa: E731
                                                          r["date_if_any"])}
    recalled_only = (dates(r for r in facts if r["confidence"] == "recalled")
                     - dates(r for r in facts if r["confidence"] == "found")
                     - {"2026-01-21"})  # the resolution's own date, from the resolution
    assert recalled_only, "expected some recalled-only dates to check"
    for d in sorted(recalled_only):
        assert not ask(store, f"""ASK {{ GRAPH ?g {{ ?s ?p ?o }}
          FILTER(STRSTARTS(STR(?g), "https://w3id.org/narcokg/graph/source/"))
          FILTER(STR(?o) = "{d}") }}"""), f"recalled date {d} is asserted"


def test_recalled_specifics_are_absent(built):
    _, store = built
    assert not ask(store, 'ASK { ?s ?p ?o FILTER(CONTAINS(STR(?o), "2023/1322")) }')
    assert not ask(store, """ASK { <https://w3id.org/narcokg/id/treaty/un-single-convention-1961>
                             nkg:depositary ?d }""")
    assert not ask(store, f"ASK {{ <{DOC}> nkg:documentNumber ?n }}")


def test_rebuild_is_idempotent(built, tmp_path):
    summary, _ = built
    again = build(tmp_path / "s2")
    assert again.triples_per_graph == summary.triples_per_graph


def test_the_curated_data_conforms_to_the_shapes(built):
    from narcokg.validation import validate_all

    summary, _ = built
    result = validate_all(summary.store)
    violations = [p for p in result.problems if p.severity == "Violation"]
    assert result.conforms, violations[:5]

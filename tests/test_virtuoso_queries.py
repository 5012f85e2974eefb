"""The competency queries and the tracker give the same answers on the embedded Oxigraph
store and on a real Virtuoso 7 (tests/virtuoso_server.py) holding the same data, loaded the
way a publisher loads it: ``narcokg push`` over the Graph Store Protocol, answering
Virtuoso's Digest challenge. Nothing here pins a count: each engine's answer is compared
with the other's, on the query fixture and (slow) on the full build.

Rows are compared as multisets after normalising only the term forms two correct engines
may write differently for the same term or value: the lexical form of a number or boolean
("01"^^xsd:integer and "1"^^xsd:integer; "1"^^xsd:boolean and "true"^^xsd:boolean), the
case of a language tag, and a blank node's label. Everything else is strict: an integer is
not a boolean, a typed literal is not a plain one, a missing or extra row is a failure."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
import pytest
from servers import store_from_trig  # tests/servers.py
from virtuoso_server import APT_LINE, virtuoso_binary, virtuoso_server

from narcokg import query as Q
from narcokg.errors import EndpointError, InputError
from narcokg.push import push
from narcokg.report import collect, render_html, render_markdown
from narcokg.store import open_store

FIXTURE = Path(__file__).parent / "fixtures" / "queries-fixture.trig"
XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                              "positiveInteger", "negativeInteger", "nonPositiveInteger",
                              "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
IDS = [q.id for q in Q.list_queries()]


def normal(term):
    """A term in a form that is the same for equal terms whatever the engine wrote."""
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return ("bnode",)
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    datatype, value = term.datatype.value, term.value
    if term.language:
        return ("lang", value, term.language.lower())
    try:
        if datatype in INTEGERS:
            return ("literal", datatype, int(value))
        if datatype == XSD + "decimal":
            return ("literal", datatype, Decimal(value).normalize())
        if datatype in (XSD + "double", XSD + "float"):
            return ("literal", datatype, float(value))
        if datatype == XSD + "boolean" and value in ("true", "false", "1", "0"):
            return ("literal", datatype, value in ("true", "1"))
    except (ValueError, InvalidOperation):
        pass
    return ("literal", datatype, value)


def answer(result) -> Counter:
    return Counter(tuple(normal(t) for t in row) for row in result.rows)


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    """(embedded store path, Virtuoso SPARQL URL) holding the query fixture."""
    if virtuoso_binary() is None:
        pytest.skip(f"virtuoso-t is not installed ({APT_LINE})")
    path = store_from_trig(tmp_path_factory.mktemp("vq") / "store", FIXTURE)
    with virtuoso_server() as server:
        push(graph_store=server.graph_store_auth, store=path, user=server.user,
             password=server.password)
        yield path, server.sparql


def assert_same(qid: str, store, endpoint: str, params=None) -> int:
    local = Q.run_query(qid, params or {}, store=store)
    remote = Q.run_query(qid, params or {}, endpoint=endpoint, timeout=60)
    assert remote.columns == local.columns, qid
    mine, theirs = answer(local), answer(remote)
    assert theirs == mine, (f"{qid}: only on Oxigraph {list((mine - theirs).elements())[:3]}; "
                            f"only on Virtuoso {list((theirs - mine).elements())[:3]}")
    return len(local)


@pytest.mark.parametrize("qid", IDS)
def test_query_answers_the_same_on_virtuoso(engines, qid):
    path, endpoint = engines
    with open_store(path) as db:
        assert_same(qid, db, endpoint)


def test_the_fixture_answers_are_not_all_empty(engines):
    path, endpoint = engines
    with open_store(path) as db:
        assert sum(assert_same(q, db, endpoint) > 0 for q in IDS) >= len(IDS) // 2


def tracker(lang: str, **where) -> list[str]:
    """The tracker as a reader gets it: its Markdown and its HTML (from one collect)."""
    report = collect(lang, timeout=60, **where)
    return [render_markdown(report), render_html(report)]


@pytest.mark.parametrize("lang", ["en", "nl", "fr"])
def test_tracker_is_the_same_on_virtuoso(engines, lang):
    path, endpoint = engines
    assert tracker(lang, endpoint=endpoint) == tracker(lang, store_path=path)


def test_ad_hoc_ask_and_describe_answer_the_same_on_virtuoso(engines):
    path, endpoint = engines
    state = "<https://w3id.org/narcokg/id/state/BE>"
    for text in (f"ASK {{ {state} ?p ?o }}", "ASK { ?s nkg:noSuchProperty ?o }"):
        local = Q.run_query(text, store=path)
        assert Q.run_query(text, endpoint=endpoint, timeout=30).value is local.value, text
    query = f"CONSTRUCT {{ {state} ?p ?o }} WHERE {{ {state} ?p ?o }}"
    local = Q.run_query(query, store=path)
    remote = Q.run_query(query, endpoint=endpoint, timeout=30)
    assert len(local) > 0
    assert Counter(tuple(map(normal, t)) for t in remote) == Counter(
        tuple(map(normal, t)) for t in local)


def test_an_unknown_parameter_iri_is_named_on_virtuoso_as_on_the_store(engines):
    path, endpoint = engines
    params = {"partner": "state:ZZ"}
    with pytest.raises(InputError) as local:
        Q.run_query("latam-states-without-clause-type", params, store=path)
    with pytest.raises(InputError) as remote:
        Q.run_query("latam-states-without-clause-type", params, endpoint=endpoint, timeout=30)
    assert str(remote.value) == str(local.value).replace("the store", "the endpoint")


def test_an_answer_virtuoso_cut_is_refused_not_taken_as_whole():
    if virtuoso_binary() is None:
        pytest.skip(f"virtuoso-t is not installed ({APT_LINE})")
    with virtuoso_server(max_rows=3) as server:  # its own system graphs have more triples
        with pytest.raises(EndpointError, match="cut its answer at 3 rows") as info:
            Q.run_query("SELECT ?s WHERE { ?s ?p ?o }", endpoint=server.sparql, timeout=30)
        assert "ResultSetMaxRows" in str(info.value) and "\n" not in str(info.value)
        assert len(Q.run_query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 2",
                               endpoint=server.sparql, timeout=30)) == 2


# ---------------------------------------------------------------- the full curated build

@pytest.fixture(scope="module")
def full_engines(tmp_path_factory):
    from narcokg.build import build
    from narcokg.errors import NarcokgError

    if virtuoso_binary() is None:
        pytest.skip(f"virtuoso-t is not installed ({APT_LINE})")
    path = tmp_path_factory.mktemp("vfull") / "store"
    try:
        build(store=path)
    except (NarcokgError, ImportError, FileNotFoundError) as exc:
        pytest.skip(f"the full build fails (curated data missing?): {exc}")
    with virtuoso_server() as server:
        push(graph_store=server.graph_store_auth, store=path, user=server.user,
             password=server.password)
        yield path, server.sparql


@pytest.mark.slow
def test_full_build_answers_the_same_on_virtuoso(full_engines):
    path, endpoint = full_engines
    failures = []
    with open_store(path) as db:
        for qid in IDS:
            try:
                assert_same(qid, db, endpoint)
            except AssertionError as exc:
                failures.append(str(exc)[:600])
    assert not failures, "\n".join(failures)
    for lang in ("en", "nl", "fr"):
        assert tracker(lang, endpoint=endpoint) == tracker(lang, store_path=path), lang


@pytest.mark.slow
@pytest.mark.parametrize("params", [{}, {"includeTerritories": "true"},
                                    {"clauseType": "clause-type:extradition"},
                                    {"partner": "state:BR"}, {"lang": "nl"}])
def test_full_build_latam_states_without_clause_type_agrees(full_engines, params):
    """The query Virtuoso once answered with no row on the full build (no in-force treaty
    has an aml-cooperation clause): the default and other parameters agree."""
    path, endpoint = full_engines
    with open_store(path) as db:
        assert assert_same("latam-states-without-clause-type", db, endpoint, params) > 0


# Why latam-states-without-clause-type finds the region's states in a DISTINCT sub-select
# and not with the path `skos:broader?` in the outer pattern: the path form, cut down to
# what still goes wrong, answered with no row on Virtuoso 07.20.3229 over the full build (no
# in-force treaty has an aml-cooperation clause, so every Latin-American sovereign state is
# an answer). Its plan scans the states by class, tests the NOT EXISTS (or MINUS) and runs
# the path last. Without the sequence path or without the UNION inside the NOT EXISTS it
# answers right, and so it does with the path in a DISTINCT sub-select (run first) or the
# region written as a UNION (5x slower on Oxigraph). The wrong answer depends on the plan:
# a tiny graph in a fresh server comes out right, hence the full build.
REGION_PATH = """?subRegion skos:broader? region:latin-america-and-the-caribbean .
  ?state nkg:inRegion ?subRegion ."""
REGION_SUBSELECT = "{ SELECT DISTINCT ?state WHERE { " + REGION_PATH + " } }"
REPRO = """PREFIX nkg: <https://w3id.org/narcokg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX region: <https://w3id.org/narcokg/vocab/region/>
PREFIX status: <https://w3id.org/narcokg/vocab/instrument-status/>
PREFIX ct: <https://w3id.org/narcokg/vocab/clause-type/>
SELECT ?state WHERE {
  REGION
  ?state a nkg:SovereignState .
  FILTER NOT EXISTS {
    ?treaty nkg:hasStatus/nkg:status status:in-force ; nkg:party ?state ; nkg:hasClause ?c .
    { ?c nkg:clauseType ct:aml-cooperation }
    UNION { ?c nkg:clauseType/skos:broader ct:aml-cooperation }
  }
}"""


@pytest.mark.slow
def test_virtuoso_loses_every_row_of_the_region_path_form_on_the_full_build(full_engines):
    """Pins the Virtuoso bug the query avoids. If this fails because Virtuoso now answers
    the path form right, the bug is fixed in that version (say so in deploy/README.md)."""
    path, endpoint = full_engines
    with open_store(path) as db:
        right = Q.run_query(REPRO.replace("REGION", REGION_PATH), db=db)
        sub = Q.run_query(REPRO.replace("REGION", REGION_SUBSELECT), db=db)
    assert len(right) > 0 and answer(sub) == answer(right)
    wrong = Q.run_query(REPRO.replace("REGION", REGION_PATH), endpoint=endpoint, timeout=60)
    assert len(wrong) == 0, "Virtuoso answered the region-path form right"
    fixed = Q.run_query(REPRO.replace("REGION", REGION_SUBSELECT), endpoint=endpoint, timeout=60)
    assert answer(fixed) == answer(right)

"""Paging (issue 19): ``--limit``/``--offset`` written into a SELECT's own solution modifiers;
the pages of a listing, put together, are the whole answer, on the store and on an endpoint;
the listings that grow with the graph say ``# paged: yes``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from narcokg import KnowledgeGraph
from narcokg.cli import main
from narcokg.errors import InputError
from narcokg.query import list_queries, run_query
from narcokg.query_paging import page_text

sys.path.insert(0, str(Path(__file__).parent))
from servers import oxigraph_cli, oxigraph_server, store_from_trig  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"

# (query, limit, offset, the paged text with whitespace collapsed)
CASES = [
    ("SELECT ?s { ?s ?p ?o } ORDER BY ?s", 10, 5,
     "SELECT ?s { ?s ?p ?o } ORDER BY ?s LIMIT 10 OFFSET 5"),
    ("SELECT ?s { ?s ?p ?o }", None, 3, "SELECT ?s { ?s ?p ?o } OFFSET 3"),
    ("SELECT ?s { ?s ?p ?o } LIMIT 100 OFFSET 10", 10, 95,
     "SELECT ?s { ?s ?p ?o } LIMIT 5 OFFSET 105"),
    ("SELECT ?s { ?s ?p ?o } LIMIT 100", 500, 0, "SELECT ?s { ?s ?p ?o } LIMIT 100"),
    ("SELECT ?s { ?s ?p ?o } LIMIT 100", 5, 200, "SELECT ?s { ?s ?p ?o } LIMIT 0 OFFSET 200"),
    # a sub-select's LIMIT and a LIMIT in a string are not the query's
    ('SELECT ?s { ?s ?p "LIMIT 3" { SELECT ?s { ?s ?p ?o } LIMIT 4 } }', 2, 0,
     'SELECT ?s { ?s ?p "LIMIT 3" { SELECT ?s { ?s ?p ?o } LIMIT 4 } } LIMIT 2'),
    # a trailing VALUES block stays last; a trailing comment stays a comment
    ("SELECT ?s { ?s ?p ?o } ORDER BY ?s VALUES ?s { <x:a> }", 1, 1,
     "SELECT ?s { ?s ?p ?o } ORDER BY ?s LIMIT 1 OFFSET 1 VALUES ?s { <x:a> }"),
    ("SELECT ?s { ?s ?p ?o } # LIMIT 9\n", 1, 0, "SELECT ?s { ?s ?p ?o } LIMIT 1 # LIMIT 9"),
    ("PREFIX ex: <https://example.org/>\nSELECT * WHERE { ?s ex:p ?o }", 7, None,
     "PREFIX ex: <https://example.org/> SELECT * WHERE { ?s ex:p ?o } LIMIT 7"),
    # a sub-select marked #@page takes the page, before its values are looked up
    ("SELECT ?s ?o { { SELECT ?s { ?s a ?c } ORDER BY ?s #@page\n } ?s ?p ?o } ORDER BY ?s",
     10, 5, "SELECT ?s ?o { { SELECT ?s { ?s a ?c } ORDER BY ?s LIMIT 10 OFFSET 5 #@page } "
     "?s ?p ?o } ORDER BY ?s"),
    ("SELECT ?s { { SELECT ?s { ?s a ?c } ORDER BY ?s #@page: the keys\n } }", None, 2,
     "SELECT ?s { { SELECT ?s { ?s a ?c } ORDER BY ?s OFFSET 2 #@page: the keys } }"),
    ('SELECT ?s { ?s ?p "#@page" } ORDER BY ?s', 1, 0,
     'SELECT ?s { ?s ?p "#@page" } ORDER BY ?s LIMIT 1'),
]


def test_two_page_marks_are_refused():
    text = "SELECT ?s { { SELECT ?s { ?s a ?c } #@page\n } { SELECT ?s { ?s ?p ?o } #@page\n } }"
    with pytest.raises(InputError, match="at most one"):
        page_text(text, 1, 0)


@pytest.mark.parametrize(("text", "limit", "offset", "expected"), CASES)
def test_page_text(text, limit, offset, expected):
    assert " ".join(page_text(text, limit, offset).split()) == expected


@pytest.mark.parametrize("text", ["CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                                  "ASK { ?s ?p ?o }", "DESCRIBE <x:a>"])
def test_only_select_is_paged(text):
    with pytest.raises(InputError, match="SELECT queries only"):
        page_text(text, 1, 0)
    assert page_text(text) == text  # no page asked: untouched


@pytest.mark.parametrize(("limit", "offset"), [(-1, 0), (1, -5)])
def test_a_negative_page_is_refused(limit, offset):
    with pytest.raises(InputError, match="whole number"):
        page_text("SELECT * { ?s ?p ?o }", limit, offset)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return store_from_trig(tmp_path_factory.mktemp("paging") / "store",
                           FIXTURES / "queries-fixture.trig")


def paged_queries():
    return [q for q in list_queries() if q.paged]


def test_the_growing_listings_say_paged():
    assert paged_queries(), "no query header says `# paged: yes`"


def _pages(run, total: int, size: int) -> list:
    rows = []
    for offset in range(0, total + size, size):
        rows += run(size, offset).rows
    return rows


@pytest.mark.parametrize("qdef", paged_queries(), ids=lambda q: q.id)
def test_pages_put_together_are_the_answer(store, qdef):
    whole = run_query(qdef, store=store).rows
    pages = _pages(lambda n, m: run_query(qdef, store=store, limit=n, offset=m), len(whole), 2)
    assert pages == whole
    assert run_query(qdef, store=store, limit=0).rows == []


def test_knowledge_graph_pages_ad_hoc_and_by_id(store):
    kg = KnowledgeGraph(store=store)
    qid = paged_queries()[0].id
    whole = kg.query(qid).rows
    assert kg.query(qid, limit=1, offset=1).rows == whole[1:2]
    text = "SELECT ?s WHERE { ?s a ?c } ORDER BY ?s"
    assert kg.query(text, limit=3, offset=2).rows == kg.query(text).rows[2:5]


def test_the_endpoint_gets_the_same_page(store):
    if oxigraph_cli() is None:
        pytest.skip("the oxigraph CLI is not installed")
    qdef = paged_queries()[0]
    local = run_query(qdef, store=store, limit=2, offset=1)
    with oxigraph_server(FIXTURES / "queries-fixture.trig") as url:
        remote = run_query(qdef, endpoint=url, limit=2, offset=1, timeout=20)
    assert remote.rows == local.rows


def test_cli_limit_offset(store, capsys):
    qid = paged_queries()[0].id
    assert main(["query", qid, "--store", str(store), "--format", "tsv", "--limit", "1"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) <= 2  # the header and at most one row
    assert main(["query", qid, "--store", str(store), "--limit", "-3"]) == 2
    assert "whole number" in capsys.readouterr().err


def test_queries_lists_which_listings_page(capsys):
    assert main(["queries"]) == 0
    out = capsys.readouterr().out
    assert out.count("paged: a listing that grows with the graph") == len(paged_queries())


def test_the_aggregates_over_the_graph_say_bounded_no():
    """``# bounded: no — why`` is read into QueryDef.bounded (the benchmark and the load test
    read it from there); every other query is bounded."""
    unbounded = {q.id for q in list_queries() if not q.bounded}
    assert unbounded == {q.id for q in list_queries() if "\n# bounded: no" in "\n" + q.text}
    assert unbounded

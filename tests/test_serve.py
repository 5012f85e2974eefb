"""narcokg serve: a real server on a free loopback port, asked over HTTP like a client
would: SPARQL (SPARQLWrapper), resource pages with content negotiation, and the limits
(no UPDATE, no SERVICE, a result cap, a timeout)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from servers import free_port  # tests/servers.py
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

from narcokg.namespaces import ID
from narcokg.serving.formats import negotiate
from narcokg.serving.guard import Refused, check_query
from narcokg.store import open_store

FIXTURE = Path(__file__).parent / "fixtures" / "publish-fixture.trig"
NKG = "https://w3id.org/narcokg/ontology#"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"



@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve")
    store = root / "store"
    db = ox.Store(str(store))
    db.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    db.flush()
    del db
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "narcokg.cli", "serve", "--store", str(store),
                             "--port", str(port), "--timeout", "1", "--max-results", "5"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{base}/", timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"serve did not start: {proc.communicate()[1]}") from None
            time.sleep(0.1)
    yield base, store
    proc.send_signal(signal.SIGTERM)
    proc.wait(20)
    assert not list(root.glob("store.serve-*")), "the snapshot is removed on exit"


def get(url: str, accept: str | None = None, data: bytes | None = None,
        content_type: str | None = None):
    headers = {"Accept": accept} if accept else {}
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=20) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def local(store: Path, query: str):
    with open_store(store) as db:
        return db.query(query, use_default_graph_as_union=True)


def test_select_json_with_sparqlwrapper(server):
    base, store = server
    query = (f"SELECT ?s ?l WHERE {{ ?s a <{NKG}State> ; rdfs:label ?l "
             "FILTER(lang(?l) = 'en') }")
    query = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " + query
    sparql = SPARQLWrapper(f"{base}/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(JSON)
    got = {(b["s"]["value"], b["l"]["value"], b["l"]["xml:lang"])
           for b in sparql.query().convert()["results"]["bindings"]}
    with open_store(store) as db:
        want = {(r["s"].value, r["l"].value, r["l"].language)
                for r in db.query(query, use_default_graph_as_union=True)}
    assert got == want and len(got) == 3  # within the cap of 5


def test_construct_turtle_with_sparqlwrapper(server):
    base, store = server
    query = f"CONSTRUCT {{ ?s <{NKG}situatedIn> ?c }} WHERE {{ ?s <{NKG}situatedIn> ?c }}"
    sparql = SPARQLWrapper(f"{base}/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(TURTLE)
    body = sparql.query().convert()
    got = {ox.Triple(q.subject, q.predicate, q.object)
           for q in ox.parse(body, format=ox.RdfFormat.TURTLE)}
    with open_store(store) as db:
        want = set(db.query(query, use_default_graph_as_union=True))
    assert got == want and len(got) == 3


def test_other_result_formats(server):
    base, _ = server
    q = urllib.parse.quote(f"SELECT ?s WHERE {{ ?s a <{NKG}Port> }} ORDER BY ?s")
    status, headers, body = get(f"{base}/sparql?query={q}", "text/csv")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert body.decode().splitlines()[1] == ID + "port/BEANR"
    status, _, body = get(f"{base}/sparql?query={q}", "application/sparql-results+xml")
    assert status == 200 and b"<sparql" in body
    status, _, body = get(f"{base}/sparql", "text/tab-separated-values",
                          f"query={q}".encode(), "application/x-www-form-urlencoded")
    assert status == 200 and body.decode().splitlines()[1] == f"<{ID}port/BEANR>"
    status, headers, body = get(f"{base}/sparql", "application/ld+json",
                                f"DESCRIBE <{ID}state/BE>".encode(), "application/sparql-query")
    assert status == 200 and headers["content-type"].startswith("application/ld+json")
    assert len(list(ox.parse(body, format=ox.RdfFormat.JSON_LD))) == 5  # capped


def test_resource_pages_are_negotiated(server):
    base, store = server
    status, headers, body = get(f"{base}/id/state/BE", "text/turtle")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert "Accept" in headers["vary"]
    triples = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
    with open_store(store) as db:
        want = {(q.subject, q.predicate, q.object)
                for q in db.quads_for_pattern(ox.NamedNode(ID + "state/BE"), None, None, None)}
    assert {(t.subject, t.predicate, t.object) for t in triples} == want
    status, headers, body = get(f"{base}/id/state/BE",
                                "text/html,application/xhtml+xml,*/*;q=0.8")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "Belgium" in body.decode() and "België" in body.decode()
    status, _, body = get(f"{base}/id/state/BE", "application/ld+json")
    assert len(rdflib.Graph().parse(data=body, format="json-ld")) == len(want)
    status, _, body = get(f"{base}/id/port/BEANR.html", "text/turtle")  # suffix wins
    assert status == 200 and 'href="../state/BE"' in body.decode()
    status, _, body = get(f"{base}/id/treaty/un-illicit-traffic-1988/participation/"
                          "BE-ratification", "text/html")
    assert status == 200 and 'href="../../../state/BE"' in body.decode()
    assert get(f"{base}/id/state/XX", "text/html")[0] == 404


def test_update_is_refused(server):
    base, _ = server
    update = b"update=" + urllib.parse.quote(
        "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }").encode()
    assert get(f"{base}/sparql", None, update, "application/x-www-form-urlencoded")[0] == 403
    status, _, body = get(f"{base}/sparql", None, b"DELETE WHERE { ?s ?p ?o }",
                          "application/sparql-update")
    assert status == 403 and b"read-only" in body
    status, _, body = get(f"{base}/sparql", None, b"CLEAR ALL", "application/sparql-query")
    assert status == 403


def test_service_to_a_host_not_allowed_is_refused(server):
    base, _ = server
    query = ("PREFIX ex: <http://evil.example/> SELECT * WHERE { ?s ?p ?o "
             "OPTIONAL { SERVICE SILENT ex:sparql { ?s ?q ?r } } }")
    status, _, body = get(f"{base}/sparql?query={urllib.parse.quote(query)}")
    assert status == 403 and b"http://evil.example/sparql" in body
    assert b"no outbound calls" in body


def test_result_cap(server):
    base, _ = server
    q = urllib.parse.quote("SELECT * WHERE { ?s ?p ?o }")
    status, headers, body = get(f"{base}/sparql?query={q}", "text/tab-separated-values")
    assert status == 200 and headers["x-narcokg-truncated"] == "max-results=5"
    assert len(body.decode().splitlines()) == 1 + 5


def test_slow_query_times_out_clearly(server):
    base, _ = server
    started = time.monotonic()
    status, _, body = get(f"{base}/sparql?query={urllib.parse.quote(SLOW)}")
    assert status == 504 and b"timed out after 1 s" in body
    assert time.monotonic() - started < 10
    q = urllib.parse.quote("ASK { ?s ?p ?o }")  # and the endpoint still answers
    assert b"true" in get(f"{base}/sparql?query={q}")[2]


def test_the_store_stays_writable_while_serving(server):
    _, store = server
    with open_store(store, write=True) as db:  # serve holds no lock: it serves a snapshot
        assert len(db) > 0


def test_check_query_unit():
    assert check_query("SELECT * { ?s ?p ?o }") is None
    assert check_query('SELECT * { ?s ?p "service" } # SERVICE') is None  # a string, a comment
    for bad in ("SELECT * { SERVICE ?x { ?s ?p ?o } }",
                "ASK { FILTER EXISTS { SERVICE <http://h/> { ?s ?p ?o } } }",
                "SELECT * { { SELECT * { SERVICE <https://query.wikidata.org/> {} } } }",
                "PREFIX a: <x:> CLEAR ALL", "LOAD <http://h/>"):
        with pytest.raises(Refused) as info:
            check_query(bad)
        assert info.value.status == 403
    with pytest.raises(Refused) as info:
        check_query("SELECT " + "?x " * 50_000 + "{}")
    assert info.value.status == 413


def test_negotiate_unit():
    offered = {"text/html": 1, "text/turtle": 1, "application/ld+json": 1}
    assert negotiate("text/turtle;q=0.9, application/ld+json", offered, "text/html") \
        == "application/ld+json"
    assert negotiate("*/*", offered, "text/html") == "text/html"
    assert negotiate("text/*", offered, "text/html") == "text/html"
    assert negotiate("image/png", offered, "text/html") == "text/html"
    assert os.environ.get("NARCOKG_STORE") is None


def test_concurrent_queries_all_succeed(server):
    """8 clients at once with distinct queries all get answers (the check holds no lock;
    queries wait for a free engine)."""
    from concurrent.futures import ThreadPoolExecutor

    base, _ = server

    def ask(i: int) -> int:
        query = f"SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {i + 1}"
        url = f"{base}/sparql?" + urllib.parse.urlencode({"query": query})
        return get(url, accept="application/sparql-results+json")[0]

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(ask, range(40)))
    assert statuses == [200] * 40


def test_allow_service_is_gone_with_one_line(capsys):
    from narcokg.cli import main

    assert main(["serve", "--allow-service", "https://query.wikidata.org/"]) == 2
    err = capsys.readouterr().err
    assert "--allow-service was removed" in err and "Traceback" not in err

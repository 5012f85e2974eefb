"""narcokg push: the fixture store goes to a real Oxigraph server through the Graph Store
Protocol and comes back the same, graph by graph; failures say what was and was not sent."""

from __future__ import annotations

import http.server
import os
import threading
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest
from servers import free_port, oxigraph_server, store_from_trig  # tests/servers.py
from SPARQLWrapper import JSON, SPARQLWrapper

from narcokg.cli import main
from narcokg.errors import EndpointError
from narcokg.push import auth_header, graph_store_url, push

FIXTURE = Path(__file__).parent / "fixtures" / "publish-fixture.trig"


def load_fixture(path: Path) -> Path:
    return store_from_trig(path, FIXTURE)



def canonical(quads) -> set:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


@contextmanager
def empty_oxigraph_server(tmp_path: Path):
    """A writable Oxigraph server with an empty store (tests/servers.py); yields its base URL."""
    empty = tmp_path / "empty.nq"
    empty.write_text("")
    with oxigraph_server(empty, union_default_graph=False) as query_url:
        yield query_url.removesuffix("/query")


@pytest.fixture
def fixture_store(tmp_path) -> Path:
    return load_fixture(tmp_path / "store")


def server_graph(base: str, graph: str) -> list[ox.Quad]:
    request = urllib.request.Request(f"{base}/store?graph={urllib.parse.quote(graph, safe='')}",
                                     headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
    g = ox.NamedNode(graph)
    return [ox.Quad(t.subject, t.predicate, t.object, g)
            for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]


QUERIES = [
    "SELECT ?s ?l WHERE { GRAPH ?g { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } }",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    """SELECT ?state ?date WHERE { GRAPH ?g {
         ?rec a <https://w3id.org/narcokg/ontology#ParticipationRecord> ;
              <https://w3id.org/narcokg/ontology#participant> ?state ;
              <https://w3id.org/narcokg/ontology#date> ?date } }""",
]


def local_rows(db: ox.Store, query: str) -> set:
    rows = db.query(query)
    names = [v.value for v in rows.variables]
    return {tuple((n, "_:" if isinstance(r[n], ox.BlankNode) else str(r[n])) for n in names)
            for r in rows}  # blank node labels differ between stores


def remote_rows(base: str, query: str) -> set:
    sparql = SPARQLWrapper(f"{base}/query")
    sparql.setQuery(query)
    sparql.setReturnFormat(JSON)
    result = sparql.query().convert()
    names = result["head"]["vars"]
    out = set()
    for b in result["results"]["bindings"]:
        row = []
        for n in names:
            v = b[n]
            if v["type"] == "uri":
                row.append((n, f"<{v['value']}>"))
            elif v["type"] == "bnode":
                row.append((n, "_:"))
            else:
                lit = ox.Literal(v["value"], language=v["xml:lang"]) if "xml:lang" in v else \
                    ox.Literal(v["value"], datatype=ox.NamedNode(v.get(
                        "datatype", "http://www.w3.org/2001/XMLSchema#string")))
                row.append((n, str(lit)))
        out.add(tuple(row))
    return out


def test_round_trip_through_oxigraph(fixture_store, tmp_path):
    with empty_oxigraph_server(tmp_path) as base:
        summary = push(base, store=fixture_store)
        again = push(base + "/query", store=fixture_store)  # PUT replaces: no duplicates
        assert again.uploaded == summary.uploaded
        with _read_only(fixture_store) as db:
            graphs = sorted(g.value for g in db.named_graphs())
            assert sorted(summary.uploaded) == graphs
            for graph in graphs:
                local = list(db.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
                assert summary.uploaded[graph] == len(local)
                assert canonical(server_graph(base, graph)) == canonical(local), graph
            for query in QUERIES:
                assert remote_rows(base, query) == local_rows(db, query), query


@contextmanager
def _read_only(path: Path):
    db = ox.Store.read_only(str(path))
    try:
        yield db
    finally:
        del db


def test_unreachable_endpoint_names_what_was_not_uploaded(fixture_store):
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(EndpointError) as info:
        push(url, store=fixture_store, retries=1, timeout=2)
    message = str(info.value)
    assert "after 2 attempts" in message and "uploaded 0 of 6 graphs" in message
    assert "not uploaded: https://w3id.org/narcokg/graph/meta" in message


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: list = []
    status = 204

    def do_PUT(self):  # noqa: N802 (http.server's naming)
        self.rfile.read(int(self.headers["Content-Length"]))
        type(self).seen.append((self.path, dict(self.headers)))
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args):
        pass


@contextmanager
def recorder(status: int):
    _Recorder.seen, _Recorder.status = [], status
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.seen
    finally:
        server.shutdown()
        server.server_close()


def test_token_and_basic_auth_are_sent(fixture_store):
    with recorder(204) as (base, seen):
        push(graph_store=base + "/ds/data", store=fixture_store, token="s3cret")
    assert len(seen) == 6
    path, headers = seen[0]
    assert path.startswith("/ds/data?graph=https%3A%2F%2Fw3id.org%2Fnarcokg%2Fgraph%2F")
    assert headers["Authorization"] == "Bearer s3cret"
    assert auth_header("u", "p", "t") == {"Authorization": "Basic dTpw"}


def test_a_refusal_is_not_retried_and_stops_the_push(fixture_store):
    with recorder(401) as (base, seen):
        with pytest.raises(EndpointError, match="HTTP 401"):
            push(graph_store=base + "/store", store=fixture_store, retries=3)
    assert len(seen) == 1


def test_graph_store_url_for_oxigraph():
    assert graph_store_url("http://h:7878") == "http://h:7878/store"
    assert graph_store_url("http://h:7878/query") == "http://h:7878/store"
    with pytest.raises(EndpointError):
        graph_store_url("ftp://h/")


def test_cli_push_reports_and_fails_in_one_line(fixture_store, tmp_path, capsys, monkeypatch):
    with empty_oxigraph_server(tmp_path) as base:
        assert main(["push", "--endpoint", base, "--store", str(fixture_store)]) == 0
    assert "pushed 6 graphs" in capsys.readouterr().out
    monkeypatch.setenv("NARCOKG_ENDPOINT_TOKEN", "x")
    code = main(["push", "--endpoint", f"http://127.0.0.1:{free_port()}", "--store",
                 str(fixture_store), "--retries", "0", "--timeout", "2"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("narcokg: error: ") and err.count("\n") == 1
    assert os.environ["NARCOKG_ENDPOINT_TOKEN"] == "x"

"""No query makes the endpoint call out (issue 13): a listener on 127.0.0.1 stands for an
internal service; every spelling of SERVICE we know is sent through the front, and straight
to an engine process (past the front's check), and the listener sees no connection."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import urllib.parse

import pytest
from servers import store_from_trig
from serving import FIXTURE, Listener, ask_engine, http, narcokg_server  # tests/serving.py

TRICKS = [  # {url} is the listener's URL, {host} its host:port
    "SELECT ?a WHERE {{ #\r SERVICE <{url}> {{ ?a ?b ?c }} }}",  # a comment ended by \r
    "SELECT ?a WHERE {{ #\r\n SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "SELECT ?a WHERE {{ # \\u000a SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?a ?b ?c }} }}",  # SPARQL escapes
    "SELECT * WHERE {{ \\U00000053ERVICE <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ \\u0073\\u0065rvice <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ service <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ sErViCe silent <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ SERVICE#x\nSILENT#y\r<{url}>#z\n{{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ SERVICE\t\x0c<{url}>\x0b{{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ SERVICE <\\u0068ttp://{host}/x> {{ ?a ?b ?c }} }}",  # escaped IRI
    "SELECT * WHERE {{ SERVICE <http\\u003a//{host}/x> {{ ?a ?b ?c }} }}",
    "PREFIX ex: <http://{host}/> SELECT * WHERE {{ SERVICE ex:x {{ ?a ?b ?c }} }}",
    "BASE <http://{host}/> SELECT * WHERE {{ SERVICE <x> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE <{url}> {{ ?s ?q ?r }} }} }}",
    "ASK {{ FILTER EXISTS {{ SERVICE <{url}> {{ ?a ?b ?c }} }} }}",
    "SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?a ?b ?c }} }} }} }}",
    "SELECT * WHERE {{ ?s ?p ?o MINUS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "CONSTRUCT {{ ?a ?b ?c }} WHERE {{ SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "DESCRIBE ?a WHERE {{ SERVICE <{url}> {{ ?a ?b ?c }} }}",
    'SELECT * WHERE {{ ?s ?p "\\"" SERVICE <{url}> {{ ?a ?b ?c }} }}',  # string trickery
    "SELECT * WHERE {{ ?s ?p '''a'b''' SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ SERVICE <http://localhost:{port}/x> {{ ?a ?b ?c }} }}",
    "LOAD <{url}>",  # an update that would fetch
    "SELECT * FROM <{url}> WHERE {{ ?a ?b ?c }}",  # a dataset IRI is never fetched
]


@pytest.fixture(scope="module")
def listener():
    target = Listener()
    yield target
    target.close()


def spelled(trick: str, listener: Listener) -> str:
    host = f"127.0.0.1:{listener.port}"
    return trick.format(url=f"http://{host}/sparql", host=host, port=listener.port)


def test_the_listener_would_see_an_unconfined_engine(listener):
    """The control: pyoxigraph outside the sandbox does call the listener."""
    query = spelled("SELECT * WHERE {{ SERVICE <{url}> {{ ?a ?b ?c }} }}", listener)
    before = len(listener.hits)
    subprocess.run([sys.executable, "-c", "import pyoxigraph, sys\n"
                    "list(pyoxigraph.Store().query(sys.argv[1]))", query],
                   capture_output=True, timeout=30)
    assert len(listener.hits) == before + 1 and b"POST /sparql" in listener.hits[-1]
    listener.hits.clear()


def test_no_query_through_the_front_reaches_the_listener(tmp_path_factory, listener):
    with narcokg_server(tmp_path_factory.mktemp("ssrf")) as (base, _proc):
        for trick in TRICKS:
            query = spelled(trick, listener)
            for data, ctype, url in (
                    (None, None, f"{base}/sparql?query={urllib.parse.quote(query)}"),
                    (query.encode(), "application/sparql-query", f"{base}/sparql"),
                    (urllib.parse.urlencode({"query": query}).encode(),
                     "application/x-www-form-urlencoded", f"{base}/sparql")):
                status, _, body = http(url, data, ctype)
                if "FROM <" in trick:
                    assert status == 200, body
                else:
                    assert status in (400, 403), (trick, status, body)
        assert http(f"{base}/sparql?query=ASK%7B%7D")[0] == 200  # still up
    assert listener.hits == []


def test_an_engine_cannot_call_out_even_past_the_front(tmp_path, listener):
    store = store_from_trig(tmp_path / "store", FIXTURE)
    queries = [spelled(t, listener) for t in TRICKS]
    statuses = asyncio.run(ask_engine(store, queries))
    assert listener.hits == []
    # a failed call is an error (403), or an empty answer where the query says to go on
    # (SILENT, FILTER EXISTS), never a crash
    assert all(status in (200, 400, 403) for status in statuses), statuses
    assert statuses[TRICKS.index("SELECT * WHERE {{ service <{url}> {{ ?a ?b ?c }} }}")] == 403
    assert statuses[TRICKS.index("LOAD <{url}>")] == 400  # an update does not even parse

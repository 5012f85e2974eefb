"""narcokg push to a real Virtuoso 7 (tests/virtuoso_server.py): its write endpoint
``/sparql-graph-crud-auth`` asks for HTTP Digest; push answers the challenge (and Basic where
a server asks for Basic), never sends the password before it is asked for, and a wrong
password is one line naming HTTP 401."""

from __future__ import annotations

import http.server
import json
import threading
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from servers import store_from_trig  # tests/servers.py
from virtuoso_server import APT_LINE, virtuoso_binary, virtuoso_server

from narcokg.cli import main
from narcokg.errors import EndpointError
from narcokg.http_auth import Credentials, challenges
from narcokg.push import push

FIXTURE = Path(__file__).parent / "fixtures" / "publish-fixture.trig"
needs_virtuoso = pytest.mark.skipif(virtuoso_binary() is None,
                                    reason=f"virtuoso-t is not installed ({APT_LINE})")


@pytest.fixture(scope="module")
def virtuoso():
    if virtuoso_binary() is None:
        pytest.skip(f"virtuoso-t is not installed ({APT_LINE})")
    with virtuoso_server() as server:
        yield server


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory) -> Path:
    return store_from_trig(tmp_path_factory.mktemp("push") / "store", FIXTURE)


def graph_counts(sparql: str) -> dict[str, int]:
    query = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
             "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/narcokg/')) } GROUP BY ?g")
    url = sparql + "?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=20) as response:
        data = json.load(response)
    return {b["g"]["value"]: int(b["n"]["value"]) for b in data["results"]["bindings"]}


@needs_virtuoso
def test_push_answers_virtuosos_digest_challenge(virtuoso, fixture_store):
    summary = push(graph_store=virtuoso.graph_store_auth, store=fixture_store,
                   user=virtuoso.user, password=virtuoso.password)
    assert summary.uploaded and not summary.failed
    assert graph_counts(virtuoso.sparql) == summary.uploaded
    again = push(graph_store=virtuoso.graph_store_auth, store=fixture_store,  # PUT replaces
                 user=virtuoso.user, password=virtuoso.password, auth="digest")
    assert graph_counts(virtuoso.sparql) == again.uploaded == summary.uploaded


@needs_virtuoso
def test_wrong_password_and_basic_only_are_one_line_401s(virtuoso, fixture_store, capsys):
    with pytest.raises(EndpointError, match="HTTP 401") as info:
        push(graph_store=virtuoso.graph_store_auth, store=fixture_store, user="dba",
             password="wrong", retries=0)
    assert "\n" not in str(info.value) and "not uploaded" in str(info.value)
    code = main(["push", "--graph-store", virtuoso.graph_store_auth, "--store",
                 str(fixture_store), "--user", "dba", "--password", virtuoso.password,
                 "--auth", "basic", "--retries", "0"])
    err = capsys.readouterr().err
    assert code == 2 and "HTTP 401" in err and err.count("\n") == 1


class _BasicOnly(http.server.BaseHTTPRequestHandler):
    seen: list = []

    def do_PUT(self):  # noqa: N802 (http.server's naming)
        self.rfile.read(int(self.headers["Content-Length"]))
        auth = self.headers.get("Authorization")
        type(self).seen.append(auth)
        ok = auth == "Basic dTpw"  # u:p
        self.send_response(204 if ok else 401)
        if not ok:
            self.send_header("WWW-Authenticate", 'Basic realm="narcokg test"')
        self.end_headers()

    def log_message(self, *args):
        pass


@contextmanager
def basic_only_server():
    _BasicOnly.seen = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _BasicOnly)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/data", _BasicOnly.seen
    finally:
        server.shutdown()
        server.server_close()


def test_a_basic_challenge_gets_basic_once_learnt(fixture_store):
    with basic_only_server() as (url, seen):
        summary = push(graph_store=url, store=fixture_store, user="u", password="p")
    graphs = len(summary.uploaded)
    # the first request carries no password; after the challenge every request is Basic
    assert seen[0] is None and seen[1:] == ["Basic dTpw"] * graphs


def test_challenges_are_parsed_per_scheme(monkeypatch):
    offered = challenges(['Digest realm="SPARQL", nonce="abc", qop="auth", algorithm="MD5"',
                          'Basic realm="x"'])
    assert offered["digest"]["nonce"] == "abc" and offered["basic"] == {"realm": "x"}
    creds = Credentials("Mufasa", "Circle Of Life")
    assert creds.header("PUT", "http://h/x") == {}  # nothing before the server asks
    assert creds.answer(['Digest realm="testrealm@host.com", qop="auth", '
                         'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", '
                         'opaque="5ccc069c403ebaf9f0171e9517f40e41"'])
    monkeypatch.setattr("narcokg.http_auth.os.urandom", lambda n: bytes.fromhex("0a4f113b"))
    header = creds.header("GET", "http://h/dir/index.html")["Authorization"]
    assert 'response="6629fae49393a05397450978507c4ef1"' in header  # RFC 2617's example
    assert header.startswith('Digest username="Mufasa", realm="testrealm@host.com"')
    assert 'uri="/dir/index.html"' in header and "nc=00000001" in header
    with pytest.raises(EndpointError, match="unknown authentication"):
        Credentials("u", "p", scheme="ntlm")

"""Bad and hostile input: every case is a clear one-line InputError, never a crash, never a
network access, never unbounded memory."""

import string
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from servers import free_port  # tests/servers.py

from narcokg.errors import EndpointError, InputError, NarcokgError
from narcokg.loaders.entries import load_entry_file
from narcokg.loaders.sources import Source, SourceRegistry

DOC = "https://example.org/doc"


@pytest.fixture
def registry():
    return SourceRegistry({"ex": Source("ex", DOC, "Example")})


BAD_FILES = {
    "syntax.ttl": ("@prefix ex: <http://ex.org/> .\nex:a ex:b ", "syntax error"),
    "syntax.jsonld": ('{"@id": "http://a", }', "JSON syntax error"),
    "syntax.yaml": ("id: [unclosed\n", "YAML syntax error"),
    "syntax.rdf": ("<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
                   "<rdf:Description", "syntax error"),
    "latin1.yaml": (b"id: treaty/caf\xe9\n", "not valid UTF-8"),
    "empty.ttl": ("", "empty"),
    "empty.yaml": ("   \n", "empty"),
    "binary.ttl": (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
    "remote-context.jsonld": ('{"@context": "http://example.org/ctx", "@id": "http://a"}',
                              "not fetched"),
    "remote-import.jsonld": ('{"@context": {"@import": "http://example.org/c"}, "@id": "x"}',
                             "not fetched"),
    "xxe.rdf": ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'/>",
                "DOCTYPE or ENTITY"),
    "laughs.rdf": ('<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "lol"><!ENTITY b "&a;&a;">]>'
                   "<l>&b;</l>", "DOCTYPE or ENTITY"),
    "object-tag.yaml": ("id: !!python/object/apply:os.system ['true']\n", "not allowed"),
    "dup.yaml": ("id: treaty/x\nid: treaty/y\n", "duplicate key"),
    "space-iri.yaml": ("id: treaty/a b\ntype: Treaty\nsource: ex\n", "not a valid IRI"),
    "bad-lang.yaml": ("id: treaty/x\ntype: Treaty\nsource: ex\nprefLabel: {'12': x}\n",
                      "BCP 47"),
    "ctrl-iri.ttl": ('<http://a/\u0001> <http://b> "c" .', "syntax error"),
    "unknown.docx": ("whatever", "unknown entry format"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_a_clear_input_error(tmp_path, registry, name):
    content, fragment = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(InputError) as exc:
        load_entry_file(path, registry)
    message = str(exc.value)
    assert fragment in message
    assert message.startswith(str(path))
    assert "\n" not in message


def test_a_100_mb_file_is_refused_before_reading(tmp_path, registry):
    path = tmp_path / "huge.ttl"
    with path.open("wb") as fh:  # sparse: 100 MB without writing 100 MB
        fh.truncate(100 * 1024 * 1024)
    with pytest.raises(InputError, match="limited to"):
        load_entry_file(path, registry)


YAML_KEYS = st.sampled_from(["id", "type", "source", "party", "prefLabel", "date", "hasEvent",
                             "clauseType", "nkg:party", "x", "rdfs:comment", "value"])
SCALARS = st.one_of(st.text(max_size=20), st.integers(), st.booleans(), st.none(),
                    st.sampled_from(["treaty/x", "state/BE", "ex", "2024-13-45", "in-force",
                                     "http://a b", "Treaty", "https://example.org/doc"]))
TREES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(YAML_KEYS, inner, max_size=5)), max_leaves=12)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=st.dictionaries(YAML_KEYS, TREES, max_size=6))
def test_generated_yaml_entries_raise_only_our_errors(tmp_path_factory, doc):
    import yaml

    path = tmp_path_factory.mktemp("fuzz") / "e.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    reg = SourceRegistry({"ex": Source("ex", DOC)})
    try:
        load_entry_file(path, reg)
    except NarcokgError:
        pass


@settings(max_examples=1500, deadline=None)
@given(text=st.text(alphabet=string.printable + "éø€\u2028", max_size=200))
def test_generated_text_raises_only_our_errors(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("fuzz")
    reg = SourceRegistry({"ex": Source("ex", DOC)})
    for suffix in (".yaml", ".ttl", ".jsonld"):
        path = folder / f"e{suffix}"
        path.write_text(text, encoding="utf-8")
        try:
            load_entry_file(path, reg)
        except NarcokgError:
            pass


# ---------- failing endpoints: a clear error after a bounded retry, never a hang


class _Faulty(BaseHTTPRequestHandler):
    mode = "500"

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        if self.mode == "500":
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b"boom")
        else:  # malformed results
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            self.wfile.write(b'{"head": {"vars": ["s"]}, "results": ')

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *args):
        pass


@pytest.fixture(params=["500", "malformed"])
def faulty_endpoint(request):
    handler = type("H", (_Faulty,), {"mode": request.param})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}" + (
        "" if request.param == "500" else "/malformed")
    server.shutdown()


def test_query_against_a_failing_endpoint_is_a_clear_error(faulty_endpoint):
    from narcokg.query import run_query

    with pytest.raises(EndpointError, match="endpoint"):
        run_query("eu-strategy-documents", endpoint=faulty_endpoint + "/query", timeout=3)


def test_query_against_a_closed_port_gives_up_quickly():
    import time

    from narcokg.query import run_query

    started = time.monotonic()
    with pytest.raises(EndpointError, match="unreachable"):
        run_query("eu-strategy-documents", endpoint=f"http://127.0.0.1:{free_port()}/query",
                  timeout=2)
    assert time.monotonic() - started < 15


def test_push_to_a_failing_endpoint_says_what_was_not_uploaded(faulty_endpoint, tmp_path):
    import pyoxigraph as ox

    if "malformed" in faulty_endpoint:
        pytest.skip("a PUT answered 200 is a success; malformed bodies concern queries")

    from narcokg.push import push

    path = tmp_path / "store"
    store = ox.Store(str(path))
    for g in ("https://w3id.org/narcokg/graph/a", "https://w3id.org/narcokg/graph/b"):
        store.add(ox.Quad(ox.NamedNode("http://s"), ox.NamedNode("http://p"),
                          ox.Literal("o"), ox.NamedNode(g)))
    store.flush()
    del store
    with pytest.raises(EndpointError) as exc:
        push(endpoint=faulty_endpoint, store=path, timeout=2, retries=1)
    assert "not uploaded" in str(exc.value) or "were not" in str(exc.value)

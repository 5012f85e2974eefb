"""``narcokg query --endpoint`` against hostile servers on 127.0.0.1 (issue 13): one that
drips its answer, one whose answer never ends, and ones that answer malformed SPARQL JSON.
Each ends in one line (EndpointError; exit 2 from the CLI) within the timeout."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import narcokg.query as Q
from narcokg.cli import main
from narcokg.errors import EndpointError

QUERY = "treaties-in-force-on-date"
GOOD = {"head": {"vars": ["treaty"]},
        "results": {"bindings": [{"treaty": {"type": "uri", "value": "http://example.org/t"}}]}}
MALFORMED = {
    "not-json": b"<html>oops</html>",
    "a-list": b"[]",
    "no-results": b'{"head": {"vars": []}}',
    "vars-not-names": b'{"head": {"vars": [1]}, "results": {"bindings": []}}',
    "bindings-not-a-list": b'{"head": {"vars": []}, "results": {"bindings": 3}}',
    "binding-not-an-object": b'{"head": {"vars": ["a"]}, "results": {"bindings": [1]}}',
    "bad-iri": json.dumps({"head": {"vars": ["a"]}, "results": {"bindings": [
        {"a": {"type": "uri", "value": "http://a b\n\x1b[31m"}}]}}).encode(),
    "bad-language": json.dumps({"head": {"vars": ["a"]}, "results": {"bindings": [
        {"a": {"type": "literal", "value": "x", "xml:lang": "en\n"}}]}}).encode(),
    "bad-datatype": json.dumps({"head": {"vars": ["a"]}, "results": {"bindings": [
        {"a": {"type": "literal", "value": "x", "datatype": "not an iri"}}]}}).encode(),
    "bad-blank-node": json.dumps({"head": {"vars": ["a"]}, "results": {"bindings": [
        {"a": {"type": "bnode", "value": "a b"}}]}}).encode(),
    "value-not-text": json.dumps({"head": {"vars": ["a"]}, "results": {"bindings": [
        {"a": {"type": "uri", "value": 7}}]}}).encode(),
    "unknown-type": json.dumps({"head": {"vars": ["a"]}, "results": {"bindings": [
        {"a": {"type": "triple", "value": {}}}]}}).encode(),
    "deep": b"[" * 100_000 + b"]" * 100_000,
}


class Hostile(BaseHTTPRequestHandler):
    """``/drip``: headers, then a byte every 0.2 s; ``/drip-headers``: the status line a
    byte at a time; ``/endless``: bytes until the client leaves; ``/huge``: a declared 2 GB
    body; ``/malformed/NAME``: one of MALFORMED; ``/good``: a valid answer."""

    def log_message(self, *args):
        pass

    def do_POST(self):  # noqa: N802 - the http.server API
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path == "/drip-headers":
            return self.drip(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n")
        if self.path == "/huge":
            return self.answer(b"{", length=2 * 1024 ** 3)
        if self.path.startswith("/malformed/"):
            return self.answer(MALFORMED[self.path.rsplit("/", 1)[1]])
        if self.path == "/good":
            return self.answer(json.dumps(GOOD).encode())
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.drip(b'{"head": {"vars": []}, "results": {"bindings": []}}' * 1000,
                  pause=0.2 if self.path == "/drip" else 0, chunk=1 if self.path == "/drip"
                  else 1 << 16, forever=self.path == "/endless")

    def answer(self, body: bytes, length: int | None = None):
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(length or len(body)))
        self.end_headers()
        self.wfile.write(body)

    def drip(self, data: bytes, pause: float = 0.2, chunk: int = 1, forever=False):
        stop = time.monotonic() + 30  # bounded: the client leaves long before
        position = 0
        try:
            while time.monotonic() < stop:
                self.wfile.write(data[position:position + chunk] or b" " * chunk)
                self.wfile.flush()
                position += chunk
                if not forever and position > len(data):
                    return
                time.sleep(pause)
        except OSError:
            return


@pytest.fixture(scope="module")
def hostile():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def run(url: str, timeout: float = 2, max_bytes: int | None = None):
    qdef = Q.load_query(QUERY)
    return Q.run_on_endpoint(url, qdef, Q.bindings(qdef), timeout=timeout,
                             max_bytes=max_bytes)


def test_a_good_answer_is_read(hostile):
    assert run(f"{hostile}/good").values() == [("http://example.org/t",)]


@pytest.mark.parametrize("path", ["/drip", "/drip-headers"])
def test_a_dripping_server_does_not_hold_past_the_timeout(hostile, path):
    started = time.monotonic()
    with pytest.raises(EndpointError, match="no complete answer .* within 2 s"):
        run(hostile + path, timeout=2)
    assert time.monotonic() - started < 3.5


def test_an_answer_over_the_cap_is_refused(hostile):
    started = time.monotonic()
    with pytest.raises(EndpointError, match="more than 1000000 bytes"):
        run(f"{hostile}/endless", timeout=20, max_bytes=1_000_000)
    with pytest.raises(EndpointError, match="more than the limit"):
        run(f"{hostile}/huge", timeout=20)
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_results_are_one_line_errors(hostile, name):
    with pytest.raises(EndpointError) as info:
        run(f"{hostile}/malformed/{name}", timeout=10)
    message = str(info.value)
    assert "\n" not in message and "\x1b" not in message and len(message) < 500


def test_the_cli_says_one_line_and_exits_2(hostile, capsys):
    for path in ("/malformed/bad-language", "/drip"):
        assert main(["query", QUERY, "--endpoint", hostile + path, "--timeout", "1"]) == 2
        err = capsys.readouterr().err
        assert "Traceback" not in err and err.count("\n") == 1, err

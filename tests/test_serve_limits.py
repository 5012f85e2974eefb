"""The endpoint under load and abuse (issue 13): request bodies and queries are capped, a
deeply nested query gets an answer (or a clean 400) and the server stays up, an engine that
dies on a query costs only that query, and other clients are served while one query is
refused or times out."""

from __future__ import annotations

import os
import signal
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from pathlib import Path

import pytest
from serving import children, http, narcokg_server

from narcokg.serving.guard import MAX_BODY, MAX_QUERY

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }"
ASK = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with narcokg_server(tmp_path_factory.mktemp("limits"), "--timeout", "3",
                        "--engines", "2") as running:
        yield running


def ask_ok(base: str) -> bool:
    status, _, body = http(f"{base}/sparql?query={urllib.parse.quote(ASK)}")
    return status == 200 and b"true" in body


def post_raw(base: str, headers: dict, chunks) -> tuple[int, bytes]:
    """POST ``chunks`` (an iterable of bytes) with ``headers``; the status and the body."""
    host, port = base.removeprefix("http://").split(":")
    conn = HTTPConnection(host, int(port), timeout=30)
    try:
        conn.putrequest("POST", "/sparql")
        for name, value in headers.items():
            conn.putheader(name, value)
        conn.endheaders()
        try:
            for chunk in chunks:
                conn.send(chunk)
        except OSError:  # the server answered and closed before we were done: fine
            pass
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_a_big_declared_body_is_refused_unread(server):
    base, _ = server
    started = time.monotonic()
    status, body = post_raw(base, {"Content-Type": "application/sparql-query",
                                   "Content-Length": str(400 * 1024 * 1024)},
                            [b"SELECT * {} #" + b"x" * 65536])
    assert status == 413 and b"larger than" in body
    assert time.monotonic() - started < 5
    assert ask_ok(base)


def test_a_big_chunked_body_is_refused_at_the_cap(server):
    base, _ = server

    def chunks():
        payload = b"#" + b"x" * 65535
        for _ in range(2 * MAX_BODY // len(payload) + 2):
            yield b"%x\r\n%s\r\n" % (len(payload), payload)
        yield b"0\r\n\r\n"

    status, body = post_raw(base, {"Content-Type": "application/sparql-query",
                                   "Transfer-Encoding": "chunked"}, chunks())
    assert status == 413
    assert ask_ok(base)


def test_a_long_query_is_refused(server):
    base, _ = server
    query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * MAX_QUERY
    status, _, body = http(f"{base}/sparql", query.encode(), "application/sparql-query")
    assert status == 413 and b"query longer than" in body


def test_deep_queries_get_a_clean_answer_and_the_server_stays_up(server):
    """Nesting is refused up front (400). 16 KB of ``1+1+...`` once crashed the backend: it
    is answered, or stopped at the timeout (504) when the machine is slow."""
    base, _ = server
    sum_of_ones = "SELECT (" + "+".join(["1"] * 8000) + " AS ?x) WHERE {}"  # 16 KB
    nested = "SELECT (" + "(" * 40_000 + "1" + ")" * 40_000 + " AS ?x) WHERE {}"
    groups = "SELECT * WHERE {" + "{" * 40_000 + "}" * 40_000 + "}"
    for query, want in ((sum_of_ones, (200, 504)), (nested, (400,)), (groups, (400,))):
        status, _, body = http(f"{base}/sparql", query.encode(), "application/sparql-query",
                               "text/csv")
        assert status in want, body
        assert status != 200 or b"8000" in body
        assert ask_ok(base)


def test_an_engine_parses_deep_nesting_without_crashing(tmp_path):
    """Past the front's depth check, the engine's big stack still holds."""
    import asyncio

    from servers import store_from_trig
    from serving import FIXTURE, ask_engine

    store = store_from_trig(tmp_path / "store", FIXTURE)
    nested = "SELECT (" + "(" * 40_000 + "1" + ")" * 40_000 + " AS ?x) WHERE {}"
    groups = "SELECT * WHERE {" + "{" * 40_000 + "}" * 40_000 + "}"
    assert asyncio.run(ask_engine(store, [nested, groups, ASK])) == [200, 200, 200]


def test_an_engine_that_dies_costs_only_its_query(server):
    base, proc = server
    with ThreadPoolExecutor(1) as pool:
        before = cpu_times(proc.pid)
        slow = pool.submit(http, f"{base}/sparql?query={urllib.parse.quote(SLOW)}")
        time.sleep(1)
        after = cpu_times(proc.pid)
        busy = max(after, key=lambda pid: after[pid] - before.get(pid, 0))
        os.kill(busy, signal.SIGKILL)
        status, _, body = slow.result(30)
    assert status == 400 and b"still up" in body
    assert all(ask_ok(base) for _ in range(4))  # both engines serve again
    for pid in children(proc.pid):  # and one killed while idle is replaced unseen
        os.kill(pid, signal.SIGKILL)
    time.sleep(0.2)
    assert all(ask_ok(base) for _ in range(4))


def cpu_times(pid: int) -> dict[int, int]:
    """User CPU ticks of each child of ``pid``."""
    return {c: int(Path(f"/proc/{c}/stat").read_text().rsplit(")", 1)[1].split()[11])
            for c in children(pid)}


def test_other_clients_are_served_while_one_query_times_out(server):
    base, _ = server
    with ThreadPoolExecutor(8) as pool:
        slow = pool.submit(http, f"{base}/sparql?query={urllib.parse.quote(SLOW)}")
        time.sleep(0.3)
        started = time.monotonic()
        big = [pool.submit(post_raw, base, {"Content-Type": "application/sparql-query",
                                            "Content-Length": str(10 * MAX_BODY)}, [b"x"])
               for _ in range(3)]
        quick = [pool.submit(ask_ok, base) for _ in range(12)]
        assert all(f.result(30) for f in quick)
        assert time.monotonic() - started < 2.5  # before the slow query's timeout (3 s)
        assert all(f.result(30)[0] == 413 for f in big)
        status, _, body = slow.result(30)
    assert status == 504 and b"timed out after 3 s" in body
    assert ask_ok(base)

"""One engine process: ``python -m narcokg.serving.engine SNAPSHOT FRONT_PID``.

It shuts itself off from the network and ties its life to the front (``sandbox``), opens
the snapshot read-only with pyoxigraph, says it is ready, then answers one request at a time
on stdin/stdout. A request is a JSON frame ``{query, results, graph, limit, default_graphs,
named_graphs}``; the answer is a JSON frame ``{status, kind, media, truncated | message}``
followed by a frame of bytes (the serialised answer). A frame is an 8-byte big-endian length
and that many bytes. Queries run on a thread with a large stack, so a deeply nested query
parses instead of overflowing the stack.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from itertools import islice

LENGTH = 8
STACK = 256 * 1024 * 1024
MAX_ANSWER = 64 * 1024 * 1024  # bytes of one serialised answer
MAX_REQUEST = 8 * 1024 * 1024


def frame(payload: bytes) -> bytes:
    return len(payload).to_bytes(LENGTH, "big") + payload


def read_frame(stream, limit: int) -> bytes | None:
    head = stream.read(LENGTH)
    if len(head) < LENGTH:
        return None
    size = int.from_bytes(head, "big")
    if size > limit:
        return None
    payload = stream.read(size)
    return payload if len(payload) == size else None


def answer(store, request: dict) -> tuple[dict, bytes]:
    """The header and body for one request; errors become a status and a one-line message."""
    import pyoxigraph as ox

    try:
        result = store.query(request["query"], **_dataset(request))
        if isinstance(result, ox.QuerySolutions):
            return _solutions(result, request["results"], request["limit"])
        if isinstance(result, ox.QueryBoolean):
            return _boolean(result, request["results"])
        return _triples(result, request["graph"], request["limit"])
    except SyntaxError as exc:
        return {"status": 400, "message": f"query syntax error: {_line(exc)}"}, b""
    except PermissionError:  # the sandbox refused a socket: a SERVICE call
        from narcokg.serving.guard import NO_SERVICE
        return {"status": 403, "message": f"SERVICE {NO_SERVICE}"}, b""
    except (OSError, RuntimeError, ValueError, TypeError) as exc:
        return {"status": 400, "message": f"query failed: {_line(exc)}"}, b""


def _line(exc: BaseException) -> str:
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:500]


def _dataset(request: dict) -> dict:
    """The dataset a query runs on: the graphs named by the protocol's ``default-graph-uri``
    and ``named-graph-uri`` if given (they override the query's own); else the query's
    ``FROM`` / ``FROM NAMED`` (pyoxigraph honours them when not told to use the union; with
    only ``FROM NAMED`` the default graph is empty, as SPARQL says); else the union of the
    named graphs as the default graph."""
    import pyoxigraph as ox

    from narcokg.sparql_service import names_dataset

    defaults, named = request.get("default_graphs"), request.get("named_graphs")
    if defaults or named:
        return {"default_graph": [ox.NamedNode(g) for g in defaults or []],
                "named_graphs": [ox.NamedNode(g) for g in named] if named else None}
    if names_dataset(request["query"]):
        return {}
    return {"use_default_graph_as_union": True}


def _solutions(solutions, media: str, limit: int) -> tuple[dict, bytes]:
    """At most ``limit`` solutions, written as TSV (terms in N-Triples form), then parsed
    and serialised in the media type asked for."""
    import pyoxigraph as ox

    from narcokg.serving.formats import RESULT_FORMATS

    names = solutions.variables
    rows = list(islice(solutions, limit + 1))
    lines = ["\t".join(str(v) for v in names)]
    lines += ["\t".join("" if s[v] is None else str(s[v]) for v in names) for s in rows[:limit]]
    if names:
        table = ox.parse_query_results(("\n".join(lines) + "\n").encode(),
                                       ox.QueryResultsFormat.TSV)
        body = table.serialize(format=RESULT_FORMATS[media])
    else:  # no variables: TSV cannot say how many empty solutions there were
        body = json.dumps({"head": {"vars": []},
                           "results": {"bindings": [{}] * len(rows[:limit])}}).encode()
        media = "application/sparql-results+json"
    return _sized({"kind": "solutions", "media": media, "truncated": len(rows) > limit}, body)


def _boolean(result, media: str) -> tuple[dict, bytes]:
    from narcokg.serving.formats import BOOLEAN_MEDIA, RESULT_FORMATS

    media = media if media in BOOLEAN_MEDIA else "application/sparql-results+json"
    body = result.serialize(format=RESULT_FORMATS[media])
    return _sized({"kind": "boolean", "media": media, "truncated": False}, body)


def _triples(triples, media: str, limit: int) -> tuple[dict, bytes]:
    import pyoxigraph as ox

    from narcokg.serving.formats import GRAPH_FORMATS, prefixes

    kept = list(islice(triples, limit + 1))
    body = ox.serialize(kept[:limit], format=GRAPH_FORMATS[media], prefixes=prefixes())
    return _sized({"kind": "graph", "media": media, "truncated": len(kept) > limit}, body)


def _sized(header: dict, body: bytes) -> tuple[dict, bytes]:
    if len(body) > MAX_ANSWER:
        return {"status": 413, "message": f"the answer is larger than {MAX_ANSWER >> 20} MB: "
                                          "narrow the query or add a LIMIT"}, b""
    return {"status": 200, **header}, body


def serve_requests(location: str, stdin, stdout) -> None:
    """Open the snapshot, say ready, and answer requests until stdin closes."""
    import pyoxigraph as ox

    try:
        store = ox.Store.read_only(location)
    except OSError as exc:
        stdout.write(frame(json.dumps({"status": 500, "message": _line(exc)}).encode()))
        stdout.flush()
        return
    stdout.write(frame(json.dumps({"status": 200, "ready": True}).encode()))
    stdout.flush()
    while (raw := read_frame(stdin, MAX_REQUEST)) is not None:
        header, body = answer(store, json.loads(raw))
        stdout.write(frame(json.dumps(header).encode()) + frame(body))
        stdout.flush()


def main(argv: list[str]) -> int:
    from narcokg.serving.sandbox import SandboxError, die_with_parent, forbid_network

    location, parent = argv[0], int(argv[1])
    stdin, stdout = os.fdopen(0, "rb"), os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # nothing printed by accident can corrupt a frame
    die_with_parent(parent)
    try:
        forbid_network()
    except SandboxError as exc:
        stdout.write(frame(json.dumps({"status": 500, "message": str(exc)}).encode()))
        stdout.flush()
        return 2
    threading.stack_size(STACK)
    worker = threading.Thread(target=serve_requests, args=(location, stdin, stdout))
    worker.start()
    worker.join()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

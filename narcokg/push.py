"""``narcokg push``: upload every named graph of the embedded store to a remote triple store
through the SPARQL 1.1 Graph Store HTTP Protocol, one ``PUT ?graph=<IRI>`` per graph (the
server replaces each graph atomically; graphs not in the local store are left alone).

Graph-store URLs of common servers (pass with ``--graph-store`` when it is not Oxigraph):

=========  ===========================================================
Oxigraph   ``http://host:7878/store`` (derived from ``--endpoint``)
Fuseki     ``http://host:3030/<dataset>/data``
GraphDB    ``http://host:7200/repositories/<repo>/rdf-graphs/service``
Virtuoso   ``http://host:8890/sparql-graph-crud-auth`` (HTTP Digest, see http_auth)
=========  ===========================================================
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit, urlunsplit

import pyoxigraph as ox

from narcokg import __version__
from narcokg.errors import EndpointError
from narcokg.http_auth import Credentials
from narcokg.store import open_store

RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}


@dataclass
class PushSummary:
    graph_store: str
    uploaded: dict[str, int] = field(default_factory=dict)  # graph -> triples
    failed: dict[str, str] = field(default_factory=dict)     # graph -> reason
    not_tried: list[str] = field(default_factory=list)
    seconds: float = 0.0


def graph_store_url(endpoint: str) -> str:
    """Oxigraph's graph store from its base or query URL: ``.../query`` → ``.../store``."""
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise EndpointError(f"not an http(s) URL: {endpoint}")
    path = parts.path.rstrip("/")
    for tail in ("/query", "/sparql", "/update", "/store"):
        if path.endswith(tail):
            path = path[: -len(tail)]
            break
    return urlunsplit((parts.scheme, parts.netloc, path + "/store", "", ""))


def auth_header(user: str | None, password: str | None, token: str | None) -> dict[str, str]:
    """A preemptive Basic (or bearer) Authorization header."""
    return Credentials(user, password, token, "basic").header("PUT", "")


def put_graph(url: str, graph: str, body: bytes, headers: dict[str, str], timeout: float,
              retries: int, sleep: Callable[[float], None] = time.sleep,
              auth: Credentials | None = None) -> int:
    """PUT one graph; retries transient failures (connection errors, 408/429/5xx) with
    back-off; answers a 401's Basic or Digest challenge when ``auth`` has a user; returns
    the HTTP status or raises EndpointError."""
    target = f"{url}{'&' if '?' in url else '?'}graph={quote(graph, safe='')}"
    headers = {"Content-Type": "application/n-triples", "User-Agent": f"narcokg/{__version__}",
               **headers}
    last, attempt, challenged = "", 0, 0
    while attempt <= retries:
        signed = {**headers, **(auth.header("PUT", target) if auth else {})}
        request = urllib.request.Request(target, data=body, headers=signed, method="PUT")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            detail = exc.read(300).decode("utf-8", "replace").strip().replace("\n", " ")
            last = f"HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")
            if exc.code == 401 and auth and challenged < 2 and auth.answer(
                    exc.headers.get_all("WWW-Authenticate") or []):
                challenged += 1
                continue
            if exc.code == 415 and headers["Content-Type"] != "text/turtle":
                headers["Content-Type"] = "text/turtle"  # N-Triples is Turtle
                continue
            if exc.code not in RETRY_STATUS:
                raise EndpointError(f"{url} refused graph <{graph}>: {last}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            last = f"{type(reason).__name__}: {reason}" if not isinstance(reason, str) else reason
        attempt += 1
        if attempt <= retries:
            sleep(min(0.5 * 2 ** (attempt - 1), 8.0))
    raise EndpointError(f"{url} failed for graph <{graph}> after {retries + 1} attempts: {last}")


def push(endpoint: str | None = None, graph_store: str | None = None, store=None,
         user: str | None = None, password: str | None = None, token: str | None = None,
         timeout: float = 60.0, retries: int = 3, auth: str = "auto",
         log: Callable[[str], None] = lambda _m: None) -> PushSummary:
    """Upload every named graph of the store; stops at the first graph that cannot be
    uploaded and raises EndpointError naming the graphs that were and were not uploaded."""
    if not graph_store and not endpoint:
        raise EndpointError("give --endpoint (Oxigraph) or --graph-store")
    url = graph_store or graph_store_url(endpoint)
    credentials = Credentials(user, password, token, auth)
    summary = PushSummary(url)
    started = time.perf_counter()
    with open_store(store) as db:
        graphs = sorted(g.value for g in db.named_graphs() if isinstance(g, ox.NamedNode))
        for i, graph in enumerate(graphs):
            body = db.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
            try:
                put_graph(url, graph, body, {}, timeout, retries, auth=credentials)
            except EndpointError as exc:
                summary.failed[graph] = str(exc)
                summary.not_tried = graphs[i + 1:]
                break
            summary.uploaded[graph] = body.count(b"\n")
            log(f"uploaded {summary.uploaded[graph]:>8} triples  {graph}")
    summary.seconds = time.perf_counter() - started
    if summary.failed:
        graph, reason = next(iter(summary.failed.items()))
        raise EndpointError(
            f"{reason}; uploaded {len(summary.uploaded)} of {len(graphs)} graphs"
            + (f" ({', '.join(summary.uploaded)})" if summary.uploaded else "")
            + f"; not uploaded: {', '.join([graph, *summary.not_tried])}")
    return summary


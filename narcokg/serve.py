"""``narcokg serve``: the store, read-only, over HTTP on 127.0.0.1.

Design: a small ASGI front (Starlette on uvicorn) checks every request and forwards SPARQL
to an ``oxigraph serve-read-only --union-default-graph --timeout-s S`` process on another
loopback port, which evaluates it (and cancels it after S seconds inside the engine).

- ``/sparql`` (SPARQL 1.1 Protocol, GET and POST): SELECT/ASK as JSON, XML, CSV or TSV;
  CONSTRUCT/DESCRIBE as Turtle, JSON-LD, N-Triples or RDF/XML. The query is parsed (rdflib's
  SPARQL parser and algebra) before it is forwarded: an UPDATE is refused with 403, a
  ``SERVICE`` to an IRI that is not allow-listed (or to a variable) with 403, a query that
  cannot be parsed with 400. At most ``max_results`` rows/triples are returned (the
  ``X-Narcokg-Truncated`` header says when the answer was cut). A query still running
  ``timeout + 2`` s after it was sent gets 504, and the backend is restarted to stop it
  (Oxigraph checks its deadline only between results, not inside a big sort).
- ``/id/...``: the resource pages of ``narcokg publish`` (``narcokg.pages``), negotiated:
  Turtle or JSON-LD for machines, HTML otherwise; ``.html|.ttl|.jsonld`` force a format.

The backend serves a *snapshot* of the store (``Store.backup``: hard links, taken under the
store's shared lock, deleted on exit), so ``build`` and ``add`` keep working while serving
and never write under a reader; a restart serves the new data.
"""

from __future__ import annotations

import asyncio
import functools
import shutil
import signal
import socket
import threading
from dataclasses import dataclass, field

import pyoxigraph as ox

from narcokg.errors import NarcokgError
from narcokg.namespaces import ID
from narcokg.serve_backend import Backend, snapshot

GRACE = 2.0
MAX_QUERY = 100_000
RESULT_FORMATS = {  # media type -> (pyoxigraph format, content type)
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
SHORT = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
         "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
         "ttl": "text/turtle", "json-ld": "application/ld+json", "jsonld": "application/ld+json",
         "nt": "application/n-triples", "ntriples": "application/n-triples",
         "rdfxml": "application/rdf+xml", "rdf": "application/rdf+xml"}


class Refused(NarcokgError):
    """A request the endpoint will not run; ``status`` is the HTTP status to answer."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass
class ServeConfig:
    host: str = "127.0.0.1"
    port: int = 8080
    store: str | None = None
    timeout: float = 30.0
    max_results: int = 10_000
    allow_service: list[str] = field(default_factory=list)


# -- the query check -----------------------------------------------------------------------
_CHECK_LOCK = threading.Lock()


def check_query(text: str, allow_service: list[str]) -> str:
    """Thread-safe and cached: rdflib's SPARQL parser is not safe to run in several threads
    at once (measured under load: every concurrent request failed with 400), and the check
    is a pure function of the query text and the allow-list."""
    with _CHECK_LOCK:
        return _check_query(text, tuple(allow_service))


@functools.lru_cache(maxsize=512)
def _check_query(text: str, allow_service: tuple[str, ...]) -> str:
    """The query's form (``SelectQuery``, ``ConstructQuery``, ``DescribeQuery``,
    ``AskQuery``), or Refused: an update (403), a SERVICE not allow-listed (403), a query
    that does not parse (400)."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
    from rdflib.plugins.sparql.parserutils import CompValue

    if len(text) > MAX_QUERY:
        raise Refused(413, f"query longer than {MAX_QUERY} characters")
    try:
        parsed = parseQuery(text)
    except Exception as exc:
        try:
            parseUpdate(text)
        except Exception:
            raise Refused(400, f"query syntax error: {str(exc).splitlines()[0]}") from None
        raise Refused(403, "SPARQL UPDATE is not allowed: this endpoint is read-only") from None
    try:
        algebra = translateQuery(parsed).algebra
    except Exception as exc:
        raise Refused(400, f"query could not be checked: {type(exc).__name__}: {exc}") from None

    services, stack = [], [algebra]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                services.append(node.get("term"))
            stack.extend(node.values())
        elif isinstance(node, list | tuple | set):
            stack.extend(node)
    for term in services:
        target = str(term)
        if not any(target == a or (a.endswith("/") and target.startswith(a))
                   for a in allow_service) or term.__class__.__name__ == "Variable":
            raise Refused(403, f"SERVICE {'?' if term.__class__.__name__ == 'Variable' else ''}"
                               f"{target} is not allowed on this endpoint")
    return algebra.name


def negotiate(accept: str, offered: dict, default: str) -> str:
    """The offered media type the Accept header prefers (q-values honoured)."""
    choices = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        choices.append((-q, i, media))
    for _q, _i, media in sorted(choices):
        if _q == 0:
            continue
        if media in offered:
            return media
        if media in ("*/*", "application/*") or (media.endswith("/*") and any(
                o.startswith(media[:-1]) for o in offered)):
            return default if media == "*/*" else next(
                (o for o in offered if o.startswith(media[:-1])), default)
    return default


def serve(config: ServeConfig, ready=lambda url: None) -> None:
    """Run until interrupted; the backend and the snapshot are removed on the way out."""
    import uvicorn

    try:
        free = socket.socket()
        free.bind((config.host, config.port))
        free.close()
    except OSError as exc:
        raise NarcokgError(f"cannot listen on {config.host}:{config.port}: {exc}") from None
    location = snapshot(config.store)
    backend = Backend(location, config.timeout)
    # uvicorn re-raises SIGINT/SIGTERM after its graceful shutdown; turn them into an
    # exception here so the backend and the snapshot are always cleaned up
    previous = {s: signal.signal(s, _stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        backend.start()
        app = create_app(config, backend)
        server = uvicorn.Server(uvicorn.Config(app, host=config.host, port=config.port,
                                               log_level="warning", lifespan="on"))
        ready(f"http://{config.host}:{config.port}")
        try:
            server.run()
        except SystemExit:
            raise NarcokgError(f"the server could not start on {config.host}:{config.port}") \
                from None
    except _Stopped:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        backend.stop()
        shutil.rmtree(location, ignore_errors=True)


class _Stopped(Exception):
    pass


def _stop(_signum, _frame):
    raise _Stopped


async def run_blocking(func, *args):
    return await asyncio.get_running_loop().run_in_executor(None, func, *args)



# -- the front -----------------------------------------------------------------------------
RESOURCE_QUERY = """SELECT ?s ?p ?o ?g WHERE {{
  {{ GRAPH ?g {{ <{iri}> ?p ?o }} BIND(<{iri}> AS ?s) }} UNION
  {{ GRAPH ?g0 {{ <{iri}> ?p0 ?s }} FILTER(isBlank(?s)) GRAPH ?g {{ ?s ?p ?o }} }} }}"""
LABELS_QUERY = """SELECT ?s ?l WHERE {{ VALUES ?s {{ {values} }}
  GRAPH ?g {{ ?s <http://www.w3.org/2000/01/rdf-schema#label>
              |<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }} FILTER(isLiteral(?l)) }}"""
SOURCES_QUERY = """SELECT ?g ?doc ?title WHERE {{ VALUES ?g {{ {values} }}
  GRAPH <https://w3id.org/narcokg/graph/meta> {{ ?g <http://purl.org/dc/terms/source> ?doc
  OPTIONAL {{ ?doc <http://purl.org/dc/terms/title> ?title }} }} }}"""
INDEX = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>narcokg</title>
</head><body><h1>narcokg</h1><p>A read-only SPARQL endpoint at <code>/sparql</code> and
dereferenceable resources under <a href="/id/state/BE">/id/</a>.</p>
<form action="/sparql" method="get"><textarea name="query" rows="8" cols="80">
SELECT ?s ?label WHERE { ?s a &lt;https://w3id.org/narcokg/ontology#State&gt; ;
  &lt;http://www.w3.org/2000/01/rdf-schema#label&gt; ?label FILTER(lang(?label) = "en") }
LIMIT 20</textarea><br><button>run</button></form></body></html>"""


def create_app(config: ServeConfig, backend: Backend):
    """The Starlette application in front of ``backend``."""
    from contextlib import asynccontextmanager
    from urllib.parse import parse_qsl

    import httpx
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
    from starlette.routing import Route

    from narcokg.pages import ResourceView, Site, labels_from, page_path, sources_from
    from narcokg.publish import ontology_context

    context = ontology_context()
    restart_lock = asyncio.Lock()
    http = {"client": None}

    async def lines_from_backend(query: str, accept: str, params=(), limit=None):
        """The backend's answer as lines (at most ``limit``) and whether it was cut."""
        url, lines, cut = backend.url, [], False

        async def read():
            nonlocal cut
            async with http["client"].stream(
                    "POST", url + "/query", content=query.encode(), params=list(params),
                    headers={"Content-Type": "application/sparql-query", "Accept": accept}) as r:
                if r.status_code != 200:
                    body = (await r.aread()).decode("utf-8", "replace").strip()
                    raise Refused(400 if r.status_code == 400 else 502,
                                  f"{'query error' if r.status_code == 400 else 'backend error'}"
                                  f": {body[:500]}")
                buffer = b""
                async for chunk in r.aiter_bytes():
                    buffer += chunk
                    *done, buffer = buffer.split(b"\n")
                    lines.extend(done)
                    if limit is not None and len(lines) > limit:
                        cut = True
                        return
                if buffer:
                    lines.append(buffer)

        try:
            await asyncio.wait_for(read(), config.timeout + GRACE)
        except TimeoutError:
            async with restart_lock:  # stop the runaway query: Oxigraph cannot be told to
                if backend.url == url:
                    await run_blocking(backend.restart)
            raise Refused(504, f"query timed out after {config.timeout:g} s") from None
        except httpx.HTTPError as exc:
            async with restart_lock:
                if backend.url == url and (backend.process is None
                                           or backend.process.poll() is not None):
                    await run_blocking(backend.restart)
            raise Refused(503, f"the SPARQL backend is unavailable ({type(exc).__name__}); "
                               "retry") from None
        return lines[:limit] if limit is not None else lines, cut

    def failed(lines: list[bytes], exc: Exception) -> Refused:
        last = lines[-1].decode("utf-8", "replace") if lines else ""
        if "cancelled" in last or "timeout" in last.lower():
            return Refused(504, f"query timed out after {config.timeout:g} s")
        return Refused(502, f"the backend's answer could not be read: {exc}")

    async def select(query, params, limit=None):
        """Solutions of a SELECT (at most ``limit``), read to the end, and whether cut."""
        lines, cut = await lines_from_backend(query, "text/tab-separated-values", params,
                                              None if limit is None else limit + 1)
        try:
            answer = ox.parse_query_results(b"\n".join(lines) + b"\n",
                                            ox.QueryResultsFormat.TSV)
            return answer.variables, list(answer), cut
        except SyntaxError as exc:
            raise failed(lines, exc) from None

    async def run_query(request, query: str, params) -> Response:
        kind = await run_blocking(check_query, query, config.allow_service)
        wanted = request.query_params.get("format") or request.query_params.get("output")
        accept = request.headers.get("accept", "*/*")
        forward = [(k, v) for k, v in params if k in ("default-graph-uri", "named-graph-uri")]
        headers = {}
        if kind in ("SelectQuery", "AskQuery"):
            media = SHORT.get(wanted or "")
            if media not in RESULT_FORMATS:
                media = negotiate(accept, RESULT_FORMATS, "application/sparql-results+json")
            if kind == "AskQuery":
                media = media if RESULT_FORMATS[media] in (ox.QueryResultsFormat.JSON,
                                                           ox.QueryResultsFormat.XML) \
                    else "application/sparql-results+json"  # no boolean in CSV/TSV
                lines, cut = await lines_from_backend(
                    query, "application/sparql-results+json", forward)
                fmt = ox.QueryResultsFormat.JSON
            else:
                lines, cut = await lines_from_backend(query, "text/tab-separated-values",
                                                      forward, config.max_results + 1)
                fmt = ox.QueryResultsFormat.TSV
            try:
                answer = ox.parse_query_results(b"\n".join(lines) + b"\n", fmt)
                body = answer.serialize(format=RESULT_FORMATS[media])
            except SyntaxError as exc:
                raise failed(lines, exc) from None
            if cut:
                headers["X-Narcokg-Truncated"] = f"max-results={config.max_results}"
        else:
            graph_short = {"xml": "application/rdf+xml", "json": "application/ld+json"}
            media = graph_short.get(wanted or "") or SHORT.get(wanted or "")
            if media not in GRAPH_FORMATS:
                media = negotiate(accept, GRAPH_FORMATS, "text/turtle")
            lines, cut = await lines_from_backend(query, "application/n-triples", forward,
                                                  config.max_results)
            try:
                triples = list(ox.parse(b"\n".join(lines) + b"\n", ox.RdfFormat.N_TRIPLES))
            except SyntaxError as exc:
                raise failed(lines, exc) from None
            if cut:
                headers["X-Narcokg-Truncated"] = f"max-results={config.max_results}"
            body = ox.serialize(triples, format=GRAPH_FORMATS[media], prefixes=_prefixes())
        return Response(body, media_type=media, headers=headers)

    async def sparql(request) -> Response:
        try:
            params = list(request.query_params.multi_items())
            if request.method == "GET":
                if "update" in request.query_params:
                    raise Refused(403, "SPARQL UPDATE is not allowed: this endpoint is read-only")
                query = request.query_params.get("query")
            else:
                ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
                if ctype == "application/sparql-update":
                    raise Refused(403, "SPARQL UPDATE is not allowed: this endpoint is read-only")
                if ctype == "application/sparql-query":
                    query = (await request.body()).decode("utf-8", "replace")
                elif ctype == "application/x-www-form-urlencoded":
                    form = parse_qsl((await request.body()).decode("utf-8", "replace"))
                    if any(k == "update" for k, _ in form):
                        raise Refused(403, "SPARQL UPDATE is not allowed: this endpoint is "
                                           "read-only")
                    query = next((v for k, v in form if k == "query"), None)
                    params += form
                else:
                    raise Refused(415, f"unsupported content type {ctype or '(none)'}")
            if not query:
                if "text/html" in request.headers.get("accept", ""):
                    return HTMLResponse(INDEX)
                raise Refused(400, "no query: pass ?query=... (SPARQL 1.1 Protocol)")
            return await run_query(request, query, params)
        except Refused as exc:
            return PlainTextResponse(f"{exc}\n", status_code=exc.status)

    async def resource(request) -> Response:
        path, media = request.path_params["path"], None
        for ext, forced in ((".html", "text/html"), (".ttl", "text/turtle"),
                            (".jsonld", "application/ld+json")):
            if path.endswith(ext):
                path, media = path[: -len(ext)], forced
        iri = ID + path
        if page_path(iri) is None:
            return PlainTextResponse("not a resource IRI\n", status_code=404)
        media = media or negotiate(request.headers.get("accept", "*/*"),
                                   {"text/html": 1, "application/xhtml+xml": 1,
                                    "text/turtle": 1, "application/ld+json": 1}, "text/html")
        try:
            _, rows, _ = await select(RESOURCE_QUERY.format(iri=iri), ())
            quads = [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]
            if not quads:
                return PlainTextResponse(f"no statements about <{iri}>\n", status_code=404)
            view = ResourceView.from_quads(iri, quads)
            iris = {iri} | {t.value for q in quads for t in (q.predicate, q.object)
                            if isinstance(t, ox.NamedNode)}
            _, label_rows, _ = await select(LABELS_QUERY.format(
                values=" ".join(f"<{i}>" for i in sorted(iris)[:2000])), ())
            graphs = {q.graph_name.value for q in quads}
            _, source_rows, _ = await select(SOURCES_QUERY.format(
                values=" ".join(f"<{g}>" for g in sorted(graphs))), ())
        except Refused as exc:
            return PlainTextResponse(f"{exc}\n", status_code=exc.status)
        site = Site(labels_from((r["s"], r["l"]) for r in label_rows),
                    sources_from((r["g"], r["doc"], r["title"]) for r in source_rows),
                    context, link_suffix="", root="",
                    license_iri="https://creativecommons.org/licenses/by/4.0/")
        headers = {"Vary": "Accept"}
        if media == "text/turtle":
            return Response(site.turtle(view), media_type="text/turtle", headers=headers)
        if media == "application/ld+json":
            return Response(site.jsonld(view), media_type="application/ld+json",
                            headers=headers)
        return HTMLResponse(site.html(view), headers=headers)

    async def index(_request) -> Response:
        return HTMLResponse(INDEX)

    async def context_doc(_request) -> Response:
        return JSONResponse({"@context": context}, media_type="application/ld+json")

    @asynccontextmanager
    async def lifespan(_app):
        async with httpx.AsyncClient(timeout=httpx.Timeout(config.timeout + GRACE)) as client:
            http["client"] = client
            yield

    return Starlette(routes=[Route("/", index), Route("/sparql", sparql, methods=["GET", "POST"]),
                             Route("/context.jsonld", context_doc),
                             Route("/id/{path:path}", resource)], lifespan=lifespan)


def _prefixes() -> dict[str, str]:
    from narcokg.namespaces import PREFIXES
    return {k: v for k, v in PREFIXES.items() if k != "id"}

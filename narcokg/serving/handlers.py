"""The endpoint's handlers: ``/sparql`` (SPARQL 1.1 Protocol, GET and POST) and the
resource pages ``/id/...`` (HTML, Turtle or JSON-LD, negotiated)."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pyoxigraph as ox
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response

from narcokg.namespaces import ID
from narcokg.serving.formats import PAGE_MEDIA, choose, negotiate
from narcokg.serving.guard import MAX_QUERY, READ_ONLY, Refused, check_query, read_body

RESOURCE_QUERY = """SELECT ?s ?p ?o ?g WHERE {{
  {{ GRAPH ?g {{ <{iri}> ?p ?o }} BIND(<{iri}> AS ?s) }} UNION
  {{ GRAPH ?g0 {{ <{iri}> ?p0 ?s }} FILTER(isBlank(?s)) GRAPH ?g {{ ?s ?p ?o }} }} }}"""
LABELS_QUERY = """SELECT ?s ?l WHERE {{ VALUES ?s {{ {values} }}
  GRAPH ?g {{ ?s <http://www.w3.org/2000/01/rdf-schema#label>
              |<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }} FILTER(isLiteral(?l)) }}"""
SOURCES_QUERY = """SELECT ?g ?doc ?title WHERE {{ VALUES ?g {{ {values} }}
  GRAPH <https://w3id.org/narcokg/graph/meta> {{ ?g <http://purl.org/dc/terms/source> ?doc
  OPTIONAL {{ ?doc <http://purl.org/dc/terms/title> ?title }} }} }}"""
PAGE_LIMIT = 100_000  # statements read for one resource page
INDEX = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>narcokg</title>
</head><body><h1>narcokg</h1><p>A read-only SPARQL endpoint at <code>/sparql</code> and
dereferenceable resources under <a href="/id/state/BE">/id/</a>.</p>
<form action="/sparql" method="get"><textarea name="query" rows="8" cols="80">
SELECT ?s ?label WHERE { ?s a &lt;https://w3id.org/narcokg/ontology#State&gt; ;
  &lt;http://www.w3.org/2000/01/rdf-schema#label&gt; ?label FILTER(lang(?label) = "en") }
LIMIT 20</textarea><br><button>run</button></form></body></html>"""


def refusal(exc: Refused) -> Response:
    return PlainTextResponse(f"{exc}\n", status_code=exc.status)


class Endpoint:
    """The handlers over an engine pool; ``max_results`` caps every answer."""

    def __init__(self, pool, max_results: int):
        from narcokg.publish import ontology_context

        self.pool, self.max_results = pool, max_results
        self.context = ontology_context()

    async def index(self, _request) -> Response:
        return HTMLResponse(INDEX)

    async def context_doc(self, _request) -> Response:
        return JSONResponse({"@context": self.context}, media_type="application/ld+json")

    async def sparql(self, request) -> Response:
        try:
            query, params = await self._query_of(request)
            if not query:
                if "text/html" in request.headers.get("accept", ""):
                    return HTMLResponse(INDEX)
                raise Refused(400, "no query: pass ?query=... (SPARQL 1.1 Protocol)")
            return await self._run(request, query, params)
        except Refused as exc:
            return refusal(exc)

    async def _query_of(self, request) -> tuple[str | None, list[tuple[str, str]]]:
        """The query text and all parameters (URL and form), or Refused."""
        params = list(request.query_params.multi_items())
        query = request.query_params.get("query")
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype == "application/sparql-update":
                raise Refused(403, READ_ONLY)
            if ctype not in ("application/sparql-query", "application/x-www-form-urlencoded"):
                raise Refused(415, f"unsupported content type {ctype or '(none)'}")
            body = (await read_body(request)).decode("utf-8", "replace")
            if ctype == "application/sparql-query":
                query = body
            else:
                form = parse_qsl(body, max_num_fields=1000)
                params += form
                query = next((v for k, v in form if k == "query"), None)
        if any(k == "update" for k, _ in params):
            raise Refused(403, READ_ONLY)
        if query and len(query) > MAX_QUERY:
            raise Refused(413, f"query longer than {MAX_QUERY} characters")
        return query, params

    async def _run(self, request, query: str, params) -> Response:
        check_query(query)
        wanted = request.query_params.get("format") or request.query_params.get("output")
        results, graph = choose(wanted, request.headers.get("accept", "*/*"))
        answer = await self.pool.run({
            "query": query, "results": results, "graph": graph, "limit": self.max_results,
            "default_graphs": [v for k, v in params if k == "default-graph-uri"],
            "named_graphs": [v for k, v in params if k == "named-graph-uri"]})
        headers = {"X-Narcokg-Truncated": f"max-results={self.max_results}"} \
            if answer.truncated else {}
        return Response(answer.body, media_type=answer.media, headers=headers)

    async def select(self, query: str) -> list:
        """The solutions of one of the pages' own SELECTs."""
        answer = await self.pool.run({"query": query, "results": "text/tab-separated-values",
                                      "graph": "text/turtle", "limit": PAGE_LIMIT})
        return list(ox.parse_query_results(answer.body, ox.QueryResultsFormat.TSV))

    async def resource(self, request) -> Response:
        from narcokg.pages import ResourceView, page_path

        path, media = request.path_params["path"], None
        for ext, forced in ((".html", "text/html"), (".ttl", "text/turtle"),
                            (".jsonld", "application/ld+json")):
            if path.endswith(ext):
                path, media = path[: -len(ext)], forced
        iri = ID + path
        if page_path(iri) is None:
            return PlainTextResponse("not a resource IRI\n", status_code=404)
        media = media or negotiate(request.headers.get("accept", "*/*"), PAGE_MEDIA,
                                   "text/html")
        try:
            rows = await self.select(RESOURCE_QUERY.format(iri=iri))
            quads = [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]
            if not quads:
                return PlainTextResponse(f"no statements about <{iri}>\n", status_code=404)
            site = await self._site(iri, quads)
        except Refused as exc:
            return refusal(exc)
        view, headers = ResourceView.from_quads(iri, quads), {"Vary": "Accept"}
        if media == "text/turtle":
            return Response(site.turtle(view), media_type=media, headers=headers)
        if media == "application/ld+json":
            return Response(site.jsonld(view), media_type=media, headers=headers)
        return HTMLResponse(site.html(view), headers=headers)

    async def _site(self, iri: str, quads: list):
        """The labels and sources a page of ``iri`` shows, as a ``pages.Site``."""
        from narcokg.pages import Site, labels_from, sources_from

        iris = {iri} | {t.value for q in quads for t in (q.predicate, q.object)
                        if isinstance(t, ox.NamedNode)}
        labels = await self.select(LABELS_QUERY.format(
            values=" ".join(f"<{i}>" for i in sorted(iris)[:2000])))
        graphs = sorted({q.graph_name.value for q in quads})
        sources = await self.select(SOURCES_QUERY.format(
            values=" ".join(f"<{g}>" for g in graphs)))
        return Site(labels_from((r["s"], r["l"]) for r in labels),
                    sources_from((r["g"], r["doc"], r["title"]) for r in sources),
                    self.context, link_suffix="", root="",
                    license_iri="https://creativecommons.org/licenses/by/4.0/")

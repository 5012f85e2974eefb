"""The endpoint's handlers: ``/sparql`` (SPARQL 1.1 Protocol, GET and POST) and the
resource pages ``/id/...`` (HTML, Turtle, JSON-LD, N-Triples or RDF/XML, negotiated by
``conneg``, the rule the shipped nginx configuration follows too)."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pyoxigraph as ox
from starlette.responses import JSONResponse, PlainTextResponse, Response

from narcokg.serving import conneg
from narcokg.serving.formats import choose, prefixes
from narcokg.serving.guard import MAX_QUERY, READ_ONLY, Refused, check_query, read_body

BASE = "https://w3id.org/narcokg/"
PAGE_LIMIT = 100_000  # statements read for one resource page


def refusal(exc: Refused) -> Response:
    return PlainTextResponse(f"{exc}\n", status_code=exc.status)


class Endpoint:
    """The handlers over an engine pool (``pages``: the one for resource pages, default
    the same); ``max_results`` caps every answer."""

    def __init__(self, pool, max_results: int, pages=None):
        from narcokg.publication import ontology_context

        self.pool, self.max_results = pool, max_results
        self.pages = pages or pool
        self.context = ontology_context()

    async def context_doc(self, _request) -> Response:
        return JSONResponse({"@context": self.context}, media_type="application/ld+json")

    async def sparql(self, request) -> Response:
        try:
            query, params = await self._query_of(request)
            if not query:
                if "text/html" in request.headers.get("accept", ""):
                    from narcokg.serving.ui import page
                    return await page(request)
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
        headers = {"Vary": "Accept"}
        if answer.truncated:
            headers["X-Narcokg-Truncated"] = f"max-results={self.max_results}"
        return Response(answer.body, media_type=answer.media, headers=headers)

    async def select(self, query: str) -> list:
        """The solutions of one of the pages' own SELECTs."""
        answer = await self.pages.run({"query": query, "results": "text/tab-separated-values",
                                      "graph": "text/turtle", "limit": PAGE_LIMIT})
        return list(ox.parse_query_results(answer.body, ox.QueryResultsFormat.TSV))

    async def resource(self, request) -> Response:
        """A minted IRI under ``/id/``, ``/vocab/``, ``/graph/`` or ``/ontology/<version>``,
        in the representation the Accept header (or a suffix) asks for."""
        from narcokg.publication import live_page, page_path

        path, rep = request.url.path.lstrip("/"), None
        for ext, forced in conneg.BY_EXT.items():
            if path.endswith(ext):
                path, rep = path[: -len(ext)], forced
        iri = BASE + path
        headers = {"Vary": "Accept"}
        if page_path(iri) is None:
            return PlainTextResponse("not a resource IRI\n", status_code=404)
        rep = rep or conneg.representation(request.headers.get("accept"))
        if rep is None:
            return PlainTextResponse(conneg.not_acceptable() + "\n", status_code=406,
                                     headers=headers)
        media = "text/turtle" if rep.name in ("nt", "rdf") else rep.media
        try:
            page = await live_page(self.select, iri, media, self.context)
        except Refused as exc:
            return refusal(exc)
        if page is None:
            return PlainTextResponse(f"no statements about <{iri}>\n", status_code=404,
                                     headers=headers)
        body, media = page
        if rep.name in ("nt", "rdf"):
            body, media = _convert(body, iri, rep), rep.media
        return Response(body, media_type=media, headers=headers)

    async def ontology(self, request) -> Response:
        """The ontology IRI: the ontology file as Turtle (or converted to JSON-LD,
        N-Triples, RDF/XML); for HTML, the page of the ontology IRI built from the store."""
        from narcokg import resources
        from narcokg.namespaces import ONTOLOGY_IRI
        from narcokg.publication import live_page

        headers = {"Vary": "Accept"}
        rep = conneg.representation(request.headers.get("accept"))
        if rep is None:
            return PlainTextResponse(conneg.not_acceptable() + "\n", status_code=406,
                                     headers=headers)
        if rep.name == "html":
            try:
                page = await live_page(self.select, ONTOLOGY_IRI, rep.media, self.context)
            except Refused as exc:
                return refusal(exc)
            if page is None:
                return PlainTextResponse("the ontology is not in this store\n",
                                         status_code=404, headers=headers)
            return Response(page[0], media_type=page[1], headers=headers)
        turtle = (resources.ontology_dir() / "narcokg.ttl").read_bytes()
        body = turtle if rep.name == "ttl" else _convert(turtle, ONTOLOGY_IRI, rep)
        return Response(body, media_type=rep.media, headers=headers)


def _convert(turtle: str | bytes, iri: str, rep) -> bytes:
    """Turtle as N-Triples, RDF/XML or (plain, expanded) JSON-LD."""
    data = turtle.encode() if isinstance(turtle, str) else turtle
    triples = list(ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=iri))
    fmt = {"nt": ox.RdfFormat.N_TRIPLES, "rdf": ox.RdfFormat.RDF_XML,
           "jsonld": ox.RdfFormat.JSON_LD}[rep.name]
    return ox.serialize(triples, format=fmt,
                        **({} if rep.name == "nt" else {"prefixes": prefixes()}))

"""Resource pages built on request (``serve``): the same ``Site`` as the release, fed by a
handful of SELECTs over the endpoint instead of the store's indexes. ``select`` is the
server's own async query function (solutions with ``row[name]``)."""

from __future__ import annotations

import pyoxigraph as ox

from narcokg import resources
from narcokg.namespaces import GRAPH, NKG
from narcokg.publication.iris import page_path, version_of
from narcokg.publication.labels import derive, derived_query, merge, parts_of
from narcokg.publication.ontology import ontology_html, ontology_version
from narcokg.publication.site import LABELS_OF, Site
from narcokg.publication.view import ResourceView, labels_from, sources_from

CC_BY = "https://creativecommons.org/licenses/by/4.0/"
RESOURCE_QUERY = """SELECT ?s ?p ?o ?g WHERE {{
  {{ GRAPH ?g {{ <{iri}> ?p ?o }} BIND(<{iri}> AS ?s) }} UNION
  {{ GRAPH ?g0 {{ <{iri}> ?p0 ?s }} FILTER(isBlank(?s)) GRAPH ?g {{ ?s ?p ?o }} }} }}"""
EVENTS_QUERY = f"""SELECT ?s ?p ?o ?g WHERE {{{{ GRAPH ?g0 {{{{ <{{iri}}> <{NKG}hasEvent> ?s }}}}
  FILTER(isIRI(?s)) GRAPH ?g {{{{ ?s ?p ?o }}}} }}}}"""
INBOUND_QUERY = """SELECT DISTINCT ?s ?p WHERE {{ GRAPH ?g {{ ?s ?p <{iri}> }} FILTER(isIRI(?s))
  }} LIMIT 5000"""
SIZE_QUERY = "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
SOURCES_QUERY = """SELECT ?g ?doc ?title WHERE {{ VALUES ?g {{ {values} }}
  GRAPH <https://w3id.org/narcokg/graph/meta> {{ ?g <http://purl.org/dc/terms/source> ?doc
  OPTIONAL {{ ?doc <http://purl.org/dc/terms/title> ?title }} }} }}"""
MAX_VALUES = 2000  # IRIs whose labels one page asks for


def _quads(rows) -> list[ox.Quad]:
    return [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]


async def _view(select, iri: str) -> ResourceView | None:
    quads = _quads(await select(RESOURCE_QUERY.format(iri=iri)))
    events = _quads(await select(EVENTS_QUERY.format(iri=iri)))
    inbound = [(r["s"].value, r["p"].value) for r in await select(INBOUND_QUERY.format(iri=iri))
               if page_path(r["s"].value)]
    size = None
    if iri.startswith(GRAPH):
        size = int(next(iter(await select(SIZE_QUERY.format(iri=iri))))["n"].value)
    if not (quads or events or inbound or size or
            (version_of(iri) and version_of(iri) == ontology_version())):
        return None
    return ResourceView.from_quads(iri, quads, events, inbound, size)


async def _site(select, view: ResourceView, quads_iris: set[str], context: dict) -> Site:
    iris = sorted(quads_iris)[:MAX_VALUES]
    derived_rows = list(await select(derived_query(iris))) if iris else []
    wanted = sorted(set(iris) | parts_of(derived_rows))[:MAX_VALUES]
    labels = labels_from((r["s"], r["l"]) for r in await select(LABELS_OF.format(
        values=" ".join(f"<{i}>" for i in wanted))))
    graphs = sorted({g for s in view.statements for g in s.graphs if g}
                    | {g for stmts in view.events.values() for s in stmts for g in s.graphs
                       if g} | ({view.iri} if view.size is not None else set()))
    sources = sources_from((r["g"], r["doc"], r["title"]) for r in await select(
        SOURCES_QUERY.format(values=" ".join(f"<{g}>" for g in graphs)))) if graphs else {}
    return Site(merge(labels, derive(derived_rows, labels)), sources, context,
                link_suffix="", root="", license_iri=CC_BY)


async def live_page(select, iri: str, media: str, context: dict):
    """(body, media type) of the page of ``iri`` in ``media`` (text/html, text/turtle or
    application/ld+json), or None when the endpoint knows nothing about it."""
    version = version_of(iri)
    prior = resources.ontology_version_files().get(version) if version else None
    if prior is not None and version != ontology_version():  # an earlier version, as released
        return _prior_version(prior, media)
    view = await _view(select, iri)
    if view is None:
        return None
    if media == "text/turtle" and version_of(iri):
        return (resources.ontology_dir() / "narcokg.ttl").read_bytes(), media
    site = await _site(select, view, view.named(), context)
    if media == "text/turtle":
        return site.turtle(view), media
    if media == "application/ld+json":
        return site.jsonld(view), media
    return site.html(view), "text/html"


def _prior_version(path, media: str):
    """(body, media type) of an earlier ontology version: Turtle, JSON-LD or its pyLODE page."""
    if media == "text/turtle":
        return path.read_bytes(), media
    if media == "application/ld+json":
        return ox.serialize(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE),
                            format=ox.RdfFormat.JSON_LD), media
    return ontology_html(path), "text/html"

"""Media types of the endpoint and content negotiation."""

from __future__ import annotations

import pyoxigraph as ox

RESULT_FORMATS = {  # media type -> pyoxigraph format
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
BOOLEAN_MEDIA = ("application/sparql-results+json", "application/json",
                 "application/sparql-results+xml", "application/xml")  # no boolean in CSV/TSV
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
GRAPH_SHORT = {**SHORT, "xml": "application/rdf+xml", "json": "application/ld+json"}
PAGE_MEDIA = {"text/html": 1, "application/xhtml+xml": 1, "text/turtle": 1,
              "application/ld+json": 1}


def negotiate(accept: str, offered: dict, default: str) -> str:
    """The offered media type the Accept header prefers (q-values honoured)."""
    choices = []
    for i, part in enumerate(accept.split(",")[:64]):
        fields = [f.strip() for f in part.split(";")]
        media, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        choices.append((-q, i, media))
    for minus_q, _i, media in sorted(choices):
        if minus_q == 0:
            continue
        if media in offered:
            return media
        if media == "*/*":
            return default
        if media.endswith("/*"):
            family = [o for o in offered if o.startswith(media[:-1])]
            if family:
                return default if default in family else family[0]
    return default


def choose(wanted: str | None, accept: str) -> tuple[str, str]:
    """The media types for a solutions answer and for a graph answer: ``?format=`` (or
    ``?output=``) first, else the Accept header."""
    results = SHORT.get(wanted or "")
    if results not in RESULT_FORMATS:
        results = negotiate(accept, RESULT_FORMATS, "application/sparql-results+json")
    graph = GRAPH_SHORT.get(wanted or "")
    if graph not in GRAPH_FORMATS:
        graph = negotiate(accept, GRAPH_FORMATS, "text/turtle")
    return results, graph


def prefixes() -> dict[str, str]:
    from narcokg.namespaces import PREFIXES
    return {k: v for k, v in PREFIXES.items() if k != "id"}

"""The DCAT + VoID description of a release (``void.ttl``): what the dataset is, its
licence and version, true triple counts per named graph and in total, example resources,
the SPARQL endpoint, the dump files (which are gzipped) and the vocabularies it uses."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from narcokg.namespaces import GRAPH_META, NKG, ONTOLOGY_IRI, PREFIXES

DCT, DCAT, VOID = PREFIXES["dcterms"], PREFIXES["dcat"], PREFIXES["void"]
XSD, RDF = PREFIXES["xsd"], PREFIXES["rdf"]
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
IANA = "http://www.iana.org/assignments/media-types/"
GZIP = IANA + "application/gzip"

TITLE = {
    "en": "narcokg: a knowledge graph of international drug policy",
    "nl": "narcokg: een kennisgraaf van het internationale drugsbeleid",
    "fr": "narcokg : un graphe de connaissances de la politique internationale des drogues",
}
DESCRIPTION = {
    "en": "The actors and instruments of international drug policy: states, organisations, "
          "ports, liaison posts, treaties with per-party participation records, sanctions, "
          "and the Belgian Chamber resolution proposal of 21 January 2026 with its demands. "
          "One named graph per source; every subject cites its source.",
    "nl": "De actoren en instrumenten van het internationale drugsbeleid: staten, "
          "organisaties, havens, liaisonposten, verdragen met deelnamerecords per partij, "
          "sancties, en het voorstel van resolutie van de Kamer van 21 januari 2026 met zijn "
          "verzoeken. Eén benoemde graaf per bron; elk subject vermeldt zijn bron.",
    "fr": "Les acteurs et instruments de la politique internationale en matière de drogues : "
          "États, organisations, ports, postes de liaison, traités avec leurs actes de "
          "participation par partie, sanctions, et la proposition de résolution de la Chambre "
          "du 21 janvier 2026 avec ses demandes. Un graphe nommé par source ; chaque sujet "
          "cite sa source.",
}


@dataclass
class Dump:
    path: str          # relative to the release root, e.g. dumps/narcokg.nq.gz
    media_type: str    # of the RDF inside, e.g. application/n-quads
    title: str
    gzipped: bool
    size: int


def describe(*, base_url: str, version: str, issued: str, sparql_endpoint: str | None,
             graph_triples: dict[str, int], total_triples: int, entities: int,
             dumps: list[Dump], examples: list[str], vocabularies: list[str],
             graph_sources: dict[str, list[str]]) -> bytes:
    base = base_url.rstrip("/")
    ds = ox.NamedNode(f"{base}/void.ttl#narcokg")
    triples: list[ox.Triple] = []

    def add(s, p: str, o) -> None:
        triples.append(ox.Triple(s, ox.NamedNode(p), o))

    def lit(value, datatype: str | None = None, lang: str | None = None) -> ox.Literal:
        if lang:
            return ox.Literal(str(value), language=lang)
        return ox.Literal(str(value), datatype=ox.NamedNode(datatype or XSD + "string"))

    add(ds, RDF + "type", ox.NamedNode(VOID + "Dataset"))
    add(ds, RDF + "type", ox.NamedNode(DCAT + "Dataset"))
    for lang in ("en", "nl", "fr"):
        add(ds, DCT + "title", lit(TITLE[lang], lang=lang))
        add(ds, DCT + "description", lit(DESCRIPTION[lang], lang=lang))
    add(ds, DCT + "license", ox.NamedNode(CC_BY))
    add(ds, DCT + "issued", lit(issued, XSD + "date"))
    add(ds, DCAT + "version", lit(version))
    add(ds, PREFIXES["owl"] + "versionInfo", lit(version))
    add(ds, DCT + "conformsTo", ox.NamedNode(f"{ONTOLOGY_IRI}/{version}"))
    add(ds, DCAT + "landingPage", ox.NamedNode(f"{base}/index.html"))
    add(ds, VOID + "uriSpace", lit(PREFIXES["id"]))
    add(ds, VOID + "triples", lit(total_triples, XSD + "integer"))
    add(ds, VOID + "entities", lit(entities, XSD + "integer"))
    add(ds, VOID + "rootResource", ox.NamedNode(ONTOLOGY_IRI))
    if sparql_endpoint:
        add(ds, VOID + "sparqlEndpoint", ox.NamedNode(sparql_endpoint))
    for iri in examples:
        add(ds, VOID + "exampleResource", ox.NamedNode(iri))
    for iri in vocabularies:
        add(ds, VOID + "vocabulary", ox.NamedNode(iri))
    for graph, n in sorted(graph_triples.items()):
        g = ox.NamedNode(graph)
        add(ds, VOID + "subset", g)
        add(g, RDF + "type", ox.NamedNode(VOID + "Dataset"))
        add(g, VOID + "triples", lit(n, XSD + "integer"))
        for doc in graph_sources.get(graph, []):
            add(g, DCT + "source", ox.NamedNode(doc))
        if graph == GRAPH_META:
            add(g, DCT + "description", lit("Where each named graph comes from.", lang="en"))
    for dump in dumps:
        url = ox.NamedNode(f"{base}/{dump.path}")
        dist = ox.NamedNode(f"{base}/void.ttl#dump-{dump.path.rsplit('/', 1)[-1]}")
        add(ds, VOID + "dataDump", url)
        add(ds, DCAT + "distribution", dist)
        add(dist, RDF + "type", ox.NamedNode(DCAT + "Distribution"))
        add(dist, DCT + "title", lit(dump.title, lang="en"))
        add(dist, DCAT + "downloadURL", url)
        add(dist, DCAT + "mediaType", ox.NamedNode(IANA + dump.media_type))
        add(dist, DCAT + "byteSize", lit(dump.size, XSD + "nonNegativeInteger"))
        add(dist, DCT + "license", ox.NamedNode(CC_BY))
        if dump.gzipped:
            add(dist, DCAT + "compressFormat", ox.NamedNode(GZIP))
    prefixes = {k: PREFIXES[k] for k in ("dcterms", "dcat", "void", "xsd", "owl")}
    prefixes["nkg"] = NKG
    by_subject: dict = {}
    for t in triples:  # the serializer groups consecutive triples of one subject
        by_subject.setdefault(t.subject, []).append(t)
    ordered = [t for group in by_subject.values() for t in group]
    return ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=prefixes)

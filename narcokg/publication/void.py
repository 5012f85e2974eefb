"""The DCAT + VoID description of a release (``void.ttl``): a ``dcat:Catalog`` with its
publisher and contact point, holding the dataset (what it is, its licence and version, true
triple counts per named graph and in total, example resources, the dump files, which are
gzipped, and the vocabularies it uses) and the SPARQL endpoint as a ``dcat:DataService``."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from narcokg.namespaces import GRAPH_META, NKG, ONTOLOGY_IRI, PREFIXES

DCT, DCAT, VOID = PREFIXES["dcterms"], PREFIXES["dcat"], PREFIXES["void"]
XSD, RDF = PREFIXES["xsd"], PREFIXES["rdf"]
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
IANA = "http://www.iana.org/assignments/media-types/"
GZIP = IANA + "application/gzip"
FOAF = PREFIXES["foaf"]
VCARD = "http://www.w3.org/2006/vcard/ns#"
SPARQL_PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"
DEFAULT_PUBLISHER = "narcokg"  # who publishes a release: publish --publisher

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


class _Triples(list):
    def add(self, s, p: str, o) -> None:
        self.append(ox.Triple(s, ox.NamedNode(p), o))


def lit(value, datatype: str | None = None, lang: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(str(value), language=lang)
    return ox.Literal(str(value), datatype=ox.NamedNode(datatype or XSD + "string"))


def _catalog(t: _Triples, base: str, ds, endpoint: str | None, publisher: str,
             contact: str | None) -> None:
    """The dcat:Catalog holding the dataset, its publisher and contact point, and the
    SPARQL endpoint as a dcat:DataService."""
    catalog = ox.NamedNode(f"{base}/void.ttl#catalog")
    agent = ox.NamedNode(f"{base}/void.ttl#publisher")
    point = ox.NamedNode(f"{base}/void.ttl#contact")
    t.add(catalog, RDF + "type", ox.NamedNode(DCAT + "Catalog"))
    for lang in ("en", "nl", "fr"):
        t.add(catalog, DCT + "title", lit(TITLE[lang], lang=lang))
    t.add(catalog, DCAT + "dataset", ds)
    t.add(catalog, DCT + "publisher", agent)
    t.add(catalog, DCAT + "contactPoint", point)
    t.add(catalog, DCT + "license", ox.NamedNode(CC_BY))
    t.add(catalog, FOAF + "homepage", ox.NamedNode(f"{base}/index.html"))
    t.add(ds, DCT + "publisher", agent)
    t.add(ds, DCAT + "contactPoint", point)
    t.add(agent, RDF + "type", ox.NamedNode(FOAF + "Agent"))
    t.add(agent, FOAF + "name", lit(publisher))
    t.add(point, RDF + "type", ox.NamedNode(VCARD + "Kind"))
    t.add(point, VCARD + "fn", lit(publisher))
    t.add(point, VCARD + "hasURL", ox.NamedNode(f"{base}/index.html"))
    if contact:
        t.add(point, VCARD + "hasEmail", ox.NamedNode(f"mailto:{contact}"))
    if endpoint:
        service = ox.NamedNode(f"{base}/void.ttl#sparql")
        t.add(catalog, DCAT + "service", service)
        t.add(service, RDF + "type", ox.NamedNode(DCAT + "DataService"))
        t.add(service, DCT + "title", lit("narcokg SPARQL endpoint", lang="en"))
        t.add(service, DCAT + "endpointURL", ox.NamedNode(endpoint))
        t.add(service, DCT + "conformsTo", ox.NamedNode(SPARQL_PROTOCOL))
        t.add(service, DCAT + "servesDataset", ds)
        t.add(service, DCT + "publisher", agent)
        t.add(ds, VOID + "sparqlEndpoint", ox.NamedNode(endpoint))


def _dataset(t: _Triples, base: str, ds, version: str, issued: str, total_triples: int,
             entities: int) -> None:
    t.add(ds, RDF + "type", ox.NamedNode(VOID + "Dataset"))
    t.add(ds, RDF + "type", ox.NamedNode(DCAT + "Dataset"))
    for lang in ("en", "nl", "fr"):
        t.add(ds, DCT + "title", lit(TITLE[lang], lang=lang))
        t.add(ds, DCT + "description", lit(DESCRIPTION[lang], lang=lang))
    t.add(ds, DCT + "license", ox.NamedNode(CC_BY))
    t.add(ds, DCT + "issued", lit(issued, XSD + "date"))
    t.add(ds, DCAT + "version", lit(version))
    t.add(ds, PREFIXES["owl"] + "versionInfo", lit(version))
    t.add(ds, DCT + "conformsTo", ox.NamedNode(f"{ONTOLOGY_IRI}/{version}"))
    t.add(ds, DCAT + "landingPage", ox.NamedNode(f"{base}/index.html"))
    t.add(ds, VOID + "uriSpace", lit(PREFIXES["id"]))
    t.add(ds, VOID + "triples", lit(total_triples, XSD + "integer"))
    t.add(ds, VOID + "entities", lit(entities, XSD + "integer"))
    t.add(ds, VOID + "rootResource", ox.NamedNode(ONTOLOGY_IRI))


def _subsets(t: _Triples, ds, graph_triples: dict[str, int],
             graph_sources: dict[str, list[str]]) -> None:
    for graph, n in sorted(graph_triples.items()):
        g = ox.NamedNode(graph)
        t.add(ds, VOID + "subset", g)
        t.add(g, RDF + "type", ox.NamedNode(VOID + "Dataset"))
        t.add(g, VOID + "triples", lit(n, XSD + "integer"))
        for doc in graph_sources.get(graph, []):
            t.add(g, DCT + "source", ox.NamedNode(doc))
        if graph == GRAPH_META:
            t.add(g, DCT + "description", lit("Where each named graph comes from.", lang="en"))


def _distributions(t: _Triples, base: str, ds, dumps: list[Dump]) -> None:
    for dump in dumps:
        url = ox.NamedNode(f"{base}/{dump.path}")
        dist = ox.NamedNode(f"{base}/void.ttl#dump-{dump.path.rsplit('/', 1)[-1]}")
        t.add(ds, VOID + "dataDump", url)
        t.add(ds, DCAT + "distribution", dist)
        t.add(dist, RDF + "type", ox.NamedNode(DCAT + "Distribution"))
        t.add(dist, DCT + "title", lit(dump.title, lang="en"))
        t.add(dist, DCAT + "downloadURL", url)
        t.add(dist, DCAT + "mediaType", ox.NamedNode(IANA + dump.media_type))
        t.add(dist, DCAT + "byteSize", lit(dump.size, XSD + "nonNegativeInteger"))
        t.add(dist, DCT + "license", ox.NamedNode(CC_BY))
        if dump.gzipped:
            t.add(dist, DCAT + "compressFormat", ox.NamedNode(GZIP))


def describe(*, base_url: str, version: str, issued: str, sparql_endpoint: str | None,
             graph_triples: dict[str, int], total_triples: int, entities: int,
             dumps: list[Dump], examples: list[str], vocabularies: list[str],
             graph_sources: dict[str, list[str]], publisher: str = DEFAULT_PUBLISHER,
             contact: str | None = None) -> bytes:
    """void.ttl: the catalogue, the dataset with its subsets and distributions, the
    endpoint as a data service."""
    base = base_url.rstrip("/")
    ds = ox.NamedNode(f"{base}/void.ttl#narcokg")
    t = _Triples()
    _dataset(t, base, ds, version, issued, total_triples, entities)
    _catalog(t, base, ds, sparql_endpoint, publisher, contact)
    for iri in examples:
        t.add(ds, VOID + "exampleResource", ox.NamedNode(iri))
    for iri in vocabularies:
        t.add(ds, VOID + "vocabulary", ox.NamedNode(iri))
    _subsets(t, ds, graph_triples, graph_sources)
    _distributions(t, base, ds, dumps)
    prefixes = {k: PREFIXES[k] for k in ("dcterms", "dcat", "void", "xsd", "owl", "foaf")}
    prefixes.update(nkg=NKG, vcard=VCARD)
    by_subject: dict = {}
    for triple in t:  # the serializer groups consecutive triples of one subject
        by_subject.setdefault(triple.subject, []).append(triple)
    ordered = [x for group in by_subject.values() for x in group]
    return ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=prefixes)

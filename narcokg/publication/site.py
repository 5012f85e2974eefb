"""Resource pages: one description of a minted IRI rendered as HTML (for people, by
``narcokg.publication.html``), Turtle and JSON-LD (for machines). Shared by ``publish``
(static files) and ``serve`` (pages built on request), so both look and behave the same."""

from __future__ import annotations

import json
import posixpath
from urllib.parse import quote

import pyoxigraph as ox

from narcokg.namespaces import DCT_SOURCE, GRAPH, PREFIXES
from narcokg.publication import html as page_html
from narcokg.publication.iris import page_path, version_of
from narcokg.publication.jsonld import Compactor
from narcokg.publication.labels import LANGS, derive, derived_query, merge, parts_of
from narcokg.publication.view import ResourceView, labels_from, sources_from

RDFS_LABEL = PREFIXES["rdfs"] + "label"
SKOS = PREFIXES["skos"]
LABELS_QUERY = f"""SELECT ?s ?l WHERE {{ GRAPH ?g {{ ?s <{RDFS_LABEL}>|<{SKOS}prefLabel> ?l }}
  FILTER(isIRI(?s) && isLiteral(?l)) }}"""
LABELS_OF = """SELECT ?s ?l WHERE {{ VALUES ?s {{ {values} }}
  GRAPH ?g {{ ?s <http://www.w3.org/2000/01/rdf-schema#label>
              |<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }} FILTER(isLiteral(?l)) }}"""
CHUNK = 1000  # IRIs per VALUES block


def _chunks(iris: list[str]):
    for i in range(0, len(iris), CHUNK):
        yield iris[i:i + CHUNK]


def _values(iris) -> str:
    return " ".join(f"<{i}>" for i in iris)


def sources_of(store: ox.Store) -> dict:
    """{graph: [(source document, title)]} from the store's graph/meta."""
    return sources_from((r["g"], r["doc"], r["title"]) for r in store.query(SOURCES_QUERY))


SOURCES_QUERY = f"""SELECT ?g ?doc ?title WHERE {{ GRAPH <{GRAPH}meta> {{
  ?g <{DCT_SOURCE}> ?doc OPTIONAL {{ ?doc <{PREFIXES['dcterms']}title> ?title }} }} }}"""


class Site:
    """Renders pages with the labels, sources and JSON-LD context of one dataset.

    ``link_suffix`` is appended to links between pages (``.html`` for static files, empty
    where the server negotiates); ``root`` is the landing page relative to the release root.
    """

    def __init__(self, labels: dict, sources: dict, context: dict, link_suffix: str = ".html",
                 root: str = "index.html", license_iri: str | None = None):
        self.labels, self.sources, self.context = labels, sources, context
        self.link_suffix, self.root, self.license_iri = link_suffix, root, license_iri
        self.compactor = Compactor(context)
        self.titles = {doc: title for docs in sources.values() for doc, title in docs if title}
        self.prefixes = sorted(((ns, p) for p, ns in PREFIXES.items() if p != "id"),
                               key=lambda item: -len(item[0]))

    @classmethod
    def from_store(cls, store: ox.Store, context: dict, **kwargs) -> Site:
        labels = labels_from((r["s"], r["l"]) for r in store.query(LABELS_QUERY))
        labels = merge(labels, derive(store.query(derived_query()), labels))
        return cls(labels, sources_of(store), context, **kwargs)

    @classmethod
    def for_iris(cls, store: ox.Store, context: dict, iris, **kwargs) -> Site:
        """A site that knows the labels of ``iris`` only (and of the parts their derived
        labels name): the pages that name nothing else need no more. A few VALUES queries
        per ``CHUNK`` IRIs instead of every label of the store (10M quads: 500k labels and
        780k derived rows, ~65 s, for 25k pages)."""
        iris = sorted(iris)
        rows = [r for chunk in _chunks(iris) for r in store.query(derived_query(chunk))]
        wanted = sorted(set(iris) | parts_of(rows))
        labels = labels_from((r["s"], r["l"]) for chunk in _chunks(wanted)
                             for r in store.query(LABELS_OF.format(values=_values(chunk))))
        labels = merge(labels, derive(rows, labels))
        return cls(labels, sources_of(store), context, **kwargs)

    # -- names -------------------------------------------------------------------------
    def curie(self, iri: str) -> str:
        for ns, prefix in self.prefixes:
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return iri

    def label(self, iri: str, lang: str = "en") -> str:
        found = self.labels.get(iri)
        if found:
            for key in (lang, *LANGS, ""):
                if key in found:
                    return found[key]
            return next(iter(found.values()))
        if iri in self.titles:  # a source document, by its dcterms:title
            return self.titles[iri]
        if version_of(iri):
            return f"narcokg ontology {version_of(iri)}"
        path = page_path(iri)
        return path if path else self.curie(iri)

    def href(self, from_iri: str, to_iri: str) -> str:
        """A relative link between two pages, or the IRI itself for anything else."""
        here, there = page_path(from_iri), page_path(to_iri)
        if here is None or there is None:
            return to_iri
        folder = posixpath.relpath(posixpath.dirname(there) or ".",
                                   posixpath.dirname(here) or ".")
        leaf = posixpath.basename(there)
        rel = leaf if folder == "." else f"{folder}/{leaf}"
        return quote(rel, safe="/-._~") + self.link_suffix

    def root_href(self, iri: str) -> str:
        return "../" * (page_path(iri) or "").count("/") + self.root

    # -- formats -----------------------------------------------------------------------
    def html(self, view: ResourceView) -> str:
        return page_html.render(self, view)

    def turtle(self, view: ResourceView) -> bytes:
        triples = view.triples()
        used = {}
        for t in triples:
            for term in (t.predicate, t.object, t.subject):
                value = term.datatype.value if isinstance(term, ox.Literal) else term.value
                for ns, prefix in self.prefixes:
                    if value.startswith(ns):
                        used[prefix] = ns
                        break
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE,
                            prefixes=dict(sorted(used.items())))

    def rdf(self, view: ResourceView, rdf_format: ox.RdfFormat) -> bytes:
        """The page's statements in another RDF syntax (N-Triples, RDF/XML)."""
        return ox.serialize(view.triples(), format=rdf_format)

    def jsonld(self, view: ResourceView) -> str:
        compactor = self.compactor.fresh()
        nodes = [compactor.node(ox.NamedNode(view.iri),
                                [(s.predicate, s.object) for s in view.statements])]
        for key, stmts in view.blank.items():
            nodes.append(compactor.node(ox.BlankNode(key), [(s.predicate, s.object)
                                                             for s in stmts]))
        doc = {"@context": compactor.subset()}
        if len(nodes) == 1:
            doc.update(nodes[0])
        else:
            doc["@graph"] = nodes
        return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"

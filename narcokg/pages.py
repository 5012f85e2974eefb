"""Resource pages: one description of a resource under ``https://w3id.org/narcokg/id/``
rendered as HTML (for people), Turtle and JSON-LD (for machines). Shared by ``publish``
(static files) and ``serve`` (pages built on request from the SPARQL backend), so both look
and behave the same.

A page shows every statement about the resource (and about the blank nodes it points to)
with the named graphs it comes from, and each graph's source document from ``graph/meta``.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import quote

import pyoxigraph as ox

from narcokg.namespaces import DCT_SOURCE, GRAPH, ID, PREFIXES, RDF_TYPE
from narcokg.publish_jsonld import Compactor

RDFS_LABEL = PREFIXES["rdfs"] + "label"
SKOS = PREFIXES["skos"]
LABEL_PREDICATES = (RDFS_LABEL, SKOS + "prefLabel")
LANGS = ("en", "nl", "fr")
FIRST = {RDF_TYPE: 0, RDFS_LABEL: 1, SKOS + "prefLabel": 1, SKOS + "altLabel": 2}
# only these become links: anything else (javascript:, data:, ...) is shown as text
WEB_LINK = re.compile(r"https?://[^\s\x00-\x20\x7f-\x9f\"'<>`]*", re.IGNORECASE)
PAGE_PATH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~\-]*(/[A-Za-z0-9][A-Za-z0-9._~\-]*)*$")
LABELS_QUERY = f"""SELECT ?s ?l WHERE {{ GRAPH ?g {{ ?s <{RDFS_LABEL}>|<{SKOS}prefLabel> ?l }}
  FILTER(isIRI(?s) && isLiteral(?l)) }}"""
SOURCES_QUERY = f"""SELECT ?g ?doc ?title WHERE {{ GRAPH <{GRAPH}meta> {{
  ?g <{DCT_SOURCE}> ?doc OPTIONAL {{ ?doc <{PREFIXES['dcterms']}title> ?title }} }} }}"""

STYLE = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;
color:#222}header a{color:#555;text-decoration:none}h1{margin-bottom:.2rem}.iri{color:#555;
word-break:break-all}.alt{color:#444}table{border-collapse:collapse;width:100%}th,td{text-align:
left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid #ddd}th{background:#f3f3f3}
small{color:#777}td.src{font-size:.85em}footer{margin-top:1.5rem;color:#666;font-size:.85em}"""


def link(href: str, text: str, title: str | None = None, own: bool = False) -> str:
    """``<a href>`` for an http(s) URL or (``own``) a relative link this module made;
    escaped text for anything else, so a stored ``javascript:`` IRI is never clickable."""
    e = html.escape
    hint = f' title="{e(title)}"' if title else ""
    if own or WEB_LINK.fullmatch(href):
        return f'<a href="{e(href)}"{hint}>{e(text)}</a>'
    return f"<span{hint}>{e(text)}</span>"


def page_path(iri: str) -> str | None:
    """``state/BE`` for ``https://w3id.org/narcokg/id/state/BE``; None when the IRI is not a
    data IRI or would not make a safe file path."""
    if not iri.startswith(ID):
        return None
    path = iri[len(ID):]
    if not PAGE_PATH.match(path) or any(part in (".", "..") for part in path.split("/")):
        return None
    return path


@dataclass
class Statement:
    predicate: ox.NamedNode
    object: object
    graphs: list = field(default_factory=list)


@dataclass
class ResourceView:
    """What a page says: statements about ``iri`` and about the blank nodes it reaches."""

    iri: str
    statements: list[Statement]
    blank: dict[str, list[Statement]] = field(default_factory=dict)

    @classmethod
    def from_quads(cls, iri: str, quads) -> ResourceView:
        by_subject: dict = {}
        for q in quads:
            key = q.subject.value if isinstance(q.subject, ox.BlankNode) else None
            if key is None and q.subject.value != iri:
                continue
            rows = by_subject.setdefault(key, {})
            graph = q.graph_name.value if not isinstance(q.graph_name, ox.DefaultGraph) else ""
            rows.setdefault((q.predicate, q.object), []).append(graph)
        def stmts(rows):
            return [Statement(p, o, sorted(set(g))) for (p, o), g in rows.items()]
        main = stmts(by_subject.pop(None, {}))
        return cls(iri, main, {k: stmts(v) for k, v in by_subject.items()})

    def triples(self) -> list[ox.Triple]:
        subject = ox.NamedNode(self.iri)
        out = [ox.Triple(subject, s.predicate, s.object) for s in self.statements]
        for key, stmts in self.blank.items():
            out.extend(ox.Triple(ox.BlankNode(key), s.predicate, s.object) for s in stmts)
        return out


def labels_from(rows) -> dict[str, dict[str, str]]:
    """{iri: {lang: label}} from (subject, literal) rows; the first label per language wins."""
    labels: dict[str, dict[str, str]] = {}
    for s, lit in rows:
        labels.setdefault(s.value, {}).setdefault(lit.language or "", lit.value)
    return labels


def sources_from(rows) -> dict[str, list[tuple[str, str | None]]]:
    sources: dict[str, list[tuple[str, str | None]]] = {}
    for g, doc, title in rows:
        entry = (doc.value, title.value if title is not None else None)
        if entry not in sources.setdefault(g.value, []):
            sources[g.value].append(entry)
    return sources


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
        self.prefixes = sorted(((ns, p) for p, ns in PREFIXES.items() if p != "id"),
                               key=lambda item: -len(item[0]))

    @classmethod
    def from_store(cls, store: ox.Store, context: dict, **kwargs) -> Site:
        labels = labels_from((r["s"], r["l"]) for r in store.query(LABELS_QUERY))
        sources = sources_from((r["g"], r["doc"], r["title"]) for r in store.query(SOURCES_QUERY))
        return cls(labels, sources, context, **kwargs)

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
        path = page_path(iri)
        return path if path else self.curie(iri)

    def href(self, from_iri: str, to_iri: str) -> str:
        """A relative link between two pages, or the IRI itself for anything else."""
        here, there = page_path(from_iri), page_path(to_iri)
        if here is None or there is None:
            return to_iri
        rel = posixpath.relpath(there, posixpath.dirname(here) or ".")
        return quote(rel, safe="/-._~") + self.link_suffix

    def root_href(self, iri: str) -> str:
        depth = (page_path(iri) or "").count("/") + 1  # id/<kind>/... below the root
        return "../" * depth + self.root

    # -- HTML --------------------------------------------------------------------------
    def _term(self, page_iri: str, term) -> str:
        e = html.escape
        if isinstance(term, ox.NamedNode):
            own = page_path(page_iri) is not None and page_path(term.value) is not None
            return link(self.href(page_iri, term.value), self.label(term.value), term.value,
                        own)
        if isinstance(term, ox.BlankNode):
            return f"<i>_:{e(term.value)}</i>"
        value = e(term.value).replace("\n", "<br>")
        if term.language:
            lang = e(term.language)
            return f'<span lang="{lang}">{value}</span> <small>@{lang}</small>'
        if term.datatype.value != PREFIXES["xsd"] + "string":
            return f"{value} <small>{e(self.curie(term.datatype.value))}</small>"
        return value

    def _sources(self, graphs: list[str]) -> str:
        e, parts = html.escape, []
        for g in graphs:
            key = g[len(GRAPH):] if g.startswith(GRAPH) else (g or "default graph")
            docs = self.sources.get(g) or []
            if not docs:
                parts.append(f"<span>{e(key)}</span>")
            for doc, title in docs:
                parts.append(link(doc, title or key, f"graph {key}"))
        return "<br>".join(parts)

    def _rows(self, page_iri: str, stmts: list[Statement], view: ResourceView, depth=0) -> str:
        e, out = html.escape, []
        order = sorted(stmts, key=lambda s: (FIRST.get(s.predicate.value, 9),
                                             self.label(s.predicate.value).lower(),
                                             str(s.object)))
        for s in order:
            value = self._term(page_iri, s.object)
            nested = view.blank.get(s.object.value) if isinstance(s.object, ox.BlankNode) else None
            if nested and depth < 3:
                value = f"<table>{self._rows(page_iri, nested, view, depth + 1)}</table>"
            p = s.predicate.value
            name, curie = self.label(p), self.curie(p)
            small = f"<br><small>{e(curie)}</small>" if curie != name else ""
            out.append(f"<tr><th>{link(p, name, p)}{small}</th>"
                       f"<td>{value}</td>"
                       f'<td class="src">{self._sources(s.graphs)}</td></tr>')
        return "\n".join(out)

    def html(self, view: ResourceView) -> str:
        e, iri = html.escape, view.iri
        name = page_path(iri) or iri
        leaf = e(quote(name.rsplit("/", 1)[-1], safe="-._~"))
        title = self.label(iri)
        others = [f'<span lang="{lang}">{e(text)}</span> <small>@{lang}</small>'
                  for lang, text in sorted(self.labels.get(iri, {}).items())
                  if lang in LANGS and text != title]
        licence = (f" Data licence: {link(self.license_iri, 'CC BY 4.0')}."
                   if self.license_iri else "")
        return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)} · narcokg</title>
<link rel="alternate" type="text/turtle" href="{leaf}.ttl">
<link rel="alternate" type="application/ld+json" href="{leaf}.jsonld">
<style>{STYLE}</style></head>
<body><header><a href="{e(self.root_href(iri))}">narcokg</a> › {e(name)}</header>
<h1>{e(title)}</h1>
<p class="iri"><code>{e(iri)}</code></p>
{'<p class="alt">' + ' · '.join(others) + '</p>' if others else ''}
<table><thead><tr><th>property</th><th>value</th><th>source</th></tr></thead><tbody>
{self._rows(iri, view.statements, view)}
</tbody></table>
<footer>Also as <a href="{leaf}.ttl">Turtle</a> · <a href="{leaf}.jsonld">JSON-LD</a>.{licence}
</footer></body></html>
"""

    # -- machine formats -----------------------------------------------------------------
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

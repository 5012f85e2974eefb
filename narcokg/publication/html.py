"""The HTML of a resource page: its statements, its events as a participation table, the
resources that point to it, and its sources cited once each as numbered notes. Every link is
an http(s) URL or a relative link the page made (``view.link``); every text is escaped."""

from __future__ import annotations

import html
from urllib.parse import quote

import pyoxigraph as ox

from narcokg.namespaces import DCT_SOURCE, GRAPH, NKG, ONTOLOGY_IRI, PREFIXES, RDF_TYPE
from narcokg.publication.iris import page_path, version_of
from narcokg.publication.view import ResourceView, Statement, link

e = html.escape
SKOS = PREFIXES["skos"]
FIRST = {RDF_TYPE: 0, PREFIXES["rdfs"] + "label": 1, SKOS + "prefLabel": 1, SKOS + "altLabel": 2}
EVENT_COLUMNS = (NKG + "participant", NKG + "eventType", NKG + "date")
STYLE = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;
color:#222}header a{color:#555;text-decoration:none}h1{margin-bottom:.2rem}.iri{color:#555;
word-break:break-all}.alt{color:#444}table{border-collapse:collapse;width:100%}th,td{text-align:
left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid #ddd}th{background:#f3f3f3}
small{color:#777}td.src{font-size:.85em;white-space:nowrap}sup a{text-decoration:none}
ol.notes{font-size:.9em}footer{margin-top:1.5rem;color:#666;font-size:.85em}"""


class Notes:
    """Sources cited once per page: each named graph gets a number on first use."""

    def __init__(self, site, page_iri: str):
        self.site, self.page_iri, self.order = site, page_iri, []

    def cite(self, graphs: list[str]) -> str:
        refs = []
        for g in graphs:
            if g not in self.order:
                self.order.append(g)
            n = self.order.index(g) + 1
            refs.append(link(f"#note-{n}", f"[{n}]", self.title(g), own=True))
        return " ".join(refs)

    def title(self, g: str) -> str:
        docs = self.site.sources.get(g) or []
        return docs[0][1] or docs[0][0] if docs else self.key(g)

    @staticmethod
    def key(g: str) -> str:
        return g[len(GRAPH):] if g.startswith(GRAPH) else (g or "default graph")

    def html(self) -> str:
        if not self.order:
            return ""
        items = []
        for n, g in enumerate(self.order, 1):
            docs = [link(doc, title or doc) for doc, title in self.site.sources.get(g) or []]
            graph = link(self.site.href(self.page_iri, g), self.key(g), g,
                         own=page_path(g) is not None and page_path(self.page_iri) is not None)
            items.append(f'<li id="note-{n}">{" · ".join(docs) or e(self.key(g))} '
                         f"<small>(named graph {graph})</small></li>")
        return f'<h2>Sources</h2><ol class="notes">{"".join(items)}</ol>'


def term(site, page_iri: str, value) -> str:
    if isinstance(value, ox.NamedNode):
        own = page_path(page_iri) is not None and page_path(value.value) is not None
        return link(site.href(page_iri, value.value), site.label(value.value), value.value, own)
    if isinstance(value, ox.BlankNode):
        return f"<i>_:{e(value.value)}</i>"
    text = e(value.value).replace("\n", "<br>")
    if value.language:
        lang = e(value.language)
        return f'<span lang="{lang}">{text}</span> <small>@{lang}</small>'
    if value.datatype.value != PREFIXES["xsd"] + "string":
        return f"{text} <small>{e(site.curie(value.datatype.value))}</small>"
    return text


def _predicate(site, p: str, inverse: bool = False) -> str:
    name, curie = site.label(p), site.curie(p)
    small = f"<br><small>{e(curie)}</small>" if curie != name else ""
    return f"<th>{'← ' if inverse else ''}{link(p, name, p)}{small}</th>"


def rows(site, view: ResourceView, stmts: list[Statement], notes: Notes, depth=0) -> str:
    out = []
    order = sorted(stmts, key=lambda s: (FIRST.get(s.predicate.value, 9),
                                         site.label(s.predicate.value).lower(), str(s.object)))
    for s in order:
        if depth == 0 and s.predicate.value == NKG + "hasEvent" and s.object.value in view.events:
            continue  # shown in the participation table
        value = term(site, view.iri, s.object)
        nested = view.blank.get(s.object.value) if isinstance(s.object, ox.BlankNode) else None
        if nested and depth < 3:
            value = f"<table>{rows(site, view, nested, notes, depth + 1)}</table>"
        out.append(f"<tr>{_predicate(site, s.predicate.value)}<td>{value}</td>"
                   f'<td class="src">{notes.cite(s.graphs)}</td></tr>')
    return "\n".join(out)


def events_table(site, view: ResourceView, notes: Notes) -> str:
    if not view.events:
        return ""
    body = []
    for iri, stmts in sorted(view.events.items(), key=lambda kv: _event_key(kv[1])):
        cells = []
        for column in EVENT_COLUMNS:
            values = [term(site, view.iri, s.object) for s in stmts
                      if s.predicate.value == column]
            cells.append("<td>" + ("<br>".join(values) or "—") + "</td>")
        graphs = sorted({g for s in stmts if s.predicate.value == DCT_SOURCE for g in s.graphs}
                        or {g for s in stmts for g in s.graphs})
        record = link(site.href(view.iri, iri), "record", iri, own=page_path(iri) is not None)
        body.append(f"<tr>{''.join(cells)}<td>{record}</td>"
                    f'<td class="src">{notes.cite(graphs)}</td></tr>')
    return ("<h2>Participation and events</h2><table><thead><tr><th>party</th><th>action</th>"
            "<th>date</th><th></th><th>source</th></tr></thead><tbody>\n"
            + "\n".join(body) + "</tbody></table>")


def _event_key(stmts: list[Statement]) -> tuple:
    date = next((s.object.value for s in stmts if s.predicate.value == NKG + "date"), "")
    party = next((s.object.value for s in stmts if s.predicate.value == NKG + "participant"), "")
    return (party, date)


def inbound(site, view: ResourceView) -> str:
    if not view.inbound:
        return ""
    by_predicate: dict[str, list[str]] = {}
    for s, p in view.inbound:
        by_predicate.setdefault(p, []).append(s)
    out = []
    for p, subjects in sorted(by_predicate.items(), key=lambda kv: site.label(kv[0]).lower()):
        items = sorted(((site.label(s), s) for s in subjects), key=lambda x: x[0].lower())
        links = [link(site.href(view.iri, s), name, s, own=page_path(s) is not None)
                 for name, s in items]
        more = view.inbound_counts.get(p, 0) - len(subjects)
        tail = f" <small>… and {more:,} more</small>" if more > 0 else ""
        out.append(f"<tr>{_predicate(site, p, inverse=True)}<td>{' · '.join(links)}{tail}"
                   "</td></tr>")
    return ("<h2>Referenced by</h2><table><tbody>\n" + "\n".join(out) + "</tbody></table>")


def _about(site, view: ResourceView) -> str:
    if view.size is not None:
        return f"<p>A named graph of {view.size:,} statements.</p>"
    version = version_of(view.iri)
    if version:
        docs = link(ONTOLOGY_IRI, "narcokg ontology")
        return f"<p>Version {e(version)} of the {docs}.</p>"
    return ""


def render(site, view: ResourceView) -> str:
    iri, notes = view.iri, Notes(site, view.iri)
    name = page_path(iri) or iri
    leaf = e(quote(name.rsplit("/", 1)[-1], safe="-._~"))
    title = site.label(iri)
    others = [f'<span lang="{lang}">{e(text)}</span> <small>@{lang}</small>'
              for lang, text in sorted(site.labels.get(iri, {}).items())
              if lang in ("en", "nl", "fr") and text != title]
    licence = (f" Data licence: {link(site.license_iri, 'CC BY 4.0')}."
               if site.license_iri else "")
    table = rows(site, view, view.statements, notes)
    extra = events_table(site, view, notes) + inbound(site, view)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)} · narcokg</title>
<link rel="alternate" type="text/turtle" href="{leaf}.ttl">
<link rel="alternate" type="application/ld+json" href="{leaf}.jsonld">
<link rel="alternate" type="application/n-triples" href="{leaf}.nt">
<link rel="alternate" type="application/rdf+xml" href="{leaf}.rdf">
<style>{STYLE}</style></head>
<body><header><a href="{e(site.root_href(iri))}">narcokg</a> › {e(name)}</header>
<h1>{e(title)}</h1>
<p class="iri"><code>{e(iri)}</code></p>
{'<p class="alt">' + ' · '.join(others) + '</p>' if others else ''}{_about(site, view)}
<table><thead><tr><th>property</th><th>value</th><th>source</th></tr></thead><tbody>
{table}
</tbody></table>
{extra}
{notes.html()}
<footer>Also as <a href="{leaf}.ttl">Turtle</a> · <a href="{leaf}.jsonld">JSON-LD</a> ·
<a href="{leaf}.nt">N-Triples</a> · <a href="{leaf}.rdf">RDF/XML</a>.{licence}
</footer></body></html>
"""

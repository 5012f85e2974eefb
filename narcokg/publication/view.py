"""What a resource page says, independent of how it is drawn: the statements about a minted
IRI (and about the blank nodes it reaches), the statements of the events it lists
(``nkg:hasEvent``: participation records, signature, entry into force), the resources that
point to it, and the safe-link rule every page follows."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from narcokg.namespaces import NKG

HAS_EVENT = NKG + "hasEvent"
INBOUND_CAP = 100  # linking resources listed per predicate; the rest are counted
# only these become links: anything else (javascript:, data:, ...) is shown as text
WEB_LINK = re.compile(r"https?://[^\s\x00-\x20\x7f-\x9f\"'<>`]*", re.IGNORECASE)


def link(href: str, text: str, title: str | None = None, own: bool = False) -> str:
    """``<a href>`` for an http(s) URL or (``own``) a relative link a page made itself;
    escaped text for anything else, so a stored ``javascript:`` IRI is never clickable."""
    e = html.escape
    hint = f' title="{e(title)}"' if title else ""
    if own or WEB_LINK.fullmatch(href):
        return f'<a href="{e(href)}"{hint}>{e(text)}</a>'
    return f"<span{hint}>{e(text)}</span>"


@dataclass
class Statement:
    predicate: ox.NamedNode
    object: object
    graphs: list = field(default_factory=list)


def _graph(q) -> str:
    return q.graph_name.value if not isinstance(q.graph_name, ox.DefaultGraph) else ""


def _statements(quads, subject: str | None = None) -> dict:
    """{subject key (None for ``subject``, else the blank node id): [Statement]}."""
    by_subject: dict = {}
    for q in quads:
        key = q.subject.value if isinstance(q.subject, ox.BlankNode) else None
        if key is None and q.subject.value != subject:
            continue
        rows = by_subject.setdefault(key, {})
        rows.setdefault((q.predicate, q.object), []).append(_graph(q))
    return {k: [Statement(p, o, sorted(set(g))) for (p, o), g in rows.items()]
            for k, rows in by_subject.items()}


@dataclass
class ResourceView:
    """What a page says about ``iri``."""

    iri: str
    statements: list[Statement]
    blank: dict[str, list[Statement]] = field(default_factory=dict)
    events: dict[str, list[Statement]] = field(default_factory=dict)
    inbound: list[tuple[str, str]] = field(default_factory=list)  # (subject, predicate)
    inbound_counts: dict[str, int] = field(default_factory=dict)  # predicate: all of them
    size: int | None = None  # for a named graph: the statements it holds

    @classmethod
    def from_quads(cls, iri: str, quads, event_quads=(), inbound=(), size=None
                   ) -> ResourceView:
        """``quads`` about ``iri`` and its blank nodes; ``event_quads`` about the resources
        it names with ``nkg:hasEvent``; ``inbound`` (subject, predicate) IRIs that point to
        it (several per pair are fine)."""
        found = _statements(quads, iri)
        events: dict[str, list] = {}
        for q in event_quads:
            if isinstance(q.subject, ox.NamedNode):
                events.setdefault(q.subject.value, []).append(q)
        view = cls(iri, found.pop(None, []), found, size=size)
        view.events = {e: _statements(qs, e).get(None, []) for e, qs in events.items()}
        view.set_inbound(inbound)
        return view

    def set_inbound(self, pairs) -> None:
        seen: dict[str, set[str]] = {}
        for s, p in pairs:
            if s != self.iri:
                seen.setdefault(p, set()).add(s)
        self.inbound_counts = {p: len(s) for p, s in seen.items()}
        self.inbound = [(s, p) for p, subjects in sorted(seen.items())
                        for s in sorted(subjects)[:INBOUND_CAP]]

    def named(self) -> set[str]:
        """Every IRI the page names (whose label it shows)."""
        terms = [s.predicate for s in self.statements] + [s.object for s in self.statements]
        for stmts in [*self.blank.values(), *self.events.values()]:
            terms += [s.predicate for s in stmts] + [s.object for s in stmts]
        names = {t.value for t in terms if isinstance(t, ox.NamedNode)}
        return names | {self.iri} | set(self.events) | {x for pair in self.inbound for x in pair}

    def event_iris(self) -> list[str]:
        return sorted(s.object.value for s in self.statements
                      if s.predicate.value == HAS_EVENT and isinstance(s.object, ox.NamedNode))

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
    """{graph: [(source document, its title or None)]} from (graph, doc, title) rows."""
    sources: dict[str, list[tuple[str, str | None]]] = {}
    for g, doc, title in rows:
        entry = (doc.value, title.value if title is not None else None)
        if entry not in sources.setdefault(g.value, []):
            sources[g.value].append(entry)
    return sources

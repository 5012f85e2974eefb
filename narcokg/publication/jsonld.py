"""JSON-LD for narcokg: a writer that compacts quads with the generated context
(``narcokg.publication.context``). The writer only ever writes what the context expands back
to the same RDF: a value is written as a plain string only where the term's coercion gives
exactly that term back, otherwise as an explicit ``{"@id"}`` or
``{"@value", "@type"/"@language"}`` object.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO

import pyoxigraph as ox

from narcokg.namespaces import PREFIXES, RDF_TYPE

XSD_STRING = PREFIXES["xsd"] + "string"


class Compactor:
    """Compacts IRIs and values with a generated context; remembers the names it used so a
    page can carry only the part of the context it needs (``subset``)."""

    def __init__(self, context: dict):
        self.context = context
        self.prefixes = sorted(((iri, name) for name, iri in context.items()
                                if isinstance(iri, str) and iri.endswith(("/", "#"))),
                               key=lambda item: -len(item[0]))
        self.terms: dict[str, tuple[str, str | None]] = {}
        for name, definition in context.items():
            if isinstance(definition, dict):
                coerce = definition.get("@type")
                if coerce and coerce != "@id":
                    coerce = self.expand(coerce)
                self.terms[self.expand(definition["@id"])] = (name, coerce)
            elif not definition.endswith(("/", "#")):
                self.terms[self.expand(definition)] = (name, None)
        self.used: set[str] = set()

    def fresh(self) -> Compactor:
        """A compactor sharing this one's tables, with nothing used yet (cheap)."""
        other = object.__new__(Compactor)
        other.context, other.prefixes, other.terms = self.context, self.prefixes, self.terms
        other.used = set()
        return other

    def expand(self, value: str) -> str:
        prefix, sep, rest = value.partition(":")
        if sep and prefix in self.context and isinstance(self.context[prefix], str):
            return self.context[prefix] + rest
        return value

    def iri(self, iri: str) -> str:
        """A compact IRI (``prefix:suffix``) where one is safe, else the IRI itself."""
        for namespace, name in self.prefixes:
            if iri.startswith(namespace):
                suffix = iri[len(namespace):]
                if not suffix.startswith("//"):
                    self.used.add(name)
                    return f"{name}:{suffix}"
        scheme = iri.partition(":")[0]
        if scheme in self.context:  # e.g. a geo: URI would be read back as a compact IRI
            raise ValueError(f"cannot write <{iri}> in JSON-LD: its scheme is a prefix")
        return iri

    def node_id(self, term) -> str:
        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else self.iri(term.value)

    def key(self, predicate: str) -> tuple[str, str | None]:
        if predicate in self.terms:
            name, coerce = self.terms[predicate]
            self.used.add(name)
            return name, coerce
        return self.iri(predicate), None

    def type_name(self, iri: str) -> str:
        if iri in self.terms:
            self.used.add(self.terms[iri][0])
            return self.terms[iri][0]
        return self.iri(iri)

    def value(self, obj, coerce: str | None):
        if isinstance(obj, ox.NamedNode | ox.BlankNode):
            ref = self.node_id(obj)
            return ref if coerce == "@id" else {"@id": ref}
        if obj.language:
            return {"@value": obj.value, "@language": obj.language}
        datatype = obj.datatype.value
        if datatype == XSD_STRING:
            return obj.value if coerce is None else {"@value": obj.value}
        if coerce == datatype:
            return obj.value
        return {"@value": obj.value, "@type": self.iri(datatype)}

    def node(self, subject, pairs: Iterable[tuple]) -> dict:
        """One node object from (predicate, object) pairs about ``subject``."""
        node: dict = {"@id": self.node_id(subject)}
        pairs = list(pairs)
        types = [o for p, o in pairs if p.value == RDF_TYPE]
        iri_types = bool(types) and all(isinstance(o, ox.NamedNode) for o in types)
        if iri_types:
            names = sorted({self.type_name(o.value) for o in types})
            node["@type"] = names[0] if len(names) == 1 else names
        grouped: dict[str, tuple[str | None, list]] = {}
        for p, o in pairs:
            if iri_types and p.value == RDF_TYPE:
                continue
            name, coerce = self.key(p.value)
            grouped.setdefault(name, (coerce, []))[1].append(self.value(o, coerce))
        for name in sorted(grouped):
            values = grouped[name][1]
            node[name] = values[0] if len(values) == 1 else values
        return node

    def subset(self) -> dict:
        """The part of the context this compactor has used so far (prefixes the terms need
        included), in the context's order."""
        needed = set(self.used)
        for name in list(needed):
            definition = self.context.get(name)
            target = definition["@id"] if isinstance(definition, dict) else definition
            coerce = definition.get("@type") if isinstance(definition, dict) else None
            for ref in (target, coerce):
                if ref and ":" in ref and not ref.startswith("@"):
                    needed.add(ref.partition(":")[0])
        return {name: d for name, d in self.context.items() if name in needed}


def nodes_of(quads: Iterable) -> Iterable[tuple[object, list[tuple]]]:
    """Group quads (or triples) that come grouped by subject into (subject, [(p, o)])."""
    current, pairs = None, []
    for q in quads:
        if current is not None and q.subject != current:
            yield current, pairs
            pairs = []
        current = q.subject
        pairs.append((q.predicate, q.object))
    if current is not None:
        yield current, pairs


def write_dataset(store: ox.Store, out: IO[str], context: dict) -> None:
    """The whole dataset as one JSON-LD document: a named-graph object per graph, the
    generated context inlined (the same object as the published ``context.jsonld``), so the
    dump reads back offline."""
    compactor = Compactor(context)
    out.write('{"@context": ')
    out.write(json.dumps(context, ensure_ascii=False, indent=1))
    out.write(',\n"@graph": [')
    first = True

    def emit(text: str) -> None:
        nonlocal first
        out.write("\n" if first else ",\n")
        out.write(text)
        first = False

    for subject, pairs in nodes_of(store.quads_for_pattern(None, None, None, ox.DefaultGraph())):
        emit(json.dumps(compactor.node(subject, pairs), ensure_ascii=False))
    graphs = sorted(store.named_graphs(), key=lambda g: (isinstance(g, ox.BlankNode), g.value))
    for graph in graphs:
        emit('{"@id": ' + json.dumps(compactor.node_id(graph)) + ', "@graph": [')
        inner = True
        for subject, pairs in nodes_of(store.quads_for_pattern(None, None, None, graph)):
            out.write("\n" if inner else ",\n")
            out.write(json.dumps(compactor.node(subject, pairs), ensure_ascii=False))
            inner = False
        out.write("]}")
    out.write("\n]}\n")

"""What a loader hands to the build: a named graph, the document it comes from, its triples."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox


@dataclass
class GraphSource:
    """One named graph of the knowledge graph and the source document behind it.

    ``triples`` is called once by the build; it yields ``pyoxigraph.Triple`` objects (the
    build puts them in ``graph``). ``document`` is the IRI of the source document, the object
    of ``dcterms:source``; ``title`` maps language tags to titles for the meta graph.
    """

    key: str
    graph: str
    document: str
    title: dict[str, str]
    triples: Callable[[], Iterable[ox.Triple]]
    citation: str | None = None  # a bibliographic citation where the document has no URL
    note: str | None = None  # e.g. "secondary copy of UN MTDSG VI-19"
    extra: dict = field(default_factory=dict)


def iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def lit(value, lang: str | None = None, datatype: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(str(value), language=lang)
    if datatype:
        return ox.Literal(str(value), datatype=ox.NamedNode(datatype))
    return ox.Literal(str(value))

"""The validation engines behind one small interface. An engine validates an entry with its
context (``EntryData``), keeping the results whose focus node is in ``keep`` and dropping
those ``drop`` accepts, and validates a whole store. Engines are registered in ``ENGINES``
(name -> module and class, imported only when used): adding one is a module and a line here.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Protocol

import pyoxigraph as ox
from rdflib import Graph

from narcokg.validation.problems import ValidationResult
from narcokg.validation.shapes import ontology_graph, ontology_triples, to_rdflib


@dataclass
class EntryData:
    """An entry to validate: its triples and the store context they need (``triples``, the
    ontology is added here), and the entry's literals as the clerk wrote them (``written``)."""
    triples: list
    written: list

    def graph(self) -> Graph:
        """The data as an rdflib graph, literals as written."""
        return to_rdflib(self.triples, base=ontology_graph())

    def store(self) -> ox.Store:
        """The data in a small in-memory store (literals as the store keeps them)."""
        small = ox.Store()
        small.bulk_extend([ox.Quad(t.subject, t.predicate, t.object)
                           for t in (*self.triples, *ontology_triples())])
        return small


class Engine(Protocol):
    def validate(self, data: EntryData, keep=None, drop=None) -> ValidationResult:
        """The results on ``data`` whose focus is in ``keep`` (None: all), minus ``drop``."""

    def validate_store(self, store_path) -> ValidationResult:
        """Every subject of the store at ``store_path`` (all graphs but graph/meta)."""


ENGINES = {
    "fast": ("narcokg.validation.fast", "FastEngine"),  # the shapes compiled to SPARQL
    "pyshacl": ("narcokg.validation.pyshacl_engine", "PyshaclEngine"),  # the reference
}


def check_engine(name: str) -> None:
    if name not in ENGINES:
        raise ValueError(f"unknown validation engine {name!r} ({' or '.join(ENGINES)})")


def engine(name: str) -> Engine:
    check_engine(name)
    module, cls = ENGINES[name]
    return getattr(importlib.import_module(module), cls)()

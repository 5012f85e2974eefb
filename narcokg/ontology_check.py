"""Kept importable: the ontology check lives in ``narcokg.reasoning`` (``ontology`` for the
ontology alone, ``data`` for the ontology with a store's data)."""

from narcokg.reasoning.ontology import OntologyReport, check_ontology

__all__ = ["OntologyReport", "check_ontology"]

"""Reasoning: the ontology, and the store's data, against the ontology's axioms.

- ``ontology``: ``check_ontology`` (HermiT consistency, unsatisfiable classes, en/nl/fr
  labels and definitions; ``narcokg.ontology_check`` re-exports it)
- ``data``: ``check_data`` (``narcokg ontology check --data``)
- ``axioms``: hierarchy, disjointness, domains and ranges read from the ontology
- ``structural``: every entity's types against every disjointness axiom (also used by
  ``narcokg.validation.disjointness`` for entries); ``candidates``: the entities that may
  clash, found by the store (one counting query per axiom), so only theirs are read
- ``abox``, ``datatypes``: what HermiT is given; ``hermit``: running it; ``explain``: which
  entities make the data inconsistent
"""

"""The fast validation engine: SHACL shapes compiled to SPARQL (``compile``; one shape's
queries: ``shape_jobs``), run on pyoxigraph (``sparql``), for the features listed in
``support``; every other shape goes to pySHACL (``narcokg.validation.pyshacl_engine``)."""

from narcokg.validation.fast.engine import FastEngine, GraphValidation, run_fast, validate_graphs

__all__ = ["FastEngine", "GraphValidation", "run_fast", "validate_graphs"]

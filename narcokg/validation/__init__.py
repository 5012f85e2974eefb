"""Validation: entries and the whole store against the shapes, in the store's context.

The public face; the CLI and the other packages import from here.
- ``api``: validate_entries, validate_all, validate_loaded, check_batch
- ``context``: an entry's store context, and ``load_entries``
- ``policy``: the entry policy (ids, ownership, replacement)
- ``problems``: the result model; ``report``: the one report builder
- ``engines``: the engine interface and registry; ``pyshacl_engine`` (the reference, the one
  place pySHACL is called) and ``fast`` (SHACL compiled to SPARQL)
- ``render``, ``i18n``, ``references``, ``written``: what the clerk reads
"""

from narcokg.validation.api import check_batch, validate_all, validate_entries, validate_loaded
from narcokg.validation.context import load_entries
from narcokg.validation.engines import ENGINES
from narcokg.validation.i18n import input_error
from narcokg.validation.problems import Problem, ValidationResult
from narcokg.validation.render import render
from narcokg.validation.written import quiet_rdflib

__all__ = ["ENGINES", "Problem", "ValidationResult", "check_batch", "input_error",
           "load_entries", "quiet_rdflib", "render", "validate_all", "validate_entries",
           "validate_loaded"]

"""The exact checks in Python, pyshacl's own, where SPARQL and pyshacl (rdflib) could
disagree: the compiled query only selects candidates and these decide. sh:pattern is
Python's ``re`` (a search), the value ranges are pyshacl's ``compare_literal``."""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, SH, XSD

from narcokg.validation.fast.support import Unsupported


def pattern_flag(g: Graph, prop, o) -> tuple:
    """sh:pattern is a search (not anchored). SPARQL's REGEX selects candidates, Python's
    ``re`` (as pyshacl) decides; a pattern Oxigraph's regex cannot run (lookbehind,
    backreferences) goes to pyshacl. The flag: (failure expression over ?value, component,
    exact check)."""
    sflags = str(g.value(prop, SH.flags) or "").lower()
    try:
        rx = re.compile(str(o), (re.I if "i" in sflags else 0) |
                        (re.M if "m" in sflags else 0))
    except re.error as e:
        raise Unsupported(f"sh:pattern {str(o)!r}: {e}") from None
    sflags = "".join(f for f in "im" if f in sflags)
    regex = f"REGEX(STR(?value), {Literal(str(o)).n3()}, \"{sflags}\")"
    probe = "SELECT (" + regex.replace("?value", '""') + " AS ?ok) {}"
    if next(iter(ox.Store().query(probe)))["ok"] is None:
        raise Unsupported(f"sh:pattern {str(o)!r}: not a regex Oxigraph can run")
    return (f"isBlank(?value) || CONTAINS(STR(?value), \"\\n\") || "
            f"!COALESCE({regex}, false)", "Pattern",
            lambda v: not isinstance(v, BNode) and rx.search(lexical(v)) is not None)


def lexical(v) -> str:
    """The string pyshacl matches a pattern against (its value_node_to_string)."""
    if isinstance(v, Literal) and v.value is not None and v.datatype in (None, RDF.langString,
                                                                         XSD.string):
        return str(v.value)
    return str(v)


def range_check(p, bound):
    """pyshacl's check of one value against the range constraint ``p`` with ``bound``."""
    from pyshacl.rdfutil.compare import compare_literal

    want = {SH.minInclusive: lambda c: c >= 0, SH.maxInclusive: lambda c: c <= 0,
            SH.minExclusive: lambda c: c > 0, SH.maxExclusive: lambda c: c < 0}[p]

    def check(v) -> bool:  # pyshacl value_range_constraints, for one value
        if not isinstance(v, Literal):
            return False
        if isinstance(bound.value, str) != isinstance(v.value, str):
            return False
        try:
            return want(compare_literal(v, bound))
        except (TypeError, NotImplementedError):
            return False
    return check

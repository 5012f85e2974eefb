"""A fast SHACL engine: the shapes compiled to SPARQL SELECT queries that run on a pyoxigraph
store, one query per (shape, constraint). pyshacl stays the reference semantics: this engine
compiles exactly the features listed in ``support.SUPPORTED`` and reports
every top-level shape that uses anything else (``Run.unsupported``, with ``Run.reasons``) so
that the caller validates those with pyshacl instead of skipping them. The W3C core and
SHACL-SPARQL suites hold it to that (tests/test_shacl_conformance.py).

Where SPARQL and pyshacl (rdflib) could disagree, the query only selects candidates and the
exact check is pyshacl's own, in Python: sh:datatype (rdflib's ill-typed literals: every
literal of a checked datatype on a shape path is classified once), sh:pattern (Python ``re``,
a search) and the value ranges (pyshacl's ``compare_literal``). The SHACL-SPARQL constraints
run once with ``$this`` unbound, joined with the shape's targets: only where that equals
SHACL's pre-binding (the first triple pattern binds ``$this``).

This module runs the jobs and turns their answers into ``Row``s; ``shape_jobs`` compiles a
shape into jobs, with ``exact`` (the Python checks) and ``constraint`` (SHACL-SPARQL).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import SH

from narcokg.validation.fast.compile import Compiler
from narcokg.validation.fast.shape_jobs import deactivated, shape_jobs
from narcokg.validation.fast.support import (
    Unsupported,
    check_supported,
    custom_parameters,
    to_rdflib_term,
    top_shapes,
)

__all__ = ["Row", "Run", "Unsupported", "run", "to_rdflib_term"]


@dataclass(frozen=True)
class Row:
    """One validation result, in pyoxigraph terms (``value`` None when SHACL gives none)."""
    focus: object
    path: object  # rdflib path node of the property shape, or None
    component: str  # full IRI
    severity: str  # full IRI
    value: object
    shape: object  # rdflib node of the source shape
    constraint: object  # rdflib node of the SPARQL constraint, or None
    detail: object = None  # what tells two results apart otherwise alike (sh:uniqueLang: the tag)


@dataclass
class Run:
    rows: list
    unsupported: list  # top-level shapes that pyshacl must validate
    queries: int = 0
    reasons: dict = field(default_factory=dict)  # unsupported shape -> why


_MIN, _MAX = f"{SH}MinCountConstraintComponent", f"{SH}MaxCountConstraintComponent"


def _rows(sol, kind, comp, sev, path, src, constraint, check):
    focus = sol["this"]
    if kind == "flags":  # comp: (component, exact check, severity, path, shape) per flag
        value = sol["value"]
        for i, (component, exact, severity, p, shape) in enumerate(comp):
            flag = sol[f"_f{i}"]
            if flag is None or flag.value != "true":
                continue
            if exact is not None and exact(to_rdflib_term(value)):
                continue
            yield Row(focus, p, component, severity, value, shape, None)
    elif kind == "counts":  # comp: (min, max, severity, path, shape) per count
        for i, (lo, hi, severity, p, shape) in enumerate(comp):
            count = int(sol[f"_n{i}"].value)
            if lo is not None and count < lo:
                yield Row(focus, p, _MIN, severity, None, shape, None)
            if hi is not None and count > hi:
                yield Row(focus, p, _MAX, severity, None, shape, None)
    elif kind == "lang":  # one result per duplicated language, as pyshacl and Jena
        yield Row(focus, path, comp, sev, None, src, constraint, sol["_lang"].value)
    else:
        value = sol["value"] if kind == "value" else None
        if check is None or not check(to_rdflib_term(value)):
            yield Row(focus, path, comp, sev, value, src, constraint)


def run(store: ox.Store, shapes: Graph, default_graph=None, threads: int | None = None) -> Run:
    """Validate the store's ``default_graph`` (a list of graph names; None: the store's
    default graph) against ``shapes``. The compiled queries run on ``threads`` threads
    (default: up to two; pyoxigraph evaluates without holding the GIL); rows come out in the
    same order whatever the number of threads."""
    kwargs = {} if default_graph is None else {"default_graph": default_graph}

    def query(text):
        return store.query(text, **kwargs)

    c = Compiler(shapes, query)
    jobs, reasons, custom = [], {}, custom_parameters(shapes)
    for shape in top_shapes(shapes):
        if deactivated(shapes, shape):
            continue
        try:
            check_supported(shapes, shape, custom)
            jobs.extend(shape_jobs(shapes, c, shape))
        except Unsupported as e:
            reasons[shape] = str(e)
    n = max(1, threads if threads is not None else min(os.cpu_count() or 1, 2))
    with ThreadPoolExecutor(n, thread_name_prefix="narcokg-shacl") as pool:
        answers = list(pool.map(lambda job: list(query(job[0])), jobs))
    out = []
    for (_q, kind, comp, sev, path, src, constraint, check), sols in zip(jobs, answers,
                                                                         strict=True):
        for sol in sols:
            out.extend(_rows(sol, kind, comp, sev, path, src, constraint, check))
    return Run(out, list(reasons), len(jobs), reasons)

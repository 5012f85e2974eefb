"""The reference engine, plain pySHACL, and the one place pySHACL is called (the fast engine
hands the shapes it cannot compile to ``validate_shapes``).

Note: pyshacl's ``focus_nodes`` option is not used. In pyshacl 0.40.1 it also filters the
value nodes of nested shapes (sh:node, sh:or, sh:not), which then silently conform; the
small data graph is validated whole instead and only results on the entry's subjects kept.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

from rdflib import RDF, BNode, Graph, Literal

from narcokg import store as stores
from narcokg.validation import shapes
from narcokg.validation.problems import ValidationResult
from narcokg.validation.report import copy_closure, problems_from_report
from narcokg.validation.shapes import SH, labels_of, store_graph

_PREPARED = threading.local()


@contextmanager
def prepared_queries():
    """While pySHACL runs, rdflib parses each SPARQL text once.

    pySHACL sends a SHACL-SPARQL constraint's text to ``Graph.query`` once per focus node,
    with the focus node in ``initBindings``, and rdflib parses and translates the text every
    time: on a 100k-triple slice of the benchmark graph that parse was most of pySHACL's
    time (py-spy: 4 samples of 5 in ``parseQuery``; the run did not finish in 30 min). The
    translated query is what ``rdflib.plugins.sparql.prepareQuery`` returns, made to be run
    again with other bindings; it is kept per (text, base, namespaces) for the run and
    evaluated as before, so the answers are the same (tests/test_pyshacl_prepared.py)."""
    if getattr(_PREPARED, "cache", None) is not None:  # already on in this thread
        yield
        return
    _install()
    _PREPARED.cache = {}
    try:
        yield
    finally:
        _PREPARED.cache = None


_INSTALL = threading.Lock()


def _install() -> None:
    """Wrap rdflib's ``SPARQLProcessor.query`` once: it uses the calling thread's cache of
    prepared queries while ``prepared_queries`` is on in that thread, else it is rdflib's."""
    from rdflib.plugins.sparql import processor

    with _INSTALL:
        original = processor.SPARQLProcessor.query
        if getattr(original, "narcokg_prepared", False):
            return

        def query(self, strOrQuery, initBindings=None, initNs=None, base=None,  # noqa: N803
                  DEBUG=False):  # noqa: N803 - rdflib's names
            cache = getattr(_PREPARED, "cache", None)
            if isinstance(strOrQuery, str) and cache is not None:
                key = (strOrQuery, base, tuple(sorted((initNs or {}).items())))
                prepared = cache.get(key)
                if prepared is None:
                    prepared = cache[key] = processor.translateQuery(
                        processor.parseQuery(strOrQuery), base, initNs)
                strOrQuery = prepared
            return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

        query.narcokg_prepared = True
        processor.SPARQLProcessor.query = query


def pyshacl_report(data: Graph, shapes_graph: Graph | None = None) -> Graph:
    """pySHACL's report graph on ``data`` (``shapes_graph``: the project's shapes by default);
    shapes pySHACL cannot run are a NarcokgError."""
    import pyshacl
    from pyshacl.errors import ReportableRuntimeError, ValidationFailure

    from narcokg.errors import NarcokgError

    shapes_graph = shapes.shapes_graph() if shapes_graph is None else shapes_graph
    try:
        with prepared_queries():
            report = pyshacl.validate(data, shacl_graph=shapes_graph, ont_graph=None,
                                      inference="none", advanced=False)[1]
    except (ReportableRuntimeError, NotImplementedError) as e:
        raise NarcokgError(f"the shapes cannot be validated (pyshacl): {e}") from e
    if isinstance(report, ValidationFailure):
        raise NarcokgError(f"the shapes cannot be validated (pyshacl): {report}")
    return report


def validate_shapes(shapes_graph: Graph, top, data: Graph) -> Graph:
    """pyshacl's report on ``data`` for the top-level shapes ``top`` only: they are given with
    everything they reference (all shapes when the shapes graph declares its own constraint
    components); the results of other shapes pulled in that way are dropped."""
    from narcokg.validation.fast.support import custom_parameters

    sub = Graph()
    follow = lambda o: (o, None, None) in shapes_graph  # noqa: E731
    for node in top:
        copy_closure(shapes_graph, sub, node, follow=follow)
    if custom_parameters(shapes_graph):  # components declared by class, subclass, validator...
        sub = shapes_graph
    sources = {s for u in top for s in shapes_graph.transitive_objects(u, SH.property)}
    full = pyshacl_report(data, sub)
    report, rep = Graph(), BNode()
    report.add((rep, RDF.type, SH.ValidationReport))
    for node in full.objects(None, SH.result):
        if full.value(node, SH.sourceShape) in sources:
            report.add((rep, SH.result, node))
            copy_closure(full, report, node)
    report.add((rep, SH.conforms, Literal(not any(report.objects(rep, SH.result)))))
    return report


def validate_graph(data: Graph, keep=None, drop=None) -> ValidationResult:
    """pySHACL on ``data`` with the project's shapes."""
    started = time.perf_counter()
    problems, report = problems_from_report(pyshacl_report(data), keep=keep, drop=drop)
    focuses = keep if keep is not None else {p.focus for p in problems}
    result = ValidationResult(problems, labels_of(data, focuses), report_source=report)
    result.seconds = time.perf_counter() - started
    return result


class PyshaclEngine:
    def validate(self, data, keep=None, drop=None) -> ValidationResult:
        return validate_graph(data.graph(), keep=keep, drop=drop)

    def validate_store(self, store_path) -> ValidationResult:
        started = time.perf_counter()
        with stores.open_store(store_path) as store:
            data = store_graph(store)
        loaded = time.perf_counter() - started
        result = validate_graph(data)
        result.notes.append(f"validated {len(data)} triples: loaded in {loaded:.1f} s, "
                            f"pyshacl {result.seconds:.1f} s")
        result.seconds += loaded
        return result

"""The fast engine: run the shapes compiled to SPARQL (``sparql.run``) and turn its rows into
the same ``Problem`` objects and ``sh:ValidationReport`` graph as pyshacl's. Every shape it
cannot compile (the features it does compile are listed in ``support``) goes to pyshacl, and
the result's notes say which and why. ``validate_graphs`` does the same for any data and
shapes graphs (the W3C test suite, generated tests)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from narcokg import store as stores
from narcokg.validation import shapes
from narcokg.validation.context import values_clause
from narcokg.validation.fast.sparql import run
from narcokg.validation.fast.support import kept_as_written, to_rdflib_term, top_shapes
from narcokg.validation.problems import Problem, ValidationResult, problem_order
from narcokg.validation.pyshacl_engine import PyshaclEngine, validate_shapes
from narcokg.validation.report import (
    add_results,
    problems_from_report,
    report_graph,
    rows_report,
    shape_messages,
)
from narcokg.validation.shapes import SH, SKOS_PREF, data_store, to_rdflib


def _problems(found, keep, drop) -> list:
    """(Problem, row) for each distinct row on a focus in ``keep`` that ``drop`` leaves."""
    problems, seen = [], set()
    for row in found.rows:
        focus = str(to_rdflib_term(row.focus))
        if keep is not None and focus not in keep:
            continue
        value = None if row.value is None else to_rdflib_term(row.value)
        messages = shape_messages(row.constraint, row.shape) or {
            "": row.component.rsplit("#")[-1]}
        p = Problem(focus, str(row.path) if isinstance(row.path, URIRef) else None, value,
                    row.component, row.severity.rsplit("#", 1)[-1], messages, str(row.shape))
        ident = (p.focus, p.path, p.component, p.severity, value, p.shape, row.constraint,
                 None if row.constraint is None else row.value, row.detail)
        if ident in seen or (drop is not None and drop(p)):
            continue
        seen.add(ident)
        problems.append((p, row))
    return problems


def run_fast(store: ox.Store, default_graph=None, keep=None, drop=None, data_graph=None
             ) -> ValidationResult:
    """The fast engine on ``store`` (``default_graph``: the graph names to validate as one
    graph, None: the store's default graph). Shapes it cannot compile are validated by
    pyshacl on ``data_graph()`` (an rdflib graph of the same data)."""
    shapes_graph = shapes.shapes_graph()
    found = run(store, shapes_graph, default_graph)
    problems = _problems(found, keep, drop)
    notes = []
    if found.unsupported:
        if data_graph is None:
            raise RuntimeError("shapes the fast engine cannot compile need a data graph")
        report = validate_shapes(shapes_graph, found.unsupported, data_graph())
        problems.extend((p, None) for p in problems_from_report(report, keep=keep,
                                                                drop=drop)[0])
        notes.append("validated with pyshacl (not compilable to SPARQL): " + "; ".join(
            f"{s} ({why})" for s, why in found.reasons.items()))
    problems.sort(key=lambda pr: problem_order(pr[0]))
    result = ValidationResult([p for p, _ in problems], notes=notes,
                              report_source=lambda: report_graph(problems))
    result.labels = _labels(store, default_graph, {p.focus for p, _ in problems} |
                            (set(keep) if keep is not None else set()))
    return result


@dataclass
class GraphValidation:
    """The outcome of ``validate_graphs``: the report follows the SHACL spec (conforms is
    false when there is any result, whatever its severity)."""
    conforms: bool
    report: Graph
    delegated: dict = field(default_factory=dict)  # shape (None: all) -> why pyshacl ran it


def validate_graphs(data: Graph, shapes_graph: Graph) -> GraphValidation:
    """The fast engine on any data and shapes graphs, the shapes it cannot compile by pyshacl.
    Data the store would not keep as written (numbers and dates are stored by value, so
    "1.00" reads back as "1"; IRIs Oxigraph refuses) goes to pyshacl whole."""
    store, why = _load(data)
    if store is None:
        report = validate_shapes(shapes_graph, top_shapes(shapes_graph), data)
        return GraphValidation(not any(report.objects(None, SH.result)), report, {None: why})
    found = run(store, shapes_graph)
    out, rep = rows_report(found.rows, shapes_graph, to_rdflib_term)
    if found.unsupported:
        add_results(out, rep, validate_shapes(shapes_graph, found.unsupported, data))
    conforms = not any(out.objects(rep, SH.result))
    out.add((rep, SH.conforms, Literal(conforms)))
    return GraphValidation(conforms, out, dict(found.reasons))


def _load(data: Graph) -> tuple[ox.Store | None, str]:
    """``data`` in an in-memory store, or None and why when the store would change it."""
    try:
        quads = [ox.Quad(*(_to_ox(t) for t in triple)) for triple in data]
    except (ValueError, TypeError) as e:
        return None, f"data Oxigraph cannot hold: {e}"
    changed = sorted({o.n3() for o in data.objects() if getattr(o, "ill_typed", None) or
                      not kept_as_written(o)})  # rdflib rewrites ill-typed ones ("none"→"false")
    if changed:
        return None, "literals a store would not keep as written: " + ", ".join(changed[:5])
    store = ox.Store()
    store.bulk_extend(quads)
    return store, ""


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _to_ox(t):
    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, BNode):
        return ox.BlankNode(str(t))
    if t.language:
        return ox.Literal(str(t), language=t.language)
    return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype or XSD_STRING)))


def _labels(store: ox.Store, default_graph, focuses) -> dict:
    out = {f: {} for f in focuses}
    iris = sorted(f for f in focuses if "://" in f or f.startswith("urn:"))
    kwargs = {} if default_graph is None else {"default_graph": default_graph}
    for i in range(0, len(iris), 500):
        q = (f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {values_clause(iris[i:i + 500])} }} "
             f"?s <{SKOS_PREF}> ?l }}")
        for sol in store.query(q, **kwargs):
            lab = sol["l"]
            out[sol["s"].value][getattr(lab, "language", None) or ""] = lab.value
    return out


class FastEngine:
    def validate(self, data, keep=None, drop=None) -> ValidationResult:
        """An entry in a small in-memory store; one whose literals the store would rewrite
        goes to pyshacl, which sees them as the clerk wrote them."""
        changed = sorted({str(o) for o in data.written
                          if isinstance(o, ox.Literal) and not kept_as_written(o)})
        if changed:
            part = PyshaclEngine().validate(data, keep=keep, drop=drop)
            part.notes.append("validated with pyshacl: a store keeps these values by value, "
                              "not as written: " + ", ".join(changed))
            return part
        return run_fast(data.store(), None, keep=keep, drop=drop, data_graph=data.graph)

    def validate_store(self, store_path) -> ValidationResult:
        started = time.perf_counter()
        with stores.open_store(store_path) as store:
            data = data_store(store)
        result = run_fast(data, data_graph=lambda: to_rdflib(data))
        result.seconds = time.perf_counter() - started
        result.notes.append(f"validated {len(data)} triples with the fast engine (SPARQL) "
                            f"in {result.seconds:.1f} s")
        return result

"""The fast engine's side of ``narcokg.validate``: run the shapes compiled to SPARQL
(``narcokg.shacl_sparql``) and turn its rows into the same ``Problem`` objects and
``sh:ValidationReport`` graph as pyshacl's. Every shape it cannot compile (the features it
does compile are listed in ``narcokg.shacl_support``) goes to pyshacl, and the result's notes
say which and why. ``validate_graphs`` does the same for any data and shapes graphs (the W3C
test suite, generated tests)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, URIRef

from narcokg.namespaces import PREFIXES
from narcokg.validate import (
    SH,
    SKOS_PREF,
    Problem,
    ValidationResult,
    _copy_closure,
    _merge_reports,
    _unresolvable,
    new_result,
    ontology_graph,
    ontology_triples,
    problems_from_report,
    shapes_graph,
    to_rdflib,
)
from narcokg.validate_context import _values, context_triples


def _messages(*nodes) -> dict:
    out: dict = {}
    for node in nodes:
        for m in shapes_graph().objects(node, SH.message) if node is not None else ():
            out.setdefault(getattr(m, "language", None) or "", str(m))
    return out


def run_fast(store: ox.Store, default_graph=None, keep=None, drop=None, data_graph=None
             ) -> ValidationResult:
    """The fast engine on ``store`` (``default_graph``: the graph names to validate as one
    graph, None: the store's default graph). Shapes it cannot compile are validated by
    pyshacl on ``data_graph()`` (an rdflib graph of the same data)."""
    from narcokg.shacl_sparql import run, to_rdflib_term

    shapes = shapes_graph()
    found = run(store, shapes, default_graph)
    problems, seen = [], set()
    for row in found.rows:
        focus = str(to_rdflib_term(row.focus))
        if keep is not None and focus not in keep:
            continue
        value = None if row.value is None else to_rdflib_term(row.value)
        messages = _messages(row.constraint, row.shape) or {"": row.component.rsplit("#")[-1]}
        p = Problem(focus, str(row.path) if isinstance(row.path, URIRef) else None, value,
                    row.component, row.severity.rsplit("#", 1)[-1], messages, str(row.shape))
        ident = (p.focus, p.path, p.component, p.severity, value, p.shape, row.constraint,
                 None if row.constraint is None else row.value, row.detail)
        if ident in seen or (drop is not None and drop(p)):
            continue
        seen.add(ident)
        problems.append((p, row))
    notes = []
    if found.unsupported:
        if data_graph is None:
            raise RuntimeError("shapes the fast engine cannot compile need a data graph")
        report = delegate(shapes, found.unsupported, data_graph())
        problems.extend((p, None) for p in problems_from_report(report, keep=keep,
                                                                drop=drop)[0])
        notes.append("validated with pyshacl (not compilable to SPARQL): " + "; ".join(
            f"{s} ({why})" for s, why in found.reasons.items()))
    problems.sort(key=lambda pr: (pr[0].focus, pr[0].severity != "Violation", pr[0].path or "",
                                  pr[0].component))
    result = ValidationResult([p for p, _ in problems], notes=notes,
                              report=_report(problems))
    result.labels = _labels(store, default_graph, {p.focus for p, _ in problems} |
                            (set(keep) if keep is not None else set()))
    return result


def delegate(shapes: Graph, unsupported, data: Graph) -> Graph:
    """pyshacl's report on ``data`` for the ``unsupported`` top-level shapes only: they are
    given with everything they reference (all shapes when the shapes graph declares its own
    constraint components); the results of other shapes pulled in that way are dropped."""
    import logging

    import pyshacl
    from pyshacl.errors import ReportableRuntimeError, ValidationFailure

    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    from narcokg.shacl_support import custom_parameters

    sub = Graph()
    follow = lambda o: (o, None, None) in shapes  # noqa: E731
    for node in unsupported:
        _copy_closure(shapes, sub, node, follow=follow)
    if custom_parameters(shapes):  # components are declared by class, subclass, validator...
        sub = shapes
    sources = {s for u in unsupported for s in shapes.transitive_objects(u, SH.property)}
    from narcokg.errors import NarcokgError

    try:
        full = pyshacl.validate(data, shacl_graph=sub, ont_graph=None, inference="none",
                                advanced=False)[1]
    except (ReportableRuntimeError, NotImplementedError) as e:
        raise NarcokgError(f"the shapes cannot be validated (pyshacl): {e}") from e
    if isinstance(full, ValidationFailure):
        raise NarcokgError(f"the shapes cannot be validated (pyshacl): {full}")
    report, rep = Graph(), BNode()
    report.add((rep, RDF.type, SH.ValidationReport))
    for node in full.objects(None, SH.result):
        if full.value(node, SH.sourceShape) in sources:
            report.add((rep, SH.result, node))
            _copy_closure(full, report, node)
    report.add((rep, SH.conforms, Literal(not any(report.objects(rep, SH.result)))))
    return report


@dataclass
class GraphValidation:
    """The outcome of ``validate_graphs``: the report follows the SHACL spec (conforms is
    false when there is any result, whatever its severity)."""
    conforms: bool
    report: Graph
    delegated: dict = field(default_factory=dict)  # shape (None: all) -> why pyshacl ran it


def validate_graphs(data: Graph, shapes: Graph) -> GraphValidation:
    """The fast engine on any data and shapes graphs, the shapes it cannot compile by pyshacl.
    Data the store would not keep as written (numbers and dates are stored by value, so
    "1.00" reads back as "1"; IRIs Oxigraph refuses) goes to pyshacl whole."""
    from narcokg.shacl_sparql import run
    from narcokg.shacl_support import top_shapes

    store, why = _load(data)
    if store is None:
        report = delegate(shapes, top_shapes(shapes), data)
        return GraphValidation(not any(report.objects(None, SH.result)), report, {None: why})
    found = run(store, shapes)
    report = delegate(shapes, found.unsupported, data) if found.unsupported else None
    out, rep = _rows_report(found.rows, shapes)
    if report is not None:
        for node in report.objects(None, SH.result):
            out.add((rep, SH.result, node))
            _copy_closure(report, out, node)
    conforms = not any(out.objects(rep, SH.result))
    out.add((rep, SH.conforms, Literal(conforms)))
    return GraphValidation(conforms, out, dict(found.reasons))


def _load(data: Graph) -> tuple[ox.Store | None, str]:
    """``data`` in an in-memory store, or None and why when the store would change it."""
    from narcokg.shacl_support import kept_as_written

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


def _to_ox(t):
    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, BNode):
        return ox.BlankNode(str(t))
    if t.language:
        return ox.Literal(str(t), language=t.language)
    return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype or XSD_STRING)))


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _rows_report(rows, shapes: Graph) -> tuple[Graph, BNode]:
    from narcokg.shacl_sparql import to_rdflib_term

    g, rep = Graph(), BNode()
    g.add((rep, RDF.type, SH.ValidationReport))
    for row in rows:
        node = BNode()
        g.add((rep, SH.result, node))
        g.add((node, RDF.type, SH.ValidationResult))
        g.add((node, SH.focusNode, to_rdflib_term(row.focus)))
        g.add((node, SH.resultSeverity, URIRef(row.severity)))
        g.add((node, SH.sourceConstraintComponent, URIRef(row.component)))
        g.add((node, SH.sourceShape, row.shape))
        if row.value is not None:
            g.add((node, SH.value, to_rdflib_term(row.value)))
        if row.constraint is not None:
            g.add((node, SH.sourceConstraint, row.constraint))
        if row.path is not None:
            g.add((node, SH.resultPath, row.path))
            _copy_closure(shapes, g, row.path)
    return g, rep


def _report(problems) -> Graph:
    from rdflib import BNode

    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    rep = URIRef("urn:narcokg:validation-report")
    g.add((rep, RDF.type, SH.ValidationReport))
    g.add((rep, SH.conforms, Literal(not any(p.severity == "Violation" for p, _ in problems))))
    shapes = shapes_graph()
    for p, row in problems:
        node = BNode()
        g.add((rep, SH.result, node))
        g.add((node, RDF.type, SH.ValidationResult))
        g.add((node, SH.focusNode, URIRef(p.focus)))
        g.add((node, SH.resultSeverity, SH[p.severity]))
        g.add((node, SH.sourceConstraintComponent, URIRef(p.component)))
        if p.value is not None:
            g.add((node, SH.value, p.value))
        for lang, text in p.messages.items():
            g.add((node, SH.resultMessage, Literal(text, lang=lang or None)))
        if row is None:
            continue
        g.add((node, SH.sourceShape, row.shape))
        if row.constraint is not None:
            g.add((node, SH.sourceConstraint, row.constraint))
        if row.path is not None:
            g.add((node, SH.resultPath, row.path))
            _copy_closure(shapes, g, row.path) if not isinstance(row.path, URIRef) else None
    return g


def _labels(store: ox.Store, default_graph, focuses) -> dict:
    out = {f: {} for f in focuses}
    iris = sorted(f for f in focuses if "://" in f or f.startswith("urn:"))
    kwargs = {} if default_graph is None else {"default_graph": default_graph}
    for i in range(0, len(iris), 500):
        q = (f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {_values(iris[i:i + 500])} }} "
             f"?s <{SKOS_PREF}> ?l }}")
        for sol in store.query(q, **kwargs):
            lab = sol["l"]
            out[sol["s"].value][getattr(lab, "language", None) or ""] = lab.value
    return out


def _rewritten(entry) -> list[str]:
    from narcokg.shacl_support import kept_as_written

    return sorted({str(q.object) for q in entry.quads
                   if isinstance(q.object, ox.Literal) and not kept_as_written(q.object)})


def _entry_fast(entry, entries, store: ox.Store | None) -> ValidationResult:
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in entry.quads]
    if store is not None:
        triples += context_triples(store, entry, entries)
    small = ox.Store()
    small.bulk_extend([ox.Quad(t.subject, t.predicate, t.object)
                       for t in (*triples, *ontology_triples())])
    drop = (lambda p, e=entry: _unresolvable(p, e)) if store is None else None
    return run_fast(small, None, keep=entry.subjects, drop=drop,
                    data_graph=lambda t=triples: to_rdflib(t, base=ontology_graph()))


def validate_loaded_fast(entries, store: ox.Store | None) -> ValidationResult:
    """Each entry, with its context and the ontology, in a small in-memory store."""
    started = time.perf_counter()
    result = new_result(store)
    for entry in entries:
        changed = _rewritten(entry)
        if changed:  # the store would change what the clerk wrote: pyshacl sees it as written
            from narcokg.validate import validate_loaded

            part = validate_loaded([entry], store, engine="pyshacl")
            part.notes.append("validated with pyshacl: a store keeps these values by value, "
                              "not as written: " + ", ".join(changed))
        else:
            part = _entry_fast(entry, entries, store)
        result.problems.extend(part.problems)
        result.subjects |= entry.subjects
        result.labels.update({s: part.labels.get(s, {}) for s in entry.subjects})
        result.notes.extend(n for n in part.notes if n not in result.notes)
        result.report = part.report if result.report is None else _merge_reports(
            result.report, part.report)
    result.problems.sort(key=lambda p: (p.focus, p.severity != "Violation", p.path or "",
                                        p.component))
    result.seconds = time.perf_counter() - started
    return result

"""The report builder: every engine's findings become ``Problem`` objects and one
``sh:ValidationReport`` graph here. pySHACL's report is filtered (``problems_from_report``),
the fast engine's rows are turned into results (``report_graph`` for narcokg's report,
``rows_report`` for the SHACL spec's), and reports of several entries are merged."""

from __future__ import annotations

from rdflib import RDF, BNode, Graph, Literal, URIRef

from narcokg.namespaces import PREFIXES
from narcokg.validation import shapes
from narcokg.validation.problems import Problem, problem_order
from narcokg.validation.shapes import SH

REPORT = URIRef("urn:narcokg:validation-report")


def copy_closure(src: Graph, dst: Graph, node, follow=None) -> None:
    """Copy ``node``'s triples from ``src`` to ``dst`` and, recursively, those of the objects
    ``follow`` accepts (by default the blank nodes: a result's or a path's structure)."""
    follow = follow or (lambda o: not isinstance(o, (URIRef, Literal)))
    todo, seen = [node], set()
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        for p, o in src.predicate_objects(n):
            dst.add((n, p, o))
            if follow(o):
                todo.append(o)


def shape_messages(*nodes) -> dict:
    """The sh:message texts of the shapes or constraints ``nodes``, by language."""
    out: dict = {}
    for node in nodes:
        for m in shapes.shapes_graph().objects(node, SH.message) if node is not None else ():
            out.setdefault(getattr(m, "language", None) or "", str(m))
    return out


def _bound_graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


def problems_from_report(report: Graph, keep=None, drop=None) -> tuple[list[Problem], Graph]:
    """The report's results (only those whose focus node passes ``keep``), and a report
    graph holding just them."""
    out, kept = [], _bound_graph()
    for node in report.objects(None, SH.result):
        focus = report.value(node, SH.focusNode)
        if keep is not None and str(focus) not in keep:
            continue
        path = report.value(node, SH.resultPath)
        messages = {}
        for m in report.objects(node, SH.resultMessage):
            messages[getattr(m, "language", None) or ""] = str(m)
        for lang, text in shape_messages(report.value(node, SH.sourceConstraint),
                                         report.value(node, SH.sourceShape)).items():
            messages.setdefault(lang, text)
        problem = Problem(str(focus), str(path) if isinstance(path, URIRef) else None,
                          report.value(node, SH.value),
                          str(report.value(node, SH.sourceConstraintComponent)),
                          str(report.value(node, SH.resultSeverity)).rsplit("#", 1)[-1],
                          messages, str(report.value(node, SH.sourceShape)))
        if drop is not None and drop(problem):
            continue
        out.append(problem)
        kept.add((REPORT, SH.result, node))
        copy_closure(report, kept, node)
    kept.add((REPORT, RDF.type, SH.ValidationReport))
    kept.add((REPORT, SH.conforms, Literal(not any(p.severity == "Violation" for p in out))))
    out.sort(key=problem_order)
    return out, kept


def report_graph(problems) -> Graph:
    """narcokg's report of ``problems``: (Problem, the fast engine's row or None) pairs."""
    g = _bound_graph()
    g.add((REPORT, RDF.type, SH.ValidationReport))
    g.add((REPORT, SH.conforms,
           Literal(not any(p.severity == "Violation" for p, _ in problems))))
    for p, row in problems:
        node = BNode()
        g.add((REPORT, SH.result, node))
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
            if not isinstance(row.path, URIRef):
                copy_closure(shapes.shapes_graph(), g, row.path)
    return g


def rows_report(rows, shapes_graph: Graph, to_term) -> tuple[Graph, BNode]:
    """The SHACL spec's report of the fast engine's ``rows`` (``to_term``: oxigraph term ->
    rdflib term), without sh:conforms (the caller adds it once every result is in)."""
    g, rep = Graph(), BNode()
    g.add((rep, RDF.type, SH.ValidationReport))
    for row in rows:
        node = BNode()
        g.add((rep, SH.result, node))
        g.add((node, RDF.type, SH.ValidationResult))
        g.add((node, SH.focusNode, to_term(row.focus)))
        g.add((node, SH.resultSeverity, URIRef(row.severity)))
        g.add((node, SH.sourceConstraintComponent, URIRef(row.component)))
        g.add((node, SH.sourceShape, row.shape))
        if row.value is not None:
            g.add((node, SH.value, to_term(row.value)))
        if row.constraint is not None:
            g.add((node, SH.sourceConstraint, row.constraint))
        if row.path is not None:
            g.add((node, SH.resultPath, row.path))
            copy_closure(shapes_graph, g, row.path)
    return g, rep


def add_results(dst: Graph, rep, src: Graph) -> None:
    """Every result of the report ``src`` (with its structure) into ``dst``'s report ``rep``."""
    for node in src.objects(None, SH.result):
        dst.add((rep, SH.result, node))
        copy_closure(src, dst, node)


def merge_reports(a: Graph | None, b: Graph) -> Graph:
    """Two narcokg reports as one (conforms when both do); ``a`` None: ``b``."""
    if a is None:
        return b
    conforms = bool(a.value(REPORT, SH.conforms)) and bool(b.value(REPORT, SH.conforms))
    a.remove((REPORT, SH.conforms, None))
    b.remove((REPORT, SH.conforms, None))
    a += b
    a.add((REPORT, SH.conforms, Literal(conforms)))
    return a

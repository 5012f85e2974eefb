"""Format a ValidationResult: readable text grouped by entity, JSON, or the standard
sh:ValidationReport graph in Turtle. Words are in en, nl or fr (``narcokg.validation.i18n``);
paths that are not a single property (sequences, inverses) are written out from the shape,
and a shape without an IRI is named by where it sits in its parent shape."""

from __future__ import annotations

import json

from narcokg.validation import i18n
from narcokg.validation.problems import Problem, ValidationResult

MAX_VALUE = 80
SH = "http://www.w3.org/ns/shacl#"


def curie(iri: str | None) -> str:
    from narcokg.loaders.profile import curie as _curie

    if iri is None:
        return "-"
    return _curie(iri) or iri


def _value(value) -> str:
    if value is None:
        return ""
    from rdflib import Literal, URIRef

    if isinstance(value, URIRef):
        text = curie(str(value))
    elif isinstance(value, Literal):
        text = f'"{value}"'
        if value.language:
            text += f"@{value.language}"
        elif value.datatype and not value.ill_typed:  # as written: no type it does not have
            text += f"^^{curie(str(value.datatype))}"
    else:
        text = "(record)"
    return text if len(text) <= MAX_VALUE else text[:MAX_VALUE - 1] + "…"


def label(result: ValidationResult, focus: str, lang: str) -> str:
    labels = result.labels.get(focus) or {}
    for want in (lang, "en", ""):
        if want in labels:
            return labels[want]
    return next(iter(labels.values()), "")


def component(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].removesuffix("ConstraintComponent")


def _shape_node(shape: str | None):
    """The shape's node in the shapes graph (an IRI, or a blank node of this process)."""
    if not shape:
        return None
    from rdflib import BNode, URIRef

    from narcokg.validation import shapes

    g = shapes.shapes_graph()
    for node in (URIRef(shape), BNode(shape)):
        if (node, None, None) in g:
            return node
    return None


def _full(iri: str) -> str:
    return f"<{iri}>"


def path_text(g, path, name=curie) -> str:
    """A SHACL path in SPARQL property-path syntax, each IRI written by ``name``."""
    from rdflib import RDF, URIRef
    from rdflib.collection import Collection

    if isinstance(path, URIRef):
        return name(str(path))
    if (path, RDF.first, None) in g:
        return "/".join(path_text(g, p, name) for p in Collection(g, path))
    for pred, fmt in (("inversePath", "^{}"), ("zeroOrMorePath", "{}*"),
                      ("oneOrMorePath", "{}+"), ("zeroOrOnePath", "{}?")):
        inner = g.value(path, URIRef(SH + pred))
        if inner is not None:
            text = path_text(g, inner, name)
            return fmt.format(f"({text})" if "/" in text or "|" in text else text)
    alt = g.value(path, URIRef(SH + "alternativePath"))
    if alt is not None:
        return "(" + "|".join(path_text(g, p, name) for p in Collection(g, alt)) + ")"
    return "?"


def problem_path(p: Problem, name=curie) -> str | None:
    """The result path as text: the property, or the shape's complex path written out
    (``name``: how an IRI is written, a CURIE for text, ``<iri>`` for JSON)."""
    if p.path is not None:
        return name(p.path) if name is curie else p.path
    from rdflib import URIRef

    from narcokg.validation import shapes

    node = _shape_node(p.shape)
    path = shapes.shapes_graph().value(node, URIRef(SH + "path")) if node is not None else None
    return None if path is None else path_text(shapes.shapes_graph(), path, name)


IGNORED = {SH + k for k in ("path", "message", "severity", "name", "description", "order",
                            "group", "deactivated")}


def _constraints(g, node) -> str:
    """The constraint parameters of a shape (sh:minCount, sh:class ...), sorted."""
    return " ".join(sorted({curie(str(p)) for p in g.predicates(node, None)
                            if str(p).startswith(SH) and str(p) not in IGNORED}))


def shape_name(shape: str | None) -> str | None:
    """The shape's IRI (as a CURIE), or for a blank-node shape a stable description: the
    nearest named shape, how it is reached, and the nested shape's path."""
    from rdflib import BNode, URIRef

    node = _shape_node(shape)
    if node is None:  # an IRI outside the shapes (an entry check), never a blank-node id
        return shape if shape and ":" in shape else None
    if isinstance(node, URIRef):
        return str(node)
    from narcokg.validation import shapes

    g, steps, seen = shapes.shapes_graph(), [], set()
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        path = g.value(node, URIRef(SH + "path"))
        if path is not None:
            steps.append(f"[sh:path {path_text(g, path)} ; {_constraints(g, node)}]")
        parent = next(iter(g.subject_predicates(node)), None)
        if parent is None:
            break
        node, pred = parent
        if str(pred).startswith(SH):
            steps.append(curie(str(pred)))
    head = str(node) if isinstance(node, URIRef) else "_"
    return " ".join([head, *reversed([s for s in steps if not s.startswith("rdf:")])])


def text(result: ValidationResult, lang: str = "en") -> str:
    lines = [i18n.note(n, lang) for n in result.notes]
    by_focus: dict[str, list] = {}
    for p in result.problems:
        by_focus.setdefault(p.focus, []).append(p)
    width = max(len(i18n.severity(w, lang)) for w in ("Violation", "Warning", "Info"))
    for focus, problems in by_focus.items():
        name = label(result, focus, lang)
        lines.append(f"{curie(focus)}" + (f"  ({name})" if name else ""))
        for p in problems:
            value = _value(p.value)
            lines.append(f"  {i18n.severity(p.severity, lang):<{width}} "
                         f"{problem_path(p) or '-':<28} "
                         f"{value + '  ' if value else ''}{p.message(lang)} "
                         f"[{component(p.component)}]")
    v = sum(p.severity == "Violation" for p in result.problems)
    w = sum(p.severity == "Warning" for p in result.problems)
    n = len(result.subjects) if result.subjects else len(by_focus)
    lines.append(i18n.summary(lang, result.conforms, v, w, n, result.seconds))
    return "\n".join(lines)


def as_json(result: ValidationResult, lang: str = "en") -> str:
    return json.dumps({
        "conforms": result.conforms,
        "notes": result.notes,
        "results": [{
            "focusNode": p.focus, "label": label(result, p.focus, lang) or None,
            "resultPath": problem_path(p, _full),
            "value": None if p.value is None else str(p.value),
            "sourceConstraintComponent": p.component, "severity": p.severity,
            "message": p.message(lang), "sourceShape": shape_name(p.shape),
        } for p in result.problems],
    }, ensure_ascii=False, indent=2)


def turtle(result: ValidationResult) -> str:
    """The sh:ValidationReport graph. sh:conforms is false whenever the report holds any
    result, warnings included (SHACL 3.6.1); the CLI's exit code still passes warnings."""
    from rdflib import RDF, Graph, Literal, URIRef

    graph = Graph()
    if result.report is not None:
        graph += result.report
        for prefix, ns in result.report.namespaces():
            graph.bind(prefix, ns)
    any_result = bool(result.problems) or (None, URIRef(SH + "result"), None) in graph
    reports = set(graph.subjects(RDF.type, URIRef(SH + "ValidationReport"))) or \
        {URIRef("urn:narcokg:validation-report")}
    for rep in reports:
        graph.set((rep, URIRef(SH + "conforms"), Literal(not any_result)))
        graph.add((rep, RDF.type, URIRef(SH + "ValidationReport")))
    return graph.serialize(format="turtle")


def render(result: ValidationResult, fmt: str = "text", lang: str = "en") -> str:
    if fmt == "json":
        return as_json(result, lang)
    if fmt == "turtle":
        return turtle(result)
    return text(result, lang)

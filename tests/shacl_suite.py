"""The W3C SHACL test suite (data-shapes-test-suite, core and sparql) as data: its manifests
read into cases, and validation reports compared as result multisets modulo blank nodes.
Used by tests/test_shacl_conformance.py (the suite) and tests/test_shacl_differential.py
(the canonical result form)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from rdflib import BNode, Graph, Literal, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT.parent / "shared" / "conformance" / "data-shapes-test-suite" / "tests"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
WILD = "_:"  # an expected blank node the manifest does not describe: any blank node


@dataclass(frozen=True)
class Case:
    id: str  # e.g. core/property/minCount-001
    manifest: Path
    entry: object
    data: Path
    shapes: Path


def _file(uri) -> Path:
    return Path(unquote(urlparse(str(uri)).path))


def cases(parts=("core", "sparql")) -> list[Case]:
    """Every sht:Validate entry reachable from the parts' manifests (mf:include followed)."""
    out, todo = [], [SUITE / p / "manifest.ttl" for p in parts]
    while todo:
        path = todo.pop()
        g = Graph().parse(path, format="turtle")
        todo.extend(_file(inc) for inc in g.objects(None, MF.include))
        for entries in g.objects(None, MF.entries):
            for entry in Collection(g, entries):
                if (entry, RDF.type, SHT.Validate) not in g:
                    continue
                action = g.value(entry, MF.action)
                name = str(entry).rsplit("/", 1)[-1].split("#")[-1]
                rel = path.parent.relative_to(SUITE).as_posix()
                out.append(Case(f"{rel}/{name}", path, entry, _file(g.value(action, SHT.dataGraph)),
                                _file(g.value(action, SHT.shapesGraph))))
    return sorted(out, key=lambda c: c.id)


def canon(g: Graph, node, depth: int = 8, seen=()) -> str:
    """A term as text: IRIs and literals exactly (``"1.0"`` is not ``"1.00"``), a blank node
    by its description in ``g`` (a path, a shape), or WILD when ``g`` says nothing of it."""
    if node is None:
        return ""
    if isinstance(node, Literal) and node.datatype == XSD.string:  # RDF 1.1: the same term
        return Literal(str(node)).n3()
    if not isinstance(node, BNode):
        return node.n3()
    if depth == 0 or node in seen:
        return WILD
    inner = sorted(f"{p.n3()} {canon(g, o, depth - 1, (*seen, node))}"
                   for p, o in g.predicate_objects(node))
    return "[" + "; ".join(inner) + "]" if inner else WILD


def path_text(g: Graph, p) -> str:
    """A SHACL path in SPARQL's path syntax (a list read first, as pyshacl and the engine do):
    sequence and inverse paths compare by what they mean, not by blank-node labels."""
    if p is None:
        return ""
    if not isinstance(p, BNode):
        return p.n3()
    if g.value(p, RDF.first) is not None:
        return "(" + " / ".join(path_text(g, x) for x in Collection(g, p)) + ")"
    for pred, fmt in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"),
                      (SH.oneOrMorePath, "{}+"), (SH.zeroOrOnePath, "{}?")):
        inner = g.value(p, pred)
        if inner is not None:
            return fmt.format(path_text(g, inner))
    alt = g.value(p, SH.alternativePath)
    if alt is not None:
        return "(" + " | ".join(path_text(g, x) for x in Collection(g, alt)) + ")"
    return canon(g, p)


FIELDS = (SH.focusNode, SH.resultPath, SH.value, SH.sourceConstraintComponent, SH.sourceShape,
          SH.resultSeverity)


def results(report: Graph, graphs: dict | None = None) -> Counter:
    """The report's results as a multiset of (focus, path, value, component, shape, severity);
    ``graphs`` names the graph describing each field's blank nodes (default: the report)."""
    graphs = graphs or {}
    out: Counter = Counter()
    for node in report.objects(None, SH.result):
        out[tuple((path_text if f == SH.resultPath else canon)(graphs.get(f, report),
                                                              report.value(node, f))
                  for f in FIELDS)] += 1
    return out


def _fits(expected: tuple, actual: tuple) -> bool:
    return all(e == a or (e == WILD and a.startswith(("[", WILD)))
               for e, a in zip(expected, actual, strict=True))


def same_results(expected: Counter, actual: Counter) -> bool:
    """Equal multisets, an undescribed expected blank node matching any blank node."""
    left = list(actual.elements())
    for e in expected.elements():
        hit = next((i for i, a in enumerate(left) if _fits(e, a)), None)
        if hit is None:
            return False
        left.pop(hit)
    return not left


def expected_report(case: Case) -> tuple[Graph, object]:
    """The manifest graph and its mf:result node (``SHT.Failure`` when validation must fail)."""
    g = Graph().parse(case.manifest, format="turtle")
    return g, g.value(case.entry, MF.result)


def conforms(report: Graph, node) -> bool:
    value = report.value(node, SH.conforms)
    return isinstance(value, Literal) and bool(value.toPython())

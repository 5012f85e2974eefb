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
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, RDFS, SH, XSD

from narcokg.validation.fast.compile import Compiler, path_sparql
from narcokg.validation.fast.support import (
    Unsupported,
    check_supported,
    custom_parameters,
    exact_term,
    implicit_target,
    term,
    to_rdflib_term,
    top_shapes,
)

__all__ = ["Row", "Run", "Unsupported", "run", "to_rdflib_term"]

TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
IGNORED = {SH.path, SH.severity, SH.message, SH.name, SH.description, SH.order, SH.group,
           SH.defaultValue, SH.property, SH.deactivated, RDF.type, RDFS.label, RDFS.comment,
           *TARGETS, SH.prefixes, SH.declare, SH.qualifiedMinCount, SH.qualifiedMaxCount,
           SH.qualifiedValueShapesDisjoint, SH.flags}
VALUE_LEVEL = {SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.languageIn, SH.node,
               SH["or"], SH["and"], SH.xone, SH["not"]}
RANGES = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">",
          SH.maxExclusive: "<"}
COMPONENT = {SH["class"]: "Class", SH.datatype: "Datatype", SH.nodeKind: "NodeKind",
             SH["in"]: "In", SH.languageIn: "LanguageIn", SH.node: "Node", SH["or"]: "Or",
             SH["and"]: "And", SH.xone: "Xone", SH["not"]: "Not", SH.pattern: "Pattern",
             SH.minInclusive: "MinInclusive", SH.maxInclusive: "MaxInclusive",
             SH.minExclusive: "MinExclusive", SH.maxExclusive: "MaxExclusive",
             SH.minCount: "MinCount", SH.maxCount: "MaxCount", SH.hasValue: "HasValue",
             SH.uniqueLang: "UniqueLang", SH.sparql: "SPARQL"}


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


def _targets(g: Graph, c: Compiler, shape) -> str | None:
    parts = []
    classes = list(g.objects(shape, SH.targetClass))
    classes += [shape] if implicit_target(g, shape) else []
    if classes:
        subs = sorted({s for cls in classes for s in c.subclasses(cls)})
        parts.append(f"{{ ?this a ?_tc . VALUES ?_tc {{ {' '.join(subs)} }} }}")
    for p in g.objects(shape, SH.targetSubjectsOf):
        parts.append(f"{{ ?this {term(p)} ?_to }}")
    for p in g.objects(shape, SH.targetObjectsOf):
        parts.append(f"{{ ?_ts {term(p)} ?this }}")
    nodes = list(g.objects(shape, SH.targetNode))
    if nodes:
        parts.append(f"{{ VALUES ?this {{ {' '.join(exact_term(n) for n in nodes)} }} }}")
    if not parts:
        return None
    return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }"


class _Shape:
    """Compiles the checks of one targeted node shape into (query, kind, ...) jobs."""

    def __init__(self, g: Graph, c: Compiler, shape, target: str):
        self.g, self.c, self.shape, self.t = g, c, shape, target
        self.jobs: list = []  # (query, kind, component, severity, path, shape, constraint, check)

    def severity(self, shape) -> str:
        return str(self.g.value(shape, SH.severity) or SH.Violation)

    def add(self, query, kind, comp, shape, path=None, constraint=None, check=None):
        """A job of ``kind`` "focus" (rows are focus nodes) or "value" (focus and value); the
        merged "flags" and "counts" jobs carry their outcomes per flag or count instead."""
        comp = _iri(comp)
        self.jobs.append((query, kind, comp, self.severity(shape), path, shape, constraint, check))

    def compile(self):
        g, shape = self.g, self.shape
        self.flag_branches: list = []  # (path expression, [(expr, comp, check)], prop, path)
        self.count_branches: list = []  # (path expression, min or None, max or None, prop, path)
        if g.value(shape, SH.path) is not None:  # a targeted property shape
            self.prop(shape)
            self.merged_flags()
            self.merged_counts()
            return self.jobs
        for p, o in g.predicate_objects(shape):
            if p in IGNORED:
                continue
            if p in VALUE_LEVEL:
                cond = self.c.cond_param(shape, p, o, "?this")
                self.add(f"SELECT ?this ?value WHERE {{ {self.t} FILTER(!({cond})) "
                         f"BIND(?this AS ?value) }}", "value", COMPONENT[p], shape)
            elif p == SH.hasValue:
                self.add(f"SELECT ?this WHERE {{ {self.t} FILTER(!sameTerm(?this, "
                         f"{exact_term(o)})) }}", "focus", "HasValue", shape)
            elif p == SH.sparql:
                self.sparql(shape, o, None)
            elif str(p).startswith(str(SH)):
                raise Unsupported(f"node-level {p}")
        for prop in g.objects(shape, SH.property):
            self.prop(prop)
        self.merged_flags()
        self.merged_counts()
        return self.jobs

    def prop(self, prop):
        """One query for the value checks of the property shape (one flag per check), one for
        its counts, then the rest: each extra query re-evaluates the target, which dominates
        on large classes (17k ports)."""
        g = self.g
        path = g.value(prop, SH.path)
        if path is None:
            raise Unsupported("property shape without sh:path")
        if _deactivated(g, prop):
            return
        pe = path_sparql(g, path)
        base = f"{self.t} ?this {pe} ?value ."
        flags: list = []  # (failure expression over ?value, component, exact check or None)
        lo = hi = None
        for p, o in g.predicate_objects(prop):
            if p in IGNORED:
                continue
            comp = COMPONENT.get(p)
            if p == SH.minCount:
                lo = int(o) if int(o) > 0 else None
            elif p == SH.maxCount:
                hi = int(o)
            elif p in VALUE_LEVEL:
                flags.append((f"!({self.c.cond_param(prop, p, o, '?value')})", comp, None))
            elif p == SH.hasValue:
                self.add(f"SELECT ?this WHERE {{ {self.t} FILTER NOT EXISTS "
                         f"{{ ?this {pe} {exact_term(o)} }} }}", "focus", comp, prop, path)
            elif p == SH.pattern:
                flags.append(self.pattern(prop, o))
            elif p in RANGES:
                flags.append((f"!COALESCE(?value {RANGES[p]} {term(o)}, false)", comp,
                              _range_check(p, o)))
            elif p == SH.uniqueLang:
                if o not in (Literal(True), Literal(False)):  # "1"^^xsd:boolean: pyshacl decides
                    raise Unsupported(f"sh:uniqueLang {o.n3()}")
                if o == Literal(False):
                    continue
                self.add(f"SELECT ?this ?_lang WHERE {{ {base} FILTER(isLiteral(?value) && "
                         f"lang(?value) != \"\") BIND(LCASE(lang(?value)) AS ?_lang) }} "
                         f"GROUP BY ?this ?_lang HAVING (COUNT(DISTINCT ?value) > 1)", "lang",
                         comp, prop, path)
            elif p == SH.qualifiedValueShape:
                self.qualified(prop, o, pe, path)
            elif p == SH.sparql:
                self.sparql(prop, o, pe, path)
            else:
                raise Unsupported(f"property-level {p}")
        if lo is not None or hi is not None:
            self.count_branches.append((pe, lo, hi, prop, path))
        if flags:
            self.flag_branches.append((pe, flags, prop, path))

    def merged_flags(self):
        """All value checks of the node shape's property shapes in one query: one UNION
        branch per property shape, one ?_fN flag per check (an expression that errs is a
        pass, as FILTER(!cond) was)."""
        branches, outcomes, i = [], [], 0
        for pe, flags, prop, path in self.flag_branches:
            names = [f"?_f{i + j}" for j in range(len(flags))]
            binds = " ".join(f"BIND(COALESCE({expr}, false) AS {name})"
                             for name, (expr, _c, _k) in zip(names, flags, strict=True))
            branches.append(f"{{ ?this {pe} ?value . {binds} FILTER({' || '.join(names)}) }}")
            outcomes.extend((_iri(c), k, self.severity(prop), path, prop) for _e, c, k in flags)
            i += len(flags)
        if branches:
            flags = " ".join(f"?_f{j}" for j in range(i))
            self.jobs.append((f"SELECT DISTINCT ?this ?value {flags} WHERE {{ {self.t} "
                              f"{' UNION '.join(branches)} }}", "flags", outcomes, None, None,
                              None, None, None))

    def merged_counts(self):
        """All sh:minCount/sh:maxCount of the node shape in one grouping: the UNION branches
        bind different variables, so the rows add up (no cross product)."""
        if not self.count_branches:
            return
        branches, having, outcomes = [], [], []
        for i, (pe, lo, hi, prop, path) in enumerate(self.count_branches):
            branches.append(f"{{ ?this {pe} ?_c{i} }}")
            if lo is not None:
                having.append(f"?_n{i} < {lo}")
            if hi is not None:
                having.append(f"?_n{i} > {hi}")
            outcomes.append((lo, hi, self.severity(prop), path, prop))
        counts = " ".join(f"(COUNT(DISTINCT ?_c{i}) AS ?_n{i})" for i in range(len(branches)))
        names = " ".join(f"?_n{i}" for i in range(len(branches)))
        self.jobs.append((f"SELECT ?this {names} WHERE {{ {{ SELECT ?this {counts} WHERE {{ "
                          f"{self.t} OPTIONAL {{ {' UNION '.join(branches)} }} }} "
                          f"GROUP BY ?this }} FILTER({' || '.join(having)}) }}", "counts",
                          outcomes, None, None, None, None, None))

    def pattern(self, prop, o):
        """sh:pattern is a search (not anchored). SPARQL's REGEX selects candidates, Python's
        ``re`` (as pyshacl) decides; a pattern Oxigraph's regex cannot run (lookbehind,
        backreferences) goes to pyshacl."""
        sflags = str(self.g.value(prop, SH.flags) or "").lower()
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
                lambda v: not isinstance(v, BNode) and rx.search(_lexical(v)) is not None)

    def qualified(self, prop, q, pe, path):
        g = self.g
        if g.value(prop, SH.qualifiedValueShapesDisjoint) in (Literal(True),):
            raise Unsupported("sh:qualifiedValueShapesDisjoint")
        cond = self.c.cond_shape(q, "?value")
        # no value: ?value unbound, the condition unevaluated (it would err, or an EXISTS
        # over an unbound ?value would hold), and the count 0
        count = (f"SELECT ?this (SUM(IF(BOUND(?value) && COALESCE({cond}, false), 1, 0)) "
                 f"AS ?n) WHERE {{ {self.t} OPTIONAL "
                 f"{{ SELECT DISTINCT ?this ?value WHERE {{ ?this {pe} ?value }} }} }} "
                 f"GROUP BY ?this")
        lo, hi = g.value(prop, SH.qualifiedMinCount), g.value(prop, SH.qualifiedMaxCount)
        if lo is not None and int(lo) == 1:
            self.add(f"SELECT ?this WHERE {{ {self.t} FILTER NOT EXISTS {{ ?this {pe} ?value "
                     f"FILTER({cond}) }} }}", "focus", "QualifiedMinCount", prop, path)
        elif lo is not None and int(lo) > 1:
            self.add(f"SELECT ?this WHERE {{ {{ {count} }} FILTER(?n < {int(lo)}) }}", "focus",
                     "QualifiedMinCount", prop, path)
        if hi is not None:
            self.add(f"SELECT ?this WHERE {{ {{ {count} }} FILTER(?n > {int(hi)}) }}", "focus",
                     "QualifiedMaxCount", prop, path)

    def sparql(self, shape, constraint, pe, path=None):
        g = self.g
        select = g.value(constraint, SH.select)
        if select is None or g.value(constraint, SH.deactivated) is not None:
            raise Unsupported("SPARQL constraint without sh:select")
        text = str(select)
        if re.search(r"\$(?!this\b|PATH\b)\w+", text) or (pe is None and "$PATH" in text):
            raise Unsupported("SPARQL constraint with other pre-bound variables")
        if not _JOINABLE.search(text) or _NOT_JOINABLE.search(text) or \
                len(re.findall(r"\bSELECT\b", text, re.I)) > 1:
            raise Unsupported("SPARQL constraint whose $this is not bound by its first triple "
                              "pattern (pre-binding is not a join there)")
        if re.search(r"\bSELECT\b[^{]*\?path\b", text, re.I):
            raise Unsupported("SPARQL constraint that selects ?path")
        text = re.sub(r"\$this\b", "?this", text)
        if pe is not None:
            text = re.sub(r"\$PATH\b", pe, text)
        prefixes = self.c.prefixes(constraint)
        body = _inline(text)  # joined in place: no sub-SELECT for the optimiser to work around
        inner = f"{{ {text} }}" if body is None else body
        q = f"{prefixes}\nSELECT DISTINCT ?this ?value WHERE {{ {self.t} {inner} }}"
        self.add(q, "value", "SPARQL", shape, path, constraint=constraint)


# $this pre-bound (SHACL-SPARQL) equals the query joined with the focus nodes when the first
# triple pattern binds $this and nothing evaluates apart from it (sub-SELECT, MINUS, VALUES)
_JOINABLE = re.compile(r"\bWHERE\s*\{\s*\$this\s+[^\s.;,{}()]", re.I)
_NOT_JOINABLE = re.compile(r"\b(MINUS|VALUES|SERVICE|GRAPH)\b", re.I)


_PLAIN_SELECT = re.compile(r"^\s*SELECT\s+(?:DISTINCT\s+)?(?P<vars>[?$\w\s*]*?)\s*WHERE\s*"
                           r"\{(?P<body>.*)\}\s*$", re.I | re.S)


def _inline(text: str) -> str | None:
    """The WHERE group of a plain ``SELECT vars WHERE { ... }`` (no expressions, no solution
    modifiers), to join in place; None when ?value would mean something else there."""
    m = _PLAIN_SELECT.match(text)
    if m is None:
        return None
    names = set(re.findall(r"\?(\w+)", m["vars"])) | ({"value"} if "*" in m["vars"] else set())
    if "value" not in names and re.search(r"\?value\b", m["body"]):
        return None
    return m["body"]


def _deactivated(g: Graph, shape) -> bool:
    return g.value(shape, SH.deactivated) == Literal(True)


def _lexical(v) -> str:
    """The string pyshacl matches a pattern against (its value_node_to_string)."""
    if isinstance(v, Literal) and v.value is not None and v.datatype in (None, RDF.langString,
                                                                         XSD.string):
        return str(v.value)
    return str(v)


def _iri(comp: str) -> str:
    return comp if comp.startswith("http") else f"{SH}{comp}ConstraintComponent"


def _range_check(p, bound):
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
        if _deactivated(shapes, shape):
            continue
        try:
            check_supported(shapes, shape, custom)
            target = _targets(shapes, c, shape)
            jobs.extend(_Shape(shapes, c, shape, target).compile() if target else [])
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

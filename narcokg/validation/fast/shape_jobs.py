"""One top-level shape's constraints compiled to SPARQL SELECT queries over its targets:
the jobs that ``sparql.run`` runs. A job is a tuple (query, kind, component, severity, path,
shape, constraint, exact check); ``kind`` "focus" (rows are focus nodes), "value" (focus and
value) or "lang" (sh:uniqueLang), and the merged "flags" and "counts" jobs carry their
outcomes per flag or count in place of the component. A feature compiled in no form raises
``Unsupported`` (pyshacl validates the shape instead)."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SH

from narcokg.validation.fast.compile import Compiler, path_sparql
from narcokg.validation.fast.constraint import joined_body
from narcokg.validation.fast.exact import pattern_flag, range_check
from narcokg.validation.fast.support import Unsupported, exact_term, implicit_target, term

__all__ = ["ShapeJobs", "deactivated", "shape_jobs"]

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


def shape_jobs(g: Graph, c: Compiler, shape) -> list:
    """The jobs of the top-level ``shape`` (none when it targets nothing)."""
    target = _targets(g, c, shape)
    return ShapeJobs(g, c, shape, target).compile() if target else []


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


class ShapeJobs:
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
        if deactivated(g, prop):
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
                flags.append(pattern_flag(g, prop, o))
            elif p in RANGES:
                flags.append((f"!COALESCE(?value {RANGES[p]} {term(o)}, false)", comp,
                              range_check(p, o)))
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
        select = self.g.value(constraint, SH.select)
        if select is None or self.g.value(constraint, SH.deactivated) is not None:
            raise Unsupported("SPARQL constraint without sh:select")
        inner = joined_body(str(select), pe)
        prefixes = self.c.prefixes(constraint)
        q = f"{prefixes}\nSELECT DISTINCT ?this ?value WHERE {{ {self.t} {inner} }}"
        self.add(q, "value", "SPARQL", shape, path, constraint=constraint)


def deactivated(g: Graph, shape) -> bool:
    return g.value(shape, SH.deactivated) == Literal(True)


def _iri(comp: str) -> str:
    return comp if comp.startswith("http") else f"{SH}{comp}ConstraintComponent"


"""SHACL shapes -> SPARQL expressions for the fast engine (``sparql``): paths,
and the exact "value node ?v conforms" condition of the value-level constraints and of
nested shapes (sh:node, sh:or, sh:and, sh:xone, sh:not, sh:qualifiedValueShape). What it
compiles at all is listed in ``support``.

Data-dependent parts are looked up on the store being validated, once per run: the
rdfs:subClassOf* closure of each class, and the literals rdflib (so pyshacl) finds ill-typed.
"""

from __future__ import annotations

import itertools

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

from narcokg.validation.fast.support import Unsupported, exact_term, rdf_list, term, to_rdflib_term


def path_sparql(g: Graph, p) -> str:
    if isinstance(p, URIRef):
        return term(p)
    if g.value(p, RDF.first) is not None:
        return "(" + "/".join(path_sparql(g, x) for x in rdf_list(g, p)) + ")"
    for pred, fmt in ((SH.inversePath, "^({})"), (SH.zeroOrMorePath, "({})*"),
                      (SH.oneOrMorePath, "({})+"), (SH.zeroOrOnePath, "({})?")):
        inner = g.value(p, pred)
        if inner is not None:
            return fmt.format(path_sparql(g, inner))
    alt = g.value(p, SH.alternativePath)
    if alt is not None:
        return "(" + "|".join(path_sparql(g, x) for x in rdf_list(g, alt)) + ")"
    raise Unsupported("unknown path")


def path_steps(g: Graph, p) -> list[str]:
    """The steps of a sequence path, each a SPARQL path (one step for any other path)."""
    if not isinstance(p, URIRef) and g.value(p, RDF.first) is not None:
        return [path_sparql(g, x) for x in rdf_list(g, p)]
    return [path_sparql(g, p)]


def path_predicates(g: Graph, p) -> set | None:
    if isinstance(p, URIRef):
        return {p}
    out = set()
    for o in g.transitive_objects(p, None):
        if isinstance(o, URIRef) and o not in (RDF.nil,) and not str(o).startswith(str(SH)):
            out.add(o)
    return out


NODE_KINDS = {SH.IRI: "isIRI({v})", SH.Literal: "isLiteral({v})", SH.BlankNode: "isBlank({v})",
              SH.BlankNodeOrIRI: "!isLiteral({v})", SH.BlankNodeOrLiteral: "!isIRI({v})",
              SH.IRIOrLiteral: "!isBlank({v})"}
NESTED_IGNORED = {SH.severity, SH.message, SH.name, SH.description, SH.order, SH.group,
                  SH.defaultValue, RDF.type, RDFS.label, RDFS.comment, SH.path,
                  SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode}


class Compiler:
    def __init__(self, shapes: Graph, query):
        self.g, self.query = shapes, query
        self._subs: dict = {}
        self._bad: dict | None = None
        self._fresh = itertools.count()
        self._open: list = []  # the nested shapes being compiled (a recursion guard)

    def fresh(self) -> str:
        return f"?_n{next(self._fresh)}"

    # --- data-dependent lookups ------------------------------------------------------------

    def subclasses(self, cls) -> list[str]:
        if cls not in self._subs:
            found = {term(cls)}
            for sol in self.query(f"SELECT DISTINCT ?s WHERE {{ ?s <{RDFS.subClassOf}>+ "
                                  f"{term(cls)} }}"):
                if sol["s"].__class__.__name__ == "NamedNode":
                    found.add(f"<{sol['s'].value}>")
                else:
                    raise Unsupported("blank-node subclass")
            self._subs[cls] = sorted(found)
        return self._subs[cls]

    def bad_literals(self, datatype) -> list[str]:
        """The literals of ``datatype`` on any shape path that pyshacl does not accept as
        that datatype (rdflib's ill-typed literals, pyshacl's value-type check)."""
        if self._bad is None:
            self._bad = self._classify()
        return self._bad.get(datatype, [])

    def _classify(self) -> dict:
        from pyshacl.constraints.core.value_constraints import DatatypeConstraintComponent

        g = self.g
        dts = {d for d in g.objects(None, SH.datatype)} - {XSD.string, RDF.langString,
                                                            RDFS.Literal}
        if not dts:
            return {}
        preds = set()
        for shape, path in g.subject_objects(SH.path):  # shapes that check such a datatype
            if dts & {o for n in g.transitive_objects(shape, None)
                      for o in g.objects(n, SH.datatype)}:
                preds |= path_predicates(g, path)
        preds |= set(g.objects(None, SH.targetObjectsOf))
        if not preds:
            return {}
        dt_list = ", ".join(term(d) for d in sorted(dts))
        # literals are never subjects: the objects of the path predicates are all it takes
        q = " UNION ".join(f"{{ ?s {term(p)} ?v FILTER(isLiteral(?v) && datatype(?v) IN "
                           f"({dt_list})) }}" for p in sorted(preds))
        q = f"SELECT DISTINCT ?v WHERE {{ {q} }}"
        bad: dict = {}
        for sol in self.query(q):
            value = to_rdflib_term(sol["v"])
            dt = value.datatype
            ok = getattr(value, "ill_typed", None) is not True and \
                DatatypeConstraintComponent._assert_actual_datatype(None, value, dt)
            if not ok:
                bad.setdefault(dt, []).append(str(sol["v"]))
        return bad

    def prefixes(self, constraint) -> str:
        g, out = self.g, []
        ontos = {o for start in g.objects(constraint, SH.prefixes)
                 for o in g.transitive_objects(start, OWL.imports)}
        for onto in ontos:
            for decl in g.objects(onto, SH.declare):
                out.append(f"PREFIX {g.value(decl, SH.prefix)}: <{g.value(decl, SH.namespace)}>")
        return "\n".join(sorted(set(out)))

    # --- conditions ------------------------------------------------------------------------

    def datatype(self, dt, v: str) -> str:
        if dt == XSD.string:
            return f"(isLiteral({v}) && datatype({v}) = {term(XSD.string)})"
        if dt == RDF.langString:
            return f"(isLiteral({v}) && lang({v}) != \"\")"
        if dt == RDFS.Literal:
            return f"isLiteral({v})"
        if dt == RDFS.Datatype:
            raise Unsupported("sh:datatype rdfs:Datatype")
        cond = f"isLiteral({v}) && datatype({v}) = {term(dt)}"
        bad = self.bad_literals(dt)
        if bad:
            cond += " && !(" + " || ".join(f"sameTerm({v}, {b})" for b in bad) + ")"
        return f"({cond})"

    def cond_param(self, shape, p, o, v: str) -> str:
        """The condition under which value ``v`` satisfies the constraint ``p o``."""
        g = self.g
        if p == SH["class"]:
            t = self.fresh()
            return (f"EXISTS {{ {v} a {t} . VALUES {t} {{ {' '.join(self.subclasses(o))} }} }}")
        if p == SH.datatype:
            return self.datatype(o, v)
        if p == SH.nodeKind:
            if o not in NODE_KINDS:
                raise Unsupported("sh:nodeKind value")
            return NODE_KINDS[o].format(v=v)
        if p == SH["in"]:
            items = rdf_list(g, o)
            return "(" + (" || ".join(f"sameTerm({v}, {exact_term(x)})" for x in items)
                          or "false") + ")"
        if p == SH.languageIn:
            langs = {str(x).lower() for x in rdf_list(g, o)}
            if "*" in langs:
                return f"(isLiteral({v}) && lang({v}) != \"\")"
            want = ", ".join(Literal(x).n3() for x in sorted(langs))
            return (f"(isLiteral({v}) && lang({v}) != \"\" && (LCASE(lang({v})) IN ({want}) || "
                    f"LCASE(STRBEFORE(CONCAT(lang({v}), \"-\"), \"-\")) IN ({want})))")
        if p == SH.node:
            return self.cond_shape(o, v)
        if p == SH["not"]:
            return f"!({self.cond_shape(o, v)})"
        if p in (SH["or"], SH["and"]):
            parts = [self.cond_shape(x, v) for x in rdf_list(g, o)]
            if not parts:
                return "true" if p == SH["and"] else "false"
            return "(" + (" || " if p == SH["or"] else " && ").join(parts) + ")"
        if p == SH.xone:
            parts = [f"IF({self.cond_shape(x, v)}, 1, 0)" for x in rdf_list(g, o)]
            return f"(({' + '.join(parts) or '0'}) = 1)"
        if p == SH.hasValue:
            return f"sameTerm({v}, {exact_term(o)})"
        raise Unsupported(f"nested {p}")

    def cond_shape(self, shape, v: str) -> str:
        """``v`` conforms to the (nested) shape: node-level constraints and property shapes.
        A shape that refers to itself (SHACL leaves recursion undefined) goes to pyshacl."""
        if shape in self._open:
            raise Unsupported("recursive shape")
        self._open.append(shape)
        try:
            return self._cond_shape(shape, v)
        finally:
            self._open.pop()

    def _cond_shape(self, shape, v: str) -> str:
        g, parts = self.g, []
        path = g.value(shape, SH.path)
        if path is not None:
            return self.cond_property(shape, v)
        for p, o in g.predicate_objects(shape):
            if p in NESTED_IGNORED:
                continue
            if p == SH.property:
                parts.append(self.cond_property(o, v))
            else:
                parts.append(self.cond_param(shape, p, o, v))
        return "(" + (" && ".join(parts) or "true") + ")"

    def exists(self, v: str, steps: list[str], end: str, cond: str | None = None) -> str:
        """EXISTS { v step1/step2/... end FILTER(cond) }, written as one EXISTS per step, each
        nested in the one before. The same truth value, but every EXISTS is a single triple
        pattern whose subject is bound: Oxigraph evaluates a sequence path or a join inside
        EXISTS from scratch for each row (all hasStatus/status pairs per treaty: measured
        > 40 s at 1M quads, 0.5 s nested)."""
        inner = f"{steps[-1]} {end}" + (f" FILTER({cond})" if cond else "")
        for step in reversed(steps[:-1]):
            m = self.fresh()
            inner = f"{step} {m} FILTER(EXISTS {{ {m} {inner} }})"
        return f"EXISTS {{ {v} {inner} }}"

    def cond_property(self, prop, v: str) -> str:
        g, parts = self.g, []
        steps = path_steps(g, g.value(prop, SH.path))
        for p, o in g.predicate_objects(prop):
            if p in NESTED_IGNORED:
                continue
            x = self.fresh()
            if p == SH.minCount:
                if int(o) > 1:
                    raise Unsupported("nested sh:minCount > 1")
                if int(o) == 1:
                    parts.append(self.exists(v, steps, x))
            elif p == SH.maxCount and int(o) == 0:
                parts.append("!" + self.exists(v, steps, x))
            elif p == SH.hasValue:
                parts.append(self.exists(v, steps, exact_term(o)))
            elif p in (SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.languageIn, SH.node,
                       SH["not"], SH["or"], SH["and"], SH.xone):
                cond = self.cond_param(prop, p, o, x)
                parts.append("!" + self.exists(v, steps, x, f"!({cond})"))
            else:
                raise Unsupported(f"nested property {p}")
        return "(" + (" && ".join(parts) or "true") + ")"

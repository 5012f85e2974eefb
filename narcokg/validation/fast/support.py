"""What the fast SHACL engine compiles (``SUPPORTED``; ``check_supported`` refuses a shape
that uses anything else, so that pyshacl validates it), which shapes it starts from, and the
term conversions its compilers share (``compile``, ``shape_jobs``, ``sparql``)."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD


class Unsupported(Exception):
    """A shape uses SHACL this engine does not compile: pyshacl validates it instead."""


# --- what the engine compiles ----------------------------------------------------------------
# Everything else in the sh: namespace, any SHACL-SPARQL constraint component declared in the
# shapes graph, and the forms of these features refused while compiling (each raises
# Unsupported with its reason) send the whole top-level shape to pyshacl.

ANNOTATIONS = {SH.severity, SH.message, SH.name, SH.description, SH.order, SH.group,
               SH.defaultValue, SH.deactivated, SH.path, SH.prefixes}
TARGET_FEATURES = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf}
VALUE_FEATURES = {SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.languageIn, SH.node,
                  SH["or"], SH["and"], SH.xone, SH["not"], SH.hasValue}
NODE_FEATURES = VALUE_FEATURES | {SH.property, SH.sparql}
PROPERTY_FEATURES = VALUE_FEATURES | {
    SH.minCount, SH.maxCount, SH.pattern, SH.flags, SH.minInclusive, SH.maxInclusive,
    SH.minExclusive, SH.maxExclusive, SH.uniqueLang, SH.qualifiedValueShape,
    SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.sparql}
NESTED_FEATURES = VALUE_FEATURES | {SH.property, SH.minCount, SH.maxCount}
SUPPORTED = {"targets": TARGET_FEATURES | {"implicit class target"},
             "node shapes": NODE_FEATURES, "property shapes": PROPERTY_FEATURES,
             "nested shapes (sh:node, sh:or, sh:and, sh:xone, sh:not, qualified)":
                 NESTED_FEATURES}
_SHAPE_LINKS = (SH.node, SH["not"], SH.qualifiedValueShape)
_LIST_LINKS = (SH["or"], SH["and"], SH.xone)


def check_supported(g: Graph, shape, custom: frozenset = frozenset()) -> None:
    """Raise Unsupported unless every shape reachable from the top-level ``shape`` uses only
    the features above (``custom``: the parameters of the shapes graph's own constraint
    components, which only pyshacl runs)."""
    todo, seen = [(shape, "top")], set()
    while todo:
        node, where = todo.pop()
        if (node, where) in seen:
            continue
        seen.add((node, where))
        is_prop = g.value(node, SH.path) is not None
        allowed = (PROPERTY_FEATURES if is_prop else NODE_FEATURES) if where == "top" else \
            (PROPERTY_FEATURES if where == "property" else NESTED_FEATURES)
        for p, o in g.predicate_objects(node):
            if p in custom:
                raise Unsupported(f"SHACL-SPARQL constraint component parameter <{p}>")
            if not str(p).startswith(str(SH)) or p in ANNOTATIONS or p in TARGET_FEATURES:
                continue  # targets of a nested shape are ignored, as SHACL says
            if p not in allowed:
                raise Unsupported(f"sh:{str(p)[len(str(SH)):]} is not compiled")
            if p == SH.property:
                todo.append((o, "property" if where == "top" else "nested"))
            elif p in _SHAPE_LINKS:
                todo.append((o, "nested"))
            elif p in _LIST_LINKS:
                todo.extend((x, "nested") for x in rdf_list(g, o))


def custom_parameters(g: Graph) -> frozenset:
    """The parameters of the SHACL-SPARQL constraint components the shapes graph declares."""
    return frozenset(g.value(param, SH.path) for param in g.objects(None, SH.parameter)) - \
        {None}


def term(t) -> str:
    if isinstance(t, BNode):
        raise Unsupported("blank node as a constant")
    if isinstance(t, URIRef):
        return f"<{t}>"
    return t.n3()


_KEPT: dict = {}


def kept_as_written(lit) -> bool:
    """Oxigraph stores numbers, booleans and dates by value: ``"1.00"^^xsd:decimal`` comes
    back of an rdflib or a pyoxigraph literal. True when it survives a store unchanged."""
    if isinstance(lit, ox.Literal):
        if lit.language or lit.datatype.value == str(XSD.string):
            return True
        key = (lit.value, lit.datatype.value)
    elif isinstance(lit, Literal) and lit.datatype is not None:
        key = (str(lit), str(lit.datatype))
    else:
        return True
    if key not in _KEPT:
        s = ox.Store()
        node = ox.NamedNode("urn:x")
        s.add(ox.Quad(node, node, ox.Literal(key[0], datatype=ox.NamedNode(key[1]))))
        back = next(iter(s)).object
        _KEPT[key] = (back.value, back.datatype.value) == key
    return _KEPT[key]


def exact_term(t) -> str:
    """A constant compared with sameTerm: refused when the store would not keep it as written
    (SHACL compares terms: "1.0" and "1.00" differ)."""
    if not kept_as_written(t):
        raise Unsupported(f"the constant {t.n3()} is not stored as written by Oxigraph")
    return term(t)


def rdf_list(g: Graph, node) -> list:
    return list(Collection(g, node))


def to_rdflib_term(t):
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return BNode(t.value)
    if t.language:
        return Literal(t.value, lang=t.language)
    dt = t.datatype.value
    return Literal(t.value, datatype=None if dt == str(XSD.string) else URIRef(dt))


CLASSES = (RDFS.Class, URIRef("http://www.w3.org/2002/07/owl#Class"))


def implicit_target(g: Graph, shape) -> bool:
    """A shape that is also a class targets its instances (SHACL 2.1.3.3)."""
    return any((shape, RDF.type, c) in g for c in CLASSES)


def top_shapes(g: Graph) -> list:
    shapes = {s for p in TARGET_FEATURES for s in g.subjects(p, None)}
    shapes |= {s for c in CLASSES for s in g.subjects(RDF.type, c)
               if (s, RDF.type, SH.NodeShape) in g or (s, RDF.type, SH.PropertyShape) in g}
    return sorted(shapes, key=str)

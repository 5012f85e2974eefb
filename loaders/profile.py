"""The entry profile: what the YAML entry form accepts, derived from the declarations.

Nothing here is a hand-written mapping: property keys come from the ontology's declared
properties, concept values from ``nkg:valueScheme``, literal datatypes from the shapes'
``sh:datatype`` (also inside ``sh:or``) and, failing that, from ``rdfs:range``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from narcokg import resources
from narcokg.namespaces import NKG, PREFIXES

OWL = PREFIXES["owl"]
RDFS = PREFIXES["rdfs"]
RDF = PREFIXES["rdf"]
SH = PREFIXES["sh"]
XSD = PREFIXES["xsd"]
LANG_STRING = RDF + "langString"

KIND = {OWL + "ObjectProperty": "object", OWL + "DatatypeProperty": "datatype",
        OWL + "AnnotationProperty": "annotation"}


@dataclass
class Property:
    iri: str
    kind: str  # object | datatype | annotation
    value_scheme: str | None = None  # the first of value_schemes
    value_schemes: list[str] = field(default_factory=list)  # a key is looked up in each
    datatypes: list[str] = field(default_factory=list)  # allowed literal datatypes, in order


@dataclass
class Profile:
    properties: dict[str, Property]  # by IRI
    keys: dict[str, str]  # YAML key (local name or CURIE) -> property IRI
    classes: dict[str, str]  # local name or CURIE -> class IRI
    concepts: dict[str, set[str]]  # scheme IRI -> concept IRIs

    def property_for(self, key: str) -> Property | None:
        iri = self.keys.get(key)
        return self.properties.get(iri) if iri else None


def curie(iri: str) -> str | None:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return None


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _triples(paths: list[Path]):
    for path in paths:
        yield from ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)


def _rdf_list(index: dict, node) -> list:
    items = []
    while node is not None and not (isinstance(node, ox.NamedNode) and node.value == RDF + "nil"):
        items.append(index.get((node, RDF + "first")))
        node = index.get((node, RDF + "rest"))
    return items


def _shape_datatypes(paths: list[Path]) -> dict[str, list[str]]:
    """sh:path -> allowed datatypes, read from property shapes (sh:datatype or sh:or)."""
    index, by_pred = {}, {}
    for t in _triples(paths):
        index[(t.subject, t.predicate.value)] = t.object
        by_pred.setdefault(t.predicate.value, []).append(t)
    found: dict[str, list[str]] = {}
    for t in by_pred.get(SH + "path", []):
        if not isinstance(t.object, ox.NamedNode):
            continue
        shape, types = t.subject, []
        if (shape, SH + "datatype") in index:
            types.append(index[(shape, SH + "datatype")].value)
        if (shape, SH + "or") in index:
            for member in _rdf_list(index, index[(shape, SH + "or")]):
                if member is not None and (member, SH + "datatype") in index:
                    types.append(index[(member, SH + "datatype")].value)
        known = found.setdefault(t.object.value, [])
        known.extend(x for x in types if x not in known)
    return found


@lru_cache(maxsize=1)
def load_profile() -> Profile:
    props: dict[str, Property] = {}
    classes: dict[str, str] = {}
    ranges: dict[str, str] = {}
    schemes: dict[str, list[str]] = {}
    concepts: dict[str, set[str]] = {}
    for t in _triples(resources.ontology_files()):
        s, p, o = t.subject, t.predicate.value, t.object
        if not isinstance(s, ox.NamedNode):
            continue
        if p == RDF + "type" and o.value in KIND:
            props.setdefault(s.value, Property(s.value, KIND[o.value]))
        elif p == RDF + "type" and o.value == OWL + "Class":
            for key in (_local(s.value) if s.value.startswith(NKG) else None, curie(s.value)):
                if key:  # a class outside the known prefixes has no short name
                    classes[key] = s.value
        elif p == RDFS + "range" and isinstance(o, ox.NamedNode):
            ranges[s.value] = o.value
        elif p == NKG + "valueScheme":
            schemes.setdefault(s.value, []).append(o.value)
        elif p == PREFIXES["skos"] + "inScheme":
            concepts.setdefault(o.value, set()).add(s.value)
    shape_types = _shape_datatypes(resources.shape_files())
    keys: dict[str, str] = {}
    for iri, prop in props.items():
        prop.value_schemes = sorted(schemes.get(iri, []))
        prop.value_scheme = prop.value_schemes[0] if prop.value_schemes else None
        prop.datatypes = list(shape_types.get(iri, []))
        rng = ranges.get(iri)
        if not prop.datatypes and rng and (rng.startswith(XSD) or rng == LANG_STRING):
            prop.datatypes = [rng]
        keys[curie(iri) or iri] = iri
    # bare local names: nkg terms first, then reused terms whose local name is unique
    local_names: dict[str, list[str]] = {}
    for iri in props:
        local_names.setdefault(_local(iri), []).append(iri)
    for name, iris in local_names.items():
        own = [i for i in iris if i.startswith(NKG)]
        if own:
            keys[name] = own[0]
        elif len(iris) == 1:
            keys[name] = iris[0]
    return Profile(props, keys, classes, concepts)

"""The JSON-LD ``@context`` of narcokg, generated from the ontology's declared terms.

Derived, never hand-written for ``nkg:``: every prefix of ``narcokg.namespaces.PREFIXES``,
one term per ``nkg:`` class or property declared in the ontology (object properties coerce
their values to IRIs; datatype properties with one non-string XSD range coerce to that
datatype; date properties without a declared range, named ``date`` or ``...Date``, coerce to
``xsd:date``: a value at another precision, such as an ``xsd:gYear``, is then written with its
own ``@type``), and a compact key for each standard term the data uses (SKOS, Dublin Core,
W3C Organization, PROV, FOAF, WGS84, ELI), with the same coercions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox

from narcokg.namespaces import NKG, PREFIXES, RDF_TYPE

OWL = PREFIXES["owl"]
RDFS = PREFIXES["rdfs"]
XSD = PREFIXES["xsd"]
XSD_STRING = XSD + "string"
DECLARATIONS = {OWL + "Class", OWL + "ObjectProperty", OWL + "DatatypeProperty",
                OWL + "AnnotationProperty", RDFS + "Class", PREFIXES["rdf"] + "Property"}
TERM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")
DATE_NAME = re.compile(r"^(date|[a-z][A-Za-z]*Date)$")
IRI, DATE = "@id", "xsd:date"
# name: (compact IRI, coercion or None); an nkg: term of the same name wins
STANDARD_TERMS = {
    "label": ("rdfs:label", None), "comment": ("rdfs:comment", None),
    "seeAlso": ("rdfs:seeAlso", IRI), "isDefinedBy": ("rdfs:isDefinedBy", IRI),
    "prefLabel": ("skos:prefLabel", None), "altLabel": ("skos:altLabel", None),
    "definition": ("skos:definition", None), "scopeNote": ("skos:scopeNote", None),
    "notation": ("skos:notation", None), "inScheme": ("skos:inScheme", IRI),
    "broader": ("skos:broader", IRI), "narrower": ("skos:narrower", IRI),
    "topConceptOf": ("skos:topConceptOf", IRI), "hasTopConcept": ("skos:hasTopConcept", IRI),
    "Concept": ("skos:Concept", None), "ConceptScheme": ("skos:ConceptScheme", None),
    "source": ("dcterms:source", IRI), "title": ("dcterms:title", None),
    "description": ("dcterms:description", None), "issued": ("dcterms:issued", DATE),
    "created": ("dcterms:created", DATE), "modified": ("dcterms:modified", DATE),
    "license": ("dcterms:license", IRI), "publisher": ("dcterms:publisher", IRI),
    "creator": ("dcterms:creator", IRI), "hasPart": ("dcterms:hasPart", IRI),
    "references": ("dcterms:references", IRI), "replaces": ("dcterms:replaces", IRI),
    "conformsTo": ("dcterms:conformsTo", IRI),
    "bibliographicCitation": ("dcterms:bibliographicCitation", None),
    "Membership": ("org:Membership", None), "Organization": ("org:Organization", None),
    "Role": ("org:Role", None), "member": ("org:member", IRI),
    "organization": ("org:organization", IRI), "role": ("org:role", IRI),
    "memberOf": ("org:memberOf", IRI), "subOrganizationOf": ("org:subOrganizationOf", IRI),
    "wasDerivedFrom": ("prov:wasDerivedFrom", IRI), "Document": ("foaf:Document", None),
    "name": ("foaf:name", None), "homepage": ("foaf:homepage", IRI),
    "lat": ("geo:lat", "xsd:decimal"), "long": ("geo:long", "xsd:decimal"),
    "LegalResource": ("eli:LegalResource", None),
    "date_document": ("eli:date_document", DATE), "is_about": ("eli:is_about", IRI),
}


def _declarations(triples) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    kinds: dict[str, set[str]] = {}
    ranges: dict[str, set[str]] = {}
    for t in triples:
        s = t.subject
        if not isinstance(s, ox.NamedNode) or not s.value.startswith(NKG):
            continue
        if t.predicate.value == RDF_TYPE and t.object.value in DECLARATIONS:
            kinds.setdefault(s.value, set()).add(t.object.value)
        elif t.predicate.value == RDFS + "range" and isinstance(t.object, ox.NamedNode):
            ranges.setdefault(s.value, set()).add(t.object.value)
    return kinds, ranges


def _term(name: str, kind: set[str], rng: set[str]):
    if OWL + "ObjectProperty" in kind:
        return {"@id": f"nkg:{name}", "@type": IRI}
    if OWL + "DatatypeProperty" in kind:
        only = next(iter(rng)) if len(rng) == 1 else None
        if only and only.startswith(XSD) and only != XSD_STRING:
            return {"@id": f"nkg:{name}", "@type": "xsd:" + only[len(XSD):]}
        if not rng and DATE_NAME.match(name):
            return {"@id": f"nkg:{name}", "@type": DATE}
    return f"nkg:{name}"


def generate_context(triples: Iterable[ox.Triple | ox.Quad]) -> dict:
    """The JSON-LD context of narcokg from the ontology's triples (see the module doc)."""
    kinds, ranges = _declarations(triples)
    context: dict = {name: iri for name, iri in sorted(PREFIXES.items())}
    for iri in sorted(kinds):
        name = iri[len(NKG):]
        if TERM_NAME.match(name) and name not in context:  # else: written as nkg:<name>
            context[name] = _term(name, kinds[iri], ranges.get(iri, set()))
    for name, (curie, coerce) in STANDARD_TERMS.items():
        if name not in context:
            context[name] = {"@id": curie, "@type": coerce} if coerce else curie
    return context

"""Which literals a reasoner may see. HermiT stops on a datatype outside the OWL 2 datatype
map (xsd:date, xsd:gYear, xsd:gYearMonth, ...): such literals are left out of the reasoner's
input and counted. A date is still seen through the bounds the build derives from it
(nkg:earliestDay / nkg:latestDay sub-properties, xsd:dateTime, which is in the map), so
``bounded`` counts how many of the left-out literals have their bounds in the data."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pyoxigraph as ox

from narcokg.namespaces import NKG, PREFIXES

XSD, RDF, RDFS, OWL = (PREFIXES[k] for k in ("xsd", "rdf", "rdfs", "owl"))

# OWL 2 Structural Specification, section 4 (the datatype map)
OWL2_DATATYPES = frozenset({
    *(XSD + name for name in (
        "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger "
        "negativeInteger long int short byte unsignedLong unsignedInt unsignedShort "
        "unsignedByte double float string normalizedString token language Name NCName "
        "NMTOKEN boolean hexBinary base64Binary anyURI dateTime dateTimeStamp").split()),
    RDF + "PlainLiteral", RDF + "XMLLiteral", RDF + "langString", RDFS + "Literal",
    OWL + "real", OWL + "rational",
})


def reasoner_can_read(term) -> bool:
    """Not a literal, or a literal whose datatype is in the OWL 2 datatype map."""
    return not isinstance(term, ox.Literal) or term.datatype.value in OWL2_DATATYPES


@dataclass
class LeftOut:
    """The literals left out of the reasoner's input, per datatype, and how many of them
    have derived day bounds (both earliest and latest) on their subject."""
    by_datatype: Counter = field(default_factory=Counter)
    bounded: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_datatype.values())

    def summary(self) -> str:
        if not self.total:
            return "no literal outside the OWL 2 datatype map"
        kinds = ", ".join(f"{n} {_short(dt)}" for dt, n in self.by_datatype.most_common())
        return (f"{self.total} literal(s) outside the OWL 2 datatype map left out ({kinds}); "
                f"{self.bounded} of them seen through their derived day bounds")


def _short(iri: str) -> str:
    return "xsd:" + iri[len(XSD):] if iri.startswith(XSD) else f"<{iri}>"


def bound_properties(ontology) -> dict[str, tuple[str | None, str | None]]:
    """Date property -> (its earliest-day, its latest-day bound property), from the
    ontology's nkg:earliestDayProperty / nkg:latestDayProperty annotations."""
    out: dict[str, list[str | None]] = {}
    for t in ontology:
        p = t.predicate.value
        if p in (NKG + "earliestDayProperty", NKG + "latestDayProperty"):
            pair = out.setdefault(t.subject.value, [None, None])
            pair[0 if p.startswith(NKG + "earliest") else 1] = t.object.value
    return {k: (a, b) for k, (a, b) in out.items()}


DATATYPES_QUERY = """SELECT ?dt (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
  FILTER(?g != <{ontology}> && isLiteral(?o)) BIND(DATATYPE(?o) AS ?dt) }} GROUP BY ?dt"""


def left_out(store: ox.Store, ontology) -> LeftOut:
    """What the reasoner will not see of the store's data graphs (all but graph/ontology):
    literals per datatype outside the map, and how many of them have both day bounds."""
    from narcokg.namespaces import GRAPH_ONTOLOGY

    out = LeftOut()
    for row in store.query(DATATYPES_QUERY.format(ontology=GRAPH_ONTOLOGY)):
        if row["dt"].value not in OWL2_DATATYPES:
            out.by_datatype[row["dt"].value] = int(row["n"].value)
    if not out.total:
        return out
    for prop, (earliest, latest) in bound_properties(ontology).items():
        if not (earliest and latest):
            continue
        for q in store.quads_for_pattern(None, ox.NamedNode(prop), None):
            s = q.subject
            if not reasoner_can_read(q.object) and q.graph_name.value != GRAPH_ONTOLOGY \
                    and _has(store, s, earliest) and _has(store, s, latest):
                out.bounded += 1
    return out


def _has(store: ox.Store, subject, prop: str) -> bool:
    return next(iter(store.quads_for_pattern(subject, ox.NamedNode(prop), None)), None) \
        is not None

"""Date bounds: the earliest and latest day a date at the source's precision can mean.

Dates keep the precision their source gives (``xsd:date``, ``xsd:gYearMonth``, ``xsd:gYear``),
which are outside the OWL 2 datatype map and do not compare with each other in SPARQL. For
every date property P the ontology names two sub-properties of ``nkg:earliestDay`` /
``nkg:latestDay`` with the annotations ``nkg:earliestDayProperty`` / ``nkg:latestDayProperty``
on P; this module reads those annotations and derives, for each date statement, the two
bounds as ``xsd:dateTime`` at 00:00:00 (in the OWL 2 datatype map), in the same named graph
as the date, so they keep its source. ``"1995"`` gives 1995-01-01 and 1995-12-31,
``"2024-02"`` 2024-02-01 and 2024-02-29, a day gives itself twice. A literal that is not one
of the three (a typo the shapes report) gets no bounds. The time carries no time zone: with
"Z" the store writes "Z" but rdflib reads it back as "+00:00", so dumps would not round-trip,
and a zoned and an unzoned dateTime do not compare in SPARQL; queries build the day the same
way (``xsd:dateTime(CONCAT(?date, "T00:00:00"))``). ``bound_quads`` serves the build
(loaders' graphs) and every entry read (curated data and ``narcokg add``) through
narcokg/derive.py.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import lru_cache

import pyoxigraph as ox

from narcokg.namespaces import NKG, PREFIXES

XSD = PREFIXES["xsd"]
DATE_TIME = ox.NamedNode(XSD + "dateTime")
PATTERNS = {
    XSD + "date": re.compile(r"(\d{4})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?"),
    XSD + "gYearMonth": re.compile(r"(\d{4})-(\d{2})(Z|[+-]\d{2}:\d{2})?"),
    XSD + "gYear": re.compile(r"(\d{4})(Z|[+-]\d{2}:\d{2})?"),
}


def day_bounds(lexical: str, datatype: str) -> tuple[date, date] | None:
    """(first day, last day) that a date literal can mean, or None if it is not a valid
    ``xsd:date`` / ``gYearMonth`` / ``gYear`` (years 0001-9999; time zones are ignored)."""
    pattern = PATTERNS.get(datatype)
    m = pattern.fullmatch(lexical.strip()) if pattern else None
    if not m:
        return None
    try:
        year = int(m.group(1))
        if datatype == XSD + "gYear":
            return date(year, 1, 1), date(year, 12, 31)
        month = int(m.group(2))
        if datatype == XSD + "gYearMonth":
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        day = date(year, month, int(m.group(3)))
        return day, day
    except ValueError:  # year 0, month 13, 29 February of a common year, ...
        return None


def _literal(day: date) -> ox.Literal:
    return ox.Literal(f"{day.isoformat()}T00:00:00", datatype=DATE_TIME)


@lru_cache(maxsize=1)
def bound_properties() -> dict[str, tuple[ox.NamedNode, ox.NamedNode]]:
    """Date property IRI -> (its earliest-day property, its latest-day property), read from
    the ontology's ``nkg:earliestDayProperty`` / ``nkg:latestDayProperty`` annotations."""
    from narcokg import resources

    found: dict[str, dict[str, ox.NamedNode]] = {}
    wanted = {NKG + "earliestDayProperty": "earliest", NKG + "latestDayProperty": "latest"}
    for t in ox.parse(path=str(resources.ontology_dir() / "narcokg.ttl"),
                      format=ox.RdfFormat.TURTLE):
        side = wanted.get(t.predicate.value)
        if side and isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.NamedNode):
            found.setdefault(t.subject.value, {})[side] = t.object
    return {p: (d["earliest"], d["latest"]) for p, d in found.items()
            if "earliest" in d and "latest" in d}


def bound_quads(quads, properties=None) -> list[ox.Quad]:
    """The bound quads of every date statement among ``quads`` (same subject, same graph)."""
    properties = bound_properties() if properties is None else properties
    out = []
    for q in quads:
        pair = properties.get(q.predicate.value)
        if pair is None or not isinstance(q.object, ox.Literal):
            continue
        bounds = day_bounds(q.object.value, q.object.datatype.value)
        if bounds is None:
            continue
        for prop, day in zip(pair, bounds, strict=True):
            out.append(ox.Quad(q.subject, prop, _literal(day), q.graph_name))
    return out


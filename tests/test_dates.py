"""Date bounds (narcokg/dates.py): the earliest and latest day a date at the source's precision
can mean, derived from the ontology's annotations, for curated entries and for `add` alike."""

from __future__ import annotations

from datetime import date

import pyoxigraph as ox
import pytest

from narcokg.dates import XSD, bound_properties, bound_quads, day_bounds
from narcokg.namespaces import NKG

CASES = [
    ("1995", "gYear", (date(1995, 1, 1), date(1995, 12, 31))),
    ("2024-02", "gYearMonth", (date(2024, 2, 1), date(2024, 2, 29))),  # leap year
    ("2023-02", "gYearMonth", (date(2023, 2, 1), date(2023, 2, 28))),
    ("1900-02", "gYearMonth", (date(1900, 2, 1), date(1900, 2, 28))),  # not a leap year
    ("2000-02", "gYearMonth", (date(2000, 2, 1), date(2000, 2, 29))),  # is one
    ("1969-10-17", "date", (date(1969, 10, 17), date(1969, 10, 17))),
    ("2024-02-29", "date", (date(2024, 2, 29), date(2024, 2, 29))),
    ("2023-02-29", "date", None),  # no such day
    ("2024-13", "gYearMonth", None),
    ("17/10/1969", "date", None),  # not a date: no bounds (the shapes report it)
    ("legally binding", "string", None),
    ("0000", "gYear", None),
]


@pytest.mark.parametrize(("lexical", "kind", "expected"), CASES)
def test_day_bounds(lexical, kind, expected):
    assert day_bounds(lexical, XSD + kind) == expected


def test_every_date_property_the_data_uses_has_its_bounds_declared():
    props = bound_properties()
    for name in ("date", "latestDate", "startDate", "endDate", "entryIntoForceDate",
                 "terminationDate"):
        earliest, latest = props[NKG + name]
        assert earliest.value == NKG + name + "EarliestDay"
        assert latest.value == NKG + name + "LatestDay"


DATE_TYPES = {XSD + t for t in ("date", "gYear", "gYearMonth", "dateTime")}


def test_every_date_a_loader_writes_gets_its_bounds():
    """Not a list of properties: every predicate that the OFAC loader or the curated entries
    give a date-typed literal has its bound pair declared, so no date is left to the reasoner
    and the queries without bounds."""
    from pathlib import Path

    from narcokg import resources
    from narcokg.build import collect
    from narcokg.derive import with_derived
    from narcokg.loaders import ofac_graph

    fixtures = Path(__file__).parent / "fixtures"
    specs = [f"{fixtures / 'ofac-sdn-edge.csv'}@2021-08-18",
             f"{fixtures / 'ofac-sdn-edge-later.csv'}@2024-05-03"]
    quads = [q for _label, qs in ofac_graph.collect(specs) for q in qs]
    quads += [q for label, qs in collect(resources.data_dir(), lambda _m: None)
              if label != "ontology" for q in qs]
    dated = {q.predicate.value for q in quads
             if isinstance(q.object, ox.Literal) and q.object.datatype.value in DATE_TYPES
             and not q.predicate.value.endswith(("EarliestDay", "LatestDay"))}
    assert dated, "the fixtures have dates"
    props = bound_properties()
    # a US fiscal year (October to September) is the name of a determination, not a
    # calendar year: it gets no calendar-day bounds
    assert sorted(dated - set(props) - {NKG + "fiscalYear"}) == []
    derived = with_derived(quads)
    assert any(q.predicate.value == NKG + "birthDateEarliestDay" for q in derived)


def test_bounds_keep_the_graph_of_the_date():
    s, g = ox.NamedNode("https://example.org/t"), ox.NamedNode("https://example.org/g")
    quads = [ox.Quad(s, ox.NamedNode(NKG + "entryIntoForceDate"),
                     ox.Literal("2012", datatype=ox.NamedNode(XSD + "gYear")), g),
             ox.Quad(s, ox.NamedNode(NKG + "date"),
                     ox.Literal("not a date", datatype=ox.NamedNode(XSD + "date")), g)]
    got = {(q.predicate.value[len(NKG):], q.object.value, q.graph_name) for q in
           bound_quads(quads)}
    assert got == {("entryIntoForceDateEarliestDay", "2012-01-01T00:00:00", g),
                   ("entryIntoForceDateLatestDay", "2012-12-31T00:00:00", g)}


def test_an_entry_read_for_build_or_add_carries_its_bounds(tmp_path):
    from narcokg import resources
    from narcokg.loaders.entries import load_entry_file
    from narcokg.loaders.sources import SourceRegistry

    registry = SourceRegistry.from_dir(resources.data_dir() / "sources")
    entry = load_entry_file(resources.data_dir() / "treaties" / "eu-mercosur-empa.yaml",
                            registry)
    bounds = {(q.subject.value.rsplit("/", 2)[-2:][0], q.predicate.value[len(NKG):],
               q.object.value) for q in entry.quads
              if q.predicate.value.endswith(("EarliestDay", "LatestDay"))}
    assert ("status", "dateEarliestDay", "2026-01-17T00:00:00") in bounds
    assert ("status", "dateLatestDay", "2026-01-17T00:00:00") in bounds


def test_owl_time_instants_get_bounds_too():
    """A membership's time (org:memberDuring) is an OWL-Time interval whose instants give
    their date at the source's precision; their bounds are derived like any other date."""
    time = "http://www.w3.org/2006/time#"
    props = bound_properties()
    for name in ("inXSDDate", "inXSDgYearMonth", "inXSDgYear"):
        assert [p.value for p in props[time + name]] == [NKG + "instantEarliestDay",
                                                         NKG + "instantLatestDay"]
    s, g = ox.NamedNode("https://example.org/i"), ox.NamedNode("https://example.org/g")
    q = ox.Quad(s, ox.NamedNode(time + "inXSDgYearMonth"),
                ox.Literal("2016-02", datatype=ox.NamedNode(XSD + "gYearMonth")), g)
    assert sorted(b.object.value for b in bound_quads([q])) == ["2016-02-01T00:00:00",
                                                              "2016-02-29T00:00:00"]

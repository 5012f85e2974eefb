"""Signatory and party follow from the participation records (narcokg/roles.py): a signatory
is not a party, consent makes a party, a withdrawal not followed by a new consent undoes it,
and a named party (asserted) is also a party, each in the graph it follows from."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from narcokg.namespaces import NKG, PREFIXES, vocab
from narcokg.roles import role_quads

T = ox.NamedNode("https://example.org/treaty")
G1, G2 = ox.NamedNode("https://example.org/g1"), ox.NamedNode("https://example.org/g2")
XSD = PREFIXES["xsd"]


def record(n: int, who: str, kind: str, day: str | None = None, graph=G1, under=True):
    r = ox.NamedNode(f"https://example.org/treaty/r{n}")
    quads = [ox.Quad(r, ox.NamedNode(NKG + "participant"),
                     ox.NamedNode(f"https://example.org/{who}"), graph),
             ox.Quad(r, ox.NamedNode(NKG + "eventType"),
                     ox.NamedNode(vocab("event-type", kind)), graph)]
    if under:
        quads.append(ox.Quad(T, ox.NamedNode(NKG + "hasEvent"), r, G1))
    else:
        quads.append(ox.Quad(r, ox.NamedNode(PREFIXES["dcterms"] + "isPartOf"), T, graph))
    if day:
        kind_of = "date" if len(day) == 10 else "gYear"
        quads.append(ox.Quad(r, ox.NamedNode(NKG + "date"),
                             ox.Literal(day, datatype=ox.NamedNode(XSD + kind_of)), graph))
    return quads


def roles(quads, **kw) -> set[tuple[str, str]]:
    return {(q.predicate.value[len(NKG):], q.object.value.rsplit("/", 1)[-1])
            for q in role_quads(quads, **kw)}


CASES = [
    ("signature only: signatory, not party", [record(1, "A", "signature", "2001-01-01")],
     {("signatory", "A")}),
    ("signature then ratification", [record(1, "A", "signature", "2001-01-01"),
                                     record(2, "A", "ratification", "2003-05-01")],
     {("signatory", "A"), ("party", "A")}),
    ("definitive signature: both", [record(1, "A", "definitive-signature", "2001")],
     {("signatory", "A"), ("party", "A")}),
    *[(f"{kind} makes a party", [record(1, "A", kind)], {("party", "A")})
      for kind in ("acceptance", "approval", "accession", "succession", "formal-confirmation",
                   "party")],
    ("withdrawal after accession", [record(1, "A", "accession", "1990-01-01"),
                                    record(2, "A", "withdrawal", "2011-01-01")], set()),
    ("undated denunciation counts", [record(1, "A", "accession", "1990-01-01"),
                                     record(2, "A", "denunciation")], set()),
    ("re-accession after denunciation", [record(1, "A", "ratification", "1976"),
                                         record(2, "A", "denunciation", "2011-06-29"),
                                         record(3, "A", "accession", "2013-01-11")],
     {("party", "A")}),
    ("same year: not certainly later", [record(1, "A", "denunciation", "2011-06-29"),
                                        record(2, "A", "accession", "2011")], set()),
    ("entry into force or domestic approval make no role",
     [record(1, "A", "entry-into-force"), record(2, "A", "domestic-approval")], set()),
]


@pytest.mark.parametrize(("name", "records", "expected"), CASES, ids=[c[0] for c in CASES])
def test_roles_follow_from_records(name, records, expected):
    assert roles([q for r in records for q in r]) == expected


def test_named_party_is_a_party_in_its_own_graph_and_roles_keep_the_records_graph():
    named = ox.Quad(T, ox.NamedNode(NKG + "namedParty"), ox.NamedNode("https://example.org/B"),
                    G2)
    got = {(q.predicate.value[len(NKG):], q.object.value.rsplit("/", 1)[-1], q.graph_name)
           for q in role_quads([named, *record(1, "A", "ratification", graph=G2)])}
    assert got == {("party", "B", G2), ("party", "A", G2)}


def test_a_record_filed_on_its_own_counts_only_over_all_entries():
    quads = record(1, "A", "accession", under=False)
    assert roles(quads) == set()
    assert roles(quads, standalone=True) == {("party", "A")}

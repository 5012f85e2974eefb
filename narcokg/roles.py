"""Signatory and party: roles that follow from the participation records, not asserted ones.

The Vienna Convention on the Law of Treaties keeps a signatory apart from a party (art.
2(1)(b), (f), (g), 11-16). What is derived here, by the build and for every entry read:

- ``nkg:signatory``: the participant of a participation record of type signature or
  definitive signature (a simple signature is a signature subject to ratification,
  acceptance or approval).
- ``nkg:party``: the participant of a record expressing consent to be bound (ratification,
  acceptance, approval, accession, succession, definitive signature, formal confirmation,
  or a record of type ``party`` where the source says it is a party without naming the act),
  unless a withdrawal or denunciation record of that participant is not certainly earlier
  than its latest consent record (a re-accession after a denunciation makes it a party
  again). That is the contracting state or organisation of art. 2(1)(f); whether and since
  when the instrument is in force for it is said by its records.
- ``nkg:namedParty`` is asserted: a source names the instrument's parties (a bilateral
  instrument named with its two sides) without a dated record. It is a sub-property of
  ``nkg:party``, so each one is also written as ``nkg:party``.

An entry derives the roles of the records under its instrument, so ``narcokg add`` stores them
with the entry; a record filed on its own under an id of its own (dcterms:isPartOf) gives its
role when the build derives over all curated entries (the next ``narcokg build``).

Each derived statement is filed in the named graph of the record (or named-party statement)
it follows from, so it keeps that source; asserted and derived parties are told apart by
``nkg:namedParty`` and by the records (query the records for the why).
"""

from __future__ import annotations

import pyoxigraph as ox

from narcokg.dates import bound_quads
from narcokg.namespaces import NKG, PREFIXES, vocab

SIGNATURE = {"signature", "definitive-signature"}
CONSENT = {"ratification", "acceptance", "approval", "accession", "succession",
           "definitive-signature", "formal-confirmation", "party"}
WITHDRAWAL = {"withdrawal", "denunciation"}
EVENT_TYPE = vocab("event-type") + "/"
P = {name: ox.NamedNode(NKG + name) for name in (
    "hasEvent", "participant", "eventType", "party", "signatory", "namedParty")}
IS_PART_OF = PREFIXES["dcterms"] + "isPartOf"


def _records(quads, standalone: bool) -> dict[ox.NamedNode, dict]:
    """record -> {instrument, participant, kind, graph, first, last} from the quads; a record
    filed on its own (dcterms:isPartOf) only if ``standalone``."""
    records: dict = {}
    for q in quads:
        p = q.predicate.value
        if p == P["hasEvent"].value:
            records.setdefault(q.object, {})["instrument"] = q.subject
        elif p == IS_PART_OF and standalone:
            records.setdefault(q.subject, {}).setdefault("instrument", q.object)
        elif p == P["participant"].value:
            records.setdefault(q.subject, {})["participant"] = q.object
        elif p == P["eventType"].value and q.object.value.startswith(EVENT_TYPE):
            rec = records.setdefault(q.subject, {})
            rec["kind"], rec["graph"] = q.object.value[len(EVENT_TYPE):], q.graph_name
    sides = {NKG + "dateEarliestDay": "first", NKG + "dateLatestDay": "last",
             NKG + "latestDateLatestDay": "lastBy"}  # latestDate: on or before that day
    for b in bound_quads(quads):
        side = sides.get(b.predicate.value)
        if side:
            records.setdefault(b.subject, {})[side] = b.object.value
    return {r: v for r, v in records.items()
            if {"instrument", "participant", "kind", "graph"} <= set(v)}


def _withdrawn(consents: list[dict], withdrawals: list[dict]) -> bool:
    """A withdrawal or denunciation counts unless a consent is certainly later than it (an
    undated withdrawal always counts; an undated consent is never certainly later)."""
    def last(r):
        return r.get("last") or r.get("lastBy") or "~"  # "~" sorts after every day
    return any(not any(c.get("first", "") > last(w) for c in consents) for w in withdrawals)


def role_quads(quads, standalone: bool = False) -> list[ox.Quad]:
    """The derived nkg:signatory and nkg:party statements of the records among ``quads``.
    An entry derives from the records written under its instrument (nkg:hasEvent); the
    build, over all curated entries, also from records filed on their own
    (``standalone``: their dcterms:isPartOf names an instrument of another entry)."""
    quads = list(quads)
    out = [ox.Quad(q.subject, P["party"], q.object, q.graph_name) for q in quads
           if q.predicate.value == P["namedParty"].value]
    by_pair: dict[tuple, list[dict]] = {}
    for rec in _records(quads, standalone).values():
        by_pair.setdefault((rec["instrument"], rec["participant"]), []).append(rec)
    for (instrument, participant), recs in by_pair.items():
        for rec in recs:
            if rec["kind"] in SIGNATURE:
                out.append(ox.Quad(instrument, P["signatory"], participant, rec["graph"]))
        consents = [r for r in recs if r["kind"] in CONSENT]
        if consents and not _withdrawn(consents, [r for r in recs if r["kind"] in WITHDRAWAL]):
            out.extend(ox.Quad(instrument, P["party"], participant, r["graph"])
                       for r in consents)
    return out

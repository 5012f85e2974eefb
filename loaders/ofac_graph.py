"""OFAC SDN snapshots as named graphs: one graph per snapshot (``graph/source/ofac-sdn-<date>``)
with one nkg:SanctionMeasure per listing and drug programme and its target, and one history
graph (``graph/source/ofac-sdn-history``) with first/last seen and the listing and delisting
records between consecutive snapshots, dated no more precisely than the snapshots allow."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator

import pyoxigraph as ox

from narcokg.namespaces import GRAPH_META, ID, NKG, PREFIXES, RDF_TYPE, source_graph, vocab

from .base import iri, lit
from .countries import alpha2
from .ofac import Listing, read_sdn, snapshot_date

SDN_URL = "https://www.treasury.gov/ofac/downloads/sdn.csv"
TITLE = "OFAC Specially Designated Nationals and Blocked Persons List (sdn.csv)"
REGIMES = {"SDNT": "us-ofac-sdnt", "SDNTK": "us-ofac-sdntk",
           "ILLICIT-DRUGS-EO14059": "us-ofac-illicit-drugs-eo14059"}
TARGET_CLASS = {"individual": PREFIXES["foaf"] + "Person",
                "entity": PREFIXES["org"] + "Organization",
                "vessel": NKG + "Vessel", "aircraft": NKG + "Aircraft"}
ASSET_FREEZE = iri(vocab("sanction-kind", "asset-freeze"))
SKOS, RDFS, DCT, XSD = (PREFIXES[k] for k in ("skos", "rdfs", "dcterms", "xsd"))
A = iri(RDF_TYPE)
US = iri(ID + "state/US")
HISTORY_KEY = "ofac-sdn-history"  # keys start with a reserved prefix (namespaces.py)


def measure_iri(ent_num: str, program: str) -> ox.NamedNode:
    return iri(f"{ID}sanction/ofac-sdn-{ent_num}-{program.lower()}")


def target_iri(ent_num: str) -> ox.NamedNode:
    return iri(f"{ID}sanction-target/ofac-sdn-{ent_num}")


def date_lit(value: str) -> ox.Literal:
    kind = {10: "date", 7: "gYearMonth", 4: "gYear"}[len(value)]
    return lit(value, datatype=XSD + kind)


def _countries(names, prop: str, s, unknown: Counter) -> Iterator[ox.Triple]:
    for name in dict.fromkeys(names):
        code = alpha2(name)
        if code is None:
            unknown[name] += 1
        else:
            yield ox.Triple(s, iri(NKG + prop), iri(f"{ID}state/{code}"))


def target_triples(x: Listing, unknown: Counter) -> Iterator[ox.Triple]:
    s = target_iri(x.ent_num)
    yield ox.Triple(s, A, iri(TARGET_CLASS.get(x.sdn_type, TARGET_CLASS["entity"])))
    yield ox.Triple(s, iri(SKOS + "prefLabel"), lit(x.name))
    yield ox.Triple(s, iri(RDFS + "label"), lit(x.name))
    yield ox.Triple(s, iri(NKG + "sanctionListId"), lit(x.ent_num, datatype=XSD + "string"))
    for _kind, alias in dict.fromkeys(x.aliases):
        yield ox.Triple(s, iri(SKOS + "altLabel"), lit(alias))
    if x.sdn_type == "individual":
        for d in dict.fromkeys(x.birth_dates):
            yield ox.Triple(s, iri(NKG + "birthDate"), date_lit(d))
    yield from _countries(x.nationalities, "nationality", s, unknown)
    yield from _countries(x.identifier_countries, "identifierCountry", s, unknown)
    if x.sdn_type == "vessel" and x.vess_flag:
        yield from _countries([x.vess_flag], "flagState", s, unknown)
    if x.remarks:
        yield ox.Triple(s, iri(RDFS + "comment"), lit(x.remarks))


def snapshot_triples(listings: list[Listing], unknown: Counter) -> Iterator[ox.Triple]:
    for x in listings:
        yield from target_triples(x, unknown)
        for program in x.programs:
            m = measure_iri(x.ent_num, program)
            yield ox.Triple(m, A, iri(NKG + "SanctionMeasure"))
            yield ox.Triple(m, iri(NKG + "sanctionTarget"), target_iri(x.ent_num))
            regime = iri(f"{ID}sanction-regime/{REGIMES[program]}")
            yield ox.Triple(m, iri(NKG + "underRegime"), regime)
            yield ox.Triple(m, iri(NKG + "sanctionKind"), ASSET_FREEZE)
            yield ox.Triple(m, iri(NKG + "imposedBy"), US)
            yield ox.Triple(m, iri(SKOS + "prefLabel"), lit(f"{x.name} ({program})"))


def history_triples(snapshots: list[tuple[str, set[ox.NamedNode]]]) -> Iterator[ox.Triple]:
    """``snapshots``: (date, measures present), in date order."""
    first, last = {}, {}
    for date, present in snapshots:
        for m in present:
            first.setdefault(m, date)
            last[m] = date
    for m in first:
        yield ox.Triple(m, iri(NKG + "firstSeen"), date_lit(first[m]))
        yield ox.Triple(m, iri(NKG + "lastSeen"), date_lit(last[m]))
    for (before, was), (after, now) in zip(snapshots, snapshots[1:], strict=False):
        for cls, kind, measures in (("ListingRecord", "listed", now - was),
                                    ("DelistingRecord", "delisted", was - now)):
            for m in measures:
                r = iri(f"{m.value}/{kind}-{before}--{after}")
                yield ox.Triple(r, A, iri(NKG + cls))
                yield ox.Triple(r, iri(NKG + "listingOf"), m)
                yield ox.Triple(r, iri(NKG + "earliestDate"), date_lit(before))
                yield ox.Triple(r, iri(NKG + "latestDate"), date_lit(after))


def meta_quads(graph: str, date: str | None, note: str) -> list[ox.Quad]:
    g, meta, doc = iri(graph), iri(GRAPH_META), iri(SDN_URL)
    out = [ox.Quad(g, iri(DCT + "source"), doc, meta),
           ox.Quad(g, iri(PREFIXES["prov"] + "wasDerivedFrom"), doc, meta),
           ox.Quad(doc, A, iri(PREFIXES["foaf"] + "Document"), meta),
           ox.Quad(doc, iri(DCT + "title"), lit(TITLE, "en"), meta),
           ox.Quad(g, iri(RDFS + "comment"), lit(note), meta)]
    if date:
        out.append(ox.Quad(g, iri(DCT + "issued"), date_lit(date), meta))
    return out


def _in_graph(triples, graph: str) -> list[ox.Quad]:
    from .entries import with_provenance

    g = iri(graph)
    return with_provenance([ox.Quad(t.subject, t.predicate, t.object, g) for t in triples],
                           {graph: SDN_URL})


def collect(specs, log: Callable[[str], None] = lambda _m: None):
    """Yield (label, quads) per snapshot (``FILE`` or ``FILE@YYYY-MM-DD``), then the history."""
    dated = sorted((snapshot_date(str(s)) for s in specs), key=lambda pd: pd[1])
    dates = [d for _p, d in dated]
    if len(set(dates)) != len(dates):
        raise_duplicate(dates)
    seen = []
    for path, date in dated:
        listings, unknown = read_sdn(path), Counter()
        key = f"ofac-sdn-{date}"
        quads = _in_graph(snapshot_triples(listings, unknown), source_graph(key))
        present = {q.subject for q in quads if q.predicate.value == RDF_TYPE
                   and q.object.value == NKG + "SanctionMeasure"}
        seen.append((date, present))
        log(f"ofac-sdn {date}: {len(listings)} listings, {len(present)} measures"
            + (f"; country names not known, not linked: {_top(unknown)}" if unknown else ""))
        yield key, quads + meta_quads(source_graph(key), date, f"snapshot of {date} ({path.name})")
    note = "first/last seen and listing/delisting records between the snapshots " + ", ".join(dates)
    quads = _in_graph(history_triples(seen), source_graph(HISTORY_KEY))
    yield HISTORY_KEY, quads + meta_quads(source_graph(HISTORY_KEY), None, note)


def _top(counter: Counter) -> str:
    return ", ".join(f"{name!r} ({n})" for name, n in counter.most_common())


def raise_duplicate(dates: list[str]) -> None:
    from narcokg.errors import InputError

    dup = sorted({d for d in dates if dates.count(d) > 1})
    raise InputError(f"two --ofac-sdn snapshots have the same date {', '.join(dup)}: one file "
                     "per date", ", ".join(dup))

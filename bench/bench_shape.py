"""The shape of the real data, for ``synth.py --profile realistic``: distributions read from a
built store (the curated build, with OFAC snapshots if it was built with ``--ofac-sdn``),
written as JSON. Only counts and proportions are taken, never a fact: the synthetic graph
draws its own entities from them.

    python bench/bench_shape.py --store bench/out/base-store --out bench/out/shape.json

What is derived (``derived``) and what is assumed (``assumed``, each saying why) is kept
apart in the JSON, and the benchmark report prints both.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

NKG = "https://w3id.org/narcokg/ontology#"
PREFIX = f"PREFIX nkg: <{NKG}>\nPREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"
INSTRUMENT_CLASSES = ("BilateralTreaty", "MultilateralTreaty", "MemorandumOfUnderstanding",
                      "NonBindingArrangement", "Treaty")
# the assumptions a realistic graph needs that the curated data cannot give (it holds 27
# instruments and two OFAC snapshots, not every treaty of every state)
ASSUMED = {
    "parties": "drawn uniformly among all ISO 3166-1 states (the curated data is about "
               "Belgium; a graph of every treaty of every state favours none)",
    "listings_per_instrument": 1,
    "listings_per_instrument_why": "the curated ratio (about 100 listings per instrument) "
                                   "reflects what was curated so far, not a full graph",
    "seizure_every": 3, "port_every": 10, "liaison_post_every": 50,
    "seizures_ports_posts_why": "the curated seizure and liaison data are a few dozen rows",
}
FALLBACK_LISTINGS = {  # used only when the store holds no OFAC snapshot; said in the JSON
    "target_kinds": {"http://xmlns.com/foaf/0.1/Person": 1, "http://www.w3.org/ns/org#"
                     "Organization": 1},
    "share": {"comment": 0.5, "identifierCountry": 0.5, "nationality": 0.3, "birthDate": 0.5},
    "altlabels_per_target": 0.25, "nationality_countries": {"MX": 1, "CO": 1},
    "identifier_countries": {"MX": 1, "CO": 1}, "programs": {"program-a": 1},
}


def _rows(db, text: str):
    return list(db.query(PREFIX + text, use_default_graph_as_union=True))


def _counts(db, text: str, key: str = "k", short: bool = False) -> dict:
    out = {}
    for r in _rows(db, text):
        name = r[key].value
        if short:
            name = name.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        out[name] = int(r["n"].value)
    return out


def instruments(db) -> dict:
    classes = " ".join(f"nkg:{c}" for c in INSTRUMENT_CLASSES)
    per = {}  # instrument -> [parties, clauses, class]
    for r in _rows(db, f"""SELECT ?t ?c (COUNT(DISTINCT ?p) AS ?n) WHERE {{
            VALUES ?c {{ {classes} }} ?t a ?c OPTIONAL {{ ?t nkg:party ?p }} }}
            GROUP BY ?t ?c"""):
        per[r["t"].value] = [int(r["n"].value), 0, r["c"].value.rsplit("#", 1)[-1]]
    for r in _rows(db, "SELECT ?t (COUNT(DISTINCT ?c) AS ?n) WHERE { ?t nkg:hasClause ?c } "
                       "GROUP BY ?t"):
        if r["t"].value in per:
            per[r["t"].value][1] = int(r["n"].value)
    two = {}
    for parties, _clauses, cls in per.values():
        if parties == 2:
            two[cls] = two.get(cls, 0) + 1
    records = _rows(db, "SELECT (COUNT(DISTINCT ?e) AS ?n) (COUNT(DISTINCT ?x) AS ?p) WHERE "
                        "{ ?t nkg:hasEvent ?e . ?e a nkg:ParticipationRecord ; "
                        "nkg:participant ?x }")[0]
    party_links = sum(v[0] for v in per.values()) or 1
    return {
        "count": len(per),
        "party_counts": sorted(v[0] for v in per.values() if v[0] >= 2),
        "two_party_classes": two,
        "clauses_per_instrument": sorted(v[1] for v in per.values()),
        "clause_types": _counts(db, "SELECT ?k (COUNT(*) AS ?n) WHERE { ?t nkg:hasClause ?c . "
                                    "?c nkg:clauseType ?k } GROUP BY ?k", short=True),
        "statuses": _counts(db, "SELECT ?k (COUNT(*) AS ?n) WHERE { { ?t nkg:hasStatus/"
                                "nkg:status ?k } UNION { ?t nkg:instrumentStatus ?k } } "
                                "GROUP BY ?k", short=True),
        "entry_into_force_share": int(_rows(db, "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { "
                                                "?t nkg:entryIntoForceDate ?d }")[0]["n"].value)
        / max(1, len(per)),
        "records_per_party": int(records["n"].value) / party_links,
        "event_types": _counts(db, "SELECT ?k (COUNT(*) AS ?n) WHERE { ?e a "
                                   "nkg:ParticipationRecord ; nkg:eventType ?k } GROUP BY ?k",
                               short=True),
    }


def listings(db) -> dict | None:
    kinds = _counts(db, "SELECT ?k (COUNT(DISTINCT ?t) AS ?n) WHERE { ?m a nkg:SanctionMeasure ; "
                        "nkg:sanctionTarget ?t . ?t a ?k } GROUP BY ?k")
    total = sum(kinds.values())
    if not total:
        return None
    props = _counts(db, "SELECT ?k (COUNT(DISTINCT ?t) AS ?n) WHERE { ?m a nkg:SanctionMeasure ;"
                        " nkg:sanctionTarget ?t . ?t ?k ?x } GROUP BY ?k")
    share = {name: props.get(iri, 0) / total for name, iri in (
        ("comment", "http://www.w3.org/2000/01/rdf-schema#comment"),
        ("identifierCountry", NKG + "identifierCountry"), ("nationality", NKG + "nationality"),
        ("birthDate", NKG + "birthDate"))}
    alt = _rows(db, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?t ?a WHERE { ?m a "
                    "nkg:SanctionMeasure ; nkg:sanctionTarget ?t . "
                    "?t <http://www.w3.org/2004/02/skos/core#altLabel> ?a } }")[0]
    return {
        "targets": total,
        "per_snapshot": _counts(db, "SELECT ?k (COUNT(DISTINCT ?m) AS ?n) WHERE { GRAPH ?k { ?m a "
                                    "nkg:SanctionMeasure } } GROUP BY ?k", short=True),
        "target_kinds": kinds, "share": share,
        "altlabels_per_target": int(alt["n"].value) / total,
        "nationality_countries": _counts(db, "SELECT ?k (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a "
                                             "nkg:SanctionMeasure ; nkg:sanctionTarget/"
                                             "nkg:nationality ?k } GROUP BY ?k", short=True),
        "identifier_countries": _counts(db, "SELECT ?k (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a "
                                            "nkg:SanctionMeasure ; nkg:sanctionTarget/"
                                            "nkg:identifierCountry ?k } GROUP BY ?k", short=True),
        "programs": _counts(db, "SELECT ?k (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a "
                                "nkg:SanctionMeasure ;"
                                " nkg:underRegime ?k } GROUP BY ?k", short=True),
    }


def derive(store: Path) -> dict:
    """The realistic profile's parameters, read from the store at ``store``."""
    import pyoxigraph as ox

    db = ox.Store.read_only(str(store))
    try:
        found = listings(db)
        return {"store": str(store), "quads": len(db),
                "derived": {"instruments": instruments(db), "listings": found},
                "assumed": {**ASSUMED, **({} if found else {
                    "listings": FALLBACK_LISTINGS,
                    "listings_why": "the store holds no OFAC snapshot (build it with "
                                    "--ofac-sdn to derive the listings' shape)"})}}
    finally:
        del db


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    shape = derive(args.store)
    args.out.write_text(json.dumps(shape, indent=1, sort_keys=True) + "\n")
    inst = shape["derived"]["instruments"]
    print(f"shape of {args.store}: {inst['count']} instruments, listings: "
          f"{(shape['derived']['listings'] or {}).get('targets', 'none (assumed)')}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

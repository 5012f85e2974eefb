"""Generate a synthetic drug-policy graph for benchmarks — never facts.

Two profiles: ``realistic`` (the default; ``synth_realistic.py``: shaped like the curated data
and the real OFAC lists, from a shape JSON written by ``bench_shape.py``) and ``stress``
(``generate`` below: Belgium a party to about a third of all treaties, so the Belgian
listings grow with the graph; the skewed graph the benchmark used before).

Every synthetic subject lives under https://w3id.org/narcokg/synthetic/ and in the named graph
https://w3id.org/narcokg/synthetic/graph; it references the real state IRIs (id/state/XX) and
the real SKOS concepts so that the competency queries have something to find. A known, small
share of entities is deliberately invalid (each kind listed in VIOLATIONS), so validation has
work to report. Deterministic for a given seed and size.

    python bench/synth.py --triples 100000 --shape bench/out/shape.json --out synth-100k.nq
    python bench/synth.py --profile stress --triples 100000 --out synth-stress-100k.nq
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

SYN = "https://w3id.org/narcokg/synthetic/"
GRAPH = f"<{SYN}graph>"
NKG = "https://w3id.org/narcokg/ontology#"
ID = "https://w3id.org/narcokg/id/"
VOC = "https://w3id.org/narcokg/vocab/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
SOURCE = "<http://purl.org/dc/terms/source>"
XSD = "http://www.w3.org/2001/XMLSchema#"
DOC = f"<{SYN}source/generator>"
CLAUSES = ["anti-trafficking-cooperation", "aml-cooperation", "operational-information-exchange",
           "customs-cooperation", "prosecutor-cooperation", "judicial-cooperation",
           "mutual-legal-assistance", "extradition", "transfer-of-sentenced-persons",
           "readmission-obligation"]
STATUS = ["in-force", "in-force", "in-force", "signed", "terminated", "under-negotiation"]
VIOLATIONS = ["bilateral-three-parties", "participant-not-party", "bad-unlocode",
              "sanction-without-regime", "missing-source", "end-before-start"]
LATAM = ["AR", "BO", "BR", "CL", "CO", "CR", "CU", "DO", "EC", "GT", "HN", "MX", "NI", "PA",
         "PE", "PY", "SV", "UY", "VE"]


def n(kind: str, key) -> str:
    return f"<{SYN}{kind}/{key}>"


def p(local: str) -> str:
    return f"<{NKG}{local}>"


def lit(value, datatype: str | None = None, lang: str | None = None) -> str:
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    if lang:
        return f'"{text}"@{lang}'
    return f'"{text}"^^<{XSD}{datatype}>' if datatype else f'"{text}"'


class Writer:
    def __init__(self, out):
        self.out, self.count = out, 0

    def t(self, s: str, pred: str, o: str) -> None:
        self.out.write(f"{s} {pred} {o} {GRAPH} .\n")
        self.count += 1


def status_statement(w: Writer, subject: str, scheme: str, status: str) -> None:
    """The subject's status as a status statement (ontology 0.2: ``nkg:hasStatus``), not the
    deprecated one-value ``instrumentStatus`` / ``establishmentStatus``."""
    statement = f"{subject[:-1]}/status/{status}>"
    w.t(subject, p("hasStatus"), statement)
    w.t(statement, RDF_TYPE, p("StatusStatement"))
    w.t(statement, p("status"), f"<{VOC}{scheme}/{status}>")
    w.t(statement, SOURCE, DOC)


def liaison_post(w: Writer, i: int, place: str, host: str, sender: str) -> None:
    """An existing liaison post at ``place`` in ``host`` (a state code), sent by ``sender``."""
    post = n("liaison-post", i)
    w.t(post, RDF_TYPE, p("LiaisonPost"))
    w.t(post, LABEL, lit(f"Liaison post {i}", lang="en"))
    w.t(post, "<http://www.w3.org/ns/prov#atLocation>", place)
    w.t(post, p("situatedIn"), f"<{ID}state/{host}>")
    w.t(post, p("sendingAuthority"), sender)
    status_statement(w, post, "body-status", "existing")
    w.t(post, SOURCE, DOC)


def _date(rng: random.Random, lo: int = 1960, hi: int = 2025) -> str:
    return f"{rng.randint(lo, hi)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def generate(target: int, seed: int, out, states: list[str], violation_rate: float = 0.01):
    rng = random.Random(seed)
    w = Writer(out)
    planted: dict[str, int] = dict.fromkeys(VIOLATIONS, 0)
    ports = []
    i = 0
    while w.count < target:
        i += 1
        bad = rng.random() < violation_rate
        kind = rng.choice(VIOLATIONS) if bad else None
        # a port every 10 units
        if i % 10 == 1:
            cc = rng.choice(states)
            code = cc + "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(3))
            port = n("port", f"{code}{i}")
            ports.append(port)
            w.t(port, RDF_TYPE, p("Port"))
            w.t(port, LABEL, lit(f"Port {i}"))
            w.t(port, p("unlocode"), lit(code.lower() if kind == "bad-unlocode" else code))
            w.t(port, p("situatedIn"), f"<{ID}state/{cc}>")
            w.t(port, "<http://www.w3.org/2003/01/geo/wgs84_pos#lat>",
                lit(round(rng.uniform(-50, 60), 4), "decimal"))
            w.t(port, SOURCE, DOC)
            if kind == "bad-unlocode":
                planted[kind] += 1
                kind = None
        # a treaty with clauses and participation records
        treaty = n("treaty", i)
        bilateral = rng.random() < 0.7
        parties = (["BE", rng.choice(LATAM)] if bilateral and rng.random() < 0.5 else
                   rng.sample(states, 2 if bilateral else rng.randint(3, 8)))
        if kind == "bilateral-three-parties" and bilateral:
            parties = parties + [rng.choice([s for s in states if s not in parties])]
            planted[kind] += 1
        w.t(treaty, RDF_TYPE, p("BilateralTreaty" if bilateral else "MultilateralTreaty"))
        w.t(treaty, LABEL, lit(f"Synthetic treaty {i}", lang="en"))
        status = rng.choice(STATUS)
        status_statement(w, treaty, "instrument-status", status)
        if kind != "missing-source":
            w.t(treaty, SOURCE, DOC)
        else:
            planted[kind] += 1
        signed = _date(rng)
        if status in ("in-force", "terminated"):
            w.t(treaty, p("entryIntoForceDate"), lit(signed, "date"))
        for party in parties:  # as a build writes them: named by the source, party derived
            w.t(treaty, p("namedParty"), f"<{ID}state/{party}>")
            w.t(treaty, p("party"), f"<{ID}state/{party}>")
        for c in rng.sample(CLAUSES, rng.randint(1, 3)):
            clause = f"<{SYN}treaty/{i}/clause/{c}>"
            w.t(treaty, p("hasClause"), clause)
            w.t(clause, RDF_TYPE, p("Clause"))
            w.t(clause, p("clauseType"), f"<{VOC}clause-type/{c}>")
            if c == "readmission-obligation":
                w.t(clause, p("concernsNationalsOf"), f"<{ID}state/{parties[-1]}>")
            w.t(clause, SOURCE, DOC)
        for party in parties:
            who = party
            if kind == "participant-not-party":
                who = rng.choice([s for s in states if s not in parties])
                planted[kind] += 1
                kind = None
            for event in ("signature", "ratification"):
                rec = f"<{SYN}treaty/{i}/participation/{who}-{event}>"
                w.t(treaty, p("hasEvent"), rec)
                w.t(rec, RDF_TYPE, p("ParticipationRecord"))
                w.t(rec, p("participant"), f"<{ID}state/{who}>")
                w.t(rec, p("eventType"), f"<{VOC}event-type/{event}>")
                w.t(rec, p("date"), lit(signed, "date"))
                w.t(rec, SOURCE, DOC)
        if i % 5 == 0:  # a sanction measure under a regime
            regime, measure = n("sanction-regime", i), n("sanction", i)
            w.t(regime, RDF_TYPE, p("SanctionRegime"))
            w.t(regime, LABEL, lit(f"Regime {i}", lang="en"))
            w.t(regime, p("legalBasis"), f"<http://data.europa.eu/eli/dec/2026/{i}/oj>")
            w.t(regime, SOURCE, DOC)
            w.t(measure, RDF_TYPE, p("SanctionMeasure"))
            w.t(measure, p("sanctionTarget"), f"<{ID}state/{rng.choice(LATAM)}>")
            w.t(measure, p("sanctionKind"), f"<{VOC}sanction-kind/economic>")
            if kind == "sanction-without-regime":
                planted[kind] += 1
                kind = None
            else:
                w.t(measure, p("underRegime"), regime)
            start = rng.randint(2000, 2020)
            w.t(measure, p("startDate"), lit(f"{start}-01-01", "date"))
            end = start - 1 if kind == "end-before-start" else start + rng.randint(1, 5)
            if kind == "end-before-start":
                planted[kind] += 1
                kind = None
            w.t(measure, p("endDate"), lit(f"{end}-01-01", "date"))
            w.t(measure, SOURCE, DOC)
        if i % 7 == 0 and ports:  # seizures at a port
            seizure = n("seizure", i)
            w.t(seizure, RDF_TYPE, p("SeizureStatistic"))
            w.t(seizure, p("seizureLocation"), rng.choice(ports))
            w.t(seizure, p("referencePeriod"), lit(rng.randint(2010, 2025), "gYear"))
            w.t(seizure, p("drugType"), f"<{VOC}drug-type/cocaine>")
            w.t(seizure, p("quantityKg"), lit(rng.randint(10, 100000), "decimal"))
            w.t(seizure, SOURCE, DOC)
        if i % 50 == 0 and ports:  # a liaison post
            liaison_post(w, i, rng.choice(ports), rng.choice(LATAM),
                         f"<{ID}org/be-federal-police>")
    return w.count, planted


def default_states() -> list[str]:
    import pycountry
    return sorted(c.alpha_2 for c in pycountry.countries)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--profile", choices=("realistic", "stress"), default="realistic")
    ap.add_argument("--shape", type=Path, help="the realistic profile's shape JSON "
                    "(bench_shape.py); required for --profile realistic")
    ap.add_argument("--violation-rate", type=float, default=0.01)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    if args.profile == "realistic" and not (args.shape and args.shape.is_file()):
        ap.error("--profile realistic needs --shape FILE (python bench/bench_shape.py "
                 "--store STORE --out FILE writes it)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", buffering=1 << 20) as out:
        if args.profile == "stress":
            count, planted = generate(args.triples, args.seed, out, default_states(),
                                      args.violation_rate)
        else:
            import json

            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from synth_realistic import generate_realistic

            count, planted = generate_realistic(args.triples, args.seed, out,
                                                default_states(),
                                                json.loads(args.shape.read_text()),
                                                args.violation_rate)
    print(f"{count} triples ({args.profile}) -> {args.out}; planted violations: {planted}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

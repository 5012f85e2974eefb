"""The realistic synthetic profile (``synth.py --profile realistic``, the benchmark's default):
instruments, OFAC-shaped listings, seizures, ports and liaison posts drawn from the shape of
the real data (``bench_shape.py``: party counts, two-party classes, clauses per instrument and
their types, statuses, participation records per party; the listings' target kinds, the
share of targets with a nationality, identifier country, birth date or comment, their
countries, alternative names and programmes). What the curated data cannot give is assumed,
and the shape JSON says so (``assumed``).

Every subject is under https://w3id.org/narcokg/synthetic/ in the graph .../synthetic/graph,
as in the stress profile; states and vocabulary terms are the real IRIs. Written as a stream
(one line at a time, nothing kept but the port list), deterministic for a seed: the first N
triples of a larger graph are the graph of N triples (a "slice").
"""

from __future__ import annotations

import bisect
import itertools
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import (  # noqa: E402
    DOC,
    ID,
    RDF_TYPE,
    SOURCE,
    SYN,
    VIOLATIONS,
    VOC,
    Writer,
    _date,
    liaison_post,
    lit,
    n,
    p,
    status_statement,
)

FOAF, ORG = "http://xmlns.com/foaf/0.1/", "http://www.w3.org/ns/org#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
LABEL, ALT = f"<{SKOS}prefLabel>", f"<{SKOS}altLabel>"
SNAPSHOTS = ("2021-08-18", "2024-05-03")


class Pick:
    """A weighted choice from {value: weight} (or a list of observed values), fast."""

    def __init__(self, weights):
        if isinstance(weights, list):
            weights = {v: weights.count(v) for v in set(weights)}
        items = sorted((str(k), w) for k, w in weights.items() if w > 0) or [("", 1)]
        self.values = [k for k, _w in items]
        self.cum = list(itertools.accumulate(w for _k, w in items))

    def __call__(self, rng: random.Random) -> str:
        return self.values[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])]


class Shape:
    def __init__(self, shape: dict):
        inst = shape["derived"]["instruments"]
        lst = shape["derived"].get("listings") or shape["assumed"]["listings"]
        self.assumed = shape["assumed"]
        self.parties = Pick(inst["party_counts"] or [2])
        self.two_class = Pick(inst["two_party_classes"] or {"BilateralTreaty": 1})
        self.clauses = Pick(inst["clauses_per_instrument"] or [1])
        self.clause_type = Pick(inst["clause_types"] or {"extradition": 1})
        self.status = Pick(inst["statuses"] or {"in-force": 1})
        self.event_type = Pick(inst["event_types"] or {"ratification": 1})
        self.records_per_party = inst.get("records_per_party", 1.0)
        statuses = inst["statuses"] or {"in-force": 1}
        in_force = statuses.get("in-force", 0) / sum(statuses.values()) or 1.0
        # P(entry into force date | in force), from the share over all instruments
        self.date_if_in_force = min(1.0, inst.get("entry_into_force_share", 0.5) / in_force)
        self.kind = Pick(lst["target_kinds"])
        kinds = lst["target_kinds"]
        persons = kinds.get(FOAF + "Person", 0) / max(1, sum(kinds.values())) or 1.0
        self.person_p = {k: min(1.0, v / persons) for k, v in lst["share"].items()}
        self.share = lst["share"]
        self.alt = lst["altlabels_per_target"]
        self.nationality = Pick(lst["nationality_countries"])
        self.id_country = Pick(lst["identifier_countries"])
        self.program = Pick(lst["programs"])


def instrument(w: Writer, rng: random.Random, sh: Shape, i: int, states, bad) -> None:
    k = min(int(sh.parties(rng)), len(states))
    cls = sh.two_class(rng) if k == 2 else "MultilateralTreaty"
    parties = rng.sample(states, k)
    if bad == "bilateral-three-parties" and cls == "BilateralTreaty":
        parties.append(rng.choice([s for s in states if s not in parties]))
    t = n("treaty", i)
    w.t(t, RDF_TYPE, p(cls))
    w.t(t, LABEL, lit(f"Synthetic instrument {i}", lang="en"))
    if bad != "missing-source":
        w.t(t, SOURCE, DOC)
    status = sh.status(rng)
    status_statement(w, t, "instrument-status", status)
    signed = _date(rng)
    if status == "in-force" and rng.random() < sh.date_if_in_force:
        w.t(t, p("entryIntoForceDate"), lit(signed, "date"))
    for party in parties:  # as a build writes them: the source names the parties (namedParty)
        w.t(t, p("namedParty"), f"<{ID}state/{party}>")  # and the build derives nkg:party
        w.t(t, p("party"), f"<{ID}state/{party}>")
    for c in dict.fromkeys(sh.clause_type(rng) for _ in range(int(sh.clauses(rng)))):
        clause = f"<{SYN}treaty/{i}/clause/{c}>"
        w.t(t, p("hasClause"), clause)
        w.t(clause, RDF_TYPE, p("Clause"))
        w.t(clause, p("clauseType"), f"<{VOC}clause-type/{c}>")
        if c == "readmission-obligation":
            w.t(clause, p("concernsNationalsOf"), f"<{ID}state/{parties[-1]}>")
        w.t(clause, SOURCE, DOC)
    for party in parties:
        who = rng.choice([s for s in states if s not in parties]) \
            if bad == "participant-not-party" else party
        if rng.random() >= sh.records_per_party and bad != "participant-not-party":
            continue
        event = sh.event_type(rng)
        rec = f"<{SYN}treaty/{i}/participation/{who}-{event}>"
        w.t(t, p("hasEvent"), rec)
        w.t(rec, RDF_TYPE, p("ParticipationRecord"))
        w.t(rec, p("participant"), f"<{ID}state/{who}>")
        w.t(rec, p("eventType"), f"<{VOC}event-type/{event}>")
        w.t(rec, p("date"), lit(signed, "date"))
        w.t(rec, SOURCE, DOC)
        bad = None if bad == "participant-not-party" else bad


def listing(w: Writer, rng: random.Random, sh: Shape, i: int, bad) -> None:
    """One OFAC-shaped listing: a measure under a programme and its target."""
    m, target = n("sanction", i), n("sanction-target", i)
    kind = sh.kind(rng)
    w.t(m, RDF_TYPE, p("SanctionMeasure"))
    w.t(m, LABEL, lit(f"Synthetic listing {i}"))
    w.t(m, p("sanctionKind"), f"<{VOC}sanction-kind/asset-freeze>")
    w.t(m, p("imposedBy"), f"<{ID}state/US>")
    if bad != "sanction-without-regime":
        w.t(m, p("underRegime"), n("sanction-regime", sh.program(rng)))
    w.t(m, p("sanctionTarget"), target)
    first = SNAPSHOTS[0] if rng.random() < 0.5 else SNAPSHOTS[1]
    w.t(m, p("firstSeen"), lit(first, "date"))
    w.t(m, p("lastSeen"), lit(SNAPSHOTS[1] if rng.random() < 0.8 else first, "date"))
    if bad == "end-before-start":
        w.t(m, p("startDate"), lit("2020-01-01", "date"))
        w.t(m, p("endDate"), lit("2019-01-01", "date"))
    w.t(m, SOURCE, DOC)
    w.t(target, RDF_TYPE, f"<{kind}>")
    w.t(target, LABEL, lit(f"Target {i}"))
    w.t(target, f"<{RDFS}label>", lit(f"Target {i}"))
    w.t(target, p("sanctionListId"), lit(str(i)))
    w.t(target, SOURCE, DOC)
    share = sh.share
    if rng.random() < share.get("comment", 0):
        w.t(target, f"<{RDFS}comment>", lit(f"Synthetic remarks {i}"))
    if rng.random() < share.get("identifierCountry", 0):
        w.t(target, p("identifierCountry"), f"<{ID}state/{sh.id_country(rng)}>")
    person = kind == FOAF + "Person"
    if person and rng.random() < sh.person_p.get("nationality", 0):
        w.t(target, p("nationality"), f"<{ID}state/{sh.nationality(rng)}>")
    if person and rng.random() < sh.person_p.get("birthDate", 0):
        w.t(target, p("birthDate"), lit(_date(rng, 1940, 2000), "date"))
    for a in range(int(sh.alt) + (rng.random() < sh.alt % 1)):
        w.t(target, ALT, lit(f"Alias {i}-{a}"))


def regimes(w: Writer, sh: Shape) -> None:
    for program in sh.program.values:
        regime = n("sanction-regime", program)
        w.t(regime, RDF_TYPE, p("SanctionRegime"))
        w.t(regime, LABEL, lit(f"Synthetic programme {program}", lang="en"))
        w.t(regime, p("legalBasis"), f"<{SYN}legal-basis/{program}>")
        w.t(regime, SOURCE, DOC)


def place(w: Writer, rng: random.Random, sh: Shape, i: int, states, ports, bad) -> None:
    a = sh.assumed
    if i % a["port_every"] == 1:
        cc = rng.choice(states)
        code = cc + "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(3))
        port = n("port", f"{code}{i}")
        ports.append(port)
        w.t(port, RDF_TYPE, p("Port"))
        w.t(port, LABEL, lit(f"Port {i}"))
        w.t(port, p("unlocode"), lit(code.lower() if bad == "bad-unlocode" else code))
        w.t(port, p("situatedIn"), f"<{ID}state/{cc}>")
        w.t(port, SOURCE, DOC)
    if i % a["seizure_every"] == 0 and ports:
        seizure = n("seizure", i)
        w.t(seizure, RDF_TYPE, p("SeizureStatistic"))
        w.t(seizure, p("seizureLocation"), rng.choice(ports))
        w.t(seizure, p("referencePeriod"), lit(rng.randint(2010, 2025), "gYear"))
        w.t(seizure, p("drugType"), f"<{VOC}drug-type/cocaine>")
        w.t(seizure, p("quantityKg"), lit(rng.randint(10, 100000), "decimal"))
        # a total of the seizures data set: every dimension given (issue 15)
        w.t(seizure, "<http://purl.org/linked-data/cube#dataSet>", f"<{ID}dataset/seizures>")
        w.t(seizure, p("breakdown"), f"<{VOC}breakdown/total>")
        w.t(seizure, p("originState"), f"<{VOC}aggregate/all-origins>")
        w.t(seizure, p("consignmentDestination"), f"<{VOC}aggregate/all-destinations>")
        w.t(seizure, SOURCE, DOC)
    if i % a["liaison_post_every"] == 0 and ports:
        liaison_post(w, i, rng.choice(ports), rng.choice(states),
                     f"<{ID}state/{rng.choice(states)}>")


def generate_realistic(target: int, seed: int, out, states: list[str], shape: dict,
                       violation_rate: float = 0.01):
    rng, sh = random.Random(seed), Shape(shape)
    w = Writer(out)
    planted: dict[str, int] = dict.fromkeys(VIOLATIONS, 0)
    ports: list[str] = []
    regimes(w, sh)
    i = 0
    while w.count < target:
        i += 1
        bad = rng.choice(VIOLATIONS) if rng.random() < violation_rate else None
        if bad:
            planted[bad] += 1
        place(w, rng, sh, i, states, ports, bad)
        instrument(w, rng, sh, i, states, bad)
        for j in range(sh.assumed["listings_per_instrument"]):
            listing(w, rng, sh, i * 10 + j, bad)
    return w.count, planted

"""``narcokg ontology check --data``: does the store's data (every named graph) meet the
ontology's axioms?

Two passes, both on the ontology the store was built with (its graph/ontology):
1. the structural check (``structural``): disjointness over each entity's types, closed
   under the hierarchy and the domains and ranges; about a second, names entity and axiom;
2. HermiT on the ontology and the part of the data a logical axiom can reach (``abox``:
   types and the statements of constrained properties; labels, sources, codes left out),
   literals outside the OWL 2 datatype map left out and counted (dates are seen through
   their derived day bounds). When HermiT finds an inconsistency the structural check has
   not named, QuickXplain (``explain``) names a minimal set of entities behind it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from narcokg import store as stores
from narcokg.reasoning import abox, explain, hermit, structural
from narcokg.reasoning.axioms import Axioms, Clash
from narcokg.reasoning.datatypes import LeftOut


@dataclass
class DataReport:
    store: str
    data_triples: int = 0
    reasoned_triples: int = 0  # the data statements given to HermiT
    left_out: LeftOut = field(default_factory=LeftOut)
    clashes: list[Clash] = field(default_factory=list)
    consistent: bool | None = None  # HermiT's verdict; None: not decided
    reasoner_error: str | None = None
    culprits: list[str] | None = None  # entities behind an inconsistency clashes do not name
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.consistent is True and not self.clashes


def _timed(report: DataReport, step: str, started: float) -> float:
    now = time.perf_counter()
    report.seconds[step] = round(now - started, 2)
    return now


def check_data(store_path=None, reason: bool = True, timeout: float = 600,
               explain_runs: int = 60) -> DataReport:
    """Check the data of the store at ``store_path`` against its ontology."""
    path = stores.store_path(store_path)
    report = DataReport(str(path))
    started = time.perf_counter()
    with stores.open_store(path) as db:
        ontology = abox.ontology_triples(db)
        given = abox.reasoner_input(db, ontology)
        axioms = Axioms(ontology)
        typing = structural.typing_triples(db, axioms)
        del db
    now = _timed(report, "read", started)
    report.data_triples, report.reasoned_triples = given.data_triples, given.kept
    report.left_out = given.left_out
    report.clashes = structural.clashes(typing, axioms)
    now = _timed(report, "structural", now)
    if not reason:
        return report
    verdict = hermit.consistent(given.triples, timeout)
    report.consistent, report.reasoner_error = verdict.consistent, verdict.error
    now = _timed(report, "hermit", now)
    if verdict.consistent is False and not report.clashes and explain_runs:
        def decide(triples):
            return hermit.consistent(triples, timeout).consistent
        reasoned = given.triples[len(ontology):]
        report.culprits = explain.culprits(ontology, reasoned, decide, explain_runs)
        _timed(report, "explain", now)
    return report

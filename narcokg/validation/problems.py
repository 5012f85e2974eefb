"""The validation result model: a problem per SHACL result (or entry-policy finding), and the
result of validating entries or a store. No engine, no I/O: every validation module and the
report renderers share it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import Graph


@dataclass(frozen=True)
class Problem:
    focus: str
    path: str | None
    value: object  # rdflib term or None
    component: str
    severity: str  # Violation | Warning | Info
    messages: dict  # lang -> text ("" for untagged)
    shape: str

    def key(self) -> tuple:
        return (self.focus, self.path, self.component, self.severity)

    def message(self, lang: str = "en") -> str:
        for want in (lang, "en", ""):
            if want in self.messages:
                return self.messages[want]
        return next(iter(self.messages.values()), "")


@dataclass
class ValidationResult:
    problems: list[Problem] = field(default_factory=list)
    labels: dict = field(default_factory=dict)  # focus IRI -> {lang: label}
    notes: list[str] = field(default_factory=list)
    # the sh:ValidationReport graph (kept results only), or a function that builds it: read
    # through ``report``, built on first use (at 10M quads, 700k results make 5M rdflib
    # triples that a text or JSON report never reads)
    report_source: Graph | Callable[[], Graph] | None = field(default=None, repr=False)
    seconds: float = 0.0
    subjects: set[str] = field(default_factory=set)

    @property
    def report(self) -> Graph | None:
        if callable(self.report_source):
            self.report_source = self.report_source()
        return self.report_source

    @report.setter
    def report(self, graph: Graph | None) -> None:
        self.report_source = graph

    @property
    def conforms(self) -> bool:
        return not any(p.severity == "Violation" for p in self.problems)

    @property
    def exit_code(self) -> int:
        return 0 if self.conforms else 1


def problem_order(p: Problem) -> tuple:
    """The order problems are listed in: by entity, violations first, then path and component."""
    return (p.focus, p.severity != "Violation", p.path or "", p.component)

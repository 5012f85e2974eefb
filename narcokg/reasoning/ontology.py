"""``narcokg ontology check``, the ontology alone: is it OWL 2 DL consistent under HermiT,
free of unsatisfiable classes, versioned, and is every term documented in en, nl and fr?"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from narcokg import resources
from narcokg.errors import NarcokgError
from narcokg.namespaces import ONTOLOGY_IRI, PREFIXES
from narcokg.reasoning import hermit

OWL, RDF, RDFS, SKOS = (PREFIXES[k] for k in ("owl", "rdf", "rdfs", "skos"))
LANGS = ("en", "nl", "fr")
TERM_TYPES = {OWL + "Class", OWL + "ObjectProperty", OWL + "DatatypeProperty",
              OWL + "AnnotationProperty"}


@dataclass
class OntologyReport:
    files: list[str]
    triples: int = 0
    reasoner: str = "HermiT (owlready2)"
    consistent: bool | None = None
    unsatisfiable: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # "term: what is missing"
    version_iri: str | None = None
    reasoner_error: str | None = None

    @property
    def ok(self) -> bool:
        return (self.consistent is True and not self.unsatisfiable and not self.missing
                and self.version_iri is not None)


def _documentation_gaps(quads: list[ox.Quad]) -> list[str]:
    by_subject: dict[str, list[ox.Quad]] = {}
    for q in quads:
        if isinstance(q.subject, ox.NamedNode):
            by_subject.setdefault(q.subject.value, []).append(q)
    gaps = []
    for iri, qs in sorted(by_subject.items()):
        types = {q.object.value for q in qs if q.predicate.value == RDF + "type"}
        is_term = bool(types & TERM_TYPES)
        is_concept = SKOS + "Concept" in types or SKOS + "ConceptScheme" in types
        if not (is_term or is_concept):
            continue
        label = RDFS + "label" if is_term else SKOS + "prefLabel"
        langs = {q.object.language for q in qs if q.predicate.value == label
                 and isinstance(q.object, ox.Literal)}
        missing = [lang for lang in LANGS if lang not in langs]
        if missing:
            gaps.append(f"{iri}: no {label.rsplit('#', 1)[-1]} in {', '.join(missing)}")
        if not any(q.predicate.value == SKOS + "definition" for q in qs):
            gaps.append(f"{iri}: no skos:definition")
    return gaps


def check_ontology(extra: list[str | Path] = (), reason: bool = True) -> OntologyReport:
    """Check the shipped ontology and vocabularies, plus any ``extra`` Turtle files."""
    files = [*resources.ontology_files(), *map(Path, extra)]
    report = OntologyReport([str(f) for f in files])
    quads = []
    for path in files:
        try:
            quads.extend(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        except SyntaxError as exc:
            raise NarcokgError(f"{path}:{exc.lineno}:{exc.offset}: syntax error: {exc.msg}") \
                from None
    report.triples = len(quads)
    for q in quads:
        if q.subject.value == ONTOLOGY_IRI and q.predicate.value == OWL + "versionIRI":
            report.version_iri = q.object.value
    report.missing = _documentation_gaps(quads)
    if reason:
        verdict = hermit.classify(q.triple for q in quads)
        report.consistent = verdict.consistent
        report.reasoner_error = verdict.error
        report.unsatisfiable = list(verdict.unsatisfiable)
    return report

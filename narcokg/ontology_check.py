"""``narcokg ontology check``: is the ontology OWL 2 DL consistent under HermiT, free of
unsatisfiable classes, versioned, and is every term documented in en, nl and fr?"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from narcokg import resources
from narcokg.errors import NarcokgError
from narcokg.namespaces import ONTOLOGY_IRI, PREFIXES

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


def _java() -> str:
    java = os.environ.get("JAVA_EXE") or shutil.which("java")
    if not java:
        raise NarcokgError("Java is needed for the HermiT reasoner and was not found: install "
                           "it (e.g. `apt-get install -y default-jre-headless`) or set JAVA_EXE")
    return java


def _run_hermit(ntriples: Path, report: OntologyReport) -> None:
    import owlready2

    owlready2.JAVA_EXE = _java()
    world = owlready2.World()
    onto = world.get_ontology(ntriples.as_uri()).load()
    try:
        with onto:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        report.consistent = True
    except owlready2.OwlReadyInconsistentOntologyError:
        report.consistent = False
        return
    except owlready2.OwlReadyJavaError as exc:
        report.consistent = None
        report.reasoner_error = str(exc).strip().splitlines()[-1][:500]
        return
    nothing = OWL + "Nothing"
    report.unsatisfiable = sorted(c.iri for c in world.inconsistent_classes()
                                  if c.iri != nothing)


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
        with tempfile.TemporaryDirectory(prefix="narcokg-owl-") as tmp:
            nt = Path(tmp) / "ontology.nt"
            ox.serialize([q.triple for q in quads], output=str(nt),
                         format=ox.RdfFormat.N_TRIPLES)
            cwd = os.getcwd()
            os.chdir(tmp)  # HermiT derives a base IRI from the working folder; "/" breaks it
            try:
                _run_hermit(nt, report)
            finally:
                os.chdir(cwd)
    return report

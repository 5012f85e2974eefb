"""The ontology in a release: its declarations copied as Turtle and converted to RDF/XML,
its documentation by pyLODE, and the same files under the version IRI's path
(``ontology/<version>.html|.ttl|.rdf``) so that ``owl:versionIRI`` dereferences."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from narcokg import resources
from narcokg.errors import NarcokgError
from narcokg.namespaces import ONTOLOGY_IRI, PREFIXES
from narcokg.publication.context import generate_context

DUMP_PREFIXES = {k: v for k, v in PREFIXES.items() if k != "id"}
BNODE_LINK = re.compile(r'<a href="N?n?[0-9a-f]{32}b\d+">([^<]*)</a>')


class PublishError(NarcokgError):
    """The release could not be written; the previous release is left untouched."""


def ontology_version() -> str | None:
    """The version in the ontology's ``owl:versionIRI`` (``.../ontology/<version>``)."""
    path = resources.ontology_dir() / "narcokg.ttl"
    for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        if t.subject.value == ONTOLOGY_IRI and t.predicate.value == PREFIXES["owl"] + "versionIRI":
            return t.object.value.rsplit("/", 1)[-1]
    return None


def ontology_context() -> dict:
    """The JSON-LD context generated from the packaged ontology and schemes."""
    triples = (t for path in resources.ontology_files()
               for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    return generate_context(triples)


def write_ontology(out: Path, log: Callable[[str], None]) -> None:
    """Ontology, SKOS schemes and shapes as Turtle (the declarations, copied) and RDF/XML,
    and the ontology's documentation as HTML by pyLODE."""
    onto = out / "ontology"
    (onto / "vocab").mkdir(parents=True)
    targets = [(p, onto / p.relative_to(resources.ontology_dir())) for p in
               resources.ontology_files()]
    if resources.shape_files():
        (out / "shapes").mkdir()
        targets += [(p, out / "shapes" / p.name) for p in resources.shape_files()]
    for src, dest in targets:
        shutil.copyfile(src, dest)
        triples = ox.parse(path=str(src), format=ox.RdfFormat.TURTLE)
        ox.serialize(triples, str(dest.with_suffix(".rdf")), ox.RdfFormat.RDF_XML,
                     prefixes=DUMP_PREFIXES)
    docs = ontology_html()
    (onto / "index.html").write_text(docs, encoding="utf-8")
    version = ontology_version()
    if version:  # the version IRI dereferences to the same declarations and docs
        (onto / f"{version}.html").write_text(docs, encoding="utf-8")
        for ext in (".ttl", ".rdf"):
            shutil.copyfile(onto / f"narcokg{ext}", onto / f"{version}{ext}")
    prior = write_prior_versions(onto)
    log(f"ontology: {len(targets)} files as Turtle and RDF/XML, docs by pyLODE"
        + (f"; prior versions {', '.join(prior)}" if prior else ""))


def write_prior_versions(onto: Path) -> list[str]:
    """Each earlier version as released (``owl:priorVersion`` dereferences):
    ``ontology/<version>.ttl|.rdf|.html`` from its frozen file."""
    written = []
    for version, path in resources.ontology_version_files().items():
        if version == ontology_version():
            continue
        shutil.copyfile(path, onto / f"{version}.ttl")
        ox.serialize(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE),
                     str(onto / f"{version}.rdf"), ox.RdfFormat.RDF_XML, prefixes=DUMP_PREFIXES)
        (onto / f"{version}.html").write_text(ontology_html(path), encoding="utf-8")
        written.append(version)
    return written


def ontology_html(path: Path | None = None) -> str:
    """pyLODE 3.3.4 documentation of the ontology (``path``: an earlier version's file), in
    English (pyLODE shows one language and would otherwise pick any of en/nl/fr per term)."""
    import logging

    import rdflib

    level = logging.getLogger().level
    try:
        from pylode import OntPub
    except Exception as exc:  # pyLODE 3.4.1 fails on import; 3.3.4 is pinned
        raise PublishError(f"pyLODE is not usable ({type(exc).__name__}: {exc}); "
                           "install pylode==3.3.4") from None
    finally:
        logging.getLogger().setLevel(level)
    graph = rdflib.Graph()
    graph.parse(path or resources.ontology_dir() / "narcokg.ttl", format="turtle")
    for s, p, o in list(graph):
        if isinstance(o, rdflib.Literal) and o.language and o.language != "en":
            graph.remove((s, p, o))
    # pyLODE links a blank node class (a restriction, a union) to its bnode id, which is
    # no page: show it as text
    return BNODE_LINK.sub(r"<span>\1</span>", OntPub(ontology=graph).make_html())



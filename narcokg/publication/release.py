"""``narcokg publish``: write a release folder that a linked-data publisher can put on a web
server as is: dumps (TriG, N-Quads, Turtle, JSON-LD with a generated context), the ontology
and shapes (Turtle, RDF/XML, pyLODE HTML), a DCAT + VoID description, and one page per
resource under its IRI path (``id/state/BE.html|.ttl|.jsonld|.nt|.rdf``).

Versioned and atomic: the release is written into a fresh folder beside ``--out``
(``<out>.build-<time>-<pid>``); ``--out`` is then a symlink swapped to it in one
``rename`` (the same mechanism as the store, ``narcokg.swap``), so a web server
reading ``--out`` sees the old release or the new one, never half of one. An ``--out`` that
is not a narcokg release (a user's folder, a symlink to a web root) is refused, never
replaced or deleted.

Incremental: each release keeps a digest per resource page (``pages.digests``,
``narcokg.publication.manifest``); the next publish hard-links the pages whose digest is
unchanged from the release it replaces and renders only the others. It also keeps the
digest of what its dumps and tracker are made from (``content.digest``: the store's files,
the code, the ontology, per part); an unchanged part (the dumps, the ontology files, the
tracker) is hard-linked too (at 10M quads they are most of the work)."""

from __future__ import annotations

import datetime
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from narcokg import __version__, swap
from narcokg import store as stores
from narcokg.errors import StoreError
from narcokg.graph_counts import triples_per_graph
from narcokg.namespaces import GRAPH_META, ID, NKG, PREFIXES
from narcokg.publication import dumps as dump_files
from narcokg.publication import manifest
from narcokg.publication.landing import coverage_lines, landing_page
from narcokg.publication.ontology import (
    PublishError,
    ontology_context,
    ontology_version,
    write_ontology,
)
from narcokg.publication.pages import Previous, write_pages
from narcokg.publication.tracker import (
    finish_tracker,
    link_tracker,
    start_tracker,
    write_tracker,
)
from narcokg.publication.void import CC_BY, DEFAULT_PUBLISHER, Dump, describe

DEFAULT_BASE_URL = "https://w3id.org/narcokg"
GZIP_THRESHOLD = 50_000  # quads: above this every dump is written gzipped
PARALLEL_THRESHOLD = 200_000  # quads: above this the dumps and tracker are written by workers
ONTOLOGY_FOLDERS = ("ontology", "shapes")  # what write_ontology writes
USED_TERMS = """SELECT DISTINCT ?t WHERE { { GRAPH ?g { ?s ?t ?o } } UNION
  { GRAPH ?g { ?s a ?t } FILTER(isIRI(?t)) } }"""
RESOLUTION = f"""SELECT ?d WHERE {{ GRAPH ?g {{ ?d a <{NKG}ResolutionProposal> }} }}
  ORDER BY ?d LIMIT 1"""
META_SOURCES = f"""SELECT ?g ?doc WHERE {{ GRAPH <{GRAPH_META}> {{
  ?g <{PREFIXES['dcterms']}source> ?doc }} }}"""
__all__ = ["DEFAULT_BASE_URL", "PublishError", "PublishSummary", "ontology_context",
           "ontology_version", "publish"]


@dataclass
class PublishSummary:
    out: Path
    version: str
    quads: int = 0
    triples: int = 0
    pages: int = 0
    reused: int = 0  # pages linked unchanged from the release before
    skipped: list[str] = field(default_factory=list)
    dumps: list[Dump] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def vocabularies(db: ox.Store) -> list[str]:
    namespaces = sorted({v for k, v in PREFIXES.items() if k != "id"}, key=len, reverse=True)
    used = set()
    for row in db.query(USED_TERMS):
        iri = row["t"].value
        for ns in namespaces:
            if iri.startswith(ns):
                used.add(ns)
                break
    return sorted(used)


def examples(db: ox.Store) -> list[str]:
    wanted = [ID + "state/BE", ID + "port/BEANR"]
    found = [iri for iri in wanted
             if next(db.quads_for_pattern(ox.NamedNode(iri), None, None, None), None)]
    found += [row["d"].value for row in db.query(RESOLUTION)]
    return found


def _release_folder(out: Path) -> Path:
    """A fresh, marked build folder beside ``out`` (``narcokg.swap``), after refusing an
    ``out`` that is not a narcokg release (or a symlink to one) and clearing builds that a
    killed publish left."""
    try:
        swap.replaced_target(out, "release")
        stores.cleanup_stale_builds(out, "release")
        return stores.new_build_dir(out, "release")
    except StoreError as exc:
        raise PublishError(str(exc)) from None


class _Clock:
    """Seconds per step into ``summary.seconds``, logged as they end."""

    def __init__(self, summary: PublishSummary, log: Callable[[str], None]):
        self.summary, self.log, self.start = summary, log, time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.summary.seconds[name] = now - self.start
        self.start = now
        self.log(f"{name}: {self.summary.seconds[name]:.1f} s")


def previous_release(out: Path) -> Previous:
    """The release ``out`` holds now and its page digests (empty when it has none)."""
    folder = out.resolve() if (out / manifest.MANIFEST).is_file() else None
    return Previous(folder, manifest.read_manifest(folder))


def _unchanged(folder: Path | None, digests: dict[str, str]) -> dict:
    """{"folder", "triples", "parts"} of the release before: ``parts``, the parts (dumps,
    ontology, tracker) whose content digest is unchanged, so they can be linked."""
    before = manifest.read_content(folder)
    old = before.get("digests")
    if folder is None or not isinstance(old, dict) or not isinstance(before.get("triples"), int):
        return {}
    parts = {k for k, v in digests.items() if old.get(k) == v}
    return {"folder": folder, "triples": before["triples"], "parts": parts} if parts else {}


def _write_content(db: ox.Store, store, build: Path, context: dict, gzip_threshold: int,
                   summary: PublishSummary, clock: _Clock, previous: Previous,
                   unchanged: dict, graph_triples: dict[str, int]) -> None:
    """Dumps (in workers meanwhile when large; linked when ``unchanged`` names the release
    before and its triples), ontology and pages (``graph_triples``: the size of each
    graph)."""
    gzipped = summary.quads > gzip_threshold
    pending = None
    linked = dump_files.link_dumps(unchanged["folder"], build) \
        if "dumps" in unchanged.get("parts", ()) else None
    if linked is not None:
        summary.dumps, summary.triples = linked, unchanged["triples"]
        clock.lap("dumps")
    elif summary.quads > PARALLEL_THRESHOLD:
        pending = dump_files.start_dumps(stores.store_path(store), build / "dumps", context,
                                         gzipped, summary.quads)
    else:
        summary.dumps, summary.triples = dump_files.write_dumps(db, build / "dumps", context,
                                                                gzipped)
        clock.lap("dumps")
    try:
        if not ("ontology" in unchanged.get("parts", ()) and
                manifest.link_tree(unchanged["folder"], build, ONTOLOGY_FOLDERS)):
            write_ontology(build, clock.log)
        clock.lap("ontology")
        pages = write_pages(db, stores.store_path(store), build, context,
                            {"license_iri": CC_BY}, previous=previous, version=__version__,
                            sizes=graph_triples)
        summary.pages, summary.skipped, summary.reused = pages.pages, pages.skipped, pages.reused
        manifest.write_manifest(build, pages.digests)
        clock.lap("pages")
    finally:
        if pending is not None:
            summary.dumps, summary.triples = dump_files.finish_dumps(*pending)
            clock.lap("dumps")  # the wait only: they ran alongside


def _write_description(db: ox.Store, build: Path, summary: PublishSummary, base_url: str,
                       endpoint: str, issued: str, graph_triples: dict[str, int],
                       who: dict, trackers: list[str]) -> None:
    """void.ttl (DCAT + VoID) and the landing page; ``who``: publisher and contact;
    ``trackers``: the tracker files written."""
    sources: dict[str, list[str]] = {}
    for r in db.query(META_SOURCES):
        sources.setdefault(r["g"].value, []).append(r["doc"].value)
    example_iris = examples(db)
    void = describe(
        base_url=base_url, version=summary.version, issued=issued, sparql_endpoint=endpoint,
        graph_triples=graph_triples, total_triples=summary.triples, entities=summary.pages,
        dumps=summary.dumps, examples=example_iris, vocabularies=vocabularies(db),
        graph_sources=sources, **who)
    (build / "void.ttl").write_bytes(void)
    counts = (summary.triples, summary.quads, summary.pages)
    (build / "index.html").write_text(
        landing_page(summary.version, counts, summary.dumps, example_iris, endpoint,
                     coverage_lines(db), trackers), "utf-8")


def _tracker(db: ox.Store, store, build: Path, unchanged: dict, beside: bool):
    """The tracker's files: linked from the release before when ``unchanged`` says so,
    else written here, or (``beside``) a pending process for ``finish_tracker``."""
    linked = "tracker" in unchanged.get("parts", ()) and link_tracker(unchanged["folder"], build)
    if linked:
        return linked
    return start_tracker(stores.store_path(store), build) if beside else write_tracker(db, build)


def publish(out: str | Path, store: str | Path | None = None,
            base_url: str = DEFAULT_BASE_URL, sparql_endpoint: str | None = None,
            gzip_threshold: int = GZIP_THRESHOLD, issued: str | None = None,
            log: Callable[[str], None] = lambda _m: None,
            before_swap: Callable[[Path], None] | None = None,
            publisher: str | None = None, contact: str | None = None,
            incremental: bool = True) -> PublishSummary:
    """Write a release of the store into ``out`` (atomically; see the module doc).
    ``publisher`` (a name) and ``contact`` (an e-mail address) go into the DCAT catalogue.
    ``incremental``: link unchanged pages from the release ``out`` holds (False: render
    every page)."""
    out = Path(out)
    if ontology_version() != __version__:
        raise PublishError(f"the ontology's owl:versionIRI says {ontology_version()} but the "
                           f"package is {__version__}: bump them together")
    base_url = base_url.rstrip("/")
    summary = PublishSummary(out, __version__)
    build = _release_folder(out)
    previous = previous_release(out) if incremental else Previous()
    clock = _Clock(summary, log)
    try:
        context = ontology_context()
        (build / "context.jsonld").write_text(
            json.dumps({"@context": context}, ensure_ascii=False, indent=1) + "\n", "utf-8")
        with stores.open_store(store) as db:
            content = manifest.content_digests(stores.store_path(store), context, __version__)
            unchanged = _unchanged(previous.folder, content)
            graph_triples = triples_per_graph(db)
            summary.quads = sum(graph_triples.values())
            clock.lap("counts")  # the content digests and the triples per graph
            trackers = _tracker(db, store, build, unchanged, summary.quads > PARALLEL_THRESHOLD)
            if isinstance(trackers, list):
                clock.lap("tracker")
            try:
                _write_content(db, store, build, context, gzip_threshold, summary, clock,
                               previous, unchanged, graph_triples)
            finally:
                if not isinstance(trackers, list):  # its process ran beside the pages
                    trackers = finish_tracker(*trackers)
                    clock.lap("tracker")  # the wait only
            _write_description(db, build, summary, base_url,
                               sparql_endpoint or f"{base_url}/sparql",
                               issued or datetime.date.today().isoformat(), graph_triples,
                               {"publisher": publisher or DEFAULT_PUBLISHER, "contact": contact},
                               trackers)
        manifest.write_content(build, content, summary.triples)
        clock.lap("void")
        if before_swap:
            before_swap(build)
    except BaseException:
        stores.discard(build)
        raise
    try:
        stores.swap_in(out, build, "release")
    except StoreError as exc:
        raise PublishError(str(exc)) from None
    return summary

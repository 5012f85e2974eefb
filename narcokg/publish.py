"""``narcokg publish``: write a release folder that a linked-data publisher can put on a web
server as is: dumps (TriG, N-Quads, Turtle, JSON-LD with a generated context), the ontology
and shapes (Turtle, RDF/XML, pyLODE HTML), a DCAT + VoID description, and one page per
resource under its IRI path (``id/state/BE.html|.ttl|.jsonld``).

Versioned and atomic: the release is written into a fresh folder beside ``--out``
(``<out>.build-<time>-<pid>``); ``--out`` is then a symlink swapped to it in one
``rename`` (the same mechanism as the store, ``narcokg.swap``), so a web server
reading ``--out`` sees the old release or the new one, never half of one. An ``--out`` that
is not a narcokg release (a user's folder, a symlink to a web root) is refused, never
replaced or deleted."""

from __future__ import annotations

import datetime
import gzip
import html
import io
import json
import shutil
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from narcokg import __version__, resources, swap
from narcokg import store as stores
from narcokg.errors import NarcokgError, StoreError
from narcokg.namespaces import GRAPH_META, ID, NKG, ONTOLOGY_IRI, PREFIXES
from narcokg.pages import page_path
from narcokg.publish_jsonld import generate_context, write_dataset
from narcokg.publish_pages import write_pages
from narcokg.publish_void import CC_BY, Dump, describe

DEFAULT_BASE_URL = "https://w3id.org/narcokg"
GZIP_THRESHOLD = 50_000  # quads: above this every dump is written gzipped
DUMP_PREFIXES = {k: v for k, v in PREFIXES.items() if k != "id"}
COUNT_GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
UNION = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
USED_TERMS = """SELECT DISTINCT ?t WHERE { { GRAPH ?g { ?s ?t ?o } } UNION
  { GRAPH ?g { ?s a ?t } FILTER(isIRI(?t)) } }"""
RESOLUTION = f"""SELECT ?d WHERE {{ GRAPH ?g {{ ?d a <{NKG}ResolutionProposal> }} }}
  ORDER BY ?d LIMIT 1"""
META_SOURCES = f"""SELECT ?g ?doc WHERE {{ GRAPH <{GRAPH_META}> {{
  ?g <{PREFIXES['dcterms']}source> ?doc }} }}"""


class PublishError(NarcokgError):
    """The release could not be written; the previous release is left untouched."""


@dataclass
class PublishSummary:
    out: Path
    version: str
    quads: int = 0
    triples: int = 0
    pages: int = 0
    skipped: list[str] = field(default_factory=list)
    dumps: list[Dump] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def ontology_version() -> str | None:
    """The version in the ontology's ``owl:versionIRI`` (``.../ontology/<version>``)."""
    path = resources.ontology_dir() / "narcokg.ttl"
    for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        if t.subject.value == ONTOLOGY_IRI and t.predicate.value == PREFIXES["owl"] + "versionIRI":
            return t.object.value.rsplit("/", 1)[-1]
    return None


def ontology_context() -> dict:
    triples = (t for path in resources.ontology_files()
               for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    return generate_context(triples)


@contextmanager
def _open_dump(path: Path, gzipped: bool, text: bool = False):
    raw = gzip.open(path, "wb", compresslevel=5) if gzipped else open(path, "wb")
    try:
        if text:
            wrapper = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
            yield wrapper
            wrapper.flush()
            wrapper.detach()
        else:
            yield raw
    finally:
        raw.close()


DUMP_SPECS = [  # (file name, media type, title, written as text)
    ("narcokg.trig", "application/trig", "whole dataset, named graphs (TriG)", False),
    ("narcokg.nq", "application/n-quads", "whole dataset, named graphs (N-Quads)", False),
    ("narcokg.ttl", "text/turtle", "union of all graphs, without graph names (Turtle)", False),
    ("narcokg.jsonld", "application/ld+json",
     "whole dataset, named graphs (JSON-LD, context inlined from context.jsonld)", True),
]
PARALLEL_THRESHOLD = 200_000  # quads: above this the dumps are written by worker processes
IN_MEMORY_DUMPS = 5_000_000  # quads: up to this the dump worker holds the dataset in memory


def write_dump(db: ox.Store, folder: Path, name: str, context: dict, gzipped: bool
               ) -> tuple[Dump, int]:
    """One of the four dumps; returns it and (for the Turtle union) the number of distinct
    triples written (0 for the others)."""
    counted = [0]

    def counting(triples):
        for t in triples:
            counted[0] += 1
            yield t

    writers = {
        "narcokg.trig": lambda f: db.dump(f, ox.RdfFormat.TRIG, prefixes=DUMP_PREFIXES),
        "narcokg.nq": lambda f: db.dump(f, ox.RdfFormat.N_QUADS),
        "narcokg.ttl": lambda f: ox.serialize(counting(db.query(UNION)), f,
                                              ox.RdfFormat.TURTLE, prefixes=DUMP_PREFIXES),
        "narcokg.jsonld": lambda f: write_dataset(db, f, context),
    }
    return _dump_file(folder, name, gzipped, writers[name]), counted[0]


def _dump_file(folder: Path, name: str, gzipped: bool, write: Callable) -> Dump:
    """Write the dump ``name`` (one of DUMP_SPECS) with ``write(file)``; its record."""
    _name, media, title, text = next(spec for spec in DUMP_SPECS if spec[0] == name)
    path = folder / (name + (".gz" if gzipped else ""))
    with _open_dump(path, gzipped, text) as f:
        write(f)
    return Dump(f"{folder.name}/{path.name}", media, title, gzipped, path.stat().st_size)


def _dump_job(store_path: str, folder: str, name: str, context: dict, gzipped: bool
              ) -> dict[str, tuple[Dump, int]]:
    """In a worker process: open the store read-only (the parent holds the shared lock
    until every job is done) and write one dump."""
    db = ox.Store.read_only(store_path)
    try:
        return {name: write_dump(db, Path(folder), name, context, gzipped)}
    finally:
        del db


def write_dumps(db: ox.Store, folder: Path, context: dict, gzipped: bool) -> tuple[list[Dump], int]:
    """The four dumps, one after the other; returns them and the number of distinct
    triples of the union."""
    folder.mkdir(parents=True, exist_ok=True)
    dumps, triples = [], 0
    for name, *_rest in DUMP_SPECS:
        dump, counted = write_dump(db, folder, name, context, gzipped)
        dumps.append(dump)
        triples += counted
    return dumps, triples


def _dumps_via_memory(store_path: str, folder: str, context: dict, gzipped: bool
                      ) -> dict[str, tuple[Dump, int]]:
    """In a worker process: read the store once (its N-Quads dump is also the .nq file),
    load that into an in-memory store and write the other three from it. Reading the
    on-disk store is the slow part of a dump (1.15M quads: ~8 s each time, ~2 s from
    memory), so this is ~30 s of work instead of ~53 s."""
    db = ox.Store.read_only(store_path)
    try:
        data = db.dump(format=ox.RdfFormat.N_QUADS)
    finally:
        del db
    out = Path(folder)
    nq = _dump_file(out, "narcokg.nq", gzipped, lambda f, raw=data: f.write(raw))
    results = {"narcokg.nq": (nq, 0)}
    mem = ox.Store()
    mem.load(data, format=ox.RdfFormat.N_QUADS)
    del data
    for name in ("narcokg.jsonld", "narcokg.trig", "narcokg.ttl"):
        results[name] = write_dump(mem, out, name, context, gzipped)
    return results


def start_dumps(store_path: Path, folder: Path, context: dict, gzipped: bool, quads: int):
    """The four dumps written by a spawned process while the caller goes on (pages,
    ontology); ``finish_dumps`` collects them. Up to ``IN_MEMORY_DUMPS`` quads the worker
    reads the store once into memory (~0.6 KB a quad at its peak); above, two workers read
    the on-disk store for each dump."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    folder.mkdir(parents=True, exist_ok=True)
    memory = quads <= IN_MEMORY_DUMPS
    pool = ProcessPoolExecutor(max_workers=1 if memory else 2,
                               mp_context=multiprocessing.get_context("spawn"))
    if memory:
        return pool, [pool.submit(_dumps_via_memory, str(store_path), str(folder), context,
                                  gzipped)]
    # the longest first: JSON-LD is Python code, the others mostly Oxigraph's serialisers
    order = ["narcokg.jsonld", "narcokg.trig", "narcokg.nq", "narcokg.ttl"]
    futures = [pool.submit(_dump_job, str(store_path), str(folder), name, context, gzipped)
               for name in order]
    return pool, futures


def finish_dumps(pool, futures) -> tuple[list[Dump], int]:
    """Wait for the futures of ``start_dumps`` (each gives {name: (dump, triples)})."""
    results: dict[str, tuple[Dump, int]] = {}
    try:
        for f in futures:
            results.update(f.result())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    dumps = [results[name][0] for name, *_rest in DUMP_SPECS]
    return dumps, sum(counted for _dump, counted in results.values())


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
    (onto / "index.html").write_text(ontology_html(), encoding="utf-8")
    log(f"ontology: {len(targets)} files as Turtle and RDF/XML, docs by pyLODE")


def ontology_html() -> str:
    """pyLODE 3.3.4 documentation of the ontology, in English (pyLODE shows one language
    and would otherwise pick any of en/nl/fr per term)."""
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
    graph.parse(resources.ontology_dir() / "narcokg.ttl", format="turtle")
    for s, p, o in list(graph):
        if isinstance(o, rdflib.Literal) and o.language and o.language != "en":
            graph.remove((s, p, o))
    return OntPub(ontology=graph).make_html()


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


def landing_page(summary: PublishSummary, example_iris: list[str]) -> str:
    e = html.escape
    dumps = "".join(f'<li><a href="{e(d.path)}">{e(d.path)}</a> — {e(d.title)}, '
                    f"{d.size:,} bytes{' (gzip)' if d.gzipped else ''}</li>"
                    for d in summary.dumps)
    links = "".join(f'<li><a href="id/{e(page_path(i) or "")}.html">{e(i)}</a></li>'
                    for i in example_iris if page_path(i))
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>narcokg {e(summary.version)}</title></head><body>
<h1>narcokg {e(summary.version)}</h1>
<p>A linked-data knowledge graph of the actors and instruments of international drug policy:
{summary.triples:,} triples in {summary.quads:,} quads, {summary.pages:,} resources.
Data licence: <a href="{CC_BY}">CC BY 4.0</a>.</p>
<ul><li><a href="void.ttl">void.ttl</a> (DCAT + VoID description)</li>
<li><a href="ontology/index.html">ontology documentation</a>
(<a href="ontology/narcokg.ttl">Turtle</a>, <a href="ontology/narcokg.rdf">RDF/XML</a>)</li>
<li><a href="context.jsonld">context.jsonld</a> (JSON-LD context)</li></ul>
<h2>Dumps</h2><ul>{dumps}</ul><h2>Examples</h2><ul>{links}</ul></body></html>
"""


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


def publish(out: str | Path, store: str | Path | None = None,
            base_url: str = DEFAULT_BASE_URL, sparql_endpoint: str | None = None,
            gzip_threshold: int = GZIP_THRESHOLD, issued: str | None = None,
            log: Callable[[str], None] = lambda _m: None,
            before_swap: Callable[[Path], None] | None = None) -> PublishSummary:
    """Write a release of the store into ``out`` (atomically; see the module doc)."""
    out = Path(out)
    if ontology_version() != __version__:
        raise PublishError(f"the ontology's owl:versionIRI says {ontology_version()} but the "
                           f"package is {__version__}: bump them together")
    base_url = base_url.rstrip("/")
    summary = PublishSummary(out, __version__)
    build = _release_folder(out)
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        summary.seconds[name] = now - clock
        clock = now
        log(f"{name}: {summary.seconds[name]:.1f} s")

    try:
        context = ontology_context()
        (build / "context.jsonld").write_text(
            json.dumps({"@context": context}, ensure_ascii=False, indent=1) + "\n", "utf-8")
        with stores.open_store(store) as db:
            graph_triples = {r["g"].value: int(r["n"].value) for r in db.query(COUNT_GRAPHS)}
            summary.quads = sum(graph_triples.values())
            gzipped = summary.quads > gzip_threshold
            if summary.quads > PARALLEL_THRESHOLD:  # dumps in worker processes meanwhile
                pending = start_dumps(stores.store_path(store), build / "dumps", context,
                                      gzipped, summary.quads)
            else:
                pending = None
                summary.dumps, summary.triples = write_dumps(db, build / "dumps", context,
                                                             gzipped)
                lap("dumps")
            try:
                write_ontology(build, log)
                lap("ontology")
                pages = write_pages(db, stores.store_path(store), build, context,
                                    {"license_iri": CC_BY})
                summary.pages, summary.skipped = pages.pages, pages.skipped
                lap("pages")
            finally:
                if pending is not None:
                    summary.dumps, summary.triples = finish_dumps(*pending)
                    lap("dumps")  # the wait only: they ran alongside
            sources: dict[str, list[str]] = {}
            for r in db.query(META_SOURCES):
                sources.setdefault(r["g"].value, []).append(r["doc"].value)
            example_iris = examples(db)
            void = describe(
                base_url=base_url, version=__version__,
                issued=issued or datetime.date.today().isoformat(),
                sparql_endpoint=sparql_endpoint or f"{base_url}/sparql",
                graph_triples=graph_triples, total_triples=summary.triples,
                entities=summary.pages, dumps=summary.dumps, examples=example_iris,
                vocabularies=vocabularies(db), graph_sources=sources)
        (build / "void.ttl").write_bytes(void)
        (build / "index.html").write_text(landing_page(summary, example_iris), "utf-8")
        lap("void")
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


"""The four dumps of a release (TriG, N-Quads, Turtle union, JSON-LD), written in this
process for small stores or by spawned worker processes for large ones."""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from narcokg.namespaces import PREFIXES
from narcokg.publication.jsonld import write_dataset
from narcokg.publication.void import Dump

DUMP_PREFIXES = {k: v for k, v in PREFIXES.items() if k != "id"}
UNION = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
# void:triples: a triple that several graphs state is one triple of the union. The Turtle
# dump cannot give that count: Oxigraph's CONSTRUCT forgets the triples it has written once
# it has seen about a million (a triple of two graphs far apart is written twice, harmless
# to a parser but counted twice: 1,232,060 written for 1,229,442 distinct at 1M quads)
DISTINCT_TRIPLES = ("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { "
                    "GRAPH ?g { ?s ?p ?o } } }")


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
IN_MEMORY_DUMPS = 5_000_000  # quads: up to this the dump worker holds the dataset in memory


def write_dump(db: ox.Store, folder: Path, name: str, context: dict, gzipped: bool
               ) -> tuple[Dump, int]:
    """One of the four dumps; returns it and (for the Turtle union) the number of distinct
    triples of the union (0 for the others)."""
    writers = {
        "narcokg.trig": lambda f: db.dump(f, ox.RdfFormat.TRIG, prefixes=DUMP_PREFIXES),
        "narcokg.nq": lambda f: db.dump(f, ox.RdfFormat.N_QUADS),
        "narcokg.ttl": lambda f: ox.serialize(db.query(UNION), f, ox.RdfFormat.TURTLE,
                                              prefixes=DUMP_PREFIXES),
        "narcokg.jsonld": lambda f: write_dataset(db, f, context),
    }
    dump = _dump_file(folder, name, gzipped, writers[name])
    return dump, distinct_triples(db) if name == "narcokg.ttl" else 0


def distinct_triples(db: ox.Store) -> int:
    """The triples of the union of all graphs, each counted once (18 s and 2.2 GB at 10M
    quads: the engine keeps the set of distinct triples)."""
    return int(next(iter(db.query(DISTINCT_TRIPLES)))["n"].value)


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
    until every job is done) and write one dump; after the N-Quads, the TriG from it."""
    db = ox.Store.read_only(store_path)
    try:
        done = {name: write_dump(db, Path(folder), name, context, gzipped)}
    finally:
        del db
    if name == "narcokg.nq":
        done["narcokg.trig"] = (trig_from_nquads(Path(folder), gzipped), 0)
    return done


def trig_from_nquads(folder: Path, gzipped: bool) -> Dump:
    """The TriG dump from the N-Quads dump just written: the same quads in the same order
    as the store's own TriG dump (one reading of the store gives both), read back from the
    file by pyoxigraph's parser, which is ~3 times cheaper than reading the store again
    (decoding every term from its string table)."""
    source = folder / ("narcokg.nq" + (".gz" if gzipped else ""))
    with (gzip.open(source, "rb") if gzipped else open(source, "rb")) as f:
        quads = ox.parse(f, ox.RdfFormat.N_QUADS)
        return _dump_file(folder, "narcokg.trig", gzipped, lambda out: ox.serialize(
            quads, out, ox.RdfFormat.TRIG, prefixes=DUMP_PREFIXES))


def link_dumps(previous: Path, build: Path) -> list[Dump] | None:
    """The four dumps of the release before, hard-linked into ``build`` (an unchanged
    store: ``manifest.content_digest``); None (nothing linked) when any is missing."""
    from narcokg.publication.manifest import link_files

    names = []
    for name, *_rest in DUMP_SPECS:
        found = [n for n in (name + ".gz", name) if (previous / "dumps" / n).is_file()]
        if not found:
            return None
        names.append("dumps/" + found[0])
    if not link_files(previous, build, names):
        return None
    return [Dump(name, media, title, name.endswith(".gz"), (build / name).stat().st_size)
            for name, (_n, media, title, _t) in zip(names, DUMP_SPECS, strict=True)]


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
    reads the store once into memory (~0.6 KB a quad at its peak); above, three workers read
    the on-disk store for each dump but the TriG, which is read back from the N-Quads."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    folder.mkdir(parents=True, exist_ok=True)
    memory = quads <= IN_MEMORY_DUMPS
    # one worker per job above: the three start together (JSON-LD: Python code, ~105 s of
    # CPU at 10M quads; N-Quads then TriG ~90 s; Turtle ~75 s) and the system shares the
    # cores among them, the pages and the tracker, so no job waits for another's end
    order = ["narcokg.jsonld", "narcokg.nq", "narcokg.ttl"]  # the N-Quads job writes the TriG
    pool = ProcessPoolExecutor(max_workers=1 if memory else len(order),
                               mp_context=multiprocessing.get_context("spawn"))
    if memory:
        return pool, [pool.submit(_dumps_via_memory, str(store_path), str(folder), context,
                                  gzipped)]
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



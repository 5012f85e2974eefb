"""``narcokg build``: load the ontology and every source into a fresh embedded store, one
named graph per source, then swap it in. A failing source aborts the build and leaves the
previous store untouched."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from narcokg import resources
from narcokg import store as stores
from narcokg.errors import InputError, NarcokgError, SourceError, StoreError
from narcokg.graph_counts import triples_per_graph
from narcokg.namespaces import DCT_SOURCE, GRAPH_META, GRAPH_ONTOLOGY, ID, ONTOLOGY_IRI, PREFIXES

DCT = PREFIXES["dcterms"]
RDFS = PREFIXES["rdfs"]


@dataclass
class BuildSummary:
    store: Path
    triples_per_graph: dict[str, int] = field(default_factory=dict)
    entities_per_class: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.triples_per_graph.values())


def curated_entry_files(data_dir: Path) -> list[Path]:
    return sorted(p for p in data_dir.rglob("*.yaml") if "sources" not in p.relative_to(
        data_dir).parts)


def load_curated(data_dir: Path, entry_paths=(), log: Callable[[str], None] = lambda _m: None):
    """Every curated entry in ``data/``, read with the same reader as a new entry, then the
    entries that ``narcokg add`` kept (``entry_paths``): a kept entry about an entity that
    ``data/`` also describes replaces it, as ``add --replace`` did in the store."""
    from narcokg.loaders.entries import load_entry_file
    from narcokg.loaders.sources import SourceRegistry

    registry = SourceRegistry.from_dir(data_dir / "sources")
    by_root, roots = {}, {}
    for path in curated_entry_files(data_dir):
        entry = load_entry_file(path, registry)
        if entry.root in roots:
            raise InputError(f"{entry.root} is already described by {roots[entry.root]}: "
                             "one entity, one file", str(path))
        roots[entry.root] = str(path)
        by_root[entry.root] = entry
    kept = {}
    for path in entry_paths:
        entry = load_entry_file(path, registry)
        refuse_kept(entry, path)
        if entry.root in kept:
            raise InputError(f"{entry.root} is already described by {kept[entry.root]}: "
                             "one entity, one file in the entries folder", str(path))
        kept[entry.root] = str(path)
        if entry.root in by_root:
            log(f"entry {path} replaces {roots[entry.root]}")
        by_root[entry.root] = entry
    return registry, list(by_root.values())


def refuse_kept(entry, path) -> None:
    """A kept entry obeys what ``add`` checked, since a file of the entries folder may have
    been edited by hand: an id that is ``kind/key`` and subjects under it."""
    from narcokg.validation.policy import id_problems

    problems = id_problems(entry)
    if problems:
        raise InputError(f"kept entry refused: {problems[0].message('en')}; fix or remove "
                         "the file (the store was not changed)", str(path))


def _refuse_loader_owned(entries, entry_paths, loaded: dict[str, str]) -> None:
    """... and describes nothing that a loader (states, ports) owns."""
    kept = {str(p) for p in entry_paths}
    for entry in (e for e in entries if e.path in kept):
        owned = sorted(s for s in entry.subjects if s in loaded)
        if owned:
            raise InputError(f"kept entry refused: {owned[0]} comes from a loader "
                             f"({loaded[owned[0]]}): an entry cannot add to it or change it; "
                             "fix or remove the file (the store was not changed)", entry.path)


def referenced_cities(entries) -> set[str]:
    prefix = ID + "city/"
    return {q.object.value[len(prefix):] for e in entries for q in e.quads
            if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(prefix)}


def ontology_quads():
    graph = ox.NamedNode(GRAPH_ONTOLOGY)
    for path in resources.ontology_files():
        for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            yield ox.Quad(t.subject, t.predicate, t.object, graph)


def _meta(graph: str, document: str, title: str | None, note: str | None,
          citation: str | None, kind: str | None = None):
    g, meta = ox.NamedNode(graph), ox.NamedNode(GRAPH_META)
    doc = ox.NamedNode(document)
    yield ox.Quad(g, ox.NamedNode(DCT_SOURCE), doc, meta)
    yield ox.Quad(g, ox.NamedNode(PREFIXES["prov"] + "wasDerivedFrom"), doc, meta)
    yield ox.Quad(doc, ox.NamedNode(PREFIXES["rdf"] + "type"),
                  ox.NamedNode(PREFIXES["foaf"] + "Document"), meta)
    if title:
        yield ox.Quad(doc, ox.NamedNode(DCT + "title"), ox.Literal(title, language="en"), meta)
    if note:
        yield ox.Quad(doc, ox.NamedNode(RDFS + "comment"), ox.Literal(note), meta)
    if citation:
        yield ox.Quad(doc, ox.NamedNode(DCT + "bibliographicCitation"), ox.Literal(citation),
                      meta)
    if kind:  # official / depositary / secondary (loaders/sources.py KINDS)
        yield ox.Quad(doc, ox.NamedNode(DCT + "type"), ox.Literal(kind), meta)


def source_meta_quads(sources) -> list[ox.Quad]:
    out = []
    for s in sources:
        out.extend(_meta(s.graph, s.document, s.title, s.note, s.citation,
                         getattr(s, "kind", None)))
    return out


def collect(data_dir: Path, log: Callable[[str], None], entry_paths=(), ofac_sdn=()):
    """Yield (label, quads) per source, in load order; raises on the first failing source.
    ``entry_paths``: the entries kept by ``narcokg add``, loaded with the curated ones;
    ``ofac_sdn``: OFAC snapshots, a loader like the others (an entry cannot change them)."""
    from narcokg.derive import with_derived
    from narcokg.loaders import ofac_graph, ports, states, wikidata
    from narcokg.loaders.entries import with_provenance

    yield "ontology", list(ontology_quads()) + list(
        _meta(GRAPH_ONTOLOGY, ONTOLOGY_IRI, "narcokg ontology and SKOS schemes", None, None))
    registry, entries = load_curated(data_dir, entry_paths, log)
    log(f"curated entries: {len(entries)} files"
        + (f" (with {len(entry_paths)} kept by `add`)" if entry_paths else ""))
    cities = referenced_cities(entries)
    loaded: dict[str, str] = {}  # subject -> the loader graph that describes it
    for module, kwargs in ((states, {}), (ports, {"extra_locodes": sorted(cities)}),
                           (wikidata, {})):
        for src in module.sources(data_dir, **kwargs):
            graph = ox.NamedNode(src.graph)
            try:
                quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in src.triples()]
            except NarcokgError:
                raise
            except Exception as exc:  # a loader bug or a broken package: name the source
                raise SourceError(f"source {src.key} failed: {type(exc).__name__}: {exc}") \
                    from exc
            _note_loaded(loaded, quads)
            quads = with_provenance(with_derived(quads), {src.graph: src.document})
            yield src.key, quads + list(_meta(src.graph, src.document, src.title.get("en"),
                                              src.note, src.citation))
    for label, quads in ofac_graph.collect(ofac_sdn, log) if ofac_sdn else ():
        quads = with_derived(quads)  # the day bounds of listing and birth dates
        _note_loaded(loaded, quads)
        yield label, quads
    _refuse_loader_owned(entries, entry_paths, loaded)
    used = {}
    quads = []
    for entry in entries:
        quads.extend(entry.quads)
        used.update(entry.sources)
    quads = with_records_on_their_own(quads, used.values())
    yield "curated", quads + source_meta_quads(used.values())


def _note_loaded(loaded: dict[str, str], quads) -> None:
    """Subject -> the graph of the first loader that describes it (states, not links)."""
    for q in quads:
        if isinstance(q.subject, ox.NamedNode):
            loaded.setdefault(q.subject.value, q.graph_name.value)


def with_records_on_their_own(quads, sources) -> list:
    """The roles that participation records filed on their own give their instrument, which
    only the union of the entries can see (narcokg/roles.py)."""
    from narcokg.loaders.entries import with_provenance
    from narcokg.roles import role_quads

    derived = role_quads(quads, standalone=True)
    return with_provenance(quads + derived, {s.graph: s.document for s in sources})


def build(store: str | Path | None = None, data_dir: Path | None = None,
          log: Callable[[str], None] = lambda _m: None, include=(),
          entries: str | Path | None = None, ofac_sdn=()) -> BuildSummary:
    """Build a fresh store and swap it in. ``include``: N-Quads dumps (for example a synthetic
    benchmark graph, or a large sanction list converted elsewhere) bulk-loaded in parallel
    first, into the empty store; their quads must be in named graphs the build does not own.
    ``entries``: the folder of entries kept by ``narcokg add`` (default: the store's own,
    ``<store>.entries``); they are reloaded, so a rebuild never drops a clerk's work.
    ``ofac_sdn``: snapshots of OFAC's sdn.csv (``FILE`` or ``FILE@YYYY-MM-DD``), each loaded
    into its own graph, with the listing history between them (loaders/ofac_graph.py)."""
    from narcokg import entries_dir, included

    started = time.perf_counter()
    path = stores.store_path(store)
    data_dir = data_dir or resources.data_dir()
    folder = entries_dir.entries_dir(path, entries)
    entry_paths = entries_dir.entry_files(folder)
    seen = _kept_state(entry_paths)
    include = [Path(p) for p in include]
    included.refuse_unlabelled(include)
    stores.cleanup_stale_builds(path)
    build_dir = stores.new_build_dir(path)
    try:
        db = ox.Store(str(build_dir))
        if include:  # the dumps first, while the sources are read beside them
            graphs, sources = included.load_beside(
                db, include, log, lambda: list(collect(data_dir, log, entry_paths, ofac_sdn)))
        else:
            graphs, sources = set(), collect(data_dir, log, entry_paths, ofac_sdn)
        owned = included.OwnedGraphs(graphs, include)
        for label, quads in sources:
            owned.check(quads)
            db.bulk_extend(quads)
            log(f"loaded {label}: {len(quads)} quads")
        summary = optimize_and_summarize(db, path, log)
        del db
    except BaseException:
        stores.discard(build_dir)
        raise
    stores.swap_in(path, build_dir, still_valid=lambda: _unchanged(folder, seen))
    summary.seconds = time.perf_counter() - started
    return summary


def _kept_state(paths) -> dict[str, tuple[int, int]]:
    out = {}
    for p in paths:
        try:
            st = p.stat()
        except OSError:
            continue
        out[str(p)] = (st.st_mtime_ns, st.st_size)
    return out


def _unchanged(folder: Path, seen: dict) -> None:
    """Under the store's lock, before the swap: an entry that ``add`` kept while this build
    ran is in the old store but not in the new one, so the build must not replace it."""
    from narcokg import entries_dir

    if _kept_state(entries_dir.entry_files(folder)) != seen:
        raise StoreError(f"entries were added to {folder} while the store was being built: "
                         "the new store would lack them, so it was not swapped in (the "
                         "store is unchanged); run `narcokg build` again")


def optimize_and_summarize(db: ox.Store, path: Path, log: Callable[[str], None]) -> BuildSummary:
    """Compact the store (queries on a bulk-loaded store without it are several times slower)
    and count what it holds, side by side: ``optimize`` is one RocksDB compaction on one core
    with the GIL released, and the counts read a consistent snapshot meanwhile, so on a large
    store the summary's full scan costs no wall time of its own."""
    from narcokg.beside import beside

    def compact() -> None:
        t = time.perf_counter()
        db.flush()
        db.optimize()
        log(f"optimized in {time.perf_counter() - t:.1f} s")

    summary, _ = beside(compact, lambda: summarize(db, path), "narcokg-optimize")
    return summary


COUNT_CLASSES = f"""SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{
  GRAPH ?g {{ ?s a ?c }} FILTER(?g NOT IN (<{GRAPH_ONTOLOGY}>, <{GRAPH_META}>)) }}
  GROUP BY ?c ORDER BY ?c"""


def summarize(db: ox.Store, path: Path) -> BuildSummary:
    summary = BuildSummary(path)
    summary.triples_per_graph.update(triples_per_graph(db))
    for row in db.query(COUNT_CLASSES):
        summary.entities_per_class[row["c"].value] = int(row["n"].value)
    return summary

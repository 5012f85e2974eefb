"""The release's resource pages: five files (``.html``, ``.ttl``, ``.jsonld``, ``.nt``,
``.rdf``) per minted IRI at its path (``id/...``, ``vocab/...``, ``graph/...``;
``narcokg.publication.iris``), rendered by ``narcokg.publication.site.Site``.

Rendering is Python code (about 1.5 ms per page here), so above ``SHARD_THRESHOLD`` subjects
the pages are split into interleaved shards: the caller renders one, spawned worker processes
(each with its own read-only handle on the store, under the caller's shared lock) render the
others. Every page depends only on its subject's quads (and those of its events and of the
resources pointing to it) and the site-wide labels and sources, so the shards never need each
other.

Incremental (``narcokg.publication.manifest``): given the release before and its digests, a
page whose inputs have the same digest is hard-linked from it instead of being rendered and
written again; ``PagesDone.digests`` are kept in the new release for the next one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from narcokg.graph_counts import triples_per_graph
from narcokg.publication import manifest
from narcokg.publication.iris import page_path
from narcokg.publication.site import Site, sources_of
from narcokg.publication.view import HAS_EVENT, ResourceView

MORE_FORMATS = ((".nt", ox.RdfFormat.N_TRIPLES), (".rdf", ox.RdfFormat.RDF_XML))
SUFFIXES = (".html", ".ttl", ".jsonld", *(ext for ext, _ in MORE_FORMATS))

# Filtering in Python: at 1.15M quads a STRSTARTS filter in the query took 4.9-5.9 s, the
# plain DISTINCT 1.5 s (192k subjects) and the Python filter next to nothing.
SUBJECTS = ("SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } }",
            "SELECT DISTINCT ?s WHERE { ?s ?p ?o }")  # named graphs; the default graph
SHARD_THRESHOLD = 4_000  # subjects: below this, one process is quicker than spawning more


@dataclass
class PagesDone:
    pages: int = 0
    skipped: list[str] = field(default_factory=list)
    reused: int = 0  # pages hard-linked unchanged from the release before
    digests: dict[str, str] = field(default_factory=dict)

    def add(self, other: PagesDone) -> None:
        self.pages += other.pages
        self.reused += other.reused
        self.skipped += other.skipped
        self.digests.update(other.digests)


@dataclass
class Previous:
    """The release before (its folder) and its page digests; empty for a first release."""
    folder: Path | None = None
    digests: dict[str, str] = field(default_factory=dict)

    def only(self, iris) -> Previous:
        return Previous(self.folder, {i: self.digests[i] for i in iris if i in self.digests})


def subjects(db: ox.Store) -> list[str]:
    """The minted IRIs that are the subject of a statement or name a graph, sorted."""
    found = {row[0].value for q in SUBJECTS for row in db.query(q)
             if isinstance(row[0], ox.NamedNode)}
    found |= {g.value for g in db.named_graphs() if isinstance(g, ox.NamedNode)}
    return sorted(s for s in found if page_path(s) is not None)


def view_of(db: ox.Store, iri: str, sizes: dict[str, int]) -> ResourceView:
    """One index lookup per subject, per blank node reached and per event named."""
    node = ox.NamedNode(iri)
    quads = list(db.quads_for_pattern(node, None, None, None))
    seen, todo = set(), [q.object for q in quads if isinstance(q.object, ox.BlankNode)]
    while todo:  # the blank nodes the resource reaches (its concise bounded description)
        blank = todo.pop()
        if blank in seen:
            continue
        seen.add(blank)
        more = list(db.quads_for_pattern(blank, None, None, None))
        quads += more
        todo += [q.object for q in more if isinstance(q.object, ox.BlankNode)]
    events = [q for e in {q.object for q in quads if q.predicate.value == HAS_EVENT
                          and isinstance(q.object, ox.NamedNode)}
              for q in db.quads_for_pattern(e, None, None, None)]
    inbound = ((q.subject.value, q.predicate.value)
               for q in db.quads_for_pattern(None, None, node, None)
               if isinstance(q.subject, ox.NamedNode) and page_path(q.subject.value))
    return ResourceView.from_quads(iri, quads, events, inbound, sizes.get(iri))


def views(db: ox.Store, iris, sizes: dict[str, int], skipped: list[str]) -> list:
    """(iri, path, view) per page of ``iris``; IRIs without a safe path go to ``skipped``."""
    found = []
    for iri in iris:
        path = page_path(iri)
        if path is None:
            skipped.append(iri)
        else:
            found.append((iri, path, view_of(db, iri, sizes)))
    return found


def render(db: ox.Store, out: Path, context: dict, site_kwargs: dict, iris,
           sizes: dict[str, int], previous: Previous | None = None,
           fingerprint: str = "") -> PagesDone:
    """Five files per subject; ``sizes``: the statements in each named graph. The views
    first, then a site with the labels of what they name (``Site.for_iris``), then the
    pages. A page whose digest is the one in ``previous`` is linked from there, not
    rendered again."""
    done, made, previous = PagesDone(), set(), previous or Previous()
    todo = views(db, iris, sizes, done.skipped)
    site = Site.for_iris(db, context, set().union(*(manifest.named_iris(v) for *_x, v in todo)),
                         **site_kwargs)
    for iri, path, view in todo:
        digest = done.digests[iri] = manifest.page_digest(view, site, fingerprint)
        target = out / path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        done.pages += 1
        if previous.folder is not None and previous.digests.get(iri) == digest and \
                manifest.reuse(previous.folder, out, path, SUFFIXES):
            done.reused += 1
            continue
        write_page(site, view, str(target))
    return done


def write_page(site: Site, view, stem: str) -> None:
    with open(stem + ".html", "w", encoding="utf-8") as f:
        f.write(site.html(view))
    with open(stem + ".ttl", "wb") as f:
        f.write(site.turtle(view))
    with open(stem + ".jsonld", "w", encoding="utf-8") as f:
        f.write(site.jsonld(view))
    for ext, rdf_format in MORE_FORMATS:  # what serve and nginx negotiate too
        with open(stem + ext, "wb") as f:
            f.write(site.rdf(view, rdf_format))


def _shard_job(store_path: str, out: str, context: dict, site_kwargs: dict, iris: list[str],
               sizes: dict[str, int], previous: Previous, fingerprint: str) -> PagesDone:
    """In a worker process: its own read-only handle, then its share of pages."""
    db = ox.Store.read_only(store_path)
    try:
        return render(db, Path(out), context, site_kwargs, iris, sizes, previous, fingerprint)
    finally:
        del db


def write_pages(db: ox.Store, store_path: Path, out: Path, context: dict, site_kwargs: dict,
                workers: int | None = None, previous: Previous | None = None,
                version: str = "", sizes: dict[str, int] | None = None) -> PagesDone:
    """Every page of the store into ``out``; shards across ``workers`` processes (the
    caller's included; default: one per core) when there are enough subjects. Pages that
    did not change since ``previous`` are linked from it (see the module doc). ``sizes``:
    the statements per named graph, when the caller has counted them already."""
    iris = subjects(db)
    if sizes is None:
        sizes = triples_per_graph(db)
    shards = max(1, min(workers or os.cpu_count() or 1, len(iris) // SHARD_THRESHOLD))
    fingerprint = manifest.site_fingerprint(Site({}, sources_of(db), context, **site_kwargs),
                                            version)
    previous = previous or Previous()
    if shards == 1:
        return render(db, out, context, site_kwargs, iris, sizes, previous, fingerprint)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=shards - 1,
                             mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(_shard_job, str(store_path), str(out), context, site_kwargs,
                               iris[i::shards], sizes, previous.only(iris[i::shards]),
                               fingerprint) for i in range(1, shards)]
        done = render(db, out, context, site_kwargs, iris[0::shards], sizes, previous,
                      fingerprint)
        for f in futures:
            done.add(f.result())
    done.skipped.sort()
    return done

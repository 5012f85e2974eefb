"""The release's resource pages: three files per data IRI under ``id/`` (``.html``, ``.ttl``,
``.jsonld``), rendered by ``narcokg.pages.Site``.

Rendering is Python code (about 1.5 ms per page here), so above ``SHARD_THRESHOLD`` subjects
the pages are split into interleaved shards: the caller renders one, spawned worker processes
(each with its own read-only handle on the store, under the caller's shared lock) render the
others. Every page depends only on its subject's quads and the site-wide labels and sources,
so the shards never need each other.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from narcokg.namespaces import ID
from narcokg.pages import ResourceView, Site, page_path

# Filtering in Python: at 1.15M quads a STRSTARTS filter in the query took 4.9-5.9 s, the
# plain DISTINCT 1.5 s (192k subjects) and the Python filter next to nothing.
SUBJECTS = ("SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } }",
            "SELECT DISTINCT ?s WHERE { ?s ?p ?o }")  # named graphs; the default graph
SHARD_THRESHOLD = 4_000  # subjects: below this, one process is quicker than spawning more


@dataclass
class PagesDone:
    pages: int = 0
    skipped: list[str] = field(default_factory=list)


def subjects(db: ox.Store) -> list[str]:
    """The data IRIs (under ``id/``) that are the subject of a statement, sorted."""
    found = {row[0].value for q in SUBJECTS for row in db.query(q)
             if isinstance(row[0], ox.NamedNode)}
    return sorted(s for s in found if s.startswith(ID))


def render(db: ox.Store, out: Path, site: Site, iris) -> PagesDone:
    """Three files per subject, one index lookup per subject (and per blank node reached)."""
    done, made = PagesDone(), set()
    for iri in iris:
        path = page_path(iri)
        if path is None:
            done.skipped.append(iri)
            continue
        quads = list(db.quads_for_pattern(ox.NamedNode(iri), None, None, None))
        seen, todo = set(), [q.object for q in quads if isinstance(q.object, ox.BlankNode)]
        while todo:  # the blank nodes the resource reaches (its concise bounded description)
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            more = list(db.quads_for_pattern(node, None, None, None))
            quads += more
            todo += [q.object for q in more if isinstance(q.object, ox.BlankNode)]
        view = ResourceView.from_quads(iri, quads)
        target = out / "id" / path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        stem = str(target)
        with open(stem + ".html", "w", encoding="utf-8") as f:
            f.write(site.html(view))
        with open(stem + ".ttl", "wb") as f:
            f.write(site.turtle(view))
        with open(stem + ".jsonld", "w", encoding="utf-8") as f:
            f.write(site.jsonld(view))
        done.pages += 1
    return done


def _shard_job(store_path: str, out: str, context: dict, site_kwargs: dict, iris: list[str]
               ) -> PagesDone:
    """In a worker process: its own read-only handle and site, then its share of pages."""
    db = ox.Store.read_only(store_path)
    try:
        site = Site.from_store(db, context, **site_kwargs)
        return render(db, Path(out), site, iris)
    finally:
        del db


def write_pages(db: ox.Store, store_path: Path, out: Path, context: dict, site_kwargs: dict,
                workers: int | None = None) -> PagesDone:
    """Every page of the store into ``out/id/``; shards across ``workers`` processes (the
    caller's included; default: one per core) when there are enough subjects."""
    iris = subjects(db)
    shards = max(1, min(workers or os.cpu_count() or 1, len(iris) // SHARD_THRESHOLD))
    site = Site.from_store(db, context, **site_kwargs)
    if shards == 1:
        return render(db, out, site, iris)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=shards - 1,
                             mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(_shard_job, str(store_path), str(out), context, site_kwargs,
                               iris[i::shards]) for i in range(1, shards)]
        done = render(db, out, site, iris[0::shards])
        for f in futures:
            part = f.result()
            done.pages += part.pages
            done.skipped += part.skipped
    done.skipped.sort()
    return done

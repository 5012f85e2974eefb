"""Incremental publish (issue 19): a release keeps a digest per resource page; the next
publish links the unchanged pages from it (same inode, same mtime: not rewritten) and
writes only the pages whose inputs changed, and the result is byte for byte the release a
full publish writes."""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from narcokg.namespaces import ID
from narcokg.publication import page_path, publish
from narcokg.publication.manifest import MANIFEST, read_manifest

sys.path.insert(0, str(Path(__file__).parent))
from servers import store_from_trig  # noqa: E402

FIXTURE = Path(__file__).parent / "fixtures" / "publish-fixture.trig"
PYCOUNTRY = ox.NamedNode("https://w3id.org/narcokg/graph/pycountry")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SUFFIXES = (".html", ".ttl", ".jsonld")


def change(store: Path, *quads: ox.Quad, remove: tuple = ()) -> None:
    db = ox.Store(str(store))
    for q in remove:
        db.remove(q)
    for q in quads:
        db.add(q)
    db.flush()
    del db


def page_files(release: Path) -> dict[str, bytes]:
    out = {}
    for iri in read_manifest(release):
        for suffix in SUFFIXES:
            path = page_path(iri) + suffix
            out[path] = (release / path).read_bytes()
    return out


@pytest.fixture
def released(tmp_path):
    store = store_from_trig(tmp_path / "store", FIXTURE)
    out = tmp_path / "site"
    first = publish(out, store=store, issued="2026-01-21")
    assert first.reused == 0 and (out / MANIFEST).is_file()
    assert len(read_manifest(out)) == first.pages
    return store, out, first


def test_only_the_changed_page_is_rewritten(tmp_path, released):
    store, out, first = released
    be, nl = out / "id/state/BE.html", out / "id/state/NL.html"
    before = {p: p.stat() for p in (be, nl)}
    change(store, ox.Quad(ox.NamedNode(ID + "state/NL"), ox.NamedNode(ID + "note"),
                          ox.Literal("a changed page"), PYCOUNTRY))
    second = publish(out, store=store, issued="2026-01-21")
    assert be.stat().st_ino == before[be].st_ino  # linked from the release before
    assert be.stat().st_mtime_ns == before[be].st_mtime_ns
    assert nl.stat().st_ino != before[nl].st_ino  # written again
    assert "a changed page" in nl.read_text()
    # NL's page and its graph's page (its size) changed; everything else is linked
    assert second.pages == first.pages and second.reused == second.pages - 2
    full = publish(tmp_path / "full", store=store, issued="2026-01-21", incremental=False)
    assert full.reused == 0
    assert page_files(out) == page_files(tmp_path / "full")


def test_a_renamed_neighbour_rewrites_the_pages_that_name_it(tmp_path, released):
    store, out, first = released
    be = ox.NamedNode(ID + "state/BE")
    old = ox.Quad(be, LABEL, ox.Literal("Belgium", language="en"), PYCOUNTRY)
    change(store, ox.Quad(be, LABEL, ox.Literal("Kingdom of Belgium", language="en"),
                          PYCOUNTRY), remove=(old,))
    second = publish(out, store=store, issued="2026-01-21")
    assert second.reused < second.pages - 2  # BE, its graph and the pages that name BE
    publish(tmp_path / "full", store=store, issued="2026-01-21", incremental=False)
    assert page_files(out) == page_files(tmp_path / "full")


def test_a_release_without_digests_is_published_in_full(released):
    store, out, first = released
    (out / MANIFEST).unlink()
    again = publish(out, store=store, issued="2026-01-21")
    assert again.reused == 0 and again.pages == first.pages


def test_shards_link_and_digest_like_one_process(tmp_path, monkeypatch):
    from narcokg.publication import ontology_context
    from narcokg.publication import pages as publish_pages

    store = store_from_trig(tmp_path / "store", FIXTURE)
    db = ox.Store.read_only(str(store))
    context, kwargs = ontology_context(), {"license_iri": "https://example.org/licence"}
    one = publish_pages.write_pages(db, store, tmp_path / "one", context, kwargs, workers=1)
    monkeypatch.setattr(publish_pages, "SHARD_THRESHOLD", 1)
    before = publish_pages.Previous(tmp_path / "one", one.digests)
    three = publish_pages.write_pages(db, store, tmp_path / "three", context, kwargs,
                                      workers=3, previous=before)
    assert three.digests == one.digests and three.reused == three.pages == one.pages
    be = "id/state/BE.html"
    assert (tmp_path / "three" / be).stat().st_ino == (tmp_path / "one" / be).stat().st_ino


def test_an_unchanged_store_links_its_dumps_and_tracker(tmp_path, released):
    store, out, first = released
    kept = [out / "dumps" / "narcokg.nq", out / "tracker.html", out / "tracker.fr.html",
            out / "ontology" / "index.html", out / "ontology" / "narcokg.rdf"]
    before = {p: p.stat().st_ino for p in kept}
    second = publish(out, store=store, issued="2026-01-21")
    assert {p: p.stat().st_ino for p in kept} == before  # linked, not written again
    assert second.reused == second.pages and second.triples == first.triples
    assert [(d.path, d.size) for d in second.dumps] == [(d.path, d.size) for d in first.dumps]
    change(store, ox.Quad(ox.NamedNode(ID + "state/NL"), ox.NamedNode(ID + "note"),
                          ox.Literal("a change"), PYCOUNTRY))
    publish(out, store=store, issued="2026-01-21")
    written = {p: p.stat().st_ino != before[p] for p in kept}  # a changed store: the dumps
    assert written == {p: p.parent.name != "ontology" for p in kept}  # and tracker only
    assert b"a change" in (out / "dumps" / "narcokg.nq").read_bytes()


def test_changed_code_rewrites_only_the_parts_made_from_it(tmp_path, released, monkeypatch):
    """The tracker is made from the whole package and the queries, the dumps and the ontology
    files are not: another module's change rewrites the tracker and links the rest."""
    from narcokg.publication import manifest

    store, out, _first = released
    code = tmp_path / "pkg"
    code.mkdir()
    (code / "query.py").write_text("# another version of the query module\n")
    monkeypatch.setattr(manifest, "_PACKAGE", code)
    linked = [out / "dumps" / "narcokg.nq", out / "ontology" / "index.html"]
    before = {p: p.stat().st_ino for p in [*linked, out / "tracker.html"]}
    publish(out, store=store, issued="2026-01-21")
    assert all(p.stat().st_ino == before[p] for p in linked)
    assert (out / "tracker.html").stat().st_ino != before[out / "tracker.html"]

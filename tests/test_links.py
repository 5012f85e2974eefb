"""Pages a person can follow: a link checker over a fresh release and over `serve` finds no
broken internal link, and every IRI the project mints (data, vocabulary, graph, ontology and
its version) dereferences: to a file of the release, and over HTTP from `serve`."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin

import pyoxigraph as ox
import pytest
from servers import store_from_trig  # tests/servers.py
from serving import http, narcokg_server  # tests/serving.py

from narcokg.publication import publish, release_file
from narcokg.publication.iris import BASE, is_minted

FIXTURE = Path(__file__).parent / "fixtures" / "publish-fixture.trig"
HREF = re.compile(r'href="([^"]*)"')
ID_ATTR = re.compile(r'id="([^"]*)"')
# one IRI of each kind the fixture mints, and what its page must say
SAMPLE = {
    "id/state/BE": "Belgium",
    "id/treaty/un-illicit-traffic-1988": "Participation and events",
    "id/treaty/un-illicit-traffic-1988/participation/BE-ratification":
        "Belgium — ratification — 1995-10-25",
    "id/document/resolution-2026-01-21/demand/3.1": "resolution-2026-01-21",
    "vocab/event-type/ratification": "ratification",
    "graph/meta": "named graph",
    "graph/source/un-mtdsg-vi-19": "UN Treaty Collection",
    "ontology/0.1.0": "0.1.0",
}


def minted_iris(db: ox.Store) -> set[str]:
    found = set()
    for q in db:
        for term in (q.subject, q.predicate, q.object, q.graph_name):
            if isinstance(term, ox.NamedNode) and is_minted(term.value):
                found.add(term.value)
    return found


def broken_links(site: Path) -> list[str]:
    """Every relative link of every HTML page of ``site`` that leads nowhere: a missing
    file, or a fragment the page does not define."""
    broken = []
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        ids = set(ID_ATTR.findall(text))
        for href in HREF.findall(text):
            href = href.replace("&amp;", "&")
            if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I):
                continue  # absolute: not ours to check here
            path, _, fragment = href.partition("#")
            if not path:
                if fragment not in ids:
                    broken.append(f"{page.relative_to(site)}: {href}")
                continue
            target = (page.parent / unquote(path)).resolve()
            if not target.is_file() or site.resolve() not in target.parents:
                broken.append(f"{page.relative_to(site)}: {href}")
    return sorted(broken)


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    root = tmp_path_factory.mktemp("links")
    store = store_from_trig(root / "store", FIXTURE)
    publish(root / "site", store=store, issued="2026-01-21")
    db = ox.Store.read_only(str(store))
    return root / "site", db


def test_no_broken_link_in_the_release(release):
    site, _db = release
    assert broken_links(site) == []


def test_every_minted_iri_resolves_to_a_file_of_the_release(release):
    site, db = release
    iris = minted_iris(db)
    assert {BASE + "vocab/event-type/ratification", BASE + "graph/meta",
            BASE + "ontology/0.1.0"} <= iris
    missing = sorted(i for i in iris if not release_file(i) or
                     not (site / release_file(i)).is_file())
    assert missing == []


def test_sample_pages_in_the_release(release):
    site, _db = release
    for path, text in SAMPLE.items():
        assert text in (site / f"{path}.html").read_text(encoding="utf-8"), path


def test_a_demand_links_to_its_resolution(release):
    site, _db = release
    page = (site / "id/document/resolution-2026-01-21/demand/3.1.html").read_text()
    assert 'href="../../resolution-2026-01-21.html"' in page and "...html" not in page


def test_serve_dereferences_every_kind_and_its_links(tmp_path):
    with narcokg_server(tmp_path) as (base, _proc):
        for path, text in SAMPLE.items():
            status, headers, body = http(f"{base}/{path}", accept="text/html")
            assert status == 200, path
            page = body.decode()
            assert text in page, path
            for href in HREF.findall(page):
                href = href.replace("&amp;", "&")
                if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I) or href.startswith("#"):
                    continue
                url = urljoin(f"{base}/{path}", href)
                assert http(url)[0] == 200, f"{path}: {href} -> {url}"
        status, _headers, body = http(f"{base}/vocab/event-type/ratification",
                                      accept="text/turtle")
        assert status == 200 and b"skos:prefLabel" in body
        assert http(f"{base}/vocab/event-type/no-such-concept")[0] == 404


@pytest.mark.slow
def test_the_curated_release_has_no_broken_link(tmp_path):
    from narcokg.build import build

    try:
        build(store=tmp_path / "s")
    except Exception as exc:  # curated data or a loader is missing in this checkout
        pytest.skip(f"full build unavailable: {type(exc).__name__}: {exc}")
    publish(tmp_path / "site", store=tmp_path / "s")
    site = tmp_path / "site"
    assert broken_links(site) == []
    tracker = (site / "tracker.html").read_text(encoding="utf-8")
    assert 'href="id/document/be-chamber-resolution-2026-01-21/' in tracker
    db = ox.Store.read_only(str(tmp_path / "s"))
    missing = sorted(i for i in minted_iris(db) if not release_file(i) or
                     not (site / release_file(i)).is_file())
    assert missing == []


def test_the_release_carries_the_tracker_in_three_languages(release):
    """The tracker is part of the release, linked from the landing page, and its items link
    to their pages in the same release (the link checker above covers the hrefs)."""
    site, _db = release
    landing = (site / "index.html").read_text(encoding="utf-8")
    for name, lang in (("tracker.html", "en"), ("tracker.nl.html", "nl"),
                       ("tracker.fr.html", "fr")):
        page = (site / name).read_text(encoding="utf-8")
        assert f'lang="{lang}"' in page, name
        assert f'href="{name}"' in landing, name


def test_every_page_comes_in_the_five_negotiated_formats(release):
    """nginx serves the release statically: each representation serve negotiates must be a
    file there, or nginx would answer 406 where serve answers 200."""
    site, _db = release
    for html_page in (site / "id").rglob("*.html"):
        stem = html_page.with_suffix("")
        for ext in (".ttl", ".jsonld", ".nt", ".rdf"):
            assert stem.with_name(stem.name + ext).is_file(), f"{stem}{ext}"
    nt = (site / "id/state/BE.nt").read_text(encoding="utf-8")
    assert nt.startswith("<https://w3id.org/narcokg/id/state/BE>")
    assert "<rdf:RDF" in (site / "id/state/BE.rdf").read_text(encoding="utf-8")


def test_prior_ontology_versions_dereference_to_their_own_file(release, tmp_path):
    """owl:priorVersion names 0.1.0: the release and serve give that version as released
    (its own owl:versionIRI), not the current ontology; an unknown version is 404."""
    from narcokg import resources

    prior = resources.ontology_version_files()
    assert "0.1.0" in prior
    site, _db = release
    ttl = (site / "ontology/0.1.0.ttl").read_text(encoding="utf-8")
    assert "owl:versionIRI <https://w3id.org/narcokg/ontology/0.1.0>" in ttl
    assert (site / "ontology/0.1.0.rdf").is_file() and (site / "ontology/0.1.0.html").is_file()
    with narcokg_server(tmp_path) as (base, _proc):
        status, _headers, body = http(f"{base}/ontology/0.1.0", accept="text/turtle")
        assert status == 200 and body == prior["0.1.0"].read_bytes()
        status, _headers, body = http(f"{base}/ontology/0.1.0", accept="text/html")
        assert status == 200 and b"0.1.0" in body
        assert http(f"{base}/ontology/9.9.9", accept="text/turtle")[0] == 404

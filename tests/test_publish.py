"""narcokg publish: the release folder reads back to the store, its VoID tells the truth,
its pages are about their resource, and a new release replaces the old one atomically."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from servers import store_from_trig  # tests/servers.py

from narcokg import __version__
from narcokg.namespaces import ID, NKG, PREFIXES
from narcokg.publication import PublishError, ontology_version, publish

FIXTURE = Path(__file__).parent / "fixtures" / "publish-fixture.trig"
VOID = rdflib.Namespace(PREFIXES["void"])
DCAT = rdflib.Namespace(PREFIXES["dcat"])
DCT = rdflib.Namespace(PREFIXES["dcterms"])
FORMATS = {".trig": (ox.RdfFormat.TRIG, "trig"), ".nq": (ox.RdfFormat.N_QUADS, "nquads"),
           ".jsonld": (ox.RdfFormat.JSON_LD, "json-ld"), ".ttl": (ox.RdfFormat.TURTLE, "turtle")}


def load_fixture(path: Path) -> Path:
    return store_from_trig(path, FIXTURE)


def canonical(quads) -> set:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


def as_quads(triples) -> list[ox.Quad]:
    return [ox.Quad(t.subject, t.predicate, t.object) for t in triples]


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    root = tmp_path_factory.mktemp("publish")
    store = load_fixture(root / "store")
    summary = publish(root / "site", store=store, base_url="https://example.org/kg",
                      issued="2026-01-21")
    db = ox.Store.read_only(str(store))
    return root / "site", db, summary


def read_dump(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def check_dumps(site: Path, db: ox.Store) -> None:
    store_quads = canonical(db)
    union = canonical(as_quads(db.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")))
    dumps = sorted((site / "dumps").iterdir())
    assert len(dumps) == 4
    for path in dumps:
        ext = Path(path.name.removesuffix(".gz")).suffix
        ox_format, rdflib_format = FORMATS[ext]
        data = read_dump(path)
        expected = union if ext == ".ttl" else store_quads
        assert canonical(ox.parse(data, format=ox_format)) == expected, path.name
        ds = rdflib.Dataset()
        ds.parse(data=data, format=rdflib_format)
        nquads = ds.serialize(format="nquads").encode()
        back = canonical(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
        if ext == ".ttl":
            back = canonical(ox.Quad(q.subject, q.predicate, q.object) for q in back)
        assert back == expected, f"rdflib: {path.name}"


def test_dumps_read_back_to_the_store(release):
    site, db, summary = release
    check_dumps(site, db)
    assert not any(d.gzipped for d in summary.dumps)


def test_large_dumps_are_gzipped_and_void_says_so(tmp_path, release):
    _site, db, _ = release
    store = load_fixture(tmp_path / "store")
    summary = publish(tmp_path / "site", store=store, gzip_threshold=0)
    assert all(d.gzipped and d.path.endswith(".gz") for d in summary.dumps)
    check_dumps(tmp_path / "site", db)
    void = rdflib.Graph().parse(tmp_path / "site" / "void.ttl")
    gz = rdflib.URIRef("http://www.iana.org/assignments/media-types/application/gzip")
    assert len(list(void.subjects(DCAT.compressFormat, gz))) == 4


def test_void_counts_are_true(release):
    site, db, summary = release
    void = rdflib.Graph().parse(site / "void.ttl")
    ds = rdflib.URIRef("https://example.org/kg/void.ttl#narcokg")
    per_graph = {r["g"].value: int(r["n"].value) for r in db.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    subsets = {str(g): int(void.value(g, VOID.triples)) for g in void.objects(ds, VOID.subset)}
    assert subsets == per_graph
    union = len(list(db.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")))
    assert int(void.value(ds, VOID.triples)) == union == summary.triples
    assert union < sum(per_graph.values())  # the fixture repeats a triple in two graphs
    assert {str(x) for x in void.objects(ds, VOID.exampleResource)} == {
        ID + "state/BE", ID + "port/BEANR", ID + "document/resolution-2026-01-21"}
    assert str(void.value(ds, VOID.sparqlEndpoint)) == "https://example.org/kg/sparql"
    assert str(void.value(ds, DCT.license)) == "https://creativecommons.org/licenses/by/4.0/"
    assert {t.language for t in void.objects(ds, DCT.title)} == {"en", "nl", "fr"}
    assert {t.language for t in void.objects(ds, DCT.description)} == {"en", "nl", "fr"}
    assert str(void.value(ds, DCAT.version)) == __version__ == ontology_version()
    assert str(void.value(ds, DCT.issued)) == "2026-01-21"
    assert rdflib.URIRef(NKG) in set(void.objects(ds, VOID.vocabulary))
    for dist in void.objects(ds, DCAT.distribution):
        url = str(void.value(dist, DCAT.downloadURL))
        local = site / url.removeprefix("https://example.org/kg/")
        assert local.stat().st_size == int(void.value(dist, DCAT.byteSize))
        assert void.value(dist, DCAT.mediaType) is not None


def test_context_is_generated_from_the_ontology(release):
    site, _db, _ = release
    context = json.loads((site / "context.jsonld").read_text())["@context"]
    assert context["nkg"] == NKG and context["id"] == ID
    assert context["ParticipationRecord"] == "nkg:ParticipationRecord"
    assert context["party"] == {"@id": "nkg:party", "@type": "@id"}
    declared = {t.subject.value[len(NKG):] for t in ox.parse(
        path=str(Path(__file__).parent.parent / "ontology" / "narcokg.ttl"))
        if t.subject.value.startswith(NKG) and t.predicate.value == PREFIXES["rdf"] + "type"}
    assert declared <= set(context)


def test_ontology_and_docs(release):
    site, _db, _ = release
    doc = (site / "ontology" / "index.html").read_text()
    assert "ParticipationRecord" in doc and "participation record" in doc
    ttl = rdflib.Graph().parse(site / "ontology" / "narcokg.ttl")
    rdf = rdflib.Graph().parse(site / "ontology" / "narcokg.rdf", format="xml")
    assert len(ttl) == len(rdf) > 500
    assert (site / "ontology" / "vocab" / "event-type.rdf").exists()


def test_resource_pages(release):
    site, db, summary = release
    be = site / "id" / "state" / "BE"
    triples = list(ox.parse(path=f"{be}.ttl", format=ox.RdfFormat.TURTLE))
    assert {t.subject.value for t in triples} == {ID + "state/BE"}
    local = {(t.subject, t.predicate, t.object) for t in db.quads_for_pattern(
        ox.NamedNode(ID + "state/BE"), None, None, None)}
    assert {(t.subject, t.predicate, t.object) for t in triples} == local
    assert len(rdflib.Graph().parse(f"{be}.ttl")) == len(local)
    from_jsonld = list(ox.parse(path=f"{be}.jsonld", format=ox.RdfFormat.JSON_LD))
    assert {(t.subject, t.predicate, t.object) for t in from_jsonld} == local
    assert len(rdflib.Graph().parse(f"{be}.jsonld", format="json-ld")) == len(local)
    page = Path(f"{be}.html").read_text()
    for text in ("Belgium", "België", "Belgique", "UN/LOCODE 2023-1", "pycountry"):
        assert text in page
    record = site / "id/treaty/un-illicit-traffic-1988/participation/BE-ratification.html"
    assert 'href="../../../state/BE.html"' in record.read_text()
    assert 'href="../state/BE.html"' in (site / "id/port/BEANR.html").read_text()
    demand = site / "id/document/resolution-2026-01-21/demand/3.1"
    assert "a blank node value" in Path(f"{demand}.html").read_text()
    assert len(list(ox.parse(path=f"{demand}.jsonld", format=ox.RdfFormat.JSON_LD))) == 6
    assert summary.pages == 17 and not summary.skipped  # 10 resources, 6 graphs, 1 concept


@pytest.mark.skipif(not shutil.which("rapper"), reason="raptor2-utils not installed")
def test_a_second_parser_agrees(release):
    site, _db, summary = release
    for syntax, name in (("trig", "narcokg.trig"), ("nquads", "narcokg.nq"),
                         ("turtle", "narcokg.ttl")):
        out = subprocess.run(["rapper", "-i", syntax, "-c", str(site / "dumps" / name)],
                             capture_output=True, text=True, check=True)
        expected = summary.triples if syntax == "turtle" else summary.quads
        assert f"returned {expected} triples" in out.stderr, name


def test_republishing_is_atomic(tmp_path):
    store = load_fixture(tmp_path / "store")
    out = tmp_path / "site"
    publish(out, store=store, base_url="https://old.example")
    seen = {}

    def before_swap(build: Path) -> None:  # the new release is complete, the old one live
        seen["live"] = (out / "void.ttl").read_text()
        seen["new"] = (build / "void.ttl").read_text()
        seen["pages"] = (out / "id/state/BE.html").exists()

    publish(out, store=store, base_url="https://new.example", before_swap=before_swap)
    assert "old.example" in seen["live"] and "new.example" in seen["new"] and seen["pages"]
    assert "new.example" in (out / "void.ttl").read_text()
    siblings = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("site"))
    assert siblings == ["site", out.resolve().name]  # no temp or old release left

    def fail(_build: Path) -> None:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        publish(out, store=store, base_url="https://broken.example", before_swap=fail)
    assert "new.example" in (out / "void.ttl").read_text()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("site")) == siblings


def test_refuses_to_replace_a_folder_that_is_not_a_release(tmp_path):
    store = load_fixture(tmp_path / "store")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "precious.txt").write_text("keep me")
    with pytest.raises(PublishError, match="not a narcokg release"):
        publish(tmp_path / "docs", store=store)
    assert (tmp_path / "docs" / "precious.txt").exists()


@pytest.mark.slow
def test_publish_the_full_build(tmp_path):
    from narcokg.build import build

    try:
        build(store=tmp_path / "s")
    except Exception as exc:  # curated data or a loader is missing in this checkout
        pytest.skip(f"full build unavailable: {type(exc).__name__}: {exc}")
    summary = publish(tmp_path / "site", store=tmp_path / "s")
    assert (tmp_path / "site/id/state/BE.ttl").exists()
    assert summary.pages > 200
    void = rdflib.Graph().parse(tmp_path / "site" / "void.ttl")
    assert int(void.value(rdflib.URIRef("https://w3id.org/narcokg/void.ttl#narcokg"),
                          VOID.triples)) == summary.triples


def test_pages_rendered_in_shards_are_the_pages_of_one_process(tmp_path, monkeypatch):
    """Above the threshold, pages are split across spawned processes: same files, same bytes."""
    from narcokg.publication import ontology_context
    from narcokg.publication import pages as publish_pages

    store = load_fixture(tmp_path / "store")
    db = ox.Store.read_only(str(store))
    context, kwargs = ontology_context(), {"license_iri": "https://example.org/licence"}
    one = publish_pages.write_pages(db, store, tmp_path / "one", context, kwargs, workers=1)
    monkeypatch.setattr(publish_pages, "SHARD_THRESHOLD", 1)
    three = publish_pages.write_pages(db, store, tmp_path / "three", context, kwargs, workers=3)
    assert one.pages == three.pages > 3 and one.skipped == three.skipped
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*.*"))
    assert files == sorted(p.relative_to(tmp_path / "three")
                           for p in (tmp_path / "three").rglob("*.*"))
    assert all((tmp_path / "one" / f).read_bytes() == (tmp_path / "three" / f).read_bytes()
               for f in files)


@pytest.mark.parametrize("in_memory", [True, False])
def test_dumps_written_by_worker_processes_read_back_to_the_store(tmp_path, monkeypatch,
                                                                  release, in_memory):
    """Large stores: the dumps come from spawned workers (from one in-memory copy, or each
    from the on-disk store); same content, same counts as the sequential path."""
    from narcokg.publication import dumps as dump_files
    from narcokg.publication import release as release_module

    site, db, summary = release
    monkeypatch.setattr(release_module, "PARALLEL_THRESHOLD", 0)
    monkeypatch.setattr(dump_files, "IN_MEMORY_DUMPS", 10**9 if in_memory else 0)
    store = load_fixture(tmp_path / "store")
    parallel = publish(tmp_path / "site", store=store, gzip_threshold=0)
    check_dumps(tmp_path / "site", db)
    assert parallel.triples == summary.triples
    assert [(d.path, d.media_type) for d in parallel.dumps] == \
        [(d.path + ".gz", d.media_type) for d in summary.dumps]
    for name in ("tracker.html", "tracker.nl.html", "tracker.fr.html"):  # by its own process
        assert (tmp_path / "site" / name).read_bytes() == (site / name).read_bytes()


def test_landing_page_says_what_the_graph_covers(release):
    site, _db, _summary = release
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "<h2>What this graph covers</h2>" in page
    assert "not recorded in this graph" in page
    assert "no slice is recorded as complete" in page  # the publish fixture has none


def test_covers_section_lists_statements_escaped():
    from narcokg.publication.landing import covers_section

    html = covers_section(["partial — <b>1961 parties</b>"])
    assert "<li>partial — &lt;b&gt;1961 parties&lt;/b&gt;</li>" in html


@pytest.mark.parametrize("gzipped", [True, False])
def test_trig_read_back_from_the_nquads_is_the_stores_own_trig(tmp_path, gzipped):
    """One reading of the on-disk store gives the N-Quads and (parsed back) the TriG, byte
    for byte the TriG the store writes itself."""
    from narcokg.publication import dumps as dump_files

    store = load_fixture(tmp_path / "store")
    db = ox.Store.read_only(str(store))
    dump_files.write_dump(db, tmp_path, "narcokg.nq", {}, gzipped)
    dump = dump_files.trig_from_nquads(tmp_path, gzipped)
    name = "narcokg.trig.gz" if gzipped else "narcokg.trig"
    assert dump.path == f"{tmp_path.name}/{name}" and dump.gzipped == gzipped
    own = db.dump(format=ox.RdfFormat.TRIG, prefixes=dump_files.DUMP_PREFIXES)
    assert read_dump(tmp_path / name) == own

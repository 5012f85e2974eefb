"""The fast engine (shapes compiled to SPARQL, narcokg/validation/fast/) against plain pyshacl,
the reference: identical result multisets (focus, path, component, severity, value, source
shape) on every example, the fixture store, a synthetic graph with planted violations, and the
curated build. tests/test_shacl_differential.py compares whole reports (complex paths too) on
the fixture store and generated shapes; tests/test_shacl_conformance.py runs the W3C suite."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, URIRef
from servers import bench_module
from test_validate import example_files, make_fixture_store

from narcokg import store as stores
from narcokg import validation as v
from narcokg.namespaces import ID, NKG
from narcokg.validation import shapes

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = Path(__file__).parent / "examples"


def results(problems) -> Counter:
    return Counter((p.focus, p.path, p.component, p.severity, p.value, p.shape)
                   for p in problems)


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory) -> Path:
    return make_fixture_store(tmp_path_factory.mktemp("fast") / "store")


@pytest.fixture(scope="module")
def registry():
    from narcokg.loaders.sources import SourceRegistry
    return SourceRegistry.from_dir(EXAMPLES)


@pytest.mark.parametrize("path", example_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_examples_identical(path, fixture_store, registry, tmp_path):
    for store in (fixture_store, tmp_path / "none"):  # in the store's context, and without
        fast = v.validate_entries([path], store, registry=registry, engine="fast")
        ref = v.validate_entries([path], store, registry=registry, engine="pyshacl")
        assert results(fast.problems) == results(ref.problems)
        assert fast.conforms is ref.conforms
        assert {f: set(ls) for f, ls in fast.labels.items()} == \
            {f: set(ls) for f, ls in ref.labels.items()}  # two labels in a language: either


def test_fixture_store_identical(fixture_store):
    fast = v.validate_all(fixture_store, engine="fast")
    ref = v.validate_all(fixture_store, engine="pyshacl")
    assert fast.problems and results(fast.problems) == results(ref.problems)
    assert "sh:ValidationReport" in fast.report.serialize(format="turtle")


def test_threads_give_the_same_rows_in_the_same_order(fixture_store):
    from narcokg.validation.fast.sparql import run

    with stores.open_store(fixture_store) as store:
        data = shapes.data_store(store)
    shapes_graph = shapes.shapes_graph()
    one, two = run(data, shapes_graph, threads=1), run(data, shapes_graph, threads=2)
    assert one.rows and one.rows == two.rows and one.queries == two.queries


# pySHACL runs every SHACL-SPARQL constraint once per focus node, parsing the query each time:
# the event date-order rules (one per InstrumentEvent) cost minutes at 20k quads, so the
# engines are compared on 2k, with more planted violations (20%) so every kind occurs.
SYNTH_QUADS = 2_000


def test_synthetic_identical(tmp_path):
    from narcokg.build import ontology_quads

    synth = bench_module("synth")
    out = io.StringIO()
    states = ["BE", "NL", "FR", "DE", "CO", "MX", "PE", "BR", "VE", "ES"]
    _count, planted = synth.generate(SYNTH_QUADS, 7, out, states, violation_rate=0.2)
    assert sum(planted.values()) > 0
    store = ox.Store(str(tmp_path / "store"))
    store.bulk_extend(list(ontology_quads()))
    g = ox.NamedNode(ID + "graph/states-test")
    for cc in states[:-1]:  # ES stays unknown: its references must be reported
        s = ox.NamedNode(f"{ID}state/{cc}")
        store.bulk_extend([
            ox.Quad(s, ox.NamedNode(str(RDF.type)), ox.NamedNode(NKG + "State"), g),
            ox.Quad(s, ox.NamedNode(NKG + "iso3166Alpha2"), ox.Literal(cc), g),
            ox.Quad(s, ox.NamedNode(str(shapes.SKOS_PREF)), ox.Literal(cc, language="en"), g),
            ox.Quad(s, ox.NamedNode("http://purl.org/dc/terms/source"),
                    ox.NamedNode("https://example.org/iso3166"), g)])
    store.bulk_load(out.getvalue().encode(), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    fast = v.validate_all(tmp_path / "store", engine="fast")
    ref = v.validate_all(tmp_path / "store", engine="pyshacl")
    assert len(fast.problems) > 10
    assert results(fast.problems) == results(ref.problems)


def test_unsupported_shape_falls_back_to_pyshacl(fixture_store, monkeypatch):
    extra = Graph()
    for t in shapes.shapes_graph():
        extra.add(t)
    shape = URIRef("https://w3id.org/narcokg/shapes#TestLessThan")
    extra.parse(data=f"""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <{shape}> sh:targetClass <{NKG}Port> ;
            sh:property [ sh:path <{NKG}unlocode> ; sh:lessThan <{NKG}iso3166Alpha2> ] ;
            sh:closed false ; sh:xone ( [ sh:minLength 1 ] ) .""", format="turtle")
    from narcokg.validation.fast.sparql import run
    with stores.open_store(fixture_store) as store:
        found = run(shapes.data_store(store), extra)
    assert found.unsupported == [shape]
    assert found.reasons[shape].startswith("sh:")  # the first feature not compiled, named
    # every engine reads the shapes through narcokg.validation.shapes
    monkeypatch.setattr(shapes, "shapes_graph", lambda: extra)
    fast = v.validate_all(fixture_store, engine="fast")
    ref = v.validate_all(fixture_store, engine="pyshacl")
    assert any("pyshacl" in n for n in fast.notes)
    assert results(fast.problems) == results(ref.problems)


def test_unknown_engine(fixture_store):
    with pytest.raises(ValueError):
        v.validate_all(fixture_store, engine="turbo")


@pytest.mark.slow
def test_curated_build_identical(tmp_path):
    from narcokg.cli import main

    assert main(["build", "--store", str(tmp_path / "s")]) == 0
    fast = v.validate_all(tmp_path / "s", engine="fast")
    ref = v.validate_all(tmp_path / "s", engine="pyshacl")
    assert results(fast.problems) == results(ref.problems)


def test_an_entry_the_store_would_rewrite_goes_to_pyshacl(fixture_store, registry, tmp_path):
    """"116000.50" is stored as "116000.5": the engine steps aside for that entry."""
    text = (EXAMPLES / "valid" / "seizure.ttl").read_text(encoding="utf-8")
    entry = tmp_path / "seizure.ttl"
    entry.write_text(text.replace('"116000"^^xsd:decimal', '"116000.50"^^xsd:decimal'),
                     encoding="utf-8")
    fast = v.validate_entries([entry], fixture_store, registry=registry, engine="fast")
    ref = v.validate_entries([entry], fixture_store, registry=registry, engine="pyshacl")
    assert any("116000.50" in n and "pyshacl" in n for n in fast.notes)
    assert results(fast.problems) == results(ref.problems) and fast.conforms is ref.conforms

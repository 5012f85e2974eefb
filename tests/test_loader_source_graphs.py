"""The OFAC snapshots are a loader's graphs even though they sit under ``graph/source/``: an
entry cannot own, replace or add to what they say (``add``, ``validate`` and a rebuild with
kept entries say so), and a curated source key cannot take their reserved names."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from narcokg import entries_dir
from narcokg.add import add_entries
from narcokg.build import build
from narcokg.derive import with_derived
from narcokg.errors import InputError
from narcokg.loaders import ofac_graph
from narcokg.loaders.sources import SourceRegistry
from narcokg.namespaces import NKG, RDF_TYPE, is_curated_source_graph, source_graph
from narcokg.validation import validate_entries
from narcokg.validation.policy import owned_quads

try:  # tests/ may or may not be a package
    from .test_add import ID, quads, registry  # noqa: F401  (fixtures)
    from .test_validate import make_fixture_store
except ImportError:
    from test_add import ID, quads, registry  # noqa: F401  (fixtures)
    from test_validate import make_fixture_store

POLICY = "urn:narcokg:entry-policy:"
EDGE = Path(__file__).parent / "fixtures" / "ofac-sdn-edge.csv"
SNAPSHOT = f"{EDGE}@2024-05-03"


@pytest.fixture
def store(tmp_path) -> Path:
    """The examples' fixture store with one OFAC snapshot loaded as `build` loads it."""
    path = make_fixture_store(tmp_path / "store")
    db = ox.Store(str(path))
    for _label, qs in ofac_graph.collect([SNAPSHOT]):
        db.bulk_extend(with_derived(qs))
    db.flush()
    del db
    return path


def a_listing(path: Path) -> str:
    db = ox.Store.read_only(str(path))
    try:
        graph = ox.NamedNode(source_graph("ofac-sdn-2024-05-03"))
        return sorted(q.subject.value for q in db.quads_for_pattern(
            None, ox.NamedNode(RDF_TYPE), ox.NamedNode(NKG + "SanctionMeasure"), graph))[0]
    finally:
        del db


def entry_about(tmp_path: Path, iri: str) -> Path:
    path = tmp_path / "listing.yaml"
    path.write_text(f"id: {iri[len(ID):]}\ntype: SanctionMeasure\nsource: ex-doc\n"
                    "sanctionTarget: state/CO\nsanctionKind: economic\n"
                    "underRegime: sanction-regime/us-ofac-sdnt\n", encoding="utf-8")
    return path


def test_the_graph_names():
    assert is_curated_source_graph(source_graph("ex-doc"))
    assert not is_curated_source_graph(source_graph("ofac-sdn-2024-05-03"))
    assert not is_curated_source_graph(source_graph("ofac-sdn-history"))
    assert not is_curated_source_graph("https://w3id.org/narcokg/graph/unlocode")


def test_an_entry_owns_nothing_of_an_ofac_graph(store):
    listing = a_listing(store)
    db = ox.Store.read_only(str(store))
    try:
        assert any(True for _ in db.quads_for_pattern(ox.NamedNode(listing), None, None, None))
        assert owned_quads(db, listing) == set()
    finally:
        del db


def test_an_entry_about_an_ofac_listing_is_refused(store, registry, tmp_path):
    listing = a_listing(store)
    entry = entry_about(tmp_path, listing)
    checked = validate_entries([entry], store, registry=registry)
    assert (listing, POLICY + "LoaderOwned") in {
        (p.focus, p.component) for p in checked.problems if p.severity == "Violation"}
    problem = next(p for p in checked.problems if p.component == POLICY + "LoaderOwned")
    assert "graph/source/ofac-sdn-" in problem.message("en")
    assert set(problem.messages) == {"en", "nl", "fr"}
    before = quads(store)
    for replace in (False, True):  # --replace does not open a loader's graph either
        result, outcomes = add_entries([entry], store, registry, replace=replace)
        assert outcomes == [] and not result.conforms
        assert quads(store) == before


def test_a_kept_entry_about_an_ofac_listing_stops_the_rebuild(tmp_path):
    path = tmp_path / "store"
    build(path, ofac_sdn=[SNAPSHOT])
    listing = a_listing(path)
    folder = entries_dir.entries_dir(path, None)
    folder.mkdir(parents=True, exist_ok=True)
    kept = entry_about(folder, listing)
    kept.write_text(kept.read_text(encoding="utf-8").replace(
        "source: ex-doc", "source: https://example.org/a-press-article"), encoding="utf-8")
    before = quads(path)
    with pytest.raises(InputError, match="comes from a loader .*graph/source/ofac-sdn-"):
        build(path, ofac_sdn=[SNAPSHOT])
    assert quads(path) == before  # the store was not swapped


def test_a_curated_source_key_cannot_take_a_loader_name(tmp_path):
    (tmp_path / "s.yaml").write_text(
        "ofac-sdn-2024-05-03: {url: 'https://example.org/my-copy'}\n", encoding="utf-8")
    with pytest.raises(InputError, match="reserved for a loader"):
        SourceRegistry.from_dir(tmp_path)

"""narcokg add: one transaction, nothing written on a violation, idempotent, replacing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from narcokg.add import add_entries
from narcokg.cli import main
from narcokg.errors import InputError
from narcokg.loaders.sources import SourceRegistry

try:  # tests/ may or may not be a package
    from .test_validate import EXAMPLES, make_fixture_store
except ImportError:
    from test_validate import EXAMPLES, make_fixture_store

ID = "https://w3id.org/narcokg/id/"


@pytest.fixture
def store(tmp_path) -> Path:
    return make_fixture_store(tmp_path / "store")


@pytest.fixture(scope="module")
def registry() -> SourceRegistry:
    return SourceRegistry.from_dir(EXAMPLES)


def quads(path: Path) -> set[ox.Quad]:
    s = ox.Store.read_only(str(path))
    try:
        return set(s)
    finally:
        del s


def test_rejected_add_leaves_store_unchanged(store, registry):
    before = quads(store)
    bad = [EXAMPLES / "valid" / "liaison-post.yaml",
           EXAMPLES / "invalid" / "bilateral-three-parties.yaml"]
    result, outcomes = add_entries(bad, store, registry)
    assert not result.conforms and outcomes == []
    assert quads(store) == before


def test_input_error_leaves_store_unchanged(store, registry, tmp_path):
    before = quads(store)
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: treaty/x\ntype: Treaty\nsource: ex-doc\nparty: [state/BE\n")
    with pytest.raises(InputError):
        add_entries([EXAMPLES / "valid" / "liaison-post.yaml", broken], store, registry)
    assert quads(store) == before


def test_add_twice_is_idempotent(store, registry):
    entry = EXAMPLES / "valid" / "bilateral-treaty.yaml"
    result, (first,) = add_entries([entry], store, registry)
    assert result.conforms and first.status == "added" and first.added > 0
    after_first = quads(store)
    graphs = {q.graph_name.value for q in after_first}
    assert "https://w3id.org/narcokg/graph/source/ex-other" in graphs  # a new source
    meta = [q for q in after_first if q.graph_name.value.endswith("/graph/meta")
            and q.subject.value.endswith("/graph/source/ex-other")]
    assert meta  # the new source is described in graph/meta
    _result, (second,) = add_entries([entry], store, registry)
    assert second.status == "unchanged"
    assert quads(store) == after_first


def test_changed_entry_replaces_old_version(store, registry, tmp_path):
    root = ox.NamedNode(ID + "treaty/existing-mou")
    old_clause = ox.NamedNode(ID + "treaty/existing-mou/clause/old")
    new = tmp_path / "existing-mou.yaml"
    new.write_text("id: treaty/existing-mou\ntype: MemorandumOfUnderstanding\nsource: ex-doc\n"
                   "prefLabel: {en: Existing MoU (new version), nl: Bestaande MoU, "
                   "fr: Protocole existant}\nparty: [state/BE, state/CO]\n")
    before = quads(store)
    result, outcomes = add_entries([new], store, registry)  # without --replace: refused
    assert not result.conforms and outcomes == [] and quads(store) == before
    result, (outcome,) = add_entries([new], store, registry, replace=True)
    assert result.conforms and outcome.status == "replaced"
    after = quads(store)
    assert not any(q.subject == old_clause for q in after)  # owned record removed
    labels = {q.object.value for q in after if q.subject == root
              and q.predicate.value.endswith("prefLabel")}
    assert "Existing MoU (new version)" in labels and "Existing MoU (old version)" not in labels
    data = lambda qs: {q for q in qs if not q.graph_name.value.endswith("/graph/meta")}  # noqa: E731
    assert outcome.removed == len(data(before) - data(after))
    assert outcome.added == len(data(after) - data(before))
    # untouched: everything not owned by the entry
    assert {q for q in before if not q.subject.value.startswith(root.value)} <= after


def test_cli_add(store, tmp_path, capsys):
    entry = tmp_path / "cli.yaml"
    entry.write_text("id: designation/cli\ntype: StateDesignation\n"
                     "source: https://example.org/doc\ndesignatedState: state/CO\n"
                     "designatedBy: org/be-federal-government\n"
                     "designationType: negligent-in-fighting-cartels\n")
    assert main(["add", str(entry), "--store", str(store)]) == 0
    assert "added" in capsys.readouterr().out
    assert main(["add", str(entry), "--store", str(store)]) == 0
    assert "unchanged" in capsys.readouterr().out
    shutil.copy(EXAMPLES / "invalid" / "designation-missing-fields.yaml", tmp_path / "bad.yaml")
    (tmp_path / "bad.yaml").write_text((tmp_path / "bad.yaml").read_text().replace(
        "source: ex-doc", "source: https://example.org/doc"))
    before = quads(store)
    assert main(["add", str(tmp_path / "bad.yaml"), "--store", str(store)]) == 1
    assert "nothing was written" in capsys.readouterr().out
    assert quads(store) == before


def test_an_entry_about_a_port_cannot_touch_what_un_locode_says(tmp_path):
    """A port comes from the UN/LOCODE loader: an entry may neither add to it nor replace
    it (the loader rebuilds it from its source), and nothing is written."""
    import pyoxigraph as ox

    store_path = make_fixture_store(tmp_path / "s")
    db = ox.Store(str(store_path))
    unlocode = ox.NamedNode("https://w3id.org/narcokg/graph/unlocode")
    port = ox.NamedNode(ID + "port/PAMIT")
    loader_quad = ox.Quad(port, ox.NamedNode("https://w3id.org/narcokg/ontology#unlocode"),
                          ox.Literal("PAMIT"), unlocode)
    db.add(loader_quad)
    db.flush()
    del db
    before = quads(store_path)
    entry = tmp_path / "PAMIT.yaml"
    entry.write_text("id: port/PAMIT\nsource: https://example.org/doc\nskos:altLabel: first\n")
    result, outcomes = add_entries([entry], store_path, SourceRegistry({}))
    assert not result.conforms and outcomes == []
    assert any(p.component.endswith("LoaderOwned") for p in result.problems)
    assert quads(store_path) == before

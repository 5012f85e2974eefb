"""narcokg add never loses or corrupts data: entry ids are kind/key, ontology terms and
loader-owned entities are off limits, replacing needs --replace, a batch is validated as the
store will be after the commit, entries are kept and rebuilt, and a commit is all or nothing."""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest

from narcokg import entries_dir
from narcokg.add import add_entries
from narcokg.cli import main
from narcokg.errors import InputError, StoreError
from narcokg.validation import validate_entries

try:  # tests/ may or may not be a package
    from .test_add import ID, quads, registry, store  # noqa: F401  (fixtures)
    from .test_validate import EXAMPLES
except ImportError:
    from test_add import ID, quads, registry, store  # noqa: F401  (fixtures)
    from test_validate import EXAMPLES

POLICY = "urn:narcokg:entry-policy:"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def violations(result) -> set[tuple[str, str]]:
    return {(p.focus, p.component) for p in result.problems if p.severity == "Violation"}


@pytest.mark.parametrize("entry_id", [
    "org", "https://w3id.org/narcokg/id", "https://w3id.org/narcokg/id/",
    "treaty/a//b", "treaty/a/", "https://example.org/x", "Org/x", "org/-x"])
def test_an_entry_id_is_kind_slash_key(store, registry, tmp_path, entry_id):
    entry = write(tmp_path, "e.yaml", f"id: '{entry_id}'\ntype: Agency\nsource: ex-doc\n"
                  "prefLabel: {en: X, nl: X, fr: X}\nbelongsToState: state/BE\n")
    before = quads(store)
    result, outcomes = add_entries([entry], store, registry)
    assert outcomes == [] and not result.conforms
    assert POLICY + "EntryId" in {c for _f, c in violations(result)}
    assert quads(store) == before


def test_an_entry_cannot_describe_an_ontology_term(store, registry, tmp_path):
    entry = write(tmp_path, "onto.ttl",
                  "@prefix nkg: <https://w3id.org/narcokg/ontology#> .\n"
                  "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                  "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
                  "nkg:Treaty rdfs:subClassOf nkg:State ; "
                  "dcterms:source <https://example.org/doc> .\n")
    before = quads(store)
    result, outcomes = add_entries([entry], store, registry)
    assert outcomes == [] and (
        "https://w3id.org/narcokg/ontology#Treaty", POLICY + "EntryId") in violations(result)
    assert quads(store) == before


def test_a_loader_owned_entity_cannot_be_changed(store, registry, tmp_path):
    entry = write(tmp_path, "be.yaml", "id: state/BE\nsource: ex-doc\n"
                  "prefLabel: {en: Kingdom of Belgium}\n")
    before = quads(store)
    result, outcomes = add_entries([entry], store, registry)
    assert outcomes == []
    assert (ID + "state/BE", POLICY + "LoaderOwned") in violations(result)
    assert quads(store) == before
    # validate says the same before anything is stored
    checked = validate_entries([entry], store, registry=registry)
    assert (ID + "state/BE", POLICY + "LoaderOwned") in violations(checked)


NEW_MOU = ("id: treaty/existing-mou\ntype: MemorandumOfUnderstanding\nsource: ex-doc\n"
           "prefLabel: {en: Existing MoU (new version), nl: Bestaande MoU, "
           "fr: Protocole existant}\nparty: [state/BE, state/EC]\n")


def test_replacing_needs_replace_and_validate_warns_first(store, registry, tmp_path):
    entry = write(tmp_path, "mou.yaml", NEW_MOU)
    checked = validate_entries([entry], store, registry=registry)
    warn = [p for p in checked.problems if p.component == POLICY + "ReplacesExisting"]
    assert len(warn) == 1 and warn[0].severity == "Warning"
    assert warn[0].focus == ID + "treaty/existing-mou"
    assert "ex-doc" in warn[0].message("en") and set(warn[0].messages) == {"en", "nl", "fr"}
    before = quads(store)
    result, outcomes = add_entries([entry], store, registry)
    assert outcomes == [] and (ID + "treaty/existing-mou",
                               POLICY + "ReplaceNotAllowed") in violations(result)
    assert quads(store) == before
    result, (outcome,) = add_entries([entry], store, registry, replace=True)
    assert result.conforms and outcome.status == "replaced"
    assert any(q.subject.value.endswith("clause/old") for q in outcome.removed_quads)
    assert "clause/old" in outcome.describe()


def test_two_files_with_one_id_in_a_batch_are_refused(store, registry, tmp_path):
    a = write(tmp_path, "a.yaml", "id: org/twin\ntype: Agency\nsource: ex-doc\n"
              "prefLabel: {en: A, nl: A, fr: A}\nbelongsToState: state/BE\n")
    b = write(tmp_path, "b.yaml", "id: org/twin\ntype: Agency\nsource: ex-doc\n"
              "prefLabel: {en: B, nl: B, fr: B}\nbelongsToState: state/NL\n")
    before = quads(store)
    with pytest.raises(InputError, match="one entity, one file"):
        add_entries([a, b], store, registry)
    with pytest.raises(InputError, match="one entity, one file"):
        validate_entries([a, b], store, registry=registry)
    assert quads(store) == before


def test_a_batch_is_validated_together(store, registry, tmp_path):
    """A designation by a body that the same batch creates conforms; alone, it does not."""
    body = write(tmp_path, "body.yaml", "id: org/new-ministry\ntype: PublicBody\n"
                 "source: ex-doc\nprefLabel: {en: New ministry, nl: Nieuw ministerie, "
                 "fr: Nouveau ministère}\nbelongsToState: state/BE\n")
    designation = write(tmp_path, "d.yaml", "id: designation/by-new-ministry\n"
                        "type: StateDesignation\nsource: ex-doc\ndesignatedState: state/CO\n"
                        "designatedBy: org/new-ministry\n"
                        "designationType: negligent-in-fighting-cartels\n")
    alone = validate_entries([designation], store, registry=registry)
    assert not alone.conforms
    result, outcomes = add_entries([body, designation], store, registry)
    assert result.conforms, [p.message() for p in result.problems]
    assert [o.status for o in outcomes] == ["added", "added"]


def test_entries_are_kept_in_the_store_entries_folder(store, registry, tmp_path):
    entry = EXAMPLES / "valid" / "bilateral-treaty.yaml"
    _result, (outcome,) = add_entries([entry], store, registry)
    folder = entries_dir.entries_dir(store)
    kept = entries_dir.entry_files(folder)
    assert [p.relative_to(folder).as_posix() for p in kept] == [
        outcome.root[len(ID):] + ".yaml"]
    assert kept[0].read_bytes() == entry.read_bytes()
    assert outcome.kept_as == str(kept[0])
    # a replaced version goes to .history, never deleted
    new = write(tmp_path, "v2.yaml", entry.read_text().replace("prefLabel:", "prefLabel:", 1)
                + "rdfs:comment: {en: second version}\n")
    add_entries([new], store, registry, replace=True)
    assert entries_dir.entry_files(folder)[0].read_bytes() == new.read_bytes()
    history = list((folder / ".history").rglob("*.yaml"))
    assert len(history) == 1 and history[0].read_bytes() == entry.read_bytes()


def test_a_full_disk_while_keeping_files_writes_nothing(store, registry, monkeypatch):
    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(entries_dir, "stage", full)
    before = quads(store)
    with pytest.raises(StoreError, match="nothing was written"):
        add_entries([EXAMPLES / "valid" / "bilateral-treaty.yaml"], store, registry)
    assert quads(store) == before


def test_a_failed_file_move_writes_nothing(store, registry, monkeypatch):
    def broken(_staged):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(entries_dir, "publish", broken)
    before = quads(store)
    with pytest.raises(StoreError, match="nothing was written"):
        add_entries([EXAMPLES / "valid" / "bilateral-treaty.yaml"], store, registry)
    assert quads(store) == before
    assert entries_dir.entry_files(entries_dir.entries_dir(store)) == []


def _mount_tmpfs(path: Path, size: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True)
    return done.returncode == 0


def _fill(folder: Path) -> None:
    with open(folder / "filler", "wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
        except OSError:
            pass


def test_a_really_full_disk_for_the_entries_folder(store, registry, tmp_path):
    disk = tmp_path / "disk"
    if os.geteuid() != 0 or not _mount_tmpfs(disk, "256k"):
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        _fill(disk)
        before = quads(store)
        with pytest.raises(StoreError, match="nothing was written"):
            add_entries([EXAMPLES / "valid" / "bilateral-treaty.yaml"], store, registry,
                        data=disk / "entries")
        assert quads(store) == before
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_cli_says_replace_and_nothing_written(store, tmp_path, capsys):
    entry = write(tmp_path, "mou.yaml", NEW_MOU.replace("source: ex-doc",
                                                       "source: https://example.org/doc"))
    assert main(["add", str(entry), "--store", str(store)]) == 1
    out = capsys.readouterr().out
    assert "--replace" in out and "nothing was written" in out
    assert main(["add", str(entry), "--store", str(store), "--replace"]) == 0
    assert "replaced" in capsys.readouterr().out


@pytest.mark.slow
def test_add_then_rebuild_keeps_the_entry_and_the_store_conforms(tmp_path):
    from narcokg.build import build
    from narcokg.validation import validate_all

    store = tmp_path / "kg" / "store"
    build(store)
    entry = write(tmp_path, "post.yaml", """id: liaison-post/be-test-post
type: LiaisonPost
source: https://example.org/liaison-doc
prefLabel: {en: Test liaison post, nl: Testverbindingspost, fr: Poste de liaison test}
sendingAuthority: org/be-federal-police
situatedIn: state/EC
coversState: state/EC
prov:atLocation: port/ECGYE
""")
    result, (outcome,) = add_entries([entry], store)
    assert result.conforms and outcome.status == "added"
    assert validate_all(store).conforms
    build(store)  # a rebuild reloads the kept entry
    s = ox.Store.read_only(str(store))
    try:
        assert list(s.quads_for_pattern(ox.NamedNode(ID + "liaison-post/be-test-post"),
                                        None, None, None))
    finally:
        del s
    assert validate_all(store).conforms


def test_a_failed_store_transaction_writes_nothing(store, registry, monkeypatch):
    """The store's update fails (disk full in RocksDB's log): no file is kept either."""
    from contextlib import contextmanager

    import narcokg.add as add_module

    real_open = add_module.stores.open_store

    class FullDisk:
        def __init__(self, db):
            self._db = db

        def __getattr__(self, name):
            return getattr(self._db, name)

        def __contains__(self, quad):
            return quad in self._db

        def update(self, _text):
            raise OSError(errno.ENOSPC, "No space left on device")

    @contextmanager
    def full_store(path, write=False):
        with real_open(path, write=write) as db:
            yield FullDisk(db)

    monkeypatch.setattr(add_module.stores, "open_store", full_store)
    before = quads(store)
    with pytest.raises(StoreError, match="rolled back and the entry files removed"):
        add_entries([EXAMPLES / "valid" / "bilateral-treaty.yaml"], store, registry)
    assert quads(store) == before
    assert entries_dir.entry_files(entries_dir.entries_dir(store)) == []


def test_a_killed_add_never_loses_the_entry_file(store, registry, tmp_path):
    """Files are kept before the store's transaction: an add killed between the two leaves
    the validated entry in the entries folder, for the next build; a previous version
    comes back when the transaction fails."""
    import narcokg.add as add_module

    entry = EXAMPLES / "valid" / "bilateral-treaty.yaml"
    add_entries([entry], store, registry)
    folder = entries_dir.entries_dir(store)
    first = entries_dir.entry_files(folder)[0].read_bytes()
    v2 = write(tmp_path, "v2.yaml", entry.read_text() + "rdfs:comment: {en: v2}\n")

    class Killed(BaseException):
        pass

    def killed(*_a):
        raise Killed

    original = add_module.update_text
    add_module.update_text = killed
    try:
        with pytest.raises(Killed):
            add_entries([v2], store, registry, replace=True)
    finally:
        add_module.update_text = original
    assert entries_dir.entry_files(folder)[0].read_bytes() == v2.read_bytes()
    assert first in {p.read_bytes() for p in (folder / ".history").rglob("*.yaml")}


@pytest.mark.slow
def test_after_every_successful_add_the_whole_store_conforms(tmp_path, registry):
    """Each example entry that add accepts, added one after another to a real build,
    leaves `validate --all` conforming (the post-commit context is the whole truth)."""
    from narcokg.build import build
    from narcokg.validation import validate_all

    store = tmp_path / "kg" / "store"
    build(store)
    entries = sorted((EXAMPLES / "valid").glob("*.y*ml")) + sorted(
        (EXAMPLES / "invalid").glob("*.y*ml"))
    accepted = 0
    for entry in entries:
        if entry.name.endswith(".expected.yaml"):
            continue
        try:
            result, outcomes = add_entries([entry], store, registry)
        except InputError:
            continue
        if outcomes:
            accepted += 1
            whole = validate_all(store)
            assert whole.conforms, (entry.name, [p.message() for p in whole.problems
                                                  if p.severity == "Violation"])
    assert accepted >= 3

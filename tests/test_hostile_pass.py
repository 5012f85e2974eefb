"""A fresh hostile pass (issue 13's "done when"): each case that once lost, overwrote or
leaked data, as a regression test."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from narcokg import entries_dir

ID = "https://w3id.org/narcokg/id/"


@dataclass
class FakeEntry:  # what entries_dir reads of an entry: its file and its id
    path: str
    root: str


def entry(tmp_path: Path, key: str, text: str | None = None, suffix=".yaml") -> FakeEntry:
    src = tmp_path / "in" / (key.replace("/", "_") + suffix)
    src.parent.mkdir(exist_ok=True)
    src.write_text(text or f"id: {key}\n", encoding="utf-8")
    return FakeEntry(str(src), ID + key)


def keep(folder: Path, *entries) -> list[Path]:
    return entries_dir.publish(entries_dir.stage(folder, list(entries)))


def kept(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text() for p in entries_dir.entry_files(folder)}


def test_a_kept_folder_of_entries_is_never_moved_to_history(tmp_path):
    # org/dup.yaml/sub is kept in the folder org/dup.yaml/; adding org/dup once moved that
    # whole folder into .history, so the next build silently dropped org/dup.yaml/sub
    folder = tmp_path / "entries"
    keep(folder, entry(tmp_path, "org/dup.yaml/sub"))
    with pytest.raises(OSError, match="is a folder"):
        entries_dir.stage(folder, [entry(tmp_path, "org/dup")])
    assert kept(folder) == {"org/dup.yaml/sub.yaml": "id: org/dup.yaml/sub\n"}
    assert not (folder / ".history").exists()


def test_a_file_where_a_folder_is_needed_is_refused_before_the_store(tmp_path):
    folder = tmp_path / "entries"
    keep(folder, entry(tmp_path, "org/x"))
    with pytest.raises(OSError, match="not a folder"):
        entries_dir.stage(folder, [entry(tmp_path, "org/x.yaml/y")])
    assert list(kept(folder)) == ["org/x.yaml"]


def test_two_entries_of_one_batch_never_share_a_staged_file(tmp_path):
    # the staged copies were named with '/' -> '__': org/ab/cd and org/ab__cd were one
    # file, so one entry was kept under the other's name and the rest "undone" around it
    folder = tmp_path / "entries"
    keep(folder, entry(tmp_path, "org/ab/cd"), entry(tmp_path, "org/ab__cd"))
    assert kept(folder) == {"org/ab/cd.yaml": "id: org/ab/cd\n",
                            "org/ab__cd.yaml": "id: org/ab__cd\n"}


@pytest.mark.parametrize("first, second", [("org/dupx", "org/DUPX"), ("org/a/Bc", "org/a/bC")])
def test_ids_that_differ_only_in_case_are_refused(tmp_path, first, second):
    # on a case-insensitive file system (macOS, Windows, a FAT stick) the second entry's
    # file would overwrite the first's
    folder = tmp_path / "entries"
    keep(folder, entry(tmp_path, first))
    with pytest.raises(OSError, match="differs only in case"):
        entries_dir.stage(folder, [entry(tmp_path, second)])
    with pytest.raises(OSError, match="differs only in case"):
        entries_dir.stage(tmp_path / "other", [entry(tmp_path, first), entry(tmp_path, second)])
    assert list(kept(folder)) == [first + ".yaml"]


def test_history_is_never_overwritten(tmp_path):
    folder = tmp_path / "entries"
    for version in ("v1", "v2", "v3"):  # within one second: one time stamp
        keep(folder, entry(tmp_path, "org/x", f"id: org/x\n# {version}\n"))
    history = sorted(p.read_text() for p in (folder / ".history").rglob("*.yaml"))
    assert history == ["id: org/x\n# v1\n", "id: org/x\n# v2\n"]
    assert kept(folder) == {"org/x.yaml": "id: org/x\n# v3\n"}


def test_a_failed_publish_undoes_its_moves(tmp_path, monkeypatch):
    folder = tmp_path / "entries"
    keep(folder, entry(tmp_path, "org/a", "id: org/a\n# old\n"))
    staged = entries_dir.stage(folder, [entry(tmp_path, "org/a", "id: org/a\n# new\n"),
                                        entry(tmp_path, "org/b")])
    real, calls = os.replace, []

    def failing(src, dst):
        calls.append(dst)
        if str(dst).endswith("org/b.yaml"):
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OSError):
        entries_dir.publish(staged)
    monkeypatch.setattr(os, "replace", real)
    assert kept(folder) == {"org/a.yaml": "id: org/a\n# old\n"}
    assert not list((folder / ".history").rglob("*.yaml"))


KIND_ONLY = """id: org
type: PublicBody
source: o-hurriyet-antwerp-2024
prefLabel: {en: "Kind"}
"""
LOADER_OWNED = """id: state/BE
source: o-hurriyet-antwerp-2024
prefLabel: {en: "Hacked Belgium"}
"""


@pytest.mark.parametrize("text, fragment", [
    (KIND_ONLY, "not kind/key"), (LOADER_OWNED, "comes from a loader")])
def test_build_refuses_a_hand_edited_kept_entry_that_add_would_refuse(tmp_path, text,
                                                                       fragment):
    # build reloaded kept entries unchecked: `id: org` or extra labels on state/BE landed
    from narcokg.build import build
    from narcokg.errors import InputError

    entries = tmp_path / "store.entries"
    (entries / "org").mkdir(parents=True)
    (entries / "org" / "bad.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=fragment):
        build(tmp_path / "store")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".store.lock", "store.entries"]


@pytest.fixture(scope="module")
def listener():
    from serving import Listener  # tests/serving.py

    target = Listener()
    yield target
    target.close()


def local_tricks(listener) -> list[str]:
    from test_serve_ssrf import TRICKS, spelled

    return [spelled(t, listener) for t in TRICKS if not t.startswith(("LOAD", "SELECT * FROM"))]


def test_sparql_on_the_local_store_never_calls_out(tmp_path, listener):
    # pyoxigraph runs SERVICE in-process: `narcokg sparql q.rq` called any URL it named
    import pyoxigraph as ox

    from narcokg.errors import InputError
    from narcokg.query import QueryDef, run_on_store
    from narcokg.sparql import run_sparql

    db = ox.Store()
    db.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.NamedNode("urn:c"),
                   ox.NamedNode("urn:g")))
    tricks = local_tricks(listener)
    for query in tricks:
        with pytest.raises(InputError, match="SERVICE .*refused"):
            run_sparql(query, db=db)
        with pytest.raises(InputError, match="SERVICE .*refused"):
            run_on_store(db, QueryDef("q", tmp_path / "q.rq", {}, (), "", query), {})
    assert listener.hits == []
    # the word in a name, variable, string, IRI or comment is no SERVICE clause
    fine = ('SELECT ?service WHERE { ?service <urn:SERVICE> "SERVICE" . '
            '# SERVICE <http://127.0.0.1:1/>\n OPTIONAL { ?service skos:service ?x } }')
    assert run_sparql(fine, db=db).rows == []
    assert run_sparql("SELECT * FROM <urn:g> WHERE { ?a ?b ?c }", db=db).rows


def test_build_never_swaps_out_an_entry_added_while_it_ran(tmp_path):
    # build read the entries folder first; an `add` committed during the build went into the
    # old store and the folder, then the swap put in a store without it ("added", then gone)
    from narcokg.build import build
    from narcokg.errors import StoreError

    entries = tmp_path / "store.entries"

    def log(message: str) -> None:
        if message.startswith("loaded curated"):  # what a concurrent `add` leaves
            (entries / "org").mkdir(parents=True, exist_ok=True)
            (entries / "org" / "late.yaml").write_text("id: org/late\n", encoding="utf-8")

    with pytest.raises(StoreError, match="while the store was being built"):
        build(tmp_path / "store", log=log)
    assert not (tmp_path / "store").exists()
    assert not list(tmp_path.glob("store.build-*"))


def test_download_has_one_deadline_for_a_server_that_drips(tmp_path):
    # --timeout bounded each read only: one byte a second kept `download` busy for ever
    import socket
    import threading
    import time

    from narcokg.download import DownloadError, fetch

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    stop = threading.Event()

    def drip():
        conn, _ = server.accept()
        with conn:
            conn.recv(4096)
            conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/csv\r\n\r\n")
            while not stop.wait(0.3):
                try:
                    conn.sendall(b"x")
                except OSError:
                    return

    thread = threading.Thread(target=drip, daemon=True)
    thread.start()
    started = time.monotonic()
    try:
        with pytest.raises(DownloadError, match="not complete within 1 s"):
            fetch(f"http://127.0.0.1:{server.getsockname()[1]}/sdn.csv",
                  tmp_path / "sdn.csv", timeout=1.0)
    finally:
        stop.set()
        server.close()
    assert time.monotonic() - started < 5
    assert list(tmp_path.iterdir()) == []

"""The store's folder is safe: `build` replaces and deletes only what narcokg made (never a
user's folder, never a symlink's target), and a read-only, corrupted or locked-up store, a
bad lock timeout or a full disk end in one line (exit 2), never a traceback or a loss.
Every test works inside its tmp_path only."""

from __future__ import annotations

import errno
import glob
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from servers import store_from_trig  # tests/servers.py

from narcokg import store as stores
from narcokg import swap
from narcokg.cli import main
from narcokg.errors import StoreError

FIXTURE = Path(__file__).parent / "fixtures" / "publish-fixture.trig"
QUERY = "resolution-considerations-and-demands"
OLD_STAMP = "20260101T000000.123456789"
DEAD_PID = 999_999_999  # above any pid_max: never a live process


def stamp(n: int) -> str:
    return f"20260101T00000{n}.123456789"


def quads(path: Path) -> int:
    db = ox.Store.read_only(str(path))
    try:
        return len(db)
    finally:
        del db


def old_version_store(parent: Path, name: str = "store") -> Path:
    """A store as the previous version left it: ``store -> store.build-<stamp>-<pid>``, an
    unmarked pyoxigraph folder."""
    target = store_from_trig(parent / f"{name}.build-{OLD_STAMP}-{DEAD_PID}", FIXTURE)
    (parent / name).symlink_to(target.name)
    return parent / name


def marked_store(parent: Path, name: str = "store") -> Path:
    """A store as this version builds it: a marked build folder and the symlink."""
    build = swap.new_build_dir(parent / name)
    db = ox.Store(str(build))
    db.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    db.flush()
    del db
    stores.swap_in(parent / name, build)
    return parent / name


def run(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def builds(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".build-" in p.name)


# --- what build may replace ------------------------------------------------------------

def test_build_refuses_a_folder_that_is_not_a_store(tmp_path, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "thesis.txt").write_text("keep me")
    code, err = run(capsys, "build", "--store", str(docs), "--quiet")
    assert code == 2 and "is not a narcokg store" in err and "nothing was changed" in err
    assert (docs / "thesis.txt").read_text() == "keep me"
    assert builds(tmp_path) == []


def test_build_refuses_an_unmarked_oxigraph_folder(tmp_path, capsys):
    """Someone's own Oxigraph database: not narcokg's to delete."""
    theirs = store_from_trig(tmp_path / "oxigraph-data", FIXTURE)
    before = quads(theirs)
    code, err = run(capsys, "build", "--store", str(theirs), "--quiet")
    assert code == 2 and "is not a narcokg store" in err
    assert quads(theirs) == before


def test_build_refuses_a_symlink_to_a_web_root(tmp_path, capsys):
    webroot = tmp_path / "www"
    webroot.mkdir()
    (webroot / "index.html").write_text("<h1>site</h1>")
    link = tmp_path / "release"
    link.symlink_to(webroot)
    code, err = run(capsys, "build", "--store", str(link), "--quiet")
    assert code == 2 and "is a symlink to" in err and "refusing" in err
    assert (webroot / "index.html").read_text() == "<h1>site</h1>"
    assert link.is_symlink() and link.resolve() == webroot
    assert builds(tmp_path) == []


@pytest.mark.parametrize("where", ["elsewhere", "unmarked"])
def test_a_link_to_a_look_alike_build_folder_is_refused(tmp_path, where):
    """Named like a build folder but in another folder, or without the marker and with a
    file the previous version never wrote: not narcokg's."""
    parent = tmp_path / ("other" if where == "elsewhere" else "")
    target = parent / f"store.build-{OLD_STAMP}-{DEAD_PID}"
    target.mkdir(parents=True)
    if where == "elsewhere":
        swap.mark(target, "store")
    else:
        (target / "notes.txt").write_text("mine")
    (tmp_path / "store").symlink_to(target)
    with pytest.raises(StoreError, match="not a store folder narcokg built"):
        swap.new_build_dir(tmp_path / "store")
    with pytest.raises(StoreError):  # swap re-checks under the lock, and drops its build
        build = tmp_path / f"store.build-{OLD_STAMP}-{os.getpid()}"
        build.mkdir()
        swap.mark(build, "store")
        stores.swap_in(tmp_path / "store", build)
    assert not build.exists()
    assert sorted(p.name for p in target.iterdir())


def test_a_store_of_the_previous_version_is_rebuilt(tmp_path, capsys):
    """Users of the previous version are not locked out: its symlink and unmarked build
    folder are recognised, replaced and the old folder removed."""
    store = old_version_store(tmp_path)
    code, err = run(capsys, "build", "--store", str(store), "--quiet")
    assert code == 0, err
    live = store.resolve()
    assert swap.is_marked(live, "store") and quads(store) > quads_of_fixture(tmp_path)
    assert builds(tmp_path) == [live.name]


def quads_of_fixture(tmp_path: Path) -> int:
    return quads(store_from_trig(tmp_path / "fixture-count", FIXTURE))


def test_an_empty_folder_and_a_marked_plain_store_are_replaced(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    build = swap.new_build_dir(empty)
    stores.swap_in(empty, build)
    assert empty.is_symlink() and empty.resolve() == build
    with stores.open_store(tmp_path / "plain", write=True) as db:  # e.g. `add` to a new path
        db.add(ox.Quad(ox.NamedNode("https://example.org/a"), ox.NamedNode(
            "https://example.org/b"), ox.Literal("c"), ox.NamedNode("https://example.org/g")))
    assert swap.is_marked(tmp_path / "plain", "store")
    build = swap.new_build_dir(tmp_path / "plain")
    stores.swap_in(tmp_path / "plain", build)
    assert (tmp_path / "plain").resolve() == build
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("plain")) == [
        "plain", build.name]


def test_a_writer_never_fills_a_users_folder(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("x")
    with pytest.raises(StoreError, match="not a narcokg store"):
        with stores.open_store(docs, write=True):
            pass
    assert sorted(p.name for p in docs.iterdir()) == ["a.txt"]


# --- what cleanup and discard may delete -----------------------------------------------

def test_cleanup_removes_only_marked_or_old_layout_build_folders(tmp_path):
    store = marked_store(tmp_path)
    gone, kept = [], []

    def folder(name: str, marked=False, files=(), rocksdb=False) -> Path:
        p = tmp_path / name
        if rocksdb:
            store_from_trig(p, FIXTURE)
        p.mkdir(exist_ok=True)
        if marked:
            swap.mark(p, "store")
        for f in files:
            (p / f).write_text("user data")
        return p

    gone.append(folder(f"store.build-{stamp(1)}-{DEAD_PID}", marked=True))
    gone.append(folder(f"store.build-20250101T000000-{DEAD_PID}", rocksdb=True))
    kept.append(folder(f"store.build-{stamp(2)}-{DEAD_PID}", files=["thesis.txt"]))
    kept.append(folder(f"store.build-{stamp(3)}-{os.getpid()}", marked=True))  # running
    kept.append(folder("store.build-mine", marked=True))  # not the build name pattern
    kept.append(folder(f"other.build-{OLD_STAMP}-{DEAD_PID}", marked=True))  # not this store
    kept.append(folder(f"store.build-{stamp(4)}-{DEAD_PID}"))
    swap.mark(kept[-1], "release")  # a release's build folder, not a store's
    elsewhere = folder("elsewhere", marked=True)
    (tmp_path / f"store.build-{stamp(5)}-{DEAD_PID}").symlink_to(elsewhere)
    kept += [elsewhere, tmp_path / f"store.build-{stamp(5)}-{DEAD_PID}"]
    swap.cleanup_stale_builds(store)
    assert [p for p in gone if os.path.lexists(p)] == []
    assert [p for p in kept if not os.path.lexists(p)] == []
    assert store.resolve().is_dir() and quads(store) > 0


def test_discard_removes_only_this_processs_marked_build(tmp_path):
    other = tmp_path / f"store.build-{OLD_STAMP}-{DEAD_PID}"
    other.mkdir()
    swap.mark(other, "store")
    unmarked = tmp_path / f"store.build-{OLD_STAMP}-{os.getpid()}"
    unmarked.mkdir()
    (unmarked / "thesis.txt").write_text("x")
    swap.discard(other)
    swap.discard(unmarked)
    swap.discard(tmp_path)
    assert other.exists() and unmarked.exists()
    own = swap.new_build_dir(tmp_path / "store")
    swap.discard(own)
    assert not own.exists()


# --- one-line errors ----------------------------------------------------------------------

def test_a_corrupted_store_is_one_line(tmp_path, capsys):
    garbage = store_from_trig(tmp_path / "garbage", FIXTURE)
    (garbage / "CURRENT").write_bytes(b"\x00\xffgarbage")
    code, err = run(capsys, "query", QUERY, "--store", str(garbage))
    assert code == 2 and "corrupted" in err and len(err.strip().splitlines()) == 1
    truncated = store_from_trig(tmp_path / "truncated", FIXTURE)
    for sst in glob.glob(str(truncated / "*.sst")):
        os.truncate(sst, os.path.getsize(sst) // 2)
    code, err = run(capsys, "query", QUERY, "--store", str(truncated))
    assert code == 2 and "corrupted" in err and len(err.strip().splitlines()) == 1


def test_a_lock_path_that_is_a_directory_is_one_line(tmp_path, capsys):
    store = store_from_trig(tmp_path / "store", FIXTURE)
    (tmp_path / ".store.lock").mkdir()
    code, err = run(capsys, "query", QUERY, "--store", str(store))
    assert code == 2 and "is a directory" in err


@pytest.mark.parametrize("value", ["abc", "-1", "nan", "inf", "1e999"])
def test_a_bad_lock_timeout_is_one_line(tmp_path, capsys, monkeypatch, value):
    store = store_from_trig(tmp_path / "store", FIXTURE)
    monkeypatch.setenv("NARCOKG_LOCK_TIMEOUT", value)
    code, err = run(capsys, "query", QUERY, "--store", str(store))
    assert code == 2 and "NARCOKG_LOCK_TIMEOUT" in err and repr(value) in err


def test_a_bad_lock_timeout_does_not_break_import_or_help(tmp_path):
    env = dict(os.environ, NARCOKG_LOCK_TIMEOUT="soon", PYTHONPATH=os.pathsep.join(sys.path))
    proc = subprocess.run([sys.executable, "-c", "import narcokg.store, narcokg.cli; "
                           "narcokg.cli.main(['queries'])"], capture_output=True, text=True,
                          env=env, timeout=60, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr


# --- read-only and full disks ------------------------------------------------------------

def _mount_tmpfs(where: Path, size: str) -> bool:
    where.mkdir()
    try:
        proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                               str(where)], capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return proc.returncode == 0


def _umount(where: Path) -> None:
    subprocess.run(["umount", str(where)], capture_output=True, timeout=30)


@pytest.fixture
def tmpfs(tmp_path):
    """A 4 MB tmpfs inside tmp_path (needs root); skips when mount is not permitted."""
    where = tmp_path / "tmpfs"
    if not _mount_tmpfs(where, "4m"):
        pytest.skip("mounting a tmpfs is not permitted here")
    yield where
    _umount(where)


def _read_only(folder: Path, tmpfs_root: Path | None) -> None:
    if tmpfs_root is not None:
        proc = subprocess.run(["mount", "-o", "remount,ro", str(tmpfs_root)],
                              capture_output=True, timeout=10)
        assert proc.returncode == 0, proc.stderr
    else:
        for p in [folder, *folder.rglob("*")]:
            p.chmod(0o555 if p.is_dir() else 0o444)


@pytest.mark.parametrize("lock_file", [False, True])
def test_a_read_only_store_can_be_read(tmp_path, capsys, lock_file, request):
    """Root ignores permissions, so as root the store sits on a tmpfs remounted read-only;
    otherwise its folder is made read-only."""
    if os.geteuid() == 0:
        root = request.getfixturevalue("tmpfs")
    else:
        root = tmp_path / "ro"
        root.mkdir()
    store = marked_store(root)
    if not lock_file:
        (root / ".store.lock").unlink()
    _read_only(root, root if os.geteuid() == 0 else None)
    try:
        code, err = run(capsys, "query", QUERY, "--store", str(store), "--format", "csv")
        assert code == 0, err
        code, err = run(capsys, "build", "--store", str(store), "--quiet")
        assert code == 2 and ("read-only" in err.lower() or "permission denied" in err.lower())
        assert "nothing was changed" in err
        assert builds(root) == [store.resolve().name]
    finally:
        if os.geteuid() != 0:
            for p in [root, *root.rglob("*")]:
                p.chmod(0o755)


def test_disk_full_during_build_simulated(tmp_path, capsys, monkeypatch):
    """A full disk as RocksDB reports it (an OSError without errno) half way through."""
    import narcokg.build as build_module

    store = marked_store(tmp_path)
    before, live = quads(store), store.resolve()

    def full(*_args, **_kw):
        yield "ontology", []
        raise OSError("IO error: No space left on device: While appending to file: "
                      "000012.sst: No space left on device")

    monkeypatch.setattr(build_module, "collect", full)
    code, err = run(capsys, "build", "--store", str(store), "--quiet")
    assert code == 2 and "disk full" in err and "nothing was changed" in err
    assert store.resolve() == live and quads(store) == before
    assert builds(tmp_path) == [live.name]


def test_disk_full_during_build_on_a_small_tmpfs(tmpfs, capsys):
    store = marked_store(tmpfs)
    before, live = quads(store), store.resolve()
    free = os.statvfs(tmpfs).f_bavail * os.statvfs(tmpfs).f_frsize
    with open(tmpfs / "ballast", "wb") as f:  # leave ~256 KB: the build needs megabytes
        try:
            f.write(b"\0" * max(0, free - 256 * 1024))
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    code, err = run(capsys, "build", "--store", str(store), "--quiet")
    assert code == 2 and "disk full" in err and "nothing was changed" in err, err
    assert len(err.strip().splitlines()) == 1
    assert store.resolve() == live and quads(store) == before
    assert builds(tmpfs) == [live.name]


def test_build_checks_the_lock_before_doing_any_work(tmp_path, capsys, monkeypatch):
    """A bad timeout or a lock path that is a directory would only show at the swap: build
    checks both before it builds anything."""
    import narcokg.build as build_module

    def never(*_args, **_kw):
        raise AssertionError("the build started")
        yield

    monkeypatch.setattr(build_module, "collect", never)
    store = marked_store(tmp_path)
    monkeypatch.setenv("NARCOKG_LOCK_TIMEOUT", "later")
    code, err = run(capsys, "build", "--store", str(store), "--quiet")
    assert code == 2 and "NARCOKG_LOCK_TIMEOUT" in err
    monkeypatch.delenv("NARCOKG_LOCK_TIMEOUT")
    (tmp_path / ".store.lock").unlink()
    (tmp_path / ".store.lock").mkdir()
    code, err = run(capsys, "build", "--store", str(store), "--quiet")
    assert code == 2 and "is a directory" in err
    assert builds(tmp_path) == [store.resolve().name]

"""The embedded store: a persistent pyoxigraph store in a folder, with a lock file so that
readers and writers of different processes never see each other half way, and an atomic
swap so that a rebuilt store replaces the old one all at once or not at all."""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from narcokg.errors import StoreError

DEFAULT_STORE = Path(".narcokg") / "store"
LOCK_TIMEOUT = float(os.environ.get("NARCOKG_LOCK_TIMEOUT", "30"))


def store_path(path: str | os.PathLike | None = None) -> Path:
    """``--store`` wins, then ``$NARCOKG_STORE``, then ``./.narcokg/store``."""
    return Path(path or os.environ.get("NARCOKG_STORE") or DEFAULT_STORE)


def _lock_file(path: Path) -> Path:
    return path.parent / f".{path.name}.lock"


@contextmanager
def locked(path: Path, exclusive: bool, timeout: float = LOCK_TIMEOUT):
    """Hold the store's lock: shared for readers, exclusive for writers. Waits up to
    ``timeout`` seconds, then fails clearly instead of hanging."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(_lock_file(path), os.O_RDWR | os.O_CREAT, 0o644)
    mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                fcntl.flock(fd, mode)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    who = "another process is writing" if not exclusive else "the store is in use"
                    raise StoreError(f"store {path} is locked ({who}); gave up after "
                                     f"{timeout:.0f} s") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)


def exists(path: Path) -> bool:
    return path.exists() and any(path.iterdir())


@contextmanager
def open_store(path: str | os.PathLike | None = None, write: bool = False):
    """Open the embedded store under its lock. Readers share; a writer is alone."""
    path = store_path(path)
    if not write and not exists(path):
        raise StoreError(f"no store at {path}: run `narcokg build` first (or pass --store)")
    with locked(path, exclusive=write):
        try:
            store = ox.Store(str(path)) if write else ox.Store.read_only(str(path))
        except OSError as exc:
            raise StoreError(f"cannot open store {path}: {exc}") from None
        try:
            yield store
        finally:
            if write:
                store.flush()
            del store


def new_build_dir(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    stamp = f"{time.strftime('%Y%m%dT%H%M%S')}.{time.time_ns() % 10**9:09d}"
    build = path.parent / f"{path.name}.build-{stamp}-{os.getpid()}"
    build.mkdir()
    return build


def swap_in(path: Path, build: Path) -> None:
    """Make ``build`` the store at ``path`` in one step.

    The store path is a symlink to the current build folder, so the swap is a single atomic
    ``rename`` of a new symlink over the old one; a reader sees the old store or the new one.
    """
    with locked(path, exclusive=True):
        old = None
        if path.is_symlink():
            old = path.parent / os.readlink(path)
        elif path.exists():  # a plain folder from elsewhere: move it aside first
            old = path.parent / f"{path.name}.old-{os.getpid()}"
            path.rename(old)
        link = path.parent / f".{path.name}.link-{os.getpid()}"
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(build.name)
        os.replace(link, path)
        if old is not None and old.resolve() != build.resolve():
            shutil.rmtree(old, ignore_errors=True)


def discard(build: Path) -> None:
    shutil.rmtree(build, ignore_errors=True)


def cleanup_stale_builds(path: Path) -> None:
    """Remove build folders left by a killed build (never the live one)."""
    live = path.resolve() if path.exists() else None
    for stale in path.parent.glob(f"{path.name}.build-*"):
        if stale.resolve() != live:
            pid = stale.name.rsplit("-", 1)[-1]
            if pid.isdigit() and _alive(int(pid)):
                continue
            shutil.rmtree(stale, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

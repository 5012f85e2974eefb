"""The embedded store: a persistent pyoxigraph store in a folder, with a lock file so that
readers and writers of different processes never see each other half way, and an atomic
swap (``narcokg.swap``) so that a rebuilt store replaces the old one all at once or not at
all, and never replaces or deletes a folder narcokg did not make."""

from __future__ import annotations

import errno
import fcntl
import math
import os
import time
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from narcokg import swap
from narcokg.errors import StoreError, system_error
from narcokg.swap import cleanup_stale_builds, discard  # noqa: F401

DEFAULT_STORE = Path(".narcokg") / "store"
DEFAULT_LOCK_TIMEOUT = 30.0
READ_ONLY = {errno.EACCES, errno.EPERM, errno.EROFS}


def store_path(path: str | os.PathLike | None = None) -> Path:
    """``--store`` wins, then ``$NARCOKG_STORE``, then the first existing of
    ``./.narcokg/store``, the user's ``~/.config/narcokg/config.toml`` ``store`` and
    ``~/.local/share/narcokg/store`` (see ``narcokg.store_location``)."""
    from narcokg.store_location import default_store

    return Path(path) if path else default_store()


def lock_timeout() -> float:
    """``$NARCOKG_LOCK_TIMEOUT`` (seconds, default 30), read when a lock is taken."""
    raw = os.environ.get("NARCOKG_LOCK_TIMEOUT", "").strip()
    if not raw:
        return DEFAULT_LOCK_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise StoreError(f"NARCOKG_LOCK_TIMEOUT must be a number of seconds (0 or more), "
                         f"not {raw!r}")
    return value


def _lock_file(path: Path) -> Path:
    return path.parent / f".{path.name}.lock"


def _open_lock(path: Path, exclusive: bool) -> int | None:
    """The lock file's descriptor. A reader of a read-only folder opens an existing lock
    file read-only (flock works on it), or reads unlocked if there is none: then no writer
    has ever locked this store, and this process could not have created the lock anyway."""
    lock = _lock_file(path)
    try:
        if exclusive:
            path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except IsADirectoryError:
        raise StoreError(f"the lock file {lock} is a directory: remove it (narcokg keeps "
                         "the store's lock there)") from None
    except OSError as exc:
        if exclusive:
            raise StoreError(f"cannot lock the store {path} for writing: {lock}: "
                             f"{exc.strerror} (nothing was changed)") from None
        if exc.errno not in READ_ONLY:
            raise StoreError(f"cannot lock the store {path}: {lock}: {exc.strerror}") from None
    try:
        return os.open(lock, os.O_RDONLY)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"cannot lock the store {path}: {lock}: {exc.strerror}") from None


@contextmanager
def locked(path: Path, exclusive: bool, timeout: float | None = None):
    """Hold the store's lock: shared for readers, exclusive for writers. Waits up to
    ``timeout`` seconds (default ``lock_timeout()``), then fails clearly instead of hanging."""
    timeout = lock_timeout() if timeout is None else timeout
    fd = _open_lock(path, exclusive)
    mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
    deadline = time.monotonic() + timeout
    try:
        while fd is not None:
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
        if fd is not None:
            os.close(fd)


def exists(path: Path) -> bool:
    """A non-empty folder (or a symlink to one) at ``path``."""
    try:
        return path.is_dir() and any(path.iterdir())
    except OSError as exc:
        raise StoreError(f"cannot read the store folder {path}: {exc.strerror}") from None


def _writable_store(path: Path) -> None:
    """A writer opens a store narcokg made (or an Oxigraph store), or makes a new, marked
    one: it never fills a user's folder with database files."""
    if not exists(path):
        try:
            path.mkdir(parents=True, exist_ok=True)
            swap.mark(path, "store")
        except OSError as exc:
            raise StoreError(f"cannot create the store {path}: {exc.strerror}") from None
    elif not (swap.is_marked(path, "store") or (path / "CURRENT").is_file()):
        raise StoreError(f"{path} is not a narcokg store: refusing to write into it")


@contextmanager
def open_store(path: str | os.PathLike | None = None, write: bool = False):
    """Open the embedded store under its lock. Readers share; a writer is alone. A store
    that cannot be opened or read (read-only, corrupted, disk full) ends in a StoreError."""
    given, path = path, store_path(path)
    if not write and not exists(path):
        raise _no_store(path, given)
    if write:
        _writable_store(path)
    with locked(path, exclusive=write):
        try:
            store = ox.Store(str(path)) if write else ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as exc:
            raise _cannot(path, exc, "open") from None
        try:
            yield store
            if write:
                store.flush()
        except (OSError, RuntimeError) as exc:
            if not _engine_error(exc):  # the caller's own file work: its own message
                raise
            raise _cannot(path, exc, "read or write") from None
        finally:
            del store


def _no_store(path: Path, given) -> StoreError:
    if given:
        return StoreError(f"no store at {path}: run `narcokg build --store {path}` first")
    from narcokg.store_location import looked_at

    return StoreError(f"no store found; looked at {looked_at()}: run `narcokg build` "
                      "first, or pass --store (store= in Python), or set NARCOKG_STORE")


def _engine_error(exc: BaseException) -> bool:
    """An error of the database engine (RocksDB), not of Python's own file calls."""
    return getattr(exc, "errno", None) is None and str(exc).startswith(("IO error",
                                                                        "Corruption"))


def _cannot(path: Path, exc: BaseException, doing: str) -> StoreError:
    failure = system_error(exc)
    detail = str(failure) if failure is not None else f"{type(exc).__name__}: {exc}"
    return StoreError(f"cannot {doing} the store {path}: {detail}")


def new_build_dir(path: Path, kind: str = "store") -> Path:
    """A fresh build folder beside ``path`` (``narcokg.swap.new_build_dir``), after checking
    what the swap at the end will need: a valid lock timeout and a usable lock file, so that
    a build never does all its work to fail at the last step."""
    swap.replaced_target(path, kind)
    lock_timeout()
    os.close(_open_lock(path, exclusive=True))
    return swap.new_build_dir(path, kind)


def swap_in(path: Path, build: Path, kind: str = "store", still_valid=None) -> None:
    """Make ``build`` the store (or release) at ``path`` in one step, under the lock; see
    ``narcokg.swap.swap``. ``still_valid``: called under the lock first; it raises if the
    build has gone stale meanwhile (then ``build`` is discarded and nothing changes)."""
    try:
        with locked(path, exclusive=True):
            if still_valid is not None:
                still_valid()
            swap.swap(path, build, kind)
    except BaseException:
        discard(build)
        raise

"""Build folders and the atomic swap, for stores and releases alike: what narcokg may
replace and what it may delete.

A rebuilt store (or release) is written into a fresh folder beside its path,
``<name>.build-<time>-<pid>``, marked with a file that says narcokg made it
(``.narcokg-store`` / ``.narcokg-release``, with a format version). The path itself is a
symlink to the live build folder; a swap renames a new symlink over it in one step.

The one rule: a command deletes only what narcokg created. It deletes a folder only when it
is a build folder beside the path: the right name, in the same parent, and either the marker
or exactly the layout the previous version wrote (a pyoxigraph store; a release's files).
Anything else at the path (a user's folder, a symlink to a web root) is refused before any
work is done, and a symlink is replaced, never followed into its target."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

from narcokg.errors import StoreError

FORMAT = 1
MARKERS = {"store": ".narcokg-store", "release": ".narcokg-release"}
BUILD_NAME = r"\.build-\d{8}T\d{6}\.?\d{0,9}-(\d+)"
# what the previous version left in a build folder, before there was a marker
ROCKSDB_FILE = re.compile(r"\d+\.(sst|log|blob|dbtmp)|CURRENT|IDENTITY|LOCK|LOG(\.old\.\d+)?"
                          r"|MANIFEST-\d+|OPTIONS-\d+(\.dbtmp)?")
RELEASE_FILES = {"context.jsonld", "dumps", "ontology", "shapes", "id", "void.ttl",
                 "index.html"}


def mark(folder: Path, kind: str) -> None:
    (folder / MARKERS[kind]).write_text(f"narcokg {kind} format {FORMAT}\n", encoding="utf-8")


def is_marked(folder: Path, kind: str) -> bool:
    marker = folder / MARKERS[kind]
    try:
        with open(marker, encoding="utf-8", errors="replace") as f:
            return f.read(64).startswith(f"narcokg {kind} format ")
    except OSError:
        return False


def _old_layout(folder: Path, kind: str) -> bool:
    """A build folder of the previous version: nothing in it but what it wrote there."""
    try:
        names = {p.name for p in folder.iterdir()}
    except OSError:
        return False
    if kind == "store":
        return all(ROCKSDB_FILE.fullmatch(n) for n in names)
    return names <= RELEASE_FILES


def build_pid(folder: Path, path: Path) -> int | None:
    """The pid in ``folder``'s name if it is named as a build folder of ``path``."""
    match = re.fullmatch(re.escape(path.name) + BUILD_NAME, folder.name)
    return int(match.group(1)) if match else None


def is_build_folder(folder: Path, path: Path, kind: str) -> bool:
    """``folder`` is a build folder narcokg made for ``path``: a real folder (not a link)
    beside it, named ``<name>.build-*``, with the marker or the previous version's layout."""
    if folder.is_symlink() or not folder.is_dir() or build_pid(folder, path) is None:
        return False
    if os.path.realpath(folder.parent) != os.path.realpath(path.parent):
        return False
    return is_marked(folder, kind) or _old_layout(folder, kind)


def replaced_target(path: Path, kind: str) -> Path | None:
    """What a swap at ``path`` would replace: None when there is nothing there (or an empty
    folder, or a plain folder with the marker), the live build folder when ``path`` is a
    symlink to one. Anything else is refused with a StoreError, before any work is done."""
    what = "store" if kind == "store" else "release"
    if path.is_symlink():
        target = path.parent / os.readlink(path)
        if is_build_folder(target, path, kind):
            return target
        raise StoreError(f"{path} is a symlink to {target}, which is not a {what} folder "
                         f"narcokg built beside it: refusing to replace it (nothing was "
                         "changed); remove the link yourself or choose another path")
    if not path.exists():
        return None
    if path.is_dir() and (is_marked(path, kind) or not any(path.iterdir())):
        return None
    raise StoreError(f"{path} exists and is not a narcokg {what}: refusing to replace it "
                     "(nothing was changed); move it away or choose another path")


def new_build_dir(path: Path, kind: str = "store") -> Path:
    """A fresh, marked build folder beside ``path``; refuses first if ``path`` holds
    something narcokg may not replace."""
    replaced_target(path, kind)
    path.parent.mkdir(parents=True, exist_ok=True)
    stamp = f"{time.strftime('%Y%m%dT%H%M%S')}.{time.time_ns() % 10**9:09d}"
    build = path.parent / f"{path.name}.build-{stamp}-{os.getpid()}"
    build.mkdir()
    try:
        mark(build, kind)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return build


def swap(path: Path, build: Path, kind: str = "store") -> None:
    """Make ``build`` live at ``path``: a new symlink renamed over ``path`` in one step (a
    reader sees the old one or the new one). The old build folder is deleted only if it is
    one narcokg made; on any failure before the rename ``build`` is discarded and the old
    one stays live. The caller holds the lock."""
    try:
        old = replaced_target(path, kind)
        aside = None
        if not path.is_symlink() and path.is_dir():
            if is_marked(path, kind):  # a plain marked folder (made by a writer): set aside
                aside = path.parent / f"{path.name}.old-{os.getpid()}"
                path.rename(aside)
            else:
                path.rmdir()  # empty: rmdir refuses if anything appeared meanwhile
        link = path.parent / f".{path.name}.link-{os.getpid()}"
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(build.name)
        os.replace(link, path)
    except BaseException:
        discard(build)
        raise
    for gone in (old, aside):
        if gone is not None and gone.resolve() != build.resolve():
            shutil.rmtree(gone, ignore_errors=True)


def discard(build: Path) -> None:
    """Remove a build folder this process made (marked, with this process's pid)."""
    name = build.name.rsplit(".build-", 1)[0]
    owned = build_pid(build, build.parent / name) == os.getpid()
    if owned and not build.is_symlink() and any(is_marked(build, k) for k in MARKERS):
        shutil.rmtree(build, ignore_errors=True)


def cleanup_stale_builds(path: Path, kind: str = "store") -> None:
    """Remove build folders left by a killed command: only build folders of ``path``
    (``is_build_folder``), never the live one or one whose process still runs."""
    live = os.path.realpath(path) if path.exists() else None
    try:
        siblings = list(path.parent.iterdir())
    except OSError:
        return
    for stale in siblings:
        pid = build_pid(stale, path)
        if pid is None or os.path.realpath(stale) == live or alive(pid):
            continue
        if is_build_folder(stale, path, kind):
            shutil.rmtree(stale, ignore_errors=True)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

"""The clerks' entries folder: every entry that ``narcokg add`` commits is kept here as the
file the clerk wrote, so ``narcokg build`` reloads it and a rebuild never drops a clerk's work.

By default the folder belongs to the store: ``<store>.entries/`` beside the store path (the
store itself is a build folder that a rebuild replaces, so the entries cannot live inside it).
``--data DIR`` names another folder. One file per entity, named after its id
(``org/europol.yaml``); a replaced version is moved to ``.history/`` first, never deleted.

Writing is two-phase so that ``add`` commits all or nothing: ``stage`` copies the files into
a staging folder (a full disk fails here, before the store is touched), ``publish`` moves
them into place after the store's transaction, ``unstage`` throws the staging folder away.
"""

from __future__ import annotations

import errno
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from narcokg.namespaces import ID

ENTRY_SUFFIXES = (".yaml", ".yml", ".ttl", ".jsonld", ".json", ".rdf", ".owl", ".nt")


def entries_dir(store_path: Path, data: str | os.PathLike | None = None) -> Path:
    """The entries folder of the store at ``store_path`` (or the folder the user named)."""
    if data:
        return Path(data)
    return store_path.parent / f"{store_path.name}.entries"


def entry_files(folder: Path) -> list[Path]:
    """The kept entries, in a stable order (hidden folders such as .history left out)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in ENTRY_SUFFIXES
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def relative_name(root: str, suffix: str) -> Path:
    """``https://w3id.org/narcokg/id/org/europol`` -> ``org/europol.yaml``."""
    return Path(root[len(ID):] + suffix.lower())


@dataclass
class Staged:
    folder: Path
    staging: Path
    files: list[tuple[Path, Path]]  # (staged copy, final place)
    moved: list[tuple[Path, Path]] = field(default_factory=list)  # publish's moves, to undo


def stage(folder: Path, entries) -> Staged:
    """Copy each entry's file into a staging folder inside ``folder`` and fsync it, after
    checking that every file can take its place (``check_places``)."""
    finals = [folder / relative_name(e.root, Path(e.path).suffix) for e in entries]
    check_places(folder, finals)
    folder.mkdir(parents=True, exist_ok=True)
    staging = folder / f".staging-{os.getpid()}-{time.time_ns()}"
    staging.mkdir()
    files = []
    try:
        for i, (entry, final) in enumerate(zip(entries, finals, strict=True)):
            copy = staging / f"{i:05d}{final.suffix}"  # never two entries on one name
            with open(entry.path, "rb") as fin, open(copy, "wb") as fout:
                shutil.copyfileobj(fin, fout)
                fout.flush()
                os.fsync(fout.fileno())
            files.append((copy, final))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Staged(folder, staging, files)


def check_places(folder: Path, finals: list[Path]) -> None:
    """An OSError (before anything is written) when an entry's file cannot take its place:
    a folder of the path is a file, the place is a folder, or its name differs only in case
    from another entity's file (one file on a case-insensitive file system)."""
    seen: dict[str, Path] = {}
    for final in finals:
        for up in [*reversed(final.relative_to(folder).parents[:-1]), None]:
            place = folder / up if up is not None else final
            if place.is_symlink() or not place.exists():
                continue
            if (up is not None) != place.is_dir():
                raise _conflict(place, "is a folder" if up is None else "is not a folder")
        key = str(final.with_suffix("").relative_to(folder)).casefold()
        other = seen.get(key) or _case_twin(final)
        if other is not None and other.with_suffix("") != final.with_suffix(""):
            raise _conflict(final, f"differs only in case from {other}, another entity's "
                            "file (one file on a case-insensitive file system)")
        seen[key] = final


def _case_twin(final: Path) -> Path | None:
    if not final.parent.is_dir():
        return None
    stem = final.stem.casefold()
    return next((p for p in final.parent.iterdir() if p.suffix in ENTRY_SUFFIXES
                 and p.stem.casefold() == stem and p.stem != final.stem), None)


def _conflict(place: Path, why: str) -> OSError:
    return OSError(errno.EEXIST, f"{place} {why}: the entry cannot be kept there")


def unstage(staged: Staged) -> None:
    shutil.rmtree(staged.staging, ignore_errors=True)


def publish(staged: Staged) -> list[Path]:
    """Move the staged files into place; a previous version of the same entity (in any
    format) goes to ``.history/`` first. All or nothing: on an error the moves already made
    are undone. Returns the final paths."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    out, moved = [], []
    try:
        for copy, final in staged.files:
            final.parent.mkdir(parents=True, exist_ok=True)
            for old in final.parent.glob(final.stem + ".*"):
                if old.suffix in ENTRY_SUFFIXES and old.stem == final.stem and (
                        old.is_file() or old.is_symlink()):  # never a folder of entries
                    keep = staged.folder / ".history" / old.relative_to(staged.folder)
                    keep = _unused(keep.with_name(f"{old.stem}.{stamp}{old.suffix}"))
                    keep.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(old, keep)
                    moved.append((old, keep))
            os.replace(copy, final)
            moved.append((copy, final))
            out.append(final)
    except OSError:
        for src, dst in reversed(moved):
            try:
                os.replace(dst, src)
            except OSError:
                pass
        raise
    staged.moved = moved
    unstage(staged)
    return out


def unpublish(staged: Staged) -> None:
    """Undo ``publish``: the new files go, the previous versions come back from .history."""
    for src, dst in reversed(staged.moved):
        if src.is_relative_to(staged.staging):
            dst.unlink(missing_ok=True)
        else:
            os.replace(dst, src)


def _unused(path: Path) -> Path:
    """``path``, or ``<stem>-2<suffix>``, ... if it is taken: history is never overwritten."""
    n, free = 1, path
    while free.exists() or free.is_symlink():
        n += 1
        free = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return free

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

import os
import shutil
import time
from dataclasses import dataclass
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


def stage(folder: Path, entries) -> Staged:
    """Copy each entry's file into a staging folder inside ``folder`` and fsync it."""
    folder.mkdir(parents=True, exist_ok=True)
    staging = folder / f".staging-{os.getpid()}-{time.time_ns()}"
    staging.mkdir()
    files = []
    try:
        for entry in entries:
            src = Path(entry.path)
            name = relative_name(entry.root, src.suffix)
            copy = staging / name.as_posix().replace("/", "__")
            with open(src, "rb") as fin, open(copy, "wb") as fout:
                shutil.copyfileobj(fin, fout)
                fout.flush()
                os.fsync(fout.fileno())
            files.append((copy, folder / name))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Staged(folder, staging, files)


def unstage(staged: Staged) -> None:
    shutil.rmtree(staged.staging, ignore_errors=True)


def publish(staged: Staged) -> list[Path]:
    """Move the staged files into place; a previous version of the same entity (in any
    format) goes to ``.history/`` first. Returns the final paths."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    out = []
    for copy, final in staged.files:
        final.parent.mkdir(parents=True, exist_ok=True)
        for old in final.parent.glob(final.stem + ".*"):
            if old.suffix in ENTRY_SUFFIXES and old.stem == final.stem:
                keep = staged.folder / ".history" / old.relative_to(staged.folder)
                keep = keep.with_name(f"{old.stem}.{stamp}{old.suffix}")
                keep.parent.mkdir(parents=True, exist_ok=True)
                os.replace(old, keep)
        os.replace(copy, final)
        out.append(final)
    unstage(staged)
    return out

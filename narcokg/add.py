"""``narcokg add``: validate entries as the store would be after the commit, then write them
into their named graphs in one SPARQL UPDATE (one transaction), and keep each entry's file in
the store's entries folder so that ``narcokg build`` reloads it.

The trip runs one way: read -> policy (ids, ownership, replacement) -> validation in the
post-commit context (the entry, the store's statements about what it references and about
its own subjects, the rest of the batch) -> stage the files -> commit -> keep the files.
On any violation or error nothing is written, and the message says so; if the store was
committed but a later step failed, the message says that instead.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field

import pyoxigraph as ox

from narcokg import entries_dir
from narcokg import store as stores
from narcokg.build import source_meta_quads
from narcokg.errors import StoreError
from narcokg.validation import Problem, ValidationResult, check_batch, load_entries
from narcokg.validation import policy as entry_policy

SHOW_REMOVED = 20


@dataclass
class AddOutcome:
    path: str
    root: str
    status: str  # added | replaced | unchanged
    removed: int = 0
    added: int = 0
    removed_quads: list[ox.Quad] = field(default_factory=list)
    kept_as: str | None = None  # the entry's file in the entries folder

    def describe(self) -> str:
        if self.status == "unchanged":
            return f"unchanged: {self.root} ({self.path})"
        kept = f"; kept as {self.kept_as}" if self.kept_as else ""
        if self.status == "replaced":
            lines = [f"replaced: {self.root} ({self.path}): {self.removed} quads removed, "
                     f"{self.added} added{kept}"]
            for q in self.removed_quads[:SHOW_REMOVED]:
                lines.append(f"  - {q.subject} {q.predicate} {q.object} {q.graph_name}")
            if len(self.removed_quads) > SHOW_REMOVED:
                lines.append(f"  … and {len(self.removed_quads) - SHOW_REMOVED} more")
            return "\n".join(lines)
        return f"added: {self.root} ({self.path}): {self.added} quads{kept}"


def _data_block(quads) -> str:
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        by_graph.setdefault(str(q.graph_name), []).append(
            f"{q.subject} {q.predicate} {q.object} .")
    return " ".join(f"GRAPH {g} {{ {' '.join(lines)} }}" for g, lines in by_graph.items())


def update_text(delete: set[ox.Quad], insert: set[ox.Quad]) -> str:
    parts = []
    if delete:
        parts.append(f"DELETE DATA {{ {_data_block(delete)} }}")
    if insert:
        parts.append(f"INSERT DATA {{ {_data_block(insert)} }}")
    return " ;\n".join(parts)


def add_entries(paths, store_path=None, registry=None, replace: bool = False,
                data=None) -> tuple[ValidationResult, list[AddOutcome]]:
    """Validate, then commit. Returns the validation result and, if it conforms, what was
    done per entry; on violations nothing is written and the outcome list is empty.
    ``replace``: allow replacing entities that exist. ``data``: the entries folder (default:
    the store's own, ``<store>.entries``)."""
    entries = load_entries(paths, registry)  # InputError before anything is opened
    entry_policy.refuse_duplicate_roots(entries)
    path = stores.store_path(store_path)
    folder = entries_dir.entries_dir(path, data)
    with stores.open_store(path, write=True) as db:
        try:
            done = _validate_and_commit(db, entries, replace, folder)
        finally:
            del db
            gc.collect()  # pyshacl's caught exceptions keep frames (and the store) in cycles
    return done


def _validate_and_commit(store: ox.Store, entries, replace: bool, folder):
    result, plans = check_batch(entries, store)
    replaced = [p for p in plans if p.status == "replaced"]
    if replaced and not replace:
        result.problems.append(_needs_replace(replaced))
    if not result.conforms:
        return result, []
    outcomes, delete, insert = [], set(), set()
    for entry, p in zip(entries, plans, strict=True):
        outcomes.append(AddOutcome(entry.path, entry.root, p.status, len(p.removed),
                                   len(p.inserted), sorted(p.removed, key=str)))
        delete |= p.removed
        insert |= p.inserted
    insert |= {q for q in source_meta_quads(
        {s.key: s for e in entries for s in e.sources.values()}.values()) if q not in store}
    changed = [e for e, o in zip(entries, outcomes, strict=True) if o.status != "unchanged"]
    _commit(store, delete, insert, changed, folder, outcomes)
    return result, outcomes


def _needs_replace(plans) -> Problem:
    roots = ", ".join(p.root for p in plans)
    return Problem(plans[0].root, None, None, entry_policy.POLICY + "ReplaceNotAllowed",
                   "Violation", {
                       "en": f"{roots} already exist(s): run `narcokg add --replace` to "
                             "replace; nothing was written",
                       "nl": f"{roots} bestaat al: gebruik `narcokg add --replace` om te "
                             "vervangen; er werd niets geschreven",
                       "fr": f"{roots} existe déjà : utilisez `narcokg add --replace` pour "
                             "remplacer ; rien n'a été écrit"},
                   entry_policy.POLICY + "ReplaceNotAllowed")


def _commit(store: ox.Store, delete, insert, entries, folder, outcomes) -> None:
    """Keep the entry files first, then run the store's transaction: all or nothing, and an
    error says which happened. Files first, so that a process killed between the two steps
    leaves the clerk's validated entry in the entries folder (the next build loads it),
    never a store change whose file is lost."""
    staged = None
    try:
        staged = entries_dir.stage(folder, entries) if entries else None
        kept = entries_dir.publish(staged) if staged else []
    except OSError as exc:
        if staged:
            entries_dir.unstage(staged)
        raise StoreError(f"could not keep the entry files in {folder}: {exc.strerror or exc}; "
                         "nothing was written") from None
    try:
        if delete or insert:
            store.update(update_text(delete, insert))
    except (OSError, RuntimeError) as exc:
        _unkeep(staged, exc)
    by_root = {e.root: str(k) for e, k in zip(entries, kept, strict=True)}
    for o in outcomes:
        o.kept_as = by_root.get(o.root)


def _unkeep(staged, exc) -> None:
    if staged:
        try:
            entries_dir.unpublish(staged)
        except OSError as undo_exc:
            raise StoreError(f"the store could not be written ({exc}) and was not changed, but "
                             f"the new entry files stay in {staged.folder} ({undo_exc}): the "
                             "next build would load them; remove them or add again") from None
    raise StoreError(f"the store could not be written ({exc}); the transaction was rolled "
                     "back and the entry files removed: nothing was written") from None

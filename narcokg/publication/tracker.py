"""The resolution tracker in a release: ``tracker.html`` (English), ``tracker.nl.html`` and
``tracker.fr.html`` at the release root, rendered by ``narcokg.report`` from the store being
published, with every item linked to its page in the same release. Each query is evaluated
once for the three languages (``narcokg.report.answers``). For a large store the tracker is
written by a spawned process while the caller writes the pages (``start_tracker``): it needs
nothing from them, and its queries would otherwise run after them on one core."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from narcokg.report import Answers, build_report

LANGS = ("en", "nl", "fr")


def tracker_file(lang: str) -> str:
    return "tracker.html" if lang == "en" else f"tracker.{lang}.html"


def write_tracker(db: ox.Store, build: Path) -> list[str]:
    """Write the tracker in each language; the file names written."""
    names, answers = [], Answers(db, LANGS)
    for lang in LANGS:
        text = build_report(lang, "html", store=db, for_release=True, answers=answers)
        (build / tracker_file(lang)).write_text(text, encoding="utf-8")
        names.append(tracker_file(lang))
    return names


def _tracker_job(store_path: str, build: str) -> list[str]:
    """In a worker process: its own read-only handle (the parent holds the shared lock until
    the job is collected), then the tracker."""
    db = ox.Store.read_only(store_path)
    try:
        return write_tracker(db, Path(build))
    finally:
        del db


def start_tracker(store_path: Path, build: Path):
    """The tracker written by a spawned process while the caller goes on;
    ``finish_tracker`` waits for it."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    return pool, pool.submit(_tracker_job, str(store_path), str(build))


def finish_tracker(pool, future) -> list[str]:
    """The file names ``start_tracker``'s process wrote (its error, if it failed)."""
    try:
        return future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def link_tracker(previous: Path, build: Path) -> list[str] | None:
    """The tracker files of the release before, hard-linked (an unchanged store); None when
    they cannot all be linked."""
    from narcokg.publication.manifest import link_files

    names = [tracker_file(lang) for lang in LANGS]
    return names if link_files(previous, build, names) else None

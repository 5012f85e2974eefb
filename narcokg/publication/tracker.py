"""The resolution tracker in a release: ``tracker.html`` (English), ``tracker.nl.html`` and
``tracker.fr.html`` at the release root, rendered by ``narcokg.report`` from the store being
published, with every item linked to its page in the same release."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from narcokg.report import Answers, build_report

LANGS = ("en", "nl", "fr")


def tracker_file(lang: str) -> str:
    return "tracker.html" if lang == "en" else f"tracker.{lang}.html"


def write_tracker(db: ox.Store, build: Path) -> list[str]:
    """Write the tracker in each language; the file names written. Each query is evaluated
    once for the three languages (``narcokg.report.answers``)."""
    names, answers = [], Answers(db, LANGS)
    for lang in LANGS:
        text = build_report(lang, "html", store=db, for_release=True, answers=answers)
        (build / tracker_file(lang)).write_text(text, encoding="utf-8")
        names.append(tracker_file(lang))
    return names


def link_tracker(previous: Path, build: Path) -> list[str] | None:
    """The tracker files of the release before, hard-linked (an unchanged store); None when
    they cannot all be linked."""
    from narcokg.publication.manifest import link_files

    names = [tracker_file(lang) for lang in LANGS]
    return names if link_files(previous, build, names) else None

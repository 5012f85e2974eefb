"""Two pieces of work side by side: one on a thread of its own while the other runs in the
caller's thread. Useful where one of them is Rust with the GIL released (a bulk load, a
compaction) and the other Python or a read (``narcokg.build``, ``narcokg.included``)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F")
B = TypeVar("B")


def beside(background: Callable[[], B], foreground: Callable[[], F],
           name: str = "narcokg-beside") -> tuple[F, B]:
    """Run ``background`` on a thread while ``foreground`` runs here; return both results.
    An error of either is raised once both have stopped, the foreground's first."""
    done: list = []
    failures: list[BaseException] = []

    def run() -> None:
        try:
            done.append(background())
        except BaseException as exc:  # re-raised in the caller's thread
            failures.append(exc)

    worker = threading.Thread(target=run, name=name)
    worker.start()
    try:
        result = foreground()
    finally:
        worker.join()
    if failures:
        raise failures[0]
    return result, done[0]

"""The project's own error types: every failure a user can cause ends in one of these."""

from __future__ import annotations


class NarcokgError(Exception):
    """Base class. ``exit_code`` is what the CLI exits with."""

    exit_code = 2

    def __str__(self) -> str:  # one line, no traceback
        return self.args[0] if self.args else self.__class__.__name__


class InputError(NarcokgError):
    """A file could not be read or parsed; carries the place where it went wrong."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None,
                 column: int | None = None):
        self.message, self.path, self.line, self.column = message, path, line, column
        super().__init__(self.location() + message)

    def location(self) -> str:
        if not self.path:
            return ""
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where + ": "


class SourceError(NarcokgError):
    """A source of the build failed; the previous store is left untouched."""


class StoreError(NarcokgError):
    """The store could not be opened, locked or written."""


class EndpointError(NarcokgError):
    """A remote SPARQL endpoint failed or could not be reached."""


SYSTEM_CAUSES = [  # (text in the error, what to tell the user)
    ("No space left on device", "disk full"),
    ("Read-only file system", "read-only file system"),
    ("Permission denied", "permission denied"),
    ("Corruption", "the store is corrupted (rebuild it with `narcokg build`)"),
]


def system_error(exc: BaseException) -> NarcokgError | None:
    """A one-line StoreError for what the system or the database engine reported (a disk
    full, a read-only folder, a corrupted store, any OSError), or None for a RuntimeError
    that is not the engine's (a bug: let it show)."""
    text = " ".join(str(exc).split())
    if isinstance(exc, OSError) and exc.strerror:
        text = exc.strerror + (f": {exc.filename}" if exc.filename else "")
    elif not isinstance(exc, OSError) and not text.startswith(("Corruption", "IO error")):
        return None
    cause = next((say for found, say in SYSTEM_CAUSES
                  if found in text and not text.lower().startswith(say)), None)
    if len(text) > 300:
        text = text[:297] + "..."
    return StoreError(f"{cause}: {text}" if cause else text or type(exc).__name__)

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

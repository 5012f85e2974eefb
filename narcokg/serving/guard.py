"""The front's checks on a request, before any engine sees it.

They give clear answers (413, 403) early; they are not what keeps the endpoint safe. The
engine parses the query itself, runs only queries (never updates) on a read-only store, and
cannot open a network socket (``sandbox``), so a query this lexical check misreads is at
worst refused later by the engine. No lock, no cache, no recursion: a linear scan.
"""

from __future__ import annotations

from narcokg.errors import NarcokgError
from narcokg.sparql_service import tokens as lexed

MAX_BODY = 1_000_000  # bytes of a POST body
MAX_QUERY = 100_000  # characters of a query
MAX_DEPTH = 500  # brackets ( [ { inside each other
READ_ONLY = "SPARQL UPDATE is not allowed: this endpoint is read-only"
NO_SERVICE = "is not allowed: this endpoint makes no outbound calls"
UPDATE_WORDS = {"insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy",
                "with"}
class Refused(NarcokgError):
    """A request the endpoint will not run; ``status`` is the HTTP status to answer."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def check_query(text: str) -> None:
    """Refused for a query that is too long (413), nested too deep (400), an update (403)
    or a SERVICE (403)."""
    if len(text) > MAX_QUERY:
        raise Refused(413, f"query longer than {MAX_QUERY} characters")
    tokens = list(lexed(text))
    _check_depth(tokens)
    first = _first_keyword(tokens)
    if first in UPDATE_WORDS:
        raise Refused(403, READ_ONLY)
    for i, (kind, token) in enumerate(tokens):
        if kind == "word" and token.casefold() == "service":
            rest = [t for _k, t in tokens[i + 1:i + 3] if t.casefold() != "silent"]
            target = _expand(rest[0], tokens) if rest else ""
            raise Refused(403, f"SERVICE {target} {NO_SERVICE}".replace("  ", " "))


def _check_depth(tokens) -> None:
    depth = 0
    for kind, token in tokens:
        if kind == "other" and token in "([{":
            depth += 1
            if depth > MAX_DEPTH:
                raise Refused(400, f"query nested deeper than {MAX_DEPTH} brackets")
        elif kind == "other" and token in ")]}":
            depth -= 1


def _expand(name: str, tokens) -> str:
    """An IRI without its brackets, or a prefixed name expanded by the query's PREFIXes."""
    if name.startswith("<"):
        return name.strip("<>")
    prefix, sep, local = name.partition(":")
    for i, (kind, token) in enumerate(tokens[:-2]):
        if (kind == "word" and token.casefold() == "prefix" and sep
                and tokens[i + 1][1] == prefix + ":" and tokens[i + 2][0] == "iri"):
            return tokens[i + 2][1].strip("<>") + local
    return name


def _first_keyword(tokens) -> str:
    """The first keyword after the prologue (BASE <iri>, PREFIX p: <iri>), lower-cased."""
    skip = 0
    for kind, token in tokens:
        if skip:
            skip -= 1
            continue
        word = token.casefold() if kind == "word" else ""
        if word in ("base", "prefix"):
            skip = 1 if word == "base" else 2
            continue
        return word
    return ""


async def read_body(request, limit: int = MAX_BODY) -> bytes:
    """The request body, at most ``limit`` bytes: 413 from the Content-Length header alone,
    or as soon as a chunked body passes the limit (the rest is never read)."""
    declared = request.headers.get("content-length", "")
    if declared.strip().isdigit() and int(declared) > limit:
        raise Refused(413, f"request body larger than {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Refused(413, f"request body larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)

"""A small SPARQL 1.1 Protocol client for SELECT queries with JSON results, bounded in time
and size: ``post_query`` has one deadline for the whole exchange (connect, send, headers,
body: a watchdog shuts the socket when it passes, so a server that drips bytes cannot hold
it), reads at most ``max_bytes``, and ``solutions`` turns the JSON into RDF terms or says in
one line what is malformed. The query is sent as an urlencoded POST form.

Engine normalisation (``_term``), only where an engine writes a term in a form the
embedded store would not, for the same value:

- Virtuoso 7 writes an ``xsd:boolean`` as ``"1"`` / ``"0"`` (legal lexical forms, but not
  the canonical ``true`` / ``false`` every caller compares with): read as the canonical form.
  (It also types every boolean *expression* as ``xsd:integer`` 1/0; that cannot be told from
  a number here, so the queries cast what they project: ``xsd:boolean(...)``.)
- Virtuoso 7 cuts an answer at its ``ResultSetMaxRows`` without an error, saying so only in
  the header ``X-SPARQL-MaxRows``: ``post_query`` refuses such an answer (EndpointError).
- Virtuoso 7 answers ASK in SPARQL JSON as a table with a column ``__ASK_RETVAL`` (one row
  of 1 when true, no row when false) instead of ``{"boolean": ...}``: ``ask_answer`` reads
  both.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from http.client import HTTPConnection, HTTPException, HTTPSConnection
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox

from narcokg.errors import EndpointError

MAX_ANSWER = 100 * 1024 * 1024  # bytes of one answer
ACCEPT = "application/sparql-results+json"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


class HTTPStatusError(EndpointError):
    """The endpoint answered with a status other than 200."""

    def __init__(self, status: int, detail: str):
        super().__init__(f"HTTP {status}: {detail}" if detail else f"HTTP {status}")
        self.status, self.detail = status, detail


def printable(text: str, limit: int = 300) -> str:
    """One line of ``text`` with no control characters, at most ``limit`` characters."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    return "".join(c if c.isprintable() else "?" for c in line)[:limit]


def post_query(url: str, query: str, timeout: float, max_bytes: int = MAX_ANSWER,
               accept: str = ACCEPT) -> bytes:
    """The body of a 200 answer in one of the ``accept`` media types. HTTPStatusError for
    another status, EndpointError for a bad URL or an answer over ``max_bytes``,
    TimeoutError past ``timeout`` seconds in all, OSError when the endpoint cannot be
    reached."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EndpointError(f"endpoint {url}: not an http(s) URL")
    connection = (HTTPSConnection if parts.scheme == "https" else HTTPConnection)(
        parts.hostname, parts.port, timeout=timeout)
    deadline = time.monotonic() + timeout
    held: list = []  # the socket, kept: http.client drops its own reference early
    watchdog = threading.Timer(timeout, _cut, (held,))
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.connect()
        held.append(connection.sock)
        if time.monotonic() >= deadline:
            raise TimeoutError
        connection.request("POST", (parts.path or "/") + (f"?{parts.query}" if parts.query
                                                         else ""),
                           urlencode({"query": query}).encode(),
                           {"Content-Type": "application/x-www-form-urlencoded",
                            "Accept": accept, "User-Agent": "narcokg"})
        response = connection.getresponse()
        if response.status != 200:
            detail = response.read(4096).decode("utf-8", "replace")
            raise HTTPStatusError(response.status, printable(detail))
        if cut := response.getheader("X-SPARQL-MaxRows"):  # Virtuoso: silently truncated
            raise EndpointError(f"endpoint {url} cut its answer at {printable(cut, 20)} rows "
                                f"(Virtuoso's [SPARQL] ResultSetMaxRows): raise that limit")
        body = _read(response, max_bytes, url)
    except (OSError, HTTPException) as exc:
        if time.monotonic() >= deadline - 0.05:
            raise TimeoutError(f"no complete answer within {timeout:g} s") from None
        raise OSError(printable(str(exc)) or type(exc).__name__) from None
    finally:
        watchdog.cancel()
        connection.close()
    if time.monotonic() > deadline:
        raise TimeoutError(f"no complete answer within {timeout:g} s")
    return body


def fetch(url: str, query: str, timeout: float, what: str = "the query", retries: int = 0,
          max_bytes: int = MAX_ANSWER, accept: str = ACCEPT) -> bytes:
    """``post_query`` with one deadline of ``timeout`` seconds for all of it: a connection
    failure is tried again ``retries`` times while time is left; every failure ends in a
    one-line EndpointError naming ``what`` was asked (an HTTP error is never retried)."""
    deadline = time.monotonic() + timeout
    last, attempt = "no time left", 0
    for attempt in range(retries + 1):
        left = deadline - time.monotonic()
        if left <= 0:
            break
        try:
            return post_query(url, query, left, max_bytes, accept=accept)
        except HTTPStatusError as exc:  # the endpoint answered: no retry
            verb = "rejected" if 400 <= exc.status < 500 else "failed on"
            raise EndpointError(f"endpoint {url} {verb} {what}: {exc}") from None
        except TimeoutError:
            raise EndpointError(f"endpoint {url} gave no complete answer to {what} "
                                f"within {timeout:g} s") from None
        except OSError as exc:
            last = printable(str(exc)) or type(exc).__name__
            if attempt < retries:
                time.sleep(max(0.0, min(0.5, deadline - time.monotonic())))
    raise EndpointError(f"endpoint {url} unreachable after {attempt + 1} "
                        f"attempt{'s' if attempt else ''} (timeout {timeout:g} s): {last}")


def _cut(held: list) -> None:
    """The watchdog: end every read or write on the connection's socket now."""
    for sock in held:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _read(response, max_bytes: int, url: str) -> bytes:
    declared = response.getheader("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise EndpointError(f"endpoint {url} answered {int(declared)} bytes, more than the "
                            f"limit of {max_bytes}")
    chunks, size = [], 0
    while chunk := response.read1(1 << 16):
        size += len(chunk)
        if size > max_bytes:
            raise EndpointError(f"endpoint {url} answered more than {max_bytes} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def solutions(body: bytes, url: str) -> tuple[list[str], list[tuple]]:
    """Column names and rows of terms (None where unbound) of a SPARQL JSON answer."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise EndpointError(f"endpoint {url} gave an answer that is not JSON: "
                            f"{printable(str(exc))}") from None
    try:
        columns, bindings = data["head"]["vars"], data["results"]["bindings"]
        if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
            raise TypeError("head.vars is not a list of names")
        if not isinstance(bindings, list):
            raise TypeError("results.bindings is not a list")
        rows = [tuple(_term(_row(b).get(c)) for c in columns) for b in bindings]
    except (KeyError, TypeError, ValueError) as exc:
        what = f"no {exc}" if isinstance(exc, KeyError) else printable(str(exc))
        raise EndpointError(f"endpoint {url} gave malformed SPARQL JSON results: "
                            f"{what}") from None
    return columns, rows


def _row(binding) -> dict:
    if not isinstance(binding, dict):
        raise TypeError("a binding is not an object")
    return binding


def _term(b):
    if b is None:
        return None
    if not isinstance(b, dict) or not isinstance(b.get("value"), str):
        raise TypeError(f"a bound value is not an object with a string value: {b!r:.80}")
    kind, value = b.get("type"), b["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if kind not in ("literal", "typed-literal"):
        raise ValueError(f"unknown term type {kind!r:.40}")
    if b.get("xml:lang"):
        return ox.Literal(value, language=str(b["xml:lang"]))
    if b.get("datatype"):
        datatype = str(b["datatype"])
        if datatype == XSD_BOOLEAN and value in ("1", "0"):  # Virtuoso's 1/0
            value = "true" if value == "1" else "false"
        return ox.Literal(value, datatype=ox.NamedNode(datatype))
    return ox.Literal(value)



def ask_answer(data, url: str) -> bool:
    """The boolean of a SPARQL JSON answer to ASK (parsed): ``{"boolean": true}``, or
    Virtuoso's ``__ASK_RETVAL`` table: one row of 1 when true, no row when false."""
    if isinstance(data, dict) and isinstance(data.get("boolean"), bool):
        return data["boolean"]
    try:
        columns, bindings = data["head"]["vars"], data["results"]["bindings"]
        if columns == ["__ASK_RETVAL"] and len(bindings) <= 1:
            return bool(bindings) and bindings[0]["__ASK_RETVAL"]["value"] in ("1", "true")
    except (KeyError, TypeError, IndexError):
        pass
    raise EndpointError(f"endpoint {url} gave no boolean in its answer to ASK")

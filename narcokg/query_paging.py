"""Paging a SELECT query: ``LIMIT``/``OFFSET`` written into its text, for the listings that
grow with the graph (``narcokg query ID --limit N --offset M``, ``KnowledgeGraph.query(...,
limit=N, offset=M)``; a query says it is such a listing with ``# paged: yes`` in its header).

The page is appended to the query's own solution modifiers, never wrapped around it in a
sub-select (a sub-select would hide the parameters from their binding: the constants written
into the query's groups on the embedded store, narcokg.query_inline, or the VALUES block on
an endpoint; and it need not keep the order). A query that already ends in
``LIMIT``/``OFFSET`` is paged inside its own window: page ``(N, M)`` of a query with ``LIMIT
L OFFSET O`` is ``LIMIT min(N, L - M) OFFSET O + M``. A trailing ``VALUES`` block stays
last. Strings, IRIs and comments are skipped whole by the scan, so a ``LIMIT`` inside them
is never touched.

A page is only stable when the query orders its rows completely (``ORDER BY`` on a key);
the listings marked ``paged`` do.

A query may instead mark the sub-select its page is cut on with a comment ``#@page`` where
that sub-select's ``LIMIT`` would go (after its ``ORDER BY``): the page then goes there, and
the rest of the query looks up the values of that page's rows only. On Oxigraph a page cut
at the end costs the whole listing, since every row is built and sorted before the cut
(issue 19: ``sanctions-by-target-state``). Such a page counts the sub-select's rows.
"""

from __future__ import annotations

import re

from narcokg.errors import InputError
from narcokg.sparql_service import spans, unescape

FORMS = ("select", "construct", "ask", "describe")
MARK = "#@page"  # the sub-select a page is cut on (see above)
_MARKED = re.compile(re.escape(MARK) + r"(?![\w-])")
MAX_PAGE = 10**12


def check_page(limit: int | None, offset: int | None) -> None:
    """An InputError for a negative or absurd page."""
    for name, value in (("limit", limit), ("offset", offset)):
        if value is not None and not 0 <= int(value) <= MAX_PAGE:
            raise InputError(f"--{name} {value}: want a whole number from 0 to {MAX_PAGE}")


def _scan(text: str):
    """(kind, lower-cased token, start, end) outside comments, with the brace depth before
    the token."""
    depth = 0
    for kind, token, start, end in spans(text):
        if kind == "comment":
            continue
        if token == "}":
            depth -= 1
        yield kind, token.casefold(), start, end, depth
        if token == "{":
            depth += 1


def _tail(text: str):
    """The top-level tokens after the query's WHERE group (its solution modifiers and a
    trailing VALUES block), and the query form."""
    form, closed, tail, last = None, False, [], 0
    for kind, token, start, end, depth in _scan(text):
        last = end
        if form is None and depth == 0 and kind == "word" and token in FORMS:
            form = token
        if closed and depth == 0 and token not in ("{", "}"):
            tail.append((kind, token, start, end))
        elif form and depth == 0 and token == "}" and not closed:
            closed = True
    return form, tail, last


def page_text(text: str, limit: int | None = None, offset: int | None = None) -> str:
    """``text`` (a SELECT query) paged: at most ``limit`` rows after skipping ``offset``."""
    check_page(limit, offset)
    if limit is None and not offset:
        return text
    if "\\u" in text or "\\U" in text:
        text = unescape(text)  # as the engine reads it, so no keyword hides in an escape
    form, tail, last = _tail(text)
    if form != "select":
        raise InputError("--limit/--offset page SELECT queries only")
    marks = [start for kind, token, start, _end in spans(text)
             if kind == "comment" and _MARKED.match(token)]
    if len(marks) > 1:
        raise InputError(f"the query marks {len(marks)} sub-selects {MARK}: at most one")
    if marks:
        clause = (f"LIMIT {limit} " if limit is not None else "") + \
            (f"OFFSET {offset} " if offset else "")
        return text[:marks[0]] + clause + text[marks[0]:]
    own = {"limit": None, "offset": 0}
    cut: list[tuple[int, int]] = []
    insert_at = last  # after the last token: a trailing comment stays a comment
    for i, (kind, token, start, _end) in enumerate(tail):
        if kind == "word" and token == "values":
            insert_at = start
            break
        if kind == "word" and token in own and i + 1 < len(tail) and \
                tail[i + 1][0] == "number":
            own[token] = int(tail[i + 1][1])
            cut.append((start, tail[i + 1][3]))
    new_offset = own["offset"] + (offset or 0)
    new_limit = limit
    if own["limit"] is not None:
        left = max(0, own["limit"] - (offset or 0))
        new_limit = left if limit is None else min(limit, left)
    clause = (f" LIMIT {new_limit}" if new_limit is not None else "") + \
        (f" OFFSET {new_offset}" if new_offset else "")
    pieces, at = [], 0
    for start, end in cut:  # every cut lies before insert_at
        pieces.append(text[at:start])
        at = end
    head = ("".join(pieces) + text[at:insert_at]).rstrip()
    return head + clause + "\n" + text[insert_at:].lstrip(" \t")

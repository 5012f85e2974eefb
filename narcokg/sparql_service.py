"""A lexical scan of SPARQL shared by every check that reads a query before the engine does
(the endpoint's front in ``narcokg.serving.guard``, the local store here, ``narcokg.sparql``),
and the SERVICE refusal on the embedded store.

SERVICE on the embedded store: refused. pyoxigraph runs a ``SERVICE <url>`` clause
in-process, as an HTTP request from the user's machine, so a query file from someone else
(``narcokg sparql q.rq``, ``narcokg query q.rq``, ``KnowledgeGraph.query``) could make it call
any host it can reach (a service on 127.0.0.1, a cloud metadata address) and read the answer
back. The store is local and complete; a federated query belongs on an endpoint.

The scan reads the query as pyoxigraph's lexer does, so no spelling hides the keyword:
``\\uXXXX`` / ``\\UXXXXXXXX`` escapes are decoded first (repeatedly), a comment ends at
``\\r`` as well as ``\\n``, and strings and IRIs are skipped whole. It errs on the side of
refusing: the word ``SERVICE`` anywhere outside a string, IRI or comment is refused.
"""

from __future__ import annotations

import re

from narcokg.errors import InputError

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(r"""
    (?P<comment>\#[^\r\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\\\r\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<number>\d+)
  | (?P<name>(?:[^\W\d][\w.-]*)?:[^\s{}()\[\];,<>"'\#]*)
  | (?P<word>[^\W\d][\w-]*)
  | (?P<other>\S)
""", re.VERBOSE | re.DOTALL)


def _char(hexdigits: str) -> str:
    code = int(hexdigits, 16)
    return chr(code) if code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd"


def unescape(text: str) -> str:
    for _ in range(4):
        done = _ESCAPE.sub(lambda m: _char(m.group(1) or m.group(2)), text)
        if done == text:
            break
        text = done
    return text


def spans(text: str):
    """(kind, token, start, end) of ``text`` as given (escapes not decoded), comments
    included: ``comment``, ``word`` (keywords), ``name`` (prefixed names), ``iri``, ``var``,
    ``number`` (an integer), ``string``, ``other``."""
    for m in _TOKEN.finditer(text):
        yield m.lastgroup, m.group(), m.start(), m.end()


def tokens(text: str):
    """(kind, token) of the query outside comments (see ``spans``), escapes decoded first."""
    for kind, token, _start, _end in spans(unescape(text)):
        if kind != "comment":
            yield kind, token


def names_dataset(text: str) -> bool:
    """Whether the query has a dataset clause (``FROM`` or ``FROM NAMED``): the keyword
    FROM occurs in a SPARQL query nowhere else (strings, comments and IRIs are skipped)."""
    return any(kind == "word" and token.casefold() == "from" for kind, token in tokens(text))


def refuse_service(text: str) -> None:
    """An InputError if the query has a SERVICE clause (in any spelling)."""
    found = list(tokens(text))
    for i, (kind, token) in enumerate(found):
        if kind == "word" and token.casefold() == "service":
            after = [t for k, t in found[i + 1:i + 3] if t.casefold() != "silent"]
            target = after[0] if after else ""
            raise InputError(f"SERVICE {target} refused: a query on the local store makes no "
                             "outbound calls (run a federated query on an endpoint instead)"
                             .replace("  ", " "))

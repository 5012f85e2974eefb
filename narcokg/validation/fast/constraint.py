"""SHACL-SPARQL constraints (``sh:sparql``) run once with ``$this`` unbound, joined with the
shape's targets: only where that equals SHACL's pre-binding (the first triple pattern binds
``$this``). ``joined_body`` rewrites a constraint's SELECT for that join, or refuses it
(``Unsupported``: pyshacl validates the shape instead)."""

from __future__ import annotations

import re

from narcokg.validation.fast.support import Unsupported

# $this pre-bound (SHACL-SPARQL) equals the query joined with the focus nodes when the first
# triple pattern binds $this and nothing evaluates apart from it (sub-SELECT, MINUS, VALUES)
_JOINABLE = re.compile(r"\bWHERE\s*\{\s*\$this\s+[^\s.;,{}()]", re.I)
_NOT_JOINABLE = re.compile(r"\b(MINUS|VALUES|SERVICE|GRAPH)\b", re.I)


_PLAIN_SELECT = re.compile(r"^\s*SELECT\s+(?:DISTINCT\s+)?(?P<vars>[?$\w\s*]*?)\s*WHERE\s*"
                           r"\{(?P<body>.*)\}\s*$", re.I | re.S)


def joined_body(select: str, pe: str | None) -> str:
    """The group to join with the targets for the constraint's ``sh:select`` text: ``$this``
    becomes ``?this`` and ``$PATH`` the property shape's path expression ``pe`` (None on a
    node shape)."""
    text = select
    if re.search(r"\$(?!this\b|PATH\b)\w+", text) or (pe is None and "$PATH" in text):
        raise Unsupported("SPARQL constraint with other pre-bound variables")
    if not _JOINABLE.search(text) or _NOT_JOINABLE.search(text) or \
            len(re.findall(r"\bSELECT\b", text, re.I)) > 1:
        raise Unsupported("SPARQL constraint whose $this is not bound by its first triple "
                          "pattern (pre-binding is not a join there)")
    if re.search(r"\bSELECT\b[^{]*\?path\b", text, re.I):
        raise Unsupported("SPARQL constraint that selects ?path")
    text = re.sub(r"\$this\b", "?this", text)
    if pe is not None:
        text = re.sub(r"\$PATH\b", pe, text)
    body = _inline(text)  # joined in place: no sub-SELECT for the optimiser to work around
    return f"{{ {text} }}" if body is None else body


def _inline(text: str) -> str | None:
    """The WHERE group of a plain ``SELECT vars WHERE { ... }`` (no expressions, no solution
    modifiers), to join in place; None when ?value would mean something else there."""
    m = _PLAIN_SELECT.match(text)
    if m is None:
        return None
    names = set(re.findall(r"\?(\w+)", m["vars"])) | ({"value"} if "*" in m["vars"] else set())
    if "value" not in names and re.search(r"\?value\b", m["body"]):
        return None
    return m["body"]

"""Content negotiation for the IRIs narcokg mints, declared once and used twice: by ``serve``
(``representation``) and by the shipped nginx configuration, whose ``map`` blocks are
generated from the same table (``nginx_maps``; a test checks that ``deploy/nginx.conf``
carries them verbatim and runs nginx against ``serve``), so the two cannot drift apart.

The rule (RFC 9110, with what nginx's regex maps can express):

- the representations, in the server's order of preference: HTML, Turtle, JSON-LD,
  N-Triples, RDF/XML. ``application/xhtml+xml`` asks for HTML, ``application/x-turtle``
  for Turtle, and ``application/json`` for JSON-LD (JSON-LD is JSON: a script asking for
  JSON gets a document it can read, and nginx shipped that mapping already);
- a representation's q-value comes from the most specific range of the Accept header that
  names it: its own type (the first one listed), else ``text/*`` or ``application/*``,
  else ``*/*``; no Accept header counts as ``*/*``;
- q-values count to one decimal (0.85 is 0.8; any non-zero value below 0.1 counts as 0.1,
  so it stays acceptable; ``q=0`` refuses); the highest wins, ties go to the server's order;
- nothing acceptable: 406, listing what is offered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Representation:
    name: str  # also the nginx variable suffix
    media: str  # the Content-Type answered
    ext: str  # the release file suffix
    names: tuple[str, ...]  # the media types that ask for it
    family: str  # the type/* range that covers it


REPRESENTATIONS = (
    Representation("html", "text/html", ".html", ("text/html", "application/xhtml+xml"),
                   "text"),
    Representation("ttl", "text/turtle", ".ttl", ("text/turtle", "application/x-turtle"),
                   "text"),
    Representation("jsonld", "application/ld+json", ".jsonld",
                   ("application/ld+json", "application/json"), "application"),
    Representation("nt", "application/n-triples", ".nt", ("application/n-triples",),
                   "application"),
    Representation("rdf", "application/rdf+xml", ".rdf", ("application/rdf+xml",),
                   "application"),
)
BY_EXT = {r.ext: r for r in REPRESENTATIONS}
FAMILIES = ("text", "application")
# A range's parameters (``;q=0.5;...``, prefixed by "y" when the range is present) -> its
# level 0..10. First match wins, in nginx and here alike.
LEVELS = (
    (r";\s*q\s*=\s*1", "10"),
    (r";\s*q\s*=\s*0?\.([1-9])", "$1"),
    (r";\s*q\s*=\s*0?\.0*[1-9]", "1"),
    (r";\s*q\s*=", "0"),
    (r"^y", "10"),
)


def _range(names: tuple[str, ...]) -> str:
    """The regex that finds the first range of the header naming one of ``names`` and
    captures its parameters."""
    alternatives = "|".join(re.escape(n) for n in names)
    return rf"(?:^|,)\s*(?:{alternatives})\s*(?P<p>;[^,]*)?(?:,|$)"


def _py(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


def _level(accept: str, names: tuple[str, ...]) -> int | None:
    """The level of the first range naming one of ``names``; None if none does."""
    m = _py(_range(names)).search(accept)
    if not m:
        return None
    params = "y" + (m.group("p") or "")
    for pattern, value in LEVELS:
        hit = _py(pattern).search(params)
        if hit:
            return int(hit.group(1)) if value == "$1" else int(value)
    return None  # unreachable: the last rule matches "y"


def levels(accept: str | None) -> dict[str, int]:
    """Each representation's level (0..10) for this Accept header."""
    accept = accept if accept and accept.strip() else "*/*"
    any_level = _level(accept, ("*/*",))
    family = {f: _level(accept, (f + "/*",)) for f in FAMILIES}
    out = {}
    for rep in REPRESENTATIONS:
        for level in (_level(accept, rep.names), family[rep.family], any_level):
            if level is not None:
                out[rep.name] = level
                break
        else:
            out[rep.name] = 0
    return out


def representation(accept: str | None, offered=REPRESENTATIONS) -> Representation | None:
    """The representation to answer with, or None (406)."""
    found = levels(accept)
    best = max(REPRESENTATIONS, key=lambda r: (found[r.name], -REPRESENTATIONS.index(r)))
    if found[best.name] == 0 or best not in offered:
        return None
    return best


def not_acceptable() -> str:
    return "not acceptable: this IRI is offered as " + ", ".join(
        r.media for r in REPRESENTATIONS) + " (and application/json, read as JSON-LD)"


# ------------------------------------------------------------------------------- nginx

def _nginx_quote(text: str) -> str:
    """``text`` in double quotes; nginx keeps ``\\s``, ``\\d``, ``\\+`` as they are."""
    assert '"' not in text and not any(e in text for e in ("\\\\", "\\t", "\\n", "\\r"))
    return f'"{text}"'


def nginx_maps() -> str:
    """The ``map`` blocks that set ``$narcokg_ext`` (``.html``, ``.ttl``, ..., or empty for
    406) from ``$http_accept`` by the rule above."""
    ranges = [(r.name, r.names) for r in REPRESENTATIONS]
    ranges += [(f, (f + "/*",)) for f in FAMILIES] + [("any", ("*/*",))]
    out = ["# generated by narcokg.serving.conneg.nginx_maps(): do not edit by hand",
           "map $http_accept $narcokg_accept {", '    ""    "*/*";',
           "    default    $http_accept;", "}"]
    for name, names in ranges:
        out += [f"map $narcokg_accept $narcokg_r_{name} {{",
                f"    {_nginx_quote('~*' + _range(names))}    \"y$p\";",
                '    default    "";', "}",
                f"map $narcokg_r_{name} $narcokg_l_{name} {{", '    ""    "";']
        out += [f"    {_nginx_quote('~*' + p)}    {v};" for p, v in LEVELS]
        out += ["}"]
    for rep in REPRESENTATIONS:
        out += [f'map "$narcokg_l_{rep.name}:$narcokg_l_{rep.family}:$narcokg_l_any" '
                f"$narcokg_q_{rep.name} {{",
                r'    "~^(\d+):"    $1;', r'    "~^:(\d+):"    $1;',
                r'    "~^::(\d+)$"    $1;', "    default    0;", "}"]
    source = " ".join(f"$narcokg_q_{r.name}" for r in REPRESENTATIONS)
    out += [f'map "{source}" $narcokg_ext {{']
    for level in range(10, 0, -1):
        for i, rep in enumerate(REPRESENTATIONS):
            pattern = _nginx_quote(r"~^(\S+ ){" + f"{i}}}{level}" + "( |$)")
            out += [f"    {pattern}    {rep.ext};"]
    out += ['    default    "";', "}"]
    return "\n".join(out) + "\n"

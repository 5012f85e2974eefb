"""Parse an RDF file safely: size limit, no network, errors with file/line/column."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox

from narcokg.errors import InputError

from .yamlsafe import CONTROL, read_text

MAX_RDF_BYTES = 50 * 1024 * 1024
MAX_JSON_DEPTH = 100  # JSON-LD entries nest a few levels; contexts a few more


def _refuse_remote_jsonld(text: str, path: Path) -> None:
    """Refuse remote contexts and nesting deeper than MAX_JSON_DEPTH (walked without
    recursion; json's own recursion limit is turned into the same clear error)."""
    deep = InputError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels", str(path))
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"JSON syntax error: {exc.msg}", str(path), exc.lineno,
                         exc.colno) from None
    except RecursionError:
        raise deep from None
    stack = [(doc, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise deep
        if isinstance(node, list):
            stack.extend((item, depth + 1) for item in node)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key in ("@context", "@import"):
                    for ctx in value if isinstance(value, list) else [value]:
                        if isinstance(ctx, str):
                            raise InputError(f"remote JSON-LD {key} {ctx!r} is not fetched: "
                                             "inline the context (narcokg never reads the "
                                             "network while parsing)", str(path))
                stack.append((value, depth + 1))


def _one_line(message: str) -> str:
    """A parser's message on one line, its control characters shown as ``\\uXXXX`` (the
    message may quote the offending input)."""
    message = " ".join(message.split())
    return CONTROL.sub(lambda m: f"\\u{ord(m.group()):04X}", message)


def parse_rdf_file(path: Path, fmt: ox.RdfFormat, limit: int = MAX_RDF_BYTES) -> list:
    text = read_text(path, limit)
    if fmt == ox.RdfFormat.JSON_LD:
        _refuse_remote_jsonld(text, path)
    if fmt == ox.RdfFormat.RDF_XML and re.search(r"<!(DOCTYPE|ENTITY)", text):
        raise InputError("RDF/XML with a DOCTYPE or ENTITY declaration is refused (external "
                         "entities and entity expansion are not allowed)", str(path))
    try:
        return [q.triple for q in ox.parse(text, fmt, base_iri=None, without_named_graphs=True)]
    except SyntaxError as exc:
        raise InputError(f"syntax error: {_one_line(str(exc.msg))}", str(path), exc.lineno,
                         exc.offset) from None
    except ValueError as exc:
        raise InputError(f"cannot parse: {_one_line(str(exc))}", str(path)) from None

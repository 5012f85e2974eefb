"""How parameters become RDF terms and reach a query's text: the short forms accepted for IRI
parameters (``state:BE``, ``clause-type:extradition``, ``org/eu``) and the VALUES block that
binds parameters for an endpoint. Shared by the competency queries (``narcokg.query``) and
ad-hoc SPARQL (``narcokg.sparql``), which therefore never import each other."""

from __future__ import annotations

import re

import pyoxigraph as ox

from narcokg.errors import InputError
from narcokg.namespaces import GRAPH, ID, PREFIXES, VOCAB

RESOLUTION = ID + "document/be-chamber-resolution-2026-01-21"

DATA_KINDS = ("state", "port", "city", "org", "person", "treaty", "policy", "document",
              "liaison-post", "route", "seizure", "sanction", "sanction-regime",
              "designation", "membership", "response", "source", "coverage")
SCHEMES = ("body-status", "claim-status", "clause-type", "designation-type", "drug-type",
           "event-type", "instrument-status", "instrument-type", "liaison-role",
           "membership-role", "quantity-qualifier", "region", "response-status",
           "sanction-kind", "task-type", "statehood-status", "slice-type", "completeness")

# Short forms accepted for IRI parameters: prefix -> namespace. ``org:`` stays the W3C ORG
# vocabulary; write an organisation as ``org/eu`` (the ``kind/key`` form of the entry files).
SHORT_FORMS: dict[str, str] = {
    **{k: v for k, v in PREFIXES.items()},
    **{scheme: f"{VOCAB}{scheme}/" for scheme in SCHEMES},
    **{kind: f"{ID}{kind}/" for kind in DATA_KINDS if kind != "org"},
    "demand": RESOLUTION + "/demand/",
    "consideration": RESOLUTION + "/consideration/",
    "graph": GRAPH,
}

_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
_LOCAL = re.compile(r"^[A-Za-z0-9_~%+-][A-Za-z0-9._~%+-]*(/[A-Za-z0-9._~%+-]+)*$")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def expand_iri(raw: str) -> str:
    """An absolute IRI (optionally in <>), ``prefix:local`` from SHORT_FORMS, or a data
    ``kind/key`` such as ``org/eu`` (relative to https://w3id.org/narcokg/id/)."""
    value = raw.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    head, sep, local = value.partition(":")
    if sep and head in SHORT_FORMS and _LOCAL.match(local):
        value = SHORT_FORMS[head] + local
    elif not sep and value.split("/", 1)[0] in DATA_KINDS and _LOCAL.match(value):
        value = ID + value
    if not _IRI.match(value):
        raise ValueError("not an IRI (want an absolute IRI, a short form such as "
                         "state:BE or clause-type:aml-cooperation, or kind/key like org/eu)")
    return ox.NamedNode(value).value  # pyoxigraph validates the IRI syntax


def values_block(terms: dict[str, object]) -> str:
    if not terms:
        return ""
    names = " ".join(f"?{n}" for n in terms)
    row = " ".join(str(t) for t in terms.values())  # N-Triples form: escaped by pyoxigraph
    return f"VALUES ({names}) {{ ({row}) }}"


def with_values(text: str, terms: dict[str, object]) -> str:
    """The query text with a VALUES block first in its top-level WHERE group."""
    if not terms:
        return text
    body = "\n".join("" if line.startswith("#") else line for line in text.splitlines())
    m = _WHERE.search(body)
    if not m:
        raise InputError("query has no `WHERE {`: cannot bind its parameters remotely")
    return body[:m.end()] + "\n  " + values_block(terms) + "\n" + body[m.end():]

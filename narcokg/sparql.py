"""Ad-hoc SPARQL: any SELECT, ASK, CONSTRUCT or DESCRIBE query, on the embedded store or on a
remote endpoint. Updates are refused: these are read-only doors.

The project's prefixes (``nkg:``, ``skos:``, ``xsd:``, ... of ``narcokg.namespaces``) are
known without a PREFIX line; a query's own PREFIX line wins.

The dataset: the union of the named graphs is the default graph (as for the competency
queries), unless the query names its own with ``FROM`` / ``FROM NAMED``: then it gets exactly
that dataset (``FROM <g>`` counts the triples of ``<g>`` only; ``FROM NAMED`` alone leaves
the default graph empty, as SPARQL 1.1 says). On an endpoint the query is sent as written.

Parameters (``params={"name": value}``) bind the variable of the same name, as for the
competency queries (a variable the query selects; see ``narcokg.query``): an
``ox.NamedNode``, a string in angle brackets (``"<https://w3id.org/narcokg/id/state/BE>"``)
or a short form in them (``"<state:BE>"``) is an IRI; a bool, int, float, ``datetime.date``
or other string is a typed literal.
"""

from __future__ import annotations

import datetime as dt
import json
import time

import pyoxigraph as ox

from narcokg.errors import EndpointError, InputError
from narcokg.namespaces import PREFIXES
from narcokg.results import BooleanResult, GraphResult, QueryResult
from narcokg.sparql_service import names_dataset, tokens

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
XSD = "http://www.w3.org/2001/XMLSchema#"
def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; an InputError for an update or anything else."""
    found = list(tokens(text))
    at = 0
    while at < len(found) and found[at][1].upper() in ("PREFIX", "BASE"):
        at += 3 if found[at][1].upper() == "PREFIX" else 2  # PREFIX p: <iri> / BASE <iri>
    kind, token = found[at] if at < len(found) else ("", "")
    word = token.upper() if kind == "word" else ""
    if word in FORMS:
        return word
    if word in UPDATES:
        raise InputError(f"this is a SPARQL update ({word}): only SELECT, ASK, CONSTRUCT "
                         "and DESCRIBE are run here, and the store is never changed")
    shown = word or token[:20] or "nothing"
    raise InputError(f"not a SPARQL query: want SELECT, ASK, CONSTRUCT or DESCRIBE "
                     f"(after PREFIX and BASE), found {shown!r}")


def to_term(name: str, value):
    """The RDF term for a Python value given as parameter ``name`` (see the module doc)."""
    if isinstance(value, ox.NamedNode | ox.BlankNode | ox.Literal):
        return value
    if isinstance(value, bool):
        return ox.Literal(str(value).lower(), datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(XSD + "double"))
    if isinstance(value, dt.datetime):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "dateTime"))
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    if isinstance(value, str):
        if value.startswith("<") and value.endswith(">"):
            from narcokg.query_terms import expand_iri

            try:
                return ox.NamedNode(expand_iri(value[1:-1]))
            except ValueError as exc:
                raise InputError(f"parameter {name}={value!r}: {exc}") from None
        return ox.Literal(value)
    raise InputError(f"parameter {name}: cannot bind a {type(value).__name__} "
                     "(give a str, int, float, bool, date or a pyoxigraph term)")


def with_prefixes(text: str) -> str:
    """The text with a PREFIX line first for each project prefix it uses without declaring
    it (for an endpoint; the embedded store is given them with ``prefixes=``)."""
    found = list(tokens(text))
    declared = {found[i + 1][1].partition(":")[0] for i, (kind, token) in enumerate(found[:-1])
                if kind == "word" and token.upper() == "PREFIX"}
    named = {token.partition(":")[0] for kind, token in found if kind == "name"}
    used = [p for p in PREFIXES if p in named and p not in declared]
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in used) + text


def run_on_db(db: ox.Store, text: str, terms: dict | None = None):
    """Run on an open pyoxigraph store (``db``)."""
    from narcokg.sparql_service import refuse_service

    form = query_form(text)
    refuse_service(text)
    started = time.perf_counter()
    subs = {ox.Variable(n): t for n, t in (terms or {}).items()}
    try:
        answer = db.query(text, use_default_graph_as_union=not names_dataset(text),
                          substitutions=subs, prefixes=PREFIXES)
        result = _materialise(answer)
    except SyntaxError as exc:
        raise InputError(f"SPARQL syntax error: {_line(exc)}") from None
    except ValueError as exc:
        raise InputError(f"{form} query failed: {_line(exc)}") from None
    result.seconds = time.perf_counter() - started
    return result


def _line(exc: BaseException) -> str:
    from narcokg.sparql_client import printable

    return printable(str(exc)) or type(exc).__name__


def _materialise(answer):
    if isinstance(answer, ox.QueryBoolean):
        return BooleanResult(bool(answer))
    if isinstance(answer, ox.QueryTriples):
        return GraphResult(list(answer))
    columns = [v.value for v in answer.variables]
    return QueryResult(columns, [tuple(s[i] for i in range(len(columns))) for s in answer])


def run_on_endpoint(url: str, text: str, terms: dict | None = None, timeout: float = 30.0):
    """Run on a SPARQL 1.1 endpoint within ``timeout`` seconds in all (bounded client,
    ``narcokg.sparql_client``); parameters are joined in with a VALUES block."""
    from narcokg import sparql_client as client
    from narcokg.query_terms import with_values

    form = query_form(text)
    sent = with_values(with_prefixes(text), terms or {})
    accept = ("application/n-triples, text/turtle;q=0.9" if form in ("CONSTRUCT", "DESCRIBE")
              else client.ACCEPT)
    started = time.perf_counter()
    body = client.fetch(url, sent, timeout, accept=accept)
    result = _decode(body, form, url)
    result.seconds = time.perf_counter() - started
    return result


def _decode(body: bytes, form: str, url: str):
    from narcokg import sparql_client as client

    if form == "SELECT":
        return QueryResult(*client.solutions(body, url))
    try:
        if form == "ASK":  # Virtuoso answers with a table: client.ask_answer reads both
            return BooleanResult(client.ask_answer(json.loads(body), url))
        # Turtle reads N-Triples too, so either answer parses
        return GraphResult([q.triple for q in ox.parse(body, format=ox.RdfFormat.TURTLE)])
    except (SyntaxError, ValueError) as exc:
        raise EndpointError(f"endpoint {url} gave a malformed answer to {form}: "
                            f"{_line(exc)}") from None


def run_sparql(text: str, store=None, endpoint: str | None = None, params: dict | None = None,
               timeout: float = 30.0, db: ox.Store | None = None):
    """Run ad-hoc SPARQL on the store at path ``store`` (default: see
    ``narcokg.store_location``), on an open pyoxigraph store ``db``, or on ``endpoint``.
    Returns a QueryResult (SELECT), BooleanResult (ASK) or GraphResult (CONSTRUCT,
    DESCRIBE)."""
    terms = {name: to_term(name, value) for name, value in (params or {}).items()}
    if endpoint:
        return run_on_endpoint(endpoint, text, terms, timeout)
    if db is not None:
        return run_on_db(db, text, terms)
    query_form(text)  # an update or a non-query fails before the store is opened
    from narcokg.store import open_store

    with open_store(store) as opened:
        return run_on_db(opened, text, terms)

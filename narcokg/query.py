"""The query library: safe parameter binding for the competency queries (their files and
headers: ``narcokg.query_defs``, whose names are public here too), and running them on the
embedded store or on a remote SPARQL endpoint.

A parameter is the SPARQL variable of the same name. Values are never pasted into SPARQL
text: each is parsed per its declared kind (``iri``: an absolute IRI or a short form from
``SHORT_FORMS``; ``date``: ``YYYY-MM-DD``; ``integer``; ``boolean``: true or false;
``string``: any text, as a literal) into an RDF term (an IRI given by the user must be
mentioned by the data: an unknown one is an error naming the nearest ones, see
narcokg.query_check), then

- on the embedded store, written into the query's groups as constants in their N-Triples
  form (narcokg.query_inline: pyoxigraph's ``substitutions=`` bind after planning, and the
  plan then scans what the constant would have looked up);
- on a remote endpoint (``endpoint=URL``, ``narcokg.sparql_client``, JSON results), written
  in the same way (an endpoint, too, plans a query before a ``VALUES`` block binds
  anything); control characters are escaped again for the wire.

Both give the same answers because the queries follow four rules (checked by the tests,
which run every query both ways): a parameter is projected by ``SELECT`` (pyoxigraph binds
only projected variables) and is in ``GROUP BY`` when the query aggregates; inside
``MINUS`` it occurs in a triple pattern, never only in a filter; it is never the end of a
``*``/``?`` property path; it is not used inside a sub-select. Parameter columns are dropped
from the answer.

A remote endpoint must expose the union of its named graphs as its default graph, as the
embedded store does (``use_default_graph_as_union=True``), for example
``oxigraph serve --location DIR --bind 127.0.0.1:7878 --union-default-graph``; pass its
query URL (``http://127.0.0.1:7878/query``).
"""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import pyoxigraph as ox

from narcokg.errors import InputError
from narcokg.namespaces import GRAPH, ID, PREFIXES, VOCAB  # noqa: F401  (tests read q.VOCAB)
from narcokg.query_defs import (  # noqa: F401  (public here too: their home was here)
    KINDS,
    LANGS,
    Param,
    QueryDef,
    list_queries,
    load_query,
    parse_query_file,
)
from narcokg.query_terms import (  # noqa: F401  (public here too, as before)
    DATA_KINDS,
    SCHEMES,
    SHORT_FORMS,
    expand_iri,
    values_block,
    with_values,
)
from narcokg.results import QueryResult  # noqa: F401  (its home was here)

RESOLUTION = ID + "document/be-chamber-resolution-2026-01-21"
XSD = PREFIXES["xsd"]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INTEGER = re.compile(r"^[+-]?\d{1,18}$")
# control characters that inlining unescaped (``"\u0000"`` in a sort key): escaped again for
# the wire, where SPARQL reads ``\u`` escapes before parsing, so the query stays the same
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


# --------------------------------------------------------------------------- the library

def parse_value(param: Param, raw: str):
    """The RDF term for ``raw`` given the parameter's kind; InputError if it does not fit."""
    try:
        if param.kind == "iri":
            return ox.NamedNode(expand_iri(raw))
        if param.kind == "date":
            if not _DATE.match(raw.strip()):
                raise ValueError("not a date (want YYYY-MM-DD)")
            dt.date.fromisoformat(raw.strip())
            return ox.Literal(raw.strip(), datatype=ox.NamedNode(XSD + "date"))
        if param.kind == "boolean":
            if raw.strip().lower() not in ("true", "false"):
                raise ValueError("not a boolean (want true or false)")
            return ox.Literal(raw.strip().lower(), datatype=ox.NamedNode(XSD + "boolean"))
        if param.kind == "integer":
            if not _INTEGER.match(raw.strip()):
                raise ValueError("not an integer")
            return ox.Literal(str(int(raw)), datatype=ox.NamedNode(XSD + "integer"))
        if "\x00" in raw:
            raise ValueError("contains a NUL character")
        return ox.Literal(raw)
    except ValueError as exc:
        shown = raw if len(raw) <= 60 else raw[:57] + "..."
        raise InputError(f"parameter {param.name}={shown!r}: {exc}") from None


def bindings(qdef: QueryDef, params: dict[str, str] | None = None,
             lang: str | None = None) -> dict[str, object]:
    """Every declared parameter bound to a term: the given value, else the default. ``lang``
    sets the ``lang`` parameter unless it is given explicitly."""
    given = dict(params or {})
    unknown = sorted(set(given) - {p.name for p in qdef.params})
    if unknown:
        names = ", ".join(p.name for p in qdef.params) or "none"
        raise InputError(f"query {qdef.id} has no parameter {', '.join(unknown)} "
                         f"(its parameters: {names})")
    if lang is not None and "lang" not in given and qdef.param("lang"):
        given["lang"] = lang
    return {p.name: parse_value(p, given.get(p.name, p.default)) for p in qdef.params}


def parse_param_args(items: list[str] | None) -> dict[str, str]:
    out = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise InputError(f"--param {item!r}: want name=value")
        out[name.strip()] = value
    return out


def _answer_columns(columns, qdef) -> list[int]:
    """Indexes of the columns that are not parameters (parameter columns are dropped)."""
    return [i for i, c in enumerate(columns) if qdef.param(c) is None]


def _drop_params(columns, rows, qdef):
    keep = _answer_columns(columns, qdef)
    return [columns[i] for i in keep], [tuple(r[i] for i in keep) for r in rows]


def run_on_store(store, qdef: QueryDef, terms: dict[str, object]) -> QueryResult:
    from narcokg.query_inline import inline_terms
    from narcokg.sparql_service import refuse_service

    refuse_service(qdef.text)
    started = time.perf_counter()
    try:
        solutions = store.query(inline_terms(qdef.text, terms), use_default_graph_as_union=True)
    except (SyntaxError, ValueError, RuntimeError, OSError) as exc:
        raise InputError(f"query {qdef.id} failed: {exc}", str(qdef.path)) from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise InputError(f"query {qdef.id} is not a SELECT query", str(qdef.path))
    columns = [v.value for v in solutions.variables]
    keep = _answer_columns(columns, qdef)  # parameter columns are never decoded
    rows = [tuple(s[i] for i in keep) for s in solutions]
    return QueryResult([columns[i] for i in keep], rows, time.perf_counter() - started)


def run_on_endpoint(url: str, qdef: QueryDef, terms: dict[str, object],
                    timeout: float = 30.0, retries: int = 1,
                    max_bytes: int | None = None) -> QueryResult:
    """Run on a SPARQL 1.1 endpoint (``narcokg.sparql_client``, JSON results). The whole
    run ends within ``timeout`` seconds, retries included: a connection failure is retried
    ``retries`` times while time is left. An HTTP error, a server that does not finish in
    time, an answer over ``max_bytes`` (default 100 MB) or malformed results end in a
    one-line EndpointError."""
    from narcokg import sparql_client as client
    from narcokg.query_inline import inline_terms

    # the parameters written in as constants, as on the embedded store: an endpoint plans
    # the query before a VALUES block binds anything too (on the serve endpoint, at 1M
    # quads: latam-states-clause-coverage 4.7 s with VALUES, 0.04 s inlined)
    text = _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04X}", inline_terms(qdef.text, terms))
    started = time.perf_counter()
    body = client.fetch(url, text, timeout, f"query {qdef.id}", retries,
                        max_bytes or client.MAX_ANSWER)
    columns, rows = client.solutions(body, url)
    columns, rows = _drop_params(columns, rows, qdef)
    return QueryResult(columns, rows, time.perf_counter() - started)


def run_query(ref: str | Path | QueryDef, params: dict[str, str] | None = None,
              lang: str | None = None, store=None, store_path=None,
              endpoint: str | None = None, timeout: float = 30.0, db=None,
              limit: int | None = None, offset: int | None = None):
    """Run a competency query by id, path or definition, or ad-hoc SPARQL text (anything
    with a space or a brace that is not a file: see ``narcokg.sparql.run_sparql``).

    ``store`` is the store's folder (a path; default: ``narcokg.store_location``), ``db`` an
    open pyoxigraph store, ``endpoint`` a SPARQL endpoint's query URL. ``store_path`` is
    the old name of ``store``; an open store given as ``store`` is taken as ``db``.
    ``limit``/``offset`` page a SELECT (``narcokg.query_paging``)."""
    from dataclasses import replace

    from narcokg.query_check import check_iris
    from narcokg.query_paging import page_text

    if isinstance(store, ox.Store):
        store, db = None, store
    store = store if store is not None else store_path
    if isinstance(ref, str) and is_sparql_text(ref):
        from narcokg.sparql import run_sparql

        return run_sparql(page_text(ref, limit, offset), store=store, endpoint=endpoint,
                          params=params, timeout=timeout, db=db)
    qdef = ref if isinstance(ref, QueryDef) else load_query(ref)
    if limit is not None or offset:
        qdef = replace(qdef, text=page_text(qdef.text, limit, offset))
    terms = bindings(qdef, params, lang)
    given = dict(params or {})
    if endpoint:
        check_iris(qdef, given, terms, SHORT_FORMS, endpoint=endpoint, timeout=timeout)
        return run_on_endpoint(endpoint, qdef, terms, timeout=timeout)
    if db is not None:
        check_iris(qdef, given, terms, SHORT_FORMS, store=db)
        return run_on_store(db, qdef, terms)
    from narcokg.store import open_store

    with open_store(store) as opened:
        check_iris(qdef, given, terms, SHORT_FORMS, store=opened)
        return run_on_store(opened, qdef, terms)


def is_sparql_text(ref: str) -> bool:
    """Query text rather than an id or a file: it has a space or a brace and is no file."""
    if not re.search(r"[\s{]", ref):
        return False
    try:
        return not Path(ref).is_file()
    except (OSError, ValueError):
        return True

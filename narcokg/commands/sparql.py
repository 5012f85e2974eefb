"""narcokg sparql"""

from __future__ import annotations

import sys

SELECT_FORMATS = ("table", "csv", "tsv", "json")
GRAPH_FORMATS = ("turtle", "n-triples", "json-ld")
FORMATS = SELECT_FORMATS + GRAPH_FORMATS


def register(sub) -> None:
    p = sub.add_parser(
        "sparql", help="run your own SPARQL query (text, a .rq file or stdin)",
        description="Run an ad-hoc SELECT, ASK, CONSTRUCT or DESCRIBE query on the embedded "
        "store (read-only) or on --endpoint. The default graph is the union of the named "
        "graphs, unless the query has its own FROM / FROM NAMED: then it gets that dataset. "
        "The project's prefixes (nkg:, skos:, xsd:, dcterms:, ...) need no PREFIX line. "
        "Updates are refused.",
        epilog="examples: narcokg sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'  |  "
        "narcokg sparql my-question.rq --format csv  |  "
        "echo 'DESCRIBE <https://w3id.org/narcokg/id/state/BE>' | narcokg sparql -")
    p.add_argument("query", metavar="QUERY|FILE|-",
                   help="the query text, a file holding it (any .rq file, no header "
                   "needed), or - to read it from stdin")
    p.add_argument("--format", "-f", metavar="FORMAT", default=None,
                   help="SELECT and ASK: table (default), csv, tsv, json (SPARQL 1.1 "
                   "results); CONSTRUCT and DESCRIBE: turtle (default), n-triples, json-ld")
    p.add_argument("--store", help="store folder (default: $NARCOKG_STORE, "
                   "./.narcokg/store, then the user's config.toml or data folder)")
    p.add_argument("--endpoint", metavar="URL", help="a SPARQL endpoint's query URL instead "
                   "of the embedded store")
    p.add_argument("--timeout", type=float, default=30.0, metavar="S",
                   help="endpoint deadline in seconds for the whole answer (default 30)")
    p.set_defaults(func=run)


def run(args) -> int:
    from narcokg.errors import InputError
    from narcokg.sparql import run_sparql

    if args.format is not None and args.format not in FORMATS:
        raise InputError(f"unknown format {args.format!r} (want {', '.join(FORMATS)})")
    result = run_sparql(read_query(args.query), store=args.store, endpoint=args.endpoint,
                        timeout=args.timeout)
    sys.stdout.write(render_answer(result, args.format))
    return 0


def read_query(arg: str) -> str:
    """``-``: stdin; an existing file or a name ending in .rq/.sparql: that file; else the
    argument is the query."""
    from pathlib import Path

    from narcokg.errors import InputError

    if arg == "-":
        return sys.stdin.read()
    path = Path(arg)
    looks_like_file = "\n" not in arg and len(arg) < 4096
    if looks_like_file and (path.suffix in (".rq", ".sparql") or path.is_file()):
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError(f"no query file {arg}") from None
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or "not UTF-8 text"
            raise InputError(f"cannot read {arg}: {reason}") from None
    return arg


def render_answer(result, fmt: str | None) -> str:
    """The answer as text in ``fmt`` (None: the default for its kind), control characters
    escaped; an InputError when the format does not fit the kind of answer."""
    from narcokg.commands.query import inert, render, table
    from narcokg.namespaces import PREFIXES
    from narcokg.results import BooleanResult, GraphResult

    if isinstance(result, GraphResult):
        fmt = fmt or "turtle"
        if fmt == "table":
            return table(result.as_table())
        _fits(fmt, GRAPH_FORMATS, "CONSTRUCT and DESCRIBE")
        text = result.serialize(fmt, prefixes=PREFIXES).decode("utf-8")
        return inert(text, keep="\t\n") + ("" if text.endswith("\n") or not text else "\n")
    fmt = fmt or "table"
    _fits(fmt, SELECT_FORMATS, "SELECT and ASK")
    if isinstance(result, BooleanResult):
        if fmt == "table":
            return f"{str(result.value).lower()}\n"
        return result.serialize(fmt).decode("utf-8") + "\n"
    return render(result, fmt)


def _fits(fmt: str, allowed: tuple, kinds: str) -> None:
    from narcokg.errors import InputError

    if fmt not in allowed:
        raise InputError(f"--format {fmt} does not fit this query: {kinds} answers take "
                         f"{', '.join(allowed)}")

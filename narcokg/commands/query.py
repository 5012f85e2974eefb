"""narcokg query"""

from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser("query", help="run a competency query on the store or an endpoint",
                       description="Run one query of `narcokg queries` (by id or .rq file) on "
                       "the embedded store, or with --endpoint on any SPARQL 1.1 endpoint that "
                       "exposes the union of its named graphs as the default graph (e.g. "
                       "`oxigraph serve --union-default-graph`). Parameter values are parsed "
                       "per their declared kind and bound safely, never pasted into the query.")
    p.add_argument("query", metavar="ID|FILE", help="a query id or a path to a .rq file")
    p.add_argument("--param", "-p", action="append", metavar="NAME=VALUE", default=[],
                   help="a parameter value (repeatable); IRIs may be short: state:BE, "
                   "clause-type:aml-cooperation, demand:3.1, org/eu")
    p.add_argument("--format", "-f", choices=("table", "csv", "tsv", "json"), default="table")
    p.add_argument("--lang", choices=("en", "nl", "fr"), default="en",
                   help="language of the labels (sets the lang parameter; default en)")
    p.add_argument("--store", help="store folder (default: $NARCOKG_STORE or ./.narcokg/store)")
    p.add_argument("--endpoint", metavar="URL", help="a SPARQL endpoint's query URL instead "
                   "of the embedded store")
    p.add_argument("--timeout", type=float, default=30.0, metavar="S",
                   help="endpoint deadline in seconds for the whole answer, a retry "
                   "after a failed connection included (default 30)")
    p.add_argument("--limit", type=int, metavar="N", help="at most N rows (a page of a "
                   "listing that grows with the graph: see `paged` in `narcokg queries`)")
    p.add_argument("--offset", type=int, metavar="M", help="skip the first M rows")
    p.set_defaults(func=run)


def run(args) -> int:
    from narcokg.query import parse_param_args, run_query

    result = run_query(args.query, parse_param_args(args.param), lang=args.lang,
                       store_path=args.store, endpoint=args.endpoint, timeout=args.timeout,
                       limit=args.limit, offset=args.offset)
    sys.stdout.write(render(result, args.format))
    return 0


def _short(term) -> str:
    import pyoxigraph as ox

    from narcokg.query import SHORT_FORMS

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        best = max((ns for ns in SHORT_FORMS.values() if term.value.startswith(ns)),
                   key=len, default=None)
        if best:
            prefix = next(k for k, v in SHORT_FORMS.items() if v == best)
            return f"{prefix}:{term.value[len(best):]}"
    return term.value


def inert(text: str, keep: str = "") -> str:
    """Control characters (C0 but ``keep``, DEL, C1) as ``\\uXXXX``: stored strings never
    reach the terminal as escape sequences. Inside JSON strings and N-Triples literals the
    escape means the same character."""
    import re

    return re.sub(r"[\x00-\x1f\x7f-\x9f]", lambda m: m.group() if m.group() in keep
                  else f"\\u{ord(m.group()):04X}", text)


def render(result, fmt: str) -> str:
    """table (IRIs shortened), or pyoxigraph's SPARQL 1.1 results writers: csv (plain
    values), tsv (terms in N-Triples form) or json. Control characters in values are
    escaped (``\\u001B``), never printed raw."""
    if fmt in ("csv", "tsv", "json"):
        text = result.serialize(fmt).decode("utf-8")
        keep = {"csv": "\t\n\r", "tsv": "\t\n"}.get(fmt, "")
        return inert(text, keep=keep) + ("\n" if fmt == "json" else "")
    return table(result)


def table(result) -> str:
    """The answer as an aligned text table, IRIs shortened, at most 60 characters a cell."""
    cells = [[inert(_short(t).replace("\n", " ")) for t in row] for row in result.rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(result.columns)]
    widths = [min(w, 60) for w in widths]

    def line(values):
        return "  ".join((v if len(v) <= w else v[:w - 1] + "…").ljust(w)
                         for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(result.columns), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    out.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(out) + "\n"

"""narcokg serve"""

from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser(
        "serve", help="serve the store read-only: SPARQL endpoint and resource pages",
        description="Serve a snapshot of the store read-only on 127.0.0.1: a SPARQL 1.1 "
        "Protocol endpoint at /sparql (no UPDATE; SERVICE only to --allow-service URLs; a "
        "query timeout and a result-size cap) and the resource IRIs /id/... with content "
        "negotiation (HTML, Turtle, JSON-LD). Queries run in an `oxigraph serve-read-only` "
        "process behind the front. The snapshot is taken at start (hard links): restart to "
        "serve a rebuilt store.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    p.add_argument("--port", type=int, default=8080, help="port (8080)")
    p.add_argument("--store", help="store folder (default: $NARCOKG_STORE or ./.narcokg/store)")
    p.add_argument("--timeout", type=float, default=30.0, help="query timeout in seconds (30)")
    p.add_argument("--max-results", type=int, default=10_000,
                   help="most rows (SELECT) or triples (CONSTRUCT/DESCRIBE) returned (10000)")
    p.add_argument("--allow-service", action="append", default=[], metavar="URL",
                   help="a SERVICE endpoint queries may call (repeatable; a URL ending in / "
                   "allows everything below it); none by default")
    p.set_defaults(func=run)


def run(args) -> int:
    from narcokg.serve import ServeConfig, serve

    config = ServeConfig(host=args.host, port=args.port, store=args.store,
                         timeout=args.timeout, max_results=args.max_results,
                         allow_service=args.allow_service)
    serve(config, ready=lambda url: print(f"serving {url}/sparql and {url}/id/ "
                                          "(Ctrl-C to stop)", file=sys.stderr, flush=True))
    return 0

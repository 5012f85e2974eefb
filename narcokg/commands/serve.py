"""narcokg serve"""

from __future__ import annotations

import sys

from narcokg.errors import InputError


def register(sub) -> None:
    p = sub.add_parser(
        "serve", help="serve the store read-only: SPARQL endpoint and resource pages",
        description="Serve a snapshot of the store read-only on 127.0.0.1: a SPARQL 1.1 "
        "Protocol endpoint at /sparql (no UPDATE, no SERVICE: the endpoint makes no outbound "
        "calls; a query timeout, a result-size cap, 1 MB request bodies) and the resource "
        "IRIs /id/... with content negotiation (HTML, Turtle, JSON-LD). Queries run in a few "
        "engine processes behind the front, which have no network access and die with it. "
        "The snapshot is taken at start (hard links): restart to serve a rebuilt store.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    p.add_argument("--port", type=int, default=8080, help="port (8080)")
    p.add_argument("--store", help="store folder (default: $NARCOKG_STORE or ./.narcokg/store)")
    p.add_argument("--timeout", type=float, default=30.0, help="query timeout in seconds (30)")
    p.add_argument("--max-results", type=int, default=10_000,
                   help="most rows (SELECT) or triples (CONSTRUCT/DESCRIBE) returned (10000)")
    p.add_argument("--engines", type=int, default=0, metavar="N",
                   help="query engine processes, i.e. queries run at once (default: 2, or "
                   "the number of cores up to 8)")
    p.add_argument("--in-place", action="store_true",
                   help="serve the store folder itself, read-only, without a snapshot beside "
                   "it (the default when that folder is read-only); a rebuild is then not "
                   "seen until a restart")
    p.add_argument("--allow-service", action="append", default=[], metavar="URL",
                   help="removed: the endpoint makes no outbound calls, so SERVICE is refused")
    p.set_defaults(func=run)


def run(args) -> int:
    from narcokg.serving.app import ServeConfig, serve

    if args.allow_service:
        raise InputError("--allow-service was removed: the endpoint makes no outbound calls "
                         "(SERVICE is refused); run federated queries from a client instead")
    if args.timeout <= 0 or args.max_results < 1 or args.engines < 0:
        raise InputError("--timeout must be > 0, --max-results >= 1 and --engines >= 0")
    config = ServeConfig(host=args.host, port=args.port, store=args.store,
                         timeout=args.timeout, max_results=args.max_results,
                         engines=args.engines, in_place=args.in_place)
    serve(config, ready=lambda url: print(f"serving {url}/sparql and {url}/id/ "
                                          "(Ctrl-C to stop)", file=sys.stderr, flush=True))
    return 0

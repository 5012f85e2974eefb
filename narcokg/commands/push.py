"""narcokg push"""

from __future__ import annotations

import os
import sys


def register(sub) -> None:
    p = sub.add_parser(
        "push", help="upload every named graph to a remote store (SPARQL Graph Store Protocol)",
        description="Upload every named graph of the embedded store with one HTTP PUT per "
        "graph (SPARQL 1.1 Graph Store HTTP Protocol): the server replaces each graph "
        "atomically; other graphs on the server are left alone. The graph-store URL is "
        "derived for Oxigraph (<base>/store); for other servers pass --graph-store: "
        "Fuseki http://host:3030/DATASET/data, GraphDB "
        "http://host:7200/repositories/REPO/rdf-graphs/service, Virtuoso "
        "http://host:8890/sparql-graph-crud-auth (with --user/--password; Virtuoso asks for "
        "HTTP Digest, which is answered as the server's challenge says).")
    p.add_argument("--endpoint", help="the server's SPARQL endpoint or base URL (Oxigraph)")
    p.add_argument("--graph-store", help="the Graph Store Protocol URL (overrides --endpoint)")
    p.add_argument("--user", help="HTTP user (password: --password or "
                   "$NARCOKG_ENDPOINT_PASSWORD)")
    p.add_argument("--password", help="HTTP password")
    p.add_argument("--auth", choices=("auto", "basic", "digest"), default="auto",
                   help="HTTP authentication with --user: auto (default) answers the "
                   "server's challenge with Basic or Digest, and never sends the password "
                   "before the server asks for it; basic sends it with every request")
    p.add_argument("--store", help="store folder (default: $NARCOKG_STORE or ./.narcokg/store)")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds per request (60)")
    p.add_argument("--retries", type=int, default=3,
                   help="retries of a failing request, with back-off (3)")
    p.set_defaults(func=run)


def run(args) -> int:
    from narcokg.errors import EndpointError
    from narcokg.push import push

    if not args.endpoint and not args.graph_store:
        raise EndpointError("give --endpoint URL (Oxigraph) or --graph-store URL")
    password = args.password or os.environ.get("NARCOKG_ENDPOINT_PASSWORD")
    token = None if args.user else os.environ.get("NARCOKG_ENDPOINT_TOKEN")
    summary = push(args.endpoint, graph_store=args.graph_store, store=args.store,
                   user=args.user, password=password, token=token, auth=args.auth,
                   timeout=args.timeout, retries=args.retries,
                   log=lambda m: print(m, file=sys.stderr))
    total = sum(summary.uploaded.values())
    print(f"pushed {len(summary.uploaded)} graphs ({total} triples) to {summary.graph_store} "
          f"in {summary.seconds:.1f} s")
    return 0

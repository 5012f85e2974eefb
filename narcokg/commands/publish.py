"""narcokg publish"""

from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser(
        "publish", help="write a linked-data release folder (dumps, VoID, ontology docs, pages)",
        description="Write a release folder that can be served as is: TriG, N-Quads, Turtle "
        "and JSON-LD dumps (gzipped when large), context.jsonld, the ontology and shapes as "
        "Turtle and RDF/XML with pyLODE documentation, a DCAT + VoID description (void.ttl) "
        "and one HTML/Turtle/JSON-LD page per minted IRI at its path (id/, vocab/, graph/). "
        "The folder is replaced "
        "atomically: --out becomes a symlink to the new release. See deploy/README.md.")
    p.add_argument("--out", required=True, help="release folder (a symlink to the live release)")
    p.add_argument("--store", help="store folder (default: $NARCOKG_STORE or ./.narcokg/store)")
    p.add_argument("--base-url", default=None,
                   help="where the release will be served (default: https://w3id.org/narcokg)")
    p.add_argument("--sparql-endpoint", default=None,
                   help="SPARQL endpoint URL for void.ttl (default: <base-url>/sparql)")
    p.add_argument("--publisher", default=None,
                   help="who publishes the release, named in void.ttl's DCAT catalogue "
                   "(default: narcokg)")
    p.add_argument("--contact", default=None, metavar="EMAIL",
                   help="contact e-mail address for the DCAT catalogue's contact point")
    p.add_argument("--quiet", "-q", action="store_true", help="print only the summary")
    p.set_defaults(func=run)


def run(args) -> int:
    from narcokg.publication import DEFAULT_BASE_URL, publish

    log = (lambda _m: None) if args.quiet else (lambda m: print(m, file=sys.stderr))
    s = publish(args.out, store=args.store, base_url=args.base_url or DEFAULT_BASE_URL,
                sparql_endpoint=args.sparql_endpoint, log=log,
                publisher=args.publisher, contact=args.contact)
    total = sum(s.seconds.values())
    print(f"published narcokg {s.version} to {s.out} in {total:.1f} s: {s.triples} triples "
          f"({s.quads} quads), {s.pages} resource pages, {len(s.dumps)} dumps"
          + (" (gzipped)" if s.dumps and s.dumps[0].gzipped else ""))
    if s.skipped:
        print(f"skipped {len(s.skipped)} subjects whose IRI is not a safe file path, e.g. "
              f"{s.skipped[0]}", file=sys.stderr)
    return 0

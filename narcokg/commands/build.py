"""narcokg build"""

from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser("build", help="load the ontology and all sources into the embedded store",
                       description="Load ontology, vocabularies, the resolution, states, ports "
                       "and curated facts into a fresh store (one named graph per source), "
                       "then swap it in atomically.")
    p.add_argument("--store", help="store folder (default: $NARCOKG_STORE or ./.narcokg/store)")
    p.add_argument("--include", action="append", default=[], metavar="DUMP.nq",
                   help="also bulk-load this N-Quads dump (repeatable; quads in named graphs "
                   "of their own, e.g. a synthetic benchmark graph from bench/synth.py)")
    p.add_argument("--data", metavar="DIR",
                   help="entries folder kept by `narcokg add --data DIR` (default: "
                   "<store>.entries beside the store); its entries are reloaded")
    p.add_argument("--ofac-sdn", action="append", default=[], metavar="FILE[@YYYY-MM-DD]",
                   help="also load a snapshot of OFAC's SDN list (legacy sdn.csv; repeatable), "
                   "keeping the drug programmes SDNT, SDNTK and ILLICIT-DRUGS-EO14059, each "
                   "snapshot in its own graph with the listings and delistings between them; "
                   "the date comes from @YYYY-MM-DD or the file name (sdn-2024-05-03.csv)")
    p.add_argument("--quiet", "-q", action="store_true", help="print only the summary total")
    p.set_defaults(func=run)


def run(args) -> int:
    from narcokg.build import build
    from narcokg.loaders.profile import curie

    log = (lambda _m: None) if args.quiet else (lambda m: print(m, file=sys.stderr))
    summary = build(args.store, log=log, include=args.include, entries=args.data,
                    ofac_sdn=args.ofac_sdn)
    print(f"built {summary.store} in {summary.seconds:.1f} s: {summary.total} triples")
    if not args.quiet:
        print("\ntriples per graph:")
        for graph, n in summary.triples_per_graph.items():
            print(f"  {n:>8}  {graph}")
        print("\nentities per class:")
        for cls, n in summary.entities_per_class.items():
            print(f"  {n:>8}  {curie(cls) or cls}")
    return 0

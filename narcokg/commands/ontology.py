"""narcokg ontology check"""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("ontology", help="ontology tools (check)")
    osub = p.add_subparsers(dest="ontology_command", metavar="ACTION", required=True)
    c = osub.add_parser("check", help="HermiT consistency, unsatisfiable classes, labels; "
                        "with --data, the store's data against the axioms",
                        description="Load the ontology and its SKOS schemes, run HermiT "
                        "(owlready2, Java) and report consistency, unsatisfiable classes and "
                        "terms missing en/nl/fr labels or a definition. With --data, also "
                        "check the store's data (all named graphs) against the ontology: "
                        "every entity against every disjointness axiom (naming entity and "
                        "axiom), then HermiT on ontology + data. Exit 0 clean, 1 not.")
    c.add_argument("extra", nargs="*", help="extra Turtle files to check with the ontology")
    c.add_argument("--data", action="store_true",
                   help="also check the store's data against the ontology's axioms")
    c.add_argument("--store", help="store folder for --data (default: $NARCOKG_STORE or "
                   "./.narcokg/store)")
    c.add_argument("--timeout", type=float, default=600,
                   help="seconds HermiT may take on ontology + data (default 600)")
    c.set_defaults(func=run_check)


def run_check(args) -> int:
    from narcokg.ontology_check import check_ontology

    r = check_ontology(args.extra)
    print(f"ontology: {len(r.files)} files, {r.triples} triples, versionIRI "
          f"{r.version_iri or 'MISSING'}")
    verdict = {True: "consistent", False: "INCONSISTENT", None: "NOT CHECKED"}[r.consistent]
    print(f"reasoner: {r.reasoner}: {verdict}")
    if r.reasoner_error:
        print(f"  reasoner error: {r.reasoner_error}")
    print(f"unsatisfiable classes: {len(r.unsatisfiable)}")
    for c in r.unsatisfiable:
        print(f"  {c}")
    print(f"documentation gaps: {len(r.missing)}")
    for m in r.missing:
        print(f"  {m}")
    ok = r.ok
    if args.data:
        ok = print_data(args) and ok
    print("OK" if ok else "PROBLEMS FOUND")
    return 0 if ok else 1


def print_data(args) -> bool:
    from narcokg.reasoning.data import check_data

    d = check_data(args.store, timeout=args.timeout)
    print(f"data: {d.store}: {d.data_triples} statements, {d.reasoned_triples} given to "
          f"the reasoner (types and properties an axiom constrains)")
    print(f"  {d.left_out.summary()}")
    print(f"disjointness (structural check): {len(d.clashes)} clash(es)")
    for c in d.clashes:
        print(f"  {c.why()}")
    verdict = {True: "consistent", False: "INCONSISTENT", None: "NOT CHECKED"}[d.consistent]
    print(f"reasoner on ontology + data: HermiT: {verdict}")
    if d.reasoner_error:
        print(f"  reasoner error: {d.reasoner_error}")
    if d.culprits:
        print(f"  entities behind it (a minimal set): {', '.join(d.culprits)}")
    elif d.consistent is False and not d.clashes:
        print("  the entities behind it could not be narrowed down within the budget")
    print("  seconds: " + ", ".join(f"{k} {v}" for k, v in d.seconds.items()))
    return d.ok

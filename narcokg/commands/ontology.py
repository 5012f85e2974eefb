"""narcokg ontology check"""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("ontology", help="ontology tools (check)")
    osub = p.add_subparsers(dest="ontology_command", metavar="ACTION", required=True)
    c = osub.add_parser("check", help="HermiT consistency, unsatisfiable classes, labels",
                        description="Load the ontology and its SKOS schemes, run HermiT "
                        "(owlready2, Java) and report consistency, unsatisfiable classes and "
                        "terms missing en/nl/fr labels or a definition. Exit 0 clean, 1 not.")
    c.add_argument("extra", nargs="*", help="extra Turtle files to check with the ontology")
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
    print("OK" if r.ok else "PROBLEMS FOUND")
    return 0 if r.ok else 1

"""narcokg validate"""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("validate", help="validate entries (or the whole store) against the shapes",
                       description="Validate new entry files in the context of the store "
                       "(the entry, the ontology and the store's facts about what it "
                       "references), or with --all the whole store. Exit 0 when it conforms "
                       "(warnings allowed), 1 on violations, 2 on input errors. The YAML entry "
                       "form of every kind is described in design.md, installed with narcokg "
                       "(narcokg/docs/design.md; docs/design.md in a source checkout).")
    p.add_argument("files", nargs="*", metavar="FILE", help="entry files (.yaml, .ttl, .jsonld)")
    p.add_argument("--all", action="store_true", help="validate the whole store")
    p.add_argument("--store", help="store folder (default: $NARCOKG_STORE or ./.narcokg/store)")
    p.add_argument("--lang", choices=["en", "nl", "fr"], default="en",
                   help="language of the messages and of input errors (default en)")
    p.add_argument("--format", choices=["text", "json", "turtle"], default="text",
                   help="report format (turtle: the sh:ValidationReport graph, whose "
                   "sh:conforms is false when it holds any result, warnings included)")
    p.add_argument("--engine", choices=["fast", "pyshacl"], default="fast",
                   help="fast: the shapes compiled to SPARQL on the store (default); "
                   "pyshacl: the reference implementation (slow on large stores)")
    p.set_defaults(func=run)


def run(args) -> int:
    from narcokg.errors import InputError
    from narcokg.validation import (
        input_error,
        quiet_rdflib,
        render,
        validate_all,
        validate_entries,
    )

    try:
        if args.all == bool(args.files):
            raise InputError("give entry FILEs or --all (not both)")
        with quiet_rdflib():
            if args.all:
                result = validate_all(args.store, engine=args.engine)
            else:
                result = validate_entries(args.files, args.store, lang=args.lang,
                                          engine=args.engine)
            report = render(result, args.format, args.lang)
    except InputError as exc:
        raise input_error(exc, args.lang) from None
    print(report)
    return result.exit_code

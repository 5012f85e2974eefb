"""narcokg add"""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("add", help="validate entries and commit them into the store",
                       description="Validate each entry in the context of the store, then "
                       "write them into their named graphs in one transaction, replacing the "
                       "previous version of each entity. On any violation nothing is written "
                       "(exit 1); on an input error exit 2.")
    p.add_argument("files", nargs="+", metavar="FILE", help="entry files (.yaml, .ttl, .jsonld)")
    p.add_argument("--store", help="store folder (default: $NARCOKG_STORE or ./.narcokg/store)")
    p.add_argument("--lang", choices=["en", "nl", "fr"], default="en",
                   help="language of the validation messages (default en)")
    p.set_defaults(func=run)


def run(args) -> int:
    from narcokg.add import add_entries
    from narcokg.validation_report import render

    result, outcomes = add_entries(args.files, args.store)
    if result.problems or not result.conforms:
        print(render(result, "text", args.lang))
    if not result.conforms:
        print("nothing was written")
        return 1
    for outcome in outcomes:
        print(outcome.describe())
    return 0

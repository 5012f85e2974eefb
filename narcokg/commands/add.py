"""narcokg add"""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("add", help="validate entries and commit them into the store",
                       description="Validate each entry in the context of the store, then "
                       "write them into their named graphs in one transaction, and keep each "
                       "entry's file in the store's entries folder (<store>.entries, or --data) "
                       "so that `narcokg build` reloads it. An entry describes one entity "
                       "(id kind/key); replacing an existing one needs --replace and lists the "
                       "statements that go. On any violation nothing is written (exit 1); on "
                       "an input or store error exit 2, and the message says whether anything "
                       "was written. The YAML entry form of every kind is described in "
                       "design.md, installed with narcokg (narcokg/docs/design.md; "
                       "docs/design.md in a source checkout).")
    p.add_argument("files", nargs="+", metavar="FILE", help="entry files (.yaml, .ttl, .jsonld)")
    p.add_argument("--store", help="store folder (default: $NARCOKG_STORE or ./.narcokg/store)")
    p.add_argument("--replace", action="store_true",
                   help="allow replacing entities that already exist (their previous "
                   "statements are listed)")
    p.add_argument("--data", metavar="DIR",
                   help="entries folder to keep the committed files in (default: "
                   "<store>.entries beside the store); pass the same to `narcokg build`")
    p.add_argument("--lang", choices=["en", "nl", "fr"], default="en",
                   help="language of the validation messages (default en)")
    p.set_defaults(func=run)


NOTHING_WRITTEN = {"en": "nothing was written", "nl": "er werd niets geschreven",
                   "fr": "rien n'a été écrit"}


def run(args) -> int:
    from narcokg.add import add_entries
    from narcokg.errors import InputError
    from narcokg.validation import input_error, quiet_rdflib, render

    try:
        with quiet_rdflib():
            result, outcomes = add_entries(args.files, args.store, replace=args.replace,
                                           data=args.data)
            report = render(result, "text", args.lang) if result.problems else ""
    except InputError as exc:
        raise input_error(exc, args.lang) from None
    if report:
        print(report)
    if not result.conforms:
        print(NOTHING_WRITTEN[args.lang])
        return 1
    for outcome in outcomes:
        print(outcome.describe())
    return 0

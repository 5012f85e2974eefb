"""narcokg queries"""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("queries", help="list the competency queries (id and question)",
                       description="List the SPARQL competency queries shipped in queries/*.rq "
                       "with the question each answers and its parameters.")
    p.add_argument("--lang", choices=("en", "nl", "fr"), default="en",
                   help="language of the questions (default en)")
    p.add_argument("--params", action="store_true", help="also list each query's parameters")
    p.set_defaults(func=run)


def run(args) -> int:
    from narcokg.query import list_queries

    for q in list_queries():
        print(f"{q.id}\n    {q.question(args.lang)}")
        if q.paged:
            print("    paged: a listing that grows with the graph (--limit N --offset M)")
        if args.params:
            for p in q.params:
                print(f"    --param {p.name}={p.default}  ({p.kind}) {p.meaning}")
    return 0

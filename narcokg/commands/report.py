"""narcokg report"""

from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser("report", help="render the resolution tracker (HTML or Markdown)",
                       description="For each consideration and demand of the resolution: its "
                       "text, the instruments that respond to it or relate to it, the gaps the "
                       "coverage queries find, and a coverage summary with charts. The HTML is "
                       "one self-contained page (inline SVG, nothing fetched).")
    p.add_argument("--lang", choices=("en", "nl", "fr"), default="en",
                   help="language of the report (default en)")
    p.add_argument("--format", "-f", choices=("html", "markdown"), default="html")
    p.add_argument("--out", "-o", help="output file (default: standard output)")
    p.add_argument("--store", help="store folder (default: $NARCOKG_STORE or ./.narcokg/store)")
    p.add_argument("--endpoint", metavar="URL", help="a SPARQL endpoint's query URL instead "
                   "of the embedded store (its default graph must be the union of the graphs)")
    p.add_argument("--timeout", type=float, default=30.0, metavar="S",
                   help="endpoint timeout per query attempt in seconds (default 30)")
    p.set_defaults(func=run)


def run(args) -> int:
    from narcokg.atomic import write_atomic
    from narcokg.report import build_report

    text = build_report(args.lang, args.format, store_path=args.store, endpoint=args.endpoint,
                        timeout=args.timeout)
    if args.out:
        write_atomic(args.out, text)
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0

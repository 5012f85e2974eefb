"""narcokg download"""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("download", help="fetch a source file (the OFAC SDN list)",
                       description="Fetch the current OFAC SDN list (legacy sdn.csv) from "
                       "Treasury's published URL into --out as sdn-YYYY-MM-DD.csv, for "
                       "`narcokg build --ofac-sdn FILE`. Bounded time and size; the file "
                       "appears whole or not at all.")
    p.add_argument("source", choices=["ofac-sdn"], help="what to fetch")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    p.add_argument("--url", help="fetch from this URL instead of Treasury's")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds (default 60)")
    p.set_defaults(func=run)


def run(args) -> int:
    from narcokg.download import OFAC_SDN_URL, download_ofac_sdn

    path, size = download_ofac_sdn(args.out, url=args.url or OFAC_SDN_URL, timeout=args.timeout)
    print(f"wrote {path} ({size} bytes)")
    return 0

"""Load test of ``narcokg serve``: N concurrent clients for D seconds on 127.0.0.1, mixing
SPARQL SELECTs (/sparql) and resource page fetches (/id/...); reports throughput, p50/p95
latency and errors, and writes ``bench/out/load_test.json``.

The SELECTs vary: each request is a bounded competency query (not one whose header says
``# bounded: no``, an aggregate over the whole graph; ``--all-queries`` sends those too)
with its parameters drawn afresh from the store (IRIs of the same class as the default,
both booleans, the three languages) and written in as constants (as narcokg's own client
sends them) and, for a listing that says ``paged``, a page of 100 rows at a random offset;
so almost no text repeats and no cache, on either side, answers a repeated question. What
``serve`` caches is in ``SERVE_CACHES`` and in the report.

    .venv/bin/python bench/load_test.py --clients 20 --seconds 30 [--store DIR]

The server is started here on a free port over a built store (default: the benchmark's
largest store in bench/out/, else the curated ./.narcokg/store) and stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_PY = ROOT / ".venv" / "bin" / "python"
SELECTS = [
    """PREFIX nkg: <https://w3id.org/narcokg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?state ?label WHERE { ?state a nkg:State ; skos:prefLabel ?label
  FILTER(langMatches(lang(?label), "en")) } ORDER BY ?label LIMIT 50""",
]


def default_store() -> Path:
    out = ROOT / "bench" / "out"
    stores = sorted(out.glob("store-realistic-*m")) or sorted(out.glob("store-*")) or \
        [out / "base-store"]
    return stores[-1] if stores[-1].exists() else ROOT / ".narcokg" / "store"


SERVE_CACHES = ("narcokg serve caches only the query UI's script and its example list "
                "(functools.cache in narcokg/serving/ui.py); no query answer, query check or "
                "page is cached (narcokg/serving/guard.py: 'no lock, no cache')")
PAGE_ROWS = 100  # rows per page of a paged listing
CHOICES = 300  # candidate values per IRI parameter


def _candidates(db, qdef, param) -> list:
    """Values for one parameter: IRIs of the default's classes, both booleans, the three
    languages; the default alone for anything else."""
    import pyoxigraph as ox

    from narcokg import query as Q

    default = Q.parse_value(param, param.default)
    if param.kind == "boolean":
        return [Q.parse_value(param, v) for v in ("true", "false")]
    if param.name == "lang":
        return [ox.Literal(v) for v in ("en", "nl", "fr")]
    if param.kind != "iri":
        return [default]
    rows = db.query(f"SELECT DISTINCT ?x WHERE {{ <{default.value}> a ?c . ?x a ?c }} "
                    f"LIMIT {CHOICES}", use_default_graph_as_union=True)
    return [default, *(r["x"] for r in rows if isinstance(r["x"], ox.NamedNode))]


class Questions:
    """Competency queries with parameters drawn per request (see the module doc)."""

    def __init__(self, store: Path, only: tuple[str, ...] = (), bounded_only: bool = True):
        import pyoxigraph as ox

        from narcokg import query as Q

        db = ox.Store.read_only(str(store))
        self.queries = [q for q in Q.list_queries() if (not only or q.id in only)
                        and not (bounded_only and not q.bounded)]
        self.left_out = sorted(q.id for q in Q.list_queries() if bounded_only and not q.bounded)
        self.values = {(q.id, p.name): _candidates(db, q, p) for q in self.queries
                       for p in q.params}
        del db

    def text(self, rng: random.Random) -> tuple[str, str]:
        """(query id, text with parameters drawn for this request)."""
        from narcokg.query_inline import inline_terms
        from narcokg.query_paging import page_text

        q = rng.choice(self.queries)
        terms = {p.name: rng.choice(self.values[(q.id, p.name)]) for p in q.params}
        text = page_text(q.text, PAGE_ROWS, rng.randrange(0, 20) * PAGE_ROWS) if q.paged \
            else q.text
        return q.id, inline_terms(text, terms)  # as narcokg's own client sends them


def page_iris(store: Path, limit: int = 3000) -> list[str]:
    import pyoxigraph as ox

    from narcokg.namespaces import ID

    db = ox.Store.read_only(str(store))
    rows = db.query(f"""SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s a ?c }}
        FILTER(STRSTARTS(STR(?s), "{ID}state/") || STRSTARTS(STR(?s), "{ID}port/")
        || STRSTARTS(STR(?s), "{ID}treaty/")) }} LIMIT {limit}""")
    iris = [r["s"].value[len(ID):] for r in rows]
    del db
    return iris


def start_server(store: Path, port: int, in_place: bool = False,
                 engines: int = 0) -> subprocess.Popen:
    args = ["serve", "--store", str(store), "--port", str(port),
            *(["--in-place"] if in_place else []),
            *(["--engines", str(engines)] if engines else [])]
    cmd = [str(ROOT / ".venv" / "bin" / "narcokg"), *args]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


def wait_ready(client, base: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"narcokg serve exited: {proc.stderr.read().decode()[-500:]}")
        try:
            if client.get(base + "/").status_code < 500:
                return
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.2)
    raise SystemExit("narcokg serve did not start in time")


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main(argv=None) -> int:
    import httpx

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--store", type=Path, default=None)
    ap.add_argument("--sparql-share", type=float, default=0.5,
                    help="share of requests that are SPARQL SELECTs (the rest: pages)")
    ap.add_argument("--in-place", action="store_true",
                    help="serve the store folder itself, no snapshot beside it (a store this "
                    "run must not write to)")
    ap.add_argument("--all-queries", action="store_true",
                    help="also send the queries whose header says '# bounded: no'")
    ap.add_argument("--engines", type=int, default=0,
                    help="query engines of the server (0: its default)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "load_test.json")
    args = ap.parse_args(argv)
    store = args.store or default_store()
    iris = page_iris(store)
    questions = Questions(store, bounded_only=not args.all_queries)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_server(store, port, args.in_place, args.engines)
    records: list[tuple[str, float, int]] = []  # (kind, seconds, status or 0 on error)
    lock = threading.Lock()
    samples: dict[int, str] = {}  # status -> first error body seen
    try:
        with httpx.Client(timeout=60) as probe:
            wait_ready(probe, base, proc)
        print(f"serving {store} on {base}; {args.clients} clients x {args.seconds:g} s",
              file=sys.stderr)
        stop_at = time.monotonic() + args.seconds

        def client(seed: int) -> None:
            rng = random.Random(seed)
            mine = []
            with httpx.Client(timeout=60) as http:
                while time.monotonic() < stop_at:
                    if rng.random() < args.sparql_share:
                        qid, text = ("states-by-label", rng.choice(SELECTS)) \
                            if rng.random() < 0.05 else questions.text(rng)
                        kind = "sparql:" + qid
                        started = time.perf_counter()
                        try:
                            r = http.post(base + "/sparql", data={"query": text},
                                          headers={"Accept": "application/sparql-results+json"})
                            status = r.status_code
                            if status != 200:
                                samples.setdefault(status, r.text[:300])
                        except Exception as exc:  # noqa: BLE001 - counted as an error
                            status = 0
                            samples.setdefault(0, repr(exc)[:300])
                    else:
                        path = rng.choice(iris)
                        kind = "page:" + path.split("/", 1)[0]
                        started = time.perf_counter()
                        try:
                            r = http.get(f"{base}/id/{path}",
                                         headers={"Accept": "text/html"})
                            status = r.status_code
                            if status != 200:
                                samples.setdefault(status, r.text[:300])
                        except Exception as exc:  # noqa: BLE001
                            status = 0
                            samples.setdefault(0, repr(exc)[:300])
                    mine.append((kind, time.perf_counter() - started, status))
            with lock:
                records.extend(mine)

        started = time.perf_counter()
        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    def stats(rows) -> dict:
        lat = [s for _k, s, _st in rows]
        statuses: dict[str, int] = {}
        for *_x, st in rows:
            statuses[str(st)] = statuses.get(str(st), 0) + 1
        return {"requests": len(rows), "errors": sum(1 for *_x, st in rows if st != 200),
                "statuses": statuses,
                "rps": len(rows) / wall, "p50_ms": percentile(lat, 50) * 1000,
                "p95_ms": percentile(lat, 95) * 1000}

    result = {"store": str(store), "clients": args.clients,
              "seconds": wall, "serve_caches": SERVE_CACHES,
              "queries": "competency queries, parameters drawn per request; paged listings "
                         f"{PAGE_ROWS} rows at a random offset",
              "left_out": questions.left_out, "engines": args.engines or "serve's default",
              "cpus": os.cpu_count(), "all": stats(records),
              "sparql": stats([r for r in records if r[0].startswith("sparql:")]),
              "page": stats([r for r in records if r[0].startswith("page:")]),
              "by_kind": {k: stats([r for r in records if r[0] == k])
                          for k in sorted({r[0] for r in records})},
              "error_samples": {str(k): v for k, v in samples.items()}}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    print(f"{'':8} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
    for name in ("all", "sparql", "page"):
        s = result[name]
        print(f"{name:8} {s['requests']:>9} {s['rps']:>8.1f} {s['p50_ms']:>8.1f} "
              f"{s['p95_ms']:>8.1f} {s['errors']:>7}")
    if questions.left_out:
        print(f"not sent ('# bounded: no'): {', '.join(questions.left_out)}")
    print("slowest kinds (p95):")
    for name, s in sorted(result["by_kind"].items(), key=lambda kv: -kv[1]["p95_ms"])[:12]:
        print(f"  {name:52} {s['requests']:>5} req  p95 {s['p95_ms']:>8.0f} ms  "
              f"{s['errors']:>4} errors {s['statuses']}")
    for status, body in samples.items():
        print(f"error sample (status {status}): {body.strip()[:200]}")
    return 0


if __name__ == "__main__":
    if VENV_PY.exists() and Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
        os.execv(str(VENV_PY), [str(VENV_PY), __file__, *sys.argv[1:]])
    sys.exit(main())

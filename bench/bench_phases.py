"""The benchmark's phases, one function each: (data, profile, table) -> the phase's results,
rows added to the table as they are measured. See run.py for what each row compares."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from bench_children import log, run_child
from bench_data import oxigraph_cli, size_name
from bench_table import fmt_s, ratio, side, verdict

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "examples" / "valid" / "bilateral-treaty.yaml"


def peak_mb(d: dict) -> float | None:
    """The larger of the sampled process tree and the largest single process."""
    values = [d[k] for k in ("tree_peak_mb", "maxrss_mb") if d.get(k) is not None]
    return max(values) if values else None


def _mb(d: dict) -> str:
    value = peak_mb(d)
    return "-" if value is None else f"{value:,.0f} MB"


def ensure_store(data, profile: str) -> Path:
    if (profile, data.big) not in data.quads:
        data.build_store(profile, data.big)
    return data.stores[profile, data.big]


def build(data, profile: str, table) -> dict:
    key, t = (profile, data.big), table.targets
    log(f"build: narcokg build --include {data.files[key].name}")
    ours = data.build_store(profile, data.big)
    engine = {"error": "the oxigraph CLI is not installed (pip install oxigraph)"}
    compact = dict(engine)
    if oxigraph_cli():
        location = data.out / f"oxigraph-load-{profile}"
        shutil.rmtree(location, ignore_errors=True)
        engine = run_child("command", oxigraph_cli(), "load", "--location", str(location),
                           "--file", str(data.files[key]))
        # `oxigraph load` leaves the compaction for later ("consider running `oxigraph
        # optimize` before a read-heavy workload", it says); narcokg build compacts before
        # it swaps the store in, so the engine's same work is load + optimize
        compact = run_child("command", oxigraph_cli(), "optimize", "--location", str(location))
        shutil.rmtree(location, ignore_errors=True)
    quads = data.quads[key]
    rdf = {"skipped": f"over --rdflib-max {data.args.rdflib_max:,} quads"}
    if quads <= data.args.rdflib_max:
        rdf = run_child("load-rdflib", data.files[key], timeout=data.args.baseline_timeout)
    vs = ratio(ours.get("seconds"), engine.get("seconds"))
    table.row(f"build --include {size_name(data.big)} ({quads:,} quads), end to end",
              side(ours), f"{side(engine)} oxigraph load", vs and f"{vs:.2f}x",
              verdict(t, "build_vs_engine", vs))
    both = engine.get("seconds") is not None and compact.get("seconds") is not None
    ready = {"seconds": engine["seconds"] + compact["seconds"]} if both else compact
    table.row("  the same work: a compacted, query-ready store", side(ours),
              f"{side(ready)} load + optimize", ratio(ours.get("seconds"), ready.get("seconds")),
              f"oxigraph optimize alone {side(compact)}")
    table.row("  build: peak memory (process tree)", _mb(ours), _mb(engine), None,
              verdict(t, "build_memory_mb", peak_mb(ours)))
    table.row("  the curated build alone (sources, provenance checks)",
              side(data.base_build), "-", None, "context, in the row above")
    if "seconds" in ours and "seconds" in data.base_build:
        rest = ours["seconds"] - data.base_build["seconds"]
        table.row("  build minus the curated build (a difference of two rows)", fmt_s(rest),
                  f"{side(engine)} oxigraph load", ratio(rest, engine.get("seconds")), "")
    if "seconds" in rdf:
        table.row("  rdflib Dataset().parse of the file vs oxigraph load", side(rdf),
                  f"{side(engine)} oxigraph load", ratio(rdf["seconds"], engine.get("seconds")),
                  f"rdflib peak {_mb(rdf)}")
    else:
        table.note(f"rdflib baseline not run: {rdf.get('skipped') or side(rdf)}")
    return {"quads": quads, "narcokg_build": ours, "oxigraph_load": engine,
            "oxigraph_optimize": compact, "rdflib": rdf,
            "curated_build": data.base_build, "vs_engine": vs}


def compare_validation(proj: dict, base_v: dict, quads: int | None) -> dict:
    """Times and results of the project's validation and pyshacl, side by side. The ratio is
    reported only when both finished on this run's data and their results agree (the same
    multiset of focus, path, component, severity and sh:value)."""
    pk, bk = proj.pop("keys", None), base_v.pop("keys", None)
    same = pk is not None and bk is not None and \
        Counter(map(tuple, pk)) == Counter(map(tuple, bk))
    if pk is not None and bk is not None and not same:
        log(f"validate: results differ ({len(pk)} vs {len(bk)}): no ratio reported")
    return {"quads": quads, "project": proj, "pyshacl": base_v, "identical": same,
            "ratio": ratio(base_v.get("seconds"), proj.get("seconds")) if same else None,
            "results": {"project": len(pk or []), "pyshacl": len(bk or []),
                        "only_project": [k for k in pk or [] if k not in (bk or [])][:20],
                        "only_pyshacl": [k for k in bk or [] if k not in (pk or [])][:20]}}



def validate(data, profile: str, table) -> dict:
    t, out = table.targets, {}
    for name, store, quads in (
            (f"{size_name(data.small)} slice", data.stores[profile, data.small],
             data.quads.get((profile, data.small))),
            ("curated build", data.base_store, None)):
        log(f"validate: fast and pyshacl on the {name}")
        base = run_child("validate", store, "pyshacl", timeout=data.args.baseline_timeout)
        ours = run_child("validate", store, "fast", timeout=data.args.baseline_timeout)
        c = out[name] = compare_validation(ours, base, quads)
        same = ("results identical" if c["identical"] else
                "results DIFFER: no ratio" if "seconds" in base and "seconds" in ours else
                "a side did not finish: not compared, no ratio")
        table.row(f"validate --all, {name}" + (f" ({quads:,} quads)" if quads else ""),
                  side(ours), f"{side(base)} pyshacl", c["ratio"],
                  verdict(t, "validate_ratio", c["ratio"]) + f"; {same} "
                  f"({c['results']['project']} / {c['results']['pyshacl']})")
    store = ensure_store(data, profile)
    log(f"validate: fast on {size_name(data.big)}")
    big = run_child("validate", store, "fast", timeout=data.args.baseline_timeout * 3)
    big.pop("keys", None)
    table.row(f"validate --all (fast), {size_name(data.big)}", side(big), "-", None,
              verdict(t, "validate_all_seconds", big.get("seconds")))
    table.row("  validate --all: peak memory", _mb(big), "-", None,
              verdict(t, "validate_all_memory_mb", big.get("maxrss_mb")))
    out["big"] = big
    return out


def entry(data, profile: str, table) -> dict:
    store, runs = ensure_store(data, profile), data.args.runs
    log(f"entry: {EXAMPLE.name} against {size_name(data.big)}, fast and pyshacl")
    ours = run_child("entry", store, EXAMPLE, "fast", runs, timeout=data.args.baseline_timeout)
    base = run_child("entry", store, EXAMPLE, "pyshacl", runs,
                     timeout=data.args.baseline_timeout)
    same = ours.pop("keys", None) == base.pop("keys", None) and "keys" not in ours
    r = ratio(base.get("seconds"), ours.get("seconds")) if same else None
    table.row(f"one new entry vs {size_name(data.big)} store (median of {runs})", side(ours),
              f"{side(base)} pyshacl", r,
              verdict(table.targets, "entry_seconds", ours.get("first_seconds")) +
              f" (first run {fmt_s(ours.get('first_seconds'))} vs "
              f"{fmt_s(base.get('first_seconds'))}; "
              f"{'same results' if same else 'results DIFFER: no ratio'})")
    return {"fast": ours, "pyshacl": base, "same_results": same, "ratio": r}


def queries(data, profile: str, table) -> dict:
    store, a = ensure_store(data, profile), data.args
    log(f"queries: the store, {size_name(data.big)}")
    ours = run_child("queries-ox", store, a.runs, a.page, timeout=a.baseline_timeout)
    base: dict = {}
    if data.quads[profile, data.big] <= a.rdflib_max:
        nq = data.dump(profile)
        log("queries: rdflib in memory")
        base = run_child("queries-rdflib", nq, a.query_timeout, a.runs, a.page,
                         timeout=a.baseline_timeout + len(ours) * (a.query_timeout + 5))
        nq.unlink(missing_ok=True)
    per, worst = {}, []
    for qid, d in ours.items():
        b = base.get(qid, {"skipped": "rdflib not run"})
        unbounded = not d.get("paged") and d.get("rows", 0) > a.page
        v = "unbounded listing (not paged)" if unbounded else \
            "no target: its header says '# bounded: no' (an aggregate over the graph)" \
            if d.get("bounded") is False else \
            verdict(table.targets, "query_seconds", d.get("seconds"))
        per[qid] = {"narcokg": d, "rdflib": b, "unbounded": unbounded,
                    "ratio": ratio(b.get("seconds") or b.get("timeout"), d.get("seconds")),
                    "ratio_is_lower_bound": "timeout" in b,
                    "same_rows": b.get("rows") == d.get("rows") if "rows" in b else None}
        worst.append((d.get("seconds") or 0, qid))
        r = per[qid]["ratio"]
        table.row(f"query {qid} ({d.get('rows', '?')} rows{', page' if d.get('paged') else ''})",
                  side(d), side(b) if b else "-",
                  None if r is None else f"{'>' if 'timeout' in b else ''}{r:.1f}x",
                  v + ("" if per[qid]["same_rows"] in (True, None) else "; ROWS DIFFER"))
    if "_load_seconds" in base:
        table.note(f"rdflib load, once, not in the ratios: {fmt_s(base['_load_seconds'])}")
    return {"per_query": per, "slowest": sorted(worst)[-3:],
            "rdflib_load_seconds": base.get("_load_seconds")}


def publish(data, profile: str, table) -> dict:
    store = ensure_store(data, profile)
    log(f"publish: {size_name(data.big)}")
    pub = run_child("publish", store, data.out / f"publish-{profile}",
                    timeout=data.args.baseline_timeout * 3)
    laps = ", ".join(f"{k} {v:.1f} s" for k, v in (pub.get("laps") or {}).items())
    table.row(f"publish {size_name(data.big)} ({pub.get('pages', 0):,} pages)", side(pub), "-",
              None, verdict(table.targets, "publish_seconds", pub.get("seconds")))
    table.note(f"publish steps: {laps}")
    table.row("  republish, store unchanged (pages linked, not rewritten)",
              fmt_s(pub.get("again_seconds")), "-", None,
              f"{pub.get('reused_again', 0):,} of {pub.get('pages', 0):,} pages reused")
    return pub


def serve(data, profile: str, table) -> dict:
    store, a = ensure_store(data, profile), data.args
    out = data.out / f"load-test-{profile}.json"
    log(f"serve: {a.serve_clients} clients x {a.serve_seconds:g} s")
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "load_test.py"), "--clients",
                           str(a.serve_clients), "--seconds", str(a.serve_seconds), "--store",
                           str(store), "--out", str(out)], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    if proc.returncode != 0 or not out.exists():
        table.row("serve load test", "error", "-", None, proc.stderr.strip()[-200:])
        return {"error": proc.stderr.strip()[-500:]}
    res = json.loads(out.read_text())
    s = res["all"]
    table.row(f"serve: {a.serve_clients} clients x {a.serve_seconds:g} s, p95 "
              f"({s['requests']} requests, {s['rps']:.0f}/s, {s['errors']} errors)",
              f"{s['p95_ms']:.0f} ms", "-", None,
              verdict(table.targets, "serve_p95_ms", s["p95_ms"]) +
              ("" if s["errors"] == 0 else "; ERRORS"))
    table.note(f"serve caches: {res.get('serve_caches')}")
    for name in ("sparql", "page"):
        part = res.get(name) or {}
        table.note(f"serve {name}: {part.get('requests', 0)} requests, p50 "
                   f"{part.get('p50_ms', float('nan')):.0f} ms, p95 "
                   f"{part.get('p95_ms', float('nan')):.0f} ms, {part.get('errors', 0)} errors")
    slow = sorted(res.get("by_kind", {}).items(), key=lambda kv: -kv[1]["p95_ms"])[:3]
    table.note("serve slowest kinds (p95): " + "; ".join(
        f"{k} {v['p95_ms']:.0f} ms ({v['requests']} req)" for k, v in slow))
    if res.get("left_out"):
        table.note("serve: not sent (their headers say '# bounded: no'): "
                   + ", ".join(res["left_out"]))
    return res


PHASES = {"build": build, "validate": validate, "entry": entry, "queries": queries,
          "publish": publish, "serve": serve}

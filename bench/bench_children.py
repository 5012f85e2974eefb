"""The benchmark's measurements, each run in its own process (``run.py --child NAME ARGS``,
one JSON object on the last stdout line), so a measurement starts cold and its peak memory is
its own. Both sides of a comparison are measured the same way: the same number of runs in one
process, the median reported, the first run reported too.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def runs_summary(times: list[float]) -> dict:
    return {"seconds": statistics.median(times), "first_seconds": times[0], "runs": len(times)}


# --------------------------------------------------------------------------- commands

def _tree_rss_mb(root: int) -> float:
    """The resident memory of ``root`` and every process below it (from /proc)."""
    parents, rss = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        tree.add(pid)
        todo += [c for c, p in parents.items() if p == pid and c not in tree]
    return sum(rss.get(p, 0) for p in tree) / 2**20


def child_command(*cmd: str) -> dict:
    """Run ``cmd`` (the command a user runs), its wall time and peak memory: the largest
    single process (getrusage of the children) and the whole process tree (sampled from
    /proc every 0.2 s)."""
    started = time.perf_counter()
    proc = subprocess.Popen(list(cmd), cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    peak = [0.0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss_mb(proc.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _out, err = proc.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    result = {"seconds": seconds, "exit": proc.returncode, "command": " ".join(cmd),
              "maxrss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
              "tree_peak_mb": peak[0]}
    if proc.returncode != 0:
        result["error"] = err.decode(errors="replace").strip().splitlines()[-1:] or ["?"]
    return result


def child_load_rdflib(nq: str) -> dict:
    import rdflib

    started = time.perf_counter()
    ds = rdflib.Dataset(default_union=True)
    ds.parse(nq, format="nquads")
    return {"seconds": time.perf_counter() - started, "quads": len(ds),
            "maxrss_mb": maxrss_mb()}


# --------------------------------------------------------------------------- validation

def _key(focus, path, component, severity, value) -> list:
    """One result as compared between the engines (a multiset of these): sh:value included,
    as written (``Literal.n3``), so "1.0" and "1.00" differ as SHACL says."""
    return [str(focus), None if path is None else str(path), str(component), severity,
            None if value is None else value.n3()]


def _sorted(keys) -> list:
    return sorted(keys, key=lambda k: tuple(x or "" for x in k))


def child_validate(store_dir: str, engine: str) -> dict:
    """``validate_all`` with ``engine`` ("fast" or "pyshacl", the project's own paths), its
    results as comparable keys."""
    import pyshacl  # noqa: F401, I001 - imported before the clock on both sides

    from narcokg import validation as V

    started = time.perf_counter()
    result = V.validate_all(store_dir, engine=engine)
    seconds = time.perf_counter() - started
    keys = _sorted(_key(p.focus, p.path, p.component, p.severity, p.value)
                   for p in result.problems)
    return {"seconds": seconds, "engine": engine, "notes": list(result.notes)[:5],
            "keys": keys, "maxrss_mb": maxrss_mb()}


def child_entry(store_dir: str, example: str, engine: str, runs: str) -> dict:
    """One entry validated against the store (``validate_entries``), ``runs`` times in this
    process: the first (cold: imports, store opened) and the median."""
    t0 = time.perf_counter()
    from narcokg.loaders.sources import SourceRegistry
    from narcokg.validation import validate_entries
    imported = time.perf_counter() - t0
    registry = SourceRegistry.from_dir(Path(example).parent.parent)  # tests/examples/sources
    times, result = [], None
    for _ in range(int(runs)):
        started = time.perf_counter()
        result = validate_entries([example], store_path=store_dir, registry=registry,
                                  engine=engine)
        times.append(time.perf_counter() - started)
    return {**runs_summary(times), "engine": engine, "import_seconds": imported,
            "conforms": result.conforms, "problems": len(result.problems),
            "keys": _sorted(_key(p.focus, p.path, p.component, p.severity, p.value)
                            for p in result.problems)}


# --------------------------------------------------------------------------- queries

def bounded_queries(page: int):
    """(query, text): every competency query, a listing that says ``paged`` as its first
    page of ``page`` rows (the answer a user gets, bounded)."""
    from dataclasses import replace

    from narcokg import query as Q
    from narcokg.query_paging import page_text

    return [(replace(q, text=page_text(q.text, page, 0)) if q.paged else q)
            for q in Q.list_queries()]


def child_queries_ox(store_dir: str, runs: str, page: str) -> dict:
    import pyoxigraph as ox

    from narcokg import query as Q

    db = ox.Store.read_only(store_dir)
    out = {}
    for qdef in bounded_queries(int(page)):
        terms, times, rows = Q.bindings(qdef), [], 0
        for _ in range(int(runs)):
            r = Q.run_on_store(db, qdef, terms)
            times.append(r.seconds)
            rows = len(r.rows)
        out[qdef.id] = {**runs_summary(times), "rows": rows, "paged": qdef.paged,
                        # the header says the answer aggregates what grows with the graph
                        "bounded": qdef.bounded}
    return out


def _forked(fn, timeout: float) -> dict:
    """``fn()`` in a fork (copy-on-write of the loaded graph), killed after ``timeout``."""
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(rfd)
        try:
            msg = json.dumps(fn())
        except Exception as exc:  # noqa: BLE001 - reported, not raised
            msg = json.dumps({"error": f"{type(exc).__name__}: {exc}"[:200]})
        os.write(wfd, msg.encode())
        os._exit(0)
    os.close(wfd)
    deadline = time.monotonic() + timeout
    while not os.waitpid(pid, os.WNOHANG)[0]:
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            break
        time.sleep(0.02)
    with os.fdopen(rfd, "rb") as r:
        data = r.read()
    return json.loads(data) if data else {"timeout": timeout}


def child_queries_rdflib(nq: str, timeout: str, runs: str, page: str) -> dict:
    """The same texts as the project side, the same runs, on rdflib in memory (loaded once,
    not counted); each query's runs in one fork, killed after ``timeout`` seconds."""
    import rdflib

    from narcokg import query as Q

    started = time.perf_counter()
    ds = rdflib.Dataset(default_union=True)
    ds.parse(nq, format="nquads")
    out = {"_load_seconds": time.perf_counter() - started}
    log(f"  rdflib loaded {len(ds)} quads in {out['_load_seconds']:.1f} s")
    for qdef in bounded_queries(int(page)):
        text = Q.with_values(qdef.text, Q.bindings(qdef))

        def measure(text=text) -> dict:
            times, rows = [], 0
            for _ in range(int(runs)):
                t = time.perf_counter()
                rows = sum(1 for _ in ds.query(text))
                times.append(time.perf_counter() - t)
            return {**runs_summary(times), "rows": rows}

        out[qdef.id] = _forked(measure, float(timeout))
    return out


# --------------------------------------------------------------------------- publish

def child_publish(store_dir: str, out_dir: str) -> dict:
    """A full publish (no release before), then a republish of the unchanged store (the
    incremental path: every page linked)."""
    import shutil

    from narcokg.publication import publish

    out = Path(out_dir)  # a release is a symlink to a build folder beside it: clear both
    for old in [out, *out.parent.glob(out.name + ".build-*")]:
        if old.is_symlink() or old.is_file():
            old.unlink()
        else:
            shutil.rmtree(old, ignore_errors=True)
    laps = {}
    for name in ("full", "again"):
        started = time.perf_counter()
        summary = publish(out_dir, store=store_dir, issued="2026-01-01")
        laps[name] = {"seconds": time.perf_counter() - started, "pages": summary.pages,
                      "reused": summary.reused, "laps": summary.seconds}
    return {"seconds": laps["full"]["seconds"], "again_seconds": laps["again"]["seconds"],
            "pages": summary.pages, "reused_again": laps["again"]["reused"],
            "laps": laps["full"]["laps"], "quads": summary.quads, "maxrss_mb": maxrss_mb()}


CHILDREN = {"command": child_command, "load-rdflib": child_load_rdflib,
            "validate": child_validate, "entry": child_entry,
            "queries-ox": child_queries_ox, "queries-rdflib": child_queries_rdflib,
            "publish": child_publish}


def run_child(name: str, *args, timeout: float | None = None) -> dict:
    """Run one child; {"timeout": s} if it ran out of time, {"error": ...} if it failed."""
    cmd = [sys.executable, str(ROOT / "bench" / "run.py"), "--child", name, *map(str, args)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT,
                            start_new_session=True)
    try:
        stdout, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return {"timeout": timeout}
    if proc.returncode != 0:
        return {"error": f"exit {proc.returncode}"}
    return json.loads(stdout.strip().splitlines()[-1])

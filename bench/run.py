"""The narcokg benchmark: the project's path against the same work done plainly, both sides
measured in one run, ratios only from that run (issue 19).

    bench/run                           # sizes 100k,1m; profiles realistic and stress
    bench/run --quick                   # smoke run (10k, 50k)
    bench/run --sizes 10m               # opt-in: the 10M targets (a 100k slice beside it)
    bench/run --ofac-sdn A.csv --ofac-sdn B.csv   # the curated build with OFAC snapshots

Rows (S = the largest size, s = the smallest, per profile):

- build: ``narcokg build --include synth.nq`` end to end (a subprocess: wall time, peak
  memory of the process tree) beside ``oxigraph load`` of the same file (the engine's own
  loader: the limit) and ``oxigraph load`` + ``oxigraph optimize`` (the same work: the build
  compacts the store before it swaps it in, the engine's loader leaves that for later), the
  curated build alone, and ``rdflib.Dataset().parse`` (a baseline, up to ``--rdflib-max``
  quads).
- validate: ``validate_all`` fast vs the project's pyshacl path on s and on the curated build,
  results compared as multisets of (focus, path, component, severity, sh:value); a ratio only
  when they agree. The fast engine on S alone (time, memory).
- entry: one example entry against S, fast path vs the pyshacl path on the same entry
  context; both ``--runs`` times in one process, median and first run.
- queries: every competency query on S, a ``paged`` listing as a page of ``--page`` rows; the
  store and rdflib (loaded once, not counted) run the same texts ``--runs`` times, median.
- publish: a full publish of S, then a republish of the unchanged store (incremental).
- serve: ``bench/load_test.py`` (20 clients x 30 s, parameters varied per request).

Prints a header (date, machine, git commit, partial or not) and the table; writes
``bench/out/results-<run>.json`` and ``results.json`` (this run only, never merged).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_children import CHILDREN, log  # noqa: E402
from bench_data import RunData, git_state, machine, parse_size, size_name  # noqa: E402
from bench_phases import PHASES, compare_validation  # noqa: E402, F401 (tests import it here)
from bench_table import TARGETS, Table, header  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
VENV_PY = ROOT / ".venv" / "bin" / "python"
ALL_PHASES = ("build", "validate", "entry", "queries", "publish", "serve")
STRESS_PHASES = "build,entry,queries"


def _reexec_in_venv() -> None:
    if VENV_PY.exists() and Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
        os.execv(str(VENV_PY), [str(VENV_PY), str(Path(__file__).resolve()), *sys.argv[1:]])


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100k,1m",
                    help="synthetic sizes (smallest: full validation compared with pyshacl; "
                    "largest: the rest); 10m: the 10M targets, with a 100k slice")
    ap.add_argument("--quick", action="store_true", help="small smoke run (10k,50k)")
    ap.add_argument("--targets", choices=("auto", "default", "10m"), default="auto",
                    help="the target set (auto: 10m from 10M quads up); '--sizes 10k "
                    "--targets 10m' is a smoke run of the 10M harness")
    ap.add_argument("--profiles", default="realistic,stress")
    ap.add_argument("--phases", default=",".join(ALL_PHASES),
                    help="comma-separated subset; a subset is reported as a partial run")
    ap.add_argument("--stress-phases", default=STRESS_PHASES,
                    help="the phases run on the stress profile")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--runs", type=int, default=3, help="runs per query and entry, each side")
    ap.add_argument("--page", type=int, default=10_000, help="rows in a page of a listing")
    ap.add_argument("--ofac-sdn", action="append", default=[], metavar="FILE",
                    help="OFAC sdn.csv snapshots for the curated build (and the listings' "
                    "shape); repeatable")
    ap.add_argument("--baseline-timeout", type=float, default=None,
                    help="cap (s) on each baseline process (rdflib load, full pyshacl); "
                    "default 600, or 3600 with --sizes 10m (pyshacl on the 100k slice)")
    ap.add_argument("--query-timeout", type=float, default=30.0,
                    help="cap (s) on each rdflib query's runs")
    ap.add_argument("--rdflib-max", type=int, default=2_000_000,
                    help="quads above which the rdflib baselines are not run (memory)")
    ap.add_argument("--serve-clients", type=int, default=20)
    ap.add_argument("--serve-seconds", type=float, default=30.0)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    return ap.parse_args(argv)


def plan(args) -> dict:
    """Sizes, profiles, phases and targets of this run, and whether it is partial."""
    sizes = sorted(parse_size(s) for s in ("10k,50k" if args.quick else args.sizes).split(","))
    ten_m = args.targets == "10m" or (args.targets == "auto" and sizes[-1] >= 10_000_000)
    if sizes[-1] >= 10_000_000 and len(sizes) == 1:
        sizes = [100_000, *sizes]  # the slice whose results pyshacl must match
    profiles = [p for p in args.profiles.split(",") if p]
    phases = [p for p in args.phases.split(",") if p in ALL_PHASES]
    partial = []
    if set(phases) != set(ALL_PHASES):
        partial.append(f"phases {','.join(phases)}")
    if not ten_m and set(profiles) != {"realistic", "stress"}:
        partial.append(f"profiles {','.join(profiles)}")
    return {"sizes": sizes, "profiles": profiles, "phases": phases,
            "stress_phases": args.stress_phases.split(","),
            "target_set": "10m" if ten_m else "default",
            "partial": "; ".join(partial) or None}


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.child:
        print(json.dumps(CHILDREN[args.child[0]](*args.child[1:])))
        return 0
    p = plan(args)
    if args.baseline_timeout is None:
        args.baseline_timeout = 3600.0 if p["target_set"] == "10m" else 600.0
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    results = {"date": None, "run": None, "machine": machine(), "git": git_state(ROOT),
               "sizes": [size_name(n) for n in p["sizes"]], "profiles": p["profiles"],
               "seed": args.seed, "target_set": p["target_set"], "partial": p["partial"],
               "note": "every ratio is narcokg vs its baseline measured in this same run"}
    data = RunData(out, args, results)
    table = Table(TARGETS[p["target_set"]])
    data.prepare(p["profiles"], p["sizes"])
    for profile in p["profiles"]:
        phases = p["phases"] if profile == "realistic" else \
            [x for x in p["phases"] if x in p["stress_phases"]]
        table.section(f"profile {profile}")
        for phase in phases:
            log(f"{profile}: {phase}")
            results.setdefault(profile, {})[phase] = PHASES[phase](data, profile, table)
            data.save()
        table.note(data.describe(profile))
    data.save()
    text = header(results) + "\n\n" + table.text()
    data.write_table(text)
    print(text)
    print(f"\nresults: {data.results_path} (total {results['total_seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    _reexec_in_venv()
    sys.exit(main())

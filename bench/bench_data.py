"""The benchmark's data and bookkeeping: the curated build, the shape of the real data, the
synthetic files per profile and size (cached in ``bench/out/`` by profile, size, seed and
shape), the stores built from them, the machine and the git commit, and the results files."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench_children import log, run_child

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
NARCOKG = ROOT / ".venv" / "bin" / "narcokg"


def parse_size(text: str) -> int:
    text = text.strip().lower()
    mult = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * mult)


def size_name(n: int) -> str:
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000}m"
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def oxigraph_cli() -> str | None:
    here = Path(sys.executable).parent / "oxigraph"
    return str(here) if here.exists() else shutil.which("oxigraph")


def machine() -> dict:
    import pyoxigraph
    import pyshacl
    import rdflib

    cli, version = oxigraph_cli(), None
    if cli:
        version = subprocess.run([cli, "--version"], capture_output=True, text=True,
                                 check=False).stdout.strip()
    return {"cpus": os.cpu_count(), "platform": platform.platform(),
            "memory_gb": os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30,
            "python": platform.python_version(), "pyoxigraph": pyoxigraph.__version__,
            "pyshacl": pyshacl.__version__, "rdflib": rdflib.__version__,
            "oxigraph_cli": version, "load_at_start": os.getloadavg()}


def git_state(root: Path) -> dict:
    def git(*args) -> str:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                              check=False).stdout.strip()

    return {"commit": git("rev-parse", "--short", "HEAD") or "unknown",
            "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))}


class RunData:
    def __init__(self, out: Path, args, results: dict):
        self.out, self.args, self.results = out, args, results
        self.started = time.perf_counter()
        now = dt.datetime.now(dt.UTC)
        results["date"] = now.strftime("%Y-%m-%d %H:%M UTC")
        results["run"] = now.strftime("%Y%m%d-%H%M%S")
        self.results_path = out / f"results-{results['run']}.json"
        self.sizes: list[int] = []
        self.files: dict[tuple[str, int], Path] = {}
        self.stores: dict[tuple[str, int], Path] = {}
        self.quads: dict[tuple[str, int], int] = {}

    @property
    def small(self) -> int:
        return self.sizes[0]

    @property
    def big(self) -> int:
        return self.sizes[-1]

    def ofac(self) -> list[str]:
        """--ofac-sdn, else the snapshots ``narcokg download ofac-sdn --out sources/`` keeps
        in ./sources/; the header names them (none: the listings' shape is assumed)."""
        files = self.args.ofac_sdn or [str(f) for f in sorted(ROOT.glob("sources/sdn-*.csv"))]
        self.results["ofac_snapshots"] = files
        return [arg for f in files for arg in ("--ofac-sdn", f)]

    def build_command(self, store: Path, include: Path | None = None) -> list[str]:
        cmd = [str(NARCOKG), "build", "--store", str(store), "--quiet", *self.ofac()]
        return cmd + (["--include", str(include)] if include else [])

    def prepare(self, profiles: list[str], sizes: list[int]) -> None:
        """The curated build (timed: a row of its own), the shape JSON, the synthetic files
        and a store per profile and size (the largest is built, timed, by the build phase)."""
        self.sizes = sizes
        log("curated build (narcokg build)")
        self.base_store = self.out / "base-store"
        self.base_build = run_child("command", *self.build_command(self.base_store))
        shape = self.out / "shape.json"
        subprocess.run([sys.executable, str(BENCH / "bench_shape.py"), "--store",
                        str(self.base_store), "--out", str(shape)], check=True, cwd=ROOT)
        self.shape = json.loads(shape.read_text())
        self.results["shape"] = self.shape
        # the files are named after what makes them: the shape and the generator's code, so
        # a changed generator never reuses a file an older one wrote
        tag = hashlib.sha1(b"".join(f.read_bytes() for f in (
            shape, BENCH / "synth.py", BENCH / "synth_realistic.py"))).hexdigest()[:8]
        for profile in profiles:
            for n in sizes:
                self.files[profile, n] = self._synth(profile, n, shape, tag)
                self.stores[profile, n] = self.out / f"store-{profile}-{size_name(n)}"
            for n in sizes[:-1]:  # the largest store is the build phase's (timed) work
                self.build_store(profile, n)

    def _synth(self, profile: str, n: int, shape: Path, tag: str) -> Path:
        name = f"synth-{profile}-{size_name(n)}-s{self.args.seed}"
        path = self.out / f"{name}-{tag}.nq"
        if not path.exists():
            log(f"generating {path.name}")
            tmp = path.with_suffix(".tmp")
            subprocess.run([sys.executable, str(BENCH / "synth.py"), "--profile", profile,
                            "--shape", str(shape), "--triples", str(n), "--seed",
                            str(self.args.seed), "--out", str(tmp)], check=True, cwd=ROOT)
            tmp.rename(path)
        return path

    def build_store(self, profile: str, n: int) -> dict:
        key = (profile, n)
        done = run_child("command", *self.build_command(self.stores[key], self.files[key]))
        self.quads[key] = self.count(self.stores[key])
        return done

    @staticmethod
    def count(store: Path) -> int:
        import pyoxigraph as ox

        if not store.exists():
            return 0
        db = ox.Store.read_only(str(store))
        try:
            return len(db)
        finally:
            del db

    def dump(self, profile: str) -> Path:
        """The largest store as N-Quads, for the rdflib side (the same data, curated base
        included)."""
        import pyoxigraph as ox

        path = self.out / f"dump-{profile}-{size_name(self.big)}.nq"
        db = ox.Store.read_only(str(self.stores[profile, self.big]))
        with path.open("wb") as f:
            db.dump(f, ox.RdfFormat.N_QUADS)
        del db
        return path

    def describe(self, profile: str) -> str:
        q = self.quads.get((profile, self.big))
        return f"{size_name(self.big)}: {q:,} quads with the curated base" if q else \
            size_name(self.big)

    def save(self) -> None:
        self.results["total_seconds"] = time.perf_counter() - self.started
        text = json.dumps(self.results, indent=1, default=str) + "\n"
        self.results_path.write_text(text)
        (self.out / "results.json").write_text(text)  # the latest run, whole

    def write_table(self, text: str) -> None:
        (self.out / f"table-{self.results['run']}.txt").write_text(text + "\n")

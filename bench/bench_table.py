"""The benchmark's report: the targets (the default run's and the 10M run's, issue 19), a
verdict per row with its margin, and the printed table with its header (date, machine, git
commit, whether the run was partial)."""

from __future__ import annotations

from pathlib import Path

# (what, limit, unit, "max" = the figure must stay under the limit / "min" = reach it)
TARGETS = {
    "default": {
        "build_vs_engine": (1.3, "x", "max"), "build_memory_mb": (4096, "MB", "max"),
        "validate_ratio": (10.0, "x", "min"), "entry_seconds": (0.5, "s", "max"),
        "query_seconds": (1.0, "s", "max"), "publish_seconds": (60.0, "s", "max"),
        "serve_p95_ms": (1000.0, "ms", "max"),
    },
    "10m": {
        "build_vs_engine": (1.3, "x", "max"), "build_memory_mb": (4096, "MB", "max"),
        "validate_all_seconds": (300.0, "s", "max"), "validate_all_memory_mb": (8192, "MB", "max"),
        "entry_seconds": (0.5, "s", "max"), "query_seconds": (1.0, "s", "max"),
        "publish_seconds": (600.0, "s", "max"), "serve_p95_ms": (1000.0, "ms", "max"),
    },
}


def verdict(targets: dict, name: str, value) -> str:
    """"MET (margin)" / "MISSED by ..." / "NOT MEASURED"; "" when the run has no such target."""
    if name not in targets:
        return ""
    limit, unit, kind = targets[name]
    if value is None:
        return "NOT MEASURED"
    ok = value <= limit if kind == "max" else value >= limit
    gap = abs(value - limit)
    share = gap / limit * 100 if limit else 0
    sign = "<" if kind == "max" else ">="
    text = f"{sign} {limit:g} {unit}".replace(" x", "x")
    if ok:
        return f"{text}: MET ({share:.0f}% margin)"
    return f"{text}: MISSED by {gap:.3g} {unit} ({share:.0f}%)".replace(" x ", "x ")


def fmt_s(value) -> str:
    if value is None:
        return "-"
    return f"{value:.3f} s" if value < 1 else f"{value:.1f} s"


def side(d: dict | None) -> str:
    """A measured side: its median time, "> N s" if it was stopped, "error" if it failed."""
    if not d:
        return "-"
    if "timeout" in d:
        return f">{d['timeout']:g} s"
    if "error" in d:
        return "error"
    return fmt_s(d.get("seconds"))


def ratio(base, ours) -> float | None:
    return base / ours if base and ours else None


class Table:
    def __init__(self, targets: dict):
        self.targets, self.lines = targets, []
        self.row("measurement", "narcokg", "baseline / limit", "ratio", "target")
        self.row("-" * 60, "-" * 12, "-" * 18, "-" * 8, "-" * 10)

    def row(self, what, ours, base="-", r=None, target="") -> None:
        r_text = r if isinstance(r, str) else ("-" if r is None else f"{r:.2f}x")
        self.lines.append(f"{what[:60]:60} {ours:>12} {base:>18} {r_text:>8}  {target}")

    def section(self, text: str) -> None:
        self.lines.append(f"== {text}")

    def note(self, text: str) -> None:
        self.lines.append(f"  {text}")

    def text(self) -> str:
        return "\n".join(self.lines)


def header(results: dict) -> str:
    m = results["machine"]
    lines = [f"narcokg benchmark, {results['date']} ({results['run']})",
             f"machine: {m['cpus']} cores, {m['memory_gb']:.0f} GB, {m['platform']}; Python "
             f"{m['python']}, pyoxigraph {m['pyoxigraph']}, pyshacl {m['pyshacl']}, rdflib "
             f"{m['rdflib']}, oxigraph CLI {m.get('oxigraph_cli') or 'missing'}",
             f"code: git {results['git']['commit']}"
             f"{' (with uncommitted changes)' if results['git']['dirty'] else ''}",
             f"sizes: {results['sizes']}; profiles: {', '.join(results['profiles'])}; "
             f"seed {results['seed']}; targets: {results['target_set']}",
             "curated build with OFAC snapshots: " + (", ".join(
                 Path(f).name for f in results.get("ofac_snapshots") or []) or
                 "none (the listings' shape is assumed; see shape.json)")]
    if results.get("partial"):
        lines.append(f"PARTIAL RUN ({results['partial']}): every ratio below is from this "
                     "run; rows not run are absent, nothing is merged from an earlier run")
    load = m.get("load_at_start")
    if load and load[0] > m["cpus"] * 0.5:
        lines.append(f"WARNING: load average {load[0]:.1f} at the start on {m['cpus']} cores: "
                     "other work shared the machine, times are inflated")
    return "\n".join(lines)

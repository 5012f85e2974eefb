"""The benchmark's scripts still run against the current code (a moved helper once broke
``bench/load_test.py`` silently: nothing imported it but the script itself)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from servers import bench_module, store_from_trig  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def test_load_test_runs_against_a_real_server(tmp_path):
    store = store_from_trig(tmp_path / "store", ROOT / "tests/fixtures/queries-fixture.trig")
    out = tmp_path / "load.json"
    load_test = bench_module("load_test")
    assert load_test.main(["--clients", "2", "--seconds", "1", "--store", str(store),
                           "--out", str(out)]) == 0
    result = json.loads(out.read_text())
    assert result["all"]["requests"] > 0
    assert result["all"]["errors"] == 0, result["error_samples"]
    assert result["sparql"]["requests"] > 0 and result["page"]["requests"] > 0


# --------------------------------------------------------------------------- issue 19

SYN = "https://w3id.org/narcokg/synthetic/"


def _shape(tmp_path) -> dict:
    store = store_from_trig(tmp_path / "shape-store", ROOT / "tests/fixtures/queries-fixture.trig")
    return bench_module("bench_shape").derive(store)


def test_the_realistic_profile_is_shaped_by_the_store_and_stays_synthetic(tmp_path):
    import io

    shape = _shape(tmp_path)
    assert shape["derived"]["instruments"]["party_counts"]  # read from the store
    assert "parties" in shape["assumed"]  # what is assumed says so
    gen = bench_module("synth_realistic").generate_realistic
    states = ["BE", "NL", "CO", "MX", "PE", "BR"]
    small, big = io.StringIO(), io.StringIO()
    count, _planted = gen(3_000, 5, small, states, shape, violation_rate=0.05)
    gen(9_000, 5, big, states, shape, violation_rate=0.05)
    lines = small.getvalue().splitlines()
    assert count == len(lines) >= 3_000
    assert big.getvalue().splitlines()[:len(lines)] == lines  # a slice of the larger graph
    assert all(line.startswith(f"<{SYN}") and line.endswith(f"<{SYN}graph> .")
               for line in lines)  # its own namespace and graph: never facts


def test_verdicts_say_met_or_missed_with_the_margin():
    table = bench_module("bench_table")
    targets = table.TARGETS["10m"]
    assert table.verdict(targets, "entry_seconds", 0.25) == "< 0.5 s: MET (50% margin)"
    assert table.verdict(targets, "build_vs_engine", 1.95).startswith("< 1.3x: MISSED by 0.65")
    assert table.verdict(targets, "publish_seconds", None) == "NOT MEASURED"
    assert table.verdict(table.TARGETS["default"], "validate_ratio", 12.0).endswith("margin)")
    assert table.verdict(targets, "no-such-target", 1.0) == ""


def test_ten_million_is_opt_in_with_a_slice_and_partial_runs_say_so():
    run = bench_module("run")
    default = run.plan(run.parse_args([]))
    assert default["sizes"] == [100_000, 1_000_000] and default["target_set"] == "default"
    assert default["partial"] is None and default["profiles"] == ["realistic", "stress"]
    ten = run.plan(run.parse_args(["--sizes", "10m"]))
    assert ten["sizes"] == [100_000, 10_000_000] and ten["target_set"] == "10m"
    part = run.plan(run.parse_args(["--phases", "queries", "--profiles", "stress"]))
    assert "phases queries" in part["partial"] and "profiles stress" in part["partial"]


def test_the_load_test_varies_its_questions():
    import random

    store = store_from_trig(Path(__import__("tempfile").mkdtemp()) / "store",
                            ROOT / "tests/fixtures/queries-fixture.trig")
    questions = bench_module("load_test").Questions(store)
    rng = random.Random(3)
    texts = [questions.text(rng) for _ in range(60)]
    assert len(set(texts)) > 45  # parameters (and pages) drawn per request

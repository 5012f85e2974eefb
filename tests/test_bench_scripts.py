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

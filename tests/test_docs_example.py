"""docs/researcher_example.py runs end to end (issue 18): a fresh build into a folder of its
own, three questions answered as typed DataFrames, and a PNG chart drawn with matplotlib's
Agg backend. Run as a user would, in a separate process, from another folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
SCRIPT = Path(__file__).resolve().parent.parent / "docs" / "researcher_example.py"


def test_the_researchers_script_runs_end_to_end(tmp_path):
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    env = {k: v for k, v in os.environ.items() if k != "NARCOKG_STORE"}
    env["MPLCONFIGDIR"] = str(tmp_path / "mpl")
    done = subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path / "out")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    for number in ("1. Which treaties", "2. Which UN regions", "3. When did states"):
        assert number in out
    assert "entryIntoForce=datetime64" in out and "states=Int64" in out
    assert "date=datetime64" in out
    png = tmp_path / "out" / "participation-1988.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000
    assert (tmp_path / "out" / "store").is_dir()

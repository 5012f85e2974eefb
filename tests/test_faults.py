"""Faults: a killed build leaves the previous store whole, and the next command works."""

import os
import random
import signal
import subprocess
import sys
import time

import pyoxigraph as ox
import pytest

pytestmark = pytest.mark.slow


def narcokg(*args, **kw):
    return subprocess.Popen([sys.executable, "-m", "narcokg.cli", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)


def quad_count(path) -> int:
    store = ox.Store.read_only(str(path))
    try:
        return len(store)
    finally:
        del store


def test_sigkill_during_rebuild_leaves_the_previous_store(tmp_path):
    store = tmp_path / "store"
    first = narcokg("build", "--store", str(store), "--quiet")
    assert first.wait(timeout=300) == 0, first.stderr.read().decode()
    before = quad_count(store)
    rng = random.Random(7)
    for delay in sorted(rng.uniform(0.2, 3.0) for _ in range(4)):
        proc = narcokg("build", "--store", str(store), "--quiet")
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        assert quad_count(store) == before, f"store changed after a kill at {delay:.2f} s"
    again = narcokg("build", "--store", str(store), "--quiet")
    assert again.wait(timeout=300) == 0, again.stderr.read().decode()
    assert quad_count(store) == before
    live = store.resolve()
    leftovers = [p.name for p in tmp_path.iterdir() if ".build-" in p.name and p != live]
    assert leftovers == [], "a stale build folder was not cleaned up"


def test_a_build_that_fails_leaves_no_store_and_says_why(tmp_path):
    data = tmp_path / "data"
    (data / "sources").mkdir(parents=True)
    (data / "bad.yaml").write_text("id: treaty/x\ntype: Treaty\nsource: nowhere\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    code = ("import sys; from pathlib import Path; from narcokg.build import build; "
            f"build({str(tmp_path / 'store')!r}, data_dir=Path({str(data)!r}))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert proc.returncode != 0
    assert "unknown source 'nowhere'" in proc.stderr
    assert not (tmp_path / "store").exists()
    assert [p.name for p in tmp_path.iterdir() if ".build-" in p.name] == []

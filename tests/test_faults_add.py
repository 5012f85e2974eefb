"""Faults around `narcokg add`: a SIGKILL leaves the store as before or fully updated, a
second writer waits or fails clearly, bad input stores nothing and exits 2."""

import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pyoxigraph as ox
import pytest

from narcokg.build import build
from narcokg.store import locked

pytestmark = pytest.mark.slow

ENTRY = """id: liaison-post/test-guayaquil
type: LiaisonPost
source: https://example.org/fault-test-source
prefLabel:
  en: Test liaison post in Guayaquil
  nl: Testpost in Guayaquil
  fr: Poste test à Guayaquil
situatedIn: state/EC
prov:atLocation: port/ECGYE
sendingAuthority: org/be-federal-police
staffedBy: police-liaison-officer
establishmentStatus: proposed
"""


def quads(path):
    store = ox.Store.read_only(str(path))
    try:
        return set(store)
    finally:
        del store


def cli(*args, env=None):
    return subprocess.Popen([sys.executable, "-m", "narcokg.cli", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("faults")
    store = base / "store"
    build(store)
    entry = base / "post.yaml"
    entry.write_text(ENTRY, encoding="utf-8")
    after_store = base / "after"
    shutil.copytree(store.resolve(), after_store)
    proc = cli("add", str(entry), "--store", str(after_store))
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, (out + err).decode()
    return store, entry, quads(store), quads(after_store)


def test_sigkill_during_add_leaves_store_before_or_after(built, tmp_path):
    store, entry, before, after = built
    assert before != after
    rng = random.Random(11)
    seen = set()
    for i, delay in enumerate(sorted(rng.uniform(0.05, 2.5) for _ in range(6))):
        work = tmp_path / f"s{i}"
        shutil.copytree(store.resolve(), work)
        proc = cli("add", str(entry), "--store", str(work))
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        now = quads(work)
        assert now in (before, after), f"half-written store after a kill at {delay:.2f} s"
        seen.add("after" if now == after else "before")
        again = cli("add", str(entry), "--store", str(work))  # the next command works
        out, err = again.communicate(timeout=120)
        assert again.returncode == 0, (out + err).decode()
        assert quads(work) == after
        shutil.rmtree(work)


def test_a_second_writer_fails_clearly_when_the_store_is_busy(built, tmp_path):
    store, entry, before, _ = built
    work = tmp_path / "busy"
    shutil.copytree(store.resolve(), work)
    with locked(work, exclusive=True):
        proc = cli("add", str(entry), "--store", str(work), env={"NARCOKG_LOCK_TIMEOUT": "1"})
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    message = err.decode().strip()
    assert "locked" in message and len(message.splitlines()) == 1
    assert quads(work) == before


def test_two_writers_at_once_both_land_one_after_the_other(built, tmp_path):
    store, entry, _, after = built
    work = tmp_path / "two"
    shutil.copytree(store.resolve(), work)
    procs = [cli("add", str(entry), "--store", str(work)) for _ in range(2)]
    for proc in procs:
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, (out + err).decode()
    assert quads(work) == after


@pytest.mark.parametrize("name,content", [
    ("bad.ttl", "<http://a> <http://b> "),
    ("bad.yaml", "id: [\n"),
    ("bad.jsonld", '{"@context": "http://example.org/remote"}'),
    ("bad.rdf", '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x/>'),
])
def test_bad_input_exits_2_with_one_line_and_stores_nothing(built, tmp_path, name, content):
    store, _, before, _ = built
    work = tmp_path / "bad"
    shutil.copytree(store.resolve(), work)
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    for command in (["validate", str(path), "--store", str(work)],
                    ["add", str(path), "--store", str(work)]):
        proc = cli(*command)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 2, (out + err).decode()
        lines = err.decode().strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"narcokg: error: {path}")
    assert quads(work) == before

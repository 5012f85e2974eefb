"""narcokg serve --in-place: the engines open the store folder itself read-only, so a store
that must not be written to (a read-only folder, a store another process reads) is served
without a snapshot beside it, and stopping the server leaves the store as it was."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
from serving import FIXTURE, narcokg_server  # tests/serving.py


def _listing(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in root.rglob("*")}


def test_in_place_serves_without_writing_beside_the_store(tmp_path):
    store = tmp_path / "store"
    db = ox.Store(str(store))
    db.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    db.flush()
    del db
    before = _listing(store)
    with narcokg_server(tmp_path, "--in-place") as (base, _proc):
        assert not list(tmp_path.glob("store.serve-*"))  # no snapshot
        q = urllib.parse.quote("ASK { ?s ?p ?o }")
        with urllib.request.urlopen(f"{base}/sparql?query={q}", timeout=20) as r:
            assert json.loads(r.read())["boolean"] is True
        with urllib.request.urlopen(f"{base}/id/state/BE",
                                    timeout=20) as r:  # a page, from the store in place
            assert r.status == 200 and b"Belgium" in r.read()
    assert _listing(store) == before  # the store: nothing removed, added or touched
    assert sorted(p.name for p in tmp_path.iterdir()) == [".store.lock", "store"]

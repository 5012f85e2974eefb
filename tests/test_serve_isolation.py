"""Nothing but the front reaches an engine, and the engines die with the front (issue 13):
the engines hold no network socket at all (so no port to answer anyone on the machine),
run under a seccomp filter, and a SIGKILL of ``serve`` leaves no orphan."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from serving import children, http, inet_sockets_of, narcokg_server, running


def engines_of(pid: int) -> list[int]:
    return [c for c in children(pid)
            if b"narcokg.serving.engine" in Path(f"/proc/{c}/cmdline").read_bytes()]


def test_engines_hold_no_network_socket_and_run_sandboxed(tmp_path):
    with narcokg_server(tmp_path, "--engines", "2") as (base, proc):
        assert http(f"{base}/sparql?query=ASK%7B%7D")[0] == 200
        engines = engines_of(proc.pid)
        assert len(engines) == 3  # two for queries (--engines), one for pages
        for pid in engines:
            assert inet_sockets_of(pid) == set()
            status = Path(f"/proc/{pid}/status").read_text()
            assert "Seccomp:\t2" in status  # filter mode
        assert inet_sockets_of(proc.pid)  # the front does listen


def test_a_sigkill_of_serve_leaves_no_engine_behind(tmp_path):
    with narcokg_server(tmp_path, "--engines", "2") as (base, proc):
        slow = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . "
                "?j ?k ?l . ?m ?n0 ?o }")
        engines = engines_of(proc.pid)
        assert len(engines) == 3  # two for queries (--engines), one for pages
        import threading
        import urllib.parse
        busy = threading.Thread(target=http, daemon=True, args=(
            f"{base}/sparql?query={urllib.parse.quote(slow)}",), kwargs={"timeout": 5})
        busy.start()  # one engine is in the middle of a query when serve is killed
        time.sleep(0.5)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 10
        while any(running(pid) for pid in engines) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(running(pid) for pid in engines)

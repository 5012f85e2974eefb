"""A real ``narcokg serve`` for the endpoint tests: a store from a test fixture, the server
on a free port of 127.0.0.1 in a subprocess, a small HTTP client that never raises on a
status, and a listener that records every connection made to it (to prove that none is)."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from servers import free_port, store_from_trig

from narcokg.serving.guard import Refused
from narcokg.serving.pool import Engine

FIXTURE = Path(__file__).parent / "fixtures" / "publish-fixture.trig"


@contextmanager
def narcokg_server(root: Path, *options: str):
    """Serve a store of the publish fixture; yield (base URL, process)."""
    store = root / "store"
    if not store.exists():
        store_from_trig(store, FIXTURE)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "narcokg.cli", "serve", "--store",
                             str(store), "--port", str(port), *options],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/", timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    raise RuntimeError(f"serve did not start: {proc.communicate()[1]}") \
                        from None
                time.sleep(0.1)
        yield base, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
        proc.stderr.close()


def http(url: str, data: bytes | None = None, content_type: str | None = None,
         accept: str | None = None, timeout: float = 30):
    """(status, headers, body) of one request; an HTTP error status is an answer too."""
    headers = {k: v for k, v in (("Content-Type", content_type), ("Accept", accept)) if v}
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


class Listener:
    """A TCP listener on 127.0.0.1 that records each connection and answers it with an
    empty SPARQL JSON result (so that a call that did get through would succeed)."""

    BODY = b'{"head":{"vars":[]},"results":{"bindings":[]}}'
    ANSWER = (b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
              b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(BODY), BODY))

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits: list[bytes] = []
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.hits.append(conn.recv(4096))
                    conn.sendall(self.ANSWER)
                except OSError:
                    self.hits.append(b"")

    def close(self) -> None:
        self.running = False
        self.thread.join(5)
        self.sock.close()


async def ask_engine(location: Path, queries: list[str]) -> list[int]:
    """Statuses of ``queries`` sent straight to one engine, past the front's check."""
    engine = Engine(location)
    await engine.start()
    statuses = []
    try:
        for query in queries:
            request = {"query": query, "results": "application/sparql-results+json",
                       "graph": "text/turtle", "limit": 10}
            try:
                statuses.append((await asyncio.wait_for(engine.ask(request), 30)).status)
            except Refused as exc:
                statuses.append(exc.status)
    finally:
        await engine.close()
    return statuses


def children(pid: int) -> list[int]:
    """The child processes of ``pid`` (Linux /proc)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def running(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie waiting for its reaper does not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    state = next((line.split()[1] for line in status.splitlines()
                  if line.startswith("State:")), "X")
    return state not in ("Z", "X")


def inet_sockets_of(pid: int) -> set[str]:
    """The inodes of the TCP/UDP sockets (IPv4 or IPv6) process ``pid`` holds open."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").glob("*"):
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    inet = set()
    for table in ("tcp", "tcp6", "udp", "udp6"):
        try:
            lines = Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        inet |= {line.split()[9] for line in lines if len(line.split()) > 9}
    return inodes & inet

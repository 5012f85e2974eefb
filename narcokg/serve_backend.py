"""The process behind ``narcokg serve``: an ``oxigraph serve-read-only`` server on a free
loopback port, over a hard-linked snapshot of the store (so ``build`` and ``add`` never
write under it)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from narcokg import store as stores
from narcokg.errors import StoreError


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str:
    local = Path(sys.executable).parent / "oxigraph"
    found = str(local) if local.exists() else shutil.which("oxigraph")
    if not found:
        raise StoreError("the `oxigraph` server is not installed (pip install oxigraph)")
    return found


def snapshot(store: str | None) -> Path:
    """A hard-linked copy of the store for the backend, taken under the shared lock."""
    path = stores.store_path(store)
    real = path.resolve()
    for stale in real.parent.glob(f"{path.name}.serve-*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not stores._alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    target = real.parent / f"{path.name}.serve-{os.getpid()}"
    shutil.rmtree(target, ignore_errors=True)
    with stores.open_store(path) as db:
        db.backup(str(target))
    return target


class Backend:
    """An ``oxigraph serve-read-only`` process on a free loopback port."""

    def __init__(self, location: Path, timeout: float):
        self.location, self.timeout = location, timeout
        self.process: subprocess.Popen | None = None
        self.url = ""

    def start(self) -> None:
        port = free_port()
        self.process = subprocess.Popen(
            [oxigraph_binary(), "serve-read-only", "--location", str(self.location),
             "--bind", f"127.0.0.1:{port}", "--union-default-graph",
             "--timeout-s", str(max(1, round(self.timeout)))],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise StoreError(f"the oxigraph backend exited with {self.process.returncode}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                self.url = f"http://127.0.0.1:{port}"
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise StoreError("the oxigraph backend did not start within 15 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

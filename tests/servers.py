"""Real servers for tests: ``oxigraph_server(data_path)`` loads an RDF file into a fresh
Oxigraph store (the ``oxigraph`` PyPI package's CLI) and serves it on a random free port of
127.0.0.1 with the union of the named graphs as the default graph; it yields the query URL
and stops the server at exit. Plain module (not a conftest) so any test can import it."""

from __future__ import annotations

import importlib.util
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path


def bench_module(name: str):
    """A script of ``bench/`` (``synth``, ``load_test``) imported by path: bench/ is not a
    package."""
    path = Path(__file__).resolve().parent.parent / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def oxigraph_cli() -> str | None:
    here = Path(sys.executable).parent / "oxigraph"
    return str(here) if here.exists() else shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def store_from_trig(path: Path, trig: Path) -> Path:
    """An embedded on-disk store at ``path`` holding ``trig`` (a test fixture), with the date
    bounds a build derives (narcokg/dates.py), so date queries read it as a built store."""
    import pyoxigraph as ox

    from narcokg.dates import bound_quads

    db = ox.Store(str(path))
    db.load(path=str(trig), format=ox.RdfFormat.TRIG)
    db.extend(bound_quads(list(db)))
    db.flush()
    del db
    return path


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    probe = url + "?query=" + urllib.request.quote("ASK {}")
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"oxigraph server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(probe, timeout=1) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            time.sleep(0.1)
    raise RuntimeError(f"oxigraph server did not answer at {url} within {timeout:.0f} s")


@contextmanager
def oxigraph_server(data_path: str | Path, union_default_graph: bool = True):
    """Serve ``data_path`` (TriG, N-Quads, Turtle, ... by extension); yield the query URL."""
    cli = oxigraph_cli()
    if cli is None:
        raise RuntimeError("the oxigraph CLI is not installed (pip install oxigraph)")
    location = Path(tempfile.mkdtemp(prefix="narcokg-oxigraph-"))
    proc = None
    try:
        subprocess.run([cli, "load", "--location", str(location), "--file", str(data_path)],
                       check=True, capture_output=True, timeout=120)
        port = free_port()
        cmd = [cli, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
        if union_default_graph:
            cmd.append("--union-default-graph")
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        url = f"http://127.0.0.1:{port}/query"
        wait_until_up(url, proc)
        yield url
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
            if proc.stderr:
                proc.stderr.close()
        shutil.rmtree(location, ignore_errors=True)
